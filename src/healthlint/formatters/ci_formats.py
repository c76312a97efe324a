"""Formats for CI: GitHub workflow commands, JUnit XML, and a Markdown summary for pull requests."""

from __future__ import annotations

from collections import Counter
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr as _quoteattr

from ..linting import Report
from ..sanitize import markdown_cell, pictured, xml_text
from .report_paths import relative


def escape(text: str) -> str:
    return _escape(xml_text(text))


def quoteattr(text: str) -> str:
    return _quoteattr(xml_text(text))

_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _gh_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    text = pictured(text)  # the other controls: the log viewer renders terminal escapes
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(report: Report, color: bool = False) -> str:
    from .posts import file_of

    lines = []
    for result in report.files:
        path = _gh_escape(relative(file_of(result)), True)  # a WordPress post: its export file
        for error in result.errors:
            lines.append(f"::error file={path},title=healthlint::{_gh_escape(error['message'])}")
        for f in result.findings:
            title = _gh_escape(f"{f.rule} {f.name}", True)
            lines.append(f"::{_GITHUB_LEVEL[f.severity]} file={path},line={f.line},col={f.column},endLine={f.end_line},endColumn={f.end_column},title={title}::{_gh_escape(f.message)}")
    if report.configs:
        lines.append(f"::notice title=healthlint settings::{_gh_escape('Settings from ' + ', '.join(report.configs))}")
    return "\n".join(lines) + ("\n" if lines else "")


def format_junit(report: Report, color: bool = False) -> str:
    """One test case per file. It fails only on findings at or above the file's fail-on
    level, so the CI test view agrees with the exit code; the rest go to system-out."""
    failing = {id(r): report.failing(r) for r in report.files}
    failures = sum(1 for r in report.files if failing[id(r)] and not r.errors)
    errors = sum(1 for r in report.files if r.errors)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuites name="healthlint" tests="{len(report.files)}" failures="{failures}" errors="{errors}">',
           f'  <testsuite name="healthlint" tests="{len(report.files)}" failures="{failures}" errors="{errors}">']
    if report.configs:
        out.append("    <properties>")
        out += [f"      <property name=\"config\" value={quoteattr(config)}/>" for config in report.configs]
        out.append("    </properties>")
    for result in report.files:
        path = relative(result.path)  # escape() and quoteattr() make it XML-safe
        out.append(f"    <testcase classname={quoteattr('healthlint')} name={quoteattr(path)}>")
        def listed(findings) -> str:
            return escape("\n".join(f"{path}:{f.line}:{f.column}: {f.severity} {f.rule} [{f.name}] {f.message}" for f in findings))

        for error in result.errors:
            out.append(f"      <error message={quoteattr(error['message'])} type={quoteattr(error['kind'])}/>")
        bad = failing[id(result)]
        if bad and not result.errors:
            summary = f"{len(bad)} finding(s) at or above fail-on"
            out.append(f"      <failure message={quoteattr(summary)} type={quoteattr('healthlint')}>{listed(bad)}</failure>")
        failed = {id(f) for f in bad}
        rest = [f for f in result.findings if id(f) not in failed]
        if rest:
            out.append(f"      <system-out>{listed(rest)}</system-out>")
        out.append("    </testcase>")
    out += ["  </testsuite>", "</testsuites>"]
    return "\n".join(out) + "\n"


# GitHub refuses comments over 65,536 characters; leave room for what a bot adds around it.
MARKDOWN_LIMIT = 64_000
_CELL_LIMIT = 300  # characters of one table cell (a long message or a hostile file name)
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _cell(text: str) -> str:
    """A table cell: one line, no column breaks, HTML and Markdown inert, cut to a readable length."""
    text = markdown_cell(text)
    return text if len(text) <= _CELL_LIMIT else text[: _CELL_LIMIT - 1] + "…"


def _fitted(rows: list[str], budget: int) -> tuple[list[str], int]:
    """As many of ``rows`` (with their line breaks) as fit in ``budget`` characters, and how many were left out."""
    kept, used = [], 0
    for row in rows:
        if used + len(row) + 1 > budget:
            break
        kept.append(row)
        used += len(row) + 1
    return kept, len(rows) - len(kept)


