"""HL524 contradicts-guidance, HL307's spread test and the unit checks of issue 23."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

from healthlint import lint_text
from healthlint.analysis import parse as parsing
from healthlint.config import Config, RuleSettings
from healthlint.packs import word_lists

BENCH = Path(__file__).resolve().parents[1] / "bench" / "eval_guidance.py"


def _eval():
    spec = importlib.util.spec_from_file_location("eval_guidance", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_guidance"] = module
    spec.loader.exec_module(module)
    return module


def flagged(text: str, code: str = "HL524", fmt: str = "text", **options) -> list[str]:
    config = Config(select=(code,), rules={code: RuleSettings(options=options)} if options else {})
    result = lint_text(text, fmt=fmt, config=config)
    assert not result.errors, result.errors
    lines = text.split("\n")
    return [lines[f.line - 1][f.column - 1 : f.end_column - 1] for f in result.findings if f.line == f.end_line]


def test_every_entry_has_a_source_url_and_licence():
    entries = word_lists("guidance")["entries"]
    assert 15 <= len(entries) <= 30
    for entry in entries:
        assert entry["objects"] and entry["actions"] and entry["guidance"], entry["id"]
        assert str(entry["url"]).startswith("https://") and any(d in entry["url"] for d in ("cdc.gov", "nih.gov", "medlineplus.gov", "fda.gov", "nhs.uk")), entry["id"]
        assert "public domain" in entry["licence"] or "Open Government Licence" in entry["licence"], entry["id"]


@pytest.mark.parametrize("parser", ["on", "off"])
def test_written_sentences_test_half(parser, monkeypatch):
    if parser == "on" and not parsing.available():
        pytest.skip("the parser extra is not installed")
    if parser == "off":
        monkeypatch.setenv("HEALTHLINT_PARSER", "off")
    hits, positives, false, negatives = _eval().score("test", parser == "on", False)
    # Measured: word window 15/18 and 0/25 false, parser 14/18 and 0/25 (test half, as written).
    assert hits / positives >= 0.75
    assert false <= 1


@pytest.mark.parametrize("sentence", [
    "Never give aspirin to children.",
    "Do not tilt your head back if your nose bleeds; lean forward.",
    "Avoid giving honey to babies under 1.",
    "Is it safe to give aspirin to children?",
    "Some people believe vaccines cause autism, but they do not.",
    "Antibiotics can treat strep throat, a bacterial infection, but not colds.",
])
def test_correct_guidance_is_quiet(sentence):
    assert flagged(sentence) == []


@pytest.mark.parametrize("sentence,expected", [
    ("Give your child aspirin when she has a fever.", "Give your child aspirin"),
    ("Tilt your head back to stop a nosebleed.", "Tilt your head"),
    ("Put butter on the burn.", "Put butter"),
])
def test_contradicting_advice_is_flagged_with_its_source(sentence, expected):
    assert flagged(sentence) == [expected]
    result = lint_text(sentence, config=Config(select=("HL524",)))
    assert "https://" in result.findings[0].message


def test_message_names_guidance_and_position_is_exact():
    text = "Knee care\n\nWhen you have a cold, take antibiotics.\n"
    result = lint_text(text, config=Config(select=("HL524",)))
    [finding] = result.findings
    assert (finding.line, finding.column, finding.end_column) == (3, 23, 39)  # 'take antibiotics'
    assert "cdc.gov" in finding.message


def test_medquad_like_statement_of_guidance_is_quiet():
    text = ("Your child should feel better after a couple of days, but the infection might come back "
            "if your child stops taking the antibiotic too early.")
    assert flagged(text) == []


def test_template_phrases_in_every_paragraph_are_stuffing():
    services = ("back pain", "neck pain", "sciatica", "whiplash", "knee pain", "tennis elbow", "shoulder pain", "hip pain", "headaches")
    page = "\n\n".join(f"Massage therapy can be a gentle and proven option for {s}. We work on easing deep muscle tension in people with {s}." for s in services)
    assert len(flagged(page, "HL307")) >= 1
    # One phrase kept in every paragraph is a page that keeps to its subject.
    plain = "\n\n".join(f"{first} raw or undercooked {food} {last}" for first, food, last in (
        ("Never eat", "eggs", "when you are pregnant."), ("Children should not have", "meat", "at parties."),
        ("Germs live in", "chicken", "and spread in kitchens."), ("Wash hands after touching", "fish", "or shellfish."),
        ("Older adults get sicker from", "pork", "than others."), ("Cook food well: even slightly", "burgers", "carry E. coli."),
        ("Restaurants must warn about", "dishes", "on their menus."), ("Pets can also fall ill from", "food", "left out overnight."),
        ("Store leftovers apart from", "beef", "in the fridge.")))
    assert flagged(plain, "HL307") == []


def test_sentence_repeated_word_for_word_is_not_a_template():
    para = "To enlarge the video, click the brackets in the lower right corner of the screen."
    page = "\n\n".join(f"Kidney disease can affect {what}. {para}" for what in ("the heart", "the bones", "the blood", "the skin", "the nerves", "sleep", "mood", "appetite", "energy"))
    assert flagged(page, "HL307") == []


def test_degree_styles():
    assert flagged("A fever is 38C or more.", "HL704") == ["C"]
    assert flagged("A fever is 38 °C or 38°C.", "HL704") == []
    assert flagged("A fever is 38 °C.", "HL704", degree_style="closed") == [" °C"]
    assert flagged("A fever is 38°C.", "HL704", degree_style="spaced") == ["°C"]


def test_spaced_range_before_a_unit():
    assert flagged("Stage 1 is 130 - 139 mm Hg.", "HL701") == [" - "]
    assert flagged("Elevated is 120-129mmHg.", "HL701") == ["129mmHg"]
    assert flagged("Aim for 120 to 129 mm Hg.", "HL701") == []
