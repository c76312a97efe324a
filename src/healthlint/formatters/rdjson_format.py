"""``--format rdjson``: the Reviewdog Diagnostic Format (``reviewdog -f=rdjson``).

rdjson counts columns in UTF-8 bytes, not characters: a finding after "é" is one column
further on than healthlint's own (character) column.
"""

from __future__ import annotations

import json

from ..engine.registry import fix_level
from ..linting import Report
from .report_paths import relative

_SEVERITY = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}


def _byte_column(line_text: str | None, column: int) -> int:
    if line_text is None:
        return column  # the line was not kept (a finding's far end): characters as columns
    return len(line_text[: column - 1].encode("utf-8", "surrogatepass")) + 1


def _range(result, f) -> dict:
    start_text = result.lines.get(f.line)
    end_text = result.lines.get(f.end_line) if f.end_line != f.line else start_text
    return {"start": {"line": f.line, "column": _byte_column(start_text, f.column)},
            "end": {"line": f.end_line, "column": _byte_column(end_text, f.end_column)}}


def format_rdjson(report: Report, color: bool = False) -> str:
    diagnostics = []
    for result in report.files:
        path = relative(result.path)
        for error in result.errors:
            diagnostics.append({"message": error["message"], "location": {"path": path}, "severity": "ERROR",
                                "code": {"value": "input-error"}})
        for f in result.findings:
            where = _range(result, f)
            item = {"message": f.message, "location": {"path": path, "range": where},
                    "severity": _SEVERITY[f.severity], "code": {"value": f.rule}}
            if f.suggestions and fix_level(f):
                item["suggestions"] = [{"range": where, "text": f.suggestions[0]}]
            diagnostics.append(item)
    payload = {"source": {"name": "healthlint"}, "severity": "WARNING", "diagnostics": diagnostics}
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
