"""The language server's pure parts: position conversion and the editor's settings."""

from __future__ import annotations

import pytest

pytest.importorskip("lsprotocol")

from hypothesis import given, strategies as st  # noqa: E402

from healthlint.lsp.positions import LineIndex, Point  # noqa: E402
from healthlint.lsp.settings import DEFAULT_DEBOUNCE_MS, read_settings  # noqa: E402


def test_columns_count_utf16_units_after_astral_characters():
    index = LineIndex("ab\n😀x affect\n")
    assert index.point(2, 4) == Point(1, 4)  # '😀' is two UTF-16 units
    assert index.column(Point(1, 4)) == (2, 4)


def test_utf8_and_utf32_when_agreed():
    text = "é😀 affect\n"
    assert LineIndex(text, "utf-8").point(1, 4) == Point(0, 7)
    assert LineIndex(text, "utf-32").point(1, 4) == Point(0, 3)


def test_crlf_cr_and_a_kept_byte_order_mark():
    index = LineIndex("\ufeffTitle\r\nsecond\rthird\n")
    assert index.point(1, 1) == Point(0, 1)  # the editor still has the BOM at character 0
    assert index.point(3, 2) == Point(2, 1)
    assert index.column(Point(0, 1)) == (1, 1)


def test_positions_past_the_end_are_clamped():
    index = LineIndex("one\ntwo")
    assert index.point(9, 1) == Point(1, 3)
    assert index.point(1, 99) == Point(0, 3)


@given(st.text(alphabet=st.sampled_from("ab 😀é\n\r𝒜"), max_size=40), st.integers(1, 5), st.integers(1, 30))
def test_round_trip(text, line, column):
    index = LineIndex(text)
    if line > len(index.lines):
        return
    column = min(column, len(index.lines[line - 1]) + 1)
    assert index.column(index.point(line, column)) == (line, column)


def test_settings_are_read_from_either_shape_and_checked():
    settings = read_settings({"healthlint": {"select": ["grammar", "HL999"], "extend-select": "HL2", "audience": "Professional", "debounceMs": 10_000}})
    assert settings.select == ("grammar",)
    assert settings.extend_select == ("HL2",)
    assert settings.audience == "professional"
    assert settings.debounce_ms == 2000
    assert any("HL999" in note for note in settings.notes)
    assert read_settings({"keyphrase": "knee pain"}).keyphrase == "knee pain"


@pytest.mark.parametrize("raw", [None, [], "x", 5, {"healthlint": []}, {"debounceMs": "soon"}, {"debounceMs": float("nan")},
                                 {"docsUrl": "javascript:alert(1)"}, {"keyphrase": "a\u0000b"}, {"languagetoolUrl": "http://evil.test"},
                                 {"select": [{"x": 1}, None, 3]}, {7: "x"}])
def test_hostile_settings_are_dropped_not_raised(raw):
    settings = read_settings(raw)
    assert settings.debounce_ms == DEFAULT_DEBOUNCE_MS
    assert settings.docs_url.startswith("https://")
    assert settings.keyphrase is None
    assert not hasattr(settings, "languagetool_url")
    assert settings.select is None  # unusable selectors never mean "no rules"


def test_a_document_that_breaks_the_linter_gets_a_problem_not_an_exception(monkeypatch):
    import healthlint.document as document
    from healthlint.lsp.session import Linter

    def broken(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(document, "parse", broken)
    linted = Linter().lint("Some text.\n", None, "draft.md", "markdown")
    assert linted.result is None
    assert linted.problems == ["healthlint could not lint this document: RecursionError: maximum recursion depth exceeded"]


def test_word_list_additions_are_atomic_and_checked(tmp_path):
    from healthlint.lsp.session import add_word

    (tmp_path / ".healthlint-words.txt").write_text("# clinic words\nkinesio", encoding="utf-8")
    add_word(tmp_path, "zorblaxin")
    add_word(tmp_path, "zorblaxin")
    assert (tmp_path / ".healthlint-words.txt").read_text(encoding="utf-8") == "# clinic words\nkinesio\nzorblaxin\n"
    for bad in ("two words", "../x", "line\nbreak", "", "x" * 200, "<script>"):
        with pytest.raises(ValueError):
            add_word(tmp_path, bad)


def test_the_command_is_registered():
    from click.testing import CliRunner

    from healthlint.cli import main

    result = CliRunner().invoke(main, ["lsp", "--help"])
    assert result.exit_code == 0 and "language server" in result.output
