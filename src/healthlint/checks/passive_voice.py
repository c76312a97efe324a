"""HL206 passive-voice: too many sentences in the passive voice."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from ..analysis.readability import body_sentences
from ..document import Document
from ..engine.finding import Hit
from ..engine.rule import Option, Rule
from ..packs import word_lists


@lru_cache(maxsize=1)
def _passive() -> re.Pattern:
    lists = word_lists("english")
    be = "|".join(re.escape(w).replace("'", "['’]") for w in lists["be_forms"] if not w.startswith("'"))
    irregular = "|".join(lists["irregular_participles"])
    # be/get, up to two adverbs ("is often not"), then a participle
    return re.compile(
        rf"\b(?:{be})\s+(?:(?:not|never|often|usually|always|also|sometimes|commonly|rarely|still|now|then|being|already|mostly|only|typically|generally|widely|frequently)\s+){{0,2}}"
        rf"(\w+ed|{irregular})\b",
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _adjectives() -> frozenset[str]:
    return frozenset(word_lists("english")["participle_adjectives"])


@lru_cache(maxsize=16384)  # a sentence repeated across articles is read once (see SentenceRule)
def passive_spans(text: str) -> tuple[tuple[int, int], ...]:
    spans = []
    for match in _passive().finditer(text):
        participle = match.group(1).lower()
        if participle in _adjectives() or len(participle) < 4 and participle not in ("led", "fed", "cut", "hit", "put", "set", "met", "let"):
            continue
        spans.append(match.span())
    return tuple(spans)


class PassiveVoice(Rule):
    code = "HL206"
    name = "passive-voice"
    category = "readability"
    severity = "info"
    summary = "More than 10% of sentences are in the passive voice; each one is marked."
    rationale = (
        "Active sentences say who does what ('Take the pill', not 'The pill should be taken'), which "
        "matters for instructions. Some passives are right, so the rule only fires when more than "
        "`max_share` of sentences are passive, and then marks each one. Detection is a form of 'be' or "
        "'get' followed by a past participle; common adjectives ('tired', 'worried') are left alone."
    )
    source = "Federal Plain Language Guidelines ('Use active voice'); CDC Clear Communication Index; Yoast passive-voice assessment (10%)."
    options = {"max_share": Option(0.10, "Share of passive sentences allowed before each is marked.")}
    pass_examples = ("Take one tablet each morning. Drink a full glass of water with it. Call us if you feel sick. You were tired after the visit.",)
    fail_examples = (
        {"text": "The tablet should be taken each morning. Water is needed with it. Your doctor will call you.", "flag": "be taken"},
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        sentences = body_sentences(doc)
        found = []
        for sentence in sentences:
            spans = passive_spans(sentence.text)
            if spans:
                found.append((sentence, spans[0]))
        if not sentences or len(found) / len(sentences) <= options["max_share"]:
            return
        share = round(100 * len(found) / len(sentences))
        for sentence, (s, e) in found:
            yield Hit.in_block(
                sentence.block, sentence.start + s, sentence.start + e,
                f"Passive voice ({share}% of sentences are passive); say who does what.",
            )


RULES = (PassiveVoice,)