def format_markdown(report: Report, color: bool = False, limit: int = MARKDOWN_LIMIT) -> str:
    """A pull-request comment: totals, categories, reading grades and the findings, most
    severe first, cut to fit in ``limit`` characters with a note of what was left out."""
    summary = report.summary()
    sev = summary["by_severity"]
    out = ["## healthlint report", ""]
    out.append(f"**{summary['findings']} findings** in {summary['files']} files: "
               f"{sev['error']} errors, {sev['warning']} warnings, {sev['info']} info.")
    if summary["files_with_errors"]:
        out.append(f"\n:warning: {summary['files_with_errors']} file(s) could not be fully linted.")
    if report.configs:
        out.append("\nSettings from " + ", ".join(markdown_cell(c) for c in report.configs) + ".")
    if summary["by_category"]:
        out += ["", "| Category | Findings |", "|---|---:|"]
        out += [f"| {category} | {count} |" for category, count in sorted(summary["by_category"].items(), key=lambda kv: -kv[1])]
    from .posts import post_of, posts_worst_first

    posts = posts_worst_first(report.files)
    if posts:
        out += ["", "| Post (worst first) | Title | Status | Score | Findings |", "|---|---|---|---:|---:|"]
        out += [f"| {_cell(relative(r.path))} | {_cell(str(post_of(r).get('title', '')))} | {_cell(str(post_of(r).get('type', '')))} · {_cell(str(post_of(r).get('status', '')))} | "
                f"{r.score['total'] if r.score else '-'} | {len(r.findings)} |" for _, r in posts]
    rows = [(relative(r.path), f) for r in report.files for f in r.findings]
    by_rule = Counter(f.rule for _, f in rows)
    tail = ["", "Most frequent: " + ", ".join(f"{code} ({count})" for code, count in by_rule.most_common(5))] if by_rule else []
    # What is left after the totals, the closing lines and room for the notes of what was cut.
    budget = limit - len("\n".join(out + tail)) - 600
    grades = [(relative(r.path), r.metrics.get("reading_grade"), r.metrics.get("target_grade")) for r in report.files if r.metrics.get("reading_grade") is not None]
    grades.sort(key=lambda g: -(g[1] - (g[2] or 0)))  # furthest above target first: they matter most
    grade_rows, grades_cut = _fitted([f"| {_cell(path)} | {grade:.1f} | {target if target is not None else '-'} |" for path, grade, target in grades], budget // 4)
    if grade_rows:
        out += ["", "| File | Reading grade | Target |", "|---|---:|---:|", *grade_rows]
        if grades_cut:
            out.append(f"\n_{grades_cut} more file(s) not shown; the files furthest above their target come first._")
        budget -= sum(len(row) + 1 for row in grade_rows)
    if rows:
        ordered = sorted(rows, key=lambda pf: _SEVERITY_ORDER[pf[1].severity])  # stable: file order within a severity
        finding_rows, cut = _fitted([f"| {_cell(path)}:{f.line}:{f.column} | {f.severity} | {f.rule} {f.name} | {_cell(f.message)} |" for path, f in ordered], budget - 200)
        out += ["", "<details><summary>Findings</summary>", "", "| Location | Severity | Rule | Message |", "|---|---|---|---|", *finding_rows]
        if cut:
            left = Counter(f.severity for _, f in ordered[len(finding_rows):])
            parts = ", ".join(f"{left[s]} {s}" for s in ("error", "warning", "info") if left[s])
            files = len({path for path, _ in ordered[len(finding_rows):]})
            out += ["", f"_{cut} more finding(s) in {files} file(s) not shown ({parts}): the comment would exceed GitHub's 65,536 characters. "
                        "Errors come first; see the full report with `--format json`, `sarif` or `html`._"]
        out += ["", "</details>"]
    out += tail
    return "\n".join(out) + "\n"
