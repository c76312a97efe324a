"""Map every character of extracted prose back to the source characters it came from.

Prose is built from runs. A *verbatim* run copies source characters one for one
(its prose and source lengths are equal). An *atomic* run stands for a stretch of
source that becomes other text: an entity such as ``&amp;`` becoming ``&``, a soft
line break becoming a space, or a code span becoming a placeholder space. Any
finding that touches an atomic run covers the whole source stretch.

Lookups are a binary search over run starts, so mapping costs O(log runs) and the
map stays small even for a multi-megabyte paragraph.
"""

from __future__ import annotations

from bisect import bisect_right

_WHITESPACE_TO_SPACE = str.maketrans({"\n": " ", "\t": " ", "\r": " ", "\f": " ", "\v": " "})


class OffsetMap:
    __slots__ = ("_prose_starts", "_src_ends", "_src_starts", "_verbatim")

    def __init__(self) -> None:
        self._prose_starts: list[int] = []
        self._src_starts: list[int] = []
        self._src_ends: list[int] = []
        self._verbatim: list[bool] = []

    def append_verbatim(self, src_start: int, length: int) -> None:
        """The next ``length`` prose characters copy the source from ``src_start`` one for one."""
        # Extend the previous run when it continues in the source, to keep the map small.
        if self._verbatim and self._verbatim[-1] and self._src_ends[-1] == src_start:
            self._src_ends[-1] += length
            return
        self._prose_starts.append(self._length())
        self._src_starts.append(src_start)
        self._src_ends.append(src_start + length)
        self._verbatim.append(True)

    def append_atomic(self, count: int, src_start: int, src_end: int) -> None:
        """Each of the next ``count`` prose characters stands for the whole source stretch
        ``[src_start, src_end)``."""
        start = self._length()
        self._prose_starts.extend(range(start, start + count))
        self._src_starts.extend([src_start] * count)
        self._src_ends.extend([src_end] * count)
        self._verbatim.extend([False] * count)

    def _run(self, index: int) -> int:
        return bisect_right(self._prose_starts, index) - 1

    def start(self, index: int) -> int:
        """Source offset of the first source character behind prose character ``index``."""
        run = self._run(index)
        if self._verbatim[run]:
            return self._src_starts[run] + index - self._prose_starts[run]
        return self._src_starts[run]

    def end(self, index: int) -> int:
        """Source offset just after the source behind prose character ``index``."""
        run = self._run(index)
        if self._verbatim[run]:
            return self._src_starts[run] + index - self._prose_starts[run] + 1
        return self._src_ends[run]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source span ``[s, e)`` for the prose span ``[start, end)``."""
        if end <= start:
            s = self.start(start) if self._prose_starts and start < self._length() else self._tail()
            return s, s
        return self.start(start), self.end(end - 1)

    def _length(self) -> int:
        if not self._prose_starts:
            return 0
        last = len(self._prose_starts) - 1
        width = self._src_ends[last] - self._src_starts[last] if self._verbatim[last] else 1
        return self._prose_starts[last] + width

    def _tail(self) -> int:
        return self._src_ends[-1] if self._src_ends else 0


class ProseBuilder:
    """Accumulates prose text and its :class:`OffsetMap` side by side."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.map = OffsetMap()

    def __len__(self) -> int:
        return self._length

    def verbatim(self, text: str, src_start: int) -> None:
        """Append source text that appears unchanged (whitespace is folded to spaces)."""
        if not self._length:
            stripped = text.lstrip()
            src_start += len(text) - len(stripped)
            text = stripped
        if not text:
            return
        self.map.append_verbatim(src_start, len(text))
        self._parts.append(text.translate(_WHITESPACE_TO_SPACE))
        self._length += len(text)

    def atomic(self, text: str, src_start: int, src_end: int) -> None:
        """Append ``text`` standing for the source stretch ``[src_start, src_end)``.

        Each character of ``text`` maps to the whole stretch.
        """
        if not text or (not self._length and text.isspace()):
            return
        self.map.append_atomic(len(text), src_start, src_end)
        self._parts.append(text.translate(_WHITESPACE_TO_SPACE))
        self._length += len(text)

    def separator(self, src_start: int, src_end: int) -> None:
        """Append one space unless the prose is empty or already ends in white space."""
        if self._length and not self._parts[-1][-1:].isspace():
            self.atomic(" ", src_start, src_end)

    def text(self) -> str:
        """The prose, without trailing white space (leading white space is never added)."""
        return "".join(self._parts).rstrip()


class ComposedMap:
    """Prose -> intermediate text -> source: two maps in a row, read like one :class:`OffsetMap`.

    For text that was decoded before it was parsed: HTML held in an XML element (a WordPress
    post's CDATA or entity-escaped content) is parsed from its decoded form, and each prose
    character is traced through the decoded text to the export file.
    """

    __slots__ = ("inner", "outer")

    def __init__(self, inner: OffsetMap | ComposedMap, outer: OffsetMap) -> None:
        self.inner = inner  # prose -> decoded text
        self.outer = outer  # decoded text -> source

    def start(self, index: int) -> int:
        return self.outer.span(self.inner.start(index), self.inner.end(index))[0]

    def end(self, index: int) -> int:
        return self.outer.span(self.inner.start(index), self.inner.end(index))[1]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.outer.span(*self.inner.span(start, end))

    def _length(self) -> int:
        return self.inner._length()

    def _tail(self) -> int:
        return self.outer.span(self.inner._tail(), self.inner._tail())[0]
