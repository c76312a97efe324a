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


# --- Mistyped, unknown and unused directives (issue 26, item 1)

WITH_DIRECTIVES = ("grammar", "HL903", "HL904")


def checked(text: str, fmt: str = "markdown") -> list[tuple[int, str]]:
    return [(f.line, f.rule) for f in findings(text, fmt, WITH_DIRECTIVES)]


def test_eslint_spelling_disable_line_covers_its_own_line_only():
    text = f"{LINE} <!-- healthlint-disable-line affect-as-noun -->\n\n{LINE}\n"
    assert checked(text) == [(1, "HL110"), (3, "HL101"), (3, "HL110")]


def test_a_mistyped_action_suppresses_nothing_and_is_reported_with_a_suggestion():
    text = f"<!-- healthlint-disable-lines affect-as-noun -->\n\n{LINE}\n\n{LINE}\n"
    assert checked(text) == [(1, "HL903"), (3, "HL101"), (3, "HL110"), (5, "HL101"), (5, "HL110")]
    message = next(f.message for f in findings(text, "markdown", WITH_DIRECTIVES) if f.rule == "HL903")
    assert "healthlint-disable-line" in message and "did you mean" in message


def test_unknown_rule_names_are_reported_and_the_known_ones_still_apply():
    text = f"<p><!-- healthlint-disable afect-as-noun, HL999, HL110 --></p>\n<p>{LINE}</p>\n"
    found = findings(text, "html", WITH_DIRECTIVES)
    assert [(f.line, f.rule) for f in found] == [(1, "HL903"), (1, "HL903"), (2, "HL101")]
    messages = " ".join(f.message for f in found if f.rule == "HL903")
    assert "'affect-as-noun'" in messages and "'HL999'" in messages


def test_a_directive_that_suppresses_nothing_is_reported_unless_its_rules_did_not_run():
    text = "<!-- healthlint-disable-next-line HL101 -->\nSleep helps your mood.\n"
    assert (1, "HL904") in checked(text)
    from healthlint import lint_text
    from healthlint.config import Config

    only = lint_text(text, fmt="markdown", config=Config(select=("HL904", "HL110")))
    assert [f.rule for f in only.findings] == []  # HL101 was not enabled: the directive may be needed
    used = f"<!-- healthlint-disable-next-line HL101 -->\n{LINE}\n"
    assert (1, "HL904") not in checked(used)
