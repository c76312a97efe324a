"""Inline suppression comments, shared by the Markdown and HTML parsers."""

from __future__ import annotations

import re

from .model import Directive

_DIRECTIVE = re.compile(
    r"""^\s*healthlint-(?P<action>disable-next-line|disable-file|disable|enable)\b
        (?P<selectors>[^-]*?(?:-(?!-)[^-]*?)*)   # codes/names, which may hold single hyphens
        (?:\s--\s*(?P<reason>.*?))?\s*$""",
    re.VERBOSE | re.DOTALL,
)


def parse_directive(comment: str, start: int, end: int) -> Directive | None:
    """Read the inside of an HTML comment; ``None`` when it is not a healthlint directive."""
    match = _DIRECTIVE.match(comment)
    if not match:
        return None
    selectors = tuple(s for s in re.split(r"[\s,]+", match.group("selectors").strip()) if s)
    return Directive(
        action=match.group("action"),
        selectors=selectors,
        reason=(match.group("reason") or "").strip(),
        start=start,
        end=end,
    )
