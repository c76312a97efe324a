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


# A baseline is a flat list of short hex strings; anything else is not one of ours.
MAX_BASELINE_BYTES = 64 * 1024 * 1024
_FINGERPRINT = re.compile(r"[0-9a-f]{32}")


def load(path: Path) -> set[str]:
    """The fingerprints in a baseline file, which may come from a pull request: checked, never trusted."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BASELINE_BYTES + 1)
        if len(raw) > MAX_BASELINE_BYTES:
            raise BaselineError(f"baseline {path} is over {MAX_BASELINE_BYTES // (1024 * 1024)} MiB")
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise BaselineError(f"baseline {path} cannot be read: {exc}") from None
    except RecursionError:  # deeply nested arrays
        raise BaselineError(f"baseline {path} cannot be read: nested too deeply") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("fingerprints"), list):
        raise BaselineError(f"baseline {path} is not a healthlint baseline (version {VERSION})")
    prints = data["fingerprints"]
    bad = next((i for i, p in enumerate(prints) if not isinstance(p, str) or not _FINGERPRINT.fullmatch(p)), None)
    if bad is not None:
        raise BaselineError(f"baseline {path}: fingerprint {bad + 1} is not a 32-digit hex string")
    return set(prints)


def filter_new(result: FileResult, known: set[str]) -> int:
    """Drop the findings recorded in the baseline; return how many were dropped."""
    prints = _fingerprints(result, result.lines)
    kept = [f for f, p in zip(result.findings, prints) if p not in known]
    dropped = len(result.findings) - len(kept)
    result.findings = kept
    return dropped
