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

No parser is needed: the cues are words, the parts of speech come from the word-form table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

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
    forms: dict[str, tuple[str, str, str]] = {}  # written form -> (base, other base, suffix)
    cues: dict[str, tuple[str, ...]] = {}
    means: dict[str, str] = {}
    for pair in lists["pairs"]:
        a, b = pair["words"]
        for word, other in ((a, b), (b, a)):
            cues[word] = tuple(pair[word])
            means[word] = pair["messages"][word]
            for suffix in _SUFFIXES:
                forms.setdefault(word + suffix, (word, other, suffix))
    adjectives = {e["adjective"]: e for e in lists["adjective_noun"]}
    nouns = {e["noun"]: e for e in lists["adjective_noun"]}
    verbs = {e["verb"]: e for e in lists["verb_adjective"]}
    verb_adjectives = {e["adjective"]: e for e in lists["verb_adjective"]}
    keys = set(forms) | set(adjectives) | set(nouns) | set(verbs) | set(verb_adjectives)
    return forms, cues, means, adjectives, nouns, frozenset(lists["adjective_heads"]), verbs, verb_adjectives, frozenset(lists["adjective_objects"]), frozenset(keys)


def _score(words: list[str], stems: tuple[str, ...]) -> int:
    exact = {s for s in stems if len(s) < 5}
    prefixes = tuple(s for s in stems if len(s) >= 5)
    return sum(1 for w in words if w in exact or (prefixes and w.startswith(prefixes)))


def _words(text: str) -> list[str]:
    return [m.group(0).lower() for m in LETTER_WORD.finditer(text)]


class SenseConfusables(Rule):
    code = "HL142"
    name = "sense-confusables"
    category = "spelling"
    severity = "warning"
    summary = "A sound-alike word whose context points to the other word ('dysphagia' in a sentence about speech, 'the mucous in your nose')."
    rationale = (
        "Medical sound-alikes pass a spell checker: 'dysphagia' (trouble swallowing) and "
        "'dysphasia' (trouble with language), 'ileum' (the small intestine) and 'ilium' (the hip "
        "bone) are both words. healthlint counts words from each sense's definition in the "
        "sentence and its neighbours and reports only when they clearly point to the other "
        "word; the part of speech decides 'mucus'/'mucous', 'callus'/'callous' and "
        "'elicit'/'illicit'."
    )
    source = "Cue words from MedlinePlus and NCI Dictionary of Cancer Terms definitions (public domain): rules/lists/sense-cues.yaml."
    pass_examples = (
        "Dysphagia makes it hard to swallow food and pills.",
        "After a stroke, dysphasia can make it hard to find words.",
        "Crohn's disease often affects the ileum, the end of the small intestine.",
        "The mucous membranes of the mouth may be dry.",
        "A callus forms where shoes rub.",
        "Questions can elicit useful answers.",
        "The ilium is the largest bone of the pelvis.",
    )
    fail_examples = (
        {"text": "Dysphasia makes it hard to swallow food and pills.", "flag": "Dysphasia"},
        {"text": "The ilium absorbs vitamin B12 and bile acids from the bowel.", "flag": "ilium"},
        {"text": "The mucous in your nose traps dust.", "flag": "mucous"},
        {"text": "Some drugs can illicit a rash.", "flag": "illicit"},
        {"text": "Weight loss was the principle reason, and the main cause, of her symptoms.", "flag": "principle"},
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        keys = _data()[-1]
        every = sentences(doc)
        for index, sentence in enumerate(every):
            if keys.isdisjoint(letter_runs(sentence.text)):
                continue  # the sentence's words, shared with the pack rules' screens
            before = every[index - 1] if index and every[index - 1].block is sentence.block else None
            after = every[index + 1] if index + 1 < len(every) and every[index + 1].block is sentence.block else None
            neighbours = (_words(before.text) if before else []) + (_words(after.text) if after else [])
            for start, end, message, fix in _problems(sentence.text, tuple(neighbours)):
                yield Hit.in_block(sentence.block, sentence.start + start, sentence.start + end, message, (fix,) if fix else ())


# Words that follow a noun, never an adjective's noun: "mucous can block" ("can" is also a
# noun in the word-form table, which is why these come first).
_AFTER_NOUN = frozenset("in on from and or is was are were has had can could may might must will would should that which".split())


@lru_cache(maxsize=4096)
def _problems(text: str, neighbours: tuple[str, ...]) -> tuple[tuple[int, int, str, str], ...]:
    forms, cues, means, adjectives, nouns, heads, verbs, verb_adjectives, objects, _ = _data()
    found = []
    matches = list(LETTER_WORD.finditer(text))
    words = [m.group(0).lower() for m in matches]
    for k, match in enumerate(matches):
        low = words[k]
        following = words[k + 1] if k + 1 < len(words) and text[match.end() : matches[k + 1].start()].strip() == "" else ""
        previous = words[k - 1] if k else ""
        if low in forms:
            word, other, suffix = forms[low]
            context = [w for w in words if w not in forms]
            around = [w for w in neighbours if w not in forms]
            mine = 2 * _score(context, cues[word]) + _score(around, cues[word])
            theirs = 2 * _score(context, cues[other]) + _score(around, cues[other])
            if (theirs >= 2 and mine == 0) or (theirs >= 4 and theirs >= 3 * mine):
                fixed = match_case(other + suffix, match.group(0))
                found.append((match.start(), match.end(), f"'{match.group(0)}' means {means[word]}; the context is about {means[other]}: did you mean '{fixed}'?", fixed))
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
