"""Fuzz targets for the Word and WordPress readers, bounded like test_fuzz_parsers.py.

Any bytes must load, or fail with an InputError that says why; never another exception
(a traceback for the user), and never a finding outside the file.
"""

from __future__ import annotations

import io
import os
import zipfile

from docx_builder import new_document, raw_paragraph, to_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_wordpress import HEAD, TAIL, item

from healthlint.config import Config
from healthlint.document import InputError, load_bytes
from healthlint.linting import lint_bytes

FAST = Config(ignore=("HL150", "HL151"))
BOUNDED = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "120")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _valid_docx() -> bytes:
    document = new_document(author="Lee Chen, RN")
    document.add_paragraph("Knee pain", style="Heading 1")
    p = document.add_paragraph("Sleep has a big ")
    p.add_run("aff").bold = True
    p.add_run("ect on mood.")
    raw_paragraph(document, '<w:ins w:id="1" w:author="A"><w:r><w:t>Rest.</w:t></w:r></w:ins><w:del w:id="2" w:author="A"><w:r><w:delText>x</w:delText></w:r></w:del>')
    return to_bytes(document)


VALID_DOCX = _valid_docx()
_MEMBERS = zipfile.ZipFile(io.BytesIO(VALID_DOCX)).namelist()


@st.composite
def damaged_docx(draw) -> bytes:
    """A real package with bytes flipped, cut short, or one part replaced by junk XML."""
    how = draw(st.sampled_from(["flip", "truncate", "part"]))
    if how == "flip":
        data = bytearray(VALID_DOCX)
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    if how == "truncate":
        return VALID_DOCX[: draw(st.integers(0, len(VALID_DOCX)))]
    target = draw(st.sampled_from(_MEMBERS))
    junk = draw(st.lists(st.sampled_from([b"<w:p>", b"</w:p>", b"<w:t>", b"</w:t>", b"<w:ins>", b"<w:del>", b"&amp;", b"&x;", b"<!DOCTYPE a>", b"\x00", b"text", "é".encode()]), max_size=20).map(b"".join))
    source = zipfile.ZipFile(io.BytesIO(VALID_DOCX))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in _MEMBERS:
            archive.writestr(name, junk if name == target else source.read(name))
    return out.getvalue()


@BOUNDED
@given(st.one_of(damaged_docx(), st.binary(max_size=200).map(lambda b: b"PK\x03\x04" + b)))
def test_any_docx_bytes_load_or_give_an_input_error(data):
    try:
        doc, _ = load_bytes(data, "draft.docx")
    except InputError as exc:
        assert str(exc)
        return
    for block in doc.blocks:
        start, end = block.source_span(0, len(block.text))
        assert 0 <= start <= end <= len(doc.source.text)


XML_TOKENS = ["<p>", "</p>", "<![CDATA[", "]]>", "&amp;", "&lt;p&gt;", "&#x1F600;", "&#0;", "&bogus;", "<!-- wp:paragraph -->", "\n\n", "\r\n",
              "an affect ", "Exercise give ", "<item>", "</item>", "<title>", "</content:encoded>", "<wp:status>", "é", "😀", "\x00", "\x1b[31m", "<"]
CONTENT = st.lists(st.sampled_from(XML_TOKENS), max_size=25).map("".join)


@BOUNDED
@given(CONTENT, CONTENT, st.booleans())
def test_any_export_lints_or_gives_an_input_error(content, title, cdata):
    raw = HEAD + item("fuzz", content, title=title, cdata=cdata) + item("page", content, kind="page", cdata=not cdata) + TAIL
    data = raw.encode("utf-8", "surrogatepass")
    result = lint_bytes(data, "export.xml", FAST)
    assert not [e for e in result.errors if e["kind"] != "input"], result.errors
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for post in result.parts:
        assert not post.errors, post.errors
        for f in post.findings:
            assert 1 <= f.line <= f.end_line <= len(lines)
            assert 1 <= f.column <= len(lines[f.line - 1]) + 1


@BOUNDED
@given(st.binary(max_size=300))
def test_any_bytes_after_an_export_head_give_results_or_an_input_error(tail):
    result = lint_bytes(HEAD.encode() + tail, "export.xml", FAST)
    assert not [e for e in result.errors if e["kind"] != "input"], result.errors
    assert result.errors or result.parts or result.format == "wordpress"
