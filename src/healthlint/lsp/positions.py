"""From healthlint positions (1-based lines, 1-based columns in characters) to LSP ones.

LSP counts lines from 0 and characters in UTF-16 code units (unless client and server
agree on UTF-8 or UTF-32): an emoji before a finding is one character to healthlint and
two to the editor. Lines are split as the protocol
splits them (``\\n``, ``\\r\\n``, ``\\r``), which is also how :class:`SourceText` numbers
them. A byte-order mark that the editor kept is a character of line 0 for the editor but
not for healthlint, which strips it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BREAK = re.compile(r"\r\n|\r|\n")


def utf16_length(text: str) -> int:
    """The length of ``text`` in UTF-16 code units: astral characters count twice."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _unit_width(encoding: str):
    """How many code units one character takes in the position encoding agreed with the
    client: UTF-16 unless the client offered UTF-8 or UTF-32 first (LSP 3.17)."""
    if encoding == "utf-8":
        return lambda ch: len(ch.encode("utf-8", "surrogatepass"))
    if encoding == "utf-32":
        return lambda ch: 1
    return lambda ch: 2 if ord(ch) > 0xFFFF else 1


@dataclass(frozen=True)
class Point:
    """An LSP position: 0-based line, 0-based UTF-16 offset in that line."""

    line: int
    character: int


class LineIndex:
    """The editor's text split into lines, for converting columns both ways."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.lines = _BREAK.split(text)
        self.bom = 1 if text.startswith("\ufeff") else 0
        self.encoding = encoding
        self._width = _unit_width(encoding)

    def length(self, text: str) -> int:
        """``text``'s length in the agreed code units."""
        if self.encoding == "utf-16":
            return utf16_length(text)
        if self.encoding == "utf-32":
            return len(text)
        return sum(self._width(ch) for ch in text)

    def line_text(self, line0: int) -> str:
        """The text of 0-based line ``line0`` without its line break ("" past the end)."""
        return self.lines[line0] if 0 <= line0 < len(self.lines) else ""

    def point(self, line: int, column: int) -> Point:
        """The LSP position of healthlint's ``line``:``column`` (both 1-based, characters)."""
        line0 = max(0, line - 1)
        if line0 >= len(self.lines):  # past the end: clamp to the end of the text
            line0 = len(self.lines) - 1
            return Point(line0, self.length(self.line_text(line0)))
        text = self.line_text(line0)
        index = max(0, column - 1) + (self.bom if line0 == 0 else 0)
        return Point(line0, self.length(text[: min(index, len(text))]))

    def column(self, point: Point) -> tuple[int, int]:
        """healthlint's 1-based ``(line, column)`` for an LSP position."""
        text = self.line_text(point.line)
        units, index = 0, 0
        while index < len(text) and units < point.character:
            units += self._width(text[index])
            index += 1
        if point.line == 0:
            index = max(0, index - self.bom)
        return point.line + 1, index + 1

    def line_end(self, line: int) -> Point:
        """The end of healthlint's 1-based ``line``."""
        line0 = min(max(0, line - 1), len(self.lines) - 1)
        return Point(line0, self.length(self.line_text(line0)))
