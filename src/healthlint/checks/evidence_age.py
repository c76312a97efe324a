"""HL425 outdated-evidence: the page's newest source, and its own review date, are old."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from ..analysis.citations import citations
from ..analysis.metadata import parse_date, trust
from ..document import Document
from ..engine.finding import Hit
from ..engine.rule import Option, Rule

_REFS = "Text [1].\n\n1. Lee J. Walking and knee pain. BMJ. {year};1:2.\n"


class OutdatedEvidence(Rule):
    code = "HL425"
    name = "outdated-evidence"
    category = "evidence"
    severity = "warning"
    summary = "The newest source the page cites, and its last review, are more than five years old."
    rationale = (
        "A page whose most recent source is years old may give advice that newer evidence has changed. "
        "HL412 marks each old reference; this rule speaks of the page: when even its newest source, and "
        "its last review or update if it gives one, are older than `max_age_years`, the page needs a review "
        "against current evidence. Pages that cite no dated sources are left to HL805 (stale-review)."
    )
    source = "HONcode principle 4 (dates of information); NLM and MedlinePlus guidance on evaluating health information; Google Search Quality Rater Guidelines (YMYL: up-to-date content)."
    options = {"max_age_years": Option(5, "Years the newest source or review may be old."), "as_of": Option("", "Count to this date (YYYY-MM-DD) instead of today.")}
    pass_examples = (
        {"text": _REFS.format(year=2023), "options": {"as_of": "2026-01-01"}},
        {"text": "---\ntitle: Knee pain\nreviewed: 2025-05-01\n---\n\n" + _REFS.format(year=2012), "format": "markdown", "options": {"as_of": "2026-01-01"}},
    )
    fail_examples = (
        {"text": _REFS.format(year=2014), "options": {"as_of": "2026-01-01"}, "flag": "2014"},
        {"text": "Knee pain\n\nWalking helps [1].\n\nLast reviewed: 3 March 2015\n\nReferences\n\n1. Lee J. Walking and knee pain. BMJ. 2011;1:2.\n", "options": {"as_of": "2026-01-01"}, "flag": "2011"},
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        dated = [r for r in citations(doc).references if r.fields.get("year")]
        if not dated:
            return
        today = parse_date(options["as_of"]) if options["as_of"] else dt.date.today()
        today = today or dt.date.today()
        newest = max(dated, key=lambda r: r.fields["year"])
        year = newest.fields["year"]
        page_date = trust(doc).latest
        limit = options["max_age_years"]
        if today.year - year <= limit or (page_date and (today - page_date).days <= limit * 365.25):
            return
        start, end = newest.span()
        at = doc.source.text.rfind(str(year), start, end)
        span = (at, at + 4) if at >= 0 else (start, end)
        reviewed = f" and the page was last reviewed or updated {page_date.isoformat()}" if page_date else ""
        yield Hit(span[0], span[1], f"The newest source is from {year}{reviewed}: over {limit} years ago; check the page against current evidence.")


RULES = (OutdatedEvidence,)
