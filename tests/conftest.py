from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

# The parsed-pack cache goes to a folder of the test run's own, never the tester's home;
# subprocesses started by the tests inherit it.
os.environ.setdefault("HEALTHLINT_CACHE_DIR", tempfile.mkdtemp(prefix="healthlint-test-cache-"))

import pytest

from healthlint import lint_text
from healthlint.config import Config



_PACKS_WARMED: list[bool] = []


@pytest.fixture(autouse=True)
def _own_result_cache(tmp_path_factory, monkeypatch):
    """Each test gets a result cache of its own (a test that patches a rule must not leave
    results for the next), sharing the run's parsed packs through a link."""
    shared = Path(os.environ["HEALTHLINT_CACHE_DIR"])
    if not _PACKS_WARMED and not any(shared.glob("packs-*.json")):  # once: packs parsed in a process that exits
        import subprocess
        import sys

        _PACKS_WARMED.append(True)

        subprocess.run([sys.executable, "-c", "from healthlint import lint_text; lint_text('Warm up.')"], check=False, capture_output=True)
    own = tmp_path_factory.mktemp("cache")
    for packs in shared.glob("packs-*.json"):
        (own / packs.name).symlink_to(packs)
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(own))
    monkeypatch.setenv("HEALTHLINT_NO_CACHE", "")  # a --no-cache run in this process sets it: undone after the test


ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def source_slice(raw: str, line: int, column: int, end_line: int, end_column: int) -> str:
    """The raw text between two 1-based (line, column) positions, end exclusive.

    Lines are split on CRLF, CR and LF, as editors and SARIF viewers do, so this is
    independent of how healthlint normalises line ends.
    """
    raw = raw.removeprefix("\ufeff")
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", raw)]
    return raw[starts[line - 1] + column - 1 : starts[end_line - 1] + end_column - 1]


def findings(text: str, fmt: str, select: tuple[str, ...] | None = ("grammar",)):
    """Findings of ``select`` (the grammar rules by default: position tests plant grammar errors)."""
    config = Config(select=select) if select else Config()
    result = lint_text(text, fmt=fmt, config=config)
    assert not result.errors, result.errors
    return result.findings


def flagged(text: str, fmt: str, rule: str | None = None) -> list[str]:
    """The raw source text of every finding (of ``rule`` if given), in order."""
    return [
        source_slice(text, f.line, f.column, f.end_line, f.end_column)
        for f in findings(text, fmt, (rule,) if rule else ("grammar",))
        if rule is None or rule in (f.rule, f.name)
    ]


@pytest.fixture
def root() -> Path:
    return ROOT
