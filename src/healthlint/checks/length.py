"""HL203 long-sentence, HL204 long-paragraph and HL205 long-section."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from ..analysis.citations import reference_blocks
from ..analysis.readability import BODY_KINDS, body_sentences, sentence_counts
from ..analysis.sentences import WORD
from ..document import Document
from ..engine.finding import Hit
from ..engine.rule import Option, Rule


@lru_cache(maxsize=4096)
def _words_in(text: str) -> int:
    """Words in a block (cached: the paragraph and section rules both count them)."""
    return len(WORD.findall(text))


class LongSentence(Rule):
    code = "HL203"
    name = "long-sentence"
    category = "readability"
    severity = "warning"
    summary = "A sentence is longer than readers can follow easily."
    rationale = (
        "Plain-language guidance for health materials keeps sentences short: on average 15-20 words, "
        "and rarely more than 25. Sentences over `warn_words` are warnings; over `error_words` they are errors. "
        "The bounds follow the audience when they are not set: the patient-strict audience (grade 6) gets 20 "
        "and 30 words; the professional audience has no readability rules."
    )
    source = "CDC Clear Communication Index (item 'sentences'); NIH Clear & Simple; Federal Plain Language Guidelines."
    options = {"warn_words": Option(25, "Words that make a warning."), "error_words": Option(35, "Words that make an error.")}
    pass_examples = ("Take the tablet with food. It can upset your stomach if you take it on its own.",)
    fail_examples = (
        {"text": "If you have been told by your doctor that you have high blood pressure, you should take your medicine every day at the same time even if you feel well, because the pills only work when they are taken regularly and on schedule.",
         "flag": "If you have been told by your doctor that you have high blood pressure, you should take your medicine every day at the same time even if you feel well, because the pills only work when they are taken regularly and on schedule."},
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        warn, error = options["warn_words"], options["error_words"]
        if (warn, error) == (25, 35) and (doc.settings or {}).get("audience") == "patient-strict":
            warn, error = _STRICT  # the defaults, for the audience that needs the shortest sentences
        for sentence in body_sentences(doc):
            count = sentence_counts(doc, sentence).words
            if count <= warn:
                continue
            severity = "error" if count > error else None
            yield Hit.in_block(
                sentence.block, sentence.start, sentence.end,
                f"This sentence has {count} words; aim for under {warn}. Split it in two.",
                severity=severity,
            )


_STRICT = (20, 30)


class LongParagraph(Rule):
    code = "HL204"
    name = "long-paragraph"
    category = "readability"
    severity = "warning"
    summary = "A paragraph is longer than 150 words."
    rationale = "Long paragraphs are hard to scan, above all on phones. Health pages work best with short paragraphs of one idea each (Yoast and plain-language guidance use 150 words)."
    source = "Federal Plain Language Guidelines ('Write short paragraphs'); Yoast paragraph-length assessment."
    options = {"max_words": Option(150, "Words allowed in one paragraph.")}
    pass_examples = ("Short paragraph. " * 20,)
    fail_examples = ("Word " * 160 + "end.",)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        skipped = {id(b) for b in reference_blocks(doc)}
        for block in doc.blocks:
            if block.kind not in ("paragraph", "blockquote") or id(block) in skipped:
                continue
            count = _words_in(block.text)
            if count > options["max_words"]:
                yield Hit.in_block(block, 0, len(block.text), f"This paragraph has {count} words; break it up (at most {options['max_words']}).")


class LongSection(Rule):
    code = "HL205"
    name = "long-section"
    category = "readability"
    severity = "info"
    summary = "More than 300 words go by without a subheading."
    rationale = "Subheadings let readers find what they need. Plain-language guidance asks for many useful headings; Yoast flags stretches of more than 300 words without one."
    source = "Federal Plain Language Guidelines ('Use lots of useful headings'); Yoast subheading-distribution assessment."
    options = {"max_words": Option(300, "Words allowed between headings.")}
    pass_examples = ({"text": "# One\n\n" + "Some words here. " * 50 + "\n\n## Two\n\n" + "More words here. " * 50, "format": "markdown"},)
    fail_examples = ({"text": "# One\n\n" + "Some words here. " * 60 + "\n\n" + "More words here. " * 60, "format": "markdown"},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        skipped = {id(b) for b in reference_blocks(doc)}
        run: list = []
        words = 0

        def report():
            if words > options["max_words"] and run:
                first = run[0]
                yield Hit.in_block(first, 0, len(first.text), f"{words} words follow without a subheading; add one every {options['max_words']} words or so.")

        for block in doc.blocks:
            if block.kind == "heading":
                yield from report()
                run, words = [], 0
            elif block.kind in BODY_KINDS and id(block) not in skipped:
                run.append(block)
                words += _words_in(block.text)
        yield from report()


RULES = (LongSentence, LongParagraph, LongSection)
