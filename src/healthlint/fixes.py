"""Applying suggestions to files: ``check --fix`` and ``--unsafe-fixes``.

Safe fixes change form, not meaning: unit spacing and symbols, decimal zeros, a doubled
word. Unsafe fixes may change meaning (affect -> effect) and need ``--unsafe-fixes``.
A file is rewritten only when asked, atomically (a temporary file, then a rename), with
its BOM and line ends as they were. Files with mixed line ends or that are not UTF-8
are left alone with a message.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import tempfile
from pathlib import Path

from .document.source import SourceText
from .engine.registry import all_rules
from .engine.runner import FileResult


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename."""
    folder = path.parent if str(path.parent) else Path(".")
    handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        try:
            os.chmod(temp, path.stat().st_mode & 0o7777)
        except OSError:
            pass
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def fixable(result: FileResult, unsafe: bool) -> list:
    levels = {"safe", "unsafe"} if unsafe else {"safe"}
    fix_of = {rule.code: rule.fix for rule in all_rules()}
    return [f for f in result.findings if f.suggestions and fix_of.get(f.rule) in levels]


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
    edits, last = [], -1
    for finding in sorted(findings, key=lambda f: (f.start, f.end)):
        if finding.start < last:
            continue  # overlapping fixes: the first wins, the next run can do the rest
        edits.append(finding)
        last = finding.end
    for finding in reversed(edits):
        text = text[: finding.start] + finding.suggestions[0] + text[finding.end :]
    if source.newline != "\n":
        text = text.replace("\n", source.newline)
    return (("\ufeff" if source.had_bom else "") + text).encode("utf-8"), len(edits)


def _planned(path: Path, result: FileResult, unsafe: bool) -> tuple[bytes, bytes, int]:
    """The file's bytes now, with the fixes applied, and how many; FixRefused when unsafe to do."""
    data = _read_unchanged(path, result)
    new, count = fixed_bytes(data, result, unsafe)
    return data, new, count


def apply_fixes(path: Path, result: FileResult, unsafe: bool = False) -> tuple[int, str | None]:
    """Apply the fixes of ``result`` to ``path``. Returns (fixes applied, reason when none could be)."""
    if not fixable(result, unsafe):
        return 0, None
    try:
        _, new, count = _planned(path, result, unsafe)
    except FixRefused as exc:
        return 0, str(exc)
    if count:
        write_atomic(path, new.decode("utf-8"))
    return count, None


def diff_fixes(path: Path, result: FileResult, unsafe: bool = False) -> tuple[str, int, str | None]:
    """A unified diff of the fixes ``--fix`` would make, without writing anything."""
    if not fixable(result, unsafe):
        return "", 0, None
    try:
        data, new, count = _planned(path, result, unsafe)
    except FixRefused as exc:
        return "", 0, str(exc)
    before = data.decode("utf-8").lstrip("\ufeff").splitlines(keepends=True)
    after = new.decode("utf-8").lstrip("\ufeff").splitlines(keepends=True)
    diff = "".join(difflib.unified_diff(before, after, f"a/{result.path}", f"b/{result.path}"))
    return diff, count, None
