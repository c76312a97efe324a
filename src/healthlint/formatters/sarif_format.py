"""SARIF 2.1.0 for code-scanning tools (GitHub, Azure DevOps, VS Code SARIF viewer)."""

from __future__ import annotations

import json
from pathlib import PurePath

from .. import __version__
from ..engine.registry import all_rules
from ..linting import Report
from .posts import file_of

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    return PurePath(path).as_posix()


def format_sarif(report: Report, color: bool = False) -> str:
    used = sorted({f.rule for r in report.files for f in r.findings})
    rules = {rule.code: rule for rule in all_rules()}
    driver_rules = []
    for code in used:
        rule = rules[code]
        driver_rules.append({
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.rationale},
            "help": {"text": f"{rule.summary}\n\n{rule.rationale}\n\nSource: {rule.source}", "markdown": f"**{rule.summary}**\n\n{rule.rationale}\n\n*Source:* {rule.source}"},
            "defaultConfiguration": {"level": _LEVEL[rule.severity]},
            "properties": {"category": rule.category, "tags": [rule.category]},
        })
    index = {code: i for i, code in enumerate(used)}
    results = []
    notifications = []
    for result in report.files:
        for f in result.findings:
            results.append({
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": _LEVEL[f.severity],
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": _uri(file_of(result))},
                    "region": {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column},
                }}],
                **({"fixes": [{"description": {"text": f"Replace with '{f.suggestions[0]}'"}, "artifactChanges": [{
                    "artifactLocation": {"uri": _uri(file_of(result))},
                    "replacements": [{"deletedRegion": {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column},
                                      "insertedContent": {"text": f.suggestions[0]}}],
                }]}]} if f.suggestions else {}),
            })
        for error in result.errors:
            notifications.append({"level": "error", "message": {"text": f"{result.path}: {error['message']}"},
                                  "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(file_of(result))}}}]})
    run = {
        "tool": {"driver": {"name": "healthlint", "version": __version__, "informationUri": "https://healthlint.invalid/", "rules": driver_rules}},
        "results": results,
        "columnKind": "unicodeCodePoints",
        "invocations": [{"executionSuccessful": not any(r.errors for r in report.files), "toolExecutionNotifications": notifications}],
    }
    sarif = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"
