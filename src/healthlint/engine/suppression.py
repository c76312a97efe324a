"""Apply ``<!-- healthlint-disable ... -->`` comments to findings.

- ``healthlint-disable [SELECTORS]`` turns rules off from its line on (all rules without selectors);
- ``healthlint-enable [SELECTORS]`` turns them back on;
- ``healthlint-disable-next-line [SELECTORS]`` covers the next non-blank line;
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


def _covers(selectors: tuple[str, ...], finding: Finding) -> bool:
    if not selectors:
        return True
    rule = find_rule(finding.rule)
    return rule is not None and any(matches(s, rule) for s in selectors)


class Suppressor:
    def __init__(self, doc: Document) -> None:
        source = doc.source
        self.file_wide: list[tuple[str, ...]] = []
        self.events: list[_Event] = []
        self.next_line: dict[int, list[tuple[str, ...]]] = {}
        for directive in sorted(doc.directives, key=lambda d: d.start):
            self._add(directive, source)

    def _add(self, directive: Directive, source) -> None:
        start_line = source.position(directive.start).line
        end_line = source.position(max(directive.start, directive.end - 1)).line
        if directive.action == "disable-file":
            self.file_wide.append(directive.selectors)
        elif directive.action == "disable-next-line":
            target = end_line + 1
            while target <= source.line_count and not source.line_text(target).strip():
                target += 1
            self.next_line.setdefault(target, []).append(directive.selectors)
        else:
            self.events.append(_Event(start_line, directive.action, directive.selectors))

    def suppressed(self, finding: Finding) -> bool:
        if any(_covers(s, finding) for s in self.file_wide):
            return True
        if any(_covers(s, finding) for s in self.next_line.get(finding.line, ())):
            return True
        off = False
        for event in self.events:
            if event.line > finding.line:
                break
            if _covers(event.selectors, finding):
                off = event.action == "disable"
        return off
