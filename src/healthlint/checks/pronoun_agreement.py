"""HL126 pronoun-verb-agreement: "He walk", "I is", "They works", "cannot works", "Does you".

- a personal pronoun and the verb after it (an adverb may stand between);
- a modal or "do" and a verb that is not its base form ("does not has", "can works");
- a question opened by do/does/have/has whose subject has the other number ("Does you",
  "Do the man like", "Has your parents told").
Word classes come from rules/lists/english.yaml and word-forms.txt.
"""

from __future__ import annotations

from typing import Iterable

from ..engine.rule import SentenceRule
from ..grammar.clauses import Token, is_adverb, is_word, noun_number, tokens, words
from ..engine.patterns import match_case
from ..grammar.word_forms import base_form, is_plural_noun, plural_verb, singular_verb, tags, third_person

_SINGULAR_3 = frozenset(("he", "she", "it"))
_INDEFINITES = frozenset(("everybody", "everyone", "somebody", "someone", "anybody", "anyone", "nobody"))
_OTHERS = frozenset(("i", "you", "we", "they"))
_PRONOUNS = _SINGULAR_3 | _OTHERS | _INDEFINITES
_ALWAYS_SUBJECTS = frozenset(("i", "he", "she", "we", "they"))  # "it" and "you" are objects too
_QUESTION_SINGULAR = frozenset(("does", "has", "doesn't", "hasn't", "is", "was", "isn't", "wasn't"))
_QUESTION_PLURAL = frozenset(("do", "have", "don't", "haven't", "are", "aren't"))
_NEGATIVES = frozenset(("doesn't", "don't", "isn't", "aren't", "hasn't", "haven't", "wasn't", "weren't"))
_WH = frozenset(("what", "where", "when", "why", "how", "who", "which"))


class PronounAgreement(SentenceRule):
    code = "HL126"
    name = "pronoun-verb-agreement"
    category = "grammar"
    severity = "warning"
    summary = "A verb that does not fit its pronoun or auxiliary ('He take', 'They takes', 'does not takes')."
    rationale = (
        "'He takes', 'they take', 'I am', 'does not take': the verb's form follows its subject "
        "and any auxiliary before it. Checked only where the pronoun must be the subject."
    )
    source = "Chicago Manual of Style 5.138-5.147; word forms: NLM SPECIALIST Lexicon and AGID via lemminflect (rules/lists/word-forms.txt)."
    pass_examples = (
        "He takes his medicine every morning.",
        "They take their medicine every morning.",
        "Does she have a fever?",
        "Make it work for you.",
        "It is important that he take the full course.",
        "If I were you, I would call the doctor.",
        "Type I diabetes is an autoimmune disease.",
        "The medicine does not cause drowsiness.",
        "I am tired, and they are too.",
        "Do your parents know?",
    )
    fail_examples = (
        {"text": "He take his medicine every morning.", "flag": "take"},
        {"text": "They takes their medicine every morning.", "flag": "takes"},
        {"text": "I is tired.", "flag": "is"},
        {"text": "The medicine does not causes drowsiness.", "flag": "causes"},
        {"text": "Does you have a fever?", "flag": "Does"},
        {"text": "Do the patient need a referral?", "flag": "Do"},
        {"text": "Does the pain spreads to your arm?", "flag": "spreads"},
        {"text": "We was told to wait.", "flag": "was"},
    )


    def sentence_problems(self, text: str) -> Iterable[tuple[int, int, str, str]]:
        return problems(text)


def problems(text: str) -> Iterable[tuple[int, int, str, str]]:
    toks = tokens(text)
    flagged: set[int] = set()
    for found in (*_after_pronouns(toks), *_after_auxiliaries(toks), *_questions(toks), *_wh_subject(toks)):
        index, message, fix = found
        if index not in flagged:
            flagged.add(index)
            yield toks[index].start, toks[index].end, message, fix


def _clause_start(toks: list[Token], i: int) -> bool:
    if i == 0 or all(not is_word(t) for t in toks[:i]):
        return True
    before = toks[i - 1].low
    return before in words()["subordinators"] or before in ("and", "but", "so", "or", ",", ";", ":", "then")


def _next_verb(toks: list[Token], i: int) -> int | None:
    """The word after ``toks[i]``, past up to two adverbs ("They always works")."""
    j = i + 1
    while j < len(toks) and j - i <= 3 and is_adverb(toks[j]) and toks[j].low != "not":
        j += 1
    return j if j < len(toks) and is_word(toks[j]) else None


