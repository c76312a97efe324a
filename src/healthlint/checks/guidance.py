"""HL524 contradicts-guidance: advice that public-health guidance says not to follow."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..analysis import parse as parsing
from ..analysis.guidance import _frames, contradictions
from ..analysis.readability import body_sentences
from ..document import Document
from ..engine.finding import Hit
from ..engine.rule import Rule

# Longer "sentences" are lists or tables that lost their punctuation: not parsed (as ParsedRule).
_LONGEST = 2000


class ContradictsGuidance(Rule):
    code = "HL524"
    name = "contradicts-guidance"
    category = "claims"
    severity = "warning"
    summary = "Advice that contradicts public-health guidance ('take antibiotics for a cold', 'tilt your head back for a nosebleed')."
    rationale = (
        "Some advice repeated on health pages is what public-health bodies tell people not to do: antibiotics "
        "for colds, honey for babies, aspirin for children, butter on burns, tilting the head back for a "
        "nosebleed, doubling a missed dose. The rule reads each piece of advice by its structure (an action, "
        "its object and the situation: rules/lists/guidance.yaml, each entry with its source and licence), so "
        "its wording may vary; advice that is negated ('never give aspirin to children'), called a myth, "
        "reported as a belief, asked as a question or limited to where it is right ('bacterial') is correct "
        "guidance and stays quiet. With the parser extra, the action and its object must be linked in one clause "
        "and a negation must belong to that clause. The message gives the guidance and where it comes from."
    )
    source = "CDC, NIH/MedlinePlus and FDA pages (U.S. government works, public domain); NHS website (Open Government Licence v3.0); see rules/lists/guidance.yaml."
    pass_examples = (
        "Never give aspirin to children or teenagers.",
        "Do not tilt your head back during a nosebleed; lean forward instead.",
        "Antibiotics do not work on colds and flu, which are caused by viruses.",
        "It is a myth that vaccines cause autism.",
        "Your doctor may prescribe antibiotics if a cold leads to a bacterial infection.",
    )
    fail_examples = (
        {"text": "When your little one has a cold, antibiotics will clear it up in a day or two.", "flag": "antibiotics will clear"},
        {"text": "For a nosebleed, tilt your head back and wait.", "flag": "tilt your head"},
        {"text": "A dab of honey on the dummy will settle a newborn.", "flag": "dab of honey"},
        "If you missed yesterday's tablet, take two today to make up for it.",
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        screen = _frames()[2]
        candidates = [s for s in body_sentences(doc) if s.end - s.start <= _LONGEST and screen.search(s.text)]
        if not candidates:
            return
        if parsing.available():
            # Parse only sentences that hold the advice, negated or not: the parse decides
            # whether the action and its object share a clause and whether a negation is theirs.
            advice = [s for s in candidates if contradictions(s.text, negation=False)]
            parses = parsing.parses(doc, advice) if advice else {}
            found = {id(s): contradictions(s.text, parses.get(parsing.key(s))) for s in advice}
        else:
            found = {id(s): contradictions(s.text) for s in candidates}
        flagged = [s for s in candidates if found.get(id(s))]
        for sentence in flagged:
            for item in found[id(sentence)]:
                entry = item.entry
                yield Hit.in_block(sentence.block, sentence.start + item.start, sentence.start + item.end,
                                   f"This advice contradicts public-health guidance: {entry.guidance} ({entry.source}: {entry.url})")


RULES = (ContradictsGuidance,)
