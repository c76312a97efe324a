"""The protocol handlers of ``healthlint lsp``.

Linting runs in one worker thread, one document at a time (the spine's caches are not
shared between threads), so the server keeps answering hovers and code actions while a
long document is linted. Diagnostics are published only for the version they were
computed from: an edit made meanwhile is linted again and published instead.

Everything the client sends is untrusted (a workspace's own editor settings reach us
too): a handler that fails logs the problem and answers nothing rather than stopping
the server, and a document that cannot be linted gets one error diagnostic saying why.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.capabilities import ServerCapabilitiesBuilder
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .. import __version__
from .actions import ADD_WORD, READABILITY, code_actions
from .diagnostics import diagnostics, findings_at, hover_text, overlapping
from . import engine_starting
from .session import ENGINE_RULES, Linted, Linter, add_word, document_format, docx_supported, is_settings_file, valid_word
from .settings import ClientSettings, read_settings

log = logging.getLogger(__name__)

# Logged after diagnostics published without the grammar engine's rules (it was still
# starting): the complete diagnostics for the same version follow.
PARTIAL = "healthlint: published without the grammar engine's findings, which follow when it is ready"


def _guarded(handler):
    """Log a handler's failure and answer None: a bad message must not stop the server."""
    if asyncio.iscoroutinefunction(handler):

        @functools.wraps(handler)
        async def run_async(*args, **kwargs):
            try:
                return await handler(*args, **kwargs)
            except Exception:
                log.exception("%s failed", handler.__name__)
                return None

        return run_async

    @functools.wraps(handler)
    def run(*args, **kwargs):
        try:
            return handler(*args, **kwargs)
        except Exception:
            log.exception("%s failed", handler.__name__)
            return None

    return run


class HealthlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("healthlint", __version__)
        self.linter = Linter()
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthlint-lint")
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.Task] = {}
        self.generation = 0  # bumped when settings change: the same text is then linted again
        self.linted_generation: dict[str, int] = {}
        self.initial_settings: dict = {}  # the initialization options' healthlint settings

    @property
    def settings(self) -> ClientSettings:
        return self.linter.settings

    def use_settings(self, raw: Any) -> None:
        settings = read_settings(raw)
        for note in settings.notes:
            self.log(f"settings: {note}", types.MessageType.Warning)
        self.linter.settings = settings
        self.generation += 1

    def log(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        try:
            self.window_log_message(types.LogMessageParams(type=kind, message=message))
        except Exception:  # the client went away: nothing to tell
            log.warning("%s", message)

    # -- linting ------------------------------------------------------------------------

    def schedule(self, uri: str, delay: float) -> None:
        """Lint ``uri`` after ``delay`` seconds, replacing a lint already waiting for it."""
        waiting = self.pending.pop(uri, None)
        if waiting is not None and not waiting.done():
            waiting.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self._lint_later(uri, delay))

    def relint_all(self) -> None:
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, 0)

    async def _lint_later(self, uri: str, delay: float) -> None:
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            await self.lint_now(uri)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("linting %s failed", uri)

    async def lint_now(self, uri: str) -> Linted | None:
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return None
        text, version = document.source, document.version
        path = _fs_path(uri)
        fmt = document_format(path, uri, document.language_id)
        if fmt is None:
            return None
        if fmt == "docx" and not docx_supported():
            self.log(f"{uri}: this build of healthlint does not read Word documents", types.MessageType.Warning)
            return None
        previous = self.linted.get(uri)
        if (previous is not None and not previous.partial and previous.text == text
                and self.linted_generation.get(uri) == self.generation and fmt != "docx"):
            linted = previous  # saved or re-opened without a change: nothing to lint again
            linted.version = version
        else:
            name = str(path) if path is not None else uri
            generation = self.generation
            loop = asyncio.get_running_loop()

            def still_current() -> bool:
                current = self.workspace.text_documents.get(uri)
                return current is not None and current.version == version and generation == self.generation

            if fmt != "docx" and engine_starting():
                # Harper is still building its dictionary: publish the other rules' findings
                # now and the complete set when it is ready.
                first = await loop.run_in_executor(self.executor, functools.partial(
                    self.linter.lint, text, path, name, fmt, version, without=ENGINE_RULES))
                if not still_current():
                    return None
                self.linted[uri] = first
                self._publish(uri, version, first)
                self.log(f"{PARTIAL}: {uri}", types.MessageType.Log)
            linted = await loop.run_in_executor(self.executor, self.linter.lint, text, path, name, fmt, version)
            if not still_current():
                return None  # edited (or closed) meanwhile: the newer lint publishes
            self.linted[uri] = linted
            self.linted_generation[uri] = generation
        self._publish(uri, version, linted)
        return linted

    def _publish(self, uri: str, version: int | None, linted: Linted) -> None:
        for warning in self.linter.warnings:
            self.log(warning, types.MessageType.Warning)
        self.linter.warnings.clear()
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=diagnostics(linted, self.settings.docs_url),
        ))

    def current(self, uri: str) -> Linted | None:
        """The last lint of ``uri`` if it matches the text the editor has now."""
        linted = self.linted.get(uri)
        document = self.workspace.text_documents.get(uri)
        if linted is None or document is None or linted.text != document.source:
            return None
        return linted


