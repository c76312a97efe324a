"""Plain-text articles: paragraphs, a title line, list items and short headings.

Plain text has no markup, so structure is inferred from lines:
- a blank line always ends a block;
- a line longer than ``WRAP_WIDTH`` is unwrapped prose, so its line break ends the block
  (copy pasted from the web puts one paragraph on each line);
- a shorter line that ends a sentence ends the block too; otherwise the text was
  hard-wrapped and the line break is a soft break inside the paragraph;
- a short line without closing punctuation, standing alone, is a heading: the first
  one at level 1, later ones at level 2;
- lines opening with a bullet or a number and a dot are list items.
"""

from __future__ import annotations

import re

from .model import Block, Document
from .offsets import ProseBuilder
from .server_code import mask_code_and_comments
from .source import SourceText

WRAP_WIDTH = 100
HEADING_MAX = 80

_BULLET = re.compile(r"[ \t]*(?:[-*•‣◦]|\d{1,3}[.)])[ \t]+")
_ENDS_SENTENCE = re.compile(r"[.!?:;][\"'”’)\]]*\d*\s*$")


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def parse_text(source: SourceText, path: str) -> Document:
    doc = Document(path=path, format="text", source=source)
    groups: list[list[tuple[int, str]]] = [[]]
    for start, line in _lines(mask_code_and_comments(source.text)):  # comments and PHP/ASP code are not prose
        if line.strip():
            groups[-1].append((start, line))
        elif groups[-1]:
            groups.append([])

    for group in groups:
        if not group:
            continue
        if len(group) == 1 and _looks_like_heading(group[0][1]):
            start, line = group[0]
            level = 1 if not doc.blocks else 2
            doc.blocks.append(_block("heading", [(start, line)], level))
            continue
        if len(group) > 1 and _heading_over_text(group[0][1], group[1][1]):
            start, line = group[0]
            doc.blocks.append(_block("heading", [(start, line)], 1 if not doc.blocks else 2))
            group = group[1:]
        current: list[tuple[int, str]] = []
        kind, label = "paragraph", ""
        for start, line in group:
            bullet = _BULLET.match(line)
            if bullet and current:
                doc.blocks.append(_block(kind, current, label=label))
                current = []
            if not current:
                kind = "list_item" if bullet else "paragraph"
                label = ""
                if bullet:
                    label = bullet.group(0).strip().rstrip(".)") if bullet.group(0).strip()[:1].isdigit() else ""
                    start, line = start + bullet.end(), line[bullet.end():]
            current.append((start, line))
            if len(line) > WRAP_WIDTH or _ENDS_SENTENCE.search(line):
                doc.blocks.append(_block(kind, current, label=label))
                current = []
        if current:
            doc.blocks.append(_block(kind, current, label=label))
    doc.blocks = [b for b in doc.blocks if b.text]
    if doc.blocks and doc.blocks[0].kind == "heading":
        doc.metadata["title"] = doc.blocks[0].text
    return doc


def _looks_like_heading(line: str) -> bool:
    stripped = line.strip()
    return (
        len(stripped) <= HEADING_MAX
        and not _ENDS_SENTENCE.search(stripped)
        and not stripped.endswith(",")
        and stripped[:1].isupper()
        and len(stripped.split()) <= 12
    )


# Words a hard-wrapped line can end on but a heading cannot: "...the", "...and", "...of".
_CONTINUES = re.compile(r"(?i)\b(?:the|a|an|and|or|but|of|to|in|on|for|with|by|from|at|as|is|are|was|were|be|that|which|who|your|their|its|our|this|these)\s*$")


_SMALL = frozenset("a an and as at but by for from in of on or the to with".split())


def _heading_over_text(line: str, next_line: str) -> bool:
    """A heading line with its paragraph right below it, no blank line between: "Definitions"
    over "Hypertension: systolic blood pressure...". The heading is short (four words or
    fewer, or in title case), ends without punctuation or a word that carries on, and the
    next line starts a sentence."""
    stripped = line.strip()
    return (
        _looks_like_heading(line)
        and (len(stripped.split()) <= 4 or all(w[:1].isupper() or w.lower() in _SMALL for w in stripped.split()))
        and not _CONTINUES.search(stripped)
        and not _BULLET.match(line)
        and next_line.lstrip()[:1].isupper()
        and len(next_line.strip()) > len(stripped)
    )


def _block(kind: str, lines: list[tuple[int, str]], level: int = 0, label: str = "") -> Block:
    prose = ProseBuilder()
    for i, (start, line) in enumerate(lines):
        if i:
            prose.atomic(" ", start - 1, start)  # the soft line break
        prose.verbatim(line, start)
    return Block(kind=kind, text=prose.text(), offsets=prose.map, level=level, label=label)
