"""Inline suppression comments, shared by the Markdown and HTML parsers.

A comment that starts ``healthlint-`` is always read as a directive. One whose action is
not known (``healthlint-disable-lines``) keeps its text in ``problem`` and suppresses
nothing: a typo must never widen into a ``disable`` for the rest of the file.
"""

from __future__ import annotations

import difflib
import re

from .model import Directive

ACTIONS = ("disable-next-line", "disable-line", "disable-file", "disable", "enable")
_START = re.compile(r"\s*healthlint-(?P<action>[\w-]*)", re.IGNORECASE)


# Other tools' comments. Vale's "vale off" / "vale on" switch every rule off and on for the
# text between them (usually text that is not prose), which is what healthlint-disable and
# healthlint-enable do: they are read as those. "noqa" (flake8, ruff) is not: a comment meant
# for another tool must not hide healthlint's findings, so it is answered with the spelling to use.
_VALE = re.compile(r"\s*vale\s+(?P<switch>off|on)\s*$", re.IGNORECASE)
_NOQA = re.compile(r"\s*(?:#\s*)?(?:ruff:\s*)?noqa\b\s*(?::\s*(?P<codes>.*?))?\s*$", re.IGNORECASE | re.DOTALL)


def _other_tool(comment: str, start: int, end: int) -> Directive | None:
    vale = _VALE.match(comment)
    if vale:
        action = "disable" if vale.group("switch").lower() == "off" else "enable"
        return Directive(action=action, selectors=(), reason="", start=start, end=end, alias=f"vale {vale.group('switch').lower()}")
    noqa = _NOQA.match(comment)
    if noqa:
        codes = ",".join(c for c in re.split(r"[\s,]+", noqa.group("codes") or "") if c)
        spelled = f"healthlint-disable-line {codes}" if codes else "healthlint-disable-line"
        return Directive(action="noqa", selectors=(), reason="", start=start, end=end, alias="noqa",
                         problem=f"healthlint does not read 'noqa' comments, so this suppresses nothing; write <!-- {spelled} --> "
                                 "(or healthlint-disable-next-line above the line)")
    return None


def parse_directive(comment: str, start: int, end: int) -> Directive | None:
    """Read the inside of an HTML comment; ``None`` when it is not a healthlint directive."""
    match = _START.match(comment)
    if not match:
        return _other_tool(comment, start, end)
    word = match.group("action")
    rest = comment[match.end():]
    # Selectors and reason: 'HL101, affect-as-noun -- quoted from a study'.
    selectors_text, reason = (re.split(r"\s--", rest, maxsplit=1) + [""])[:2]
    selectors = tuple(s for s in re.split(r"[\s,]+", selectors_text.strip()) if s)
    problem = ""
    action = word.lower()
    if action not in ACTIONS:
        close = difflib.get_close_matches(action, ACTIONS, n=1, cutoff=0.6)
        hint = f"did you mean 'healthlint-{close[0]}'?" if close else f"use one of {', '.join('healthlint-' + a for a in ACTIONS)}"
        problem = f"Unknown directive 'healthlint-{word}', which suppresses nothing; {hint}"
    return Directive(action=action, selectors=selectors, reason=reason.strip(), start=start, end=end, problem=problem)
