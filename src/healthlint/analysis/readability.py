"""Readability counts and formulas, on the Document's own sentences and words.

The formulas are the published ones. Where healthlint's numbers differ from textstat's
it is the counting, on purpose:

- sentences come from :mod:`.sentences` (abbreviations, decimals and blank lines
  handled; short sentences kept), and only body prose is scored: headings, table cells,
  footnotes and the reference list are left out;
- syllables come from the CMU dictionary with a rule-based fallback for medical words;
- Coleman-Liau uses the published 0.0588 coefficient (textstat has 0.058);
- Dale-Chall counts regular inflections of easy words as easy, as Chall and Dale did,
  and reads the easy-word list from the installed textstat package;
- SMOG is not given for fewer than 3 sentences, and is noted as unreliable below 30.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..document import Block, Document
from . import memo
from .sentences import WORD, Sentence, sentences

BODY_KINDS = ("paragraph", "list_item", "blockquote")
SMOG_RELIABLE = 30


@lru_cache(maxsize=1)
def easy_words() -> frozenset[str]:
    """The Dale-Chall list of familiar words, from the textstat package's resources."""
    try:
        import importlib.util

        spec = importlib.util.find_spec("textstat")
        if spec and spec.origin:
            path = Path(spec.origin).parent / "resources" / "en" / "easy_words.txt"
            return frozenset(w.strip().lower() for w in path.read_text(encoding="utf-8").split() if w.strip())
    except (OSError, ImportError, ValueError):
        pass
    return frozenset()


