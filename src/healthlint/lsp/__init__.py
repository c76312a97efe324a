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
    from .server import build_server

    build_server().start_io()
