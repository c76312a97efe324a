"""``--format checkstyle``: Checkstyle XML, read by Jenkins' warnings plugin, reviewdog and
many CI dashboards. Names and messages are escaped, and characters XML cannot hold at all
(control characters from a hostile file name) are shown as escapes."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from ..linting import Report
from ..sanitize import xml_text as xml_safe
from .report_paths import relative

_SEVERITY = {"error": "error", "warning": "warning", "info": "info"}


def _attr(text: str) -> str:
    return quoteattr(xml_safe(text))


def format_checkstyle(report: Report, color: bool = False) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">']
    for result in report.files:
        out.append(f"  <file name={_attr(relative(result.path))}>")
        for error in result.errors:
            out.append(f"    <error line=\"1\" severity=\"error\" message={_attr(error['message'])} source=\"healthlint.input-error\"/>")
        for f in result.findings:
            out.append(f"    <error line=\"{f.line}\" column=\"{f.column}\" severity=\"{_SEVERITY[f.severity]}\" "
                       f"message={_attr(f.message)} source={_attr(f'healthlint.{f.rule}.{f.name}')}/>")
        out.append("  </file>")
    out.append("</checkstyle>")
    return "\n".join(out) + "\n"
