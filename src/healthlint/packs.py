"""Where the YAML rule packs are (inside the installed wheel, or ``rules/`` in a checkout),
and how they are read."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


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


CACHE_ENV = "HEALTHLINT_CACHE_DIR"
NO_CACHE_ENV = "HEALTHLINT_NO_CACHE"
_parsed: dict[str, list] | None = None  # path -> [sha256 of the file, data]
_dirty = False


def cache_folder() -> Path | None:
    """The cache folder (parsed packs, results), or None when caching is off."""
    if os.environ.get(NO_CACHE_ENV):
        return None
    return Path(os.environ.get(CACHE_ENV) or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "healthlint"))


def _cache_file() -> Path | None:
    folder = cache_folder()
    if folder is None:
        return None
    from . import __version__

    return folder / f"packs-{__version__}.json"


def _cache() -> dict[str, list]:
    global _parsed
    if _parsed is None:
        _parsed = {}
        file = _cache_file()
        if file is not None:
            import json

            try:
                loaded = json.loads(file.read_text(encoding="utf-8"))
                _parsed = loaded if isinstance(loaded, dict) else {}
            except (OSError, ValueError):
                pass  # no cache yet, or a damaged one: parse the YAML
    return _parsed


def _save_cache() -> None:
    file = _cache_file()
    if not _dirty or file is None:
        return
    import json
    import tempfile

    # Entries of packs that are gone (an old checkout, an uninstalled copy) are dropped.
    kept = {key: entry for key, entry in _cache().items() if os.path.exists(key)}
    temporary = None
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=".packs-", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(kept, out)
        os.replace(temporary, file)  # atomic: a parallel run reads the old cache or the new one
    except OSError:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        # a read-only home or CI sandbox: run without the cache


class InvalidYaml(ValueError):
    """A pack or list file that does not parse."""


def load_yaml(path: Path) -> Any:
    """A pack or list file, parsed.

    Importing PyYAML and parsing every pack is about a third of a cold start, so the
    parsed data is kept in a JSON cache (``~/.cache/healthlint``, or ``$HEALTHLINT_CACHE_DIR``;
    ``HEALTHLINT_NO_CACHE=1`` turns it off), used only while the file's content hash is
    unchanged. Not its size and modification time: a cache folder may sit in a workspace a
    pull request can write to, and those are easy to match with other rules.
    """
    import hashlib

    global _dirty
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()  # about a millisecond for all the packs
    key = str(path.resolve())
    entry = _cache().get(key)
    if isinstance(entry, list) and len(entry) == 2 and entry[0] == digest:
        return entry[1]
    import yaml

    try:
        data = yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise InvalidYaml(f"{path.name} is not valid YAML: {exc}") from None
    import json

    try:
        cacheable = json.loads(json.dumps(data)) == data  # dates or integer keys would not come back as they were
    except (TypeError, ValueError):
        cacheable = False
    if cacheable:
        if not _dirty:
            import atexit

            atexit.register(_save_cache)
        _cache()[key] = [digest, data]
        _dirty = True
    return data


_LISTS: dict[str, dict] = {}


def word_lists(name: str) -> dict:
    """The ``lists`` mapping of ``rules/lists/<name>.yaml``, loaded once.

    Every list file must say its ``source`` and ``license``; rules read their words from
    here so that vocabularies stay data, not code.
    """
    if name not in _LISTS:
        path = lists_dir() / f"{name}.yaml"
        data = load_yaml(path)
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


class SortedWordFile:
    """A long sorted word list (``rules/lists/<name>.txt``) looked up by bisection in its
    bytes: reading 2 MB costs a millisecond, a set of 190,000 words fifty.

    Each line is ``word`` or ``word<TAB>tags`` (the dialects a spelling belongs to), sorted
    by the word's bytes; ``#`` header lines come first.
    """

    def __init__(self, data: bytes, name: str = "") -> None:
        self._data = data
        start = 0
        while data.startswith(b"#", start):  # past the header
            start = data.find(b"\n", start) + 1 or len(data)
        self._start = start
        head = data[:start].decode("utf-8", "replace")
        if "# source:" not in head or "# license:" not in head:
            raise ValueError(f"word list {name} must open with '# source:' and '# license:' lines")

    def tags(self, word: str) -> tuple[str, ...] | None:
        """None when ``word`` is not listed; () for a word of every dialect; else its tags."""
        key = word.encode("utf-8", "ignore")
        if not key or b"\n" in key or b"\t" in key:
            return None
        data, lo, hi = self._data, self._start, len(self._data)
        while lo < hi:  # lo and hi are always line starts
            start = max(data.rfind(b"\n", lo, (lo + hi) // 2) + 1, lo)
            end = data.find(b"\n", start)
            end = len(data) if end < 0 else end
            line = data[start:end]
            tab = line.find(b"\t")
            listed = line if tab < 0 else line[:tab]
            if listed == key:
                return () if tab < 0 else tuple(line[tab + 1 :].decode("ascii", "replace").split(","))
            if listed < key:
                lo = end + 1
            else:
                hi = start
        return None

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.tags(word) is not None


_SORTED_FILES: dict[str, SortedWordFile] = {}


def sorted_word_file(name: str) -> SortedWordFile:
    """``rules/lists/<name>.txt`` as a :class:`SortedWordFile`, read once."""
    if name not in _SORTED_FILES:
        path = lists_dir() / f"{name}.txt"
        _SORTED_FILES[name] = SortedWordFile(path.read_bytes(), path.name)
    return _SORTED_FILES[name]


def list_files() -> list[Path]:
    return sorted(lists_dir().glob("*.yaml"))


_PATTERNS: dict[tuple[str, str], "object"] = {}


def list_pattern(name: str, key: str):
    """One case-insensitive whole-word regex from the regex fragments of a word list, with
    ``search`` and ``finditer`` behind a word test (see engine/word_screen.py)."""
    import re

    from .engine.word_screen import ScreenedPattern, key_words

    if (name, key) not in _PATTERNS:
        items = [str(i) for i in word_lists(name)[key]]
        pattern = re.compile(r"(?<![\w'’])(?:" + "|".join(f"(?:{i})" for i in items) + r")(?![\w'’])", re.I)
        common = frozenset(str(w).lower() for w in word_lists("english")["function_words"])
        _PATTERNS[(name, key)] = ScreenedPattern(pattern, key_words(items, common))
    return _PATTERNS[(name, key)]
