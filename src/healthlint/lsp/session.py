"""What the language server knows about the documents it lints, free of protocol types.

Each document is linted whole: the spine's caches make a re-lint after a small edit cheap.
Rules that read one sentence at a time keep each distinct sentence's problems for the
life of the process (``engine.rule._sentence_problems``) and Harper keeps each piece of
text it has read (``grammar.harper_engine._SEEN``), so after a one-word edit only the
edited sentence is analysed again, while document-level results (reading grade, keyword
stuffing, metadata, citations) are recomputed from the whole document, as they must be.
bench/lsp_latency.py measures the result over stdio.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..config import Config, ConfigError, ConfigFinder
from ..document import Document
from ..document.loader import FORMATS_BY_SUFFIX, SUPPORTED_SUFFIXES
from ..engine.runner import FileResult
from .positions import LineIndex
from .settings import ClientSettings

log = logging.getLogger(__name__)

LANGUAGE_FORMATS = {"markdown": "markdown", "html": "html", "plaintext": "text", "text": "text"}
SPELLING_RULES = ("HL151", "HL161")  # findings that "add to the word list" answers
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]{0,62}\w)?")


@dataclass
class Linted:
    """One lint of one version of a document."""

    text: str
    version: int | None
    format: str | None
    index: LineIndex
    result: FileResult | None = None
    doc: Document | None = None
    config: Config | None = None
    problems: list[str] = field(default_factory=list)  # shown as one error diagnostic each
    partial: bool = False  # some rules were left out (the grammar engine was still starting)


ENGINE_RULES = ("HL150", "HL151")


def document_format(path: Path | None, name: str, language_id: str | None) -> str | None:
    """healthlint's format for a document, or None when healthlint does not lint it."""
    suffix = (path.suffix if path else Path(name).suffix).lower()
    if suffix in FORMATS_BY_SUFFIX:
        return FORMATS_BY_SUFFIX[suffix]
    if suffix == ".docx":
        return "docx"
    return LANGUAGE_FORMATS.get((language_id or "").lower())


def docx_supported() -> bool:
    """Whether this build reads Word documents (the .docx loader is a separate feature)."""
    return ".docx" in SUPPORTED_SUFFIXES


def is_settings_file(path: Path | None) -> bool:
    from ..config import CONFIG_NAMES
    from ..grammar.vocabulary import WORDS_FILE

    return path is not None and path.name in (*CONFIG_NAMES, WORDS_FILE)


