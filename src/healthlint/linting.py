"""The library entry points: lint text or files and get results back."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Config
from .document import InputError, load_bytes, parse
from .document.loader import MIB, read_path
from .engine.finding import SEVERITY_RANK
from .engine.runner import FileResult, lint_document, rules_for


@dataclass
class Report:
    files: list[FileResult] = field(default_factory=list)
    # Files' JSON entries written while the rest were still being linted (by id of the
    # result), so that the report is not all encoded at the end; see format_json.
    encoded: dict[int, str] = field(default_factory=dict, repr=False)
    # Each file's fail-on level (by id of the result), from the settings nearest the file
    # or the command line; files not listed use "warning", the default.
    fail_on: dict[int, str] = field(default_factory=dict, repr=False)
    # The settings files that applied to some file, as shown to the user: a pull request
    # can add one, so every format says which were read.
    configs: list[str] = field(default_factory=list)
    statistics: list[dict[str, Any]] | None = None  # findings per rule, when asked for (--statistics)

    def failing(self, result: FileResult) -> list:
        """The findings of ``result`` that fail the run under its own fail-on level."""
        level = self.fail_on.get(id(result), "warning")
        if level == "never":
            return []
        threshold = SEVERITY_RANK[level]
        return [f for f in result.findings if SEVERITY_RANK[f.severity] >= threshold]

    def summary(self) -> dict[str, Any]:
        by_severity = {"error": 0, "warning": 0, "info": 0}
        by_category: dict[str, int] = {}
        for result in self.files:
            for finding in result.findings:
                by_severity[finding.severity] += 1
                by_category[finding.category] = by_category.get(finding.category, 0) + 1
        return {
            "files": len(self.files),
            "findings": sum(by_severity.values()),
            "files_with_errors": sum(1 for r in self.files if r.errors),
            "by_severity": by_severity,
            "by_category": dict(sorted(by_category.items())),
        }

    def to_json(self) -> dict[str, Any]:
        return self.envelope([r.to_json() for r in self.files])

    def envelope(self, files: Any) -> dict[str, Any]:
        """The report around its list of files (see formatters/json_format.py)."""
        out = {"version": 1, "files": files, "summary": self.summary(), "configs": self.configs}
        if self.statistics is not None:
            out["statistics"] = self.statistics  # only with --statistics
        return out

    def exit_code(self) -> int:
        """2 when a file could not be linted, 1 when a file has findings at its fail-on level."""
        if any(r.errors for r in self.files):
            return 2
        return 1 if any(self.failing(r) for r in self.files) else 0


def _is_export(head: bytes) -> bool:
    from .document.wordpress import is_export

    return is_export(head)


def _lint(load, display: str, config: Config, ignore_extra: Iterable[str] = (), with_view: bool = False) -> FileResult:
    try:
        doc, notes = load()
    except InputError as exc:
        return FileResult(path=display, format=None, errors=[{"kind": "input", "message": str(exc)}])
    result = lint_document(doc, config, rules_for(config, tuple(ignore_extra)))
    result.errors = [{"kind": "input", "message": note} for note in notes] + result.errors
    if with_view:
        from .formatters.html_view import build_view

        result.view = build_view(doc, result)
    return result


def lint_export(open_stream, display: str, config: Config, ignore_extra: Iterable[str] = (), with_view: bool = False) -> FileResult:
    """Lint each post and page of a WordPress export as a document of its own.

    The export's result stands for the file: its ``parts`` are the posts' results (named
    ``display#slug``), and its own errors say why reading stopped, if it did. Posts are
    parsed and linted one at a time, so memory holds one post and the results; a post
    larger than the max-file-size setting is not linted, and its result says so.
    """
    from .document.wordpress import ExportError, OversizedPost, load_posts

    export = FileResult(path=display, format="wordpress")
    rules = rules_for(config, tuple(ignore_extra))
    try:
        for doc in load_posts(open_stream, display, int(config.max_file_size * MIB)):
            if isinstance(doc, OversizedPost):  # a post over max-file-size: an error of its own
                export.parts.append(FileResult(path=doc.path, format=None, errors=[{"kind": "input", "message": doc.message}],
                                               sections={"wordpress": doc.wordpress}))
                continue
            result = lint_document(doc, config, rules)
            result.sections["wordpress"] = doc.metadata["_wordpress"]
            if with_view:
                from .formatters.html_view import build_view

                result.view = build_view(doc, result)
            export.parts.append(result)
    except (ExportError, InputError) as exc:
        export.errors.append({"kind": "input", "message": str(exc)})
    return export


def lint_text(text: str, fmt: str | None = None, path: str = "<text>", config: Config | None = None) -> FileResult:
    """Lint a string. ``fmt`` is "text", "markdown" or "html" (guessed from ``path`` or content if None)."""
    config = config or Config()
    if fmt in (None, "wordpress") and _is_export(text[:65536].encode("utf-8", "replace")):
        return lint_bytes(text.encode("utf-8", "replace"), path, config, fmt)
    return _lint(lambda: (parse(text, path, fmt), []), path, config)


def lint_bytes(data: bytes, path: str, config: Config | None = None, fmt: str | None = None, with_view: bool = False) -> FileResult:
    config = config or Config()
    if fmt in (None, "wordpress") and _is_export(data[:65536]):
        return lint_export(lambda: io.BytesIO(data), path, config, with_view=with_view)
    return _lint(lambda: load_bytes(data, path, fmt), path, config, with_view=with_view)


def lint_file(path: Path, config: Config | None = None, display: str | None = None, with_view: bool = False, data: bytes | None = None,
              digest: str | None = None) -> FileResult:
    """Lint one file; ``with_view`` also lays out its prose for the HTML report. ``data``:
    the file's bytes, when the caller has read them already (the result cache), and
    ``digest`` their SHA-256, when it has hashed them."""
    config = config or Config()
    display = display or str(path)
    from .document.loader import FORMATS_BY_SUFFIX

    # Only a name healthlint has no reader for (.xml, .wxr, none) may be an export: an
    # article is not opened twice to find out.
    if path.suffix.lower() not in FORMATS_BY_SUFFIX:
        from .document.wordpress import HEAD_BYTES, is_export, is_export_file

        if is_export(data[:HEAD_BYTES]) if data is not None else is_export_file(path):
            # Streamed: an export can be larger than memory (from the bytes already read, if any).
            opened = (lambda: io.BytesIO(data)) if data is not None else (lambda: open(path, "rb"))
            return lint_export(opened, display, config, config.ignores_for(path), with_view)
    read: list[bytes] = []

    def load():
        read.append(read_path(path, int(config.max_file_size * MIB)) if data is None else data)
        return load_bytes(read[0], display)

    result = _lint(load, display, config, config.ignores_for(path), with_view)
    if read:
        result.digest = digest if digest is not None and data is not None else hashlib.sha256(read[0]).hexdigest()
    return result
