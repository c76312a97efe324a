"""The progress bar of a long local run (--jobs): on a terminal only, counting every file,
also those served from the result cache."""

from __future__ import annotations

import subprocess
import sys

from terminal_helpers import on_terminal


def _run(site, stderr):
    command = [sys.executable, "-m", "healthlint", "check", "--jobs", "2", "--ignore", "HL150,HL151", "pages"]
    return subprocess.run(command, cwd=site, stdout=subprocess.PIPE, stderr=stderr, timeout=300)


def _on_terminal(site) -> tuple[int, bytes]:
    result, shown = on_terminal(lambda stderr: _run(site, stderr))
    return result.returncode, shown


def test_progress_bar_for_local_jobs_on_a_terminal_only(tmp_path):
    for n in range(16):
        (tmp_path / "pages").mkdir(exist_ok=True)
        (tmp_path / "pages" / f"{n:02}.md").write_text(f"# Page {n}\n\nSleep has a big affect on mood.\n", encoding="utf-8")
    piped = _run(tmp_path, subprocess.PIPE)
    assert piped.returncode == 1 and b"Linting" not in piped.stderr
    for _ in range(2):  # linted, then served from the result cache
        code, shown = _on_terminal(tmp_path)
        assert code == 1
        assert b"Linting" in shown and b"16/16" in shown
