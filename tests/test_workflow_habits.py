"""Habits users bring from ruff, Vale and pre-commit (issue 26): options, formats, file selection."""

from __future__ import annotations

import json
import re
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from healthlint.cli import main

BAD = "Sleep has a big affect on mood.\n\nTake 5mg at night.\n"


def _env() -> dict:
    bin_dir = os.path.dirname(sys.executable)
    return {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}


def test_a_report_redirected_into_the_linted_folder_is_not_linted(tmp_path):
    """'check . --format github > gh.txt': the shell creates gh.txt, empty, before healthlint runs."""
    (tmp_path / "a.txt").write_text(BAD, encoding="utf-8")
    run = subprocess.run(["bash", "-c", "healthlint check . --isolated --select HL101 --format github > gh.txt"],
                         cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=120)
    report = (tmp_path / "gh.txt").read_text(encoding="utf-8")
    assert run.returncode == 1, run.stderr
    assert "file=a.txt" in report and "gh.txt" not in report + run.stderr
    # Globs skip empty files too; an empty file named on the command line is still read.
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    globbed = subprocess.run(["healthlint", "check", "--isolated", "--format", "json", "*.md"], cwd=tmp_path, env=_env(),
                             capture_output=True, text=True, timeout=120)
    assert "empty.md" not in globbed.stdout and "no files match" in globbed.stderr


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _check(*args):
    return CliRunner().invoke(main, ["check", "--isolated", *args])


# Item 6: --fix repeats until nothing more applies; --diff shows the result; fixable markers.

def test_fix_loops_until_no_more_fixes_apply(in_tmp):
    (in_tmp / "a.txt").write_text("Take .5 ml at night.\n", encoding="utf-8")
    result = _check("a.txt", "--select", "units", "--fix", "--show-fixes")
    assert (in_tmp / "a.txt").read_text(encoding="utf-8") == "Take 0.5 mL at night.\n"  # was '0.5 ml' after one pass
    assert "applied 2 fix(es) in 2 passes" in result.stderr
    assert "a.txt:1:6: HL702 [dose-decimal-zeros] -> '0.5 ml'" in result.stderr
    assert "HL704 [unit-symbol] -> 'mL' (pass 2)" in result.stderr
    assert result.exit_code == 0 and "HL70" not in result.stdout  # nothing left to report
    again = _check("a.txt", "--select", "units", "--fix")
    assert "applied" not in again.stderr


def test_diff_shows_the_result_of_every_pass_and_writes_nothing(in_tmp):
    (in_tmp / "a.txt").write_text("Take .5 ml at night.\n", encoding="utf-8")
    result = _check("a.txt", "--select", "units", "--diff")
    assert "-Take .5 ml at night.\n+Take 0.5 mL at night.\n" in result.stdout
    assert result.exit_code == 1 and (in_tmp / "a.txt").read_text(encoding="utf-8") == "Take .5 ml at night.\n"
    assert _check("a.txt", "--select", "units", "--diff", "--exit-zero").exit_code == 0


def test_the_fix_loop_is_bounded(in_tmp, monkeypatch):
    from healthlint import fixes

    monkeypatch.setattr(fixes, "MAX_PASSES", 1)
    (in_tmp / "a.txt").write_text("Take .5 ml at night.\n", encoding="utf-8")
    result = _check("a.txt", "--select", "units", "--fix")
    assert (in_tmp / "a.txt").read_text(encoding="utf-8") == "Take 0.5 ml at night.\n"
    assert "fixes still apply after 1 passes" in result.stderr


