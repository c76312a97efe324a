"""Paths and text as reports show them: relative to the working folder where possible, and
safe in a line-based, XML or URI context whatever bytes a file name holds.

File names come from the linted repository, which is untrusted: a name may hold a line
break, a terminal escape, '<', '&', '%' or '#'.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePath
from urllib.parse import quote

# Characters XML 1.0 cannot hold at all, even escaped (C0 controls but tab and line ends,
# lone surrogates, U+FFFE and U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NOT_PRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def relative(path: str) -> str:
    """``path`` relative to the working folder ('../site/a.md' rather than '/srv/site/a.md')
    when it is absolute and a relative form exists; as given otherwise ('-', '<text>')."""
    if not os.path.isabs(path):
        return PurePath(path).as_posix() if path not in ("-",) and not path.startswith("<") else path
    try:
        return Path(os.path.relpath(path, Path.cwd())).as_posix()
    except ValueError:  # another drive on Windows: no relative form
        return PurePath(path).as_posix()


def _escape(match: re.Match) -> str:
    ch = match.group(0)
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """Text for one line of a line-based report: control characters and line breaks shown as escapes."""
    return _NOT_PRINTABLE.sub(_escape, text)


def xml_safe(text: str) -> str:
    """Text XML 1.0 can hold (still to be escaped): forbidden characters shown as escapes."""
    return _NOT_XML.sub(_escape, text)


def uri(path: str) -> str:
    """A relative URI reference for ``path``: percent-encoded, so that '#', '%', '?' and
    spaces in a file name stay part of the name."""
    shown = relative(path)
    try:
        raw = shown.encode("utf-8", "surrogateescape")  # the bytes of an undecodable name
    except UnicodeEncodeError:
        raw = shown.encode("utf-8", "replace")
    return quote(raw, safe="/-._~!$&'()*+,;=:@")
