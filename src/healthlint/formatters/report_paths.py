"""Paths as reports show them: relative to the working folder where possible.

Making them safe in a line-based, XML or URI context is ``healthlint.sanitize``'s job.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath


def relative(path: str) -> str:
    """``path`` relative to the working folder ('../site/a.md' rather than '/srv/site/a.md')
    when it is absolute and a relative form exists; as given otherwise ('-', '<text>')."""
    if not os.path.isabs(path):
        return PurePath(path).as_posix() if path not in ("-",) and not path.startswith("<") else path
    try:
        return Path(os.path.relpath(path, Path.cwd())).as_posix()
    except ValueError:  # another drive on Windows: no relative form
        return PurePath(path).as_posix()