def test_reports_mark_fixable_findings(in_tmp, root):
    import jsonschema

    (in_tmp / "a.txt").write_text("Take 5mg. It has a big affect.\n", encoding="utf-8")
    text = _check("a.txt", "--select", "HL701,HL101").stdout
    assert "HL701 [number-unit-spacing] [*] " in text and "HL101 [affect-as-noun] Use" in text
    assert "[*] 1 fixable with --fix (1 more with --unsafe-fixes)." in text
    report = json.loads(_check("a.txt", "--select", "HL701,HL101", "--format", "json").stdout)
    schema = json.loads((root / "docs" / "json-report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    assert [f.get("fix") for f in report["files"][0]["findings"]] == ["safe", "unsafe"]
    (in_tmp / "b.txt").write_text("Sleep helps most people.\n", encoding="utf-8")
    plain = json.loads(_check("b.txt", "--select", "HL701,HL101,HL801", "--format", "json").stdout)
    assert all("fix" not in f for f in plain["files"][0]["findings"])  # no field without a fix
    concise = _check("a.txt", "--select", "HL701,HL101", "--output-format", "concise").stdout
    assert concise.splitlines() == [
        "a.txt:1:6: HL701 [*] Put a space between the number and the unit: '5 mg'.",
        'a.txt:1:24: HL101 Use "effect" (the noun) instead of "affect".',
        "Found 2 problems. [*] 1 fixable with --fix.",
    ]


# Item 10: ruff's options.

def test_exit_zero_quiet_and_output_format(in_tmp):
    (in_tmp / "a.txt").write_text("It has a big affect.\n", encoding="utf-8")
    assert _check("a.txt", "--select", "HL101").exit_code == 1
    assert _check("a.txt", "--select", "HL101", "--exit-zero").exit_code == 0
    assert _check("missing.txt", "--exit-zero").exit_code == 2  # errors still fail
    quiet = _check("a.txt", "--select", "HL101", "-q").stdout
    assert "HL101" in quiet and "Found" not in quiet and "reading grade" not in quiet
    assert json.loads(_check("a.txt", "--select", "HL101", "--output-format", "json").stdout)["version"] == 1


def test_statistics_with_json_is_a_field_and_with_other_formats_an_error(in_tmp):
    (in_tmp / "a.txt").write_text("It has a big affect. Take 5mg.\n", encoding="utf-8")
    report = json.loads(_check("a.txt", "--select", "HL101,HL701", "--format", "json", "--statistics").stdout)
    assert report["statistics"] == [{"rule": "HL101", "name": "affect-as-noun", "severity": "warning", "count": 1},
                                    {"rule": "HL701", "name": "number-unit-spacing", "severity": "warning", "count": 1}]
    sarif = _check("a.txt", "--format", "sarif", "--statistics")
    assert sarif.exit_code == 2 and "--statistics works with --format text, concise, json, not sarif" in sarif.output
    assert "Findings by rule:" in _check("a.txt", "--select", "HL101", "--format", "concise", "--statistics").stdout


@pytest.mark.parametrize("settings, expected", [
    ('fail_onn = "error"\n', "unknown setting 'fail_onn' (did you mean 'fail-on'?)"),
    ('ignore = ["afect-as-noun"]\n', "(did you mean 'affect-as-noun'?)"),
    ('[rules.affect-as-noun]\nseverty = "error"\n', "(did you mean 'severity'?)"),
    ('[rules.repeated-wrd]\nseverity = "error"\n', "(did you mean 'repeated-word'?)"),
])
def test_a_config_typo_gets_a_did_you_mean(in_tmp, settings, expected):
    (in_tmp / "a.txt").write_text("Sleep helps.\n", encoding="utf-8")
    (in_tmp / ".healthlint.toml").write_text(settings, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "a.txt"])
    assert result.exit_code == 2 and expected in result.output


def test_a_command_line_typo_gets_a_did_you_mean(in_tmp):
    (in_tmp / "a.txt").write_text("Sleep helps.\n", encoding="utf-8")
    result = _check("a.txt", "--select", "gramar")
    assert result.exit_code == 2 and "did you mean 'grammar'?" in result.output


def test_vale_off_and_on_are_read_and_noqa_is_answered(in_tmp):
    text = ("Sleep has a big affect.\n\n<!-- vale off -->\n\nIt has a big affect.\n\n<!-- vale on -->\n\n"
            "Stress has a big affect. <!-- noqa: HL101 -->\n\n<!-- vale Microsoft.Contractions = NO -->\n\n<!-- vale off -->\n")
    (in_tmp / "a.md").write_text(text, encoding="utf-8")
    findings = json.loads(_check("a.md", "--select", "HL101,HL903,HL904", "--format", "json").stdout)["files"][0]["findings"]
    assert [(f["line"], f["rule"]) for f in findings] == [(1, "HL101"), (9, "HL101"), (9, "HL903")]
    assert "write <!-- healthlint-disable-line HL101 -->" in findings[2]["message"]


HOSTILE = "a<&\"'\x1b[31m\x01#%?\nb\u2028.txt"


@pytest.mark.parametrize("fmt", ["concise", "gitlab", "rdjson", "checkstyle"])
def test_new_formats_stay_well_formed_for_hostile_names(in_tmp, fmt):
    import xml.etree.ElementTree as ET

    (in_tmp / HOSTILE).write_text("It has a big affect. Take 5mg.\n", encoding="utf-8")
    missing = "gone\x07\x1b]0;x.txt"
    result = _check(HOSTILE, missing, "--select", "HL101,HL701", "--format", fmt)
    out = result.stdout
    assert result.exit_code == 2  # the missing file
    assert "\x1b" not in out and "\x01" not in out and "\x07" not in out
    if fmt == "concise":
        lines = out.splitlines()
        assert len(lines) == 4 and all(line.startswith(("a<&", "gone", "Found")) for line in lines)
        assert lines[0].startswith("a<&\"'\\x1b[31m\\x01#%?\\x0ab\\u2028.txt:1:14: HL101 ")
    elif fmt == "checkstyle":
        root = ET.fromstring(out)
        names = [f.get("name") for f in root.iter("file")]
        assert names[0] == "a<&\"'\\x1b[31m\\x01#%?\nb\u2028.txt" and len(root.findall(".//error")) == 3
    else:
        data = json.loads(out)
        items = data if fmt == "gitlab" else data["diagnostics"]
        assert len(items) == 3 and items[0]["location"]["path"] == HOSTILE
        if fmt == "gitlab":
            assert len({i["fingerprint"] for i in items}) == 3


def test_rdjson_counts_columns_in_utf8_bytes(in_tmp):
    (in_tmp / "a.txt").write_text("Café owners say it has a big affect.\n", encoding="utf-8")
    [diag] = json.loads(_check("a.txt", "--select", "HL101", "--format", "rdjson").stdout)["diagnostics"]
    assert diag["location"]["range"] == {"start": {"line": 1, "column": 31}, "end": {"line": 1, "column": 37}}  # characters: 30-36
    assert diag["suggestions"][0]["text"] == "effect"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_watch_lints_again_when_a_file_changes(tmp_path):
    """A bounded run: start --watch, change a file, see the second report, stop it with Ctrl-C.
    Its output files lie in the watched folder, as a shell redirect would put them."""
    import signal
    import time

    pytest.importorskip("watchfiles")
    (tmp_path / "a.txt").write_text("It has a big affect.\n", encoding="utf-8")
    out, err = open(tmp_path / "out.txt", "w", encoding="utf-8"), open(tmp_path / "err.txt", "w", encoding="utf-8")
    proc = subprocess.Popen(["healthlint", "check", ".", "--isolated", "--select", "HL101", "--format", "concise", "--watch", "-j", "1"],
                            cwd=tmp_path, env=_env(), stdout=out, stderr=err, text=True)

    def read(name: str) -> str:
        return (tmp_path / name).read_text(encoding="utf-8")

    def wait_for(name: str, text: str, seconds: float = 60, touch: Path | None = None) -> None:
        deadline = time.monotonic() + seconds
        while text not in read(name):
            if time.monotonic() > deadline:
                raise AssertionError(f"no {text!r} in {read(name)!r} {read('err.txt')!r}")
            if touch is not None:  # again until seen: the watcher may start a moment after its message
                touch.write_text("Stress has a big affect.\n", encoding="utf-8")
            time.sleep(1.0 if touch is not None else 0.1)

    try:
        wait_for("out.txt", "Found 1 problem.")
        wait_for("err.txt", "watching for changes")
        wait_for("out.txt", "Found 2 problems.", touch=tmp_path / "b.md")
        time.sleep(2)
        runs = read("out.txt").count("Found")
        time.sleep(2)
        assert read("out.txt").count("Found") == runs  # its own output files changing start no runs
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        out.close()
        err.close()
    assert proc.returncode == 0 and "Traceback" not in read("err.txt")
    assert "changed: b.md; linting again" in read("err.txt")


# Item 11: paths relative to the working folder, SARIF partialFingerprints.

def test_reports_give_paths_relative_to_the_working_folder(tmp_path, monkeypatch):
    import xml.etree.ElementTree as ET

    from conftest import SHARED

    site, work = tmp_path / "site", tmp_path / "work"
    site.mkdir()
    work.mkdir()
    monkeypatch.chdir(work)
    (site / "a b#1.txt").write_text("It has a big affect.\n", encoding="utf-8")
    absolute = str(site / "a b#1.txt")

    def report(fmt: str) -> str:
        return _check(absolute, "--select", "HL101", "--format", fmt).stdout

    sarif = json.loads(report("sarif"))
    run = sarif["runs"][0]
    [result] = run["results"]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "../site/a%20b%231.txt", "uriBaseId": "SRCROOT"}
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == work.as_uri() + "/"
    assert set(result["partialFingerprints"]) == {"healthlintFingerprint/v2"}
    schema_path = SHARED / "schemas" / "sarif-schema-2.1.0.json"
    if schema_path.exists():
        import jsonschema

        jsonschema.validate(sarif, json.loads(schema_path.read_text(encoding="utf-8")))
    junit = ET.fromstring(report("junit"))
    assert junit.find(".//testcase").get("name") == "../site/a b#1.txt"
    assert "| ../site/a b#1.txt:1:14 |" in report("markdown")
    html = report("html")
    assert "../site/a b#1.txt" in html and str(site) not in html
    for fmt in ("junit", "markdown", "sarif", "github", "gitlab", "rdjson", "checkstyle"):
        assert str(site) not in report(fmt), fmt


