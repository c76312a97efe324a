"""Text for people: findings grouped by file, each with the source line and a caret."""

from __future__ import annotations

from ..linting import Report
from ..sanitize import escaped, pictured
from .posts import post_label

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "dim": "\033[2m", "bold": "\033[1m"}
_RESET = "\033[0m"
_WINDOW = 100  # characters of a long source line shown around the finding


def _paint(text: str, style: str, color: bool) -> str:
    return f"{_COLORS[style]}{text}{_RESET}" if color else text


def _snippet(line_text: str, column: int, end_column: int | None) -> tuple[str, str]:
    """The source line (cut to a window around the finding) and a caret line under it."""
    start = column - 1
    stop = len(line_text) if end_column is None else end_column - 1
    stop = max(stop, start + 1)
    left = 0
    if len(line_text) > _WINDOW:
        left = max(0, min(start - _WINDOW // 3, len(line_text) - _WINDOW))
    # Only the window is pictured (one character for one, so the caret still lines up): a
    # long line with many findings is not rewritten whole for each of them.
    shown = pictured(line_text[left : left + _WINDOW].replace("\t", " "))
    prefix = "…" if left > 0 else ""
    suffix = "…" if left + _WINDOW < len(line_text) else ""
    width = max(1, min(stop, left + _WINDOW) - start)
    caret = " " * (len(prefix) + start - left) + "^" * width
    return prefix + shown + suffix, caret


_SCORES = (
    ("flesch_reading_ease", "FRE"), ("flesch_kincaid_grade", "FK"), ("smog_index", "SMOG"), ("gunning_fog", "Fog"),
    ("coleman_liau_index", "CLI"), ("automated_readability_index", "ARI"), ("dale_chall", "Dale-Chall"),
)


def metrics_line(metrics: dict, score: dict | None = None) -> str | None:
    scored = f"score {score['total']}/100 · " if score else ""
    if metrics.get("reading_grade") is None:
        return f"  {scored.rstrip(' ·')}" if scored else None
    target = metrics.get("target_grade")
    head = f"reading grade {metrics['reading_grade']:.1f}" + (f" (target {target:g})" if target else "")
    scores = " · ".join(f"{label} {metrics[key]:.1f}" for key, label in _SCORES if metrics.get(key) is not None)
    counts = f"{metrics.get('words', 0)} words, {metrics.get('sentences', 0)} sentences"
    return f"  {scored}{head} · {scores} · {counts}"


def keywords_lines(result) -> list[str]:
    rows = result.sections.get("keywords") or []
    if not rows:
        return []
    width = max(len(r["term"]) for r in rows)
    return ["  top terms:"] + [f"    {pictured(r['term']):<{width}}  {r['count']:>4}  {r['density']:>5.2f}%" for r in rows]


# Rules whose findings come in dozens on long professional pages: after the first few, the
# text report sums them up in one line (every finding stays in the other formats).
GROUPED = ("HL203", "HL202")
GROUP_SHOWN = 3


def format_text(report: Report, color: bool = False, show_keywords: bool = False, quiet: bool = False) -> str:
    """``quiet`` (--quiet, as ruff's): the findings and errors only, no metrics or summary."""
    from ..engine.registry import fix_level

    out: list[str] = []
    for result in report.files:
        path = escaped(result.path)  # names and messages may hold a stranger's escape sequences
        for error in result.errors:
            out.append(f"{_paint(path, 'bold', color)}: {_paint('error', 'error', color)}: {pictured(error['message'])}")
        line = None if quiet else metrics_line(result.metrics, result.score)
        extra = keywords_lines(result) if show_keywords else []
        label = post_label(result)  # a post of a WordPress export: which one
        if label:
            line = f"  {label}\n{line}" if line else f"  {label}"
        if not result.findings:
            if line:
                out.append(f"{_paint(path, 'bold', color)}: no problems")
                out.append(_paint(line, "dim", color))
                out.extend(extra)
                out.append("")
            continue
        out.append(_paint(path, "bold", color))
        if line:
            out.append(_paint(line, "dim", color))
        out.extend(extra)
        grouped: dict[str, list] = {}
        for f in result.findings:
            if f.rule in GROUPED:
                seen = grouped.setdefault(f.rule, [])
                seen.append(f)
                if len(seen) > GROUP_SHOWN:
                    continue  # summed up in one line below, so they do not bury the rest
            fixable = " [*]" if fix_level(f) == "safe" else ""  # as ruff: --fix repairs it
            head = f"{path}:{f.line}:{f.column}: {_paint(f.severity, f.severity, color)} {_paint(f.rule, 'bold', color)} [{f.name}]{fixable} {pictured(f.message)}"
            out.append(head)
            if f.line in result.lines:
                end_col = f.end_column if f.end_line == f.line else None
                text, caret = _snippet(result.lines[f.line], f.column, end_col)
                gutter = str(f.line)
                out.append(f"  {_paint(gutter, 'dim', color)} | {text}")
                out.append(f"  {' ' * len(gutter)} | {_paint(caret, f.severity, color)}")
            if f.suggestions:
                out.append(f"  {_paint('suggestion', 'dim', color)}: " + ", ".join(f'"{pictured(s)}"' for s in f.suggestions))
        for rule, found in grouped.items():
            rest = found[GROUP_SHOWN:]
            if rest:
                lines = ", ".join(str(f.line) for f in rest[:20]) + (", ..." if len(rest) > 20 else "")
                out.append(f"{path}: {_paint(rule, 'bold', color)} [{rest[0].name}] {len(rest)} more (lines {lines}); every one is in --format json.")
        out.append("")
    if quiet:
        return "\n".join(out) + ("\n" if out else "")
    summary = report.summary()
    counts = summary["by_severity"]
    total = summary["findings"]
    files = summary["files"]
    if total:
        parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in ("error", "warning", "info") if counts[s]]
        out.append(f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) in {files} file{'s' if files != 1 else ''}.")
    else:
        out.append(f"No problems found in {files} file{'s' if files != 1 else ''}.")
    fixes = [fix_level(f) for r in report.files for f in r.findings]
    if fixes.count("safe"):
        hidden = fixes.count("unsafe")
        out.append(f"[*] {fixes.count('safe')} fixable with --fix" + (f" ({hidden} more with --unsafe-fixes)." if hidden else "."))
    if summary["files_with_errors"]:
        out.append(f"{summary['files_with_errors']} file(s) could not be fully linted; see the errors above.")
    if report.configs:
        out.append("Settings from " + ", ".join(escaped(c) for c in report.configs) + ".")
    return "\n".join(out) + "\n"


def statistics_table(report: Report) -> str:
    """Findings per rule, most frequent first, as ruff's --statistics does."""
    from collections import Counter

    counts = Counter((f.rule, f.name, f.severity) for r in report.files for f in r.findings)
    if not counts:
        return ""
    lines = ["", "Findings by rule:"]
    lines += [f"{count:>6}  {code}  {name:<32} {severity}" for (code, name, severity), count in counts.most_common()]
    return "\n".join(lines) + "\n"


def statistics_json(report: Report) -> list[dict]:
    """--statistics with --format json: the same counts as a list, most frequent first."""
    from collections import Counter

    counts = Counter((f.rule, f.name, f.severity) for r in report.files for f in r.findings)
    return [{"rule": code, "name": name, "severity": severity, "count": count} for (code, name, severity), count in counts.most_common()]
