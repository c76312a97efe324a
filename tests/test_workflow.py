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
    (content / "notes.text").write_text("It has a big affect on sleep.\n")  # linted by the command line, so by the hook
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
    assert "script.py" not in out  # only the files the command line lints reach the hook
    assert "notes.text:1:14: warning HL101 [affect-as-noun]" in out


def _readme_pre_commit_snippet() -> dict:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### pre-commit"):]
    block = section[section.index("```yaml\n") + len("```yaml\n"):]
    return yaml.safe_load(block[: block.index("```")])


def test_readme_snippet_rev_names_the_current_release_tag():
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    [repo] = _readme_pre_commit_snippet()["repos"]
    assert repo["rev"] == f"v{version}"
    args = repo["hooks"][0].get("args", [])
    assert "error" not in args and "never" not in args  # the suggested gate must catch warnings


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs git and a git checkout")
def test_readme_pre_commit_snippet_works_when_copied_into_a_content_repository(tmp_path):
    """The snippet as written, with its own rev, in a fresh repository (issue 26, item 2).

    Releases are tags; the test tags a temporary clone of this repository as a release
    would be tagged, and points the snippet's repo URL at that clone.
    """
    env = {
        **os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    snippet = _readme_pre_commit_snippet()
    rev = snippet["repos"][0]["rev"]
    release = tmp_path / "healthlint"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(release)], check=True, capture_output=True, env=env)
    _git("tag", rev, cwd=release)
    snippet["repos"][0]["repo"] = str(release)
    content = tmp_path / "content"
    content.mkdir()
    (content / ".pre-commit-config.yaml").write_text(yaml.safe_dump(snippet), encoding="utf-8")
    shutil.copy(ROOT / "samples" / "clinic-blog.txt", content)
    _git("init", "-q", ".", cwd=content)
    _git("add", ".", cwd=content)
    run = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"],
                         cwd=content, env=env, capture_output=True, text=True, timeout=900)
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    assert "clinic-blog.txt:8:45: warning HL101 [affect-as-noun]" in out  # "an affect": a warning
    assert "clinic-blog.txt:3:1: warning HL301 [keyword-list]" in out  # a keyword list: a warning


def _action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def _run_step() -> dict:
    [step] = [s for s in _action()["runs"]["steps"] if s.get("name") == "Run healthlint"]
    return step


def _run_action(step: dict, cwd, **inputs) -> subprocess.CompletedProcess:
    bin_dir = os.path.dirname(sys.executable)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""), **inputs}
    return subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_action_has_fail_on_sarif_upload_and_caches_without_changing_the_jobs_python():
    """Issue 26, item 13: what can be checked without GitHub's runners."""
    action = _action()
    assert {"fail-on", "sarif", "sarif-file"} <= set(action["inputs"])
    steps = action["runs"]["steps"]
    [setup] = [s for s in steps if s.get("uses", "").startswith("actions/setup-python@")]
    assert setup["with"]["update-environment"] is False  # later steps keep the job's Python
    [cache] = [s for s in steps if s.get("uses", "").startswith("actions/cache@")]
    assert "~/.cache/pip" in cache["with"]["path"] and "~/.cache/healthlint" in cache["with"]["path"]
    # The result cache lives in healthlint's cache folder: each run saves under a key of its
    # own (a fixed key is never updated by actions/cache) and restores the newest.
    assert "github.run_id" in cache["with"]["key"]
    assert all(not key.endswith("run_id }}") for key in cache["with"]["restore-keys"].split())
    [install] = [s for s in steps if s.get("name", "").startswith("Install healthlint")]
    assert "-m venv" in install["run"] and "GITHUB_PATH" not in install["run"] and "GITHUB_ENV" not in install["run"]
    [upload] = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert "inputs.sarif == 'true'" in upload["if"] and "always()" in upload["if"]
    assert steps.index(upload) > steps.index(_run_step())
    assert "${{" not in _run_step()["run"] and "${{" not in install["run"]


def test_action_fail_on_and_sarif_inputs_run(tmp_path):
    import json

    step = _run_step()
    (tmp_path / "a.txt").write_text("It has a big affect.\n", encoding="utf-8")
    base = {"HEALTHLINT_PATHS": "a.txt", "HEALTHLINT_ARGS": "--isolated --select HL101"}
    assert _run_action(step, tmp_path, **base).returncode == 1
    assert _run_action(step, tmp_path, **base, HEALTHLINT_FAIL_ON="error").returncode == 0  # a warning passes
    bad = _run_action(step, tmp_path, **base, HEALTHLINT_FAIL_ON="$(touch pwned)")
    assert bad.returncode == 2 and not (tmp_path / "pwned").exists()  # an input is a value, never code
    run = _run_action(step, tmp_path, **base, HEALTHLINT_SARIF="out dir.sarif")
    assert run.returncode == 1 and run.stdout.startswith("::warning file=a.txt,line=1,col=14")
    sarif = json.loads((tmp_path / "out dir.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["HL101"]


def test_action_is_a_composite_action_whose_command_emits_workflow_commands(tmp_path):
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    step = _run_step()
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
    step = _run_step()
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
