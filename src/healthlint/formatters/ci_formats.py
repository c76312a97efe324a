"""Formats for CI: GitHub workflow commands, JUnit XML, and a Markdown summary for pull requests."""

from __future__ import annotations

from collections import Counter
from xml.sax.saxutils import escape, quoteattr

from ..linting import Report

_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _gh_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(report: Report, color: bool = False) -> str:
    from .posts import file_of

    lines = []
    for result in report.files:
        path = _gh_escape(file_of(result), True)  # a WordPress post: its export file
        for error in result.errors:
            lines.append(f"::error file={path},title=healthlint::{_gh_escape(error['message'])}")
        for f in result.findings:
            title = _gh_escape(f"{f.rule} {f.name}", True)
            lines.append(f"::{_GITHUB_LEVEL[f.severity]} file={path},line={f.line},col={f.column},endLine={f.end_line},endColumn={f.end_column},title={title}::{_gh_escape(f.message)}")
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
    for result in report.files:
        out.append(f"    <testcase classname={quoteattr('healthlint')} name={quoteattr(result.path)}>")
        def listed(findings) -> str:
            return escape("\n".join(f"{result.path}:{f.line}:{f.column}: {f.severity} {f.rule} [{f.name}] {f.message}" for f in findings))

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


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def format_markdown(report: Report, color: bool = False) -> str:
    summary = report.summary()
    sev = summary["by_severity"]
    out = ["## healthlint report", ""]
    out.append(f"**{summary['findings']} findings** in {summary['files']} files: "
               f"{sev['error']} errors, {sev['warning']} warnings, {sev['info']} info.")
    if summary["files_with_errors"]:
        out.append(f"\n:warning: {summary['files_with_errors']} file(s) could not be fully linted.")
    if summary["by_category"]:
        out += ["", "| Category | Findings |", "|---|---:|"]
        out += [f"| {category} | {count} |" for category, count in sorted(summary["by_category"].items(), key=lambda kv: -kv[1])]
    grades = [(r.path, r.metrics.get("reading_grade"), r.metrics.get("target_grade")) for r in report.files if r.metrics.get("reading_grade") is not None]
    if grades:
        out += ["", "| File | Reading grade | Target |", "|---|---:|---:|"]
        out += [f"| {_cell(path)} | {grade:.1f} | {target if target is not None else '-'} |" for path, grade, target in grades]
    from .posts import post_of, posts_worst_first

    posts = posts_worst_first(report.files)
    if posts:
        out += ["", "| Post (worst first) | Title | Status | Score | Findings |", "|---|---|---|---:|---:|"]
        out += [f"| {_cell(r.path)} | {_cell(str(post_of(r).get('title', '')))} | {post_of(r).get('type', '')} · {post_of(r).get('status', '')} | "
                f"{r.score['total'] if r.score else '-'} | {len(r.findings)} |" for _, r in posts]
    rows = [(r.path, f) for r in report.files for f in r.findings]
    if rows:
        out += ["", "<details><summary>Findings</summary>", "", "| Location | Severity | Rule | Message |", "|---|---|---|---|"]
        out += [f"| {_cell(path)}:{f.line}:{f.column} | {f.severity} | {f.rule} {f.name} | {_cell(f.message)} |" for path, f in rows]
        out += ["", "</details>"]
    by_rule = Counter(f.rule for _, f in rows)
    if by_rule:
        out += ["", "Most frequent: " + ", ".join(f"{code} ({count})" for code, count in by_rule.most_common(5))]
    return "\n".join(out) + "\n"
