"""SARIF, GitHub, JUnit and Markdown reports."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import SHARED
from healthlint.cli import main

BAD = "Sleep has a big affect on mood.\n\nTake 5mg at night.\n"


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / "good.txt").write_text("Sleep helps.\n", encoding="utf-8")

    def invoke(fmt: str, *files: str):
        return CliRunner().invoke(main, ["check", *files, "--format", fmt, "--select", "HL101,HL701"])

    return invoke


def test_sarif_validates_against_the_2_1_0_schema(run):
    schema_path = SHARED / "schemas" / "sarif-schema-2.1.0.json"
    if not schema_path.exists():
        pytest.skip("shared SARIF schema not present")
    sarif = json.loads(run("sarif", "bad.txt", "good.txt").output)
    jsonschema.validate(sarif, json.loads(schema_path.read_text(encoding="utf-8")))
    driver = sarif["runs"][0]["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == ["HL101", "HL701"]
    assert all(r["help"]["text"] for r in driver["rules"])
    first = sarif["runs"][0]["results"][0]
    assert first["ruleId"] == "HL101"
    assert first["locations"][0]["physicalLocation"]["region"] == {"startLine": 1, "startColumn": 17, "endLine": 1, "endColumn": 23}


def test_github_workflow_commands(run):
    lines = run("github", "bad.txt").output.splitlines()
    assert lines[0] == '::warning file=bad.txt,line=1,col=17,endLine=1,endColumn=23,title=HL101 affect-as-noun::Use "effect" (the noun) instead of "affect".'
    assert all(re.match(r"::(error|warning|notice) file=", line) for line in lines)


def test_junit_has_a_test_case_per_file_failing_as_the_exit_code_does(run):
    result = run("junit", "bad.txt", "good.txt")
    root = ET.fromstring(result.output)
    cases = root.findall(".//testcase")
    assert [c.get("name") for c in cases] == ["bad.txt", "good.txt"]
    assert len(cases[0].findall("failure")) == 1 and not cases[1].findall("failure")
    assert cases[0].find("failure").text.count("bad.txt:") == 2  # both findings listed in it
    assert root.get("failures") == "1" and result.exit_code == 1  # failed test cases, not findings


def test_junit_of_a_run_that_exits_0_has_no_failures(run, tmp_path):
    """Findings below fail-on are listed as output, not failures: a green run stays green in CI."""
    result = CliRunner().invoke(main, ["check", "bad.txt", "--format", "junit", "--select", "HL101,HL701", "--fail-on", "error"])
    root = ET.fromstring(result.output)
    assert result.exit_code == 0 and root.get("failures") == "0" and not root.findall(".//failure")
    assert "HL101" in root.find(".//system-out").text
    (tmp_path / ".healthlint.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "bad.txt", "--format", "junit", "--select", "HL101,HL701"])
    assert result.exit_code == 0 and not ET.fromstring(result.stdout).findall(".//failure")


def test_markdown_summary_counts_by_category(run):
    out = run("markdown", "bad.txt").output
    assert "**2 findings** in 1 files" in out
    assert "| grammar | 1 |" in out and "| units | 1 |" in out
    assert "| bad.txt:1:17 | warning | HL101 affect-as-noun |" in out


def test_baseline_reports_only_new_findings_and_survives_edits_elsewhere(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "a.txt"
    article.write_text("Sleep has a big affect on mood.\n\nRest helps.\n", encoding="utf-8")
    runner = CliRunner()
    created = runner.invoke(main, ["baseline", "create", "base.json", "a.txt", "--isolated"])
    assert created.exit_code == 0, created.output
    args = ["check", "a.txt", "--isolated", "--select", "HL101", "--baseline", "base.json", "--format", "json"]
    assert json.loads(runner.invoke(main, args).stdout)["files"][0]["findings"] == []
    # A line added above moves the old finding; it stays known. A new problem is reported.
    article.write_text("Intro line.\n\nSleep has a big affect on mood.\n\nStress has a big affect too.\n", encoding="utf-8")
    findings = json.loads(runner.invoke(main, args).stdout)["files"][0]["findings"]
    assert [(f["rule"], f["line"]) for f in findings] == [("HL101", 5)]


def test_a_broken_baseline_is_a_clear_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Hi.\n", encoding="utf-8")
    (tmp_path / "base.json").write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "a.txt", "--baseline", "base.json"])
    assert result.exit_code == 2 and "cannot be read" in result.output


def test_statistics_count_findings_per_rule(run):
    out = CliRunner().invoke(main, ["check", "bad.txt", "--select", "HL101,HL701", "--statistics"]).output
    assert "Findings by rule:" in out and re.search(r"1\s+HL101\s+affect-as-noun", out)


def _fix(tmp_path, name: str, data: bytes, *flags: str):
    path = tmp_path / name
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["check", name, "--isolated", "--select", "HL101,HL110,HL701,HL702", *flags])
    return result, path.read_bytes()


def test_fix_applies_safe_fixes_and_keeps_bom_and_line_ends(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = "\ufeffTake 5mg or .5 mg with the the water.\r\nIt has a big affect.\r\n".encode("utf-8")
    result, fixed = _fix(tmp_path, "a.txt", data, "--fix")
    assert fixed == "\ufeffTake 5 mg or 0.5 mg with the water.\r\nIt has a big affect.\r\n".encode("utf-8")
    assert "applied 3 fix(es)" in result.stderr
    assert "HL101" in result.stdout and "HL701" not in result.stdout  # what is left is reported


def test_unsafe_fixes_need_their_own_flag(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _, fixed = _fix(tmp_path, "b.txt", b"It has a big affect.\n", "--fix", "--unsafe-fixes")
    assert fixed == b"It has a big effect.\n"


def test_files_are_never_changed_without_fix_and_mixed_line_ends_are_left_alone(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _, untouched = _fix(tmp_path, "c.txt", b"Take 5mg daily.\n")
    assert untouched == b"Take 5mg daily.\n"
    result, mixed = _fix(tmp_path, "d.txt", b"Take 5mg daily.\r\nRest.\nMore.\n", "--fix")
    assert mixed == b"Take 5mg daily.\r\nRest.\nMore.\n"
    assert "mixes line ends" in result.stderr and result.exit_code == 2


def test_score_is_in_json_and_min_score_gates_the_exit_code(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.txt").write_text(BAD * 3, encoding="utf-8")
    (tmp_path / "good.txt").write_text("Sleep helps you feel well.\n", encoding="utf-8")
    base = ["check", "bad.txt", "good.txt", "--isolated", "--select", "HL101,HL701", "--fail-on", "never"]
    data = json.loads(CliRunner().invoke(main, [*base, "--format", "json"]).output)
    bad, good = (f["score"] for f in data["files"])
    assert good == {"total": 100, "categories": {"grammar": 100, "units": 100}}
    # 3 warnings (4 points each) in a text scored as 300 words: 40 points per 1,000 words, two halvings
    assert bad == {"total": 25, "categories": {"grammar": 25, "units": 25}}
    assert CliRunner().invoke(main, base).exit_code == 0
    low = CliRunner().invoke(main, [*base, "--min-score", str(bad["total"] + 1)])
    assert low.exit_code == 1 and f"bad.txt: score {bad['total']} is below the minimum" in low.stderr
    assert CliRunner().invoke(main, [*base, "--min-score", str(bad["total"])]).exit_code == 0


def test_score_weights_come_from_settings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.txt").write_text(BAD, encoding="utf-8")
    args = ["check", "bad.txt", "--select", "HL101,HL701", "--format", "json"]
    (tmp_path / ".healthlint.toml").write_text("[score]\nweights = { units = 0, grammar = 1 }\n", encoding="utf-8")
    only_grammar = json.loads(CliRunner().invoke(main, args).output)["files"][0]["score"]
    assert only_grammar["total"] == only_grammar["categories"]["grammar"]
    (tmp_path / ".healthlint.toml").write_text("[score]\nweights = { nonsense = 1 }\n", encoding="utf-8")
    broken = CliRunner().invoke(main, args)
    assert broken.exit_code == 2 and "'score.weights.nonsense' is not a rule category" in broken.output


def test_diff_shows_fixes_without_writing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_bytes(b"Take 5mg daily.\n")
    result = CliRunner().invoke(main, ["check", "a.txt", "--isolated", "--select", "HL701", "--diff"])
    assert result.exit_code == 1
    assert "-Take 5mg daily.\n+Take 5 mg daily.\n" in result.stdout and "--- a/a.txt" in result.stdout
    assert (tmp_path / "a.txt").read_bytes() == b"Take 5mg daily.\n"
    clean = CliRunner().invoke(main, ["check", "a.txt", "--isolated", "--select", "HL101", "--diff"])
    assert clean.exit_code == 0 and clean.stdout == ""


def test_fix_refuses_a_file_changed_after_it_was_read(tmp_path):
    from healthlint.fixes import apply_fixes
    from healthlint.linting import lint_file
    from healthlint.config import Config

    path = tmp_path / "a.txt"
    path.write_bytes(b"Take 5mg daily.\n")
    result = lint_file(path, Config(select=("HL701",)))
    path.write_bytes(b"Take 5mg daily. An editor added this.\n")
    applied, problem = apply_fixes(path, result)
    assert applied is None and "changed after it was read" in problem
    assert path.read_bytes() == b"Take 5mg daily. An editor added this.\n"


def test_an_interrupted_write_leaves_the_file_whole_and_no_temporary_file(tmp_path, monkeypatch):
    import os

    from healthlint import fixes
    from healthlint.config import Config
    from healthlint.linting import lint_file

    path = tmp_path / "a.txt"
    path.write_bytes(b"Take 5mg daily.\n")
    result = lint_file(path, Config(select=("HL701",)))

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fixes.apply_fixes(path, result)
    assert path.read_bytes() == b"Take 5mg daily.\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_fix_never_loses_content_on_any_sample(tmp_path, monkeypatch):
    import shutil

    from conftest import ROOT

    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    before = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "samples").iterdir()}
    CliRunner().invoke(main, ["check", "samples", "--isolated", "--fix", "--unsafe-fixes", "--ignore", "HL150,HL151"])
    word = re.compile(r"[A-Za-z]{4,}")
    for name, old in before.items():
        new = (tmp_path / "samples" / name).read_text(encoding="utf-8")
        # fixes change spellings and spacing, never drop text: every long word but the replaced ones survives
        lost = set(word.findall(old)) - set(word.findall(new))
        assert len(lost) <= 3, (name, lost)
        assert abs(len(new) - len(old)) < 0.02 * len(old) + 20


def test_jobs_give_the_same_report_as_one_process(tmp_path, monkeypatch):
    from conftest import ROOT

    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("HEALTHLINT_RESULT_CACHE_MB", "0")  # the second run must lint, not be served
    args = ["check", "samples", "--isolated", "--format", "json", "--ignore", "HL150,HL151"]
    one = CliRunner().invoke(main, [*args, "--jobs", "1"]).output
    import concurrent.futures

    from healthlint import parallel

    pools = []

    submitted = []

    class CountedPool(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, *a, **k):
            pools.append(k.get("max_workers"))
            super().__init__(*a, **k)

        def submit(self, fn, job, *a, **k):
            submitted.append(job.path.stat().st_size)
            return super().submit(fn, job, *a, **k)

    monkeypatch.setattr(parallel, "FILES_PER_WORKER", 1)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", CountedPool)
    two = CliRunner().invoke(main, [*args, "--jobs", "2"]).output
    assert pools == [2]  # the files really went to two worker processes
    assert submitted == sorted(submitted, reverse=True)  # largest first: no long file left for last
    assert one == two and json.loads(one)["summary"]["files"] >= 6  # yet reported in the order given


def test_fix_applies_whitespace_and_unambiguous_pack_substitutions(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "w.md"
    path.write_bytes(b"# Refills\n\nBring your perscription  to the desk , and you should of called.\n")
    result = CliRunner().invoke(main, ["check", "w.md", "--isolated", "--select", "HL122,HL123,HL124", "--fix"])
    assert path.read_bytes() == b"# Refills\n\nBring your prescription to the desk, and you should have called.\n"
    assert "applied 4 fix(es)" in result.stderr


def test_baseline_keeps_findings_hidden_when_the_paragraph_is_edited_elsewhere(tmp_path, monkeypatch):
    """A Markdown paragraph is one line: fingerprints use the covered text and a few words
    around it, not the whole line (issue 26, item 8)."""
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "a.md"
    tail = " Walking every day helps many people feel better over time."
    article.write_text("Sleep has a big affect on mood." + tail + "\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["baseline", "create", "base.json", "a.md", "--isolated"]).exit_code == 0
    assert json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))["version"] == 2
    args = ["check", "a.md", "--isolated", "--select", "HL101", "--baseline", "base.json", "--format", "json"]
    article.write_text("Sleep has a big affect on mood." + tail.replace("many people", "most adults") + " Rest helps too.\n", encoding="utf-8")
    assert json.loads(runner.invoke(main, args).stdout)["files"][0]["findings"] == []
    # Editing the words right beside the finding makes it new again.
    article.write_text("Sleep has a huge affect on mood." + tail + "\n", encoding="utf-8")
    assert len(json.loads(runner.invoke(main, args).stdout)["files"][0]["findings"]) == 1


def test_version_1_baselines_still_load_and_match_whole_lines(tmp_path, monkeypatch):
    import hashlib

    monkeypatch.chdir(tmp_path)
    line = "Sleep has a big affect on mood."
    (tmp_path / "a.txt").write_text(line + "\n", encoding="utf-8")
    key = f"HL101\x00a.txt\x00{line}\x00affect"  # how version 1 fingerprinted a finding
    old = hashlib.sha256(f"{key}\x001".encode("utf-8")).hexdigest()[:32]
    (tmp_path / "old.json").write_text(json.dumps({"version": 1, "tool": "healthlint", "fingerprints": [old]}), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "a.txt", "--isolated", "--select", "HL101", "--baseline", "old.json"])
    assert result.exit_code == 0 and "1 finding(s) already in the baseline" in result.stderr
    (tmp_path / "bad.json").write_text('{"version": true, "fingerprints": []}', encoding="utf-8")
    assert CliRunner().invoke(main, ["check", "a.txt", "--isolated", "--baseline", "bad.json"]).exit_code == 2
