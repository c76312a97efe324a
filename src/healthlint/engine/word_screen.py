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
    words: set[str] = set()
    for item in items:
        try:
            parsed = tuple(_sre_parse.parse(item))
        except re.error:
            return None
        found = _Reader(common).keys(parsed, "", "")
        if found is None:
            return None
        words |= found
    return frozenset(words)


class _Reader:
    def __init__(self, common: frozenset[str]) -> None:
        self.common = common

    def better(self, word: str, best: str) -> str:
        rank = lambda w: (w not in self.common, len(w))  # noqa: E731
        return word if word and rank(word) > rank(best) else best

    def keys(self, ops: tuple, best: str, run: str) -> set[str] | None:
        """The best whole word of each way through ``ops``: ``best`` so far, and ``run``, the
        letters of a word not yet ended. A word ends at a character that is not an ASCII
        letter, where a run of ASCII letters in the text ends too."""
        if not ops:
            # The end of the item: the list pattern's (?![\w'’]) ends the word here too.
            word = self.better(run, best)
            return {word} if word else None
        (op, value), rest = ops[0], ops[1:]
        if op is _c.LITERAL:
            char = chr(value)
            if not char.isascii():
                return {best} if best else None  # with IGNORECASE some other letters match ASCII ones
            if char.isalpha():
                return self.keys(rest, best, run + char.lower())
            return self.keys(rest, self.better(run, best), "")
        if op is _c.SUBPATTERN:
            return self.keys(tuple(value[-1]) + rest, best, run)
        if op is _c.BRANCH:
            return _union(self.keys(tuple(branch) + rest, best, run) for branch in value[1])
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and value[0] == 0:
            if value[1] == 1:  # "s?": with it and without
                return _union((self.keys(rest, best, run), self.keys(tuple(value[2]) + rest, best, run)))
            # "(?:healthy |normal )*": without it, or (with it) the words so far
            return _union((self.keys(rest, best, run), {best} if best else None))
        if op is _c.IN and all(kind is _c.LITERAL and chr(v).isascii() for kind, v in value):
            if not any(chr(v).isalpha() for _, v in value):
                return self.keys(rest, self.better(run, best), "")  # "[- ]": a word ends whichever comes
            return _union(self.keys(((_c.LITERAL, v),) + rest, best, run) for _, v in value)  # "[sz]"
        # Anything else (a repeat, a class of letters): the words before it still hold, the
        # unfinished one may not.
        return {best} if best else None


def _union(parts) -> set[str] | None:
    out: set[str] = set()
    for part in parts:
        if part is None:
            return None
        out |= part
    return out


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
