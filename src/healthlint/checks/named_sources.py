"""HL414 unreferenced-source: a study or guideline named in the text with no reference."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..analysis.readability import body_sentences
from ..document import Document
from ..engine.finding import Hit
from ..engine.rule import Rule
from ..packs import list_pattern
from .evidence import _cited, _cited_later_in_block


class UnreferencedSource(Rule):
    code = "HL414"
    name = "unreferenced-source"
    category = "citations"
    severity = "warning"
    summary = "A study or guideline is named by where it appeared ('a study published in the Journal of Nutrition') but not referenced."
    rationale = (
        "Naming the journal or the year tells readers a source exists but not which one, and they cannot check it. "
        "AMA style lists every source cited in the text in the reference list and marks it where it is used; a link "
        "to the study does as well. The rule is satisfied by a citation marker, an author-year citation or a link in "
        "the sentence or later in its paragraph."
    )
    source = "AMA Manual of Style, 11th ed., 3.1 (references) and 3.6 (citation in text)."
    pass_examples = (
        "A study published in the Journal of Pain found less pain after walking [1].\n\n1. Lee J. Walking and pain. J Pain. 2021;22(3):1-9.",
        {"text": "A [2019 study in JAMA](https://jamanetwork.com/x) found the same.", "format": "markdown"},
        "Ask your doctor which review of the evidence applies to you.",
        "The study published in the spring issue of our newsletter was a review of local research.",
    )
    fail_examples = (
        {"text": "A recent study published in the Journal of Sleep Research found naps help memory.", "flag": "study published in the Journal of Sleep Research"},
        {"text": "According to the 2018 clinical guidelines, most people need no scan for back pain.", "flag": "According to the 2018 clinical guidelines"},
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        pattern = list_pattern("citations", "named_sources")
        for sentence in body_sentences(doc):
            match = pattern.search(sentence.text)
            if match and not _cited(doc, sentence) and not _cited_later_in_block(doc, sentence):
                yield Hit.in_block(sentence.block, sentence.start + match.start(), sentence.start + match.end(),
                                   f"'{match.group(0)}' is named as a source but not referenced: add it to the references and cite it here, or link it.")


RULES = (UnreferencedSource,)
