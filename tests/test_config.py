"""Settings discovery, validation, and their interplay with the command line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from test_cli import BAD, write

from healthlint.cli import main

TWO = BAD + "Take the the pill.\n"


def rules_found(*args: str) -> set[str]:
    result = CliRunner().invoke(main, ["check", "--format", "json", *args])
    report = json.loads(result.stdout)
    # The planted problems are grammar errors; metadata rules also report on plain text.
    # (HL150 and HL151, the grammar engines, are tested in test_grammar.py.)
    return {f["rule"] for file in report["files"] for f in file["findings"] if f["category"] in ("grammar", "spelling") and f["rule"] not in ("HL150", "HL151")}


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def test_pyproject_section_is_found_from_a_parent_folder(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.healthlint]\nignore = ["HL101"]\n')
    write(tmp_path / "content" / "deep" / "a.txt", TWO)
    assert rules_found("content") == {"HL110"}


def test_nearest_config_wins_and_dot_file_beats_pyproject(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.healthlint]\nignore = ["HL101"]\n')
    write(tmp_path / "content" / "pyproject.toml", '[tool.healthlint]\nignore = ["HL110"]\n')
    write(tmp_path / "content" / ".healthlint.toml", 'ignore = ["grammar"]\n')
    write(tmp_path / "content" / "a.txt", TWO)
    write(tmp_path / "other" / "b.txt", TWO)
    assert rules_found("content") == set()
    assert rules_found("other") == {"HL110"}


def test_pyproject_without_a_section_is_skipped(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.healthlint]\nignore = ["HL110"]\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    write(tmp_path / "sub" / "a.txt", TWO)
    assert rules_found("sub") == {"HL101"}


def test_command_line_overrides_config(tmp_path):
    write(tmp_path / ".healthlint.toml", 'select = ["HL110"]\nfail-on = "error"\n')
    write(tmp_path / "a.txt", TWO)
    assert rules_found("a.txt") == {"HL110"}
    assert rules_found("a.txt", "--select", "HL101") == {"HL101"}
    assert CliRunner().invoke(main, ["check", "a.txt"]).exit_code == 0  # fail-on from config
    assert CliRunner().invoke(main, ["check", "a.txt", "--fail-on", "warning"]).exit_code == 1


def test_per_rule_severity_and_options(tmp_path):
    write(tmp_path / ".healthlint.toml", '[rules.repeated-word]\nseverity = "error"\nallowed = ["the"]\n[rules.HL101]\nseverity = "info"\n')
    write(tmp_path / "a.txt", TWO + "Go go now.\n")
    report = json.loads(CliRunner().invoke(main, ["check", "a.txt", "--format", "json"]).stdout)
    found = {(f["rule"], f["severity"], f["message"]) for f in report["files"][0]["findings"]}
    assert ("HL101", "info", 'Use "effect" (the noun) instead of "affect".') in found
    assert ("HL110", "error", "'Go' is repeated.") in found
    assert not any("'the'" in m for _, _, m in found)


def test_excludes_and_per_file_ignores(tmp_path):
    write(tmp_path / ".healthlint.toml", 'select = ["grammar"]\nextend-exclude = ["drafts/"]\n[per-file-ignores]\n"legacy/*.md" = ["HL101"]\n')
    write(tmp_path / "drafts" / "a.md", TWO)
    write(tmp_path / "legacy" / "b.md", TWO)
    report = json.loads(CliRunner().invoke(main, ["check", ".", "--format", "json"]).stdout)
    assert [f["path"] for f in report["files"]] == ["legacy/b.md"]
    assert {f["rule"] for f in report["files"][0]["findings"]} - {"HL150", "HL151"} == {"HL110"}


@pytest.mark.parametrize(
    "content, message",
    [
        ('selec = ["HL1"]\n', "unknown setting 'selec'"),
        ('select = ["HL999"]\n', "'select' names unknown rule or category 'HL999'"),
        ('fail-on = "sometimes"\n', "'fail-on' must be one of"),
        ('[rules.HL101]\nseverity = "fatal"\n', "'rules.HL101.severity' must be one of"),
        ('[rules.repeated-word]\nallowed = 3\n', "'rules.repeated-word.allowed' must be a list"),
        ('[rules.repeated-word]\ncolour = "red"\n', "'rules.repeated-word.colour' is not an option of HL110"),
        ('[rules.no-such-rule]\nseverity = "error"\n', "'rules.no-such-rule' is not a known rule"),
        ("select = [\n", "not valid TOML"),
    ],
)
def test_config_errors_name_the_key_and_exit_2(tmp_path, content, message):
    write(tmp_path / ".healthlint.toml", content)
    write(tmp_path / "a.txt", TWO)
    result = CliRunner().invoke(main, ["check", "a.txt"])
    assert result.exit_code == 2
    assert message in result.stderr
    assert ".healthlint.toml" in result.stderr
    assert "Traceback" not in result.output


def test_explicit_config_and_isolated(tmp_path):
    write(tmp_path / ".healthlint.toml", 'ignore = ["HL101"]\n')
    write(tmp_path / "alt.toml", 'ignore = ["HL110"]\n')
    write(tmp_path / "a.txt", TWO)
    assert rules_found("a.txt") == {"HL110"}
    assert rules_found("a.txt", "--config", "alt.toml") == {"HL101"}
    assert rules_found("a.txt", "--isolated") == {"HL101", "HL110"}
