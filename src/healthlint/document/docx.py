"""Word .docx documents: paragraphs numbered as lines, characters as columns.

A Word document has no lines of its own, so the document's source text is built from
its paragraphs: line N is the N-th paragraph of the body (empty ones included, table
cells' paragraphs in reading order) holding that paragraph's visible text. A finding
at line 12, column 5 is the fifth character of paragraph 12. Footnotes follow the body:
their paragraphs are numbered after the last body paragraph.

Library choice. The three candidates were tried on a document with a bold run inside a
word, a hyperlink, a superscript number, an empty paragraph, a comment and tracked
changes (``w:ins`` "good", ``w:del`` "bad"):

- python-docx 1.2 ``Paragraph.text`` gave "Rest is  now.": it drops tracked insertions;
- mammoth 1.13 read the insertion and dropped the deletion, but its HTML drops empty
  paragraphs (so paragraph numbers shift) and keeps no way back to paragraph columns;
- docx2python 3.7 read both right and kept empty paragraphs, but writes hyperlinks into
  the text as ``<a href="...">`` (columns shift) and loses superscripts.

So python-docx opens the package (relationships, styles with their inheritance, core
properties, the footnotes part), and this module reads each paragraph's XML itself:
``w:ins`` and ``w:moveTo`` are read, ``w:del``, ``w:moveFrom``, field instructions,
comment marks and hidden (``w:vanish``) runs are not. python-docx parses parts with
lxml without entity resolution; the archive's declared sizes are checked before any
part is read (zipfile never inflates a member past its declared size), so a zip bomb
or a huge XML part is an input error, not memory exhaustion.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from .model import Block, Document, Image, Link, Mark
from .offsets import ProseBuilder
from .source import SourceText

MAX_PART_BYTES = 64 * 1024 * 1024  # uncompressed, any one part
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # uncompressed, the whole package
MAX_MEMBERS = 20_000
MAX_RATIO = 200  # uncompressed / compressed, for members over 1 MB

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


# Containers whose content is read as if it were inline at their place.
_TRANSPARENT = frozenset(_w(n) for n in ("ins", "moveTo", "smartTag", "customXml", "sdtContent", "fldSimple", "dir", "bdo"))
# Never read: deleted or moved-away text, comment anchors, proofing marks, properties.
_SKIPPED = frozenset(_w(n) for n in ("del", "moveFrom", "commentRangeStart", "commentRangeEnd", "proofErr", "pPr", "rPr", "bookmarkStart", "bookmarkEnd", "sdtPr", "sdtEndPr"))
_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.I)
_HYPERLINK_FIELD = re.compile(r'^\s*HYPERLINK\s+"([^"]*)"')


class DocxError(Exception):
    """Why a .docx cannot be read; the loader turns it into an InputError."""


def looks_like_docx(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04") or data.startswith(_CFB_MAGIC)


def check_archive(data: bytes) -> None:
    """Refuse encrypted, legacy, corrupt and oversized packages before anything is inflated."""
    if data.startswith(_CFB_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise DocxError("password-protected (encrypted) Word document; save a copy without a password to lint it")
        raise DocxError("an Office compound file (a Word 97-2003 .doc, or another Office format), not .docx; save it as .docx to lint it")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, IndexError, KeyError) as exc:
        raise DocxError(f"not a valid .docx (corrupt or not a ZIP archive: {exc})") from None
    if len(infos) > MAX_MEMBERS:
        raise DocxError(f"not a valid .docx: {len(infos)} parts (at most {MAX_MEMBERS})")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_PART_BYTES:
            raise DocxError(f"part {info.filename!r} is {info.file_size:,} bytes uncompressed (limit {MAX_PART_BYTES:,}); refusing to inflate it")
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise DocxError(f"part {info.filename!r} expands {info.file_size // max(1, info.compress_size)} times (a ZIP bomb?); refusing to inflate it")
    if total > MAX_TOTAL_BYTES:
        raise DocxError(f"the package is {total:,} bytes uncompressed (limit {MAX_TOTAL_BYTES:,})")
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names:
        raise DocxError("not a valid .docx (no [Content_Types].xml: corrupt, or not a Word document)")


@dataclass
class _Paragraph:
    text: str = ""
    kind: str = "paragraph"
    level: int = 0
    label: str = ""
    marks: list[Mark] = field(default_factory=list)
    links: list[tuple[str, int, int]] = field(default_factory=list)  # href, start, end in text
    images: list[tuple[str, str | None, int]] = field(default_factory=list)  # name, alt, position


class _Reader:
    """Reads paragraphs' visible text, marks, links and images from WordprocessingML."""

    def __init__(self, part: Any, styles: dict[str, tuple[int, bool]], footnote_numbers: dict[str, str]) -> None:
        self.part = part
        self.styles = styles  # style id -> (heading level or 0, list style)
        self.footnote_numbers = footnote_numbers

    def href(self, element: Any) -> str:
        rid = element.get(f"{{{_R}}}id")
        anchor = element.get(_w("anchor"))
        if rid:
            try:
                rel = self.part.rels[rid]
                return str(rel.target_ref) + (f"#{anchor}" if anchor else "")
            except (KeyError, AttributeError):
                return ""
        return f"#{anchor}" if anchor else ""

    def paragraph(self, p: Any, kind: str = "paragraph") -> _Paragraph:
        out = _Paragraph(kind=kind)
        ppr = p.find(_w("pPr"))
        if ppr is not None:
            style = ppr.find(_w("pStyle"))
            level, is_list = self.styles.get(style.get(_w("val"), "") if style is not None else "", (0, False))
            outline = ppr.find(_w("outlineLvl"))
            if not level and outline is not None and (outline.get(_w("val")) or "").isdigit() and int(outline.get(_w("val"))) < 9:
                level = int(outline.get(_w("val"))) + 1
            if level and kind == "paragraph":
                out.kind, out.level = "heading", level
            elif kind == "paragraph" and (is_list or ppr.find(_w("numPr")) is not None):
                out.kind = "list_item"
        parts: list[str] = []
        state = {"length": 0, "field": [], "superscript": None}

        def emit(text: str) -> None:
            parts.append(text)
            state["length"] += len(text)

        def run(r: Any) -> None:
            rpr = r.find(_w("rPr"))
            if rpr is not None and rpr.find(_w("vanish")) is not None:
                return
            superscript = False
            if rpr is not None:
                align = rpr.find(_w("vertAlign"))
                superscript = align is not None and align.get(_w("val")) == "superscript"
            start = state["length"]
            for child in r:
                tag = child.tag
                if tag == _w("t"):
                    emit((child.text or "").replace("\n", " ").replace("\r", " "))
                elif tag == _w("tab") or tag == _w("ptab"):
                    emit("\t")
                elif tag in (_w("br"), _w("cr")):
                    emit(" ")
                elif tag == _w("noBreakHyphen"):
                    emit("-")
                elif tag == _w("instrText"):
                    found = _HYPERLINK_FIELD.match(child.text or "")
                    if found:
                        state["field"].append((found.group(1), None))
                elif tag == _w("fldChar"):
                    kind_ = child.get(_w("fldCharType"))
                    if kind_ == "separate" and state["field"] and state["field"][-1][1] is None:
                        state["field"][-1] = (state["field"][-1][0], state["length"])
                    elif kind_ == "end" and state["field"]:
                        href, begin = state["field"].pop()
                        if begin is not None and state["length"] > begin:
                            out.links.append((href, begin, state["length"]))
                            out.marks.append(Mark("link", begin, state["length"], href))
                elif tag == _w("footnoteReference"):  # endnotes (their own numbering) are not read
                    number = self.footnote_numbers.get(child.get(_w("id")) or "", "")
                    if number:
                        s = state["length"]
                        emit(number)
                        out.marks.append(Mark("superscript", s, state["length"]))
                elif tag in (_w("drawing"), _w("pict"), _w("object")):
                    for props in child.iter(f"{{{_WP}}}docPr"):
                        alt = props.get("descr")
                        out.images.append((props.get("name") or "image", alt if alt else None, state["length"]))
            if superscript and state["length"] > start:
                out.marks.append(Mark("superscript", start, state["length"]))

        def walk(element: Any) -> None:
            stack = [iter(element)]
            links: list[tuple[str, int, int]] = []  # href, start, depth of its children
            while stack:
                child = next(stack[-1], None)
                if child is None:
                    depth = len(stack)
                    stack.pop()
                    if links and links[-1][2] == depth:  # a hyperlink's children are done
                        href, begin, _ = links.pop()
                        if state["length"] > begin:
                            out.links.append((href, begin, state["length"]))
                            out.marks.append(Mark("link", begin, state["length"], href))
                    continue
                tag = child.tag
                if not isinstance(tag, str) or tag in _SKIPPED:
                    continue
                if tag == _w("r"):
                    run(child)
                elif tag == _w("hyperlink"):
                    stack.append(iter(child))
                    links.append((self.href(child), state["length"], len(stack)))
                elif tag in _TRANSPARENT or tag == _w("sdt"):
                    stack.append(iter(child))

        walk(p)
        out.text = "".join(parts)
        return out


