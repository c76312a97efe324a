"""What a rule reports: a :class:`Hit` in source offsets, then a :class:`Finding` with positions."""

from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}

CATEGORIES = (
    "grammar", "spelling", "readability", "plain-language", "keyword-stuffing", "seo", "citations",
    "evidence", "claims", "inclusive-language", "units", "metadata", "markup",
)


@dataclass(frozen=True)
class Hit:
    """A rule's report: a source span ``[start, end)`` in offsets of ``Document.source.text``."""

    start: int
    end: int
    message: str
    suggestions: tuple[str, ...] = ()
    severity: str | None = None  # overrides the rule's default, e.g. a very long sentence is an error

    @classmethod
    def in_block(cls, block, start: int, end: int, message: str, suggestions=(), severity: str | None = None) -> Hit:
        """A hit on the prose span ``[start, end)`` of ``block``."""
        s, e = block.source_span(start, end)
        return cls(s, e, message, tuple(suggestions), severity)


@dataclass(frozen=True, order=True)
class Finding:
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    name: str = field(compare=False)
    category: str = field(compare=False)
    severity: str = field(compare=False)
    message: str = field(compare=True)
    suggestions: tuple[str, ...] = field(default=(), compare=False)
    start: int = field(default=0, compare=False, repr=False)  # source offsets, for fixes and snippets
    end: int = field(default=0, compare=False, repr=False)

    def to_json(self) -> dict:
        return {
            "rule": self.rule,
            "name": self.name,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "suggestions": list(self.suggestions),
            **self._fix_json(),
        }

    def _fix_json(self) -> dict:
        """"fix": "safe" or "unsafe" when --fix (with --unsafe-fixes) would apply the first
        suggestion; absent otherwise, so reports without fixable findings are unchanged."""
        if not self.suggestions:
            return {}
        from .registry import fix_level

        level = fix_level(self)
        return {"fix": level} if level else {}
