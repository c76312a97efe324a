"""Run the selected rules over one document and produce its findings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Sequence

from ..config import Config
from ..document import Document
from .finding import Finding, Hit
from .registry import all_rules
from .rule import Rule
from .selection import select_rules
from .suppression import Suppressor

_WORD = re.compile(r"\w+(?:['’-]\w+)*")


@dataclass
class FileResult:
    path: str
    format: str | None
    metrics: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    lines: dict[int, str] = field(default_factory=dict, repr=False)  # source lines with findings, for display

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "metrics": self.metrics,
            "findings": [f.to_json() for f in self.findings],
            "errors": self.errors,
        }


def rules_for(config: Config, ignore_extra: Sequence[str] = ()) -> list[Rule]:
    return select_rules(all_rules(), config.select, config.extend_select, (*config.ignore, *ignore_extra))


def _finding(doc: Document, rule: Rule, hit: Hit, severity: str) -> Finding:
    length = len(doc.source.text)
    start = max(0, min(hit.start, length))
    end = max(start, min(hit.end, length))
    begin, finish = doc.position(start), doc.position(end)
    return Finding(
        line=begin.line, column=begin.column, end_line=finish.line, end_column=finish.column,
        rule=rule.code, name=rule.name, category=rule.category, severity=severity,
        message=hit.message, suggestions=hit.suggestions, start=start, end=end,
    )


def basic_metrics(doc: Document) -> dict[str, Any]:
    return {"words": sum(len(_WORD.findall(b.text)) for b in doc.blocks), "blocks": len(doc.blocks)}


def lint_document(doc: Document, config: Config, rules: Sequence[Rule] | None = None) -> FileResult:
    result = FileResult(path=doc.path, format=doc.format, metrics=basic_metrics(doc))
    rules = rules_for(config) if rules is None else rules
    findings: set[Finding] = set()
    for rule in rules:
        settings = config.rules.get(rule.code)
        options = {**rule.default_options(), **(settings.options if settings else {})}
        severity = (settings.severity if settings and settings.severity else rule.severity)
        try:
            for hit in rule.check(doc, options):
                findings.add(_finding(doc, rule, hit, severity))
        except Exception as exc:  # a broken rule must not hide the other rules' findings
            result.errors.append({"kind": "internal", "message": f"rule {rule.code} {rule.name} failed: {type(exc).__name__}: {exc}"})
    suppressor = Suppressor(doc)
    result.findings = sorted(f for f in findings if not suppressor.suppressed(f))
    result.lines = {f.line: doc.source.line_text(f.line) for f in result.findings}
    return result
