"""A self-contained HTML report for editors: the article with its findings in place.

One file, no external scripts, styles or fonts, so that it can be mailed, attached to a
CI run or opened offline. Each linted file shows its prose with findings highlighted
(details on hover and click), filters by category and severity, a score card, a
readability panel, a chart of findings by category, the keyword table and the citation
summary. Several files get an index first.
"""

from __future__ import annotations

import json
from html import escape

from .. import __version__
from .report_paths import relative
from ..linting import Report
from ..sanitize import script_json
from .html_assets import SCRIPT, STYLE

SEVERITY_ORDER = ("error", "warning", "info")
_METRICS = (
    ("flesch_reading_ease", "Flesch reading ease"), ("flesch_kincaid_grade", "Flesch-Kincaid grade"),
    ("smog_index", "SMOG"), ("gunning_fog", "Gunning Fog"), ("coleman_liau_index", "Coleman-Liau"),
    ("automated_readability_index", "ARI"), ("dale_chall", "Dale-Chall"),
)
_GRADE_SCALE = 20.0  # the grade gauge runs from 0 to this


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _score_class(score: int | None) -> str:
    if score is None:
        return "s-none"
    return "s-good" if score >= 85 else "s-fair" if score >= 60 else "s-poor"


def _segments(text: str, marks: list[list[int]]) -> list[tuple[int, int, list[int]]]:
    """Cut ``text`` at every mark boundary; each piece lists the findings covering it."""
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    pieces = []
    for start, end in zip(cuts, cuts[1:]):
        covering = [m[2] for m in marks if m[0] <= start and end <= m[1]]
        pieces.append((start, end, covering))
    return pieces


def _is_whole_block(mark: list[int], text: str) -> bool:
    # Highlighting a whole long paragraph hides the marks inside it; a badge says it better.
    return len(text) > 80 and mark[1] - mark[0] >= 0.9 * len(text)


def _badge(numbers: list[int], findings: list) -> str:
    worst = min((findings[i].severity for i in numbers), key=SEVERITY_ORDER.index)
    title = _e(" | ".join(f"{findings[i].rule} {findings[i].name}: {findings[i].message}" for i in numbers))
    codes = " ".join(_e(findings[i].name) for i in numbers)  # names say what is wrong; bare codes do not
    ids = " ".join(str(i) for i in numbers)
    return f'<mark class="f whole sev-{worst}" data-f="{ids}" tabindex="0" title="{title}">{codes}</mark>'


def _block_html(file_no: int, block_no: int, block: dict, findings: list) -> str:
    text = block["text"]
    whole = [m[2] for m in block["marks"] if _is_whole_block(m, text)]
    inline = [m for m in block["marks"] if not _is_whole_block(m, text)]
    parts = [_badge(whole, findings)] if whole else []
    for start, end, covering in _segments(text, inline):
        piece = _e(text[start:end])
        if not covering:
            parts.append(piece)
            continue
        worst = min((findings[i].severity for i in covering), key=SEVERITY_ORDER.index)
        title = _e(" | ".join(f"{findings[i].rule} {findings[i].message}" for i in covering))
        ids = " ".join(str(i) for i in covering)
        parts.append(f'<mark class="f sev-{worst}" data-f="{ids}" tabindex="0" title="{title}">{piece}</mark>')
    inner = "".join(parts) or "&nbsp;"
    anchor = f'id="f{file_no}-b{block_no}"'
    kind = block["kind"]
    grade = f' data-grade="{block["grade"]:.1f}"' if block.get("grade") is not None else ""
    if kind == "heading":
        level = min(max(block["level"], 1), 6)
        return f'<div {anchor} class="blk hd h{level}" role="heading" aria-level="{level + 2 if level < 5 else 6}">{inner}</div>'
    if kind == "list_item":
        bullet = _e(block["label"] + ".") if block["label"] else "•"
        return f'<p {anchor} class="blk li"{grade}><span class="bullet">{bullet}</span>{inner}</p>'
    if kind == "footnote":
        return f'<p {anchor} class="blk fn"><span class="bullet">[{_e(block["label"])}]</span>{inner}</p>'
    css = {"blockquote": "bq", "table_cell": "cell"}.get(kind, "para")
    return f'<p {anchor} class="blk {css}"{grade}>{inner}</p>'


def _finding_item(number: int, finding) -> str:
    suggestions = ""
    if finding.suggestions:
        suggestions = '<span class="sug">→ ' + ", ".join(f"<b>{_e(s)}</b>" for s in finding.suggestions[:5]) + "</span>"
    return (
        f'<li class="fi sev-{finding.severity}" data-i="{number}" data-cat="{_e(finding.category)}" data-sev="{finding.severity}" tabindex="0">'
        f'<span class="pos">{finding.line}:{finding.column}</span> <span class="badge sev-{finding.severity}">{finding.severity}</span> '
        f'<code>{_e(finding.rule)}</code> <span class="name">{_e(finding.name)}</span>'
        f'<div class="msg">{_e(finding.message)}</div>{suggestions}</li>'
    )


