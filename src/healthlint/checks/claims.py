"""Claims that depend on context: HL504, HL505 and HL509."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..analysis.readability import body_sentences
from ..document import Document
from ..engine.finding import Hit
from ..engine.rule import Rule
from ..packs import list_pattern
from .evidence import _cited

_FTC = "FTC Health Products Compliance Guidance (2022)."


def pattern(key: str) -> re.Pattern:
    return list_pattern("claims", key)


def _about_supplements(doc: Document) -> bool:
    supplements = pattern("supplement_words")
    hits = sum(1 for b in doc.blocks for _ in supplements.finditer(b.text))
    title = doc.title or ""
    return hits >= 2 or bool(supplements.search(title))


class EstablishmentClaim(Rule):
    code = "HL504"
    name = "establishment-claim"
    category = "claims"
    severity = "warning"
    summary = "'Clinically proven', 'doctor recommended' and similar claims with no citation."
    rationale = "Saying a product is clinically proven or doctor recommended is an establishment claim: the FTC expects the study behind it. Cite it in the same sentence, or drop the claim."
    source = _FTC
    pass_examples = ("The gel is clinically proven to ease knee pain [1].\n\n1. Lee J. Gel for knee pain. JAMA. 2021;1:2.",)
    fail_examples = ({"text": "Our gel is clinically proven to ease knee pain.", "flag": "clinically proven"}, "A doctor-recommended formula for sleep.")

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        claims = pattern("establishment_claims")
        for sentence in body_sentences(doc):
            match = claims.search(sentence.text)
            if match and not _cited(doc, sentence):
                yield Hit.in_block(sentence.block, sentence.start + match.start(), sentence.start + match.end(), f"'{match.group(0)}' needs the study behind it, cited in the same sentence.")


class FdaApprovedSupplement(Rule):
    code = "HL505"
    name = "fda-approved-supplement"
    category = "claims"
    severity = "error"
    summary = "A dietary supplement is called 'FDA approved'."
    rationale = "The FDA does not approve dietary supplements before they are sold. Calling one 'FDA approved' (or 'FDA certified' or 'registered') is false. Drugs and devices can be approved or cleared; the rule only fires in sentences about supplements, or on pages about them."
    source = "FDA, 'FDA 101: Dietary Supplements'; 'Misleading claims: FDA registration and certification'."
    pass_examples = ("Metformin is an FDA-approved drug for type 2 diabetes.",)
    fail_examples = ({"text": "Our turmeric supplement is FDA approved.", "flag": "FDA approved"},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        approved, supplements = pattern("fda_approved"), pattern("supplement_words")
        page_about_supplements = None
        for sentence in body_sentences(doc):
            match = approved.search(sentence.text)
            if not match:
                continue
            if not supplements.search(sentence.text):
                if page_about_supplements is None:
                    page_about_supplements = _about_supplements(doc)
                if not page_about_supplements or re.search(r"\b(?:drugs?|medicines?|devices?|vaccines?|tests?)\b", sentence.text, re.IGNORECASE):
                    continue
            yield Hit.in_block(sentence.block, sentence.start + match.start(), sentence.start + match.end(), "The FDA does not approve dietary supplements; remove the claim.")


class SupplementDisclaimer(Rule):
    code = "HL509"
    name = "supplement-disclaimer"
    category = "claims"
    severity = "warning"
    summary = "A supplement structure/function claim without the FDA disclaimer."
    rationale = "A claim that a supplement 'supports immune health' or 'promotes joint comfort' must carry the disclaimer 'These statements have not been evaluated by the Food and Drug Administration. This product is not intended to diagnose, treat, cure, or prevent any disease.'"
    source = "21 U.S.C. 343(r)(6); 21 CFR 101.93(c); FDA, 'Structure/Function Claims'."
    pass_examples = (
        "Our vitamin D supplement supports bone health.* \n\n*These statements have not been evaluated by the Food and Drug Administration. This product is not intended to diagnose, treat, cure, or prevent any disease.",
        "Exercise supports heart health.",
    )
    fail_examples = ({"text": "Our herbal supplement supports immune health and boosts energy.", "flag": "supports immune health"},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        claims = pattern("structure_function")
        disclaimer = pattern("disclaimer_structure_function")
        if any(disclaimer.search(b.text) for b in doc.blocks):
            return
        supplements = pattern("supplement_words")
        about = None
        for sentence in body_sentences(doc):
            match = claims.search(sentence.text)
            if not match:
                continue
            if not supplements.search(sentence.text):
                if about is None:
                    about = _about_supplements(doc)
                if not about:
                    continue
            yield Hit.in_block(sentence.block, sentence.start + match.start(), sentence.start + match.end(),
                               "A supplement structure/function claim needs the FDA disclaimer on the page.")
            return  # one finding per page: the fix is one disclaimer


RULES = (EstablishmentClaim, FdaApprovedSupplement, SupplementDisclaimer)
