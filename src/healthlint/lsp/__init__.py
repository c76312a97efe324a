"""``healthlint lsp``: findings as you type, through the Language Server Protocol over stdio.

Built on pygls and lsprotocol, which are imported only when the server starts:
``healthlint check`` never pays for them.

- :mod:`.positions`: healthlint's 1-based character columns to LSP's 0-based UTF-16 ones.
- :mod:`.settings`: the editor's settings, read as untrusted input.
- :mod:`.session`: one open document's linting, settings and results (no protocol types).
- :mod:`.actions`: quick fixes, suppression comments and the word-list action.
- :mod:`.server`: the protocol handlers.
"""

from __future__ import annotations

import sys


def serve() -> None:
    """Run the language server on standard input and output until the client says exit."""
    _start_grammar_engine()
    try:
        from .server import build_server  # lsprotocol's types take most of a second to import
    except ImportError as exc:
        sys.stderr.write(f"healthlint: error: the language server needs pygls 2 and lsprotocol ({exc}); install healthlint again\n")
        raise SystemExit(2) from None
    # Standard output carries the protocol: anything else printed there (a library's
    # warning) would corrupt it, so it goes to standard error instead.
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr
    build_server().start_io(stdin, stdout)


def _start_grammar_engine() -> None:
    """Build Harper's linter in its own thread from the first moment: its native code does not
    hold the GIL, so the build (most of a second) overlaps the protocol imports and the
    client's initialize, instead of delaying the first diagnostics."""
    global _ENGINE_READY
    try:
        from ..grammar.harper_engine import background, warm_up

        warm_up()
        # Harper's thread runs one task at a time: this one is done when the build is
        # (or has failed, when Harper cannot run at all).
        _ENGINE_READY = background().submit(lambda: None)
    except Exception:  # the first lint reports an engine that cannot start
        pass


_ENGINE_READY = None


def engine_starting() -> bool:
    """Whether Harper's linter is still being built: the first diagnostics then come from
    the other rules, and Harper's follow when it is ready."""
    return _ENGINE_READY is not None and not _ENGINE_READY.done()
