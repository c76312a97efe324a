"""The YAML rule kinds: existence and substitution, boundaries, case, forms, context."""

from __future__ import annotations

import pytest

from healthlint.document import parse
from healthlint.engine.patterns import PatternRule, inflect

BASE = {"category": "plain-language", "severity": "info", "summary": "s", "rationale": "r",
        "examples": {"pass": ["x"], "fail": ["y"]}}


def hits(spec, text):
    rule = PatternRule({"code": "HL299", "name": "test-rule", **BASE, **spec}, "test.yaml")
    doc = parse(text, "t.txt", "text")
    return [(doc.source.text[h.start:h.end], h.message, h.suggestions) for h in rule.check(doc, {})]


def test_existence_respects_word_boundaries_and_case():
    spec = {"kind": "existence", "tokens": ["miracle cure", "detox"], "message": "Avoid '{match}'."}
    assert hits(spec, "A Miracle  Cure! Detoxify? DETOX now; detoxes.") == [
        ("Miracle  Cure", "Avoid 'Miracle  Cure'.", ()), ("DETOX", "Avoid 'DETOX'.", ()),
    ]
    assert hits({**spec, "case_sensitive": True}, "A Miracle cure, a miracle cure.") == [("miracle cure", "Avoid 'miracle cure'.", ())]


def test_substitution_forms_case_and_apostrophes():
    spec = {"kind": "substitution", "message": "Use {suggestion}.", "swaps": [{"find": "utilize", "use": "use", "forms": ["s", "ed", "ing"]}, {"find": "it's own", "use": "its own"}]}
    found = hits(spec, "Utilized, UTILIZES, utilizing; it’s own; reutilize.")
    assert [(t, s) for t, _, s in found] == [("Utilized", ("Used",)), ("UTILIZES", ("USES",)), ("utilizing", ("using",)), ("it’s own", ("its own",))]


def test_context_conditions():
    spec = {"kind": "existence", "tokens": ["dose"], "message": "m", "preceded_by": ["double"], "not_followed_by": ["$END"]}
    assert [t for t, _, _ in hits(spec, "a double dose of it, a double dose. a single dose of it")] == ["dose"]


@pytest.mark.parametrize("word, suffix, expected", [("use", "ed", "used"), ("carry", "s", "carries"), ("reach", "s", "reaches"), ("tie", "ing", "tying"), ("make worse", "s", "makes worse"), ("see", "ing", "seeing")])
def test_inflect(word, suffix, expected):
    assert inflect(word, suffix) == expected


@pytest.mark.parametrize(
    "spec, message",
    [
        ({"kind": "existence"}, "needs 'tokens'"),
        ({"kind": "magic", "tokens": ["x"]}, "kind must be one of"),
        ({"kind": "existence", "tokens": [True]}, "quote it in the YAML"),
        ({"kind": "existence", "tokens": ["a\bb"]}, "control character"),
        ({"kind": "existence", "tokens": ["x"], "colour": 1}, "unknown key(s) colour"),
        ({"kind": "substitution", "swaps": [{"find": "x"}]}, "needs 'find' and 'use'"),
    ],
)
def test_malformed_specs_are_rejected_with_a_clear_message(spec, message):
    with pytest.raises(ValueError, match="test.yaml: rule HL299|unknown key"):
        try:
            PatternRule({"code": "HL299", "name": "t", **BASE, **spec}, "test.yaml")
        except ValueError as exc:
            assert message in str(exc)
            raise
