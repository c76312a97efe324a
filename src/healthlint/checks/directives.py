"""HL903 and HL904: suppression comments that are mistyped, name no rule, or suppress nothing.

A suppression that silently does something other than what its writer meant is worse than
none: ruff reports unused ``noqa`` comments (RUF100) and Vale warns on unknown rules.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..document import Directive, Document
from ..engine.finding import Hit
from ..engine.rule import Rule
from ..engine.selection import is_known, matches


class InvalidDirective(Rule):
    code = "HL903"
    name = "invalid-directive"
    category = "markup"
    severity = "warning"
    summary = "A healthlint-… comment has an unknown action or names no known rule."
    rationale = (
        "A mistyped directive used to be read as the nearest one it resembled: "
        "'healthlint-disable-line' turned rules off for the rest of the file. Now it suppresses "
        "nothing and is reported, with the spelling it probably meant."
    )
    source = "ruff's RUF100 and Vale's warnings on unknown rules in comments."
    pass_examples = ({"text": "<!-- healthlint-disable-next-line affect-as-noun -->\nSleep has a big affect on mood.\n", "format": "markdown"},)
    fail_examples = (
        {"text": "<!-- healthlint-disable-lines affect-as-noun -->\nSleep helps.\n", "format": "markdown",
         "flag": "<!-- healthlint-disable-lines affect-as-noun -->"},
        {"text": "<p>Sleep helps.<!-- healthlint-disable afect-as-noun --></p>", "format": "html",
         "flag": "<!-- healthlint-disable afect-as-noun -->"},
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        from ..engine.registry import all_rules

        rules = all_rules()
        names = [r.name for r in rules]
        for directive in doc.directives:
            if directive.problem:
                yield Hit(directive.start, directive.end, directive.problem)
                continue
            for selector in directive.selectors:
                if is_known(selector, rules):
                    continue
                close = difflib.get_close_matches(selector.lower(), names, n=1, cutoff=0.75)
                hint = f"did you mean '{close[0]}'?" if close else "give a code such as HL101, a rule name or a category"
                yield Hit(directive.start, directive.end, f"'{selector}' names no healthlint rule, so it suppresses nothing; {hint}")


class UnusedDirective(Rule):
    code = "HL904"
    name = "unused-directive"
    category = "markup"
    severity = "warning"
    summary = "A suppression comment suppresses no finding."
    rationale = (
        "A comment left after the text it excused was fixed will hide the next real problem "
        "in its range. Remove it. A directive naming only rules that are not enabled in this "
        "run is not reported, since it may be needed when they are."
    )
    source = "ruff's RUF100 (unused noqa)."
    pass_examples = (
        {"text": "<!-- healthlint-disable-next-line HL101 -->\nSleep helps.\n", "format": "markdown"},  # HL101 is not enabled here
    )
    fail_examples = ({"text": "<!-- healthlint-disable-next-line -->\nSleep helps.\n", "format": "markdown",
                      "flag": "<!-- healthlint-disable-next-line -->"},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        return ()  # needs the other rules' findings: the runner calls unused() after suppression

    def unused(self, directives: Sequence[Directive], used: set[int], active: Sequence[Rule]) -> Iterable[Hit]:
        """Directives (by index in ``directives``) that suppressed nothing although their rules ran."""
        for index, directive in enumerate(directives):
            if index in used or directive.problem or directive.alias or directive.action == "enable":
                continue
            if directive.selectors and not all(any(matches(s, r) for r in active) for s in directive.selectors):
                continue
            yield Hit(directive.start, directive.end, "This directive suppresses no finding; remove it")


RULES = (InvalidDirective, UnusedDirective)
