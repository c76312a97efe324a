"""Sentence splitting, syllables, formulas, metrics in the report and audience targets."""

from __future__ import annotations

import json
import socket

import pytest

from healthlint import lint_text
from healthlint.analysis.readability import Counts, document_counts, metrics, scores
from healthlint.analysis.sentences import sentences
from healthlint.analysis.syllables import syllables
from healthlint.config import Config
from healthlint.document import parse


def split(text: str, fmt: str = "text") -> list[str]:
    return [s.text for s in sentences(parse(text, "t", fmt))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Dr. Lee saw me. I felt better.", ["Dr. Lee saw me.", "I felt better."]),
        ("Take 2.5 mg. Then rest.", ["Take 2.5 mg.", "Then rest."]),
        ("Take 2.5 mg daily with food.", ["Take 2.5 mg daily with food."]),
        ("Stop now. Call 911.", ["Stop now.", "Call 911."]),
        ("Eat fruit, e.g. apples. Drink water.", ["Eat fruit, e.g. apples.", "Drink water."]),
        ("It was 9 a.m. when we left. We came back.", ["It was 9 a.m. when we left.", "We came back."]),
        ("Wait... then breathe. Relax.", ["Wait... then breathe.", "Relax."]),
        ("See Fig. 2 for the dose.", ["See Fig. 2 for the dose."]),
        ("It helps daily activities.1 Exercise also helps.", ["It helps daily activities.1", "Exercise also helps."]),
        ("Is it safe? Yes! Ask first.", ["Is it safe?", "Yes!", "Ask first."]),
    ],
)
def test_sentence_probes(text, expected):
    assert split(text) == expected


def test_blank_line_and_headings_end_sentences():
    md = "# Care at home\n\nRest your leg\n\nUse ice for 20 minutes\n\n- Keep it raised\n- Take breaks\n"
    assert split(md, "markdown") == ["Care at home", "Rest your leg", "Use ice for 20 minutes", "Keep it raised", "Take breaks"]


@pytest.mark.parametrize("word, count", [
    ("colonoscopy", 5), ("atorvastatin", 5), ("metoprolol", 4), ("gastroenteritis", 6), ("exercise", 3),
    ("the", 1), ("pioglitazone", 5), ("lisinopril", 4), ("U.S.", 2), ("long-term", 2),
])
def test_syllable_probes(word, count):
    assert syllables(word) == count


def test_counting_never_touches_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network used")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    doc = parse("Metoprolol lowers blood pressure. Take it daily. Ask your doctor about side effects.", "t", "text")
    assert metrics(doc)["syllables"] > 0


def test_coleman_liau_uses_the_published_coefficient():
    c = Counts(sentences=5, words=100, syllables=150, letters=450)
    assert scores(c)["coleman_liau_index"] == pytest.approx(0.0588 * 450 - 0.296 * 5 - 15.8, abs=0.01)


def test_formulas_from_counts_match_the_published_formulas():
    c = Counts(sentences=10, words=150, syllables=210, letters=640, polysyllables=15, complex_words=12, difficult_words=9)
    s = scores(c)
    assert s["flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * 15 - 84.6 * 1.4, abs=0.01)
    assert s["flesch_kincaid_grade"] == pytest.approx(0.39 * 15 + 11.8 * 1.4 - 15.59, abs=0.01)
    assert s["gunning_fog"] == pytest.approx(0.4 * (15 + 100 * 12 / 150), abs=0.01)
    assert s["automated_readability_index"] == pytest.approx(4.71 * 640 / 150 + 0.5 * 15 - 21.43, abs=0.01)
    assert s["smog_index"] == pytest.approx(1.043 * (15 * 30 / 10) ** 0.5 + 3.1291, abs=0.01)
    assert s["dale_chall"] == pytest.approx(0.1579 * 6 + 0.0496 * 15 + 3.6365, abs=0.01)


def test_smog_is_never_given_for_one_sentence_and_is_noted_below_thirty():
    result = lint_text("Regular exercise strengthens the muscles around painful joints.", fmt="text")
    assert result.metrics["smog_index"] is None
    assert any("smog_index is unreliable" in note for note in result.metrics["notes"])
    assert result.metrics["reading_grade"] is not None


def test_metrics_keys_in_the_json_report():
    result = lint_text("# Title\n\nWalk every day. It helps your heart.\n", fmt="markdown")
    keys = {"words", "sentences", "syllables", "flesch_reading_ease", "flesch_kincaid_grade", "smog_index", "gunning_fog",
            "coleman_liau_index", "automated_readability_index", "dale_chall", "reading_grade"}
    assert keys <= set(json.loads(json.dumps(result.to_json()))["metrics"])
    assert result.metrics["sentences"] == 2  # the heading is not scored


def test_reference_list_is_not_scored():
    body = "Walk every day. It helps your heart.\n\n## References\n\n1. Lee J, Park S. Walking and cardiovascular outcomes in older adults. JAMA. 2021;325(4):301-309.\n"
    doc = parse(body, "t.md", "markdown")
    assert document_counts(doc).sentences == 2


HARD = ("# Blood pressure\n\n" + "Antihypertensive pharmacotherapy necessitates individualized consideration of comorbidities and "
        "anticipated adherence, particularly among elderly individuals with diminished renal function. " * 6)
MIDDLE = ("# Sleep\n\n" + "Most adults need seven or more hours of sleep each night to stay healthy. Try to go to bed "
          "at the same time every night, including on weekends and holidays. " * 6)


def grade_findings(text: str, **config) -> list:
    result = lint_text(text, fmt="markdown", config=Config(select=("HL201",), **config))
    return [f for f in result.findings if f.rule == "HL201"]


def test_audience_profiles_set_the_target():
    assert grade_findings(HARD)  # patient: grade 8
    assert not grade_findings(MIDDLE)
    assert grade_findings(MIDDLE, audience="patient-strict")  # grade 6
    assert not grade_findings(HARD, audience="professional")


def test_front_matter_audience_and_command_line_precedence():
    professional = "---\naudience: professional\n---\n" + HARD
    assert not grade_findings(professional)
    assert grade_findings(professional, audience="patient", from_cli=frozenset({"audience"}))


def test_reading_grade_is_reported_on_the_title():
    findings = grade_findings(HARD)
    assert (findings[0].line, findings[0].column, findings[0].end_column) == (1, 3, 17)


def test_dictionary_lookup_takes_each_words_first_pronunciation():
    """The per-prefix tables give, for every word of the dictionary file, the syllables of
    its first line: read here straight from the file."""
    import re

    from healthlint.analysis.syllables import _dictionary, _lookup

    first: dict[str, int] = {}
    for line in _dictionary().decode("utf-8", "ignore").splitlines():
        head, _, phones = line.partition(" ")
        word = head.split("(", 1)[0]
        if word and word not in first:
            first[word] = len(re.findall(r"\d", phones.split("#", 1)[0]))
    assert len(first) > 100_000
    assert all(_lookup(word) == count for word, count in first.items())
    # The file is sorted but for a few entries; those are found too.
    assert _lookup("stilted") == 2 and _lookup("sepultura") == 4
    assert _lookup("") is None and _lookup("zzzq") is None and _lookup("a") == 1
