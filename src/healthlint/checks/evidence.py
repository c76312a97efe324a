"""Claims about evidence that need a source: HL420-HL422."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..analysis import memo
from ..analysis.citations import INLINE_CITATION, citations
from ..analysis.readability import body_sentences
from ..analysis.sentences import Sentence
from ..document import Document
from ..engine.finding import Hit
from ..engine.rule import Option, Rule
from ..packs import list_pattern

_SOURCE = "FTC Health Products Compliance Guidance (2022), 'competent and reliable scientific evidence'; HONcode principle 5 (justifiability); Google Search Quality Rater Guidelines (YMYL)."


def _pattern(key: str) -> re.Pattern:
    return list_pattern("citations", key)


def _markers_by_block(doc: Document) -> dict:
    """Markers grouped by block, so each sentence looks only at its own block's markers."""
    def build() -> dict:
        index: dict = {}
        for marker in citations(doc).markers:
            index.setdefault(id(marker.block), []).append(marker)
        return index

    return memo(doc, "markers_by_block", build)


def _cited_later_in_block(doc: Document, sentence: Sentence) -> bool:
    """A marker, link or bracketed citation after the sentence's start, in the same
    paragraph: "Studies have found... Walking also helps [1]." """
    return _last_citation_in_block(doc, sentence.block) >= sentence.start


def _last_citation_in_block(doc: Document, block) -> int:
    """Where the block's last onward citation starts (-1 if none), computed once per block so
    that a long paragraph of appeals stays linear."""
    key = ("last_citation", id(block))
    if key not in doc.cache:
        # A number glued to a word ("activities.1") is a malformed marker (HL401) that may
        # belong to its own sentence only; brackets, superscripts and footnotes cite onward.
        starts = [m.start for m in _markers_by_block(doc).get(id(block), ()) if m.style != "plain"]
        starts += [m.start for m in block.marks if m.kind == "link"]
        starts += [m.start() for m in INLINE_CITATION.finditer(block.text)]
        doc.cache[key] = max(starts, default=-1)
    return doc.cache[key]


def _cited(doc: Document, sentence: Sentence) -> bool:
    """A citation marker or a link inside the sentence (or right after its full stop)."""
    for marker in _markers_by_block(doc).get(id(sentence.block), ()):
        if sentence.start <= marker.start <= sentence.end + 1:
            return True
    for mark in sentence.block.marks:
        if mark.kind == "link" and sentence.start <= mark.start < sentence.end:
            return True
    return INLINE_CITATION.search(sentence.text) is not None  # (Lee, 2021) or [1]


