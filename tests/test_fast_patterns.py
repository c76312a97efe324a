"""Regular expressions rewritten for speed must match exactly what their plain forms did."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from healthlint.checks.acronyms import _ACRONYM

# The plain form: the look-behind first, which makes the engine try every position.
PLAIN_ACRONYM = re.compile(r"(?<![\w'’-])([A-Z][A-Z0-9&]{1,6}s?)(?![\w'’-])|(?<![\w'’])([A-Z](?:\.[A-Z]){1,4}\.?)(?!\w)")

PIECES = st.sampled_from(["COPD", "U.S.", "A.B.C", "AB", "ABs", "x", "HbA1c", "-", "'", "’", " ", ".", "(", ")", "É", "Z", "q", "9", "&", "_"])


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=12))
def test_acronym_pattern_matches_like_its_plain_form(pieces):
    text = "".join(pieces)
    assert [m.span() for m in _ACRONYM.finditer(text)] == [m.span() for m in PLAIN_ACRONYM.finditer(text)]


FINDS = st.lists(st.sampled_from(["to", "too", "tonight", "in to", "don't", "of", "off", "k", "so"]), min_size=1, max_size=3, unique=True)
TEXT_PIECES = st.sampled_from(["ſo", "\u212a", "to", "TO", "too", "tonight", "in", " ", "  ", "\n", "to.", "don't", "don’t", "of", "off", "x", "-", "'", "K", "ſ", "é"])


@settings(max_examples=500, deadline=None)
@given(FINDS, st.lists(TEXT_PIECES, max_size=14), st.booleans())
@example(["so"], ["ſo"], False)  # the long s matches "s" when case is ignored
@example(["k"], ["\u212a"], False)  # and so does the Kelvin sign "k"
def test_swap_matches_found_from_their_first_letters_are_finditers(finds, pieces, case_sensitive):
    from healthlint.engine.patterns import PatternRule, _matches, ascii_lower

    rule = PatternRule({"code": "HL999", "name": "test-swaps", "kind": "substitution", "category": "grammar", "severity": "warning",
                        "summary": "s", "rationale": "r", "message": "m", "case_sensitive": case_sensitive,
                        "swaps": [{"find": finds, "use": "x"}], "examples": {"pass": ["a"], "fail": []}}, "test")
    text = "".join(pieces)
    for pattern, _, _, leads in rule._groups():
        assert leads is not None
        assert [m.span() for m in _matches(pattern, text, leads, ascii_lower(text))] == [m.span() for m in pattern.finditer(text)]
