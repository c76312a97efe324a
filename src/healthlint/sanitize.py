"""Make text from a linted repository safe for each place a report puts it.

File names, front matter, keyphrases and server replies come from whoever wrote the pull
request. Every report format takes such text through one of these functions, so that the
report stays well-formed (JSON, XML, Markdown, HTML, SARIF URIs) and inert (no terminal
escape sequences, no raw HTML in a pull-request comment, no early end to a script block).
"""

from __future__ import annotations

import html
import re
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


# Characters XML 1.0 cannot hold at all, even escaped (C0 controls but tab and line ends,
# lone surrogates, U+FFFE and U+FFFF).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _code_escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def xml_text(text: str) -> str:
    """Text that an XML 1.0 document can hold: characters it cannot are shown as escapes
    (``\\x01``). (Escaping ``<`` and ``&`` is the XML writer's job, after this.)"""
    return _XML_ILLEGAL.sub(_code_escape, text)


def one_line(text: str) -> str:
    """Text for one line of a line-based report: control characters and line breaks shown
    as escapes."""
    return _NOT_ONE_LINE.sub(_code_escape, text)


# Inside a table cell only these can start markup: code, emphasis, links and images (all
# need a bracket), strikethrough, and the column bar. Headings and lists need a line start.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]|~])")


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
    """A relative URI reference for a report path (SARIF ``artifactLocation.uri``):
    percent-encoded, so that '#', '%', '?' and spaces in a file name stay part of the name."""
    try:
        raw = path.encode("utf-8", "surrogateescape")  # the bytes of an undecodable name
    except UnicodeEncodeError:
        raw = path.encode("utf-8", "replace")
    return quote(raw, safe="/-._~!$&'()*+,;=:@")
