"""Property tests: random documents never crash the parsers, and every prose character
maps back to source text that produced it."""

from __future__ import annotations

import html as html_lib

from conftest import source_slice
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from healthlint import lint_text
from healthlint.document import parse

WORDS = st.sampled_from(["pain", "sleep", "the", "knee", "Salt", "&amp;", "&lt;", "&#39;", "*", "_", "`x`", "<b>", "</b>", "[link](u)", "\\*", "  ", "\n", "\r\n", "\t", "é", "—", "\u200b", "\u202e", "<", ">", "&", "#", "-", "1.", ">"])
TEXT = st.lists(WORDS, max_size=40).map(" ".join)
ANY_TEXT = st.text(max_size=300)

WRAPPERS = {
    "markdown": ["{}", "*{}*", "**{}**", "[{}](http://x.y)", "> {}", "- {}", "# {}", "| a | {} |\n|---|---|\n| {} | b |"],
    "html": ["{}", "<b>{}</b>", "<a href='#'>{}</a>", "<li>{}</li>", "<h2>{}</h2>", "<p>{}</p>", "<td>{}</td>"],
    "text": ["{}", "- {}", "{}\n"],
}


def _check_map(text: str, fmt: str) -> None:
    doc = parse(text, "x", fmt)
    source = doc.source.text
    for block in doc.blocks:
        assert block.text == block.text.strip()
        for i, char in enumerate(block.text):
            start, end = block.source_span(i, i + 1)
            assert 0 <= start < end <= len(source)
            behind = source[start:end]
            if len(behind) == 1:
                assert behind == char or (char == " " and behind.isspace()), (behind, char)
            elif char == " ":
                pass  # a soft line break, <br>, or a code span standing in as a space
            elif behind.startswith("&"):
                assert char in html_lib.unescape(behind) or char == "\ufffd", (behind, char)
            elif behind.startswith("\\"):
                assert behind[1:] == char, (behind, char)
            else:
                raise AssertionError(f"prose {char!r} maps to unexpected source {behind!r}")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["markdown", "html", "text"]), st.lists(TEXT, min_size=1, max_size=6), st.data())
def test_structured_random_documents_map_back(fmt, pieces, data):
    wrapped = [data.draw(st.sampled_from(WRAPPERS[fmt])).format(p, p) for p in pieces]
    _check_map("\n\n".join(wrapped), fmt)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["markdown", "html", "text"]), ANY_TEXT)
@example("html", "<![0")  # the standard library's parser asserts on this, after moving its position
@example("html", "ab\n<![ x")
def test_arbitrary_text_never_crashes(fmt, text):
    _check_map(text, fmt)
    result = lint_text(text, fmt=fmt)
    assert not [e for e in result.errors if e["kind"] == "internal"]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for f in result.findings:  # every range lies inside the file, start before end
        assert 1 <= f.line <= f.end_line <= len(lines)
        assert (f.line, f.column) <= (f.end_line, f.end_column)
        assert 1 <= f.column <= len(lines[f.line - 1].lstrip("\ufeff")) + 1


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["markdown", "html", "text"]), st.lists(TEXT, min_size=0, max_size=4), st.sampled_from(["\n", "\r\n"]), st.data())
def test_planted_error_is_found_at_its_exact_place(fmt, pieces, newline, data):
    sentence = "Sleep has a big affect on mood."
    wrapped = [data.draw(st.sampled_from(WRAPPERS[fmt])).format(p, p) for p in pieces]
    index = data.draw(st.integers(0, len(wrapped)))
    planted = {"markdown": sentence, "html": f"<p>{sentence}</p>", "text": sentence}[fmt]
    wrapped.insert(index, planted)
    text = (newline * 2).join(wrapped).replace("\n", newline) if newline != "\n" else "\n\n".join(wrapped)
    result = lint_text(text, fmt=fmt)
    hits = [f for f in result.findings if f.rule == "HL101"]
    slices = [source_slice(text, f.line, f.column, f.end_line, f.end_column) for f in hits]
    assert "affect" in slices
    for f in result.findings:
        assert source_slice(text, f.line, f.column, f.end_line, f.end_column) != ""