def _readability_panel(file_no: int, result) -> str:
    metrics = result.metrics
    grade, target = metrics.get("reading_grade"), metrics.get("target_grade")
    if grade is None:
        return '<section class="card"><h3>Readability</h3><p class="muted">Too little prose to score.</p></section>'
    over = target is not None and grade > target
    width = min(grade, _GRADE_SCALE) / _GRADE_SCALE * 100
    marker = "" if target is None else f'<span class="target" style="left:{target / _GRADE_SCALE * 100:.1f}%" title="target {target:g}"></span>'
    verdict = (f"{grade - target:.1f} grades above the target of {target:g}" if over else f"within the target of {target:g}") if target is not None else "no target (professional audience)"
    rows = "".join(f"<tr><td>{label}</td><td>{metrics[key]:.1f}</td></tr>" for key, label in _METRICS if metrics.get(key) is not None)
    counts = f'{metrics.get("words", 0)} words · {metrics.get("sentences", 0)} sentences'
    hardest = ""
    view = result.view or {}
    if view.get("hardest"):
        items = []
        for entry in view["hardest"]:
            text = view["blocks"][entry["block"]]["text"]
            excerpt = text[:90] + ("…" if len(text) > 90 else "")
            items.append(f'<li><a href="#f{file_no}-b{entry["block"]}"><b>grade {entry["grade"]:.1f}</b> {_e(excerpt)}</a></li>')
        hardest = '<h4>Hardest paragraphs</h4><ol class="hardest">' + "".join(items) + "</ol>"
    return (
        '<section class="card"><h3>Readability</h3>'
        f'<div class="grade {"over" if over else "ok"}"><span class="big">{grade:.1f}</span> reading grade · {verdict}</div>'
        f'<div class="gauge"><span class="fill {"over" if over else "ok"}" style="width:{width:.1f}%"></span>{marker}</div>'
        f'<p class="muted">{counts}</p><table class="metrics">{rows}</table>{hardest}</section>'
    )


