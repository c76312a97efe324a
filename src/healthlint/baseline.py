"""Baselines: record today's findings so that only new ones are reported.

A finding's fingerprint (version 2) is its rule, the file, the text it covers and a few
words either side of it on its line (whitespace folded), plus its rank among identical
fingerprints in that file. Lines added or removed elsewhere do not change it, and neither
does an edit elsewhere in the same paragraph (a Markdown paragraph is one line); editing
the covered text or the words next to it does, and then the finding is new.

Version 1 baselines fingerprinted the whole line; they still load, and are matched with
version 1 fingerprints until they are created again.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path

from .engine.runner import FileResult
from .fixes import write_atomic

VERSION = 2
VERSIONS = (1, 2)
CONTEXT_WORDS = 3  # words kept either side of the covered text


class BaselineError(Exception):
    pass


class Known(set):
    """The fingerprints of a baseline, and the version of fingerprint they are."""

    def __init__(self, prints=(), version: int = VERSION):
        super().__init__(prints)
        self.version = version


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _window(line: str, finding) -> str:
    """The covered text with up to CONTEXT_WORDS words either side, on the finding's first line."""
    start = finding.column - 1
    stop = finding.end_column - 1 if finding.end_line == finding.line else len(line)
    before = line[:start].split()[-CONTEXT_WORDS:]
    after = line[stop:].split()[:CONTEXT_WORDS]
    return f"{' '.join(before)}\x01{_fold(line[start:stop])}\x01{' '.join(after)}"


def _fingerprints(result: FileResult, source_lines: dict[int, str], version: int = VERSION) -> list[str]:
    seen: Counter = Counter()
    out = []
    for f in result.findings:
        text = source_lines.get(f.line, "")
        if version == 1:
            covered = text[f.column - 1 : f.end_column - 1] if f.end_line == f.line else ""
            key = f"{f.rule}\x00{Path(result.path).as_posix()}\x00{_fold(text)}\x00{covered}"
        else:
            key = f"v2\x00{f.rule}\x00{Path(result.path).as_posix()}\x00{_window(text, f)}"
        seen[key] += 1
        out.append(hashlib.sha256(f"{key}\x00{seen[key]}".encode("utf-8")).hexdigest()[:32])
    return out


def fingerprints(result: FileResult) -> list[str]:
    """The current fingerprint of each finding of ``result``, in order (also GitLab's and SARIF's)."""
    return _fingerprints(result, result.lines)


def create(results: list[FileResult], path: Path) -> int:
    prints = sorted(p for r in results for p in _fingerprints(r, r.lines))
    payload = {"version": VERSION, "tool": "healthlint", "fingerprints": prints}
    write_atomic(path, json.dumps(payload, indent=1) + "\n")
    return len(prints)


# A baseline is a flat list of short hex strings; anything else is not one of ours.
MAX_BASELINE_BYTES = 64 * 1024 * 1024
_FINGERPRINT = re.compile(r"[0-9a-f]{32}")


def load(path: Path) -> Known:
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
    if not isinstance(data, dict) or type(data.get("version")) is not int or data["version"] not in VERSIONS or not isinstance(data.get("fingerprints"), list):
        raise BaselineError(f"baseline {path} is not a healthlint baseline (version {' or '.join(map(str, VERSIONS))})")
    prints = data["fingerprints"]
    bad = next((i for i, p in enumerate(prints) if not isinstance(p, str) or not _FINGERPRINT.fullmatch(p)), None)
    if bad is not None:
        raise BaselineError(f"baseline {path}: fingerprint {bad + 1} is not a 32-digit hex string")
    return Known(prints, data["version"])


def filter_new(result: FileResult, known: set[str]) -> int:
    """Drop the findings recorded in the baseline; return how many were dropped."""
    prints = _fingerprints(result, result.lines, getattr(known, "version", VERSION))
    kept = [f for f, p in zip(result.findings, prints) if p not in known]
    dropped = len(result.findings) - len(kept)
    result.findings = kept
    return dropped