class UnsupportedEvidenceClaim(Rule):
    code = "HL420"
    name = "unsupported-evidence-claim"
    category = "evidence"
    severity = "warning"
    summary = "'Studies show', 'experts agree' and similar appeals with no citation in their paragraph."
    rationale = "An appeal to research without a source asks readers to take it on trust. Cite the study, guideline or agency in the same sentence or later in the same paragraph, or say what is actually known."
    source = _SOURCE
    pass_examples = (
        "Studies show that walking lowers blood pressure [1].\n\n1. Lee J. Walking. JAMA. 2021;1:2.",
        {"text": "Studies show that walking lowers blood pressure.<sup>1</sup>", "format": "html"},
        {"text": "[Research shows](https://www.nih.gov/x) that sleep helps.", "format": "markdown"},
        "Studies have found that walking eases knee pain. In one trial, pain fell by a third in 12 weeks [2].\n\n2. Lee J. Knee. BMJ. 2020;1:2.",
    )
    fail_examples = (
        {"text": "More and more studies are finding that exercise helps back pain.", "flag": "More and more studies are finding"},
        "Experts agree that this diet works.",
        "Research proves that vitamin C prevents colds.",
        {"text": "Poor gum health has been linked to heart disease. Brush twice a day.", "flag": "has been linked to"},
        {"text": "Scientific evidence proving that the diet works is overwhelming.", "flag": "Scientific evidence proving"},
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        pattern = _pattern("evidence_phrases")
        for sentence in body_sentences(doc):
            match = pattern.search(sentence.text)
            if match and not _cited(doc, sentence) and not _cited_later_in_block(doc, sentence):
                yield Hit.in_block(sentence.block, sentence.start + match.start(), sentence.start + match.end(),
                                   f"'{match.group(0)}' needs a citation in its paragraph.")


# Statistics about people or risk: "40% of adults", "about 30%", "1 in 3", "2 million people".
# A bare "60% alcohol" or "2.5 mg" describes a product or dose, not a population.
_STATISTIC = re.compile(
    r"(?<![\w.])(?:"
    r"(?:about|nearly|almost|around|approximately|roughly|up to|more than|over|less than|fewer than|only|just|some)\s+\d+(?:\.\d+)?\s?(?:%|percent\b)"
    r"|\d+(?:\.\d+)?\s?(?:%|percent)\s+(?:of|percent of)\s"
    r"|\d+ (?:in|out of) (?:\d+|every \d+)\b|(?:one|two|three|four|five) (?:in|out of) (?:two|three|four|five|six|seven|eight|nine|ten|\d+)\b"
    r"|\d+(?:\.\d+)?\s(?:million|billion|thousand)\s(?:people|adults|children|americans|women|men|deaths|cases|patients|kids|teens|babies)\b"
    r"|(?:increases?|raises?|lowers?|reduces?|cuts?|doubles?|halves|triples?) (?:the |your |their |a person's )?(?:risk|chance|odds|rate|likelihood) (?:of [\w\s-]{1,40}? )?by "
    r"(?:about |nearly |almost |more than |up to )?(?:\d+(?:\.\d+)?\s?(?:%|percent|times)|half|a (?:third|quarter|fifth|tenth)|(?:two|three)[- ](?:thirds|quarters|fifths))"
    r"|(?:halves|doubles|triples|quadruples) (?:the |your |their )?(?:risk|chance|odds)"
    r"|(?:millions|billions|tens of thousands|hundreds of thousands) of (?:[\w-]+ ){0,2}?(?:people|adults|children|americans|women|men|patients|deaths|cases)\b"
    # A comparison: "14 and 25 times more likely", "three times as common", "a 30% lower risk",
    # "a 50% reduction"; a range of shares: "from 8% to 90%"; a reported ratio: "a ratio of 1.65",
    # "an odds ratio of 2.1". ("Twice a day", "3 times a week" are doses, not statistics.)
    r"|(?:\d+(?:\.\d+)?|two|three|four|five|six|seven|eight|nine|ten)(?:\s?(?:and|or|to|-|–)\s?\d+(?:\.\d+)?)?(?:\s|-)?(?:times|fold)\s+"
    r"(?:(?:more|less|higher|lower|greater|fewer)(?:\s+(?:likely|common|often))?|as (?:likely|common|many|much|high)|the (?:risk|rate|odds|number))"
    r"|\d+(?:\.\d+)?\s?(?:%|percent)\s+(?:(?:more|less|higher|lower|fewer|greater)(?:\s+(?:risk|rate|chance|odds))?|reduction|increase|decrease|drop|rise|improvement|risk)\b"
    r"|\d+(?:\.\d+)?\s?(?:%|percent)?\s?(?:to|-|–)\s?\d+(?:\.\d+)?\s?(?:%|percent)\s+(?:of|in|among|for)(?=\s)"
    r"|(?:odds |hazard |risk )?ratio (?:of |was |is )?(?:just |only |about |nearly )?\d+(?:\.\d+)?"
    r"|relative risk (?:of |was |is )?\d+(?:\.\d+)?"
    r")",
    re.IGNORECASE,
)


_DIGIT = re.compile(r"\d")
_NUMBER_WORD_RATIOS = tuple(f"{n} {w} " for n in ("one", "two", "three", "four", "five") for w in ("in", "out of")) + (
    " by half", " by a ", "thirds", "quarters", "fifths", "halves", "doubles", "triples", "quadruples", "millions of", "billions of", "thousands of")


def _may_hold_statistic(text: str) -> bool:
    """A quick test that no statistic can match: no digit and no "one in", "two out of"...
    (lower-casing stands in for the pattern's IGNORECASE only in plain ASCII)."""
    if _DIGIT.search(text) or not text.isascii():
        return True
    low = text.lower()
    return any(ratio in low for ratio in _NUMBER_WORD_RATIOS)


class UncitedStatistic(Rule):
    code = "HL421"
    name = "uncited-statistic"
    category = "evidence"
    severity = "info"
    summary = "A statistic (a percentage, '1 in 3', 'X million people', '3 times more likely', a ratio) with no citation nearby."
    rationale = "Numbers persuade, so readers need to know where they come from. Cite a source in the same sentence or the next one, or link to it in the paragraph."
    source = _SOURCE
    options = {"window": Option(1, "Sentences after the statistic that may carry its citation.")}
    pass_examples = (
        "About 1 in 3 adults has high blood pressure [1].\n\n1. CDC. High blood pressure facts. 2023. Accessed May 1, 2024. https://www.cdc.gov/bp",
        "Take 2 tablets.",
        "Use a hand sanitizer with at least 60% alcohol.",
        "Take the tablets three times a day with food.",
        "Apply the 1% cream 2 times daily for 7 to 10 days.",
    )
    fail_examples = (
        {"text": "About 1 in 3 adults has high blood pressure. Many do not know it.", "flag": "1 in 3"},
        "Nearly 40% of people get back pain.",
        {"text": "Quitting smoking cuts the risk of a stroke by a third within five years.", "flag": "cuts the risk of a stroke by a third"},
        {"text": "Asthma affects one in four adults in some cities.", "flag": "one in four"},
        {"text": "Gum disease doubles the risk of heart trouble.", "flag": "doubles the risk"},
        {"text": "Smokers are 14 and 25 times more likely to die of lung cancer.", "flag": "14 and 25 times more likely"},
        {"text": "Weight loss was linked to a 30% lower risk of diabetes.", "flag": "30% lower risk"},
        {"text": "Relief was reported by 8% to 90% of patients across the trials.", "flag": "8% to 90% of"},
        {"text": "The omega-6 to omega-3 ratio of just 1.65 is ideal.", "flag": "ratio of just 1.65"},
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        items = body_sentences(doc)
        for i, sentence in enumerate(items):
            match = _STATISTIC.search(sentence.text) if _may_hold_statistic(sentence.text) else None
            if not match:
                continue
            if any(_cited(doc, s) for s in items[i : i + 1 + options["window"]] if s.block is sentence.block):
                continue
            if any(m.kind == "link" for m in sentence.block.marks):
                continue
            yield Hit.in_block(sentence.block, sentence.start + match.start(), sentence.start + match.end(),
                               f"Statistic '{match.group(0)}' has no citation nearby.")


class PreclinicalEvidence(Rule):
    code = "HL422"
    name = "preclinical-evidence"
    category = "evidence"
    severity = "warning"
    summary = "A claim rests on animal or test-tube studies but is presented as if it applied to people."
    rationale = "Results in mice or cells often fail in people. Say that the evidence comes from animal or lab studies and that it has not been shown in people."
    source = _SOURCE + " FDA: 'Beware of fraudulent health products'."
    pass_examples = (
        "In mice, the compound slowed tumor growth, but it has not been tested in people.",
        "Turmeric reduced swelling in lab studies; human studies are under way.",
    )
    fail_examples = (
        {"text": "Studies in mice show that turmeric fights cancer, so you should add it to every meal.", "flag": "Studies in mice show that turmeric fights cancer, so you should add it to every meal."},
        "Test-tube studies prove that garlic kills infections.",
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        marker, claim, qualifier = _pattern("preclinical_markers"), _pattern("human_claims"), _pattern("preclinical_qualifiers")
        for sentence in body_sentences(doc):
            text = sentence.text
            if marker.search(text) and claim.search(text) and not qualifier.search(text):
                yield Hit.in_block(sentence.block, sentence.start, sentence.end, "Evidence from animal or lab studies is presented as if it applied to people; say so, or cite human studies.")


RULES = (UnsupportedEvidenceClaim, UncitedStatistic, PreclinicalEvidence)
