"""HL143 missing-space: no space after a comma, semicolon or full stop between words."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..document import Document
from ..engine.finding import Hit
from ..engine.rule import Rule

# Words on both sides in lower case ("floss,but"), or a full stop between a word and a
# capitalised word ("daily.Brush"). Numbers ("1,000", "2.5"), abbreviations ("e.g.,x" is
# rare; "U.S.") and file or web names ("index.Html" is not prose) are left alone.
_AFTER_COMMA = re.compile(r"(?<=[a-z]{2})([,;])(?=[a-z]{2})")
_AFTER_STOP = re.compile(r"(?<=[a-z]{3})(\.)(?=[A-Z][a-z]{2,}\b)")
_NAME_CHARS = re.compile(r"[/@\\_=]|www|\.(?:com|org|net|gov|edu|html?|php|js|py|md|pdf|png|jpe?g)\b", re.I)


class MissingSpace(Rule):
    fix = "safe"
    code = "HL143"
    name = "missing-space"
    category = "grammar"
    severity = "warning"
    summary = "No space after a comma, semicolon or full stop between two words ('floss,but', 'daily.Brush')."
    rationale = (
        "Words glued to punctuation read as one token: screen readers run them together, search engines "
        "index a word that does not exist, and spell checkers miss both words. Numbers, abbreviations and "
        "web or file names are not reported."
    )
    source = "General copy-editing practice; AMA Manual of Style 11th ed., 8.0 (punctuation)."
    pass_examples = ("Floss daily, but gently.", "About 1,000 people took 2.5 mg.", "See www.cdc.gov/sleep.html for more.", "The U.S. guidelines changed.")
    fail_examples = (
        {"text": "Floss daily,but gently.", "flag": ",", "suggestion": ", "},
        {"text": "Rinse after meals.Brush twice a day.", "flag": ".", "suggestion": ". "},
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        for block in doc.blocks:
            text = block.text
            if block.kind in ("code", "nav"):
                continue
            for pattern in (_AFTER_COMMA, _AFTER_STOP):
                for match in pattern.finditer(text):
                    # The word around the mark, read within 64 characters each side: a text
                    # with no spaces must not make each match read all of it.
                    lo, hi = max(0, match.start() - 64), match.end() + 64
                    start = text.rfind(" ", lo, match.start()) + 1 or lo
                    end = text.find(" ", match.end(), hi)
                    word = text[start : end if end >= 0 else min(hi, len(text))]
                    if _NAME_CHARS.search(word):
                        continue  # a web address, e-mail or file name
                    mark = match.group(1)
                    yield Hit.in_block(block, match.start(1), match.end(1), f"No space after '{mark}'; add one.", (mark + " ",))


RULES = (MissingSpace,)
