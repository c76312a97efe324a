"""HL307 counts only phrases whose first and last words are common enough to reach its
bounds; it must report exactly what a count of every phrase would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from healthlint.checks import phrase_stuffing
from healthlint.checks.phrase_stuffing import PhraseDensity
from healthlint.document import parse

WORDS = ["pain", "relief", "clinic", "sports", "injury", "knee", "the", "of", "our", "best", "care"]
# Filler mostly of other words: a phrase's own words are then about as rare as the phrase,
# which is where a bound set too tight would lose it.
FILLER = ["walking", "helps", "many", "people", "feel", "better", "sleep", "well"]


def _reference(doc, options):
    """The rule's choice from a count of every phrase (floor 0)."""
    total, counts, _ = phrase_stuffing.phrase_counts(doc, 0.0)
    best = phrase_stuffing.densest_phrase(doc, total, counts, options)
    return None if best is None else (best[0], best[2])


@st.composite
def stuffed_pages(draw):
    """Filler with one phrase repeated among it: the texts where the bound matters."""
    phrase = draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=4))
    pieces = []
    for _ in range(draw(st.integers(1, 40))):
        pieces.append(" ".join(draw(st.lists(st.sampled_from(WORDS + FILLER * 3), max_size=12))))
        pieces.append(" ".join(phrase))
    paragraphs = [" ".join(pieces[i:i + 7]) + "." for i in range(0, len(pieces), 7)]
    return "\n\n".join(p for p in paragraphs if p.strip(" ."))


@settings(max_examples=300, deadline=None)
@given(stuffed_pages(), st.integers(2, 12), st.floats(1.0, 12.0))
def test_bounded_count_reports_what_a_full_count_would(text, min_count, density):
    doc = parse(text or "Pain.", "x.md", "markdown")
    options = {**PhraseDensity().default_options(), "min_count": min_count, "density": density}
    expected = _reference(doc, options)
    hits = list(PhraseDensity().check(doc, options))
    if expected is None:
        assert hits == []
    else:
        [hit] = hits
        assert f"appears {expected[1]} times" in hit.message


def test_a_four_word_phrase_just_over_the_density_is_reported():
    """Ten uses of a four-word phrase in 444 words is 9.0%, over the default 8%: its words
    are used only ten times each, which is all a correct bound may ask of them."""
    syllables = ["ba", "ko", "mi", "tu", "re", "so", "la"]
    filler = [a + b + c for a in syllables for b in syllables for c in syllables][:404]  # no phrase repeats
    pieces = []
    for i in range(10):
        pieces += filler[i * 40:(i + 1) * 40] + ["sports", "injury", "clinic", "care"]
    pieces += filler[400:]
    text = "\n\n".join(" ".join(pieces[i:i + 44]) + "." for i in range(0, len(pieces), 44))
    doc = parse(text, "x.md", "markdown")
    [hit] = PhraseDensity().check(doc, PhraseDensity().default_options())
    assert "'sports injury clinic care' appears 10 times" in hit.message