def _after_pronouns(toks: list[Token]):
    w = words()
    for i, tok in enumerate(toks):
        pronoun = tok.low
        if pronoun not in _PRONOUNS:
            continue
        if pronoun == "i" and (tok.text != "I" or (i and toks[i - 1].low in w["numeral_contexts"])):
            continue  # "type I diabetes", "phase I trial"
        if pronoun not in _ALWAYS_SUBJECTS and not _clause_start(toks, i):
            continue  # "make it work", "help you sleep"
        if i and (toks[i - 1].low in w["be_have_do"] or toks[i - 1].low in w["modals"]):
            continue  # "does he have", "can it spread": a question's subject
        if i and toks[i - 1].low in w["subjunctive_triggers"]:
            continue  # "that he take", "if I were"
        j = _next_verb(toks, i + 1 if i + 1 < len(toks) and toks[i + 1].low == "else" else i)
        if j is None:
            continue
        verb, t = toks[j].low, tags(toks[j].low)
        if verb in w["prepositions"] - {"like"} or not t and verb not in _NEGATIVES:
            continue  # "everyone over 60": a preposition, not a verb
        following = toks[j + 1] if j + 1 < len(toks) else None
        sure_verb = following is None or following.text[:1].isalnum() and (
            following.low in w["after_verb"] or following.low in w["prepositions"] or is_adverb(following))
        surely_subject = pronoun in ("i", "he", "she", "we") or (pronoun == "it" and i == 0)
        if t & {"NN", "NNS"} and verb not in w["be_have_do"] and not (surely_subject or sure_verb):
            continue  # "anyone interested", "you guys", "they purchases": the word may not be the verb
        if i and toks[i - 1].low in ("and", "or", "nor"):
            continue  # "you and I are": a compound subject
        if pronoun == "i":
            if verb in ("is", "are", "isn't", "doesn't", "hasn't") or "VBZ" in t:
                fix = {"is": "am", "are": "am", "isn't": "am not", "doesn't": "don't", "hasn't": "haven't"}.get(verb) or base_form(verb)
                yield j, f"'I' takes '{fix or 'the base form'}'.", match_case(fix, toks[j].text) if fix else ""
        elif pronoun in _OTHERS:
            if verb in ("is", "am", "was", "isn't", "wasn't", "doesn't", "hasn't") or "VBZ" in t:
                fix = "are" if verb == "am" else plural_verb(verb)
                yield j, f"'{tok.text}' takes '{fix or 'the plural form'}'.", match_case(fix, toks[j].text) if fix else ""
        else:
            if verb in ("are", "am", "have", "do", "don't", "haven't", "aren't") or (verb == "were" and _clause_start(toks, i)) \
                    or ("VB" in t and "VBD" not in t and verb not in w["modals"] and verb not in ("need", "dare", "be")):
                fix = "is" if verb == "am" else singular_verb(verb)
                yield j, f"'{tok.text}' takes '{fix or 'the -s form'}'.", match_case(fix, toks[j].text) if fix else ""


def _wh_subject(toks: list[Token]):
    """"Who want to go?", "What happen in Vegas": who or what as the subject takes the -s form."""
    w = words()
    if len(toks) < 3 or toks[0].low not in ("who", "what"):
        return
    verb, following = toks[1], toks[2]
    t = tags(verb.low)
    if following.low == "of" or "NN" in t and following.low != "to":
        return  # "What time of day", "What make of computer": a noun after "what"
    if "VB" in t and not t & {"VBD", "VBZ", "NNS"} and verb.low not in w["be_have_do"] and verb.low not in w["modals"] \
            and (following.low in w["prepositions"] or following.low in w["after_verb"] - {"you", "it", "this", "these", "those"}):
        fix = third_person(verb.low)
        yield 1, f"'{toks[0].text}' takes the -s form: '{fix or verb.text}'.", fix


