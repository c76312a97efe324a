"""healthlint findings as LSP diagnostics, and the hover text that explains them."""

from __future__ import annotations

import re

from lsprotocol import types

from ..engine.finding import Finding
from ..engine.registry import find_rule
from .positions import LineIndex
from .session import Linted

SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
SOURCE = "healthlint"


def rule_anchor(code: str, name: str) -> str:
    """GitHub's anchor for the heading ``## HL101 affect-as-noun`` of docs/rules.md."""
    return re.sub(r"[^a-z0-9 -]", "", f"{code} {name}".lower()).replace(" ", "-")


def rule_url(docs_url: str, finding: Finding) -> str:
    return f"{docs_url}#{rule_anchor(finding.rule, finding.name)}"


def finding_range(index: LineIndex, finding: Finding) -> types.Range:
    start = index.point(finding.line, finding.column)
    end = index.point(finding.end_line, finding.end_column)
    return types.Range(types.Position(start.line, start.character), types.Position(end.line, end.character))


def to_diagnostic(index: LineIndex, finding: Finding, docs_url: str) -> types.Diagnostic:
    return types.Diagnostic(
        range=finding_range(index, finding),
        message=finding.message,
        severity=SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.rule,
        code_description=types.CodeDescription(href=rule_url(docs_url, finding)),
        source=SOURCE,
        data={"name": finding.name},
    )


def problem_diagnostic(message: str) -> types.Diagnostic:
    """A document that could not be linted, or settings that could not be read: one error at
    the top of the file, so that the editor shows why there are no other findings."""
    return types.Diagnostic(
        range=types.Range(types.Position(0, 0), types.Position(0, 0)),
        message=message,
        severity=types.DiagnosticSeverity.Error,
        source=SOURCE,
    )


def diagnostics(linted: Linted, docs_url: str) -> list[types.Diagnostic]:
    out = [problem_diagnostic(message) for message in linted.problems]
    if linted.result is not None:
        out += [to_diagnostic(linted.index, f, docs_url) for f in linted.result.findings]
    return out


def _contains(rng: types.Range, position: types.Position) -> bool:
    start = (rng.start.line, rng.start.character)
    end = (rng.end.line, rng.end.character)
    return start <= (position.line, position.character) <= end


def findings_at(linted: Linted, position: types.Position) -> list[Finding]:
    if linted.result is None:
        return []
    return [f for f in linted.result.findings if _contains(finding_range(linted.index, f), position)]


def overlapping(linted: Linted, rng: types.Range) -> list[Finding]:
    """Findings whose range touches ``rng``."""
    if linted.result is None:
        return []
    low, high = (rng.start.line, rng.start.character), (rng.end.line, rng.end.character)
    out = []
    for finding in linted.result.findings:
        span = finding_range(linted.index, finding)
        if (span.start.line, span.start.character) <= high and low <= (span.end.line, span.end.character):
            out.append(finding)
    return out


def hover_text(findings: list[Finding], docs_url: str) -> str:
    """Markdown: each finding's message and its rule's rationale, with a link to the docs."""
    parts = []
    for finding in findings:
        rule = find_rule(finding.rule)
        lines = [f"**{finding.rule} {finding.name}** ({finding.severity})", "", _plain(finding.message)]
        if rule is not None and rule.rationale:
            lines += ["", f"*Why:* {_plain(rule.rationale)}"]
        if finding.suggestions:
            lines += ["", "*Suggested:* " + ", ".join(f"`{_code(s)}`" for s in finding.suggestions[:5])]
        lines += ["", f"[{finding.rule} in the rule reference]({rule_url(docs_url, finding)})"]
        parts.append("\n".join(lines))
    return "\n\n---\n\n".join(parts)


def _plain(text: str) -> str:
    """Text from the document (quoted in messages) shown as text, not as Markdown or HTML."""
    return re.sub(r"([\\`*_{}\[\]()<>#+!|~])", r"\\\1", text)


def _code(text: str) -> str:
    return text.replace("`", "'").replace("\n", " ")
