"""Files a pull request can add: links out of the tree, devices and pipes, huge files, and
files ``--fix`` must not rewrite."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from healthlint import fixes
from healthlint.config import ConfigFinder
from healthlint.discovery import discover

BAD = "Sleep has a big affect on mood.\n"
UNITS = "Take 5mg at night.\n"  # a safe fix: "5 mg"


def _check(folder, *args):
    run = subprocess.run([sys.executable, "-m", "healthlint", "check", *args, "--isolated", "--select", "HL101,HL701"],
                         cwd=folder, capture_output=True, text=True, timeout=60)
    assert "Traceback" not in run.stderr, run.stderr
    return run


@pytest.fixture
def tree(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("API_KEY=hunter2 and an affect\n", encoding="utf-8")
    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "real.md").write_text(BAD, encoding="utf-8")
    (root / "docs" / "alias.md").symlink_to(root / "docs" / "real.md")  # inside: fine
    (root / "leak.txt").symlink_to(secret)
    (root / "zero.md").symlink_to("/dev/zero")
    (root / "loop.md").symlink_to(root / "loop.md")
    (root / "outside").symlink_to(tmp_path, target_is_directory=True)  # not descended
    os.mkfifo(root / "pipe.md")
    return root


def test_a_walk_skips_links_out_of_the_tree_and_files_that_are_not_regular(tree, monkeypatch):
    skipped: list[str] = []
    monkeypatch.chdir(tree)
    targets, missing = discover(["."], ConfigFinder(None, True), skipped=skipped)
    assert sorted(t.display for t in targets) == ["docs/alias.md"]  # the same file once, under its first name
    assert not missing
    reasons = dict(note.split(": skipped, ") for note in skipped)
    assert reasons["leak.txt"] == "a symbolic link to outside the folder"
    assert reasons["zero.md"] == "a symbolic link to outside the folder"
    assert reasons["pipe.md"].startswith("not a regular file")
    assert reasons["loop.md"] == "a broken symbolic link"


def test_the_secret_never_reaches_a_report_and_the_run_ends(tree):
    started = time.perf_counter()
    run = _check(tree, ".", "--format", "json")
    assert time.perf_counter() - started < 30
    assert "hunter2" not in run.stdout and "secret" not in run.stdout
    assert [f["path"] for f in json.loads(run.stdout)["files"]] == ["docs/alias.md"]
    assert "leak.txt: skipped, a symbolic link to outside the folder" in run.stderr
    globbed = _check(tree, "*.txt", "--format", "json")
    assert "hunter2" not in globbed.stdout


def test_a_device_or_pipe_named_on_the_command_line_is_an_error_not_a_hang(tree):
    run = _check(tree, "zero.md", "pipe.md", "docs/real.md")
    assert run.returncode == 2
    assert "zero.md: error: not a regular file" in run.stdout and "pipe.md: error: not a regular file" in run.stdout
    assert "docs/real.md:1:17: warning HL101" in run.stdout  # the other file is still linted


def test_files_over_the_size_limit_are_an_error_for_that_file(tmp_path):
    (tmp_path / "big.txt").write_text(BAD * 40_000, encoding="utf-8")  # about 1.2 MiB
    (tmp_path / "small.txt").write_text(BAD, encoding="utf-8")
    run = _check(tmp_path, "big.txt", "small.txt", "--max-file-size", "1")
    assert run.returncode == 2
    assert "big.txt: error: larger than 1 MiB" in run.stdout and "small.txt:1:17" in run.stdout
    (tmp_path / ".healthlint.toml").write_text("max-file-size = 0.5\n", encoding="utf-8")
    setting = subprocess.run([sys.executable, "-m", "healthlint", "check", "big.txt", "--select", "HL101"],
                             cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert setting.returncode == 2 and "larger than 0.5 MiB" in setting.stdout
    piped = subprocess.run([sys.executable, "-m", "healthlint", "check", "-", "--isolated", "--max-file-size", "1"],
                           input=BAD * 40_000, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert piped.returncode == 2 and "larger than 1 MiB" in piped.stdout


@pytest.mark.parametrize("value", ["0", "-1", "2000", "true", '"big"'])
def test_a_bad_size_setting_is_a_config_error(tmp_path, value):
    (tmp_path / "a.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / ".healthlint.toml").write_text(f"max-file-size = {value}\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "healthlint", "check", "a.txt"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "max-file-size" in run.stderr


def test_fix_refuses_a_symbolic_link_and_leaves_both_files_alone(tmp_path):
    target = tmp_path / "target.md"
    target.write_text(UNITS, encoding="utf-8")
    (tmp_path / "link.md").symlink_to(target)
    run = _check(tmp_path, "link.md", "--fix")
    assert "link.md: not fixed: it is a symbolic link" in run.stderr
    assert (tmp_path / "link.md").is_symlink() and target.read_text(encoding="utf-8") == UNITS


def test_fix_refuses_a_read_only_file_even_as_root(tmp_path):
    article = tmp_path / "a.md"
    article.write_text(UNITS, encoding="utf-8")
    article.chmod(0o444)
    run = _check(tmp_path, "a.md", "--fix")
    assert "a.md: not fixed: the file is read-only for you" in run.stderr
    assert article.read_text(encoding="utf-8") == UNITS
    article.chmod(0o644)
    fixed = _check(tmp_path, "a.md", "--fix")
    assert article.read_text(encoding="utf-8") == "Take 5 mg at night.\n", fixed.stderr
    assert article.stat().st_mode & 0o777 == 0o644


def test_fix_refuses_a_file_with_other_hard_links(tmp_path):
    article = tmp_path / "a.md"
    article.write_text(UNITS, encoding="utf-8")
    os.link(article, tmp_path / "b.txt")
    run = _check(tmp_path, "a.md", "--fix")
    assert "not fixed: it has other hard links" in run.stderr
    assert article.read_text(encoding="utf-8") == UNITS


def _killed_while_writing(article, signum):
    script = textwrap.dedent(f"""
        import os
        from pathlib import Path
        from healthlint import fixes
        def dying(fd, data, mode):
            os.write(fd, data[:10])
            os.kill(os.getpid(), {int(signum)})
        fixes._write_all = dying
        fixes.write_atomic(Path({str(article)!r}), "new text " * 1000)
    """)
    return subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)


def test_a_write_stopped_by_sigterm_leaves_the_old_file_and_no_temporary_file(tmp_path):
    """As a CI job's time-out stops a --fix run half-way through writing."""
    article = tmp_path / "a.md"
    article.write_text("old\n", encoding="utf-8")
    run = _killed_while_writing(article, signal.SIGTERM)
    assert run.returncode == -signal.SIGTERM, run.stderr  # it still ends by the signal
    assert article.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_a_temporary_file_left_by_sigkill_is_removed_by_the_next_write(tmp_path):
    article = tmp_path / "a.md"
    article.write_text("old\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("other\n", encoding="utf-8")
    run = _killed_while_writing(article, signal.SIGKILL)
    assert run.returncode == -signal.SIGKILL
    assert article.read_text(encoding="utf-8") == "old\n"
    assert len(list(tmp_path.iterdir())) == 3  # nothing can clean up after SIGKILL ...
    fixes.write_atomic(article, "new\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]  # ... until the next write


def test_an_atomic_write_syncs_and_keeps_the_mode(tmp_path, monkeypatch):
    synced = []
    real = os.fsync
    monkeypatch.setattr(fixes.os, "fsync", lambda fd: (synced.append(fd), real(fd)))
    article = tmp_path / "a.md"
    article.write_text("old\n", encoding="utf-8")
    article.chmod(0o640)
    fixes.write_atomic(article, "new\n")
    assert article.read_text(encoding="utf-8") == "new\n" and article.stat().st_mode & 0o777 == 0o640
    assert len(synced) == 2  # the file's data, then the folder's entry
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github", "markdown", "html"])
def test_every_report_names_the_settings_files_that_applied(tmp_path, fmt):
    """A pull request can add a settings file that loosens the gate for its folder: every
    report says which settings files were read, so a reviewer can see it."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "b.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "docs" / ".healthlint.toml").write_text('ignore = ["HL701"]\n', encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("[tool.healthlint]\nfail-on = \"warning\"\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "healthlint", "check", ".", "--format", fmt, "--select", "HL101"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert run.returncode == 1, run.stderr
    out = run.stdout
    if fmt == "json":
        assert json.loads(out)["configs"] == ["pyproject.toml", "docs/.healthlint.toml"]
    elif fmt == "sarif":
        assert json.loads(out)["runs"][0]["invocations"][0]["properties"]["configs"] == ["pyproject.toml", "docs/.healthlint.toml"]
    else:
        assert "docs/.healthlint.toml" in out and "pyproject.toml" in out
    isolated = subprocess.run([sys.executable, "-m", "healthlint", "check", ".", "--format", "json", "--isolated", "--select", "HL101"],
                              cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert json.loads(isolated.stdout)["configs"] == []


_AS_NOBODY = textwrap.dedent("""
    import os, sys
    from healthlint import cli, lint_text
    from healthlint.config import Config
    lint_text("Warm up: load every lazy module while still allowed to. An affect.", fmt="markdown", config=Config(select=("HL1", "HL2")))
    import pathspec, tempfile, zipfile, healthlint.discovery, healthlint.document.wordpress, healthlint.formatters.text_format
    os.setgroups([]); os.setgid(65534); os.setuid(65534)
    sys.argv = ["healthlint", "check", "--select", "HL101", "-j", "1", *sys.argv[1:]]
    cli.main()
""")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root, to drop to an unprivileged user")
def test_an_unreadable_folder_is_skipped_with_a_warning_and_an_unreadable_file_is_an_error(tmp_path):
    tree = tmp_path / "tree"
    (tree / "locked").mkdir(parents=True)
    (tree / "ok").mkdir()
    (tree / "ok" / "a.md").write_text(BAD, encoding="utf-8")
    (tree / "locked" / "b.md").write_text(BAD, encoding="utf-8")
    (tree / "locked" / ".healthlint.toml").write_text('select = ["HL101"]\n', encoding="utf-8")
    (tree / "locked").chmod(0)
    for folder in (tmp_path, tree, tree / "ok"):
        folder.chmod(0o755)
    (tree / "ok" / "a.md").chmod(0o644)
    try:
        walked = subprocess.run([sys.executable, "-c", _AS_NOBODY, "."], cwd=tree, capture_output=True, text=True, timeout=60)
        named = subprocess.run([sys.executable, "-c", _AS_NOBODY, "locked/b.md", "ok"], cwd=tree, capture_output=True, text=True, timeout=60)
    finally:
        (tree / "locked").chmod(0o755)
    for run in (walked, named):
        assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
        assert "ok/a.md:1:17: warning HL101" in run.stdout
    assert walked.returncode == 1 and "locked: skipped, cannot be read (Permission denied)" in walked.stderr
    assert named.returncode == 2 and "locked/b.md: error: cannot be read: Permission denied" in named.stdout
