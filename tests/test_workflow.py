"""pre-commit and the GitHub Action, run the way their users run them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT


def _git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs git and a git checkout")
def test_pre_commit_try_repo_runs_the_hook_on_a_sample(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(ROOT / "samples" / "clinic-blog.txt", content)
    shutil.copy(ROOT / "samples" / "clean-handwashing.md", content)
    (content / "script.py").write_text("print('an affect')\n")
    _git("init", "-q", ".", cwd=content)
    _git("add", ".", cwd=content)
    env = {
        **os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    run = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "healthlint", "--all-files"],
        cwd=content, env=env, capture_output=True, text=True, timeout=900,
    )
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    assert "clinic-blog.txt:11:37: warning HL106 [in-to-into]" in out
    assert "script.py" not in out  # only Markdown, HTML and .txt files reach the hook


def test_action_is_a_composite_action_whose_command_emits_workflow_commands(tmp_path):
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    step = action["runs"]["steps"][-1]
    assert "--format github" in step["run"] and "${{" not in step["run"]  # inputs arrive as variables
    (tmp_path / "a.txt").write_text("It has a big affect.\n", encoding="utf-8")
    bin_dir = os.path.dirname(sys.executable)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
           "HEALTHLINT_PATHS": "a.txt", "HEALTHLINT_ARGS": "--isolated --select HL101"}
    run = subprocess.run(["bash", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert run.stdout.startswith("::warning file=a.txt,line=1,col=14,endLine=1,endColumn=20,title=HL101 affect-as-noun::")


def test_action_inputs_for_untrusted_pull_requests(tmp_path):
    """isolated ignores the tree's settings; config names a trusted file (one with a space)."""
    step = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))["runs"]["steps"][-1]
    (tmp_path / "a.txt").write_text("It has a big affect.\n", encoding="utf-8")
    (tmp_path / ".healthlint.toml").write_text('fail-on = "never"\n', encoding="utf-8")  # the PR's own loosening
    (tmp_path / "base settings.toml").write_text('select = ["HL101"]\n', encoding="utf-8")
    bin_dir = os.path.dirname(sys.executable)
    base = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""), "HEALTHLINT_PATHS": "a.txt", "HEALTHLINT_ARGS": "--select HL101"}

    def run(**inputs):
        return subprocess.run(["bash", "-c", step["run"]], cwd=tmp_path, env={**base, **inputs}, capture_output=True, text=True, timeout=120)

    assert run().returncode == 0  # the tree's settings win without the inputs
    assert run(HEALTHLINT_ISOLATED="true").returncode == 1
    trusted = run(HEALTHLINT_CONFIG="base settings.toml", HEALTHLINT_ARGS="")
    assert trusted.returncode == 1 and "HL101" in trusted.stdout


def test_progress_bar_only_on_a_terminal_and_for_more_than_a_few_files(monkeypatch, capsys):
    from healthlint import cli

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    with cli._progress(3) as advance:
        advance()
    with cli._progress(10) as advance:
        for _ in range(10):
            advance()
    assert "Linting" in capsys.readouterr().err
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    with cli._progress(10) as advance:
        advance()
    assert capsys.readouterr().err == ""
