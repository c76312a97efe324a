"""Every rule healthlint knows: Python rules from :mod:`healthlint.checks` and YAML packs.

Python rule modules are listed here, not discovered, so start-up imports nothing it
does not need; heavy engines are imported inside a rule's ``check`` when it runs.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from ..packs import InvalidYaml, load_yaml, pack_files
from .patterns import PatternRule
from .rule import Rule

PYTHON_RULE_MODULES = (
    "healthlint.checks.repeated_word",
    "healthlint.checks.whitespace",
    "healthlint.checks.agreement",
    "healthlint.checks.phrase_agreement",
    "healthlint.checks.pronoun_agreement",
    "healthlint.checks.parsed_agreement",
    "healthlint.checks.sense_confusables",
    "healthlint.checks.context_confusables",
    "healthlint.checks.missing_space",
    "healthlint.checks.parse_problems",
    "healthlint.checks.directives",
    "healthlint.checks.reading_grade",
    "healthlint.checks.length",
    "healthlint.checks.passive_voice",
    "healthlint.checks.acronyms",
    "healthlint.checks.citation_markers",
    "healthlint.checks.reference_entries",
    "healthlint.checks.named_sources",
    "healthlint.checks.evidence",
    "healthlint.checks.evidence_age",
    "healthlint.checks.units",
    "healthlint.checks.claims",
    "healthlint.checks.claim_structure",
    "healthlint.checks.guidance",
    "healthlint.checks.trust_metadata",
    "healthlint.checks.stuffing",
    "healthlint.checks.phrase_stuffing",
    "healthlint.checks.seo",
    "healthlint.checks.keyphrase",
    "healthlint.checks.harper_rules",
    "healthlint.checks.languagetool_rules",
)


class RuleError(Exception):
    """A rule pack or rule class is malformed."""


def _python_rules() -> list[Rule]:
    rules = []
    for module_name in PYTHON_RULE_MODULES:
        module = importlib.import_module(module_name)
        for cls in getattr(module, "RULES", ()):
            rules.append(cls())
    return rules


def _yaml_rules() -> list[Rule]:
    rules: list[Rule] = []
    for path in pack_files():
        try:
            data = load_yaml(path)
        except InvalidYaml as exc:
            raise RuleError(f"rule pack {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
            raise RuleError(f"rule pack {path.name} must be a mapping with a 'rules' list")
        for key in ("source", "license"):
            if not data.get(key):
                raise RuleError(f"rule pack {path.name} must say its '{key}'")
        for spec in data["rules"]:
            try:
                rules.append(PatternRule(spec, path.name))
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise RuleError(str(exc)) from None
    return rules


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    rules = _python_rules() + _yaml_rules()
    seen: dict[str, Rule] = {}
    for rule in rules:
        try:
            rule.validate()
        except ValueError as exc:
            raise RuleError(str(exc)) from None
        for key in (rule.code, rule.name):
            if key in seen:
                raise RuleError(f"{key} is used by two rules: {seen[key]!r} and {rule!r}")
            seen[key] = rule
    return tuple(sorted(rules, key=lambda r: r.code))


def find_rule(key: str) -> Rule | None:
    """A rule by its code (any case) or name."""
    for rule in all_rules():
        if key.upper() == rule.code or key.lower() == rule.name:
            return rule
    return None


@lru_cache(maxsize=1)
def fix_levels() -> dict[str, str]:
    """Rule code -> "safe" or "unsafe" for the rules whose suggestions --fix may apply."""
    return {rule.code: rule.fix for rule in all_rules() if rule.fix in ("safe", "unsafe")}


def fix_level(finding) -> str | None:
    """How --fix may apply this finding's first suggestion: "safe", "unsafe", or None (not at all)."""
    return fix_levels().get(finding.rule) if finding.suggestions else None
