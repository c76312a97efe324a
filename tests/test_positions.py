"""Every finding lands on the exact source characters, through every markup trick."""

from __future__ import annotations

import pytest
from conftest import findings, flagged, source_slice


def test_plain_text_line_and_column():
    text = "Title Line\n\nFirst paragraph is fine.\nYour weight may be having an affect on your knees.\n"
    [f] = findings(text, "text")
    assert (f.rule, f.line, f.column, f.end_line, f.end_column) == ("HL101", 4, 30, 4, 36)
    assert source_slice(text, f.line, f.column, f.end_line, f.end_column) == "affect"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_line_ends_and_bom_do_not_shift_positions(newline, bom):
    body = ["---", "title: Knees", "---", "", "# Knees", "", "Rest helps.", "Sleep has a big affect on mood."]
    text = bom + newline.join(body) + newline
    [f] = findings(text, "markdown")
    assert (f.line, f.column) == (8, 17)
    assert source_slice(text, f.line, f.column, f.end_line, f.end_column) == "affect"


def test_markdown_entities_emphasis_links_and_escapes_before_the_finding():
    text = "Salt &amp; *sugar* \\* [see](http://x.org \"t\") &#169; and an affect here.\n"
    assert flagged(text, "markdown") == ["affect"]


def test_markdown_soft_line_break_inside_a_finding():
    text = "Do not jump in\nto a new plan too fast.\n"
    [f] = findings(text, "markdown")
    assert (f.line, f.column, f.end_line, f.end_column) == (1, 13, 2, 3)
    assert source_slice(text, f.line, f.column, f.end_line, f.end_column) == "in\nto"


@pytest.mark.parametrize(
    "markdown, line",
    [
        ("> Sleep has a big affect on mood.\n", 1),
        ("- one\n- Sleep has a big affect on mood.\n", 2),
        ("1. one\n2. Sleep has a big affect on mood.\n", 2),
        ("| a | b |\n|---|---|\n| x &lt; y | Sleep has a big affect on mood. |\n", 3),
        ("Text.[^1]\n\n[^1]: Sleep has a big affect on mood.\n", 3),
        ("## Sleep has a big affect on mood\n", 1),
        ("Heading\n=======\n\nSleep has a big affect on mood.\n", 4),
        ("<div>\nSleep has a big affect on mood.\n</div>\n", 2),
        ("Text ![alt](i.png) then **Sleep has a big affect** on mood.\n", 1),
    ],
)
def test_markdown_structures(markdown, line):
    [f] = findings(markdown, "markdown", select=("HL101",))
    assert f.line == line
    assert source_slice(markdown, f.line, f.column, f.end_line, f.end_column) == "affect"


@pytest.mark.parametrize(
    "markdown",
    [
        "```\nSleep has a big affect on mood.\n```\n",
        "    Sleep has a big affect on mood.\n",
        "Run `a big affect` now.\n",
        "<!-- Sleep has a big affect on mood. -->\n",
        "![a big affect](i.png)\n",
    ],
)
def test_markdown_code_comments_and_image_alt_are_not_prose(markdown):
    assert findings(markdown, "markdown") == []


def test_html_entities_inline_tags_and_numeric_references():
    text = (
        "<html><body>\n<p>Salt &amp; sugar &mdash; <b>and</b> <a href='#'>an</a>\n"
        "  affect here.</p>\n<p>The body repairs it&#39;s own tissue.</p></body></html>\n"
    )
    assert flagged(text, "html") == ["affect", "it&#39;s"]


@pytest.mark.parametrize("tag", ["script", "style", "nav", "header", "footer", "form", "code", "pre", "noscript", "template"])
def test_html_non_prose_elements(tag):
    text = f"<html><body><{tag}>Sleep has a big affect on mood.</{tag}><p>Fine text.</p></body></html>"
    assert findings(text, "html") == []


def test_html_comment_is_not_prose():
    assert findings("<p>Fine.<!-- Sleep has a big affect on mood. --></p>", "html") == []


def test_html_crlf_and_bom():
    text = "\ufeff<html>\r\n<body>\r\n<p>One.</p>\r\n<p>Sleep has a <i>big</i> affect on mood.</p>\r\n</body></html>"
    [f] = findings(text, "html")
    assert (f.line, f.column) == (4, 27)
    assert source_slice(text, f.line, f.column, f.end_line, f.end_column) == "affect"


def test_seed_article_grammar_positions():
    from conftest import SHARED

    seed = SHARED / "seed" / "000_e60a4491ae54b7b1.txt"
    if not seed.exists():
        pytest.skip("shared seed not present")
    text = seed.read_text(encoding="utf-8")
    hits = {f.rule: f for f in findings(text, "text")}
    assert source_slice(text, hits["HL101"].line, hits["HL101"].column, hits["HL101"].end_line, hits["HL101"].end_column) == "affect"
    assert (hits["HL101"].line, hits["HL101"].column) == (8, 44)
    assert (hits["HL106"].line, hits["HL106"].column) == (11, 44)
