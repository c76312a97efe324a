"""HL125 noun-phrase-agreement: a subject noun phrase whose verb has the other number.

"The dogs barks loudly", "The dog are released", "Many users in Asia wants to learn",
"These includes", "people who has". The phrase opens a clause; an "of" or other
prepositional phrase, or a phrase between commas, may stand between it and the verb.
Word classes come from rules/lists/english.yaml and word-forms.txt; a word that could be
read two ways ("barks", noun or verb) is taken as the verb only where what follows fits
a verb, and a phrase whose number is unknown is left alone.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from ..engine.rule import SentenceRule
from ..grammar.clauses import Token, after_verb, clause_starts, is_adverb, is_content, is_word, noun_number, tokens, verb_number, words
from ..engine.patterns import match_case
from ..grammar.word_forms import is_plural_noun, plural_verb, singular_verb, tags

_PREPOSITIONS = frozenset("of in from with for on at about near across among between without within during under over".split())
_OBJECT_DETERMINERS = frozenset(("the", "a", "an", "his", "her", "their", "your", "my", "our", "this", "these", "those"))
_COUNTING = frozenset(("a", "an", "this", "each", "every", "another"))
_SUBJECT_PRONOUNS = frozenset(("i", "you", "we", "they", "he", "she", "it"))
_QUESTION_SUBJECTS = _OBJECT_DETERMINERS | _SUBJECT_PRONOUNS
_THERE = frozenset(("there", "there's", "here's", "there're"))
_QUANTIFIERS = frozenset(("both", "all", "many", "several", "few", "most", "some"))
_RELATIVES = frozenset(("who",))  # "which" and "that" attach too freely to be sure of


def _fix(verb: Token, wanted: str) -> str:
    fixed = plural_verb(verb.low) if wanted == "plural" else singular_verb(verb.low)
    return match_case(fixed, verb.text) if fixed else ""


def _determiner(token: Token) -> bool:
    w = words()
    return token.low in w["determiners"] or token.low.endswith("'s")


def _is_verb_word(token: Token) -> bool:
    w = words()
    return token.low in w["be_have_do"] or token.low in w["modals"] or _finite_only(token)


def _finite_only(token: Token) -> bool:
    """A verb form that cannot be a noun: it ends a noun phrase ("wants", "give")."""
    return verb_number(token) is not None and not tags(token.low) & {"NN", "NNS"}


def _verb_after(toks: list[Token], j: int, skip_infinitive: bool = False) -> int | None:
    """The index of the verb at or after ``toks[j]``, past one prepositional phrase
    ("of side effects") and one phrase between commas; None when there is none."""
    n = len(toks)
    for _ in range(3):
        if j >= n:
            return None
        if toks[j].low in _PREPOSITIONS:
            k = j + 1
            while k < n and _determiner(toks[k]):
                k += 1
            words_in = 0
            while k < n and words_in < 3 and is_content(toks[k]):
                if words_in and (_is_verb_word(toks[k]) or ("VBZ" in tags(toks[k].low) and _verb_says(toks, k))):
                    break  # "the dogs of war barks loudly": the phrase ends at the verb
                k, words_in = k + 1, words_in + 1
            if not words_in:
                return None
            j = k
            continue
        if toks[j].low == "to" and j + 1 < n and "VB" in tags(toks[j + 1].low) and skip_infinitive:
            k = j + 2  # "the list of foods to avoid are": an infinitive and its object
            while k < n and k - j <= 4 and (_determiner(toks[k]) or is_content(toks[k])) and not _is_verb_word(toks[k]):
                k += 1
            j = k
            continue
        if toks[j].text == ",":
            close = next((k for k in range(j + 1, min(n, j + 16)) if toks[k].text == ","), None)
            if close is None:
                return None
            j = close + 1
            continue
        break
    while j < n - 1 and is_adverb(toks[j]) and toks[j].low not in ("not", "there", "here"):
        j += 1  # "The results clearly show"
    return j if j < n else None


class NounPhraseAgreement(SentenceRule):
    code = "HL125"
    name = "noun-phrase-agreement"
    category = "grammar"
    severity = "warning"
    summary = "A plural subject with a singular verb, or a singular subject with a plural verb ('The results shows')."
    rationale = (
        "A verb agrees with the head of its subject, not with the nearest noun: 'The side effects "
        "of this drug are mild', 'The list of side effects is long'. healthlint reads the noun's "
        "and the verb's number from an English word-form table (NLM SPECIALIST Lexicon) and "
        "reports only where both are certain."
    )
    source = "Chicago Manual of Style 5.138-5.147; word forms: NLM SPECIALIST Lexicon and AGID via lemminflect (rules/lists/word-forms.txt)."
    pass_examples = (
        "The results show a clear benefit.",
        "The side effects of this drug are mild.",
        "The list of side effects is long.",
        "Many patients in rural areas want better care.",
        "The nurses, who are specially trained, check every dose.",
        "Blood tests show whether the kidneys work well.",
        "These include fever and chills.",
        "The staff are ready.",
        "A number of patients have asthma.",
        "Doctors who treat asthma often prescribe inhalers.",
    )
    fail_examples = (
        {"text": "The results shows a clear benefit.", "flag": "shows"},
        {"text": "The side effects of this drug is mild.", "flag": "is"},
        {"text": "The list of side effects are long.", "flag": "are"},
        {"text": "Many patients in rural areas wants better care.", "flag": "wants"},
        {"text": "The nurses, who are specially trained, checks every dose.", "flag": "checks"},
        {"text": "These includes fever and chills.", "flag": "includes"},
        {"text": "We need nurses who has experience.", "flag": "has"},
        {"text": "The doctor were late.", "flag": "were"},
    )

    def confirmed(self, doc, sentence, found):
        from .parsed_agreement import parse_clears  # with the parser extra, the parse has a second look

        return parse_clears(doc, sentence, found)

    def sentence_problems(self, text: str) -> Iterable[tuple[int, int, str, str]]:
        return problems(text)


def problems(text: str) -> Iterable[tuple[int, int, str, str]]:
    toks = tokens(text)
    w = words()
    seen: set[int] = set()
    for i in clause_starts(toks):
        found = _clause(toks, i)
        if found and found[1] not in seen:
            seen.add(found[1])
            yield found[2:]
    # Each later check starts from a word of its own; a sentence without one is passed by.
    present = {t.low for t in toks}
    later = []
    if not present.isdisjoint(_COUNTING) or not present.isdisjoint(w["plural_determiners"]):
        later += _determiner_and_noun(toks)
    if not present.isdisjoint(_THERE):
        later += _there_is(toks)
    if "of" in present and not present.isdisjoint(_QUANTIFIERS):
        later += _quantified_pronoun(toks)
    for index, message, fix in later:
        if index not in seen:
            seen.add(index)
            yield toks[index].start, toks[index].end, message, fix
    if present.isdisjoint(_RELATIVES):
        return
    for i, tok in enumerate(toks[:-1]):  # "people who has", "a doctor who have"
        if tok.low in _RELATIVES and i >= 2 and i + 1 < len(toks):
            head, verb = toks[i - 1], toks[i + 1]
            det = toks[i - 2] if toks[i - 2].low in w["determiners"] else None
            if head.low in w["number_free_heads"] or not is_content(head) or i + 1 in seen:
                continue
            if head.low in ("old", "ago"):
                continue
            before = toks[max(0, i - 6) : i - 1]
            if any(t.low in ("and", "or", ",") for t in before):
                continue  # "places and houses who": a list; the relative may belong to all of it
            if noun_number(head, det) == "singular" and any(t.low in _PREPOSITIONS for t in before):
                continue  # "people with diabetes who want": the head may be the object of the preposition
            if any(t.low == "one" for t in toks[max(0, i - 8) : i]):
                continue  # "one of those people who has": usage is divided, so leave it
            number, verb_says = noun_number(head, det), _verb_says(toks, i + 1)
            if number == "singular" and det is None:
                continue  # "adults with high blood pressure who have": the head may lie further back
            if number and verb_says and number != verb_says and head.text[:1].islower():
                seen.add(i + 1)
                yield verb.start, verb.end, f"'{head.text}' is {number}: use '{_fix(verb, number) or 'the ' + number + ' verb'}'.", _fix(verb, number)


def _determiner_and_noun(toks: list[Token]) -> Iterable[tuple[int, str, str]]:
    """"many patient", "several symptom", "this symptoms", "a patients": a determiner whose
    number the noun right after it does not share."""
    w = words()
    counted = _COUNTING | w["plural_determiners"]
    for i, tok in enumerate(toks[:-1]):
        if tok.low not in counted:
            continue
        noun = toks[i + 1]
        if not is_content(noun) or noun.low in w["number_free_heads"] or noun.start != tok.end + 1 or tok.low == "those":
            continue  # "four-fold": joined, not a determiner and its noun; "those high in fiber"
        if i + 2 < len(toks) and toks[i + 2].start == noun.end:
            continue  # "sac-like": the word goes on
        if tok.low == "both" and any(t.low == "and" for t in toks[i + 2 : i + 6]):
            continue  # "both blood and serum"
        t = tags(noun.low)
        if tok.low in w["plural_determiners"] - {"few"} and "NN" in t and not t & {"NNS", "MASS", "VBZ", "VBD", "VBN"} and _clear_noun(toks, i + 1):
            yield i + 1, f"'{tok.text}' needs a plural noun.", _plural(noun.low)
        elif tok.low in _COUNTING and "NNS" in t and not t & {"NN", "VBZ"} and _clear_noun(toks, i + 1):
            yield i + 1, f"'{tok.text}' needs a singular noun.", ""


def _there_is(toks: list[Token]) -> Iterable[tuple[int, str, str]]:
    """"There was updates", "There was no grounds": a singular "there is" before a plural
    noun phrase. (HL120 covers "there is many" and "there are a".)"""
    w = words()
    for i, tok in enumerate(toks[:-2]):
        if tok.low not in _THERE:
            continue
        before = toks[i - 1] if i else None
        if before is not None and is_word(before) and before.low not in w["subordinators"] | {"and", "but", "or", "then", "now", "also"}:
            continue  # "the expectation there is": "there" points somewhere; it does not open the clause
        j = i + 1 if tok.low == "there" else i
        if j >= len(toks):
            continue
        if toks[j].low in ("are", "were", "there're") and j + 1 < len(toks):
            noun = toks[j + 1]
            t = tags(noun.low)
            if "NN" in t and not t & {"NNS", "MASS", "VB", "VBZ"} and noun.low not in w["number_free_heads"] and j + 2 < len(toks) \
                    and (toks[j + 2].low in _PREPOSITIONS or toks[j + 2].text in (".", ",", "!", "?")):
                yield j + 1, f"'{toks[j].text}' needs a plural noun: '{_plural(noun.low) or noun.text}'.", _plural(noun.low)
            continue
        if toks[j].low not in ("is", "was", "there's", "here's", "isn't", "wasn't"):
            continue
        k = j + 1
        if k < len(toks) and toks[k].low in ("no", "some", "any", "the", "such", "more", "other"):
            k += 1
        nouns = []
        while k < len(toks) and len(nouns) < 3 and is_content(toks[k]) and not _is_verb_word(toks[k]):
            nouns.append(toks[k])
            k += 1
        if not nouns or (k < len(toks) and toks[k].low in ("of", "and", "or")):
            continue  # "there is a lot of", "there was salt and pepper": leave these to HL120
        named = [n for n in nouns if tags(n.low) & {"NN", "NNS"} and not n.low.endswith("ly")]
        if not named:
            continue
        head = named[-1]  # "there is blood tests": the last noun heads the phrase
        if k < len(toks) and toks[k].start == head.end:
            continue  # "packages/vite": a path or a code name
        if is_plural_noun(head.low) and head.low not in w["number_free_heads"]:
            verb = toks[j]
            fixed = {"there's": "there are", "here's": "here are"}.get(verb.low) or plural_verb(verb.low)
            yield j, f"'{head.text}' is plural: use '{fixed}'.", match_case(fixed, verb.text)


def _quantified_pronoun(toks: list[Token]) -> Iterable[tuple[int, str, str]]:
    """"Both of them believes", "Many of us has": a plural quantifier of a plural pronoun."""
    for i in range(len(toks) - 3):
        if toks[i].low in _QUANTIFIERS and toks[i + 1].low == "of" \
                and toks[i + 2].low in ("them", "us", "you", "these", "those") and i + 3 < len(toks):
            verb = toks[i + 3]
            if verb.low in ("is", "was", "has", "does") or ("VBZ" in tags(verb.low) and not tags(verb.low) & {"NN", "NNS"}):
                if toks[i].low in ("all", "most", "some") and verb.low in ("is", "was", "has"):
                    continue  # "all of this is", "some of them is" may count an amount
                yield i + 3, f"'{toks[i].text} of {toks[i + 2].text}' is plural: use '{_fix(verb, 'plural')}'.", _fix(verb, "plural")


def _clear_noun(toks: list[Token], i: int) -> bool:
    """The word is the noun the determiner counts, not an adjective or the first half of a
    compound ("two main types", "these treatment steps"): a verb, a preposition or the end
    of the sentence follows it."""
    following = toks[i + 1] if i + 1 < len(toks) else None
    if following is None or following.text in (".", "?", "!"):
        return True
    return _is_verb_word(following) or following.low in ("in", "of", "with", "for", "at", "on", "from")


def _plural(noun: str) -> str:
    for form in (noun + "s", noun + "es", noun[:-1] + "ies"):
        if is_plural_noun(form):
            return form
    return ""


def _verb_says(toks: list[Token], j: int) -> str | None:
    """The number the verb at ``j`` demands, when it is certainly a finite verb there."""
    verb = toks[j]
    number = verb_number(verb)
    if number is None:
        return None
    t = tags(verb.low)
    w = words()
    if verb.low in w["be_have_do"] or verb.low in w["agreeing_verbs"]:
        return number
    if is_adverb(verb) or (verb.low in w["function"] and not t & {"VBZ", "VB"}) or verb.low in w["modals"]:
        return None  # "well", "still", "can": not the verb that agrees
    if "NNS" in t or ("NN" in t and not ("VBZ" in t and verb.low.endswith("s"))) or "VBN" in t:
        # "barks" may be a noun, "show" too: only a verb when an adverb or an object follows.
        # (An -s verb form that the table also lists as a singular noun, "comes", is a verb.)
        following = toks[j + 1] if j + 1 < len(toks) else None
        if following is None or not following.text[:1].isalnum() or not after_verb(following):
            return None
        if (is_adverb(following) or following.low in _SUBJECT_PRONOUNS) and j + 2 < len(toks) and _is_verb_word(toks[j + 2]):
            return None  # "mothers also are", "factors you can control": the verb comes later
        return number
    return number


def _clause(toks: list[Token], i: int) -> tuple[int, int, int, int, str, str] | None:
    w = words()
    n = len(toks)
    if i >= n:
        return None
    opening = i
    determiner = None
    if _determiner(toks[i]):
        determiner, i = toks[i], i + 1
        if determiner.low in ("these", "those"):
            if i < n and toks[i].low in w["plural_determiners"]:
                i += 1  # "these two"
            if i < n and _finite_only(toks[i]) and _verb_says(toks, i) == "singular":
                verb = toks[i]  # "These includes": the pronoun is the subject
                return i, i, verb.start, verb.end, f"'{determiner.text}' is plural: use '{_fix(verb, 'plural')}'.", _fix(verb, "plural")
    content = []
    while i < n and len(content) < 4 and is_content(toks[i]) and not _finite_only(toks[i]):
        content.append(i)
        i += 1
    if not content:
        return None
    if any("VBG" in tags(toks[k].low) and "NN" not in tags(toks[k].low) for k in content[1:]):
        return None  # "Scientists studying depression have": a participle phrase hides the head
    if determiner is None and not (toks[opening].text[:1].isupper() or _after_subordinator(toks, opening)):
        return None
    if determiner is None and opening and toks[opening - 1].low in ("that", "which"):
        return None  # "frogs that lay eggs": after "that", only a phrase with its determiner is surely a subject
    if determiner is None and "VBG" in tags(toks[content[0]].low) and len(content) > 1:
        return None  # "Helping people is our duty": a gerund phrase is singular whatever its object
    if i < n and toks[i].low == "and":
        return _compound_subject(toks, content, i, determiner)
    if i < n and _verb_says(toks, i) is not None:
        head_index, verb_index = content[-1], i
    elif len(content) >= 2 and _dogs_barks(toks, content[-2], content[-1], determiner):
        head_index, verb_index = content[-2], content[-1]  # "The dogs barks loudly"
    elif len(content) >= 2 and _exercise_help(toks, content[-2], content[-1]):
        head_index, verb_index = content[-2], content[-1]  # "Regular exercise help your heart"
    else:
        located = _verb_after(toks, i, skip_infinitive=determiner is not None)  # "Try to eat": an imperative, not a subject
        if located is None:
            return None
        head_index, verb_index = content[-1], located
    head = toks[head_index]
    if head.low in w["number_free_heads"]:
        return None
    transitive = _exercise_help(toks, head_index, verb_index)
    if any(t.text[:1].isupper() for t in toks[opening + 1 : head_index + 1]) or _heading_run_in(toks, head_index, verb_index):
        return None  # a name or a heading run into the sentence: "The National Institutes of Health is"
    number = noun_number(head, determiner)
    says = _verb_says(toks, verb_index)
    if number is None or says is None or number == says:
        return None
    verb = toks[verb_index]
    if number == "singular" and verb.low not in w["plural_verbs"] and not transitive and not (
            determiner is not None and toks[head_index - 1] is determiner and _bare_verb_ends_clause(toks, verb_index)):
        return None  # "A fecal occult blood test": a bare verb form is too often an adjective or a noun
    if toks[-1].text == "?" and verb.low in w["be_have_do"] and verb_index + 1 < len(toks) and (
            toks[verb_index + 1].low in _QUESTION_SUBJECTS):
        return None  # "How many hours does a scientist work?": the verb opens a question, its subject follows
    fixed = _fix(verb, number)
    return head_index, verb_index, verb.start, verb.end, f"The subject '{head.text}' is {number}: use '{fixed or 'the ' + number + ' verb'}'.", fixed


def _dogs_barks(toks: list[Token], head: int, verb: int, determiner: Token | None) -> bool:
    """Whether the last word of the phrase is its verb: only a plural noun, then an -s
    form followed by an adverb or an object ("The dogs barks loudly"). Two nouns read
    as subject and verb are far more often a compound ("stem cell transplant", "bone
    scan"), so no other reading is taken."""
    following = toks[verb + 1] if verb + 1 < len(toks) else None
    if following is None or not following.text[:1].isalnum() or not after_verb(following):
        return False
    if determiner is None or head - 1 < 0:
        return False
    before = toks[head - 1]
    if before is not determiner and (not tags(before.low) or tags(before.low) & {"NNS", "VBZ"} or tags(before.low) == {"NN"}
                                     or toks[head - 2] is not determiner):
        return False  # one known modifier at most: "the black dogs barks", not "your peritoneum filters wastes"
    return is_plural_noun(toks[head].low) and "VBZ" in tags(toks[verb].low)


def _compound_subject(toks: list[Token], first: list[int], i: int, determiner: Token | None):
    """"The teacher and her students is", "Tina and her father sings": two subjects joined
    by "and" take a plural verb."""
    w = words()
    if determiner is not None and determiner.low in ("each", "every", "no"):
        return None  # "Each doctor and nurse has"
    j = i + 1
    second_determiner = toks[j] if j < len(toks) and _determiner(toks[j]) else None
    j += 1 if second_determiner else 0
    second = []
    while j < len(toks) and len(second) < 3 and is_content(toks[j]) and not _finite_only(toks[j]):
        second.append(j)
        j += 1
    if not second or j >= len(toks) or (second_determiner is not None and second_determiner.low in ("each", "every")):
        return None
    if any(t.text[:1].isupper() for t in toks[first[0] + 1 : j]):
        return None  # "The Food and Drug Administration has": a name
    heads = [toks[first[-1]], toks[second[-1]]]
    if not all(tags(h.low) & {"NN", "NNS"} or (h.text[:1].isupper() and not tags(h.low)) for h in heads):
        return None
    if determiner is None and second_determiner is None:
        return None  # "bread and butter is": a fixed pair may be one thing
    verb = toks[j]
    if verb.low not in w["singular_verbs"] and not (_finite_only(verb) and "VBZ" in tags(verb.low)):
        return None
    fixed = _fix(verb, "plural")
    return first[-1], j, verb.start, verb.end, f"'{heads[0].text} and {heads[1].text}' are two subjects: use '{fixed or 'the plural verb'}'.", fixed


def _exercise_help(toks: list[Token], head: int, verb: int) -> bool:
    """A singular noun, then a base form of one of the common transitive verbs of health
    writing (rules/lists/english.yaml agreement_verbs) and its object's determiner:
    "Regular exercise help your heart". A compound noun ("a pain help line") has no
    object determiner after it."""
    following = toks[verb + 1] if verb + 1 < len(toks) else None
    if following is None or following.low not in _OBJECT_DETERMINERS - {"a", "an", "the"}:
        return False
    t = tags(toks[head].low)
    return "NN" in t and "NNS" not in t and toks[verb].low in _agreement_verbs() and "VBZ" not in tags(toks[verb].low)


@lru_cache(maxsize=1)
def _agreement_verbs() -> frozenset[str]:
    from ..packs import word_lists

    return frozenset(word_lists("english")["agreement_verbs"])


def _bare_verb_ends_clause(toks: list[Token], j: int) -> bool:
    """"The dog eat.", "My son take the pills": a base form that can only be a verb,
    followed by the end of the sentence or by an object's determiner."""
    t = tags(toks[j].low)
    if t & {"NN", "NNS", "VBD", "VBN"} or "VB" not in t or toks[j].low in words()["prepositions"]:
        return False  # "a lump near the anus": a preposition
    following = toks[j + 1] if j + 1 < len(toks) else None
    return following is None or following.text in (".", "!", "?") or following.low in _OBJECT_DETERMINERS


def _heading_run_in(toks: list[Token], head: int, verb: int) -> bool:
    """Two capitalised words in a row between subject and verb: a name ("National
    Institutes") or a heading without its full stop ("Tests for Cataract Cataract is")."""
    return any(a.text[:1].isupper() and b.text[:1].isupper() and is_word(a) and is_word(b) for a, b in zip(toks[head + 1 : verb + 1], toks[head + 2 : verb + 1]))


def _after_subordinator(toks: list[Token], i: int) -> bool:
    return i > 0 and toks[i - 1].low in words()["subordinators"]


RULES = (NounPhraseAgreement,)
