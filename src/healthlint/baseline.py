"""Baselines: record today's findings so that only new ones are reported.

A finding's fingerprint is its rule, the file, the text of its line (whitespace folded)
and the text it covers, plus its rank among identical fingerprints in that file. Lines
added or removed elsewhere in the file do not change it; editing the line itself does,
and then the finding is new.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path

from .engine.runner import FileResult
from .fixes import write_atomic

VERSION = 1


class BaselineError(Exception):
    pass


def _fingerprints(result: FileResult, source_lines: dict[int, str]) -> list[str]:
    seen: Counter = Counter()
    out = []
    for f in result.findings:
        line = re.sub(r"\s+", " ", source_lines.get(f.line, "")).strip()
        covered = source_lines.get(f.line, "")[f.column - 1 : f.end_column - 1] if f.end_line == f.line else ""
        key = f"{f.rule}\x00{Path(result.path).as_posix()}\x00{line}\x00{covered}"
        seen[key] += 1
        out.append(hashlib.sha256(f"{key}\x00{seen[key]}".encode("utf-8")).hexdigest()[:32])
    return out


def create(results: list[FileResult], path: Path) -> int:
    prints = sorted(p for r in results for p in _fingerprints(r, r.lines))
    payload = {"version": VERSION, "tool": "healthlint", "fingerprints": prints}
    write_atomic(path, json.dumps(payload, indent=1) + "\n")
    return len(prints)


def load(path: Path) -> set[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BaselineError(f"baseline {path} cannot be read: {exc}") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("fingerprints"), list):
        raise BaselineError(f"baseline {path} is not a healthlint baseline (version {VERSION})")
    return set(data["fingerprints"])


def filter_new(result: FileResult, known: set[str]) -> int:
    """Drop the findings recorded in the baseline; return how many were dropped."""
    prints = _fingerprints(result, result.lines)
    kept = [f for f, p in zip(result.findings, prints) if p not in known]
    dropped = len(result.findings) - len(kept)
    result.findings = kept
    return dropped