@lru_cache(maxsize=65536)
def _is_easy(word: str) -> bool:
    easy = easy_words()
    w = word.lower().replace("’", "'")
    if w in easy or w[0].isdigit():
        return True
    for suffix, repl in (("'s", ""), ("ies", "y"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"),
                         ("ing", ""), ("ing", "e"), ("er", ""), ("est", ""), ("ly", "")):
        if w.endswith(suffix) and len(w) > len(suffix) + 1 and (w[: -len(suffix)] + repl) in easy:
            return True
    return False


@lru_cache(maxsize=65536)
def _word_stats(word: str) -> tuple[int, int, bool, bool, bool]:
    """Syllables, letters, polysyllable, complex unless a proper noun, difficult."""
    from .syllables import syllables

    n = syllables(word)
    letters = sum(1 for ch in word if ch.isalnum())
    poly = n >= 3
    inflected = word.lower().endswith(("es", "ed", "ing")) and n == 3
    complex_word = poly and "-" not in word and not inflected
    difficult = bool(easy_words()) and not _is_easy(word)
    return n, letters, poly, complex_word, difficult


@dataclass
class Counts:
    sentences: int = 0
    words: int = 0
    syllables: int = 0
    letters: int = 0  # letters and digits, for Coleman-Liau and ARI
    polysyllables: int = 0  # three or more syllables (SMOG)
    complex_words: int = 0  # polysyllables that are not proper nouns, compounds or -es/-ed/-ing forms (Fog)
    difficult_words: int = 0  # not on the Dale-Chall list

    def add(self, other: Counts) -> None:
        self.sentences += other.sentences
        self.words += other.words
        self.syllables += other.syllables
        self.letters += other.letters
        self.polysyllables += other.polysyllables
        self.complex_words += other.complex_words
        self.difficult_words += other.difficult_words


def count_sentence(sentence: Sentence) -> Counts:
    return Counts(*_text_counts(sentence.text))


@lru_cache(maxsize=16384)  # a sentence repeated across articles is counted once (see SentenceRule)
def _text_counts(text: str) -> tuple[int, ...]:
    found = WORD.findall(text)
    if not found:
        return (0,) * 7
    syllables = letters = polysyllables = complex_words = difficult_words = 0
    first = True
    for word in found:
        n, length, poly, complex_word, difficult = _word_stats(word)
        syllables += n
        letters += length
        if poly:
            polysyllables += 1
            if complex_word and (first or not word[:1].isupper()):  # proper nouns are not "complex"
                complex_words += 1
        if difficult:
            difficult_words += 1
        first = False
    return 1, len(found), syllables, letters, polysyllables, complex_words, difficult_words


def count_sentences(items: Iterable[Sentence], doc: Document) -> Counts:
    """Summed counts of sentences of ``doc``."""
    total = Counts()
    for sentence in items:
        total.add(sentence_counts(doc, sentence))
    return total


def sentence_counts(doc: Document, sentence: Sentence) -> Counts:
    """One sentence's counts, kept per document: the metrics, the block scores and the
    length rules all read them."""
    cache = _cache(doc)
    key = (id(sentence.block), sentence.start)
    if key not in cache:
        cache[key] = count_sentence(sentence)
    return cache[key]


def scores(c: Counts) -> dict[str, float | None]:
    """The formulas, from counts. ``None`` where a formula cannot be applied."""
    if not c.words or not c.sentences:
        return {key: None for key in FORMULAS}
    wps = c.words / c.sentences
    spw = c.syllables / c.words
    fre = 206.835 - 1.015 * wps - 84.6 * spw
    fk = 0.39 * wps + 11.8 * spw - 15.59
    smog = 1.0430 * math.sqrt(c.polysyllables * 30 / c.sentences) + 3.1291 if c.sentences >= 3 else None
    fog = 0.4 * (wps + 100 * c.complex_words / c.words)
    cli = 0.0588 * (100 * c.letters / c.words) - 0.296 * (100 * c.sentences / c.words) - 15.8
    ari = 4.71 * (c.letters / c.words) + 0.5 * wps - 21.43
    dale = None
    if easy_words():
        pct = 100 * c.difficult_words / c.words
        dale = 0.1579 * pct + 0.0496 * wps + (3.6365 if pct > 5 else 0.0)
    grades = [fk, fog, cli, ari] + ([smog] if smog is not None and c.sentences >= SMOG_RELIABLE else [])
    values = {
        "flesch_reading_ease": fre,
        "flesch_kincaid_grade": fk,
        "smog_index": smog,
        "gunning_fog": fog,
        "coleman_liau_index": cli,
        "automated_readability_index": ari,
        "dale_chall": dale,
        "reading_grade": statistics.median(grades),
    }
    return {k: (round(v, 2) if v is not None else None) for k, v in values.items()}


FORMULAS = (
    "flesch_reading_ease", "flesch_kincaid_grade", "smog_index", "gunning_fog", "coleman_liau_index",
    "automated_readability_index", "dale_chall", "reading_grade",
)


def is_body(block: Block, skipped: set[int]) -> bool:
    return block.kind in BODY_KINDS and id(block) not in skipped


def body_sentences(doc: Document) -> list[Sentence]:
    """Sentences of the body prose: not headings, tables, footnotes or the reference list."""
    def build() -> list[Sentence]:
        from .citations import reference_blocks

        skipped = {id(b) for b in reference_blocks(doc)}
        return [s for s in sentences(doc) if is_body(s.block, skipped)]

    return memo(doc, "body_sentences", build)


def document_counts(doc: Document) -> Counts:
    return memo(doc, "readability_counts", lambda: count_sentences(body_sentences(doc), doc))


def _cache(doc: Document) -> dict:
    return memo(doc, "sentence_counts", dict)


def block_scores(doc: Document, block: Block) -> tuple[Counts, dict[str, float | None]]:
    from .sentences import sentences_of

    counts = count_sentences(sentences_of(doc, block), doc)
    return counts, scores(counts)


def metrics(doc: Document) -> dict:
    """The readability part of a file's ``metrics`` in the JSON report."""
    c = document_counts(doc)
    out: dict = {"sentences": c.sentences, "syllables": c.syllables}
    out.update(scores(c))
    notes = []
    if 0 < c.sentences < SMOG_RELIABLE:
        notes.append(
            f"smog_index is unreliable below {SMOG_RELIABLE} sentences (this text has {c.sentences})"
            + ("; it is not given below 3" if c.sentences < 3 else "")
            + "; reading_grade leaves it out"
        )
    if c.words and c.words < 100:
        notes.append(f"readability scores are rough for short texts ({c.words} words)")
    out["notes"] = notes
    return out
