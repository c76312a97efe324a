"""Document structure: blocks, metadata, links and images, with their positions."""

from __future__ import annotations

import pytest
from conftest import source_slice

from healthlint.document import parse


def span_text(doc, raw, start, end):
    a, b = doc.position(start), doc.position(end)
    return source_slice(raw, a.line, a.column, b.line, b.column)


def test_markdown_blocks_metadata_links_and_images():
    raw = (
        "---\ntitle: Knees\nkeyphrase: knee pain\ndate: 2025-01-02\n---\n"
        "# Knee pain\n\nSee [the CDC](https://www.cdc.gov/arthritis \"CDC\") today.\n\n"
        "![A runner stretching](img/run.png)\n\n## Care\n\n> Quote\n\n- Item\n"
    )
    doc = parse(raw, "a.md")
    assert doc.metadata["title"] == "Knees" and doc.metadata["date"] == "2025-01-02"
    assert [(b.kind, b.level, b.text) for b in doc.blocks] == [
        ("heading", 1, "Knee pain"), ("paragraph", 0, "See the CDC today."), ("heading", 2, "Care"),
        ("blockquote", 0, "Quote"), ("list_item", 0, "Item"),
    ]
    [link] = doc.links
    assert (link.href, link.text) == ("https://www.cdc.gov/arthritis", "the CDC")
    assert span_text(doc, raw, link.start, link.end) == '[the CDC](https://www.cdc.gov/arthritis "CDC")'
    [image] = doc.images
    assert (image.src, image.alt) == ("img/run.png", "A runner stretching")
    assert span_text(doc, raw, image.start, image.end) == "![A runner stretching](img/run.png)"


def test_html_metadata_links_and_images():
    raw = (
        '<!doctype html><html lang="en-US"><head><title> Sleep tips </title>\n'
        '<meta name="description" content="How to sleep."><meta name="keywords" content="sleep, rest">\n'
        '<link rel="canonical" href="https://example.org/sleep">\n'
        '<script type="application/ld+json">{"@type": "MedicalWebPage", "name": "Sleep"}</script></head>\n'
        '<body><h2>Rest</h2><p>Read <a href="https://nih.gov">the &amp; NIH page</a>.</p>\n'
        '<img src="a.png"><img src="b.png" alt=""><img src="c.png" alt="A bed"></body></html>'
    )
    doc = parse(raw, "a.html")
    meta = doc.metadata
    assert (meta["title"], meta["lang"], meta["description"], meta["keywords"], meta["canonical"]) == (
        "Sleep tips", "en-US", "How to sleep.", "sleep, rest", "https://example.org/sleep",
    )
    assert meta["json_ld"] == [{"@type": "MedicalWebPage", "name": "Sleep"}]
    assert [(b.kind, b.level, b.text) for b in doc.blocks] == [("heading", 2, "Rest"), ("paragraph", 0, "Read the & NIH page.")]
    [link] = doc.links
    assert (link.href, link.text) == ("https://nih.gov", "the & NIH page")
    assert span_text(doc, raw, link.start, link.end).endswith("the &amp; NIH page")
    assert [(i.src, i.alt) for i in doc.images] == [("a.png", None), ("b.png", ""), ("c.png", "A bed")]
    assert span_text(doc, raw, doc.images[2].start, doc.images[2].end) == '<img src="c.png" alt="A bed">'


def test_superscript_marks_in_html_and_markdown():
    html = parse("<p>Walking helps.<sup>1</sup></p>", "a.html")
    md = parse("Walking helps.<sup>2</sup> More.[^1]\n\n[^1]: Ref.\n", "a.md")
    assert [(m.kind, html.blocks[0].text[m.start:m.end]) for m in html.blocks[0].marks] == [("superscript", "1")]
    kinds = [(m.kind, md.blocks[0].text[m.start:m.end], m.value) for m in md.blocks[0].marks]
    assert ("superscript", "2", "") in kinds and ("footnote_ref", "", "1") in kinds
    assert md.blocks[-1].kind == "footnote"


def test_plain_text_structure():
    raw = "Why Walking Helps\n\nA wrapped paragraph that goes on\nto a second line.\n- first item\n- second item\n\nShort Heading\n\nLast words."
    doc = parse(raw, "a.txt")
    assert [(b.kind, b.level, b.text) for b in doc.blocks] == [
        ("heading", 1, "Why Walking Helps"),
        ("paragraph", 0, "A wrapped paragraph that goes on to a second line."),
        ("list_item", 0, "first item"), ("list_item", 0, "second item"),
        ("heading", 2, "Short Heading"), ("paragraph", 0, "Last words."),
    ]
    assert doc.title == "Why Walking Helps"


def test_front_matter_prose_fields_are_linted_at_their_exact_place():
    """Descriptions and excerpts are read by people in search results and listings: their
    grammar is checked, at the field's own line and column."""
    from healthlint import lint_text
    from healthlint.config import Config

    text = ("---\ntitle: Knee pain\n"
            "description: Cold weather can have an affect on stiff knees. # shown in search\n"
            "excerpt: 'Exercise give you strength.'\n"
            "summary: >\n  Folded text has an affect too.\n"
            "---\n# Knee pain\n\nKnee pain is common.\n")
    found = {(f.rule, f.line, f.column, f.end_column) for f in lint_text(text, fmt="markdown", config=Config(select=("HL101", "HL120"))).findings}
    assert ("HL101", 3, 39, 45) in found
    assert any(rule == "HL120" and line == 4 and column == 11 for rule, line, column, _ in found)
    assert not any(line == 6 for _, line, _, _ in found)  # folded: no exact place, left to the metadata rules


def test_front_matter_prose_is_not_counted_as_the_articles_body():
    from healthlint import lint_text

    body = "# Knee pain\n\nKnee pain is common. Rest helps.\n"
    plain = lint_text("---\ntitle: Knee pain\n---\n" + body, fmt="markdown")
    described = lint_text("---\ntitle: Knee pain\ndescription: A long and winding description of knee pain and its many causes.\n---\n" + body, fmt="markdown")
    assert described.metrics["words"] == plain.metrics["words"]
    assert described.metrics["reading_grade"] == plain.metrics["reading_grade"]


def test_a_front_matter_value_with_a_long_run_of_spaces_is_read_in_linear_time():
    import time

    from healthlint.document import parse

    started = time.perf_counter()
    parse("---\ndescription: a" + " " * 40_000 + "x\n---\n# T\n\nText.\n", "x.md", "markdown")
    assert time.perf_counter() - started < 2  # 23 s with the backtracking pattern it replaced


@pytest.mark.parametrize("fmt, text", [
    ("html", "<p>Price: 5 <% per visit.</p><p>Sleep has a big affect on mood.</p>"),
    ("text", "Our offer <? ends soon.\n\nSleep has a big affect on mood.\n"),
    ("text", "An <!-- open comment.\n\nSleep has a big affect on mood.\n"),
])
def test_an_unclosed_server_block_or_comment_hides_nothing_after_it(fmt, text):
    """A stray '<?', '<%' or '<!--' used to blank the rest of the page, findings and all."""
    from healthlint import lint_text
    from healthlint.config import Config

    assert [f.rule for f in lint_text(text, fmt=fmt, config=Config(select=("HL101",))).findings] == ["HL101"]