class Linter:
    """Lints documents with the settings nearest each file and the editor's settings."""

    def __init__(self) -> None:
        self.settings = ClientSettings()
        self.roots: list[Path] = []  # workspace folders, for .healthlint-words.txt without a settings file
        self._finder: ConfigFinder | None = None
        self.warnings: list[str] = []
        self.encoding = "utf-16"  # the position encoding agreed with the client

    def reset_configs(self) -> None:
        """Forget the settings files read so far (one of them, or a word list, changed)."""
        self._finder = None

    def root_of(self, path: Path) -> Path:
        """The workspace folder holding ``path``, else the file's own folder."""
        for root in sorted(self.roots, key=lambda p: len(p.parts), reverse=True):
            if path == root or root in path.parents:
                return root
        return path.parent

    def words_folder(self, path: Path | None, config: Config | None) -> Path | None:
        """Where ``.healthlint-words.txt`` is read for ``path``: beside the settings file
        that applies, else at the top of the workspace folder."""
        if config is not None and config.path is not None:
            return config.path.parent
        return self.root_of(path) if path is not None else None

    def config_for(self, path: Path | None) -> tuple[Config, list[str]]:
        """The settings for ``path`` (nearest settings file, as on the command line) with the
        editor's settings on top, and any problem reading the settings file."""
        from ..grammar.vocabulary import read_words_file

        problems: list[str] = []
        config = Config()
        if path is not None:
            try:
                finder = self._finder  # reset_configs() may run meanwhile on the protocol's thread
                if finder is None:
                    finder = self._finder = ConfigFinder()
                config = finder.for_path(path)
                for warning in finder.warnings:
                    if warning not in self.warnings:
                        self.warnings.append(warning)
            except ConfigError as exc:
                problems.append(f"healthlint settings: {exc} (linting with the defaults)")
                config = Config()
            except OSError as exc:
                problems.append(f"healthlint settings cannot be read: {exc} (linting with the defaults)")
                config = Config()
            if config.path is None:  # no settings file: the word list at the top of the workspace
                config = replace(config, words=read_words_file(self.words_folder(path, None)))
        settings = self.settings
        config = config.with_overrides(**settings.overrides())
        if settings.extend_select:
            config = replace(config, extend_select=(*config.extend_select, *settings.extend_select))
        if settings.ignore:
            config = replace(config, ignore=(*config.ignore, *settings.ignore))
        return config, problems

    def lint(self, text: str, path: Path | None, name: str, fmt: str, version: int | None = None, without: tuple[str, ...] = ()) -> Linted:
        """Lint one version of a document (leaving out the rules ``without``); never raises."""
        linted = Linted(text=text, version=version, format=fmt, index=LineIndex(text, self.encoding), partial=bool(without))
        try:
            self._lint(linted, path, name, fmt, without)
        except Exception as exc:  # a bug or a hostile document: say so in the editor, keep serving
            log.exception("linting %s failed", name)
            linted.result = None
            linted.problems.append(f"healthlint could not lint this document: {type(exc).__name__}: {exc}")
        return linted

    def _lint(self, linted: Linted, path: Path | None, name: str, fmt: str, without: tuple[str, ...]) -> None:
        from ..document import InputError, load_bytes, parse
        from ..document.loader import read_path
        from ..engine.runner import lint_document, rules_for

        if fmt != "docx" and len(linted.text) > self.settings.max_chars:
            linted.problems.append(
                f"healthlint: this document has {len(linted.text):,} characters, more than the "
                f"{self.settings.max_chars:,} linted as you type (setting maxChars); run 'healthlint check' on it"
            )
            return
        config, problems = self.config_for(path)
        linted.config = config
        linted.problems += problems
        ignores = (*(config.ignores_for(path) if path is not None else ()), *without)
        try:
            if fmt == "docx":  # the editor's buffer of a Word file is not its text: read the file
                if path is None or not docx_supported():
                    return
                doc, notes = load_bytes(read_path(path), name)
                linted.problems += notes
                # Positions are (paragraph, character) of the Word file's own text, not of
                # the editor's buffer (empty or binary for a .docx).
                linted.index = LineIndex(doc.source.text, self.encoding)
            else:
                doc = parse(linted.text, name, fmt)
        except InputError as exc:
            linted.problems.append(f"healthlint: {exc}")
            return
        linted.doc = doc
        linted.result = lint_document(doc, config, rules_for(config, ignores))
        linted.problems += [f"healthlint: {e['message']}" for e in linted.result.errors if e.get("kind") != "engine"]


def word_of(linted: Linted, start: int, end: int) -> str | None:
    """The word a spelling finding is about, when it is one plain word that may be added
    to the word list (no spaces, markup or line breaks)."""
    if linted.doc is None:
        return None
    word = linted.doc.source.text[start:end]
    return word if _WORD.fullmatch(word) else None


def valid_word(word: object) -> bool:
    return isinstance(word, str) and bool(_WORD.fullmatch(word))


def add_word(folder: Path, word: str) -> Path:
    """Add ``word`` to ``folder/.healthlint-words.txt`` (created if missing), atomically."""
    from ..fixes import write_atomic
    from ..grammar.vocabulary import WORDS_FILE

    if not valid_word(word):
        raise ValueError(f"not a word: {word[:80]!r}")
    target = folder / WORDS_FILE
    try:
        existing = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        existing = ""
    known = {line.split("#", 1)[0].strip() for line in existing.splitlines()}
    if word in known:
        return target
    if existing and not existing.endswith(("\n", "\r")):
        existing += "\n"
    write_atomic(target, existing + word + "\n")
    return target
