"""HL120 subject-verb-agreement: the patterns the engines miss most in health writing.

- A singular or mass noun opening a sentence, then a bare verb: "Exercise give your
  muscles strength", "Smoking raise your risk".
- A verb separated from its singular head by an "of" phrase: "The risk of complications
  rise with age", "The number of cases are growing".
- Indefinite and distributive subjects: "Each of the patients have", "Everyone need".
- "There is/are" against the noun that follows: "There is many ways", "There are a risk".
- Compound subjects: "Diet and exercise is important".

Word lists are in rules/lists/english.yaml. Sentences are checked one at a time, and only
where the subject is unambiguous, so imperatives ("Exercise daily") are left alone.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..engine.patterns import inflect
from ..engine.rule import SentenceRule
from ..grammar.word_forms import plural_verb as word_forms_plural, singular_verb, tags
from ..packs import word_lists

_DET = r"(?:the|a|an|this|that|your|my|our|his|her|its|their|each|every|one|no)"
_THERE_IS_MANY = re.compile(r"((?:\bthere|^here)(?:\s+(?:is|was)|['’]s))\s+(many|several|two|three|four|five|\d+|numerous|various|a\s+few)\b", re.I)
_THERE_ARE_ONE = re.compile(r"\b(there(?:\s+(?:are|were)|['’]re))\s+(a|an|one(?!\s+or\s+more)|this|that)\s+(?!few\b|lot\b|number\b|variety\b|couple\b|range\b|host\b|series\b|total\b|handful\b|bunch\b|group\b)", re.I)
# What follows a transitive verb: "Exercise give your muscles...", "Smoking raise the risk...".
_OBJECT_START = re.compile(r"\s+(?:your|you|the|a|an|more|less|some|many|people|them|it|us|him|her|their|our|my|this|these|those)\b", re.I)


@lru_cache(maxsize=1)
def _lists():
    lists = word_lists("english")
    verbs = frozenset(lists["agreement_verbs"])
    return verbs, frozenset(lists["irregular_plurals"]), frozenset(lists["singular_s_nouns"]), frozenset(lists["not_nouns"]), frozenset(lists["singular_indefinites"])


@lru_cache(maxsize=1)
def _verb_patterns() -> tuple[re.Pattern, re.Pattern]:
    """"The risk of complications rise" and "Each of the patients have": built from the
    verb list once, not per sentence."""
    plural_forms = "are|were|have|do|" + "|".join(sorted(_lists()[0]))
    of_phrase = re.compile(rf"^[\"“]?{_DET}\s+(?:[a-z]+\s+)?([a-z]+)\s+of(?:\s+(?!for\b|in\b|to\b|with\b|that\b|who\b|which\b|used\b|there\b)[\w'-]+){{1,3}}?\s+({plural_forms})\b", re.I)
    indefinite = re.compile(rf"\b(each|every\s?one|everybody|everything|someone|somebody|anyone|anybody|no\s?one|nobody|either|neither)(?:\s+of(?:\s+[\w'-]+){{1,3}}?)?\s+({plural_forms})\b", re.I)
    return of_phrase, indefinite


def singular_noun(word: str) -> bool:
    _, plurals, singular_s, not_nouns, _ = _lists()
    w = word.lower()
    if w in plurals or w in not_nouns or not w.isalpha():
        return False
    if w in singular_s:
        return True
    return not w.endswith("s") or w.endswith(("ss", "us", "is"))


def third_person(verb: str) -> str:
    return singular_verb(verb.lower()) or inflect(verb.lower(), "s")


def plural_verb(verb: str) -> str:
    return word_forms_plural(verb.lower()) or verb


class SubjectVerbAgreement(SentenceRule):
    code = "HL120"
    name = "subject-verb-agreement"
    category = "grammar"
    severity = "warning"
    summary = "The verb does not agree with its subject ('Exercise give', 'The risk of complications rise')."
    rationale = (
        "A singular subject takes a singular verb: 'Exercise gives', 'The risk of complications "
        "rises', 'Each of the patients has', 'There are many ways', 'Diet and exercise are'. "
        "Agreement errors are the ones grammar engines miss most often in health writing, "
        "especially when a phrase separates subject and verb."
    )
    source = "Federal Plain Language Guidelines; Chicago Manual of Style 5.138-5.147 (agreement of subject and verb)."
    pass_examples = (
        "Exercise gives your muscles strength.",
        "Exercise daily to keep your muscles strong.",
        "The risk of complications rises with age.",
        "People give blood every day.",
        "Each of the patients has a plan.",
        "There are many ways to stay active.",
        "Diet and exercise are important.",
        "Stretch your legs, then walk.",
        "The length of time you have had the problem affects the treatment.",  # 'you' is the verb's subject
    )
    fail_examples = (
        {"text": "Exercise give your muscles strength.", "flag": "Exercise give"},
        {"text": "The risk of complications rise with age.", "flag": "rise"},
        {"text": "Each of the patients have a plan.", "flag": "have"},
        {"text": "There is many ways to stay active.", "flag": "There is many"},
        {"text": "Diet and exercise is important.", "flag": "is"},
        "Smoking raise your risk of cancer.",
        "Everyone need a flu shot.",
    )


    def confirmed(self, doc, sentence, found):
        from .parsed_agreement import parse_clears  # with the parser extra, the parse has a second look

        return parse_clears(doc, sentence, found)

    def sentence_problems(self, text: str):
        verbs, _, _, not_nouns, indefinites = _lists()
        of_phrase, indefinite = _verb_patterns()
        # The unanchored patterns below each need a word of their own; in plain ASCII,
        # lower-casing stands in for their IGNORECASE and a missing word skips the search.
        low = text.lower() if text.isascii() else None
        def may_hold(*words: str) -> bool:
            return low is None or any(word in low for word in words)
        # 1. "Exercise give your...": an opening singular noun, then a bare verb and its object.
        opening = re.match(r"[\"“]?([A-Z][a-z]+)\s+([a-z]+)\b", text)
        if opening:
            noun, verb = opening.group(1), opening.group(2)
            if verb in verbs and verb not in ("do", "have") and singular_noun(noun) and noun.lower() not in verbs | not_nouns and "NN" in tags(noun) \
                    and _OBJECT_START.match(text, opening.end()):
                yield opening.start(1), opening.end(2), f"'{noun}' is singular: use '{third_person(verb)}'.", f"{noun} {third_person(verb)}"
        # 2. "The risk of complications rise": a singular head, an of-phrase, a plural verb.
        # Only where the phrase opens the sentence: later in a sentence the real subject may lie earlier.
        for match in of_phrase.finditer(text):
            head, verb = match.group(1), match.group(2)
            if re.match(r"\s+[a-z]+s\b", text[match.end(2):]) and not re.match(r"\s+(?:is|was|has|this|us|less|its|his)\b", text[match.end(2):]):
                continue  # "nerve damage determines": the word is part of the subject
            if head.lower() in ("number", "lot", "lots", "majority", "variety", "couple", "group", "range", "kind", "type", "total", "half", "rest", "percent", "some", "all", "most", "none", "one", "any", "many", "few", "both", "several", "part"):
                continue  # "a number of people are", "most of them have": the of-phrase decides
            before_verb = text[match.start(2) - 1 : match.start(2)]
            if not singular_noun(head) or before_verb not in " ":
                continue
            if re.search(r"(?:\b(?:and|or|who|which|that|to|will|can|may|should|would|could|must|did|does|not|the|a|an|your|their|his|her|its|our|this|these|those|you|we|they|i)|n['’]t|\w+ly)\s+$", text[: match.start(2)], re.I):
                continue  # the word belongs to a clause ("the time you have had it"), follows a modal, or is a noun after a determiner
            yield match.start(2), match.end(2), f"The subject '{head}' is singular: use '{third_person(verb)}'.", third_person(verb)
        # 3. "Each of the patients have", "Everyone need".
        for match in (indefinite.finditer(text) if may_hold("each", "every", "one", "body", "either") else ()):
            subject, verb = match.group(1), match.group(2)
            if subject.lower().replace(" ", "") not in {w.replace(" ", "") for w in indefinites}:
                continue
            has_of = " of " in match.group(0).lower()
            opens = not text[: match.start()].strip(" \"“") or re.search(r"(?:[,;:]|\b(?:and|but|so|because|if|when|while))\s+$", text[: match.start()], re.I)
            if subject.lower() in ("either", "neither", "each") and not has_of and not opens:
                continue  # "either ... or", "the parents each have": not the subject
            if not opens:
                continue
            if re.search(r"\b(?:who|that|which|will|can|may|should|must|to|did|does)\s+$", text[: match.start(2)], re.I):
                continue
            yield match.start(2), match.end(2), f"'{subject}' takes a singular verb: use '{third_person(verb)}'.", third_person(verb)
        # 4. "There is many ways" and "There are a risk".
        there = may_hold("there") or (low is not None and low.startswith("here"))
        for match in (_THERE_IS_MANY.finditer(text) if there else ()):
            opener = match.group(1).split("'")[0].split("’")[0].split()[0]
            fixed = f"{opener} are" if "is" in match.group(1).lower() or "'s" in match.group(1) or "’s" in match.group(1) else f"{opener} were"
            yield match.start(), match.end(), f"'{match.group(2)}' is plural: use '{fixed[:1].lower() + fixed[1:]}'.", f"{fixed} {match.group(2)}"
        for match in (_THERE_ARE_ONE.finditer(text) if there else ()):
            fixed = "There was" if "were" in match.group(1).lower() else "There is"
            yield match.start(), match.end(1), f"'{match.group(2)} ...' is singular: use '{fixed.lower()}'.", fixed
        # 5. "Diet and exercise is": two nouns joined by "and" open the sentence.
        compound = re.match(r"[\"“]?((?:[A-Z][a-z]+)(?:\s+[a-z]+)?)\s+and\s+([a-z]+)\s+(is|was|has)\b", text)
        if compound:
            first, second = compound.group(1).split()[-1], compound.group(2)
            if first.lower() not in not_nouns and second not in not_nouns and second not in verbs and not second.endswith("ly"):
                verb = compound.group(3)
                yield compound.start(3), compound.end(3), f"'{compound.group(1)} and {second}' is plural: use '{plural_verb(verb)}'.", plural_verb(verb)


RULES = (SubjectVerbAgreement,)
