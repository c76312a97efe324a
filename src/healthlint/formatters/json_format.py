"""The JSON report: a stable contract, documented in README.md and docs/json-report.schema.json."""

from __future__ import annotations

import json

from ..linting import Report


def format_json(report: Report, color: bool = False) -> str:
    return json.dumps(report.to_json(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