def _fs_path(uri: str) -> Path | None:
    if not isinstance(uri, str) or not uri.startswith("file:"):
        return None
    try:
        path = to_fs_path(uri)
    except Exception:
        return None
    return Path(path) if path else None


def _client_supports_configuration(server: HealthlintServer) -> bool:
    try:
        return bool(server.client_capabilities.workspace and server.client_capabilities.workspace.configuration)
    except Exception:
        return False


async def _pull_settings(server: HealthlintServer) -> None:
    """Ask the client for its ``healthlint`` settings (workspace/configuration)."""
    if not _client_supports_configuration(server):
        return
    try:
        answer = await server.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section="healthlint")])
        )
    except Exception as exc:
        log.warning("workspace/configuration failed: %s", exc)
        return
    if answer and isinstance(answer[0], dict):
        # On top of the initialization options: a client that has no 'healthlint' section
        # of its own answers {} and must not wipe them.
        server.use_settings({**server.initial_settings, **_section(answer[0])})
        server.relint_all()


_TASKS: set[asyncio.Task] = set()


def _in_background(coroutine) -> None:
    """Run ``coroutine`` without holding up the handler: a request to the client awaited
    inside a notification handler would wait for an answer that is read only after it."""
    task = asyncio.get_running_loop().create_task(coroutine)
    _TASKS.add(task)
    task.add_done_callback(_TASKS.discard)


def _section(raw: Any) -> dict:
    if isinstance(raw, dict) and isinstance(raw.get("healthlint"), dict):
        return raw["healthlint"]
    return raw if isinstance(raw, dict) else {}


