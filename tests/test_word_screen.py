"""The word test in front of list patterns must never hide a match."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthlint.engine.word_screen import ScreenedPattern, key_words
from healthlint.packs import list_pattern, word_lists


def test_each_way_through_an_item_gives_its_longest_word():
    assert key_words(["in (?:mice|rats)"]) == {"mice", "rats"}
    assert key_words(["tumou?rs?"]) == {"tumor", "tumour", "tumors", "tumours"}
    assert key_words(["test[- ]tubes? prove"]) == {"prove", "tubes"}
    assert key_words(["FDA", "Doctor[- ]recommended"]) == {"fda", "recommended"}  # matched ignoring case
    # An optional word and an optional space: "can help", "canhelp", " help", "help".
    assert key_words(["(?:can)? ?help"]) == {"help", "canhelp"}
    # Words before a construct that cannot be read still count; an unfinished one does not.
    assert key_words([r"studies of \w+ show"]) == {"studies"}
    # A repeat of any length: the words before it, or the way without it.
    assert key_words(["go (?:very )*farther"]) == {"go", "farther"}
    # A small class of letters is read letter by letter; common words give way to rarer ones.
    assert key_words(["optimi[sz]es"]) == {"optimises", "optimizes"}
    assert key_words(["in the lab"], common=frozenset({"in", "the"})) == {"lab"}


@pytest.mark.parametrize("items", [[r"\w+ study"], ["[a-z]+ing"], ["(?:very )+good"], ["é+"], ["x{2,3}"], ["(?:a|\\d)"]])
def test_items_that_cannot_be_read_for_certain_are_not_screened(items):
    assert key_words(items) is None


def test_text_without_a_key_word_is_answered_without_the_pattern():
    class Counting:
        calls = 0

        def search(self, text):
            Counting.calls += 1
            return None

    screened = ScreenedPattern(Counting(), frozenset({"mice"}))  # type: ignore[arg-type]
    assert screened.search("Rest and drink water.") is None and Counting.calls == 0
    screened.search("In mice, it worked.")
    screened.search("Ünïcode text is always searched.")
    assert Counting.calls == 2


def _screened_lists() -> list[tuple[str, str]]:
    """Every word list read through list_pattern whose words could be read."""
    out = []
    for name in ("citations", "claims"):
        for key, items in word_lists(name).items():
            if isinstance(items, list) and items and all(isinstance(i, str) for i in items) and key_words(items) is not None:
                try:
                    re.compile("|".join(items))
                except re.error:
                    continue
                out.append((name, key))
    return out


SCREENED = _screened_lists()
WRAPPERS = st.sampled_from(["", "A ", "Then ", "(", "Well, ", "Note: "]), st.sampled_from(["", ".", " today.", ", said one.", ")"])


def test_the_screened_lists_are_the_ones_rules_use():
    assert {("citations", "evidence_phrases"), ("citations", "preclinical_markers"), ("claims", "promotion")} <= set(SCREENED)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.sampled_from(SCREENED), st.data())
def test_text_written_to_match_an_item_is_still_found(which, data):
    """Text generated from one item of a list, in a sentence: the screened pattern finds
    exactly what the bare pattern finds."""
    name, key = which
    items = word_lists(name)[key]
    item = data.draw(st.sampled_from(items))
    core = data.draw(st.from_regex(re.compile(item, re.IGNORECASE), fullmatch=True).filter(lambda s: s.isascii() and "\n" not in s))
    before, after = data.draw(WRAPPERS[0]), data.draw(WRAPPERS[1])
    text = before + core + after
    screened = list_pattern(name, key)
    bare = screened.pattern.search(text)
    found = screened.search(text)
    assert (found.span() if found else None) == (bare.span() if bare else None), text
    assert [m.span() for m in screened.finditer(text)] == [m.span() for m in screened.pattern.finditer(text)]
