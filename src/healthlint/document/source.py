"""The decoded source text and the mapping from character offsets to lines and columns."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

_NEWLINE = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based, counted in characters (code points)


@dataclass
class SourceText:
    """A file's text with its line breaks normalised to ``\\n``.

    Offsets everywhere in healthlint index into :attr:`text`. Normalising CRLF and
    lone CR to LF keeps every line's characters at the same column, so a line and
    column computed here are also right for the file on disk.
    """

    text: str
    newline: str = "\n"
    had_bom: bool = False
    line_starts: list[int] = field(default_factory=list)
    # The file line of this text's first line: 1 for a whole file, more for an excerpt of a
    # larger file (one post of a WordPress export), so that positions are the file's.
    first_line: int = 1

    @classmethod
    def from_raw(cls, raw: str) -> SourceText:
        had_bom = raw.startswith("\ufeff")
        if had_bom:
            raw = raw[1:]
        first = _NEWLINE.search(raw)
        newline = first.group(0) if first else "\n"
        text = _NEWLINE.sub("\n", raw) if ("\r" in raw) else raw
        return cls(text=text, newline=newline, had_bom=had_bom)

    def __post_init__(self) -> None:
        if not self.line_starts:
            starts = [0]
            find = self.text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self.line_starts = starts

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self.text)))
        index = bisect_right(self.line_starts, offset) - 1
        return Position(index + self.first_line, offset - self.line_starts[index] + 1)

    def offset(self, line: int, column: int) -> int:
        return self.line_starts[line - self.first_line] + column - 1

    def line_text(self, line: int) -> str:
        index = line - self.first_line
        start = self.line_starts[index]
        end = self.line_starts[index + 1] - 1 if index + 1 < len(self.line_starts) else len(self.text)
        return self.text[start:end]

    @property
    def line_count(self) -> int:
        """The number of the last line (the count of lines, for a whole file)."""
        return len(self.line_starts) + self.first_line - 1