def _style_levels(document: Any) -> dict[str, tuple[int, bool]]:
    """Style id -> (heading level, list style), following each style's based-on chain."""
    levels: dict[str, tuple[int, bool]] = {}
    try:
        styles = list(document.styles)
    except Exception:  # a broken styles part costs the headings, not the document
        return levels
    for style in styles:
        level, is_list, current, seen = 0, False, style, 0
        while current is not None and seen < 20:
            name = (getattr(current, "name", "") or "").strip()
            found = _HEADING_NAME.match(name)
            if found:
                level = int(found.group(1))
                break
            if name.lower() == "title":
                level = 1
                break
            outline = getattr(current, "element", None)
            outline = outline.find(f"{_w('pPr')}/{_w('outlineLvl')}") if outline is not None else None
            value = outline.get(_w("val"), "") if outline is not None else ""
            if value.isdigit() and int(value) < 9:  # a house style that Word's outline treats as a heading
                level = int(value) + 1
                break
            if name.lower().startswith("list"):
                is_list = True
            try:
                current = current.base_style
            except Exception:
                break
            seen += 1
        style_id = getattr(style, "style_id", None)
        if style_id:
            levels[style_id] = (level, is_list)
    return levels


def _body_paragraphs(body: Any) -> list[tuple[Any, str]]:
    """(w:p, kind) for every paragraph of the body in reading order, table cells included."""
    out: list[tuple[Any, str]] = []
    stack = [(iter(body), "paragraph")]
    while stack:
        items, kind = stack[-1]
        child = next(items, None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if tag == _w("p"):
            out.append((child, kind))
        elif tag == _w("tc"):
            stack.append((iter(child), "table_cell"))
        elif tag in (_w("tbl"), _w("tr"), _w("sdt"), _w("sdtContent"), _w("customXml"), _w("ins"), _w("moveTo")):
            stack.append((iter(child), kind))
    return out


def _footnotes(document: Any) -> tuple[Any, list[tuple[str, Any]]]:
    """The footnotes part and its real notes (id, w:footnote), separators left out."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            part = rel.target_part
            try:
                from docx.oxml.parser import parse_xml

                root = parse_xml(part.blob)
            except Exception:
                return None, []
            notes = [(note.get(_w("id")) or "", note) for note in root.iter(_w("footnote")) if note.get(_w("type")) in (None, "normal")]
            return part, notes
    return None, []


def parse_docx(data: bytes, path: str) -> Document:
    check_archive(data)
    try:
        import docx
    except ImportError:  # pragma: no cover - python-docx is a default dependency
        raise DocxError("reading .docx needs python-docx (pip install python-docx)") from None
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise DocxError(f"not a valid .docx ({type(exc).__name__}: {exc})") from None
    styles = _style_levels(document)
    notes_part, notes = _footnotes(document)
    # Word numbers footnotes in the order they are referenced; ids are not numbers readers see.
    referenced = [el.get(_w("id")) for el in body.iter(_w("footnoteReference"))]
    numbers: dict[str, str] = {}
    for note_id in referenced:
        if note_id and note_id not in numbers:
            numbers[note_id] = str(len(numbers) + 1)
    reader = _Reader(document.part, styles, numbers)
    paragraphs = [reader.paragraph(p, kind) for p, kind in _body_paragraphs(body)]
    if notes_part is not None:
        note_reader = _Reader(notes_part, styles, {})
        for note_id, note in sorted(notes, key=lambda n: int(numbers.get(n[0], "0") or 0) or 10**9):
            for p in note.iter(_w("p")):
                para = note_reader.paragraph(p, "footnote")
                para.label = numbers.get(note_id, note_id)
                paragraphs.append(para)
    return _document(paragraphs, path, document)


def _document(paragraphs: list[_Paragraph], path: str, package: Any) -> Document:
    lines = [p.text for p in paragraphs]
    source = SourceText.from_raw("\n".join(lines))
    doc = Document(path=path, format="docx", source=source)
    offset = 0
    for para in paragraphs:
        text = para.text
        lead = len(text) - len(text.lstrip())
        prose = ProseBuilder()
        prose.verbatim(text, offset)
        block_text = prose.text()
        if block_text:
            marks = [Mark(m.kind, max(0, m.start - lead), min(len(block_text), m.end - lead), m.value) for m in para.marks if m.end - lead > 0 and m.start - lead < len(block_text)]
            doc.blocks.append(Block(para.kind, block_text, prose.map, para.level, marks, label=para.label))
        for href, start, end in para.links:
            doc.links.append(Link(href=href, text=text[start:end].strip(), start=offset + start, end=offset + end))
        for name, alt, at in para.images:
            doc.images.append(Image(src=name, alt=alt, start=offset + at, end=offset + at))
        offset += len(text) + 1
    _core_metadata(doc, package)
    return doc


def _core_metadata(doc: Document, package: Any) -> None:
    """Author, dates and title from the document's core properties (File > Info in Word)."""
    try:
        core = package.core_properties
        values = {"author": core.author, "created": core.created, "modified": core.modified, "title": core.title, "keywords": core.keywords}
    except Exception:  # unreadable properties cost the metadata, not the prose
        values = {}
    for key, value in values.items():
        if value not in (None, ""):
            doc.metadata[key] = value.strip() if isinstance(value, str) else value
    if not doc.metadata.get("title"):
        first = next((b for b in doc.blocks if b.kind == "heading" and b.level == 1), None)
        if first is not None:
            doc.metadata["title"] = first.text
