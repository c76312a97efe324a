"""Word .docx input: paragraphs as lines, tracked changes, structure, metadata, bad files."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from click.testing import CliRunner
from conftest import ROOT
from docx_builder import W, add_hyperlink, new_document, raw_paragraph, to_bytes, with_footnotes

from healthlint.analysis.metadata import trust
from healthlint.cli import main
from healthlint.config import Config
from healthlint.document import InputError, load_bytes
from healthlint.linting import lint_bytes, lint_file

FAST = Config(ignore=("HL150", "HL151"))


def load(data: bytes):
    doc, notes = load_bytes(data, "draft.docx")
    assert notes == []
    return doc


def sample_docx(path) -> None:
    """samples/clinic-blog.txt as Word writes it: one paragraph per line, the title in Heading 1."""
    lines = (ROOT / "samples" / "clinic-blog.txt").read_text(encoding="utf-8").split("\n")
    if lines[-1] == "":
        lines.pop()
    document = new_document()
    for i, line in enumerate(lines):
        document.add_paragraph(line, style="Heading 1" if i == 0 else None)
    path.write_bytes(to_bytes(document))


def _places(result):
    return sorted((f.rule, f.line, f.column, f.end_line, f.end_column) for f in result.findings)


def test_the_sample_as_a_word_document_gets_the_text_files_findings(tmp_path):
    sample_docx(tmp_path / "clinic-blog.docx")
    as_text = lint_file(ROOT / "samples" / "clinic-blog.txt", FAST)
    as_word = lint_file(tmp_path / "clinic-blog.docx", FAST)
    assert not as_word.errors and as_word.format == "docx"
    word, text = _places(as_word), _places(as_text)
    # Word carries hyperlinks and plain text cannot, so only a Word draft of 300+ words can
    # miss its outside links (HL316, at the title); every other finding is the same, in place.
    assert [p for p in word if p not in text] == [("HL316", 1, 1, 1, 36)]
    assert [p for p in text if p not in word] == []
    assert len(text) >= 15
    rules = {p[0] for p in word}
    affect = next(f for f in as_word.findings if f.rule == "HL101")
    source_line = (ROOT / "samples" / "clinic-blog.txt").read_text(encoding="utf-8").split("\n")[affect.line - 1]
    assert source_line[affect.column - 1 : affect.end_column - 1] == "affect"
    assert {"HL101", "HL803"} <= rules


def test_paragraphs_are_lines_and_empty_ones_count():
    document = new_document()
    document.add_paragraph("Knee pain", style="Heading 1")
    document.add_paragraph("")
    document.add_paragraph("")
    p = document.add_paragraph("Sleep has a big ")
    p.add_run("aff").bold = True  # bold in mid-word: one word across two runs
    p.add_run("ect on mood.")
    doc = load(to_bytes(document))
    assert doc.source.line_count == 4
    assert doc.source.line_text(4) == "Sleep has a big affect on mood."
    result = lint_bytes(to_bytes(document), "draft.docx", Config(select=("HL101",)))
    [finding] = result.findings
    assert (finding.line, finding.column, finding.end_column) == (4, 17, 23)


def test_tracked_insertions_are_read_and_deletions_and_comments_are_not():
    document = new_document()
    raw_paragraph(document, (
        '<w:r><w:t xml:space="preserve">Rest is </w:t></w:r>'
        '<w:ins w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r><w:t>good</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>bad</w:delText></w:r></w:del>'
        '<w:commentRangeStart w:id="0"/><w:r><w:t xml:space="preserve"> for knees.</w:t></w:r><w:commentRangeEnd w:id="0"/>'
        '<w:r><w:commentReference w:id="0"/></w:r>'
        '<w:moveFrom w:id="3" w:author="A"><w:r><w:t>moved away</w:t></w:r></w:moveFrom>'
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r>'
    ))
    doc = load(to_bytes(document))
    assert [b.text for b in doc.blocks] == ["Rest is good for knees."]
    assert doc.source.text == "Rest is good for knees."


def test_hyperlinks_tables_headings_lists_and_footnotes():
    document = new_document()
    document.add_paragraph("Knee pain", style="Title")
    document.add_paragraph("Causes", style="Heading 2")
    p = document.add_paragraph("See ")
    add_hyperlink(p, "the CDC", "https://www.cdc.gov/arthritis/")
    p.add_run(" for more.")
    document.add_paragraph("Walk every day", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Ice"
    table.cell(0, 1).text = "Twice a day"
    raw_paragraph(document, '<w:r><w:t>Exercise helps daily activities.</w:t></w:r><w:r><w:footnoteReference w:id="7"/></w:r>')
    data = with_footnotes(to_bytes(document), {"7": "Lee J. Exercise and knees. JAMA. 2021;1:2."})
    doc = load(data)
    kinds = [(b.kind, b.level, b.text) for b in doc.blocks]
    assert kinds == [
        ("heading", 1, "Knee pain"),
        ("heading", 2, "Causes"),
        ("paragraph", 0, "See the CDC for more."),
        ("list_item", 0, "Walk every day"),
        ("table_cell", 0, "Ice"),
        ("table_cell", 0, "Twice a day"),
        ("paragraph", 0, "Exercise helps daily activities.1"),
        ("footnote", 0, "Lee J. Exercise and knees. JAMA. 2021;1:2."),
    ]
    assert doc.blocks[-1].label == "1"
    assert doc.source.line_text(8) == "Lee J. Exercise and knees. JAMA. 2021;1:2."  # after the body
    [link] = doc.links
    assert (link.href, link.text) == ("https://www.cdc.gov/arthritis/", "the CDC")
    assert doc.source.text[link.start : link.end] == "the CDC"
    assert doc.title == "Knee pain"
    superscript = [m for m in doc.blocks[6].marks if m.kind == "superscript"]
    assert [doc.blocks[6].text[m.start : m.end] for m in superscript] == ["1"]


def test_a_custom_heading_style_based_on_a_heading_is_a_heading():
    document = new_document()
    style = document.styles.add_style("Clinic Section", 1)  # WD_STYLE_TYPE.PARAGRAPH
    style.base_style = document.styles["Heading 3"]
    document.add_paragraph("Knee pain", style="Heading 1")
    document.add_paragraph("When to see a doctor", style="Clinic Section")
    outlined = document.styles.add_style("House Heading", 1)
    outlined.element.get_or_add_pPr().append(__import__("docx").oxml.parse_xml(f'<w:outlineLvl xmlns:w="{W}" w:val="1"/>'))
    document.add_paragraph("Causes", style="House Heading")
    doc = load(to_bytes(document))
    assert [(b.kind, b.level) for b in doc.blocks] == [("heading", 1), ("heading", 3), ("heading", 2)]
    result = lint_bytes(to_bytes(document), "draft.docx", Config(select=("HL313",)))
    assert [(f.rule, f.line) for f in result.findings] == [("HL313", 2)]  # H3 after H1


def test_core_properties_feed_the_metadata_rules():
    document = new_document(author="Lee Chen, RN", created=dt.datetime(2025, 1, 10, 9, 0), modified=dt.datetime(2025, 6, 1, 9, 0))
    document.add_paragraph("Knee pain", style="Heading 1")
    document.add_paragraph("Rest your knee.")
    data = to_bytes(document)
    found = trust(load(data))
    assert found.author == ["Lee Chen, RN"]
    assert (found.published, found.modified) == (dt.date(2025, 1, 10), dt.date(2025, 6, 1))
    rules = {f.rule for f in lint_bytes(data, "draft.docx", Config(select=("metadata",))).findings}
    assert "HL801" not in rules and "HL804" not in rules
    bare = new_document()
    bare.add_paragraph("Rest your knee.")
    rules = {f.rule for f in lint_bytes(to_bytes(bare), "draft.docx", Config(select=("metadata",))).findings}
    assert {"HL801", "HL804"} <= rules


def _encrypted_package() -> bytes:
    # The start of an OLE compound file as Word writes for a password-protected document:
    # the CFB signature, and the stream names in the directory (UTF-16LE).
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 50 + "EncryptedPackage".encode("utf-16-le")


@pytest.mark.parametrize(("data", "says"), [
    (b"PK\x03\x04 this is not really a zip", "corrupt"),
    (b"plain text saved with the wrong name", "corrupt"),
    (_encrypted_package(), "password-protected"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "Word 97-2003"),
])
def test_corrupt_legacy_and_encrypted_files_are_input_errors(data, says):
    with pytest.raises(InputError, match=says):
        load_bytes(data, "draft.docx")


def test_a_zip_bomb_is_refused_before_it_is_inflated(monkeypatch):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (8 * 1024 * 1024))  # 8 MB of zeros: ~8 KB packed
    with pytest.raises(InputError, match="ZIP bomb"):
        load_bytes(out.getvalue(), "bomb.docx")
    import healthlint.document.docx as reader

    monkeypatch.setattr(reader, "MAX_PART_BYTES", 4096)
    document = new_document()
    document.add_paragraph("word " * 2000)
    with pytest.raises(InputError, match="refusing to inflate"):
        load_bytes(to_bytes(document), "big.docx")


def test_a_corrupt_docx_exits_2_naming_it_and_the_other_files_are_linted(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04garbage")
    good = new_document()
    good.add_paragraph("Sleep has a big affect on mood.")
    (tmp_path / "good.docx").write_bytes(to_bytes(good))
    (tmp_path / "notes.txt").write_text("Sleep has a big affect on mood.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "json", "--select", "HL101", "."])
    assert result.exit_code == 2
    assert "broken.docx" in result.stderr and "not a valid .docx" in result.stderr
    report = json.loads(result.stdout)
    by_path = {f["path"]: f for f in report["files"]}
    assert set(by_path) == {"broken.docx", "good.docx", "notes.txt"}  # folders include .docx
    assert [(f["rule"], f["line"], f["column"]) for f in by_path["good.docx"]["findings"]] == [("HL101", 1, 17)]


def test_fix_leaves_word_documents_alone_and_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    document = new_document()
    document.add_paragraph("Take 5mg twice a day. Rest rest your knee.")
    data = to_bytes(document)
    (tmp_path / "draft.docx").write_bytes(data)
    for flags in (["--fix"], ["--diff"]):
        result = CliRunner().invoke(main, ["check", *flags, "--select", "HL5,HL1", "--ignore", "HL150,HL151", "draft.docx"])
        assert "leaves Word documents unchanged" in result.stderr, result.stderr
        assert result.exit_code in (0, 1)
        assert (tmp_path / "draft.docx").read_bytes() == data


def test_entities_in_a_part_are_never_expanded():
    document = new_document()
    document.add_paragraph("Rest your knee.")
    source = zipfile.ZipFile(io.BytesIO(to_bytes(document)))
    laughs = '<!DOCTYPE w:document [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">' \
             '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">' \
             '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;"><!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">]>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                head, _, rest = data.partition(b"?>")
                data = head + b"?>" + laughs.encode() + rest.replace(b"Rest your knee.", b"Rest &i; knee.")
            archive.writestr(name, data)
    try:
        doc, _ = load_bytes(out.getvalue(), "laughs.docx")
    except InputError as exc:
        assert "not a valid .docx" in str(exc)
    else:
        assert "lol" not in doc.source.text and len(doc.source.text) < 100
