"""Focus-keyphrase arithmetic, following Yoast SEO's keyphrase density assessment.

- The keyphrase's content words are matched (function words dropped), unless the
  keyphrase is in double quotes, which asks for the exact phrase.
- A sentence counts as many matches as the least frequent keyphrase word has in it.
- density = matches / words x 100; the assessment weights it by 0.7 + n/3 for an
  n-word keyphrase, so longer keyphrases need fewer repetitions.
- Good: 0.5-3.5 % weighted (Yoast's upper bound with word forms, which healthlint
  always matches: "doctor" also finds "doctors"); over 4 % is far too many; exactly one
  match is too few; texts under 100 words use fixed counts.

Where healthlint differs from free Yoast: word forms are always grouped, and sentences
come from healthlint's own splitter.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from ..document import Document
from .keywords import function_words, tokens, word_form
from .readability import body_sentences
from .sentences import WORD


def keyphrase_words(keyphrase: str) -> tuple[list[str], bool]:
    """(word forms to match, exact?)."""
    text = keyphrase.strip()
    exact = len(text) > 1 and text[0] in "\"“" and text[-1] in "\"”"
    words = [w.lower() for w in tokens(text.strip("\"“”"))]
    if exact:
        return words, True
    content = [w for w in words if w not in function_words()]
    return [word_form(w) for w in (content or words)], False


def count_in(text: str, words: list[str], exact: bool) -> int:
    if not words:
        return 0
    if exact:
        pattern = r"(?<![\w'’-])" + r"\s+".join(re.escape(w) for w in words) + r"(?![\w'’-])"
        return len(re.findall(pattern, text, re.I))
    found: Counter = Counter()
    for token in tokens(text):
        found[word_form(token)] += 1
        if "-" in token:  # "key-word" also matches the keyphrase "key word"
            found.update(word_form(part) for part in token.split("-") if part)
    return min(found[w] for w in words)


@dataclass
class Density:
    matches: int
    words: int
    density: float  # percent
    weighted: float  # density x (0.7 + n/3)
    minimum: int  # recommended counts
    maximum: int
    verdict: str  # none, too-few, good, over, way-over


def density(doc_or_sentences, keyphrase: str, total_words: int | None = None, max_density: float = 3.5) -> Density:
    words, exact = keyphrase_words(keyphrase)
    sentences = body_sentences(doc_or_sentences) if isinstance(doc_or_sentences, Document) else doc_or_sentences
    texts = [s.text if hasattr(s, "text") else str(s) for s in sentences]
    matches = sum(count_in(t, words, exact) for t in texts)
    total = total_words if total_words is not None else sum(len(WORD.findall(t)) for t in texts)
    return assess(matches, total, len(words), max_density)


def assess(matches: int, total: int, length: int, max_density: float = 3.5) -> Density:
    factor = 0.7 + length / 3
    pct = 100 * matches / total if total else 0.0
    weighted = pct * factor
    minimum = max(2, math.ceil(0.5 * total / (100 * factor))) if total else 2
    maximum = max(2, math.floor(max_density * total / (100 * factor))) if total else 2
    if total < 100:
        limits = (2, 3) if total > 50 else (1, 2)
        verdict = "none" if matches == 0 else "good" if matches <= limits[0] else "over" if matches == limits[1] else "way-over"
    elif matches == 0:
        verdict = "none"
    elif matches == 1 or weighted < 0.5:
        verdict = "too-few"
    elif weighted <= max_density:
        verdict = "good"
    elif weighted <= 4:
        verdict = "over"
    else:
        verdict = "way-over"
    return Density(matches, total, pct, weighted, minimum, maximum, verdict)
