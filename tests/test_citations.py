"""Citation markers in every format, reference lists, entry fields and the citation rules."""

from __future__ import annotations

import pytest
from conftest import flagged, source_slice

from healthlint import lint_text
from healthlint.analysis.citations import citations, expand, parse_fields
from healthlint.config import Config
from healthlint.document import parse

REFS_MD = "\n\n## References\n\n1. Lee J. Walking. JAMA. 2021;325(4):301-309.\n2. Park S. Sleep. BMJ. 2022;376:e068.\n3. Kim H. Diet. Lancet. 2023;401:10.\n"


def markers(text: str, fmt: str):
    doc = parse(text, "t", fmt)
    return [(m.style, m.numbers) for m in citations(doc).markers]


@pytest.mark.parametrize("text, fmt, expected", [
    ("<p>Walking helps.<sup>1</sup></p>", "html", [("superscript", (1,))]),
    ('<p>Walking helps.<sup><a href="#ref1">2</a></sup></p>', "html", [("superscript", (2,))]),
    ("<p>Walking helps.<sup>1,3</sup></p>", "html", [("superscript", (1, 3))]),
    ("Walking helps [1]. Sleep too [2, 3]. Diet [4-6].", "text", [("bracket", (1,)), ("bracket", (2, 3)), ("bracket", (4, 5, 6))]),
    ("Walking helps.[^1]\n\n[^1]: Lee J. Walking. JAMA. 2021;1:2.", "markdown", [("footnote", (1,))]),
    ("It helps daily activities.1 Exercise helps.", "text", [("plain", (1,))]),
    ("Pain eases with rest.2,3 Then walk.", "text", [("plain", (2, 3))]),
    ("Take 2.5 mg at 8:30. COVID-19 and H2O are not citations. Version 3.1.", "text", []),
])
def test_markers_in_every_format(text, fmt, expected):
    assert markers(text, fmt) == expected


def test_expand_handles_ranges_and_lists():
    assert expand("1, 3-5") == (1, 3, 4, 5)
    assert expand("2–4") == (2, 3, 4)


def test_reference_list_under_a_heading_as_footnotes_and_as_a_closing_list():
    under_heading = parse("Text [1]." + REFS_MD, "t.md", "markdown")
    assert [r.key for r in citations(under_heading).references] == ["1", "2", "3"]
    footnotes = parse("A.[^a] B.[^b]\n\n[^a]: Lee J. Walking. JAMA. 2021;1:2.\n[^b]: Park S. Sleep. BMJ. 2022;3:4.\n", "t.md", "markdown")
    assert [r.key for r in citations(footnotes).references] == ["a", "b"]
    closing = parse("Walking helps [1].\n\n1Shaw, Gina. “Exercise and Pain Relief.” WebMD. Feature archive. Tue. 10 Dec. 2013\n", "t.txt", "text")
    refs = citations(closing).references
    assert [(r.key, r.glued) for r in refs] == [("1", True)]


def test_entry_fields_are_parsed():
    fields = parse_fields("Lee J, Park S. Walking and knee pain. JAMA. 2021;325(4):301-309. doi:10.1001/jama.2021.0001 PMID: 33512345")
    assert fields["year"] == 2021
    assert (fields["volume"], fields["issue"], fields["pages"]) == ("325", "4", "301-309")
    assert fields["doi"] == "10.1001/jama.2021.0001"
    assert fields["pmid"] == "33512345"
    web = parse_fields("CDC. About handwashing. Updated May 3, 2024. Accessed June 1, 2025. https://www.cdc.gov/clean-hands/")
    assert web["year"] == 2024 and web["accessed"] and web["url"] == "https://www.cdc.gov/clean-hands/"
    quoted = parse_fields("Shaw, Gina. “Exercise and Pain Relief.” WebMD. 2013")
    assert quoted["title"].startswith("Exercise and Pain Relief") and quoted["title_quoted"]


SEED_LIKE = (
    "How Walking Helps Knee Pain\n\n"
    "More and more studies are finding that walking helps sore knees. It also helps with daily activities.1\n"
    "Chronic pain sufferers should start slowly.\n\n"
    "1Shaw, Gina. “Exercise and Pain Relief.” WebMD. Feature archive. Tue. 10 Dec. 2013\n"
)


def test_each_citation_problem_is_reported_on_its_own_line():
    result = lint_text(SEED_LIKE, fmt="text", config=Config(select=("citations", "evidence"), rules={}))
    where = {(f.rule, f.line): source_slice(SEED_LIKE, f.line, f.column, f.end_line, f.end_column) for f in result.findings}
    assert where[("HL420", 3)] == "More and more studies are finding"
    assert where[("HL401", 3)] == "1"
    assert where[("HL406", 6)] == "1"
    assert where[("HL412", 6)] == "2013"
    assert where[("HL413", 6)] == "WebMD"


