"""HL142 sense-confusables: sound-alike words decided by what the text is about.

- Pairs such as dysphagia/dysphasia or ileum/ilium: each sense has cue words drawn from
  its definition (rules/lists/sense-cues.yaml, with sources). The cues are counted in the
  sentence (weight 2) and the sentences either side in the same block (weight 1); a word is
  reported only when the cues clearly favour the other one: at least 2 for it and none for
  the word written, or three times as many.
- Adjective and noun forms ("the mucous in your nose", "a thick callous formed"): the
  adjective with no noun after it is the noun misspelt, and the noun before one of the
  adjective's usual heads ("mucus membranes") is the adjective misspelt.
- Verb and adjective ("can illicit a craving", "elicit drug use"): the adjective where a
  verb must stand (after a modal or "to"), the verb before the adjective's usual objects.

- Look-alike drug names ("hydroxyzine" for "hydralazine"): pairs from the FDA tall man
  lettering list and ISMP's confused drug names, each drug with cue words for what it is used
  for (rules/lists/drug-sound-alikes.yaml). Scored like the sense pairs; a drug may be in
  several pairs. Left alone when the other name is in the sentence or its neighbours (the text
  tells them apart) or when the sentence is about side effects ("Metformin can cause
  diarrhea": a symptom there is not what the drug treats).

No parser is needed: the cues are words, the parts of speech come from the word-form table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from ..analysis.keywords import lower_tokens
from ..analysis.sentences import LETTER_WORD, sentences
from ..document import Document
from ..engine.finding import Hit
from ..engine.patterns import match_case
from ..engine.rule import Rule
from ..engine.word_screen import letter_runs
from ..grammar.word_forms import tags
from ..packs import word_lists

_SUFFIXES = ("", "s", "ly", "ed", "ary", "ing")
_MODALS = frozenset("to can could may might must should will would shall does do did not".split())


@lru_cache(maxsize=1)
def _data():
    lists = word_lists("sense-cues")
    forms: dict[str, tuple[str, tuple[str, ...], str]] = {}  # written form -> (base, other bases, suffix)
    cues: dict[str, tuple[str, ...]] = {}
    means: dict[str, str] = {}
    for pair in lists["pairs"]:
        a, b = pair["words"]
        for word, other in ((a, b), (b, a)):
            cues[word] = tuple(pair[word])
            means[word] = pair["messages"][word]
            for suffix in _SUFFIXES:
                forms.setdefault(word + suffix, (word, (other,), suffix))
    for written, entry in _drug_forms().items():
        forms.setdefault(written, entry)
    drugs = word_lists("drug-sound-alikes")["drugs"]
    for drug, entry in drugs.items():
        cues[drug] = tuple(entry["cues"])
    adjectives = {e["adjective"]: e for e in lists["adjective_noun"]}
    nouns = {e["noun"]: e for e in lists["adjective_noun"]}
    verbs = {e["verb"]: e for e in lists["verb_adjective"]}
    verb_adjectives = {e["adjective"]: e for e in lists["verb_adjective"]}
    keys = set(forms) | set(adjectives) | set(nouns) | set(verbs) | set(verb_adjectives)
    return forms, cues, means, adjectives, nouns, frozenset(lists["adjective_heads"]), verbs, verb_adjectives, frozenset(lists["adjective_objects"]), frozenset(keys)


@lru_cache(maxsize=1)
def _drug_forms() -> dict[str, tuple[str, tuple[str, ...], str]]:
    """Drug names as written (and their possessives) -> (drug, the drugs it is confused with, "")."""
    others: dict[str, list[str]] = {}
    for pair in word_lists("drug-sound-alikes")["pairs"]:
        a, b = pair["names"]
        others.setdefault(a, []).append(b)
        others.setdefault(b, []).append(a)
    forms = {}
    for drug, confused in others.items():
        for written in (drug, drug + "'s", drug + "’s"):
            forms[written] = (drug, tuple(confused), "")
    return forms


@lru_cache(maxsize=1)
def _drug_words() -> tuple[dict[str, dict], frozenset[str], frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    from ..analysis.claim_structure import cues

    lists = word_lists("drug-sound-alikes")
    links = frozenset(lists["use_links"]) | cues()["efficacy_verbs"]
    return (lists["drugs"], frozenset(lists["side_effect_verbs"]), frozenset(lists["side_effect_words"]), frozenset(lists["negations"]),
            links, frozenset(lists["side_effect_before"]))


def _not_about_uses(words: list[str], at: int, wordset: frozenset[str]) -> bool:
    """"Metformin can cause diarrhea", "Does bupropion cause anxiety?", "Weight gain is
    possible with clonazepam": symptoms named as side effects are not what the drug is for;
    nor is what "buspirone does not help with"; nor a sentence that links the name to no use
    at all ("Tell the pharmacist about any hydralazine you take; a rash can be a warning sign").
    ``wordset``: the words of the sentence and of its neighbours."""
    _, verbs, markers, negations, links, before = _drug_words()
    following = words[at + 1 : at + 4]
    after = [w for w in following if w not in _MODALS]
    negated = any(w in negations or w.endswith(("n't", "n’t")) for w in following)
    with_drug = at >= 2 and words[at - 1] == "with" and words[at - 2] in before
    linked = not links.isdisjoint(wordset) or any(w.endswith("ed") and (w[:-1] in links or w[:-2] in links) for w in wordset)  # "eased", "reduced"
    return negated or with_drug or bool(verbs.intersection(after[:1])) or not markers.isdisjoint(wordset) or not linked


def _score(words: list[str], stems: tuple[str, ...]) -> int:
    exact = {s for s in stems if len(s) < 5}
    prefixes = tuple(s for s in stems if len(s) >= 5)
    return sum(1 for w in words if w in exact or (prefixes and w.startswith(prefixes)))


class SenseConfusables(Rule):
    code = "HL142"
    name = "sense-confusables"
    category = "spelling"
    severity = "warning"
    summary = "A sound-alike word or look-alike drug name whose context points to the other one ('dysphagia' in a sentence about speech, 'hydroxyzine' for blood pressure)."
    rationale = (
        "Medical sound-alikes pass a spell checker: 'dysphagia' (trouble swallowing) and "
        "'dysphasia' (trouble with language), 'ileum' (the small intestine) and 'ilium' (the hip "
        "bone) are both words. healthlint counts words from each sense's definition in the "
        "sentence and its neighbours and reports only when they clearly point to the other "
        "word; the part of speech decides 'mucus'/'mucous', 'callus'/'callous' and "
        "'elicit'/'illicit'. Drug names that look alike (hydralazine for blood pressure, "
        "hydroxyzine for itching) are a known cause of wrong-drug errors; each drug has cue "
        "words for what it is used for, and a name is reported only when the text is clearly "
        "about what the other drug treats, not about side effects and not when both names appear."
    )
    source = (
        "Cue words from MedlinePlus and NCI Dictionary of Cancer Terms definitions (public domain): rules/lists/sense-cues.yaml. "
        "Drug pairs from the FDA Name Differentiation Project tall man list (public domain) and, as name pairs with attribution, "
        "ISMP's list of additional drug names with tall man letters; drug uses from MedlinePlus and DailyMed: rules/lists/drug-sound-alikes.yaml."
    )
    pass_examples = (
        "Dysphagia makes it hard to swallow food and pills.",
        "After a stroke, dysphasia can make it hard to find words.",
        "Crohn's disease often affects the ileum, the end of the small intestine.",
        "The mucous membranes of the mouth may be dry.",
        "A callus forms where shoes rub.",
        "Questions can elicit useful answers.",
        "The ilium is the largest bone of the pelvis.",
        "Hydroxyzine eased the itching from her hives.",
        "Bupropion may cause anxiety or trouble sleeping.",
    )
    fail_examples = (
        {"text": "Dysphasia makes it hard to swallow food and pills.", "flag": "Dysphasia"},
        {"text": "The ilium absorbs vitamin B12 and bile acids from the bowel.", "flag": "ilium"},
        {"text": "The mucous in your nose traps dust.", "flag": "mucous"},
        {"text": "Some drugs can illicit a rash.", "flag": "illicit"},
        {"text": "Weight loss was the principle reason, and the main cause, of her symptoms.", "flag": "principle"},
        {"text": "Hydroxyzine 25 mg keeps his hypertension under control.", "flag": "Hydroxyzine"},
        {"text": "Ask whether guanfacine syrup will loosen the phlegm in your chest.", "flag": "guanfacine"},
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        keys = _data()[-1]
        every = sentences(doc)
        for index, sentence in enumerate(every):
            if keys.isdisjoint(letter_runs(sentence.text)):
                continue  # the sentence's words, shared with the pack rules' screens
            before = every[index - 1] if index and every[index - 1].block is sentence.block else None
            after = every[index + 1] if index + 1 < len(every) and every[index + 1].block is sentence.block else None
            neighbours = (lower_tokens(before.text) if before else ()) + (lower_tokens(after.text) if after else ())
            for start, end, message, fix in _problems(sentence.text, neighbours):
                yield Hit.in_block(sentence.block, sentence.start + start, sentence.start + end, message, (fix,) if fix else ())


# Words that follow a noun, never an adjective's noun: "mucous can block" ("can" is also a
# noun in the word-form table, which is why these come first).
_AFTER_NOUN = frozenset("in on from and or is was are were has had can could may might must will would should that which".split())


@lru_cache(maxsize=4096)
def _problems(text: str, neighbours: tuple[str, ...]) -> tuple[tuple[int, int, str, str], ...]:
    forms, cues, means, adjectives, nouns, heads, verbs, verb_adjectives, objects, _ = _data()
    drugs = _drug_words()[0]
    found = []
    matches = list(LETTER_WORD.finditer(text))
    words = [m.group(0).lower() for m in matches]
    wordset = frozenset(words)
    # The sense scores are the sentence's, not a mention's: computed once, so a sentence
    # naming a drug many times stays linear.
    context = [w for w in words if w not in forms]
    around = [w for w in neighbours if w not in forms]
    scores: dict[str, int] = {}

    def score(word: str) -> int:
        if word not in scores:
            scores[word] = 2 * _score(context, cues[word]) + _score(around, cues[word])
        return scores[word]

    neighbour_set = frozenset(neighbours)
    for k, match in enumerate(matches):
        low = words[k]
        following = words[k + 1] if k + 1 < len(words) and text[match.end() : matches[k + 1].start()].strip() == "" else ""
        previous = words[k - 1] if k else ""
        if low in forms:
            word, others, suffix = forms[low]
            drug = word in drugs
            if drug and (_not_about_uses(words, k, wordset | neighbour_set) or any(o in wordset or o in neighbour_set for o in others)):
                continue  # side effects, no use named, or both names in the text: it tells them apart
            mine = score(word)
            best, other = max((score(o), o) for o in others)
            if (best >= 2 and mine == 0) or (best >= 4 and best >= 3 * mine):
                if drug:
                    fixed = drugs[other].get("name") or match_case(other, match.group(0))
                    shown = drugs[other].get("name", other)
                    message = f"'{match.group(0)}' is {drugs[word]['is']}, but the context is about what {shown} is for ({drugs[other]['is']}): did you mean '{fixed}'? The two names are often confused."
                else:
                    fixed = match_case(other + suffix, match.group(0))
                    message = f"'{match.group(0)}' means {means[word]}; the context is about {means[other]}: did you mean '{fixed}'?"
                found.append((match.start(), match.end(), message, fixed))
        elif low in adjectives:
            entry = adjectives[low]
            t = tags(following) if following else frozenset()
            closes = not following or following in _AFTER_NOUN
            if following in heads or (not closes and t & {"NN", "NNS"} and not t & {"VBD", "VBZ", "VBN"}):
                continue  # "mucous membranes", "callous remark"
            if closes or t & {"VBD", "VBZ", "VBN", "VB"}:
                fixed = match_case(entry["noun"], match.group(0))
                found.append((match.start(), match.end(), f"'{match.group(0)}' is the adjective ({entry['adjective_means']}); the noun is '{fixed}' ({entry['noun_means']}).", fixed))
        elif low in nouns:
            entry = nouns[low]
            if following in heads:
                fixed = match_case(entry["adjective"], match.group(0))
                found.append((match.start(), match.end(), f"'{match.group(0)}' is the noun ({entry['noun_means']}); before '{following}' use the adjective '{fixed}'.", fixed))
        elif low in verb_adjectives and previous in _MODALS:
            entry = verb_adjectives[low]
            fixed = match_case(entry["verb"], match.group(0))
            found.append((match.start(), match.end(), f"'{match.group(0)}' means {entry['adjective_means']}; the verb is '{fixed}' ({entry['verb_means']}).", fixed))
        elif low in verbs and following in objects and previous not in _MODALS:
            entry = verbs[low]
            fixed = match_case(entry["adjective"], match.group(0))
            found.append((match.start(), match.end(), f"'{match.group(0)}' is a verb ({entry['verb_means']}); before '{following}' use '{fixed}' ({entry['adjective_means']}).", fixed))
    return tuple(found)


RULES = (SenseConfusables,)
