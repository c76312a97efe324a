"""The command line: formats, selection, exit codes, inputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from healthlint.cli import main

BAD = "Sleep has a big affect on mood.\n"
GOOD = "Sleep helps your mood.\n"


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def invoke(*args, input=None):
        # These tests plant grammar errors; other rule families would add their own findings.
        # The grammar engines (HL150, HL151) are tested on their own in test_grammar.py.
        if args and args[0] == "check" and "--select" not in args:
            args = (*args, "--select", "grammar", "--ignore", "HL150,HL151")
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_exit_codes_follow_fail_on(run, tmp_path):
    write(tmp_path / "bad.txt", BAD)
    write(tmp_path / "good.txt", GOOD)
    assert run("check", "good.txt").exit_code == 0
    assert run("check", "bad.txt").exit_code == 1
    assert run("check", "bad.txt", "--fail-on", "error").exit_code == 0
    assert run("check", "bad.txt", "--fail-on", "never").exit_code == 0
    assert run("check", "bad.txt", "--fail-on", "info").exit_code == 1


def test_text_output_has_location_rule_source_line_and_caret(run, tmp_path):
    write(tmp_path / "bad.txt", BAD)
    out = run("check", "bad.txt").output
    assert "bad.txt:1:17: warning HL101 [affect-as-noun]" in out
    assert "| Sleep has a big affect on mood." in out
    assert "|                 ^^^^^^" in out
    assert "\033[" not in out  # no colour when not on a terminal
    assert "Found 1 problem (1 warning) in 1 file." in out


def test_json_output_matches_the_documented_schema(run, tmp_path, root):
    write(tmp_path / "bad.md", "# Title\n\n" + BAD)
    result = run("check", "bad.md", "--format", "json")
    report = json.loads(result.output)
    schema = json.loads((root / "docs" / "json-report.schema.json").read_text())
    jsonschema.validate(report, schema)
    [f] = report["files"][0]["findings"]
    assert (f["rule"], f["line"], f["column"], f["end_line"], f["end_column"]) == ("HL101", 3, 17, 3, 23)
    assert report["summary"]["by_severity"] == {"error": 0, "warning": 1, "info": 0}


def test_json_output_is_deterministic(run, tmp_path):
    for i in range(5):
        write(tmp_path / f"d{i}" / "a.md", BAD * (i + 1))
    first = run("check", ".", "--format", "json").output
    assert first == run("check", ".", "--format", "json").output
    paths = [f["path"] for f in json.loads(first)["files"]]
    assert paths == sorted(paths)


@pytest.mark.parametrize("selector", ["HL101", "HL1", "affect-as-noun", "grammar", "ALL"])
def test_select_accepts_codes_prefixes_names_categories(run, tmp_path, selector):
    write(tmp_path / "bad.txt", BAD + "Take the the pill.\n")
    report = json.loads(run("check", "bad.txt", "--format", "json", "--select", selector).output)
    assert "HL101" in {f["rule"] for f in report["files"][0]["findings"]}


def test_ignore_and_extend_select(run, tmp_path):
    write(tmp_path / "bad.txt", BAD + "Take the the pill.\n")
    report = json.loads(run("check", "bad.txt", "--format", "json", "--ignore", "HL101").output)
    assert {f["rule"] for f in report["files"][0]["findings"]} == {"HL110"}
    report = json.loads(run("check", "bad.txt", "--format", "json", "--select", "HL110", "--extend-select", "affect-as-noun").output)
    assert {f["rule"] for f in report["files"][0]["findings"]} == {"HL101", "HL110"}


def test_unknown_selector_is_a_usage_error(run, tmp_path):
    write(tmp_path / "bad.txt", BAD)
    result = run("check", "bad.txt", "--select", "HLX99")
    assert result.exit_code == 2
    assert "unknown rule or category 'HLX99'" in result.output


def test_missing_file_is_reported_and_others_still_linted(run, tmp_path):
    write(tmp_path / "bad.txt", BAD)
    result = CliRunner().invoke(main, ["check", "nope.md", "bad.txt", "--format", "json", "--select", "grammar"])
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    by_path = {f["path"]: f for f in report["files"]}
    assert by_path["nope.md"]["errors"][0]["message"] == "no such file or directory"
    assert by_path["bad.txt"]["findings"][0]["rule"] == "HL101"
    assert "nope.md" in result.stderr


def test_stdin_with_stdin_filename_picks_the_format(run):
    text = "---\ntitle: x\n---\n" + BAD
    report = json.loads(run("check", "-", "--stdin-filename", "draft.md", "--format", "json", input=text).output)
    [file] = report["files"]
    assert (file["path"], file["format"]) == ("draft.md", "markdown")
    assert file["findings"][0]["line"] == 4


def test_stdin_format_is_sniffed_without_a_name(run):
    report = json.loads(run("check", "-", "--format", "json", input="<html><body><p>" + BAD + "</p></body></html>").output)
    assert report["files"][0]["format"] == "html"


def test_folders_recurse_into_supported_files_and_skip_ignored(run, tmp_path):
    write(tmp_path / "a.md", BAD)
    write(tmp_path / "sub" / "b.html", "<p>" + BAD + "</p>")
    write(tmp_path / "sub" / "c.htm", "<p>" + BAD + "</p>")
    write(tmp_path / "sub" / "notes.py", BAD)
    write(tmp_path / "node_modules" / "x.md", BAD)
    write(tmp_path / "build" / "out.md", BAD)
    write(tmp_path / ".gitignore", "build/\n")
    report = json.loads(run("check", ".", "--format", "json").output)
    assert [f["path"] for f in report["files"]] == ["a.md", "sub/b.html", "sub/c.htm"]


def test_globs(run, tmp_path):
    write(tmp_path / "x" / "a.md", BAD)
    write(tmp_path / "x" / "b.txt", BAD)
    report = json.loads(run("check", "x/*.md", "--format", "json").output)
    assert [f["path"] for f in report["files"]] == ["x/a.md"]


def test_output_file(run, tmp_path):
    write(tmp_path / "bad.txt", BAD)
    result = run("check", "bad.txt", "--format", "json", "--output", "out.json")
    assert result.exit_code == 1 and result.output == ""
    assert json.loads((tmp_path / "out.json").read_text())["summary"]["findings"] == 1


def test_rules_and_explain(run):
    out = run("rules").output
    assert "HL101  affect-as-noun" in out and "grammar" in out
    listed = json.loads(run("rules", "--format", "json").output)
    assert {"code", "name", "category", "severity", "summary"} <= set(listed[0])
    explained = run("explain", "then-than").output
    assert "HL103 then-than" in explained and "Why" in explained and "Walking is safer then running" in explained
    assert run("explain", "HL103").output == explained
    assert run("explain", "nope").exit_code == 2


def test_version_and_module_entry_point(root):
    from healthlint import __version__

    out = subprocess.run([sys.executable, "-m", "healthlint", "--version"], capture_output=True, text=True, check=True).stdout
    assert __version__ in out


def test_samples_behave_as_described(root):
    result = subprocess.run([sys.executable, "-m", "healthlint", "check", "samples", "--format", "json"], cwd=root, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    files = {f["path"]: f for f in json.loads(result.stdout)["files"]}
    assert files["samples/clean-handwashing.md"]["findings"] == []
    clinic = {f["rule"] for f in files["samples/clinic-blog.txt"]["findings"]}
    assert {"HL101", "HL106"} <= clinic
    assert {"HL201", "HL401", "HL406", "HL412", "HL420", "HL602"} <= clinic  # grade, citations, evidence, person-first
    knee = [f for f in files["samples/knee-pain.md"]["findings"] if f["category"] == "grammar"]
    assert {f["rule"] for f in knee} == {"HL103", "HL104"}  # the quoted clinical note is suppressed


# --- Habits from ruff and Vale (issue 26, items 3, 4 and 10)

def test_color_forces_colour_in_a_pipe_and_no_color_turns_it_off(run, tmp_path, monkeypatch):
    from healthlint.cli import _wants_color

    write(tmp_path / "a.txt", BAD)
    assert "\x1b[" in run("check", "a.txt", "--color").output  # CliRunner's output is a pipe
    assert "\x1b[" not in run("check", "a.txt").output
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in run("check", "a.txt").output
    assert "\x1b[" not in run("check", "a.txt", "--no-color").output
    monkeypatch.delenv("FORCE_COLOR")
    monkeypatch.setenv("NO_COLOR", "1")
    assert _wants_color(None, to_terminal=True) is False  # a terminal, but NO_COLOR is set
    assert _wants_color(True, to_terminal=True) is True  # the flag still wins
    monkeypatch.delenv("NO_COLOR")
    assert _wants_color(None, to_terminal=True) is True


def test_fail_on_and_min_score_come_from_the_folder_nearest_each_file(run, tmp_path):
    write(tmp_path / "strict" / ".healthlint.toml", 'fail-on = "warning"\n')
    write(tmp_path / "strict" / "a.txt", BAD)
    write(tmp_path / "lenient" / ".healthlint.toml", 'fail-on = "never"\nmin-score = 0\n')
    write(tmp_path / "lenient" / "a.txt", BAD)
    assert run("check", "lenient").exit_code == 0
    assert run("check", "strict").exit_code == 1
    assert run("check", "lenient", "strict").exit_code == 1
    # The same answer wherever the command runs from.
    result = CliRunner().invoke(main, ["check", str(tmp_path / "lenient"), "--select", "grammar", "--ignore", "HL150,HL151"])
    assert result.exit_code == 0
    write(tmp_path / "lenient" / "sub" / ".healthlint.toml", "min-score = 100\n")
    write(tmp_path / "lenient" / "sub" / "b.txt", BAD)
    result = run("check", "lenient")
    assert result.exit_code == 1 and "below the minimum of 100" in result.stderr and "b.txt" in result.stderr


def test_check_with_no_path_lints_the_current_folder(run, tmp_path):
    write(tmp_path / "posts" / "a.md", BAD)
    result = run("check")
    assert result.exit_code == 1 and "posts/a.md:1:17" in result.output.replace("\\", "/")