def test_summary_in_the_json_report():
    result = lint_text("Walking helps [1]. Sleep [4]." + REFS_MD, fmt="markdown")
    assert result.to_json()["citations"] == {"markers": 2, "references": 3, "unresolved": 1, "unused": 2, "oldest_year": 2021}


CLEAN_HTML = """<html><head><title>Walking and knee pain</title></head><body><main>
<h1>Walking and knee pain</h1>
<p>Walking strengthens the muscles that support the knee.<sup><a href="#r1">1</a></sup> Start with ten minutes a day.<sup><a href="#r2">2</a></sup></p>
<h2>References</h2>
<ol>
<li id="r1">Lee J, Park S. Walking and knee pain in older adults. <i>JAMA</i>. 2021;325(4):301-309. doi:10.1001/jama.2021.0001</li>
<li id="r2">Centers for Disease Control and Prevention. Physical activity for arthritis. Updated May 2, 2024. Accessed June 1, 2024. https://www.cdc.gov/arthritis/</li>
</ol></main></body></html>"""


def test_a_clean_cited_article_draws_no_citation_warnings():
    result = lint_text(CLEAN_HTML, fmt="html", config=Config(select=("citations", "evidence")))
    assert result.findings == []
    assert result.to_json()["citations"]["references"] == 2


def test_clean_markdown_sample_draws_no_citation_warnings(root):
    text = (root / "samples" / "clean-handwashing.md").read_text(encoding="utf-8")
    assert flagged(text, "markdown") == []


def test_unused_footnote_definition_is_found_in_the_source():
    text = "A.[^a]\n\n[^a]: Lee J. Walking. JAMA. 2021;1:2.\n\n[^b]: Park S. Sleep. BMJ. 2022;3:4.\n"
    assert flagged(text, "markdown", "HL403") == ["[^b]: Park S. Sleep. BMJ. 2022;3:4."]


def test_stale_age_counts_from_the_article_date():
    text = "---\ndate: 2020-01-01\n---\nWalking helps [1].\n\n1. Lee J. Walking. JAMA. 2012;1:2.\n"
    assert flagged(text, "markdown", "HL412") == []  # 8 years before the article
    assert flagged(text.replace("2012", "2008"), "markdown", "HL412") == ["2008"]


@pytest.mark.parametrize("fmt, text", [
    ("markdown", "# Knee pain\n\nKnee pain is common. Rest helps.\n\n## Notes\n\nThis article was written for patients. Ask your doctor about new pain.\n\nWe update it when advice changes.\n"),
    ("html", "<h1>Knee pain</h1><p>Knee pain is common. Rest helps.</p><h2>Notes</h2><p>This article was written for patients. Ask your doctor about new pain.</p><p>We update it when advice changes.</p>"),
])
def test_a_notes_heading_over_prose_is_not_a_reference_list(fmt, text):
    """Reference sections are decided by their entries, not by the heading alone (issue 26, item 9)."""
    doc = parse(text, "t", fmt)
    assert citations(doc).section_blocks == [] and citations(doc).references == []
    result = lint_text(text, fmt=fmt)
    assert result.metrics["words"] == 24  # the notes are prose: counted and read
    assert not [f for f in result.findings if f.category == "citations"]


def test_a_notes_heading_over_entries_is_still_a_reference_list():
    text = "Walking helps [1]. Sleep helps [2].\n\n## Notes\n\n1. Lee J, Park S. Walking. JAMA. 2021;325(4):301-309.\n2. Park S, Kim H. Sleep and mood. BMJ.\n"
    refs = citations(parse(text, "t", "markdown")).references
    assert [r.key for r in refs] == ["1", "2"]  # the second has no year: its author list reads as a reference


CLINIC = "Our clinic offers care. We treat back pain. Book an appointment with our team today.\n\n"


@pytest.mark.parametrize(
    ("rule", "sentence"),
    [
        ("HL420", "Studies show that walking lowers blood pressure{cite}."),
        ("HL421", "Nearly 40% of people get back pain{cite}."),
        ("HL504", "Our gel is clinically proven to ease knee pain{cite}."),
        ("HL521", CLINIC + "Nine in ten patients are pain-free after two visits{cite}."),
    ],
)
def test_every_evidence_and_claim_rule_takes_the_same_author_year_citations(rule, sentence):
    """One definition of an inline citation for all of them: "(Lee, 2021a)", the year with a
    letter as APA writes a second paper of the same year, counted for HL420 and the claim
    structure rules but not for HL421 and HL504 while each had its own copy."""
    rules = lambda text: [f.rule for f in lint_text(text, config=Config(select=(rule,))).findings]  # noqa: E731
    assert rules(sentence.format(cite="")) == [rule]
    for cite in (" (Lee, 2021)", " (Lee & Park 2019b)", " (2020)", " [1]", " (Lee, 2021a)"):
        assert rules(sentence.format(cite=cite)) == [], cite
