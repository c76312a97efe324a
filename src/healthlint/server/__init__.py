"""``healthlint serve``: a local check page and JSON API for editors who do not use a terminal.

Starlette and uvicorn are imported only here, so ``healthlint check`` never pays for them.
The server reads no file named by a request: the URL picks one of a few fixed routes, and
a file name only picks the format. It never sends text anywhere (no LanguageTool).
"""

from __future__ import annotations

from .app import DEFAULT_MAX_BYTES, create_app
from .run import serve

__all__ = ["DEFAULT_MAX_BYTES", "create_app", "serve"]
