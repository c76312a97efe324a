"""The JSON report: a stable contract, documented in README.md and docs/json-report.schema.json."""

from __future__ import annotations

import json

from ..engine.runner import FileResult
from ..linting import Report


def file_json(result: FileResult) -> str:
    """One file's entry, indented as it stands in the report's "files" list.

    JSON text never holds a raw line break (strings escape it), so indenting every line
    is exact.
    """
    return "    " + json.dumps(result.to_json(), indent=2, ensure_ascii=False).replace("\n", "\n    ")


_FILES = "\x00files\x00"  # stands in for the list while the envelope is encoded


def format_json(report: Report, color: bool = False) -> str:
    """``json.dumps(report.to_json(), indent=2, ensure_ascii=False)``, byte for byte, from
    the entries already encoded while the run went on (tests/test_json_report.py holds
    the two equal)."""
    files = [report.encoded.get(id(result)) or file_json(result) for result in report.files]
    listed = "[\n" + ",\n".join(files) + "\n  ]" if files else "[]"
    envelope = json.dumps(report.envelope(_FILES), indent=2, ensure_ascii=False)
    return envelope.replace(json.dumps(_FILES), listed, 1) + "\n"
