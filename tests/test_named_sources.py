"""HL414 (a study named but not referenced) and HL413 on links given as sources in the text."""

from healthlint import lint_text
from healthlint.config import Config


def _found(text: str, rule: str, fmt: str = "markdown") -> list[str]:
    result = lint_text(text, fmt, config=Config(select=(rule,)))
    return [text[f.start : f.end] for f in result.findings]


def test_a_news_link_given_as_the_source_is_secondary_but_a_video_link_is_not():
    text = "Cold feet [can bring on a cold](https://www.bbc.co.uk/news/health-1), says one report. [Watch our video](https://www.youtube.com/watch?v=1)."
    assert _found(text, "HL413") == ["can bring on a cold"]


def test_an_agency_link_is_a_primary_source():
    assert _found("Adults need [7 or more hours of sleep](https://www.cdc.gov/sleep).", "HL413") == []


def test_a_named_journal_needs_a_reference_unless_the_paragraph_cites_it():
    named = "A 2016 trial published in the British Journal of Sports Medicine found fewer injuries."
    assert _found(named, "HL414", "text") == ["trial published in the British Journal of Sports Medicine"]
    cited = named + " Warm-ups matter [3].\n\n3. Smith A. Warm-ups. Br J Sports Med. 2016;50:1-5."
    assert _found(cited, "HL414", "text") == []


def test_guidelines_named_by_year():
    assert _found("In their 2021 practice guidelines, the society advises against it.", "HL414", "text") == ["In their 2021 practice guidelines"]
    assert _found("Guidelines change as evidence grows.", "HL414", "text") == []
