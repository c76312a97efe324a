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


def lists_dir() -> Path:
    return packs_dir() / "lists"


_LISTS: dict[str, dict] = {}


def word_lists(name: str) -> dict:
    """The ``lists`` mapping of ``rules/lists/<name>.yaml``, loaded once.

    Every list file must say its ``source`` and ``license``; rules read their words from
    here so that vocabularies stay data, not code.
    """
    if name not in _LISTS:
        import yaml

        path = lists_dir() / f"{name}.yaml"
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        if not isinstance(data, dict) or not data.get("source") or not data.get("license") or not isinstance(data.get("lists"), dict):
            raise ValueError(f"word list {path.name} must have 'source', 'license' and a 'lists' mapping")
        _LISTS[name] = data["lists"]
    return _LISTS[name]


_WORD_FILES: dict[str, frozenset[str]] = {}


def word_file(name: str) -> frozenset[str]:
    """The words of ``rules/lists/<name>.txt``, one a line, loaded once.

    For lists too long for YAML to load quickly. The file opens with ``# source:`` and
    ``# license:`` comment lines, like the ``source`` and ``license`` of a YAML list.
    """
    if name not in _WORD_FILES:
        path = lists_dir() / f"{name}.txt"
        text = path.read_text(encoding="utf-8")
        header = [line for line in text.splitlines()[:40] if line.startswith("#")]
        if not any(line.startswith("# source:") for line in header) or not any(line.startswith("# license:") for line in header):
            raise ValueError(f"word list {path.name} must open with '# source:' and '# license:' lines")
        _WORD_FILES[name] = frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return _WORD_FILES[name]


def list_files() -> list[Path]:
    return sorted(lists_dir().glob("*.yaml"))


_PATTERNS: dict[tuple[str, str], "object"] = {}


def list_pattern(name: str, key: str):
    """One case-insensitive whole-word regex from the regex fragments of a word list."""
    import re

    if (name, key) not in _PATTERNS:
        items = word_lists(name)[key]
        _PATTERNS[(name, key)] = re.compile(r"(?<![\w'’])(?:" + "|".join(f"(?:{i})" for i in items) + r")(?![\w'’])", re.I)
    return _PATTERNS[(name, key)]
