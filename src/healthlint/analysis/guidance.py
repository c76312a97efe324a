"""Advice that contradicts public-health guidance, read by structure.

Each entry of rules/lists/guidance.yaml describes contradicting advice as an *object* (what
the advice is about: antibiotics, honey, your head), an *action* done with it or by it
(take, give, tilt; for a judgement, "safe" or "fine") and *conditions*, groups of cue
words that must each be present in the sentence (a cold; a baby; a nosebleed and "back").
A sentence matches an entry when its object and action stand close together in one
clause (with the dependency parse, when the ``parser`` extra is installed: linked in the
tree, with no clause boundary between them) and every condition group is present.

The same words make correct guidance when the advice is negated ("never give aspirin to
children", "antibiotics do not work on colds", "avoid..."), called a myth or someone's
belief, asked as a question, or said of the situation where it is right (an entry's
``exceptions``: "bacterial" beside antibiotics). With the parse, a negation counts when
it hangs on the advice's own clause ("if you do not have a fever, give aspirin" still
contradicts); without it, any negator in the part of the sentence around the advice
(between ';', 'but', 'although'...) counts, which errs towards staying quiet.

Words are matched with their inflections, generated from the entry's lemmas and kept
only where rules/lists/word-forms.txt knows the form ("tilt" -> "tilts", "tilting",
"tilted"); the few irregular verbs are listed below.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from ..engine.word_screen import ScreenedPattern, key_words
from ..grammar.clauses import Token, tokens
from ..grammar.word_forms import tags
from ..packs import word_lists

# Irregular verb forms the lemmas of the pack need (English morphology, not cue words).
_IRREGULAR = {
    "give": ("gave", "given"), "take": ("took", "taken"), "get": ("got", "gotten"), "make": ("made",),
    "feed": ("fed",), "hold": ("held",), "lay": ("laid",), "lie": ("lay", "lain", "lying"), "put": ("put",),
    "cut": ("cut",), "lead": ("led",), "throw": ("threw", "thrown"), "draw": ("drew", "drawn"), "sleep": ("slept",),
    "forget": ("forgot", "forgotten"), "fight": ("fought",), "beat": ("beaten",), "stick": ("stuck",), "spread": ("spread",),
    "tie": ("tied", "tying"), "dip": ("dipped", "dipping"), "pin": ("pinned", "pinning"), "rub": ("rubbed", "rubbing"),
    "tip": ("tipped", "tipping"), "dab": ("dabbed", "dabbing"),
}
# Where the part of a sentence that a negation can reach ends, without the parse.
_CUTS = frozenset("but however although though whereas yet while instead rather so because since otherwise".split())
# Dependency labels that start a clause of their own: a negation across one does not reach.
_CLAUSE_DEPS = frozenset("advcl ccomp relcl csubj parataxis acl".split())
# A verb's complement clause ("make him vomit", "know that vaccines cause...") stays linked to it.
_LINK_BREAKS = _CLAUSE_DEPS - {"ccomp"}


def _forms(lemma: str) -> set[str]:
    """``lemma`` and the inflections of it that the word-forms table knows."""
    lemma = lemma.lower()
    out = {lemma, *_IRREGULAR.get(lemma, ())}
    if " " in lemma or not lemma.isalpha():
        if " " in lemma:  # a phrase: inflect its last word ("cough syrup" -> "cough syrups")
            head, last = lemma.rsplit(" ", 1)
            out |= {f"{head} {form}" for form in _forms(last)}
        return out
    stem_e = lemma[:-1] if lemma.endswith("e") else lemma
    doubled = lemma + lemma[-1] if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", lemma) else lemma
    candidates = {
        lemma + "s", lemma + "es", lemma[:-1] + "ies",  # plural noun or -s verb
        stem_e + "ing", doubled + "ing",
        stem_e + "ed", lemma + "d", doubled + "ed", lemma[:-1] + "ied",
    }
    out |= {form for form in candidates if tags(form)}
    return out


def _phrase_pattern(terms) -> ScreenedPattern | None:
    """One case-insensitive whole-phrase pattern for the terms and their forms, behind a
    test of its key words: most sentences hold none of an entry's words, and a set test
    answers them without running the pattern (22 entries x every sentence of a site)."""
    forms: set[str] = set()
    for term in terms or ():
        forms |= _forms(str(term))
    if not forms:
        return None
    items = [re.escape(f) for f in sorted(forms, key=len, reverse=True)]
    pattern = re.compile(r"(?<![\w'’-])(?:" + "|".join(items) + r")(?![\w'’-])", re.I)
    return ScreenedPattern(pattern, key_words(items))


@dataclass(frozen=True)
class Entry:
    id: str
    objects: re.Pattern
    actions: re.Pattern
    conditions: tuple[re.Pattern, ...]
    exceptions: re.Pattern | None
    guidance: str
    source: str
    url: str
    licence: str


@dataclass(frozen=True)
class Contradiction:
    entry: Entry
    start: int  # offsets in the sentence: from the first to the last of action and object
    end: int


@lru_cache(maxsize=1)
def entries() -> tuple[Entry, ...]:
    out = []
    for item in word_lists("guidance")["entries"]:
        out.append(Entry(
            str(item["id"]), _phrase_pattern(item["objects"]), _phrase_pattern(item["actions"]),
            tuple(_phrase_pattern(group) for group in item.get("conditions") or ()),
            _phrase_pattern(item.get("exceptions")), str(item["guidance"]), str(item["source"]),
            str(item["url"]), str(item["licence"]),
        ))
    return tuple(out)


@lru_cache(maxsize=1)
def _frames() -> tuple[frozenset[str], re.Pattern, re.Pattern, frozenset[str]]:
    lists = word_lists("guidance")
    negators = frozenset(str(w).lower() for w in lists["negators"]) | {"not", "no", "never", "cannot"}
    verbs = frozenset(str(w).lower() for w in lists["negating_verbs"])
    debunking = _phrase_pattern(lists["debunking"])
    screen = _phrase_pattern([term for item in lists["entries"] for term in item["objects"]])
    return negators, debunking, screen, verbs


def _negator(tok_low: str, negators: frozenset[str]) -> bool:
    return tok_low in negators or tok_low.endswith("n't")


def _token_at(toks: list[Token], offset: int) -> int:
    """The index of the token holding ``offset`` (-1 if none), by bisection: a long
    sentence may hold many candidate words."""
    i = bisect_right(toks, offset, key=lambda t: t.start) - 1
    return i if i >= 0 and toks[i].start <= offset < toks[i].end else -1


def contradictions(text: str, parse=None, negation: bool = True) -> list[Contradiction]:
    """The guidance entries ``text`` (one sentence) contradicts. ``parse`` is the sentence's
    dependency parse (analysis.parse.Parse) when the parser is installed. ``negation=False``
    finds the advice whether or not it is negated (which sentences are worth parsing)."""
    negators, debunking, screen, verbs = _frames()
    if not screen.search(text) or text.rstrip(" \"'”’)").endswith("?"):
        return []
    if debunking.search(text):
        return []  # "it is a myth that...", "some people believe..."
    if _ASK_FIRST.search(text):
        return []  # "Ask your pharmacist before you give aspirin to a child": the advice is to check first
    toks = tokens(text)
    found = []
    for entry in entries():
        objects = [m for m in entry.objects.finditer(text)]
        if objects:
            # A pronoun after the object stands for it: "skip the flu shot, because it gives you the flu".
            objects += [m for m in _PRONOUNS.finditer(text, objects[0].end())]
        if not objects or not all(group.search(text) for group in entry.conditions):
            continue
        if entry.exceptions is not None and entry.exceptions.search(text):
            continue
        actions = [m for m in entry.actions.finditer(text)]
        pair = _closest(toks, objects, actions, parse)
        if pair is None:
            continue
        obj, act = pair
        lo, hi = _segment(toks, _token_at(toks, act.start()))
        stretch = text[toks[lo].start : toks[hi].end]
        if not all(group.search(stretch) for group in entry.conditions):
            continue  # the situation is named in another part of the sentence
        if _hypothetical(toks, lo, _token_at(toks, act.start()), parse, act.start()):
            continue  # "...might come back if your child stops taking the antibiotic early"
        if negation and _negated(text, toks, obj, act, negators, verbs, parse):
            continue
        if negation and parse is not None and parse.parsed and _situation_negated(parse, text, entry, obj.start(), act.start(), negators):
            continue  # "thaw it in the fridge, not in the microwave"
        found.append(Contradiction(entry, min(obj.start(), act.start()), max(obj.end(), act.end())))
    return found


_ASK_FIRST = re.compile(r"(?<![\w'’-])(?:ask|check with|consult|talk (?:to|with)|speak (?:to|with)|call)\b[^.;]{0,80}?\bbefore\b", re.I)
_PRONOUNS = re.compile(r"(?<![\w'’-])(?:it|they|them)(?![\w'’-])", re.I)
_WINDOW = 7  # tokens between the action and its object, without the parse


def _closest(toks, objects, actions, parse):
    best = None
    placed = sorted(((_token_at(toks, act.start()), n) for n, act in enumerate(actions)), key=lambda p: p[0])
    indexes = [p[0] for p in placed]
    for obj in objects:
        i = _token_at(toks, obj.start())
        if i < 0:
            continue
        # Only the actions within the window of this object: linear in the sentence.
        for j, n in placed[bisect_left(indexes, i - _WINDOW) : bisect_right(indexes, i + _WINDOW)]:
            act = actions[n]
            if obj.start() == act.start() or j < 0:
                continue
            lo, hi = sorted((i, j))
            if any(t.text in (";", ":") or t.low in _CUTS for t in toks[lo:hi]):
                continue
            distance = hi - lo
            if distance > _WINDOW:
                continue
            if _PRONOUNS.fullmatch(obj.group(0)):
                distance += 3  # the object's own word, when it is near enough, before a pronoun
            if parse is not None and parse.parsed and not _linked(parse, obj.start(), act.start()):
                continue
            if best is None or distance < best[0]:
                best = (distance, obj, act)
    return None if best is None else best[1:]


def _word_at(parse, offset: int) -> int:
    words = parse.words
    i = bisect_right(words, offset, key=lambda w: w.start) - 1
    return i if i >= 0 and words[i].start <= offset < words[i].end else -1


def _path_up(parse, i: int) -> list[int]:
    """``i`` and its heads up to the root."""
    path = [i]
    while parse.words[path[-1]].head != path[-1] and len(path) <= len(parse.words):
        path.append(parse.words[path[-1]].head)
    return path


def _linked(parse, a_offset: int, b_offset: int) -> bool:
    """Whether two words are in one clause of the tree: the path between them through their
    lowest common head crosses no clause boundary (a subordinate or relative clause)."""
    a, b = _word_at(parse, a_offset), _word_at(parse, b_offset)
    if a < 0 or b < 0:
        return True  # the tokenizers disagree: trust the window
    up_a, up_b = _path_up(parse, a), _path_up(parse, b)
    common = next((k for k in up_a if k in up_b), None)
    if common is None:
        return False
    for path in (up_a, up_b):
        for k in path[: path.index(common)]:
            if parse.words[k].dep in _LINK_BREAKS:
                return False
    return True


def _segment(toks: list[Token], i: int) -> tuple[int, int]:
    """The stretch of the sentence around token ``i`` between cuts (';', 'but', 'so'...)."""
    lo = hi = i
    while lo > 0 and not (toks[lo - 1].text in (";", ":") or toks[lo - 1].low in _CUTS):
        lo -= 1
    while hi + 1 < len(toks) and not (toks[hi + 1].text in (";", ":") or toks[hi + 1].low in _CUTS):
        hi += 1
    return lo, hi


_HYPOTHESIS = frozenset(("if", "unless", "whether"))


def _hypothetical(toks, lo: int, action: int, parse, act_offset: int) -> bool:
    """The action is inside an if-clause: a supposition, not advice ("if you take two...")."""
    if parse is not None and parse.parsed:
        k = _word_at(parse, act_offset)
        for step in _path_up(parse, k) if k >= 0 else ():
            word = parse.words[step]
            if word.dep in _CLAUSE_DEPS:
                return word.dep == "advcl" and any(c.low in _HYPOTHESIS for c in parse.children(step, "mark"))
        return False
    for t in reversed(toks[lo:action]):
        if t.text == ",":
            return False
        if t.low in _HYPOTHESIS:
            return True
    return False


def _negated(text, toks, obj, act, negators, verbs, parse) -> bool:
    action_token = _token_at(toks, act.start())
    if parse is not None and parse.parsed:
        return _negated_in_tree(parse, obj.start(), act.start(), negators | verbs)
    # Without the parse: any negator in the stretch of the sentence around the advice.
    lo, hi = _segment(toks, action_token)
    first = min(action_token, _token_at(toks, obj.start()))
    return any(k != action_token and (_negator(t.low, negators) or (k < first and t.low in verbs))
               for k, t in enumerate(toks[lo : hi + 1], lo))


def _situation_negated(parse, text: str, entry: Entry, obj_offset: int, act_offset: int, negators: frozenset[str]) -> bool:
    """A negation on the phrase that names the situation, where it joins the advice."""
    joined = set()
    for offset in (obj_offset, act_offset):
        k = _word_at(parse, offset)
        if k >= 0:
            joined |= set(_path_up(parse, k))
    for group in entry.conditions:
        for match in group.finditer(text):
            k = _word_at(parse, match.start())
            if k < 0:
                continue
            path = []
            for step in _path_up(parse, k):
                if step in joined:
                    break
                path.append(parse.words[step])
            if any(word.dep in _CLAUSE_DEPS for word in path):
                continue  # named in a clause of its own: "...so they do not swallow their tongue"
            if any(_negator(w.low, negators) or any(c.dep == "neg" or _negator(c.low, negators) for c in parse.children(w.i)) for w in path):
                return True
    return False


def _negated_in_tree(parse, obj_offset: int, act_offset: int, negators: frozenset[str]) -> bool:
    """A negation on the advice's own clause: a negator hanging on the action, the object or
    a head of theirs up to where their clause starts; or a negating head above it ("avoid
    giving", "stop putting")."""
    act, obj = _word_at(parse, act_offset), _word_at(parse, obj_offset)
    if act < 0 or obj < 0:
        return False
    spine: list[int] = []
    for start in (act, obj):
        path = _path_up(parse, start)
        for n, k in enumerate(path):
            if k not in spine:
                spine.append(k)
            if parse.words[k].dep in _CLAUSE_DEPS:
                if parse.words[k].dep == "csubj" and n + 1 < len(path):
                    spine.append(path[n + 1])  # the advice as subject: "peeing on it does not help"
                break
    for k in spine:
        word = parse.words[k]
        if k != act and _negator(word.low, negators):
            return True  # "avoid giving", "never" as the head's own word
        for child in parse.children(k):
            if child.i == act:
                continue
            if child.dep in ("neg", "preconj") or _negator(child.low, negators) and child.dep not in _CLAUSE_DEPS:
                return True
            if child.dep in ("det", "advmod", "prep") and _negator(child.low, negators):
                return True
    return False
