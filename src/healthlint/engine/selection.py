"""Selectors: how ``--select``, ``--ignore``, config and suppressions name rules.

A selector is ``ALL``, a rule code (``HL101``), a code prefix (``HL1``), a rule name
(``affect-effect``) or a category (``grammar``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .finding import CATEGORIES
from .rule import Rule


def matches(selector: str, rule: Rule) -> bool:
    if selector.upper() == "ALL":
        return True
    if selector.upper().startswith("HL"):
        return rule.code.startswith(selector.upper())
    return selector.lower() in (rule.name, rule.category)


def is_known(selector: str, rules: Iterable[Rule]) -> bool:
    return selector.upper() == "ALL" or selector.lower() in CATEGORIES or any(matches(selector, r) for r in rules)


def select_rules(
    rules: Sequence[Rule],
    select: Sequence[str] | None,
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> list[Rule]:
    """``select`` (or every rule enabled by default), plus ``extend_select``, minus ``ignore``."""
    if select is None:
        chosen = [r for r in rules if r.enabled_by_default]
    else:
        chosen = [r for r in rules if any(matches(s, r) for s in select)]
    extra = [r for r in rules if r not in chosen and any(matches(s, r) for s in extend_select)]
    return [r for r in chosen + extra if not any(matches(s, r) for s in ignore)]
