"""HL124 extra-space: runs of spaces between words, and a space before punctuation."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..document import Document
from ..engine.finding import Hit
from ..engine.rule import Rule

# Two spaces after a full stop are an old typing convention, not a slip: only runs after
# a word, comma or closing bracket are reported.
_RUN = re.compile(r"(?<=[\w,;)\]])( {2,})(?=[\w(\[])")
_BEFORE_PUNCTUATION = re.compile(r"(?<=[A-Za-z)])( +)(?=[,;:.!?](?:\s|$))")
_SPACE_THEN_PUNCTUATION = tuple(" " + mark for mark in ",;:.!?")


class ExtraSpace(Rule):
    fix = "safe"
    code = "HL124"
    name = "extra-space"
    category = "grammar"
    severity = "info"
    summary = "Several spaces between words, or a space before a comma or full stop."
    rationale = (
        "Stray spaces are editing leftovers: they show in plain text and e-mail, and a space "
        "before punctuation can push the mark onto the next line. HTML pages are not checked, "
        "because browsers collapse spaces there and markup is often indented."
    )
    source = "General copy-editing practice."
    pass_examples = ("Rest your knee. Ice it twice a day.", "Rest.  Then ice it.", "Take 0.5 mg, not .5 mg.")
    fail_examples = ({"text": "Rest your  knee every day.", "flag": "  ", "suggestion": " "}, {"text": "Rest your knee , then ice it.", "flag": " ", "suggestion": ""})

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        if doc.format == "html":
            return
        source = doc.source.text
        for block in doc.blocks:
            text = block.text
            for pattern, replacement, message, needs in (
                (_RUN, " ", "Several spaces in a row; use one.", ("  ",)),
                (_BEFORE_PUNCTUATION, "", "Space before punctuation; remove it.", _SPACE_THEN_PUNCTUATION),
            ):
                if not any(part in text for part in needs):
                    continue  # a substring test rules out most blocks before the (slower) pattern
                for match in pattern.finditer(text):
                    start, end = block.source_span(match.start(1), match.end(1))
                    if source[start:end].strip(" "):
                        continue  # a line break or markup folded into the space: not a typing slip
                    yield Hit.in_block(block, match.start(1), match.end(1), message, (replacement,))


RULES = (ExtraSpace,)
