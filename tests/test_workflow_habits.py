"""Habits users bring from ruff, Vale and pre-commit (issue 26): options, formats, file selection."""

from __future__ import annotations

import json
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
