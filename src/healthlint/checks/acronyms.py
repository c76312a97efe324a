"""HL211 undefined-acronym: an acronym used before it is spelled out."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from ..analysis.citations import reference_blocks
from ..analysis.sentences import sentences_of
from ..document import Document
from ..engine.finding import Hit
from ..engine.rule import Option, Rule
from ..packs import word_lists

# "COPD", "U.S.": a capital not preceded by a word character. The capital comes first and
# the look-behind after it (over two characters), so that the regular expression engine
# can skip to the next capital letter instead of trying every position: 4x faster.
_ACRONYM = re.compile(r"[A-Z](?:(?<![\w'’-].)[A-Z0-9&]{1,6}s?(?![\w'’-])|(?<![\w'’].)(?:\.[A-Z]){1,4}\.?(?!\w))")


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    lists = word_lists("plain-language")
    return frozenset(lists["familiar_acronyms"]) | frozenset(lists["credentials"]) | frozenset(lists["emphasis_words"]) | frozenset(lists["database_names"])


# Cancer and disease stages ("stage IIIA"), and tokens with digits: genes (BRAF V600E,
# JAK2), vitamins (B12) and strains (H1N1) are names, not abbreviations to spell out.
_NOT_ACRONYM = re.compile(r"(?:I{1,3}|IV|VI{0,3}|IX|X{1,3})[A-E]?\d?|.*\d.*")


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w and w[0].isalpha()).upper()


_SMALL = frozenset(("of", "and", "the", "for", "in", "on", "to", "a", "an", "with", "&"))
# A postal address: "Nashville TN 37201", "Toronto, ON M5V 2T6": a state or province code.
_POSTCODE_AFTER = re.compile(r",?\s*(?:\d{5}(?:-\d{4})?|[A-Z]\d[A-Z] ?\d[A-Z]\d)(?!\w)")
# Markdown abbreviation definitions (PHP Markdown Extra, Python-Markdown, kramdown, markdown-it-abbr).
_ABBREVIATION_DEFINITION = re.compile(r"(?m)^[ \t]*\*\[([^\]\n]{1,40})\]:[ \t]*\S")


def _spelled_out(text: str, core: str) -> bool:
    """The full name's words stand in the sentence: "the General Public License, or
    GPL", "RSI stands for repetitive strain injury"."""
    if len(core) < 2 or not core.isalpha():
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if w.lower() not in _SMALL]
    n = len(core)
    for i in range(len(words) - n + 1):
        window = words[i : i + n]
        if all(w[0].upper() == letter and len(w) > 1 for w, letter in zip(window, core.upper())) and "".join(window) != core:
            # capitalised words for any acronym; lower-case ones only for three letters or more,
            # where a chance run of initials is rare ("repetitive strain injury, or RSI")
            if all(w[0].isupper() for w in window) or n >= 3:
                return True
    return False


def _sentence_around(doc: Document, block, start: int, end: int) -> str:
    """The sentence holding ``block.text[start:end]`` (analysis/sentences.py), cut to 400
    characters either side of it: a block may be one huge "sentence"."""
    key = ("acronym_sentence_starts", id(block))
    if key not in doc.cache:  # once per block: a block with many acronyms stays linear
        doc.cache[key] = [s.start for s in sentences_of(doc, block)]
    index = bisect_right(doc.cache[key], start) - 1
    if index < 0:
        return block.text[max(0, start - 400) : end + 400]
    sentence = sentences_of(doc, block)[index]
    return block.text[max(sentence.start, start - 400) : min(max(sentence.end, end), end + 400)]


def _name_initials(text: str, start: int, end: int) -> bool:
    """Dotted initials before a surname: "J.R. Smith", "A.B. Jones, MD"."""
    return "." in text[start:end] and bool(re.match(r"\s+[A-Z][a-z]", text[end:]))


