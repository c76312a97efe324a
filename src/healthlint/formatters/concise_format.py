"""``--format concise``: one line per finding, as ruff's concise output and compilers print.

    path:line:column: CODE [*] message

``[*]`` marks a finding that ``--fix`` repairs (as ruff). File names and messages are shown
with control characters escaped, so every finding stays on one line.
"""

from __future__ import annotations

from ..engine.registry import fix_level
from ..linting import Report
from ..sanitize import one_line


def format_concise(report: Report, color: bool = False) -> str:
    lines = []
    for result in report.files:
        path = one_line(result.path)
        for error in result.errors:
            lines.append(f"{path}:1:1: error {one_line(error['message'])}")
        for f in result.findings:
            marker = " [*]" if fix_level(f) == "safe" else ""
            lines.append(f"{path}:{f.line}:{f.column}: {f.rule}{marker} {one_line(f.message)}")
    count = sum(len(r.findings) for r in report.files)
    fixable = sum(1 for r in report.files for f in r.findings if fix_level(f) == "safe")
    lines.append(f"Found {count} problem{'s' if count != 1 else ''}." + (f" [*] {fixable} fixable with --fix." if fixable else ""))
    return "\n".join(lines) + "\n"
