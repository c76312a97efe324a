"""Inline suppression comments in Markdown and HTML."""

from __future__ import annotations

from conftest import findings

LINE = "Sleep has a big affect on mood. Take the the pill."


def rules(text: str, fmt: str = "markdown") -> list[tuple[int, str]]:
    return [(f.line, f.rule) for f in findings(text, fmt)]


def test_disable_and_enable_ranges():
    text = f"{LINE}\n\n<!-- healthlint-disable HL101 -->\n\n{LINE}\n\n<!-- healthlint-enable -->\n\n{LINE}\n"
    assert rules(text) == [(1, "HL101"), (1, "HL110"), (5, "HL110"), (9, "HL101"), (9, "HL110")]


def test_disable_without_selectors_covers_everything_and_reason_is_allowed():
    text = f"<!-- healthlint-disable -- vendor copy, reviewed -->\n\n{LINE}\n"
    assert rules(text) == []


def test_disable_next_line_skips_blank_lines_and_covers_only_one_line():
    text = f"<!-- healthlint-disable-next-line affect-as-noun -- quoted -->\n\n{LINE}\n\n{LINE}\n"
    assert rules(text) == [(3, "HL110"), (5, "HL101"), (5, "HL110")]


def test_disable_by_category_and_prefix_and_file():
    assert rules(f"<!-- healthlint-disable grammar -->\n\n{LINE}\n") == []
    assert rules(f"<!-- healthlint-disable HL11 -->\n\n{LINE}\n") == [(3, "HL101")]
    assert rules(f"{LINE}\n\n<!-- healthlint-disable-file HL101 -->\n") == [(1, "HL110")]


def test_enable_of_one_rule_keeps_others_off():
    text = f"<!-- healthlint-disable HL101, HL110 -->\n\n<!-- healthlint-enable HL110 -->\n\n{LINE}\n"
    assert rules(text) == [(5, "HL110")]


def test_inline_comment_inside_a_paragraph():
    text = f"First line <!-- healthlint-disable HL101 --> goes on.\n{LINE}\n"
    assert rules(text) == [(2, "HL110")]


def test_html_comments():
    text = f"<html><body>\n<p>{LINE}</p>\n<!-- healthlint-disable-next-line HL110 -->\n<p>{LINE}</p>\n</body></html>"
    assert rules(text, "html") == [(2, "HL101"), (2, "HL110"), (4, "HL101")]


def test_other_comments_do_nothing():
    assert rules(f"<!-- healthlint is great -->\n\n{LINE}\n") == [(3, "HL101"), (3, "HL110")]
