"""HL201 reading-grade and HL202 hard-paragraph: reading grade against the audience's target."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..analysis.citations import reference_blocks
from ..analysis.readability import BODY_KINDS, block_scores, document_counts, scores
from ..document import Document
from ..engine.finding import Hit
from ..engine.rule import Option, Rule

_PATIENT = "Patient education materials should be written at or below an 8th-grade reading level (NIH, AMA); critical instructions at grade 6."


def _anchor(doc: Document):
    """Where a whole-document finding is shown: the title heading, else the first block."""
    for block in doc.blocks:
        if block.kind == "heading":
            return block
    return doc.blocks[0] if doc.blocks else None


class ReadingGrade(Rule):
    page_level = True
    code = "HL201"
    name = "reading-grade"
    category = "readability"
    severity = "warning"
    summary = "The article's reading grade is above the audience's target."
    rationale = (
        "The grade is the median of Flesch-Kincaid, Gunning Fog, Coleman-Liau and ARI (and SMOG "
        "from 30 sentences), counted on the body prose. " + _PATIENT + " The target comes from the "
        "audience: patient (8), patient-strict (6); the professional audience turns readability rules off."
    )
    source = "NIH Clear & Simple; AMA Health Literacy and Patient Safety; CDC Clear Communication Index."
    options = {"min_words": Option(100, "Shorter texts are not scored: the formulas need a sample.")}
    pass_examples = (
        "# Wash your hands\n\nWash your hands with soap. Rub them for 20 seconds. Rinse them well. Dry them with a clean towel. "
        "Do this before you eat. Do it after you use the toilet. Do it after you touch a pet. Soap takes germs off your skin. "
        "Water alone does not do as much. Clean hands keep you and your family well. Teach your kids to do it too. "
        "Sing a short song while you wash so you know when to stop. Keep soap near every sink in your home.",
    )
    fail_examples = (
        {"text": "# Managing hypertension\n\n" + "Pharmacological management of essential hypertension necessitates individualized consideration of comorbidities, "
                 "contraindications, and anticipated adherence, particularly among elderly individuals with diminished renal function. " * 5,
         "format": "markdown", "flag": "Managing hypertension"},
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        target = doc.settings.get("target_grade", 8.0)
        counts = document_counts(doc)
        if target is None or counts.words < options["min_words"]:
            return
        grade = scores(counts)["reading_grade"]
        anchor = _anchor(doc)
        if grade is None or anchor is None or grade <= target:
            return
        audience = doc.settings.get("audience", "patient")
        yield Hit.in_block(
            anchor, 0, len(anchor.text),
            f"Reading grade {grade:.1f} is above the target of {target:g} for the {audience} audience; use shorter sentences and plainer words.",
        )


class HardParagraph(Rule):
    code = "HL202"
    name = "hard-paragraph"
    category = "readability"
    severity = "info"
    summary = "A paragraph reads far above the target grade: a hot spot to rewrite first."
    rationale = (
        "A document's grade can hide one dense paragraph. Paragraphs of at least `min_words` words "
        "that score `margin` grades or more above the target are marked, hardest first and at most "
        "`max_reported` of them, so that editors fix the hardest text first. " + _PATIENT
    )
    source = "NIH Clear & Simple; CDC Clear Communication Index."
    options = {
        "margin": Option(4.0, "Grades above the target that make a hot spot."),
        "min_words": Option(40, "Shorter paragraphs are not scored."),
        "max_reported": Option(3, "Only the hardest paragraphs are marked, so the report stays a to-do list."),
    }
    pass_examples = ("Drink water during the day. Carry a bottle with you. Drink more when it is hot or when you exercise. "
                     "Water is the best drink for most people. Milk is good too. Limit soda and juice, since they have a lot of sugar.",)
    fail_examples = ({"text": "Individuals experiencing persistent gastrointestinal symptomatology, including intermittent abdominal discomfort "
                             "and unexplained alterations in bowel habits, should undergo comprehensive diagnostic evaluation, potentially "
                             "encompassing colonoscopy and laboratory investigations, to exclude inflammatory or malignant pathology. "
                             "Surveillance intervals are subsequently determined by histopathological characteristics and individualized risk stratification."},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        target = doc.settings.get("target_grade", 8.0)
        if target is None:
            return
        skipped = {id(b) for b in reference_blocks(doc)}
        hot = []
        for block in doc.blocks:
            if block.kind not in BODY_KINDS or id(block) in skipped:
                continue
            counts, values = block_scores(doc, block)
            grade = values["reading_grade"]
            if counts.words < options["min_words"] or grade is None or grade < target + options["margin"]:
                continue
            hot.append((grade, block))
        hot.sort(key=lambda item: -item[0])
        for grade, block in hot[: options["max_reported"]]:
            yield Hit.in_block(block, 0, len(block.text), f"This paragraph reads at grade {grade:.1f} (target {target:g}); it is the place to simplify first.")


RULES = (ReadingGrade, HardParagraph)
