"""Citation markers against the reference list: HL401-HL404 and HL407."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..analysis.citations import citations
from ..document import Document
from ..engine.finding import Hit
from ..engine.rule import Option, Rule

_AMA = "AMA Manual of Style, 11th ed., 3.6 (citation numbers: superscript arabic numerals, in order of first citation, after periods and commas, before colons and semicolons)."
_CITED = "Walking helps knee pain.<sup>1</sup>\n<ol><li>Lee J. Walking and knee pain. <i>JAMA</i>. 2021;325(4):301-309.</li></ol>"
_REFS = "\n\n## References\n\n1. Lee J. Walking and knee pain. JAMA. 2021;325(4):301-309.\n2. Park S. Sleep and pain. BMJ. 2022;376:e068.\n"


def _hit(marker, message: str, suggestions=()) -> Hit:
    start, end = marker.span()
    return Hit(start, end, message, tuple(suggestions))


class PlainCitationMarker(Rule):
    code = "HL401"
    name = "plain-citation-marker"
    category = "citations"
    severity = "warning"
    summary = "A citation number is plain text glued to the sentence ('activities.1')."
    rationale = (
        "A number glued to a word or full stop reads as part of the text and breaks search, screen "
        "readers and word counts. In HTML and Markdown make it a superscript (`<sup>1</sup>`) or a "
        "footnote (`[^1]`); in plain text, where superscript is impossible, use brackets: `[1]`."
    )
    source = _AMA
    pass_examples = (
        {"text": "# Pain\n\nExercise helps daily activities.[^1]\n\n[^1]: Lee J. Exercise. JAMA. 2021;1:2.", "format": "markdown"},
        "Exercise helps daily activities [1].\n\n1. Lee J. Exercise. JAMA. 2021;1:2.",
        "Take 2.5 mg. Version 3.1 of the guide is out.",
    )
    fail_examples = ({"text": "Exercise helps daily activities.1 It also helps sleep.", "flag": "1"},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        for marker in citations(doc).markers:
            if marker.style != "plain":
                continue
            number = marker.block.text[marker.start : marker.end]
            if doc.format == "text":
                yield _hit(marker, f"Citation number '{number}' is glued to the text; write it as [{number}].", (f"[{number}]",))
            else:
                yield _hit(marker, f"Citation number '{number}' is plain text; make it a superscript or a footnote.", (f"<sup>{number}</sup>",))


class UnresolvedCitation(Rule):
    code = "HL402"
    name = "unresolved-citation"
    category = "citations"
    severity = "warning"
    summary = "A citation marker points to no entry in the reference list."
    rationale = "Every citation number must lead to a reference, or readers cannot check the claim. A missing list, a deleted entry or a typo in the number all show here."
    source = _AMA
    pass_examples = ({"text": "Walking helps [1]. Sleep helps too [2]." + _REFS, "format": "markdown"},)
    fail_examples = ({"text": "Walking helps [1]. Sleep helps too [3]." + _REFS, "format": "markdown", "flag": "[3]"},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        found = citations(doc)
        keys = {r.key for r in found.references}
        for marker in found.unresolved():
            missing = [k for k in marker.keys if k not in keys]
            what = "no reference list" if not keys else f"no reference {', '.join(missing)}"
            yield _hit(marker, f"Citation {', '.join(missing)} has {what}.")


class UnusedReference(Rule):
    code = "HL403"
    name = "unused-reference"
    category = "citations"
    severity = "warning"
    summary = "A reference-list entry is never cited in the text."
    rationale = "A reference that no sentence cites supports nothing a reader can find. Cite it where it is used, or remove it."
    source = _AMA
    pass_examples = ({"text": "Walking helps [1]. Sleep helps too [2]." + _REFS, "format": "markdown"},)
    fail_examples = ({"text": "Walking helps [1]." + _REFS, "format": "markdown", "flag": "Park S. Sleep and pain. BMJ. 2022;376:e068."},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        found = citations(doc)
        if not found.markers and doc.format == "text":
            return  # plain text with a source list and no numbers: nothing to match against
        for ref in found.unused():
            start, end = ref.span()
            yield Hit(start, end, f"Reference {ref.key} is never cited in the text.")


class CitationOrder(Rule):
    code = "HL404"
    name = "citation-order"
    category = "citations"
    severity = "warning"
    summary = "Citations are not numbered in order of first appearance, or skip a number."
    rationale = "AMA and Vancouver styles number references in the order they are first cited: 1, 2, 3. A first citation of 3 after 1 means a reference is missing or misnumbered."
    source = _AMA
    pass_examples = ({"text": "Walking helps [1]. Sleep helps [2]. Walking again [1]." + _REFS, "format": "markdown"},)
    fail_examples = ({"text": "Walking helps [2]. Sleep helps [1]." + _REFS, "format": "markdown", "flag": "[2]"},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        expected = 1
        seen: set[int] = set()
        for marker in citations(doc).markers:
            if marker.label and not marker.label.isdigit():
                continue  # named footnotes have no order
            reported = False
            for number in marker.numbers:
                if number in seen:
                    continue
                if number > expected and not reported:  # a jump; later, lower numbers follow from it
                    yield _hit(marker, f"Citation {number} is cited first where {expected} was expected; number references in order of first citation.")
                    reported = True
                seen.add(number)
                expected = max(seen) + 1


class CitationPlacement(Rule):
    code = "HL407"
    name = "citation-placement"
    category = "citations"
    severity = "info"
    summary = "A superscript citation sits on the wrong side of punctuation for AMA style."
    rationale = "AMA style puts superscript citation numbers after periods and commas and before colons and semicolons ('pain.1' is right, 'pain1.' is not). Bracketed numbers in Vancouver style go before the punctuation and are not checked."
    source = _AMA
    options = {"style": Option("ama", "Citation style: ama checks placement; vancouver and apa do not.")}
    pass_examples = ({"text": "<p>Walking helps.<sup>1</sup></p>", "format": "html"},)
    fail_examples = ({"text": "<p>Walking helps<sup>1</sup>. Sleep too.</p>", "format": "html", "flag": "1"},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        if options["style"] != "ama":
            return
        for marker in citations(doc).markers:
            if marker.style not in ("superscript", "footnote"):
                continue
            text = marker.block.text
            after = text[marker.end : marker.end + 1]
            before = text[marker.start - 1 : marker.start] if marker.start else ""
            if after in (".", ","):
                yield _hit(marker, f"Put the citation after the '{after}' (AMA style).")
            elif before in (";", ":"):
                yield _hit(marker, f"Put the citation before the '{before}' (AMA style).")


RULES = (PlainCitationMarker, UnresolvedCitation, UnusedReference, CitationOrder, CitationPlacement)
