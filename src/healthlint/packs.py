"""Where the YAML rule packs are: inside the installed wheel, or ``rules/`` in a checkout."""

from __future__ import annotations

from pathlib import Path


def packs_dir() -> Path:
    installed = Path(__file__).parent / "rules"
    if installed.is_dir():
        return installed
    # An editable install or a source checkout: src/healthlint/ -> ../../rules
    return Path(__file__).resolve().parents[2] / "rules"


def pack_files() -> list[Path]:
    return sorted(packs_dir().glob("*.yaml"))
