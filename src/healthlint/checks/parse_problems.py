"""Rules that report what the parsers could not read: HL901 front matter, HL902 JSON-LD."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..document import Document
from ..engine.finding import Hit
from ..engine.rule import Rule


class _ParseProblemRule(Rule):
    problem: str = ""  # the ParseProblem code this rule reports
    category = "markup"
    severity = "error"

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        for problem in doc.problems:
            if problem.code == self.problem:
                yield Hit(problem.start, problem.end, problem.message)


class InvalidFrontMatter(_ParseProblemRule):
    code = "HL901"
    name = "invalid-front-matter"
    problem = "front-matter"
    summary = "Front matter is not valid YAML, not a mapping, or never closed."
    rationale = (
        "Titles, authors, review dates and audiences come from front matter. When it cannot be read, "
        "those checks run blind and the site generator will usually fail too. The body is still linted."
    )
    source = "YAML 1.1 as read by PyYAML; front matter as used by Jekyll, Hugo and Eleventy."
    pass_examples = ({"text": "---\ntitle: Back pain\n---\n# Back pain\n", "format": "markdown"},)
    fail_examples = (
        {"text": "---\ntitle: [unclosed\n---\n# Back pain\n", "format": "markdown"},
        {"text": "---\n- a list\n---\nBody.\n", "format": "markdown", "flag": "- a list\n"},
        {"text": "---\ntitle: Open\n\nBody text.\n", "format": "markdown", "flag": "---"},
    )


class InvalidJsonLd(_ParseProblemRule):
    code = "HL902"
    name = "invalid-json-ld"
    problem = "json-ld"
    summary = 'A <script type="application/ld+json"> block is not valid JSON.'
    rationale = (
        "Search engines ignore structured data they cannot parse, so the page loses its "
        "MedicalWebPage or Article markup: author, reviewer and dates disappear from results."
    )
    source = "JSON-LD 1.1 (W3C); Google Search Central, structured data guidelines."
    pass_examples = ({"text": '<html><head><script type="application/ld+json">{"@type": "Article"}</script></head><body><p>Hi.</p></body></html>', "format": "html"},)
    fail_examples = ({"text": '<html><head><script type="application/ld+json">{"@type": }</script></head><body><p>Hi.</p></body></html>', "format": "html", "flag": "<script"},)


RULES = (InvalidFrontMatter, InvalidJsonLd)
