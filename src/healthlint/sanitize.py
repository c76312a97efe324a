"""Make text from a linted repository safe for each place a report puts it.

File names, front matter, keyphrases and server replies come from whoever wrote the pull
request. Every report format takes such text through one of these functions, so that the
report stays well-formed (JSON, XML, Markdown, HTML, SARIF URIs) and inert (no terminal
escape sequences, no raw HTML in a pull-request comment, no early end to a script block).
"""

from __future__ import annotations

import html
import re
from pathlib import PurePosixPath
from urllib.parse import quote


def path_text(name: str) -> str:
    """A file name as text: bytes that were not UTF-8 (kept by Python as lone surrogates,
    which no UTF-8 writer accepts) become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace") if _has_surrogate(name) else name


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def escaped(text: str) -> str:
    """Control and other unprintable characters as Python escapes (``\\x1b``), for messages
    and names on a terminal, where an escape sequence could rewrite the screen."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


# C0 and C1 controls, DEL, and the bidirectional overrides and isolates that reorder what
# a terminal shows ("Trojan source"). Tab is left to the caller.
_UNSAFE_ON_TERMINAL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def pictured(text: str) -> str:
    """Terminal-unsafe characters as one visible character each (the Unicode control
    pictures, U+FFFD for the rest), so that a caret under a source line still lines up."""
    return _UNSAFE_ON_TERMINAL.sub(_picture, text)


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


# Characters XML 1.0 cannot hold at all, not even as character references.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text that an XML 1.0 document can hold: illegal characters become U+FFFD.
    (Escaping ``<`` and ``&`` is the XML writer's job, after this.)"""
    return _XML_ILLEGAL.sub("\ufffd", text)


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def markdown_cell(text: str) -> str:
    """Text for a cell of a Markdown table in a pull-request comment: one line, no raw HTML
    (tags, ``</details>``, tracking images), no links, emphasis or mentions."""
    text = pictured(re.sub(r"[\r\n\t]", " ", text))  # a carriage return would start a new row
    text = html.escape(text, quote=True).replace("@", "&#64;")
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def script_json(encoded: str) -> str:
    """JSON for a ``<script type="application/json">`` block: ``<``, ``>`` and ``&`` as
    ``\\u`` escapes, so that nothing in it (``</script>``, ``<!--<script>``) changes where
    the HTML parser thinks the block ends. Same JSON value when parsed."""
    return encoded.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def uri(path: str) -> str:
    """A report path as a URI reference (SARIF ``artifactLocation.uri``): percent-encoded,
    and a ``file://`` URI when the path is absolute."""
    posix = PurePosixPath(path)
    if posix.is_absolute():
        return "file://" + quote(posix.as_posix(), safe="/")
    return quote(posix.as_posix(), safe="/")