def build_server() -> HealthlintServer:
    server = HealthlintServer()

    @server.feature(types.INITIALIZE)
    @_guarded
    def initialize(ls: HealthlintServer, params: types.InitializeParams):
        roots = [folder.uri for folder in params.workspace_folders or ()] or ([params.root_uri] if params.root_uri else [])
        ls.linter.roots = [p for p in (_fs_path(uri) for uri in roots) if p is not None]
        encoding = ServerCapabilitiesBuilder.choose_position_encoding(params.capabilities)
        ls.linter.encoding = str(getattr(encoding, "value", encoding))
        if params.initialization_options is not None:
            ls.initial_settings = _section(params.initialization_options)
            ls.use_settings(params.initialization_options)

    @server.feature(types.INITIALIZED)
    @_guarded
    async def initialized(ls: HealthlintServer, params: types.InitializedParams):
        # Load the rules and start Harper while the editor opens its first file.
        ls.executor.submit(_warm_up, ls.linter)
        _in_background(_pull_settings(ls))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @_guarded
    def did_open(ls: HealthlintServer, params: types.DidOpenTextDocumentParams):
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @_guarded
    def did_change(ls: HealthlintServer, params: types.DidChangeTextDocumentParams):
        ls.schedule(params.text_document.uri, ls.settings.debounce_ms / 1000)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    @_guarded
    def did_save(ls: HealthlintServer, params: types.DidSaveTextDocumentParams):
        if is_settings_file(_fs_path(params.text_document.uri)):
            ls.linter.reset_configs()
            ls.generation += 1
            ls.relint_all()
        else:
            ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @_guarded
    def did_close(ls: HealthlintServer, params: types.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        waiting = ls.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        ls.linted.pop(uri, None)
        ls.linted_generation.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    @_guarded
    async def did_change_configuration(ls: HealthlintServer, params: types.DidChangeConfigurationParams):
        settings = params.settings
        if settings in (None, {}, []) or (isinstance(settings, dict) and settings.get("healthlint") is None and _client_supports_configuration(ls)):
            _in_background(_pull_settings(ls))  # the "pull" model: the notification only says "ask again"
            return
        ls.use_settings(settings)
        ls.relint_all()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @_guarded
    def did_change_watched_files(ls: HealthlintServer, params: types.DidChangeWatchedFilesParams):
        if any(is_settings_file(_fs_path(change.uri)) for change in params.changes):
            ls.linter.reset_configs()
            ls.generation += 1
            ls.relint_all()

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix], resolve_provider=False),
    )
    @_guarded
    def code_action(ls: HealthlintServer, params: types.CodeActionParams):
        linted = ls.current(params.text_document.uri)
        if linted is None:
            return None
        found = overlapping(linted, params.range)
        return code_actions(linted, found, params.text_document.uri, ls.settings.docs_url) or None

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @_guarded
    def hover(ls: HealthlintServer, params: types.HoverParams):
        linted = ls.current(params.text_document.uri)
        if linted is None:
            return None
        found = findings_at(linted, params.position)
        if not found:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=hover_text(found, ls.settings.docs_url)))

    @server.command(ADD_WORD)
    @_guarded
    def add_word_command(ls: HealthlintServer, *arguments):
        """Arguments: the document's URI and the word. The file written is the word list that
        the document's settings read; the client chooses only the word."""
        if len(arguments) != 2 or not isinstance(arguments[0], str) or not valid_word(arguments[1]):
            ls.log("healthlint.addWord: expected a document URI and one word", types.MessageType.Error)
            return None
        uri, word = arguments
        path = _fs_path(uri)
        if path is None or uri not in ls.workspace.text_documents:
            ls.log("healthlint.addWord: only for a file open in the editor", types.MessageType.Error)
            return None
        config, _ = ls.linter.config_for(path)
        folder = ls.linter.words_folder(path, config if config.path is not None else None)
        target = add_word(folder, word)
        ls.log(f"added {word!r} to {target}")
        ls.linter.reset_configs()
        ls.generation += 1
        ls.relint_all()
        return {"file": str(target), "word": word}

    @server.command(READABILITY)
    @_guarded
    async def readability_command(ls: HealthlintServer, *arguments):
        """Argument: the document's URI. Returns its readability scores, reading grade,
        target grade and article score."""
        if not arguments or not isinstance(arguments[0], str) or arguments[0] not in ls.workspace.text_documents:
            ls.log("healthlint.readability: expected the URI of an open document", types.MessageType.Error)
            return None
        uri = arguments[0]
        linted = ls.current(uri) or await ls.lint_now(uri)
        if linted is None or linted.result is None:
            return None
        return readability_summary(linted)

    return server


def readability_summary(linted: Linted) -> dict[str, Any]:
    result = linted.result
    metrics = dict(result.metrics)
    grade, target = metrics.get("reading_grade"), metrics.get("target_grade")
    if grade is None:
        verdict = "too little prose to grade"
    elif target is None:
        verdict = f"reading grade {grade}; no target for this audience"
    else:
        verdict = f"reading grade {grade}, " + ("within" if grade <= target else "above") + f" the target of {target:g}"
    return {
        "summary": verdict,
        "metrics": metrics,
        "score": result.score,
        "findings": len(result.findings),
    }


def _warm_up(linter: Linter) -> None:
    """Load the rules, the word lists and the grammar engine before the first document."""
    try:
        from ..engine.registry import all_rules
        from ..grammar.harper_engine import warm_up

        all_rules()
        warm_up()  # already started by serve(); this only queues behind it
        # Compile the rules' patterns and load the word lists, without waiting for Harper.
        linter.lint("Warm up: the effects of exercise.\n", None, "warm-up.txt", "text", without=ENGINE_RULES)
    except Exception:
        log.exception("warm-up failed")