def test_sarif_fingerprints_survive_lines_added_above(in_tmp):
    (in_tmp / "a.md").write_text("It has a big affect.\n", encoding="utf-8")
    before = json.loads(_check("a.md", "--select", "HL101", "--format", "sarif").stdout)["runs"][0]["results"][0]
    (in_tmp / "a.md").write_text("# Title\n\nIntro.\n\nIt has a big affect.\n", encoding="utf-8")
    after = json.loads(_check("a.md", "--select", "HL101", "--format", "sarif").stdout)["runs"][0]["results"][0]
    assert before["partialFingerprints"] == after["partialFingerprints"]
    assert before["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    assert after["locations"][0]["physicalLocation"]["region"]["startLine"] == 5


def test_junit_stays_well_formed_for_control_characters_in_names(in_tmp):
    import xml.etree.ElementTree as ET

    (in_tmp / HOSTILE).write_text("It has a big affect.\n", encoding="utf-8")
    out = _check(HOSTILE, "gone\x07.txt", "--select", "HL101", "--format", "junit").stdout
    root = ET.fromstring(out)
    assert [c.get("name") for c in root.iter("testcase")] == ["a<&\"'\\x1b[31m\\x01#%?\nb\u2028.txt", "gone\\x07.txt"]


# Item 7: the Markdown summary fits in a GitHub comment.

def _markdown_for(folder: Path, *args: str) -> str:
    run = subprocess.run(["healthlint", "check", str(folder), "--isolated", "--format", "markdown", *args],
                         cwd=folder.parent, env=_env(), capture_output=True, text=True, timeout=600)
    assert run.returncode in (0, 1), run.stderr
    return run.stdout


def test_markdown_report_for_160_files_fits_in_a_github_comment(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    paragraph = "It has a big affect on sleep. Take 5mg at night.\n\n"
    for n in range(160):
        name = f"article-{n:03}.md" if n else "a-<img src=x>.md"  # a hostile name (listed first) stays inert
        (folder / name).write_text(f"# Article {n}\n\n" + paragraph * 40, encoding="utf-8")
    out = _markdown_for(folder, "--select", "HL101,HL701")
    assert len(out) <= 65_536
    assert "**12800 findings** in 160 files" in out  # the totals still count everything
    note = re.search(r"_(\d+) more finding\(s\) in (\d+) file\(s\) not shown \(([^)]*)\)", out)
    assert note, out[-2000:]
    shown = len(re.findall(r"^\| articles/[^|]*:\d+:\d+ \|", out, re.MULTILINE))
    assert shown + int(note.group(1)) == 12800 and shown > 400
    assert "<img" not in out and "| articles/a-&lt;img src=x&gt;.md:3:14 |" in out
    assert out.rstrip().endswith("Most frequent: HL101 (6400), HL701 (6400)")


def test_markdown_report_of_the_public_articles_fits(tmp_path):
    from conftest import SHARED

    source = SHARED / "eval" / "articles" / "medquad" / "md"
    if not source.is_dir():
        pytest.skip("public articles not present")
    folder = tmp_path / "articles"
    folder.mkdir()
    for path in sorted(source.glob("*.md"))[:160]:
        (folder / path.name).write_bytes(path.read_bytes())
    out = _markdown_for(folder)
    assert len(out) <= 65_536 and "not shown" in out  # about 1,000,000 characters uncut
