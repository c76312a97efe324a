"""SARIF 2.1.0 for code-scanning tools (GitHub, Azure DevOps, VS Code SARIF viewer)."""

from __future__ import annotations

import json
from pathlib import Path

from .. import __version__
from ..engine.registry import all_rules
from ..baseline import fingerprints
from ..linting import Report
from ..sanitize import uri
from .report_paths import relative
from .posts import file_of

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    """Relative to the working folder (SRCROOT below) where possible, and percent-encoded."""
    return uri(relative(path))  # "a b#1.md" is a file name, not a fragment


def _location(path: str) -> dict:
    return {"uri": _uri(path), "uriBaseId": "SRCROOT"}


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
        for f, fingerprint in zip(result.findings, fingerprints(result)):
            results.append({
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": _LEVEL[f.severity],
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": _location(file_of(result)),
                    "region": {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column},
                }}],
                # Stable across lines added elsewhere: the baseline's fingerprint (rule, file,
                # covered text and a few words around it), so code scanning can match alerts.
                "partialFingerprints": {"healthlintFingerprint/v2": fingerprint},
                **({"fixes": [{"description": {"text": f"Replace with '{f.suggestions[0]}'"}, "artifactChanges": [{
                    "artifactLocation": _location(file_of(result)),
                    "replacements": [{"deletedRegion": {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column},
                                      "insertedContent": {"text": f.suggestions[0]}}],
                }]}]} if f.suggestions else {}),
            })
        for error in result.errors:
            notifications.append({"level": "error", "message": {"text": f"{result.path}: {error['message']}"},
                                  "locations": [{"physicalLocation": {"artifactLocation": _location(file_of(result))}}]})
    run = {
        "tool": {"driver": {"name": "healthlint", "version": __version__, "informationUri": "https://healthlint.invalid/", "rules": driver_rules}},
        "results": results,
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {"SRCROOT": {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
        "invocations": [{"executionSuccessful": not any(r.errors for r in report.files), "toolExecutionNotifications": notifications,
                         "properties": {"configs": list(report.configs)}}],
    }
    sarif = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"
