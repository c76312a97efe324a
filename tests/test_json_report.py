"""The JSON report is assembled from per-file entries; it must stay byte-identical to
encoding the whole report at once, the documented contract."""

import json

from healthlint.engine.runner import FileResult
from healthlint.formatters.json_format import file_json, format_json
from healthlint.linting import Report, lint_text


def _whole(report: Report) -> str:
    return json.dumps(report.to_json(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def test_empty_report():
    assert format_json(Report()) == _whole(Report())


def test_reports_with_findings_errors_and_unicode_match_whole_encoding():
    report = Report()
    report.files.append(lint_text("Exercise give you strength. Sufferers of “pain” cafés.\n\nStudies show it works.", "text", "a.txt"))
    report.files.append(lint_text("# Title\n\nThe results shows a clear benefit.\n", "markdown", "b\u00e9.md"))
    report.files.append(FileResult(path="missing.md", format=None, errors=[{"kind": "input", "message": "no such file\nor folder"}]))
    assert format_json(report) == _whole(report)
    # Entries encoded as the run goes are used as they are (not encoded again)...
    report.encoded = {id(report.files[0]): "    {}"}
    assert '"files": [\n    {},\n' in format_json(report)
    # ...and give the same bytes.
    report.encoded = {id(r): file_json(r) for r in report.files[:2]}
    assert format_json(report) == _whole(report)
    parsed = json.loads(format_json(report))
    assert [f["path"] for f in parsed["files"]] == ["a.txt", "b\u00e9.md", "missing.md"]
    assert parsed["summary"]["files"] == 3
