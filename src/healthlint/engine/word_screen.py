"""A word test in front of a whole-word list pattern, so most text never meets the regex.

A list pattern (``packs.list_pattern``) starts with a look-behind, which keeps Python's
regular expression engine from skipping ahead: it tries every position of every sentence.
But every way through the pattern spells out whole words ("studies show", "in mice"), so
text that holds none of them cannot match. The words are read from the pattern itself and
cannot drift from it; where they cannot be read for certain, the pattern runs unscreened.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

try:  # Python 3.11+
    from re import _constants as _c, _parser as _sre_parse
except ImportError:  # pragma: no cover - older layouts
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_RUN = re.compile(r"[a-z]+")


def key_words(items: list[str], common: frozenset[str] = frozenset()) -> frozenset[str] | None:
    """Words, lower-case ASCII, one of which every match of ``(?:item1|item2...)`` (as a
    whole word, case-insensitive) holds as a whole word; None when that cannot be read for
    certain. Each way through an item gives its best word, the longest not in ``common``:
    "in (?:mice|the lab)" gives "mice" and "lab", not the far commoner "in" or "the"."""
    reader = _Reader(common)
    try:
        for item in items:
            ends = reader.run(tuple(_sre_parse.parse(item)), {("", "")})
            for best, word in ends:
                reader.finish(reader.better(word, best))  # the item's end ends its last word
    except (re.error, _Unreadable):
        return None
    return frozenset(reader.found)


class _Unreadable(Exception):
    """A way through the pattern with no whole word that can be read for certain."""


class _Reader:
    """Reads the ways through a pattern as states: (best word so far, letters of a word not
    yet ended). A word ends at a character that is not an ASCII letter, where a run of ASCII
    letters in the text ends too. Ways that meet the same state go on as one."""

    def __init__(self, common: frozenset[str]) -> None:
        self.common = common
        self.found: set[str] = set()

    def better(self, word: str, best: str) -> str:
        rank = lambda w: (w not in self.common, len(w))  # noqa: E731
        return word if word and rank(word) > rank(best) else best

    def finish(self, word: str) -> None:
        if not word:
            raise _Unreadable
        self.found.add(word)

    def stop(self, states: set[tuple[str, str]]) -> set[tuple[str, str]]:
        """The ways end here: the words before still hold, the unfinished one may not."""
        for best, _ in states:
            self.finish(best)
        return set()

    def run(self, ops, states: set[tuple[str, str]]) -> set[tuple[str, str]]:
        for op, value in ops:
            if not states:
                break
            states = self.step(op, value, states)
        return states

    def step(self, op, value, states: set[tuple[str, str]]) -> set[tuple[str, str]]:
        if op is _c.LITERAL:
            char = chr(value)
            if not char.isascii():
                return self.stop(states)  # with IGNORECASE some other letters match ASCII ones
            if char.isalpha():
                return {(best, word + char.lower()) for best, word in states}
            return {(self.better(word, best), "") for best, word in states}
        if op is _c.SUBPATTERN:
            return self.run(value[-1], states)
        if op is _c.BRANCH:
            return set().union(*(self.run(branch, states) for branch in value[1]))
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and value[0] == 0:
            if value[1] == 1:  # "s?": with it and without
                return states | self.run(value[2], states)
            self.stop(states)  # "(?:healthy |normal )*" taken: the words so far...
            return states  # ...or passed over
        if op is _c.IN and all(kind is _c.LITERAL and chr(v).isascii() for kind, v in value):
            if not any(chr(v).isalpha() for _, v in value):
                return {(self.better(word, best), "") for best, word in states}  # "[- ]": a word ends whichever comes
            return set().union(*(self.step(_c.LITERAL, v, states) for _, v in value))  # "[sz]"
        return self.stop(states)  # anything else: a repeat, a class of letters


@lru_cache(maxsize=8192)
def letter_runs(text: str) -> frozenset[str]:
    """The runs of ASCII letters in ``text``, lower-cased (cached: several lists read a sentence)."""
    return frozenset(_RUN.findall(text.lower()))


class ScreenedPattern:
    """A compiled list pattern with its key words: ``search`` and ``finditer`` as on the
    pattern, but text holding none of the words is answered without running it."""

    def __init__(self, pattern: re.Pattern, words: frozenset[str] | None) -> None:
        self.pattern = pattern
        self.words = words

    def _cannot_match(self, text: str) -> bool:
        # Only plain ASCII: with IGNORECASE a few other letters match ASCII ones ("K", "ſ").
        return self.words is not None and text.isascii() and self.words.isdisjoint(letter_runs(text))

    def search(self, text: str) -> re.Match | None:
        return None if self._cannot_match(text) else self.pattern.search(text)

    def finditer(self, text: str) -> Iterator[re.Match]:
        return iter(()) if self._cannot_match(text) else self.pattern.finditer(text)
