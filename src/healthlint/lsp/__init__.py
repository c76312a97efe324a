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


def serve() -> None:
    """Run the language server on standard input and output until the client says exit."""
    _start_grammar_engine()
    from .server import build_server  # lsprotocol's types take most of a second to import

    build_server().start_io()


def _start_grammar_engine() -> None:
    """Build Harper's linter in its own thread from the first moment: its native code does not
    hold the GIL, so the build (most of a second) overlaps the protocol imports and the
    client's initialize, instead of delaying the first diagnostics."""
    try:
        from ..grammar.harper_engine import warm_up

        warm_up()
    except Exception:  # the first lint reports an engine that cannot start
        pass
