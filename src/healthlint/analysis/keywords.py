"""Term statistics for keyword stuffing and SEO: content words and 2-3-word phrases.

Words are grouped by a light word form ("doctors", "doctor's" -> "doctor"), and phrases
that begin or end with a function word ("of the") are left out. Density is the share of
the document's words, in percent, taken up by a term: occurrences x words in the term /
words in the text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..document import Block, Document
from ..packs import word_lists
from . import memo
from .citations import reference_blocks
from .sentences import LETTER_WORD



@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    return frozenset(word_lists("english")["function_words"])


@lru_cache(maxsize=65536)
def word_form(word: str) -> str:
    """A grouping key for the forms of a word: plural, possessive and -ing/-ed endings off."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "ys")):
        return w[:-1]
    return w


@dataclass(frozen=True)
class Term:
    key: str  # word forms joined by spaces
    label: str  # the most common surface form
    count: int
    words: int  # words in the term
    density: float  # percent of the text's words


@dataclass
class TermStats:
    words: int
    # Most frequent first: the terms that score (uses x words) at least as high as the
    # ``TOP_TERMS``-th one-word term, so the report's table and the leading one-word terms.
    # Rarer terms are not counted at all (they made up most of the time).
    terms: list[Term]

    def top(self, n: int = 10) -> list[Term]:
        return self.terms[:n]

    def table(self, n: int = 10) -> list[dict]:
        return [{"term": t.label, "count": t.count, "density": round(t.density, 2)} for t in self.top(n)]


def visible_blocks(doc: Document) -> list[Block]:
    skipped = {id(b) for b in reference_blocks(doc)}
    return [b for b in doc.blocks if id(b) not in skipped]


@lru_cache(maxsize=1024)
def tokens(text: str) -> tuple[str, ...]:
    """The words of ``text`` (cached: several keyword rules read each block)."""
    return tuple(LETTER_WORD.findall(text))


@lru_cache(maxsize=1024)
def lower_tokens(text: str) -> tuple[str, ...]:
    return tuple(map(str.lower, tokens(text)))


@lru_cache(maxsize=1024)
def word_forms(text: str) -> tuple[str, ...]:
    """:func:`word_form` of each word of ``text``."""
    return tuple(map(word_form, tokens(text)))


TOP_TERMS = 10  # the length of the report's keyword table


def term_stats(doc: Document, blocks: list[Block] | None = None) -> TermStats:
    if blocks is None:
        return memo(doc, "term_stats", lambda: _stats(visible_blocks(doc)))
    return _stats(blocks)


def _stats(blocks: list[Block], top: int = TOP_TERMS) -> TermStats:
    stop = function_words()
    rows = []
    uses: Counter = Counter()  # every word form, function words too
    total = 0
    for block in blocks:
        forms = word_forms(block.text)
        if forms:
            total += len(forms)
            uses.update(forms)
            rows.append((forms, lower_tokens(block.text)))
    # A term neither starts nor ends with a function word; a one-word term has 3+ letters.
    # A phrase is used no more often than its rarest word, so a phrase whose rarest word
    # could not lift it into the ``top`` list is never counted (see TermStats.terms).
    singles = sorted((n for f, n in uses.items() if n >= 2 and len(f) >= 3 and f not in stop), reverse=True)
    floor = singles[top - 1] if len(singles) >= top else 0
    alone = {f for f, n in uses.items() if n >= floor and len(f) >= 3 and f not in stop}
    inner = {f for f, n in uses.items() if 3 * n >= floor}  # the middle word of three
    ends3 = inner - stop
    ends2 = {f for f in ends3 if 2 * uses[f] >= floor}
    # (word forms, how the text wrote them) -> uses; counted as tuples, joined into keys
    # only for the terms that are kept.
    written: Counter = Counter()
    for forms, lower in rows:
        written.update(((f,), (w,)) for f, w in zip(forms, lower) if f in alone)
        if ends3.isdisjoint(forms):
            continue
        two = [f in ends2 for f in forms]
        written.update(((forms[i], forms[i + 1]), (lower[i], lower[i + 1])) for i in range(len(forms) - 1) if two[i] and two[i + 1])
        three = [f in ends3 for f in forms]
        written.update(
            ((forms[i], forms[i + 1], forms[i + 2]), (lower[i], lower[i + 1], lower[i + 2]))
            for i in range(len(forms) - 2) if three[i] and three[i + 2] and forms[i + 1] in inner
        )
    counts: Counter = Counter()
    # The commonest way each term was written; on a tie, the first seen.
    label: dict[tuple[str, ...], tuple[int, tuple[str, ...]]] = {}
    for (key, surface), count in written.items():
        counts[key] += count
        if key not in label or count > label[key][0]:
            label[key] = (count, surface)
    terms = []
    for key, count in counts.items():
        if count < 2:
            continue
        n = len(key)
        density = 100 * count * n / total if total else 0.0
        terms.append(Term(" ".join(key), " ".join(label[key][1]), count, n, density))
    terms.sort(key=lambda t: (-t.count * t.words, t.key))
    return TermStats(total, terms)
