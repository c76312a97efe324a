"""Build Word documents for tests: python-docx for the package, raw XML where it has no API
(tracked changes, comments, footnotes)."""

from __future__ import annotations

import io

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def new_document(author: str | None = None, created=None, modified=None) -> docx.Document:
    """A document without python-docx's template properties (its author and 2013 dates)."""
    document = docx.Document()
    core = document.core_properties
    for child in list(core._element):
        core._element.remove(child)
    if author is not None:
        core.author = author
    if created is not None:
        core.created = created
    if modified is not None:
        core.modified = modified
    return document


def raw_paragraph(document, inner_xml: str):
    """Append a paragraph given as WordprocessingML (w: prefix) and return its element."""
    p = parse_xml(f'<w:p xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{inner_xml}</w:p>')
    document.element.body.insert(len(document.element.body) - 1, p)  # before w:sectPr
    return p


def add_hyperlink(paragraph, text: str, url: str) -> None:
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def to_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_footnotes(data: bytes, notes: dict[str, str]) -> bytes:
    """Add a footnotes part holding ``notes`` (id -> text) to a saved package."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    body = "".join(f'<w:footnote w:id="{i}"><w:p><w:r><w:t xml:space="preserve">{t}</w:t></w:r></w:p></w:footnote>' for i, t in notes.items())
    footnotes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W}">'
                 '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                 f"{body}</w:footnotes>")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
            elif info.filename == "word/_rels/document.xml.rels":
                content = content.replace(b"</Relationships>", b'<Relationship Id="rIdFoot1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>')
            target.writestr(info.filename, content)
        target.writestr("word/footnotes.xml", footnotes)
    return out.getvalue()
