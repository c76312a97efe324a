"""Claims, person-first language, dosage and units, and trust metadata on whole articles."""

from __future__ import annotations

from conftest import source_slice

from healthlint import lint_text
from healthlint.config import Config, RuleSettings


def found(text: str, fmt: str, select=("claims", "inclusive-language", "units", "metadata"), **config):
    result = lint_text(text, fmt=fmt, config=Config(select=select, **config))
    assert not result.errors
    return {(f.rule, source_slice(text, f.line, f.column, f.end_line, f.end_column)) for f in result.findings}, result.findings


def test_planted_problems_in_the_supplement_sample_are_caught(root):
    text = (root / "samples" / "joint-supplement.html").read_text(encoding="utf-8")
    hits, _ = found(text, "html")
    expected = {
        ("HL501", "cures arthritis"), ("HL503", "no side effects"), ("HL504", "clinically proven"),
        ("HL505", "FDA approved"), ("HL508", "stop taking their medication"), ("HL601", "Arthritics"),
        ("HL605", "elderly people"), ("HL701", "500mg"), ("HL702", ".5 g"), ("HL703", "QD"), ("HL704", "ml"),
        ("HL808", "Call us"), ("HL809", "SHOCKING Joint Secret Doctors Hate"),
    }
    assert expected <= hits, expected - hits
    rules = {rule for rule, _ in hits}
    assert {"HL802", "HL803", "HL805", "HL509"} <= rules


def test_clean_sample_stays_clean(root):
    text = (root / "samples" / "clean-handwashing.md").read_text(encoding="utf-8")
    _, findings = found(text, "markdown", select=None)
    assert findings == []


def test_sufferers_in_the_user_example_get_a_person_first_suggestion():
    text = "Chronic pain sufferers shouldn’t just jump in to an exercise routine.\n"
    _, findings = found(text, "text", select=("HL602",))
    [f] = findings
    assert source_slice(text, f.line, f.column, f.end_line, f.end_column) == "Chronic pain sufferers"
    assert f.suggestions == ("People with chronic pain",)


def test_clinical_terms_are_not_person_first_problems():
    hits, _ = found("Depression and insomnia are common. Bipolar disorder is treatable. A diabetic foot ulcer needs care.", "text", select=("inclusive-language",))
    assert hits == set()


def test_allow_list_accepts_identity_first_terms():
    text = "Many autistic adults and the deaf community use these terms."
    hits, _ = found(text, "text", select=("HL608",))
    assert {rule for rule, _ in hits} == {"HL608"}
    hits, _ = found(text, "text", select=("HL608",), rules={"HL608": RuleSettings(options={"allow": ["autistic adults", "the deaf"]})})
    assert hits == set()


def test_metadata_findings_on_plain_text_are_info_only():
    _, findings = found("Knee pain\n\nRest your knee.\n", "text", select=("metadata",))
    assert findings and {f.severity for f in findings} == {"info"}
    _, findings = found("---\ntitle: Knee pain\n---\n\n# Knee pain\n\nRest your knee.\n", "markdown", select=("HL801",))
    assert [f.severity for f in findings] == ["warning"]


def test_json_ld_supplies_author_reviewer_and_dates():
    html = """<html><head><title>Knee pain</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "MedicalWebPage",
 "author": {"@type": "Person", "name": "Lee Chen", "honorificSuffix": "RN"},
 "reviewedBy": {"@type": "Person", "name": "Priya Nair, MD"},
 "datePublished": "2025-01-10", "lastReviewed": "2025-06-01"}</script></head>
<body><h1>Knee pain</h1><p>Talk with your doctor before you start.</p></body></html>"""
    _, findings = found(html, "html", select=("HL801", "HL802", "HL803", "HL804", "HL806"))
    assert findings == []


def test_contradictory_dates_point_at_the_front_matter_key():
    text = "---\ntitle: Knee pain\ndate: 2025-05-01\nupdated: 2024-01-01\n---\n\n# Knee pain\n"
    hits, _ = found(text, "markdown", select=("HL806",))
    assert hits == {("HL806", "updated: 2024-01-01")}
