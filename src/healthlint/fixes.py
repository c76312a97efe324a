"""Applying suggestions to files: ``check --fix`` and ``--unsafe-fixes``.

Safe fixes change form, not meaning: unit spacing and symbols, decimal zeros, a doubled
word. Unsafe fixes may change meaning (affect -> effect) and need ``--unsafe-fixes``.
A file is rewritten only when asked, atomically (a temporary file, then a rename), with
its BOM and line ends as they were. Files with mixed line ends or that are not UTF-8
are left alone with a message.
"""

from __future__ import annotations

import contextlib
import difflib
import glob
import hashlib
import os
import signal
import stat
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .document.source import SourceText
from .engine.registry import fix_level
from .engine.runner import FileResult


TEMP_SUFFIX = ".healthlint-tmp"


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` all at once: the file holds either its old text or the new.

    The text goes to a temporary file in the same folder, is flushed to disk (fsync) and
    renamed over ``path``; then the folder is flushed, so that the rename survives a crash.
    A SIGTERM while writing (a CI job's time-out) removes the temporary file before the
    process ends; one left by a SIGKILL is removed by the next write of the same file.
    """
    folder = path.parent if str(path.parent) else Path(".")
    data = text.encode("utf-8")
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_umask()  # a new file, as open() would make it
    _remove_stale(folder, path.name)
    with _terminate_as_exception():
        handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
        try:
            try:
                _write_all(handle, data, mode)
            finally:
                os.close(handle)
            os.replace(temp, path)
        except BaseException:
            _unlink_quietly(temp)
            raise
    _sync_folder(folder)


def _remove_stale(folder: Path, name: str) -> None:
    try:
        for stale in folder.glob(f".{glob.escape(name)}.*{TEMP_SUFFIX}"):
            _unlink_quietly(str(stale))
    except OSError:
        pass


class _Terminated(BaseException):
    """SIGTERM, raised so that clean-up code runs before the process ends."""


@contextlib.contextmanager
def _terminate_as_exception():
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return

    def raise_terminated(signum, frame):
        raise _Terminated()

    previous = signal.signal(signal.SIGTERM, raise_terminated)
    try:
        yield
    except _Terminated:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)  # end as the signal meant to, now that the file is gone
        raise
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_all(fd: int, data: bytes, mode: int) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    try:
        os.fchmod(fd, mode)
    except OSError:
        pass
    os.fsync(fd)


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _unlink_quietly(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


def refusal(path: Path) -> str | None:
    """Why ``--fix`` must not rewrite ``path``, or None.

    A rename would replace a symbolic link with a plain file (and leave its target as it
    was), and would rewrite a read-only file, or one of another user's, as whoever runs
    healthlint: root in many CI containers, for whom the system checks no permissions.
    """
    try:
        if path.is_symlink():
            return "not fixed: it is a symbolic link (fix the file it points to)"
        info = path.stat()
    except OSError as exc:
        return f"not fixed: {exc.strerror or exc}"
    if not stat.S_ISREG(info.st_mode):
        return "not fixed: not a regular file"
    if info.st_nlink > 1:
        return "not fixed: it has other hard links, which a rewrite would split from it"
    if not _writable_by_mode(info):
        return f"not fixed: the file is read-only for you (mode {stat.filemode(info.st_mode)}, owner uid {info.st_uid})"
    if not os.access(path.parent if str(path.parent) else ".", os.W_OK):
        return "not fixed: its folder is not writable"
    return None


def _writable_by_mode(info: os.stat_result) -> bool:
    """What the permission bits allow this user, as they would without root's override."""
    uid = os.geteuid() if hasattr(os, "geteuid") else info.st_uid
    if info.st_uid == uid:
        return bool(info.st_mode & stat.S_IWUSR)
    groups = set(os.getgroups()) | {os.getegid()} if hasattr(os, "getegid") else set()
    if info.st_gid in groups:
        return bool(info.st_mode & stat.S_IWGRP)
    return bool(info.st_mode & stat.S_IWOTH)


def fixable(result: FileResult, unsafe: bool) -> list:
    levels = {"safe", "unsafe"} if unsafe else {"safe"}
    return [f for f in result.findings if fix_level(f) in levels]


# Formats whose text healthlint reads but cannot write back: a file in one of them is
# never rewritten, and the run says so instead of failing.
_READ_ONLY = {
    "docx": "--fix leaves Word documents unchanged; make the changes in Word",
    "wordpress": "--fix leaves WordPress exports unchanged; make the changes in WordPress",
}


def read_only(result: FileResult, unsafe: bool = False) -> str | None:
    """Why ``--fix``/``--diff`` leave this result's file alone, or None when they may fix it."""
    reason = _READ_ONLY.get(result.format or "")
    if reason is None:
        return None
    count = sum(len(fixable(part, unsafe)) for part in [result, *result.parts])
    return f"{reason} ({count} fixable finding(s) left)" if count else reason


class FixRefused(Exception):
    """The file cannot be fixed safely; the message says why."""


def _read_unchanged(path: Path, result: FileResult) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FixRefused(f"not fixed: {exc.strerror or exc}") from None
    if result.digest is not None and hashlib.sha256(data).hexdigest() != result.digest:
        raise FixRefused("not fixed: the file changed after it was read; run healthlint again")
    return data


def applicable(findings: list) -> list:
    """The fixes one pass applies, in order: where two overlap, the first wins (the next
    pass can do the rest)."""
    edits, last = [], -1
    for finding in sorted(findings, key=lambda f: (f.start, f.end)):
        if finding.start >= last:
            edits.append(finding)
            last = finding.end
    return edits


def fixed_bytes(data: bytes, result: FileResult, unsafe: bool = False) -> tuple[bytes, int]:
    """The file's bytes with the fixes of ``result`` applied, and how many were applied."""
    findings = fixable(result, unsafe)
    if not findings:
        return data, 0
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FixRefused(f"not fixed: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    source = SourceText.from_raw(raw)
    rest = raw.replace(source.newline, "")
    if "\r" in rest or "\n" in rest:
        raise FixRefused("not fixed: the file mixes line ends")
    text = source.text
    edits = applicable(findings)
    for finding in reversed(edits):
        text = text[: finding.start] + finding.suggestions[0] + text[finding.end :]
    if source.newline != "\n":
        text = text.replace("\n", source.newline)
    return (("\ufeff" if source.had_bom else "") + text).encode("utf-8"), len(edits)


MAX_PASSES = 10  # as ruff: fix, lint again, fix what the fixes uncovered; stop when nothing changes


@dataclass
class FixOutcome:
    before: bytes
    after: bytes
    applied: list = field(default_factory=list)  # (pass number, Finding) for each fix applied
    converged: bool = True


def fix_until_stable(path: Path, result: FileResult, config: Config, unsafe: bool = False) -> FixOutcome:
    """The file's bytes now and after every pass of fixes, linting again between passes
    (".5 ml" -> "0.5 ml" -> "0.5 mL"), at most MAX_PASSES passes. FixRefused when it
    cannot be fixed safely."""
    data = _read_unchanged(path, result)
    outcome = FixOutcome(data, data)
    # A cached result's suggestions come from a folder a pull request may write: the text
    # written into the user's file comes from linting these bytes, never from the entry.
    current = _lint_again(path, data, result.path, config) if result.cached else result
    for number in range(1, MAX_PASSES + 1):
        new, count = fixed_bytes(outcome.after, current, unsafe)
        if not count or new == outcome.after:
            return outcome
        outcome.applied += [(number, f) for f in applicable(fixable(current, unsafe))]
        outcome.after = new
        current = _lint_again(path, new, result.path, config)
        if current.errors:
            break
    else:
        outcome.converged = not fixable(current, unsafe)
    return outcome


def _lint_again(path: Path, data: bytes, display: str, config: Config) -> FileResult:
    from .document import load_bytes
    from .linting import _lint

    return _lint(lambda: load_bytes(data, display), display, config, config.ignores_for(path))


def apply_fixes(path: Path, result: FileResult, config: Config | None = None, unsafe: bool = False) -> tuple[FixOutcome | None, str | None]:
    """Apply the fixes of ``result`` to ``path``, pass after pass. Returns (what was done, reason when nothing could be)."""
    if not fixable(result, unsafe):
        return None, None
    refused = refusal(path)
    if refused:
        return None, refused
    try:
        outcome = fix_until_stable(path, result, config or Config(), unsafe)
    except FixRefused as exc:
        return None, str(exc)
    if outcome.applied:
        write_atomic(path, outcome.after.decode("utf-8"))
    return outcome, None


def diff_fixes(path: Path, result: FileResult, config: Config | None = None, unsafe: bool = False) -> tuple[str, FixOutcome | None, str | None]:
    """A unified diff of everything ``--fix`` would change (all its passes), without writing anything."""
    if not fixable(result, unsafe):
        return "", None, None
    try:
        outcome = fix_until_stable(path, result, config or Config(), unsafe)
    except FixRefused as exc:
        return "", None, str(exc)
    before = outcome.before.decode("utf-8").lstrip("\ufeff").splitlines(keepends=True)
    after = outcome.after.decode("utf-8").lstrip("\ufeff").splitlines(keepends=True)
    diff = "".join(difflib.unified_diff(before, after, f"a/{result.path}", f"b/{result.path}"))
    return diff, outcome, None


def describe(display: str, outcome: FixOutcome) -> list[str]:
    """--show-fixes: one line per fix applied, with the text before and after."""
    lines = []
    for number, f in outcome.applied:
        lines.append(f"  {display}:{f.line}:{f.column}: {f.rule} [{f.name}] -> {f.suggestions[0]!r}" + (f" (pass {number})" if number > 1 else ""))
    return lines
