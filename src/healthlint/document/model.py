"""The parsed form of one input: prose blocks, structure, metadata, links and images."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .offsets import OffsetMap
from .source import Position, SourceText

# "front_matter": a prose field of the front matter (description, excerpt...), linted but
# not part of the article's body (readability and structure leave it out).
BLOCK_KINDS = ("heading", "paragraph", "list_item", "blockquote", "table_cell", "footnote", "front_matter")


@dataclass(frozen=True)
class Mark:
    """An inline feature inside a block's prose, in prose coordinates: a link, superscript, emphasis..."""

    kind: str
    start: int
    end: int
    value: str = ""


@dataclass
class Block:
    """One unit of prose: a heading, paragraph, list item, quote, table cell or footnote."""

    kind: str
    text: str
    offsets: OffsetMap
    level: int = 0  # heading level; 0 for other kinds
    marks: list[Mark] = field(default_factory=list)
    label: str = ""  # a footnote's label, an ordered list item's number, or why hidden text is hidden

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets ``[s, e)`` behind the prose span ``[start, end)`` of this block."""
        return self.offsets.span(start, end)


@dataclass(frozen=True)
class Link:
    href: str
    text: str
    start: int  # source offsets of the whole link
    end: int


@dataclass(frozen=True)
class Image:
    src: str
    alt: str | None  # None when the attribute is missing, "" when it is empty
    start: int
    end: int


@dataclass(frozen=True)
class Directive:
    """An inline suppression comment such as ``<!-- healthlint-disable HL101 -- reason -->``."""

    action: str  # disable, enable, disable-next-line, disable-line, disable-file
    selectors: tuple[str, ...]
    reason: str
    start: int
    end: int
    problem: str = ""  # why the comment is not a directive that can be applied (a mistyped action)
    alias: str = ""  # another tool's spelling read as this directive ("vale off"): not reported unused


@dataclass(frozen=True)
class ParseProblem:
    """Something wrong with the input that did not stop parsing (broken front matter...)."""

    code: str
    message: str
    start: int
    end: int


@dataclass
class Document:
    path: str
    format: str  # "text", "markdown" or "html"
    source: SourceText
    blocks: list[Block] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    problems: list[ParseProblem] = field(default_factory=list)
    # Text that sighted readers never see (display:none, off-screen...): not prose, but
    # kept for the hidden-text check. Screen-reader-only text is ordinary prose.
    hidden: list[Block] = field(default_factory=list)
    # Set by the runner before rules run: audience, keyphrase, today... (see engine.runner).
    settings: dict[str, Any] = field(default_factory=dict, repr=False)
    # Analyses shared by several rules (sentences, citations, keywords), built once on demand.
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def position(self, offset: int) -> Position:
        return self.source.position(offset)

    @property
    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "heading"]

    @property
    def title(self) -> str | None:
        """The HTML title or front-matter title, else the first level-1 heading."""
        title = self.metadata.get("title")
        if isinstance(title, str) and title.strip():
            return title.strip()
        for block in self.blocks:
            if block.kind == "heading" and block.level == 1:
                return block.text
        return None

    def prose(self) -> str:
        """All prose, one block per paragraph, for rules that need the whole text."""
        return "\n\n".join(b.text for b in self.blocks)
