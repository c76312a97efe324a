"""Apply ``<!-- healthlint-disable ... -->`` comments to findings.

- ``healthlint-disable [SELECTORS]`` turns rules off from its line on (all rules without selectors);
- ``healthlint-enable [SELECTORS]`` turns them back on;
- ``healthlint-disable-next-line [SELECTORS]`` covers the next non-blank line;
- ``healthlint-disable-line [SELECTORS]`` covers the line the comment is on (eslint's spelling);
- ``healthlint-disable-file [SELECTORS]`` covers the whole file.

Each may end with ``-- reason``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..document import Directive, Document
from .finding import Finding
from .registry import find_rule
from .selection import matches


@dataclass(frozen=True)
class _Event:
    line: int
    action: str
    selectors: tuple[str, ...]
    index: int  # the directive's place in doc.directives


def _covers(selectors: tuple[str, ...], finding: Finding) -> bool:
    if not selectors:
        return True
    rule = find_rule(finding.rule)
    return rule is not None and any(matches(s, rule) for s in selectors)


class Suppressor:
    """Which findings the document's directives suppress, and which directives were used."""

    def __init__(self, doc: Document) -> None:
        source = doc.source
        self.file_wide: list[tuple[int, tuple[str, ...]]] = []
        self.events: list[_Event] = []
        self.by_line: dict[int, list[tuple[int, tuple[str, ...]]]] = {}  # next-line and same-line directives
        self.used: set[int] = set()
        order = sorted(range(len(doc.directives)), key=lambda i: doc.directives[i].start)
        for index in order:
            self._add(index, doc.directives[index], source)

    def _add(self, index: int, directive: Directive, source) -> None:
        if directive.problem:
            return  # a mistyped directive suppresses nothing (HL903 reports it)
        start_line = source.position(directive.start).line
        end_line = source.position(max(directive.start, directive.end - 1)).line
        if directive.action == "disable-file":
            self.file_wide.append((index, directive.selectors))
        elif directive.action == "disable-next-line":
            target = end_line + 1
            while target <= source.line_count and not source.line_text(target).strip():
                target += 1
            self.by_line.setdefault(target, []).append((index, directive.selectors))
        elif directive.action == "disable-line":
            for line in range(start_line, end_line + 1):
                self.by_line.setdefault(line, []).append((index, directive.selectors))
        else:
            self.events.append(_Event(start_line, directive.action, directive.selectors, index))

    def suppressed(self, finding: Finding) -> bool:
        for index, selectors in (*self.file_wide, *self.by_line.get(finding.line, ())):
            if _covers(selectors, finding):
                self.used.add(index)
                return True
        off: _Event | None = None
        for event in self.events:
            if event.line > finding.line:
                break
            if _covers(event.selectors, finding):
                off = event if event.action == "disable" else None
        if off is not None:
            self.used.add(off.index)
            return True
        return False