def _defined_near(text: str, start: int, end: int, acronym: str) -> bool:
    """'full name (ABC)' or 'ABC (full name)' around this use."""
    core = acronym.rstrip("s").replace(".", "")
    if text[max(0, start - 1) : start] == "(" and text[end : end + 1] == ")":
        before = re.findall(r"[A-Za-z][\w'’-]*", text[max(0, start - 120) : start - 1])
        letters = [w for w in before if w.lower() not in ("of", "and", "the", "for", "in", "on", "to", "a", "an", "with")]
        tail = _initials(letters[-len(core) - 2 :])
        if core[0] in tail and (tail.endswith(core) or core in tail or len(letters) >= len(core) - 1):
            return True
    after = re.match(r"\s*\(([^)]{3,120})\)", text[end:])
    if after and len(after.group(1).split()) >= 2:
        return True
    return False


class UndefinedAcronym(Rule):
    code = "HL211"
    name = "undefined-acronym"
    category = "plain-language"
    severity = "warning"
    summary = "An acronym is used without being spelled out at first use."
    rationale = (
        "Readers may not know what 'COPD' or 'HbA1c' stands for. Spell out the term at first use "
        "with the acronym in parentheses, or the reverse. Acronyms most readers know (DNA, HIV, "
        "TV, U.S.) are in `rules/lists/plain-language.yaml`; add your own with the `known` option."
    )
    source = "Federal Plain Language Guidelines ('Minimize abbreviations'); CDC Clear Communication Index; AMA Manual of Style 14.1."
    options = {"known": Option([], "More acronyms your readers know.")}
    pass_examples = (
        "Chronic obstructive pulmonary disease (COPD) makes it hard to breathe. COPD gets worse over time.",
        "COPD (chronic obstructive pulmonary disease) makes it hard to breathe.",
        "Get an HIV test once. Your DNA is yours.",
        "I CAN DO IT, she said.",
        "The clinic is at 123 Broadway, Nashville TN 37201.",  # a state code in an address
        "Write to Dr. J.R. Chen at the clinic.",  # a person's initials
        "Repetitive strain injury, or RSI, is common in office work.",  # spelled out in the sentence
        "We searched MEDLINE and CINAHL.",  # database names
        {"text": "Ask about HRT at your visit.\n\n*[HRT]: hormone replacement therapy", "format": "markdown"},  # Markdown abbreviation syntax
    )
    fail_examples = (
        {"text": "People with COPD should get a flu shot. Chronic obstructive pulmonary disease (COPD) is common.", "flag": "COPD"},
        {"text": "Our clinic in Austin TX treats RSI.", "flag": "RSI"},
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        known = _known() | {k.upper() for k in options["known"]}
        known |= {m.group(1).strip() for m in _ABBREVIATION_DEFINITION.finditer(doc.source.text)} if doc.format == "markdown" else set()
        seen: set[str] = set()
        skipped = {id(b) for b in reference_blocks(doc)}
        for block in doc.blocks:
            if id(block) in skipped:
                continue
            text = block.text
            found = list(_ACRONYM.finditer(text))
            if not found or sum(map(str.isupper, text)) > 0.5 * sum(map(str.isalpha, text)):
                continue  # none, or an all-capitals heading or warning, not acronyms
            for match in found:
                acronym = match.group(0)
                core = acronym.replace(".", "").rstrip("s") if len(acronym) > 2 else acronym.replace(".", "")
                if core in seen or core in known or core.upper() in known or len(core) < 2 or _NOT_ACRONYM.fullmatch(core):
                    continue
                seen.add(core)
                if _defined_near(text, match.start(), match.end(), acronym) or _spelled_out(_sentence_around(doc, block, match.start(), match.end()), core):
                    continue
                if _POSTCODE_AFTER.match(text, match.end()) or _name_initials(text, match.start(), match.end()):
                    seen.discard(core)  # a state code or a person's initials, not an abbreviation
                    continue
                if block.kind == "heading" and _defined_later(doc, block, core):
                    continue  # "COPD" in a heading, spelled out in the paragraph below
                yield Hit.in_block(block, match.start(), match.end(), f"Spell out '{acronym}' at first use, e.g. 'full name ({acronym})'.")


def _defined_later(doc: Document, heading, core: str) -> bool:
    index = doc.blocks.index(heading)
    for block in doc.blocks[index + 1 : index + 3]:
        for match in re.finditer(re.escape(core), block.text):
            if _defined_near(block.text, match.start(), match.end(), core):
                return True
    return False


RULES = (UndefinedAcronym,)