def _chart(result) -> str:
    counts: dict[str, int] = {}
    for finding in result.findings:
        counts[finding.category] = counts.get(finding.category, 0) + 1
    if not counts:
        return ""
    top = max(counts.values())
    rows = "".join(
        f'<div class="row"><span class="label">{_e(c)}</span><span class="bar"><span style="width:{n / top * 100:.0f}%"></span></span><span class="n">{n}</span></div>'
        for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return f'<section class="card"><h3>Findings by category</h3><div class="chart">{rows}</div></section>'


def _score_card(result) -> str:
    if not result.score:
        return ""
    total = result.score["total"]
    rows = "".join(
        f'<div class="row"><span class="label">{_e(c)}</span><span class="bar"><span class="{_score_class(s)}" style="width:{s}%"></span></span><span class="n">{s}</span></div>'
        for c, s in sorted(result.score["categories"].items(), key=lambda kv: (kv[1], kv[0]))
    )
    return (
        f'<section class="card"><h3>Score</h3><div class="score-big {_score_class(total)}">{total}<small>/100</small></div>'
        f'<div class="chart">{rows}</div></section>'
    )


def _keywords_and_citations(result) -> str:
    out = []
    keywords = result.sections.get("keywords") or []
    if keywords:
        rows = "".join(f'<tr><td>{_e(k["term"])}</td><td>{k["count"]}</td><td>{k["density"]:.2f}%</td></tr>' for k in keywords)
        out.append(f'<section class="card"><h3>Top terms</h3><table class="kw"><tr><th>term</th><th>count</th><th>density</th></tr>{rows}</table></section>')
    citations = result.sections.get("citations")
    if citations:
        labels = {"markers": "citation markers", "references": "references", "unresolved": "markers with no reference", "unused": "references never cited", "oldest_year": "oldest source"}
        rows = "".join(f"<tr><td>{_e(labels.get(k, k))}</td><td>{_e('—' if v is None else v)}</td></tr>" for k, v in citations.items())
        out.append(f'<section class="card"><h3>Citations</h3><table class="kw">{rows}</table></section>')
    return "".join(out)


def _file_section(file_no: int, result) -> str:
    findings = result.findings
    view = result.view or {"blocks": [], "unplaced": list(range(len(findings))), "hardest": []}
    errors = "".join(f'<div class="err">Could not be fully linted: {_e(e["message"])}</div>' for e in result.errors)
    unplaced = ""
    if view["unplaced"]:
        items = "".join(_finding_item(i, findings[i]) for i in view["unplaced"])
        unplaced = f'<div class="page-level"><h4>About the page as a whole</h4><ul class="flist">{items}</ul></div>'
    blocks = "".join(_block_html(file_no, n, b, findings) for n, b in enumerate(view["blocks"]))
    if not blocks:
        blocks = '<p class="muted">No prose.</p>'
    listing = "".join(_finding_item(i, f) for i, f in enumerate(findings))
    listing = f'<ul class="flist">{listing}</ul>' if listing else '<p class="muted">No findings.</p>'
    score = result.score["total"] if result.score else None
    badge = f'<span class="score {_score_class(score)}" title="article score">{score}</span>' if score is not None else ""
    return (
        f'<section class="file" id="file-{file_no}" data-file="{file_no}">'
        f'<h2>{badge}<span class="path">{_e(relative(result.path))}</span> <span class="muted">{_e(result.format or "")} · {len(findings)} finding{"s" if len(findings) != 1 else ""}</span></h2>{errors}'
        f'<div class="layout"><article class="doc">{unplaced}{blocks}</article>'
        f'<aside class="side">{_score_card(result)}{_readability_panel(file_no, result)}{_chart(result)}'
        f'<section class="card"><h3>Findings</h3>{listing}</section>{_keywords_and_citations(result)}</aside></div></section>'
    )


def _index(report: Report) -> str:
    rows = []
    for n, result in enumerate(report.files):
        by = {s: 0 for s in SEVERITY_ORDER}
        for f in result.findings:
            by[f.severity] += 1
        grade = result.metrics.get("reading_grade")
        score = result.score["total"] if result.score else None
        rows.append(
            f'<tr><td><a href="#file-{n}">{_e(relative(result.path))}</a></td>'
            f'<td><span class="score {_score_class(score)}">{"—" if score is None else score}</span></td>'
            f'<td>{"—" if grade is None else f"{grade:.1f}"}</td>'
            + "".join(f'<td class="sev-{s}">{by[s]}</td>' for s in SEVERITY_ORDER)
            + ("<td class=\"sev-error\">not linted</td>" if result.errors and not result.metrics else "<td></td>")
            + "</tr>"
        )
    head = "<tr><th>file</th><th>score</th><th>grade</th><th>errors</th><th>warnings</th><th>info</th><th></th></tr>"
    return f'<section class="card index"><h2>Files</h2><table class="kw">{head}{"".join(rows)}</table></section>'


def _posts_index(report: Report) -> str:
    """WordPress posts, worst score first: the posts an editor should fix first."""
    from .posts import post_of, posts_worst_first

    rows = []
    for n, result in posts_worst_first(report.files):
        post = post_of(result) or {}
        score = result.score["total"] if result.score else None
        rows.append(
            f'<tr><td><a href="#file-{n}">{_e(post.get("slug") or result.path)}</a></td><td>{_e(post.get("title", ""))}</td>'
            f'<td>{_e(post.get("type", ""))} · {_e(post.get("status", ""))}</td>'
            f'<td><span class="score {_score_class(score)}">{"—" if score is None else score}</span></td><td>{len(result.findings)}</td></tr>'
        )
    if not rows:
        return ""
    head = "<tr><th>post</th><th>title</th><th>type</th><th>score</th><th>findings</th></tr>"
    return f'<section class="card index posts"><h2>Posts, worst first</h2><table class="kw">{head}{"".join(rows)}</table></section>'


def _filters(report: Report) -> str:
    categories: dict[str, int] = {}
    severities = {s: 0 for s in SEVERITY_ORDER}
    for result in report.files:
        for f in result.findings:
            categories[f.category] = categories.get(f.category, 0) + 1
            severities[f.severity] += 1
    boxes = "".join(
        f'<label class="chip sev-{s}"><input type="checkbox" data-filter="sev" value="{s}" checked> {s} <small>{n}</small></label>'
        for s, n in severities.items()
    )
    boxes += '<span class="sep"></span>' + "".join(
        f'<label class="chip"><input type="checkbox" data-filter="cat" value="{_e(c)}" checked> {_e(c)} <small>{n}</small></label>'
        for c, n in sorted(categories.items())
    )
    return f'<div class="filters" aria-label="filters">{boxes}</div>'


def _data(report: Report) -> str:
    data = [
        [{"rule": f.rule, "name": f.name, "category": f.category, "severity": f.severity, "message": f.message,
          "suggestions": list(f.suggestions), "line": f.line, "column": f.column} for f in result.findings]
        for result in report.files
    ]
    return script_json(json.dumps(data, ensure_ascii=False))


def _settings(report: Report) -> str:
    return f" · settings from {_e(', '.join(report.configs))}" if report.configs else ""


def format_html(report: Report, color: bool = False) -> str:
    summary = report.summary()
    total = summary["findings"]
    files = summary["files"]
    index = (_posts_index(report) + _index(report)) if files > 1 else ""
    sections = "".join(_file_section(n, r) for n, r in enumerate(report.files))
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>healthlint report: {total} finding{'s' if total != 1 else ''} in {files} file{'s' if files != 1 else ''}</title>"
        f"<style>{STYLE}</style></head><body>"
        f'<header class="top"><div class="title"><b>healthlint</b> report <span class="muted">· {files} file{"s" if files != 1 else ""} · '
        f'{total} finding{"s" if total != 1 else ""} · healthlint {_e(__version__)}{_settings(report)}</span></div>{_filters(report)}</header>'
        f'<main>{index}{sections}</main><div id="pop" class="pop" hidden></div>'
        f'<script type="application/json" id="findings">{_data(report)}</script><script>{SCRIPT}</script></body></html>\n'
    )
