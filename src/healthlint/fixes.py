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
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .document.source import SourceText
from .engine.registry import fix_level
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
    return [f for f in result.findings if fix_level(f) in levels]


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
    current = result
    for number in range(1, MAX_PASSES + 1):
        found = fixable(current, unsafe)
        new, count = fixed_bytes(outcome.after, current, unsafe)
        if not count or new == outcome.after:
            return outcome
        applied_now = sorted(found, key=lambda f: (f.start, f.end))
        kept, last = [], -1
        for finding in applied_now:
            if finding.start >= last:
                kept.append(finding)
                last = finding.end
        outcome.applied += [(number, f) for f in kept]
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
