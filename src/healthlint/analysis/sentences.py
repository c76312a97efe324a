"""Sentences and words, found inside the Document's blocks.

Structure comes from the Document: a block (paragraph, heading, list item...) is never
joined to the next, so a blank line or a heading always ends a sentence. Inside a block
a sentence ends at ``.``, ``!``, ``?`` or an ellipsis followed by space and a word that
can begin a sentence, except after abbreviations ("Dr.", "e.g.", "Fig."), initials
("J. Smith") and inside numbers ("2.5 mg"). A citation number glued after the full stop
("activities.1 Exercise") stays with its sentence. One- and two-word sentences
("Stop now.") are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..document import Block, Document
from ..packs import word_lists
from . import memo

# A number ("2.5", "1,000", "19th", "5mg"), dotted initials ("U.S.", "e.g."), or a word
# with inner apostrophes and hyphens ("don't", "COVID-19").
WORD = re.compile(r"\d+(?:[.,:]\d+)*[^\W\d_]*|[^\W\d_](?:\.[^\W\d_])+\.?|[^\W_]+(?:['’\-][^\W_]+)*")
# A word of letters only, with inner apostrophes and hyphens: the keyword and spelling passes.
LETTER_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# End punctuation, closing quotes or brackets, an optional glued citation number, then space.
_END = re.compile(r"([.!?…]+)([\"'”’)\]]*)(\d{1,3}(?:[,–-]\d{1,3})*)?(?=\s|$)")
_OPENERS = re.compile(r"\s+[\"'“‘(\[]*([^\W_]|\d)")


@dataclass(frozen=True)
class Sentence:
    block: Block
    start: int  # prose offsets in block.text
    end: int

    @cached_property  # one string for every rule: it keeps its hash for the per-text caches
    def text(self) -> str:
        return self.block.text[self.start : self.end]

    def words(self) -> list[re.Match]:
        return list(WORD.finditer(self.block.text, self.start, self.end))


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[frozenset[str], frozenset[str]]:
    lists = word_lists("english")
    return frozenset(lists["abbreviations_inside"]), frozenset(lists["abbreviations_final"])


def split_block(block: Block) -> list[Sentence]:
    text = block.text
    inside, final = _abbreviations()
    out: list[Sentence] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        after = _OPENERS.match(text, end)
        if end < len(text) and not after:
            continue
        next_char = after.group(1) if after else ""
        punct = match.group(1)
        if match.group(3) and (match.start() == 0 or text[match.start() - 1].isdigit()):
            continue  # a decimal such as "2.5", not a glued citation
        if punct == "." or punct == "…" or punct == "...":
            token = text[text.rfind(" ", start, match.start()) + 1 : match.start()].lstrip("(\"'“‘[").lower()
            if not match.group(3):  # a glued citation number is a clear boundary
                if token in inside:
                    continue
                if len(token) == 1 and token.isalpha() and token not in "ai":
                    continue  # an initial: "J. Smith"
                if next_char and next_char.islower():
                    continue
                if token in final and next_char and not next_char.isupper():
                    continue
        if text[start:end].strip():
            out.append(Sentence(block, _skip_space(text, start), end))
        start = end
    if text[start:].strip():
        out.append(Sentence(block, _skip_space(text, start), len(text.rstrip())))
    return out


def _skip_space(text: str, start: int) -> int:
    while start < len(text) and text[start].isspace():
        start += 1
    return start


def sentences(doc: Document) -> list[Sentence]:
    """Every sentence of every block, in document order."""
    return memo(doc, "sentences", lambda: [s for block in doc.blocks for s in split_block(block)])


def sentences_of(doc: Document, block: Block) -> list[Sentence]:
    index = memo(doc, "sentences_by_block", lambda: _by_block(doc))
    return index.get(id(block), [])


def _by_block(doc: Document) -> dict[int, list[Sentence]]:
    index: dict[int, list[Sentence]] = {}
    for sentence in sentences(doc):
        index.setdefault(id(sentence.block), []).append(sentence)
    return index


def words(text: str) -> list[str]:
    return WORD.findall(text)
