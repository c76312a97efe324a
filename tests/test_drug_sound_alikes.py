"""HL142 on look-alike drug names (issue 22): the pairs in rules/lists/drug-sound-alikes.yaml,
decided by what each drug is used for."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from healthlint import lint_text
from healthlint.config import Config
from healthlint.grammar.vocabulary import Vocabulary
from healthlint.packs import word_lists

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _findings(text: str, rules: tuple[str, ...] = ("HL142",)):
    return lint_text(text, fmt="text", config=Config(select=rules)).findings


def _flagged(text: str) -> list[str]:
    return [text[f.start : f.end] for f in _findings(text)]


def test_the_wrong_drug_for_blood_pressure_is_flagged_with_the_right_one():
    text = "Take hydroxyzine twice a day to lower your blood pressure."
    (finding,) = _findings(text)
    assert text[finding.start : finding.end] == "hydroxyzine"
    assert finding.suggestions == ("hydralazine",)
    assert "hydralazine" in finding.message and "itching" in finding.message


def test_the_right_drug_for_its_use_is_left_alone():
    assert _flagged("Take hydroxyzine twice a day for the itching from your hives.") == []
    assert _flagged("Hydralazine relaxes blood vessels and lowers blood pressure.") == []


def test_no_cue_either_way_is_left_alone():
    assert _flagged("Take hydroxyzine twice a day with water.") == []


def test_a_cue_in_the_next_sentence_counts_but_one_weak_cue_does_not():
    assert _flagged("She was started on cycloserine in March. It stops her body rejecting the transplanted kidney.") == ["cycloserine"]
    assert _flagged("He takes hydralazine each morning. His skin is itchy.") == []  # one neighbouring cue: weight 1


def test_a_drug_in_several_pairs_is_checked_against_each():
    # chlorpromazine is confused with chlorpropamide (FDA) and chlordiazepoxide (ISMP)
    assert _findings("Chlorpromazine lowers blood sugar in type 2 diabetes.")[0].suggestions == ("Chlorpropamide",)
    assert _findings("Chlorpromazine eases alcohol withdrawal.")[0].suggestions == ("Chlordiazepoxide",)


def test_brand_names_keep_their_capital_in_the_suggestion():
    (finding,) = _findings("My heartburn eased once I started prozac.")
    assert finding.suggestions == ("Prilosec",)


def test_side_effects_negations_and_both_names_are_left_alone():
    assert _flagged("Metformin can give you an upset stomach, and bupropion may cause anxiety.") == []
    assert _flagged("Buspirone won't help you quit smoking.") == []
    assert _flagged("Hydralazine treats blood pressure; hydroxyzine treats itching.") == []
    assert _flagged("Side effects of hydroxyzine include low blood pressure.") == []


def test_possessive_and_capitalised_forms_are_read():
    text = "Hydroxyzine's main use here is to bring blood pressure down."
    (finding,) = _findings(text)
    assert finding.suggestions == ("Hydralazine",)


def test_every_pair_names_listed_drugs_with_cues_and_a_source():
    lists = word_lists("drug-sound-alikes")
    drugs = lists["drugs"]
    for pair in lists["pairs"]:
        a, b = pair["names"]
        assert a in drugs and b in drugs and a != b
        assert pair["source"] in ("fda", "ismp")
        assert drugs[a]["cues"] and drugs[b]["cues"] and drugs[a]["is"] and drugs[b]["is"]
    paired = {name for pair in lists["pairs"] for name in pair["names"]}
    assert paired == set(drugs)  # no drug without a pair, no pair member without cues


def test_spelling_accepts_every_drug_name():
    vocabulary = Vocabulary()
    for drug, entry in word_lists("drug-sound-alikes")["drugs"].items():
        assert vocabulary.knows(drug), drug
        assert vocabulary.knows(entry.get("name", drug.capitalize())), drug
    text = "Ask about klonopin, celexa, nexavar, sandimmune and acetohexamide."
    assert [f for f in _findings(text, ("HL151",))] == []


def _rows(name: str):
    for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            family, kind, text, flag = (line.split("\t") + [""])[:4]
            yield kind, text, flag


def _half(text: str) -> str:  # bench/eval_grammar.py half_of
    return "test" if hashlib.sha1(text.encode("utf-8")).digest()[0] % 2 else "tune"


@pytest.mark.parametrize("half", ["tune", "test"])
def test_sentences_written_before_tuning(half):
    # Regression bars at the measured figures (test half 25/25 found, 0/24 flagged; tune half
    # 16/17, 0/18): a drop means a cue or the scoring changed for the worse.
    found = errors = flagged = cleans = 0
    for kind, text, flag in _rows("drug_sound_alikes.tsv"):
        if _half(text) != half:
            continue
        hits = _flagged(text)
        if kind == "error":
            errors += 1
            found += flag in hits
        else:
            cleans += 1
            flagged += bool(hits)
    assert errors >= 17 and cleans >= 18
    assert found >= errors - 1
    assert flagged == 0


@pytest.mark.parametrize("text", [
    "Bleeding gums can happen with nifedipine.",
    "Irregular periods are common with methylprednisolone.",
    "Weight gain and low blood pressure are possible with clonazepam.",
    "Tell the pharmacist about any hydralazine you take; a rash or joint pain can be a warning sign.",
])
def test_a_side_effect_or_a_name_given_no_use_is_not_a_wrong_drug(text):
    """Shapes a reviewer wrote after the rule was tuned: the cue words of the other drug are
    there, but the sentence names a side effect ("common with") or links the drug to no use."""
    assert _flagged(text) == []


def test_many_mentions_in_one_sentence_stay_linear():
    import time

    started = time.perf_counter()
    _flagged("Take hydroxyzine for itching and " * 1500 + "rest.")
    assert time.perf_counter() - started < 5
