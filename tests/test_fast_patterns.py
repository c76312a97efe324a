"""Regular expressions rewritten for speed must match exactly what their plain forms did."""

from __future__ import annotations

import re

from hypothesis import given, settings
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
