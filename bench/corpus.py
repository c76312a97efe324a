"""The articles a benchmark or evaluation script reads, shared so that all of them agree."""

from __future__ import annotations

import sys
from pathlib import Path

SUFFIXES = (".md", ".html", ".txt")


def article_files(folder: Path, limit: int = 0, recursive: bool = False) -> list[Path]:
    """Articles under ``folder`` in name order, the first ``limit`` when given; exits 2 if none."""
    found = sorted(p for p in (folder.rglob("*") if recursive else folder.glob("*")) if p.suffix in SUFFIXES)
    if limit:
        found = found[:limit]
    if not found:
        print(f"no articles in {folder}", file=sys.stderr)
        raise SystemExit(2)
    return found
