"""``--format gitlab``: GitLab Code Quality (a JSON array of issues, as ruff's gitlab format).

Each issue has a ``fingerprint`` that stays the same when lines are added elsewhere (the
baseline's: rule, file, covered text and the words around it), so GitLab can tell new
issues in a merge request from old ones.
"""

from __future__ import annotations

import hashlib
import json

from ..baseline import fingerprints
from ..linting import Report
from .report_paths import relative

_SEVERITY = {"error": "critical", "warning": "major", "info": "minor"}


def format_gitlab(report: Report, color: bool = False) -> str:
    issues = []
    for result in report.files:
        path = relative(result.path)
        for n, error in enumerate(result.errors, 1):
            digest = hashlib.sha256(f"error\x00{path}\x00{error['message']}\x00{n}".encode("utf-8", "replace")).hexdigest()[:32]
            issues.append({"description": error["message"], "check_name": "healthlint/input-error", "fingerprint": digest,
                           "severity": "blocker", "location": {"path": path, "lines": {"begin": 1}}})
        for f, fingerprint in zip(result.findings, fingerprints(result)):
            issues.append({
                "description": f"{f.rule} [{f.name}] {f.message}",
                "check_name": f"{f.rule} {f.name}",
                "fingerprint": fingerprint,
                "severity": _SEVERITY[f.severity],
                "categories": ["Style"],
                "location": {"path": path, "positions": {"begin": {"line": f.line, "column": f.column},
                                                         "end": {"line": f.end_line, "column": f.end_column}}},
            })
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
