"""Paths that used to end in a traceback (and exit 1, the code for findings): now a one-line
message and exit 2, with the other files still reported."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from test_cli import BAD

from healthlint import parallel
from healthlint.config import Config


def run(tmp_path, *args):
    result = subprocess.run(
        [sys.executable, "-m", "healthlint", "check", "--select", "grammar", *args],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.mark.parametrize(
    "setting, key",
    [
        ("[score]\nhalf-points = nan\n", "score.half-points"),
        ("[score]\nhalf-points = inf\n", "score.half-points"),  # used to switch the gate off silently
        ("[score.weights]\ngrammar = inf\n", "score.weights.grammar"),
        ("[score.severity-points]\nwarning = nan\n", "score.severity-points.warning"),
        ("[rules.keyword-density]\ndocument-density = nan\n", "rules.keyword-density.document-density"),
    ],
)
def test_non_finite_settings_are_config_errors(tmp_path, setting, key):
    (tmp_path / "a.md").write_text(BAD)
    (tmp_path / ".healthlint.toml").write_text(setting)
    result = run(tmp_path, "a.md")
    assert result.returncode == 2
    assert key in result.stderr


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"version": 1, "fingerprints": ' + "[" * 50_000 + "]" * 50_000 + "}", "nested too deeply"),
        ('{"version": 1, "fingerprints": [{}]}', "fingerprint 1 is not"),
        ('{"version": 1, "fingerprints": ["ab", NaN]}', "fingerprint 1 is not"),
        (b"\xff\xfe{}", "cannot be read"),
        ("[]", "is not a healthlint baseline"),
    ],
)
def test_hostile_baselines_are_usage_errors(tmp_path, content, message):
    (tmp_path / "a.md").write_text(BAD)
    target = tmp_path / "baseline.json"
    target.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = run(tmp_path, "a.md", "--baseline", "baseline.json")
    assert result.returncode == 2
    assert message in result.stderr


def test_a_valid_baseline_still_hides_known_findings(tmp_path):
    (tmp_path / "a.md").write_text(BAD)
    created = subprocess.run([sys.executable, "-m", "healthlint", "baseline", "create", "b.json", "a.md"], cwd=tmp_path, capture_output=True, text=True)
    assert created.returncode == 0, created.stderr
    result = run(tmp_path, "a.md", "--baseline", "b.json")
    assert result.returncode == 0 and "already in the baseline" in result.stderr


def _jobs(tmp_path, count):
    jobs = []
    for i in range(count):
        path = tmp_path / f"f{i}.md"
        path.write_text(BAD)
        # HL101 alone: the test forks, and a fork after Harper's thread has started (in an
        # earlier test) deadlocks in the child.
        jobs.append(parallel.Job(path, Config(select=("HL101",)), path.name))
    return jobs


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(), reason="needs fork for the patched worker")
def test_a_worker_that_dies_costs_only_its_file(tmp_path, monkeypatch):
    real = parallel.lint_file

    def lethal(path, *args, **kwargs):
        if path.name == "f3.md":
            os._exit(9)  # as the kernel's OOM killer would end it: no exception, no result
        return real(path, *args, **kwargs)

    monkeypatch.setattr(parallel, "lint_file", lethal)  # forked workers inherit the patch
    monkeypatch.setattr(parallel, "_context", lambda: __import__("multiprocessing").get_context("fork"))
    jobs = _jobs(tmp_path, 9)
    results = list(parallel.lint_many(jobs, workers=2))
    assert [r.path for r in results] == [j.display for j in jobs]  # order kept
    dead = [r for r in results if r.errors]
    assert [r.path for r in dead] == ["f3.md"]
    assert "worker process" in dead[0].errors[0]["message"]
    assert all(r.findings[0].rule == "HL101" for r in results if not r.errors)


def test_an_exception_in_linting_is_an_error_for_that_file(tmp_path, monkeypatch):
    def broken(path, *args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(parallel, "lint_file", broken)
    [result] = list(parallel.lint_many(_jobs(tmp_path, 1), workers=1))
    assert result.errors == [{"kind": "internal", "message": "internal error: RecursionError: maximum recursion depth exceeded"}]


def test_unexpected_errors_in_the_command_are_one_line_and_exit_2(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from healthlint import cli, discovery

    def broken(*args, **kwargs):
        raise RuntimeError("walk\x1b[2Jfailed")

    monkeypatch.setattr(discovery, "discover", broken)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli.main, ["check", "."])
    assert result.exit_code == 2
    assert result.output.strip() == "healthlint: internal error: RuntimeError: walk\\x1b[2Jfailed (set HEALTHLINT_DEBUG=1 for a traceback)"


def test_a_tree_config_that_turns_the_gate_off_is_named(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text(BAD)
    (tmp_path / "sub" / ".healthlint.toml").write_text('ignore = ["ALL"]\n')
    result = run(tmp_path, ".", "--format", "json")
    assert result.returncode == 0  # allowed: a drafts folder may opt out
    assert "healthlint: warning: sub/.healthlint.toml: selects no rules" in result.stderr
    # (the report lists sub/.healthlint.toml: see test_report_sanitizing.py)
    (tmp_path / "sub" / ".healthlint.toml").write_text('fail-on = "never"\n')
    assert 'sets fail-on = "never"' in run(tmp_path, ".").stderr
    assert "warning" not in run(tmp_path, ".", "--fail-on", "never").stderr  # the user's own choice


@pytest.mark.parametrize(
    "setting, message",
    [
        ('[rules.HL150]\ndialect = "klingon"\n', "'rules.HL150.dialect' must be one of american, british"),
        ('[rules.HL150]\ndisable = ["ThenThen"]\n', "'disable' names 'ThenThen', which is not a Harper rule (did you mean 'ThenThan'?)"),
        ('[rules.HL150]\nenable = ["NoSuchRule"]\n', "'enable' names 'NoSuchRule', which is not a Harper rule"),
    ],
)
def test_invalid_harper_settings_are_errors(tmp_path, setting, message):
    (tmp_path / "a.md").write_text("Their going to the clinic. Then they rest.\n")
    (tmp_path / ".healthlint.toml").write_text(setting)
    result = run(tmp_path, "a.md")
    assert result.returncode == 2
    assert message in result.stderr


def test_valid_harper_names_still_work(tmp_path):
    (tmp_path / "a.md").write_text("I am more taller then my sister.\n")
    (tmp_path / ".healthlint.toml").write_text('[rules.HL150]\ndisable = ["ThenThan"]\ndialect = "british"\n')
    result = run(tmp_path, "a.md", "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    assert not json.loads(result.stdout)["files"][0]["errors"]


def test_an_impossible_date_in_front_matter_is_a_date_finding_not_a_crash(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: Sleep\ndate: 2026-13-45\n---\nWe sleep.\n")
    result = run(tmp_path, "a.md", "--select", "HL804", "--format", "json")
    [file] = json.loads(result.stdout)["files"]
    assert not file["errors"]
    assert [(f["rule"], f["line"]) for f in file["findings"]] == [("HL804", 3)]
