"""HL110 repeated-word: the same word twice in a row ("the the")."""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Iterable, Mapping
from typing import Any

from ..document import Document
from ..engine.finding import Hit
from ..analysis.syllables import _lookup
from ..engine.rule import Option, Rule

# \w++ (possessive): a shorter part of a word could never be followed by the space, so
# the engine need not try one.
_REPEAT = re.compile(r"(?<![\w'’])(\w++)\s+(\1)(?![\w'’])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    from ..packs import word_lists

    words = word_lists("english")["agreement_words"]  # determiners, prepositions, conjunctions: never a heading's last word
    return frozenset(words["singular_determiners"] + words["plural_determiners"] + words["any_determiners"] + words["prepositions"] + words["subordinators"]) | {"and", "or", "but"}


class RepeatedWord(Rule):
    fix = "safe"
    code = "HL110"
    name = "repeated-word"
    category = "grammar"
    severity = "warning"
    summary = "The same word appears twice in a row."
    rationale = (
        "A doubled word ('the the', 'to to') is almost always an editing slip that readers notice "
        "and that makes a health page look unreviewed. Some doublings are correct English "
        "('had had', 'that that'); they are listed in the `allowed` option."
    )
    source = "General copy-editing practice."
    options = {"allowed": Option(["had", "that", "is", "bye", "so", "very", "no", "knock", "tut", "ha"], "Words that may be doubled on purpose.")}
    pass_examples = ("Loa loa is a parasitic worm.", "Exercise helps your back.", "She had had enough.", "The pain is, is it not, worse at night?", "What helps Helps for back pain", "Surgery Surgery is one option.")
    fail_examples = ({"text": "Take the the tablet with food.", "flag": "the the"}, "Stretch to to warm up.",
                     {"text": "Read the The leaflet first.", "flag": "the The"})

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        allowed = {w.lower() for w in options["allowed"]}
        for block in doc.blocks:
            for match in _REPEAT.finditer(block.text):
                word, again = match.group(1), match.group(2)
                if word.lower() in allowed or word.isdigit():
                    continue
                if again[:1].isupper() and not (word[:1].islower() and word.lower() in _function_words()):
                    continue  # "Polyps Polyps are...": a heading or label run into the text; "the The" is a slip
                if word[:1].isupper() and _lookup(word.lower()) is None:
                    continue  # "Loa loa", "Bora Bora": a name that doubles itself
                yield Hit.in_block(block, match.start(), match.end(), f"'{word}' is repeated.", (word,))


RULES = (RepeatedWord,)
