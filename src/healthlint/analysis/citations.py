"""Citation markers in the text and entries of the reference list.

Markers come in four forms: superscripts (``<sup>1</sup>``, with or without a link),
brackets (``[1]``, ``[1, 3]``, ``[2-4]``), Markdown footnotes (``[^1]``) and plain
numbers glued to a word or full stop ("activities.1"). The reference list is found
under a heading such as "References", as footnote definitions, or as numbered entries
that close the document ("1Shaw, Gina. ... 2013").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..document import Block, Document
from ..packs import word_lists
from . import memo

_NUMBERS = r"\d{1,3}(?:\s*[,–-]\s*\d{1,3})*"
_BRACKET = re.compile(r"\[(" + _NUMBERS + r")\]")
# A citation number glued to a lower-case word, a closing bracket or sentence punctuation.
_PLAIN = re.compile(r"(?<=[a-z)\]”\"’.,;:])(\d{1,3}(?:[,–-]\d{1,3})*)(?=[\s.,;:)]|$)")
_YEAR = re.compile(r"(?<!\d)(1[89]\d{2}|20\d{2})(?!\d)")
_ENTRY_NUMBER = re.compile(r"\s*\[?(\d{1,3})(?:[.)\]:]\s*|\s+|(?=[A-Z“\"‘']))")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"”]+", re.IGNORECASE)
_DOI = re.compile(r"\b(?:doi:?\s*|https?://(?:dx\.)?doi\.org/)(\S+)", re.IGNORECASE)
_GOOD_DOI = re.compile(r"10\.\d{4,9}/\S+")
_PMID = re.compile(r"\bPMID:?\s*(\S+)", re.IGNORECASE)
_ACCESSED = re.compile(r"\b(?:accessed|retrieved|cited|viewed)\b[^.;]*", re.IGNORECASE)
# An inline citation that is not a numbered marker: author and year, "(Lee, 2021)",
# "(Lee & Park 2019b)", "(2020)", or the start of a bracketed number, "[1". The evidence
# and claim rules ask whether a sentence or paragraph has one.
INLINE_CITATION = re.compile(r"\((?:[A-Z][A-Za-z&.' -]+,? )?(?:19|20)\d{2}[a-z]?\)|\[\d")
_VOLUME = re.compile(r"(\d{4})\s*(?:[A-Z][a-z]{2}\.?\s*(?:\d{1,2})?)?\s*;\s*(\d+)\s*(?:\((\d+[-–]?\d*)\))?\s*:\s*([A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?)")


def expand(numbers: str) -> tuple[int, ...]:
    """ "1, 3-5" -> (1, 3, 4, 5); absurd ranges are kept as their two ends."""
    out: list[int] = []
    for part in re.split(r"\s*,\s*", numbers.strip()):
        if not part:
            continue
        bounds = re.split(r"\s*[–-]\s*", part)
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            low, high = int(bounds[0]), int(bounds[1])
            out.extend(range(low, high + 1) if 0 < high - low < 50 else (low, high))
        elif part.isdigit():
            out.append(int(part))
    return tuple(out)


@dataclass(frozen=True)
class Marker:
    block: Block
    start: int  # prose offsets; equal for a footnote reference, which has no prose text
    end: int
    style: str  # superscript, bracket, footnote or plain
    numbers: tuple[int, ...] = ()
    label: str = ""  # a footnote's label
    source: tuple[int, int] | None = None  # source span when it cannot come from the prose

    def span(self) -> tuple[int, int]:
        return self.source or self.block.source_span(self.start, self.end)

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.label,) if self.label else tuple(str(n) for n in self.numbers)


@dataclass
class Reference:
    block: Block | None
    key: str  # the number or footnote label
    start: int  # prose offsets of the entry text (after its number)
    end: int
    text: str
    number_span: tuple[int, int] | None = None  # prose span of the leading number
    glued: bool = False
    fields: dict = field(default_factory=dict)
    source: tuple[int, int] | None = None  # for footnote definitions that produced no block

    def span(self) -> tuple[int, int]:
        if self.source:
            return self.source
        assert self.block is not None
        return self.block.source_span(self.start, self.end)


@dataclass
class Citations:
    markers: list[Marker]
    references: list[Reference]
    section_blocks: list[Block]

    @property
    def cited_keys(self) -> set[str]:
        return {k for m in self.markers for k in m.keys}

    def unresolved(self) -> list[Marker]:
        keys = {r.key for r in self.references}
        return [m for m in self.markers if any(k not in keys for k in m.keys)]

    def unused(self) -> list[Reference]:
        cited = self.cited_keys
        return [r for r in self.references if r.key not in cited]

    def summary(self) -> dict:
        years = [r.fields["year"] for r in self.references if r.fields.get("year")]
        return {
            "markers": len(self.markers),
            "references": len(self.references),
            "unresolved": len(self.unresolved()),
            "unused": len(self.unused()),
            "oldest_year": min(years) if years else None,
        }


@lru_cache(maxsize=1)
def _section_heading() -> re.Pattern:
    names = sorted(word_lists("citations")["section_headings"], key=len, reverse=True)
    return re.compile(r"^\s*(?:\d+\.?\s*)?(?:" + "|".join(re.escape(n) for n in names) + r")\s*:?\s*$", re.IGNORECASE)


def _looks_like_entry(text: str) -> bool:
    return bool(_YEAR.search(text) or _URL.search(text) or _DOI.search(text))


_AUTHOR_LIST = re.compile(r"\bet al\b|^\s*(?:\d{1,3}[.)]?\s*)?[A-Z][\w'’-]+,? (?:[A-Z]{1,3}|[A-Z]\.(?: ?[A-Z]\.)*)[,.;]")


def _reads_as_reference(text: str) -> bool:
    """A year, a link, a DOI or PMID, or an author list ('Lee J, Park S.', 'et al.')."""
    return _looks_like_entry(text) or bool(_PMID.search(text) or _AUTHOR_LIST.search(text))


def _holds_references(section: list[Block]) -> bool:
    """Whether the blocks under a reference-like heading are references: at least half of
    its entries read as one. Decided by content, since 'Notes' or 'Sources' may head prose."""
    entries = [b for b in section if b.kind in ("paragraph", "list_item", "footnote")]
    if not entries:
        return True  # an empty list under "References" is still the reference list
    return 2 * sum(1 for b in entries if _reads_as_reference(b.text)) >= len(entries)


def reference_blocks(doc: Document) -> list[Block]:
    return citations(doc).section_blocks


def _find_section(doc: Document) -> list[Block]:
    blocks = doc.blocks
    heading = _section_heading()
    for i, block in enumerate(blocks):
        if block.kind == "heading" and heading.match(block.text):
            section = []
            for later in blocks[i + 1 :]:
                if later.kind == "heading" and (later.level <= block.level or doc.format == "text"):
                    break
                section.append(later)
            if _holds_references(section):
                return section
            # A "Notes" heading over ordinary prose is not a reference list: its text stays
            # prose (counted, read, checked), and a later heading may still hold one.
    # No heading: numbered entries that close the document.
    tail: list[Block] = []
    for block in reversed(blocks):
        if block.kind in ("paragraph", "list_item") and _looks_like_entry(block.text) and (
            _ENTRY_NUMBER.match(block.text) and _ENTRY_NUMBER.match(block.text).group(1) or block.label.isdigit()
        ):
            tail.append(block)
        else:
            break
    return list(reversed(tail))


def parse_fields(text: str) -> dict:
    fields: dict = {}
    accessed = _ACCESSED.search(text)
    fields["accessed"] = bool(accessed)
    body = text[: accessed.start()] + text[accessed.end() :] if accessed else text
    url = _URL.search(text)
    fields["url"] = url.group(0).rstrip(".,;)") if url else None
    doi = _DOI.search(text)
    fields["doi"] = doi.group(1).rstrip(".,;") if doi else None
    pmid = _PMID.search(text)
    fields["pmid"] = pmid.group(1).rstrip(".,;") if pmid else None
    clean = _URL.sub(" ", _DOI.sub(" ", body))
    years = [int(y) for y in _YEAR.findall(clean)]
    fields["year"] = years[-1] if years else None
    volume = _VOLUME.search(clean)
    if volume:
        fields.update(volume=volume.group(2), issue=volume.group(3), pages=volume.group(4))
    parts = [p.strip() for p in re.split(r"(?<=[.?!”\"])\s+(?=[A-Z“\"‘0-9])", text) if p.strip()]
    quoted = re.search(r"[“\"]([^”\"]+)[”\"]", text)
    fields["authors"] = parts[0] if parts and not quoted or (quoted and parts and not parts[0].startswith(("“", '"'))) else None
    fields["title"] = quoted.group(1) if quoted else (parts[1] if len(parts) > 1 else None)
    fields["title_quoted"] = bool(quoted)
    fields["source"] = parts[2] if len(parts) > 2 else None
    return fields


def _references(doc: Document, section: list[Block]) -> list[Reference]:
    refs: list[Reference] = []
    position = 0
    for block in section:
        if block.kind not in ("paragraph", "list_item", "footnote"):
            continue
        text = block.text
        if block.kind == "footnote":
            refs.append(Reference(block, block.label, 0, len(text), text, fields=parse_fields(text)))
            continue
        position += 1
        match = _ENTRY_NUMBER.match(text)
        if match and match.group(1):
            glued = match.end() == match.end(1) and match.end() < len(text) and not text[match.end()].isspace()
            key = match.group(1)
            start = match.end()
            refs.append(Reference(block, key, start, len(text), text[start:], (match.start(1), match.end(1)), glued, parse_fields(text[start:])))
        else:
            key = block.label if block.label.isdigit() else str(position)
            refs.append(Reference(block, key, 0, len(text), text, fields=parse_fields(text)))
    # Footnote definitions never referenced produce no block in Markdown; find them in the source.
    if doc.format == "markdown":
        seen = {r.key for r in refs}
        for match in re.finditer(r"^\[\^([^\]\s]+)\]:[ \t]*(.*)$", doc.source.text, re.MULTILINE):
            if match.group(1) not in seen:
                refs.append(Reference(None, match.group(1), 0, 0, match.group(2), fields=parse_fields(match.group(2)), source=match.span()))
    return refs


def _markers(doc: Document, skip: set[int]) -> list[Marker]:
    out: list[Marker] = []
    source = doc.source.text
    for block in doc.blocks:
        if id(block) in skip or block.kind == "heading":
            continue
        text = block.text
        covered: list[tuple[int, int]] = []
        for mark in block.marks:
            if mark.kind == "superscript":
                inner = text[mark.start : mark.end].strip("[]() ")
                if re.fullmatch(_NUMBERS, inner):
                    out.append(Marker(block, mark.start, mark.end, "superscript", expand(inner)))
                    covered.append((mark.start, mark.end))
            elif mark.kind == "footnote_ref":
                at = block.source_span(mark.start, mark.start)[0]
                needle = f"[^{mark.value}]"
                found = source.find(needle, max(0, at - len(needle)))
                span = (found, found + len(needle)) if found >= 0 else None
                numbers = (int(mark.value),) if mark.value.isdigit() else ()
                out.append(Marker(block, mark.start, mark.end, "footnote", numbers, mark.value, span))
        links = [(m.start, m.end) for m in block.marks if m.kind == "link"]
        for match in _BRACKET.finditer(text):
            out.append(Marker(block, match.start(), match.end(), "bracket", expand(match.group(1))))
            covered.append(match.span())
        for match in _PLAIN.finditer(text):
            s, e = match.span()
            if any(a <= s and e <= b for a, b in covered + links):
                continue
            if not _plain_is_citation(text, s, e):
                continue
            out.append(Marker(block, s, e, "plain", expand(match.group(1))))
    out.sort(key=lambda m: m.span())
    return out


def _plain_is_citation(text: str, start: int, end: int) -> bool:
    before = text[start - 1]
    if before in ".,;:”\"’)]":
        # "pain.1 Exercise" or "pain.1" at the end; not "version 2.1" or "1:2"
        prev = text[max(0, start - 2)]
        return prev.isalpha() or prev in ")”\"’"
    # Glued straight to a word: "activities1". Not units, chemistry or codes.
    word = re.search(r"[A-Za-z]+$", text[:start])
    return bool(word) and len(word.group(0)) >= 4 and word.group(0).islower()


def citations(doc: Document) -> Citations:
    def build() -> Citations:
        section = _find_section(doc)
        footnotes = [b for b in doc.blocks if b.kind == "footnote" and b not in section]
        section = section + footnotes
        skip = {id(b) for b in section}
        return Citations(_markers(doc, skip), _references(doc, section), section)

    return memo(doc, "citations", build)
