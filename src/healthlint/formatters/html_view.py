"""Lay out a document's prose and findings for the HTML report.

Built beside the linting (in the worker that parsed the file), because the report shows
prose blocks, not source lines: each finding's source span is mapped back into the
prose of the block that holds it, so that it can be highlighted in place.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

from ..document import Block, Document
from ..engine.runner import FileResult

HARDEST = 3
MIN_SCORED_WORDS = 40


def _prose_span(block: Block, start: int, end: int) -> tuple[int, int]:
    # Source offsets grow with prose offsets, so both ends are binary searches over the prose.
    n = len(block.text)
    begin = bisect_left(range(n), True, key=lambda i: block.offsets.end(i) > start)
    finish = bisect_left(range(n), True, key=lambda i: block.offsets.start(i) >= end)
    return begin, max(finish, min(begin + 1, n))


def _grades(doc: Document) -> dict[int, float]:
    from ..analysis.citations import reference_blocks
    from ..analysis.readability import block_scores, is_body

    skipped = {id(b) for b in reference_blocks(doc)}
    grades: dict[int, float] = {}
    for index, block in enumerate(doc.blocks):
        if not is_body(block, skipped):
            continue
        counts, scores = block_scores(doc, block)
        if counts.words >= MIN_SCORED_WORDS and scores.get("reading_grade") is not None:
            grades[index] = scores["reading_grade"]
    return grades


def _page_level_rules() -> frozenset[str]:
    from ..engine.registry import all_rules

    return frozenset(rule.code for rule in all_rules() if rule.page_level)


def build_view(doc: Document, result: FileResult) -> dict[str, Any]:
    spans = [b.source_span(0, len(b.text)) for b in doc.blocks]
    order = sorted(range(len(spans)), key=lambda i: spans[i])
    starts = [spans[i][0] for i in order]
    marks: dict[int, list[list]] = {}
    unplaced: list[int] = []
    page_level = _page_level_rules()
    for number, finding in enumerate(result.findings):
        if finding.rule in page_level:
            # Anchored to the title for editors and SARIF, but about the page as a whole:
            # listed above the text, never painted on the title as if the title were wrong.
            unplaced.append(number)
            continue
        place = bisect_right(starts, finding.start) - 1
        index = order[place] if place >= 0 else None
        if index is None or finding.start >= spans[index][1] or not doc.blocks[index].text:
            unplaced.append(number)
            continue
        block = doc.blocks[index]
        begin, end = _prose_span(block, finding.start, min(finding.end, spans[index][1]))
        marks.setdefault(index, []).append([begin, end, number])
    try:
        grades = _grades(doc)
    except Exception:  # the report still shows the findings without paragraph grades
        grades = {}
    hardest = sorted(grades, key=lambda i: -grades[i])[:HARDEST]
    blocks = [
        {"kind": b.kind, "level": b.level, "label": b.label, "text": b.text, "marks": marks.get(i, []), "grade": grades.get(i)}
        for i, b in enumerate(doc.blocks)
    ]
    return {"blocks": blocks, "unplaced": unplaced, "hardest": [{"block": i, "grade": grades[i]} for i in hardest]}