def _after_auxiliaries(toks: list[Token]):
    """A modal or "do" takes the base form: "does not has", "cannot works"."""
    w = words()
    for i, tok in enumerate(toks):
        if tok.low not in w["modals"] or (i and toks[i - 1].low in w["any_determiners"] | w["singular_determiners"]):
            continue  # "a can of", "the will"
        j = i + 1
        while j < len(toks) and j - i <= 3 and (toks[j].low == "not" or is_adverb(toks[j])):
            j += 1
        if j >= len(toks) or not is_word(toks[j]):
            continue
        verb, t = toks[j].low, tags(toks[j].low)
        negated = any(x.low == "not" for x in toks[i + 1 : j]) or tok.low.endswith("n't") or tok.low == "cannot"
        could_be_object = "NNS" in t and tok.low in ("do", "does", "did") and not negated  # "do exercises"
        if "VBZ" in t and "VB" not in t and not could_be_object or verb in ("has", "is", "was"):
            fix = base_form(verb) if verb not in ("is", "was") else "be"
            yield j, f"After '{tok.text}', use the base form '{fix or 'of the verb'}'.", fix


def _questions(toks: list[Token]):
    """Does/Do/Has/Have opening a question: its subject, and the verb after the subject."""
    w = words()
    first = next((i for i, t in enumerate(toks) if is_word(t)), None)
    if first is None:
        return
    i = first + 1 if toks[first].low in _WH | {"but", "and", "so", "then"} else first
    if i >= len(toks) or not toks[-1].text == "?":
        return
    aux = toks[i]
    if aux.low not in _QUESTION_SINGULAR | _QUESTION_PLURAL:
        return
    wanted = "singular" if aux.low in _QUESTION_SINGULAR else "plural"
    j = i + 1
    if j >= len(toks):
        return
    subject = toks[j]
    number = None
    if aux.low in ("is", "isn't") and subject.low == "i" or aux.low in ("are", "aren't") and subject.low == "i":
        yield i, f"'I' takes 'am': use '{match_case('am', aux.text)}'.", match_case("am", aux.text)
        return
    if subject.low == "i" and aux.low in ("was", "wasn't"):
        return  # "Was I right?"
    if subject.low in _SINGULAR_3:
        number = "singular"
    elif subject.low in _OTHERS:
        number = "plural"
    else:
        determiner = None
        if subject.low in w["determiners"]:
            determiner, j = subject, j + 1
        if j < len(toks) and is_word(toks[j]):
            head = toks[j]
            if j + 1 < len(toks) and tags(toks[j + 1].low) & {"NN", "NNS"} and not tags(toks[j + 1].low) & {"VB", "VBZ", "VBN", "VBD"}:
                head, j = toks[j + 1], j + 1  # "Does memory usage": the last noun heads the phrase
            if head.low not in w["number_free_heads"] and (determiner is not None or is_plural_noun(head.low)) \
                    and _phrase_ends(toks, j + 1, aux.low.startswith(("do", "did", "ha"))):
                number = noun_number(head, determiner)
                subject = head
    if number and number != wanted:
        fix = plural_verb(aux.low) if number == "plural" else singular_verb(aux.low)
        yield i, f"The subject '{subject.text}' is {number}: use '{match_case(fix, aux.text)}'.", match_case(fix, aux.text)
        return
    # "Does the pain spreads", "Do you tried": after do and its subject, the base form.
    if aux.low.startswith(("do", "did")):
        for k in range(j + 1, min(len(toks), j + 3)):
            verb, t = toks[k].low, tags(toks[k].low)
            if toks[k].text[:1].isupper():
                break  # "Does Lincoln Mills suggest": a name
            if ("VBZ" in t and "VB" not in t) or verb in ("has", "is") or ("VBD" in t and "VB" not in t and not t & {"NN"}):
                fix = base_form(verb) or ""
                yield k, f"After '{aux.text}', use the base form '{fix or 'of the verb'}'.", fix
                break
            if not tags(verb) & {"NN", "NNS"} and toks[k].low not in w["any_determiners"]:
                break


def _phrase_ends(toks: list[Token], k: int, verb_follows: bool) -> bool:
    """Whether the subject's noun phrase ends before ``toks[k]``: the sentence or a clause
    ends, or (after do and have) a verb form follows, or (after be) a participle."""
    if k >= len(toks):
        return True
    t, w = tags(toks[k].low), words()
    if toks[k].low in ("and", "or"):
        return False  # "Are your feet or ankles swollen": two subjects
    if not is_word(toks[k]) or toks[k].low in w["function"] or is_adverb(toks[k]):
        return True
    if verb_follows:
        return bool(t & {"VB", "VBN", "VBD"})
    return bool(t & {"VBN", "VBG"}) and "NN" not in t


RULES = (PronounAgreement,)
