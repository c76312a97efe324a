"""Which sentences Harper needs to see: those holding a trigger word of an enabled rule.

Harper's cost is tokenising and tagging, nearly the same whatever rules are on, and it
grows with the text; every rule healthlint runs by default matches fixed words. Sending
only the sentences some rule could fire on gives the same lints for a fraction of the
text. The trigger words are data (rules/lists/harper-triggers.yaml);
bench/check_harper_triggers.py checks them against Harper itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from ..packs import word_lists

_TOKEN = re.compile(r"[\w'’]+")


@dataclass(frozen=True)
class Condition:
    words: frozenset[str] = frozenset()  # one of these anywhere
    together: tuple[frozenset[str], ...] = ()  # a word of each set anywhere
    pair: tuple[frozenset[str], frozenset[str]] | None = None  # in this order, adjacent...
    gap: int = 0  # ...or with up to this many words between
    # A regular expression, for rules that need punctuation; with words or a pair as well,
    # it is tried only on sentences that meet them (a cheap test before a slow one).
    pattern: re.Pattern | None = None


def _in_order_plain(words: list[str], present: set[str], first: frozenset[str], second: frozenset[str], gap: int) -> bool:
    """:func:`_in_order` for a sentence without contractions, where every place is one
    word: each word of ``first`` is found by ``list.index``, not by walking the sentence."""
    for word in present.intersection(first):
        at = words.index(word)
        while True:
            if not second.isdisjoint(words[at + 1 : at + 2 + gap]):
                return True
            try:
                at = words.index(word, at + 1)
            except ValueError:
                break
    return False


def _in_order(places: list[tuple[str, ...]], first: frozenset[str], second: frozenset[str], gap: int) -> bool:
    for index, here in enumerate(places):
        if not first.isdisjoint(here):
            if any(not second.isdisjoint(after) for after in places[index + 1 : index + 2 + gap]):
                return True
    return False


def places(text: str) -> list[tuple[str, ...]]:
    """The words in order, lower case with ' for ’; a contraction stands in its place with
    its parts ("it's", "it", "'s"), so "mightn't of" and "it's is" are both adjacent pairs."""
    return _places_of(_TOKEN.findall(text.lower().replace("’", "'")))


def _places_of(found: list[str]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for raw in found:
        word = raw.strip("'")
        if not word:
            continue
        if "'" in word:
            head, _, tail = word.partition("'")
            out.append((word, head, "'" + tail))
        else:
            out.append((word,))
    return out


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[Condition, ...]]:
    lists = word_lists("harper-triggers")
    sets = {name: frozenset(str(w) for w in words) for name, words in lists["sets"].items()}

    def words_of(value) -> frozenset[str]:
        if isinstance(value, str) and value.startswith("$"):
            return sets[value[1:]]
        return frozenset(str(w).lower() for w in value)

    table: dict[str, tuple[Condition, ...]] = {}
    for rule, conditions in lists["triggers"].items():
        parsed = []
        for condition in conditions:
            pair = condition.get("pair")
            parsed.append(Condition(
                words=words_of(condition.get("words", ())),
                together=tuple(words_of(group) for group in condition.get("with", ())),
                pair=(words_of(pair[0]), words_of(pair[1])) if pair else None,
                gap=int(condition.get("gap", 0)),
                pattern=re.compile(str(condition["pattern"]), re.IGNORECASE) if "pattern" in condition else None,
            ))
        table[str(rule)] = tuple(parsed)
    return table


class Screen:
    """Says whether a sentence meets any of ``conditions`` (see :meth:`for_rules`)."""

    def __init__(self, conditions: Iterable[Condition]) -> None:
        # Rules share conditions ("their", "there"): each distinct one is tested once.
        self.conditions = tuple(dict.fromkeys(conditions))
        # Conditions that need one word: a set intersection decides most sentences at once.
        # The rest are kept as plain tuples: this runs on every sentence of every document.
        plain = [c for c in self.conditions if c.pattern is None]
        self.any_word = frozenset().union(*(c.words for c in plain if c.words))
        self.pairs = tuple((c.pair[0], c.pair[1], c.gap) for c in plain if c.pair)
        # Each pair is looked at only when a word of its smaller side is present (an index
        # from word to pairs), not every pair on every sentence.
        index: dict[str, list[int]] = {}
        for number, (first, second, _) in enumerate(self.pairs):
            for word in min(first, second, key=len):
                index.setdefault(word, []).append(number)
        self.pairs_by_word = {word: tuple(numbers) for word, numbers in index.items()}
        self.togethers = tuple(c.together for c in plain if c.together)
        # Likewise words that must appear together: only where a word of the smallest group is.
        self.together_cues = frozenset().union(*(min(groups, key=len) for groups in self.togethers))
        self.patterns = tuple((c.words or None, c.pair, c.gap, c.pattern) for c in self.conditions if c.pattern is not None)

    @classmethod
    @lru_cache(maxsize=4)
    def for_rules(cls, rules: tuple[str, ...]) -> Screen:
        """The screen for sentences that could draw a lint from any of ``rules`` (one per rule set)."""
        table = _table()
        return cls(c for rule in rules for c in table[rule])

    @staticmethod
    def covers(rules: Iterable[str]) -> bool:
        """Whether every rule has triggers; otherwise the whole text must go to Harper."""
        table = _table()
        return all(rule in table for rule in rules)

    def wants(self, text: str) -> bool:
        low = text.lower().replace("’", "'")
        raw = _TOKEN.findall(low)
        if "'" in low:
            found = _places_of(raw)
            present = {word for place in found for word in place}
        else:  # most sentences: no contraction to split, so the words are the places
            found, present = None, set(raw)
        if not present.isdisjoint(self.any_word):
            return True
        cues = present.intersection(self.pairs_by_word)
        if cues:
            numbers = {number for word in cues for number in self.pairs_by_word[word]}
            for number in numbers:  # any one will do: the order does not matter
                first, second, gap = self.pairs[number]
                if first.isdisjoint(present) or second.isdisjoint(present):
                    continue
                if _in_order_plain(raw, present, first, second, gap) if found is None else _in_order(found, first, second, gap):
                    return True
        if not present.isdisjoint(self.together_cues):
            for groups in self.togethers:
                if all(not present.isdisjoint(group) for group in groups):
                    return True
        # The pair test is written out again below, not shared through a helper: this runs
        # on every sentence, and a closure per sentence cost 15% of the screen's time.
        for words, pair, gap, pattern in self.patterns:
            if words is not None and words.isdisjoint(present):
                continue
            if pair is not None:
                if pair[0].isdisjoint(present) or pair[1].isdisjoint(present):
                    continue
                if not (_in_order_plain(raw, present, pair[0], pair[1], gap) if found is None else _in_order(found, pair[0], pair[1], gap)):
                    continue
            if pattern.search(text):
                return True
        return False

    def spans(self, text: str, sentences: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """The runs of consecutive wanted sentences, as (start, end) in ``text``."""
        runs: list[tuple[int, int]] = []
        for start, end in sentences:
            if not _wanted(self, text[start:end]):
                continue
            if runs and not text[runs[-1][1] : start].strip():  # only space between: one run
                runs[-1] = (runs[-1][0], end)
            else:
                runs.append((start, end))
        return runs


@lru_cache(maxsize=16384)  # a sentence repeated across articles is screened once (see SentenceRule)
def _wanted(screen: Screen, sentence: str) -> bool:
    return screen.wants(sentence)
