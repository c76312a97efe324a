"""Dosage and units: HL701-HL706."""

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

_JC = "The Joint Commission, Official 'Do Not Use' List; ISMP List of Error-Prone Abbreviations (2021)."
_AMA_UNITS = "AMA Manual of Style 17.1 and 18.4 (units of measure; a space between number and unit); NIST SP 811."


_DIGIT = re.compile(r"\d")


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _lists() -> dict:
    return word_lists("units")


@lru_cache(maxsize=1)
def _unit_re() -> str:
    lists = _lists()
    return _alternation([*lists["units"], *lists["unit_fixes"]])


class NumberUnitSpacing(Rule):
    fix = "safe"
    code = "HL701"
    name = "number-unit-spacing"
    category = "units"
    severity = "warning"
    summary = "A number is glued to its unit ('5mg')."
    rationale = "'5mg' is easy to misread ('5mg' can look like '50 mg' or '5 ng'). Put a space between the number and the unit: '5 mg'. Percentages are written without a space."
    source = _AMA_UNITS + " ISMP."
    pass_examples = ("Take 5 mg twice a day.", "About 20% of adults.", "COVID-19 and type 2 diabetes.", "Aim for 120-129 mmHg.", "Aim for 120 to 129 mm Hg.", "Score 10 - 2 points.")
    fail_examples = ({"text": "Take 5mg twice a day.", "flag": "5mg"}, "Drink 250mL of water.", {"text": "A reading of 120-129mmHg is elevated.", "flag": "129mmHg"},
                     {"text": "Stage 1 is 130 - 139 mm Hg.", "flag": " - "})

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        lists = _lists()
        units = _alternation(u for u in (*lists["units"], *lists["unit_fixes"]) if u != "%")
        # Not after a letter and hyphen ("COVID-19"), but after a range's dash ("120-129mmHg").
        pattern = re.compile(r"(?<![\w.,])(?<![^\W\d_][-–])(\d+(?:[.,]\d+)?)(" + units + r")(?![\w])")
        for block in doc.blocks:
            if not _DIGIT.search(block.text):
                continue  # most blocks: the digit test is far quicker than the pattern
            for match in pattern.finditer(block.text):
                number, unit = match.groups()
                fixed = _lists()["unit_fixes"].get(unit, unit)
                yield Hit.in_block(block, match.start(), match.end(), f"Put a space between the number and the unit: '{number} {fixed}'.", (f"{number} {fixed}",))
            for match in _spaced_range(units).finditer(block.text):
                low, high = match.group(1), match.group(3)
                yield Hit.in_block(block, match.start(2), match.end(2), f"Close up the range's dash, or write 'to': '{low}-{high}' or '{low} to {high}'.", ("-",))


@lru_cache(maxsize=4)
def _spaced_range(units: str) -> re.Pattern:
    # "130 - 139 mm Hg": a range of measurements, not a subtraction, because a unit follows.
    return re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)( [-–] )(\d+(?:[.,]\d+)?) ?(?:" + units + r"|mm Hg|°[CF])(?!\w)")


class DecimalZeros(Rule):
    fix = "safe"
    code = "HL702"
    name = "dose-decimal-zeros"
    category = "units"
    severity = "error"
    summary = "A dose without a leading zero ('.5 mg') or with a trailing zero ('5.0 mg')."
    rationale = "A missed decimal point turns '.5 mg' into 5 mg and '5.0 mg' into 50 mg: tenfold overdoses. The Joint Commission bans both forms: write '0.5 mg' and '5 mg'."
    source = _JC
    pass_examples = ("Take 0.5 mg at night.", "Take 5 mg at night.", "Version 2.0 of the app.")
    fail_examples = ({"text": "Take .5 mg at night.", "flag": ".5 mg"}, {"text": "Take 5.0 mg at night.", "flag": "5.0 mg"})

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        unit = r"\s?(?:" + _unit_re() + r")(?!\w)"
        leading = re.compile(r"(?<![\w.])\.(\d+)(" + unit + ")")
        trailing = re.compile(r"(?<![\w.])(\d+)\.0+(" + unit + ")")
        for block in doc.blocks:
            if not _DIGIT.search(block.text):
                continue
            for match in leading.finditer(block.text):
                fixed = f"0.{match.group(1)}{match.group(2)}"
                yield Hit.in_block(block, match.start(), match.end(), f"Write a leading zero: '{fixed}'.", (fixed,))
            for match in trailing.finditer(block.text):
                if "%" in match.group(2):
                    continue
                fixed = f"{match.group(1)}{match.group(2)}"
                yield Hit.in_block(block, match.start(), match.end(), f"Drop the trailing zero: '{fixed}'.", (fixed,))


class DoNotUseAbbreviation(Rule):
    fix = "unsafe"
    code = "HL703"
    name = "do-not-use-abbreviation"
    category = "units"
    severity = "error"
    summary = "An abbreviation on the Joint Commission 'Do Not Use' list (U, IU, QD, QOD, MS, MSO4)."
    rationale = "These abbreviations cause dosing errors: 'U' is read as 0 or 4, 'QD' as 'QID', 'MS' as magnesium sulfate. Write the word. Abbreviations are only reported in dose context, so 'MS' for multiple sclerosis is left alone."
    source = _JC
    pass_examples = ("Give 10 units of insulin daily.", "People with MS may feel tired.", "Vitamin D and U.S. adults.")
    fail_examples = ({"text": "Give 10 U of insulin QD.", "flag": "U"}, {"text": "Take 1 tablet QOD.", "flag": "QOD"}, "Give MS 10 mg now.")

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        lists = _lists()
        anywhere = lists["do_not_use_anywhere"]
        after_number = lists["do_not_use_after_number"]
        before_number = lists["do_not_use_before_number"]
        after_dose = lists["do_not_use_after_dose"]
        # Each pattern needs one of its words, as written, and all but the first a digit:
        # a block without them is passed over before any regex runs.
        patterns = [
            (re.compile(r"(?<![\w.])(" + _alternation(anywhere) + r")(?![\w])"), anywhere, False),
            (re.compile(r"(?<=\d)\s?(" + _alternation(after_number) + r")(?![\w.])"), after_number, True),
            (re.compile(r"(?<![\w.])(" + _alternation(before_number) + r")(?=\s\d)"), before_number, True),
            (re.compile(r"(?<=\d)\s?(?:" + _unit_re() + r")\s+(" + _alternation(after_dose) + r")(?![\w])"), after_dose, True),
        ]
        for block in doc.blocks:
            has_digit = _DIGIT.search(block.text) is not None
            for pattern, table, needs_digit in patterns:
                if (needs_digit and not has_digit) or not any(word in block.text for word in table):
                    continue
                for match in pattern.finditer(block.text):
                    word = match.group(1)
                    yield Hit.in_block(block, match.start(1), match.end(1), f"'{word}' is on the 'Do Not Use' list; write '{table[word]}'.", (str(table[word]),))


class UnitSymbol(Rule):
    fix = "safe"
    code = "HL704"
    name = "unit-symbol"
    category = "units"
    severity = "warning"
    summary = "A unit symbol is miswritten ('ml', 'cc', 'mgs', 'Kg', 'mg.', '38 C')."
    rationale = ("Unit symbols have one spelling: mL (not ml or cc), mg (not mgs or Mg), kg (not Kg), °C (not a bare C). Symbols take no plural and no full stop. 'cc' is on the ISMP error-prone list because it is read as 'u'. "
                 "Styles differ on the space before the degree sign: SI, NIST and the AMA Manual of Style's 11th edition write '38 °C', Chicago and older AMA style '38°C'; "
                 "both are accepted unless `degree_style` picks one, and a bare '38C' is fixed keeping the writer's spacing.")
    source = _AMA_UNITS + " ISMP (cc)."
    options = {"degree_style": Option("either", "How degrees are written: 'either' accepts '38 °C' (SI, NIST, AMA 11th edition) and '38°C' (Chicago, AMA 10th edition); 'spaced' or 'closed' asks for one.", ("either", "spaced", "closed"))}
    pass_examples = ("Drink 250 mL of water.", "Take 5 mg.", "Email cc: your doctor.", "Take 5 mg. Then rest.",
                     "Keep it at 20 °C.", "Keep it at 20°C.", "Stage 3C breast cancer.", "Take 500 mg of vitamin C.")
    fail_examples = ({"text": "Drink 250 ml of water.", "flag": "ml"}, {"text": "Inject 2 cc.", "flag": "cc"}, "Take 20 mgs daily.",
                     {"text": "Take 5 mg. daily with food.", "flag": "mg."},
                     {"text": "A fever is 38 C or higher.", "flag": "C"}, {"text": "Store below 25C.", "flag": "C"}, {"text": "Bath water should be about 100F.", "flag": "F"},
                     {"text": "A fever is 38 °C or higher.", "flag": " °C", "options": {"degree_style": "closed"}},
                     {"text": "A fever is 38°C or higher.", "flag": "°C", "options": {"degree_style": "spaced"}})

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        fixes = _lists()["unit_fixes"]
        pattern = re.compile(r"(?<=\d)\s?(" + _alternation(fixes) + r")(?![\w])")
        units = [u for u in _lists()["units"] if u.isalpha()]
        # A full stop after a symbol that is not the end of a sentence: "5 mg. daily".
        dotted = re.compile(r"(?<=\d)\s?(" + _alternation(units) + r")\.(?=\s+[a-z])")
        for block in doc.blocks:
            if not _DIGIT.search(block.text):
                continue  # both patterns follow a digit
            for match in pattern.finditer(block.text):
                word = match.group(1)
                yield Hit.in_block(block, match.start(1), match.end(1), f"Write the unit as '{fixes[word]}', not '{word}'.", (fixes[word],))
            for match in dotted.finditer(block.text):
                symbol = match.group(1)
                yield Hit.in_block(block, match.start(1), match.end(1) + 1, f"Unit symbols take no full stop: '{symbol}'.", (symbol,))
            style = options.get("degree_style", "either")
            for match in _BARE_DEGREES.finditer(block.text):
                value, scale = float(match.group(1)), match.group(2)
                low, high = (-50, 150) if scale == "C" else (-40, 250)
                if low <= value <= high and not _NOT_TEMPERATURE.search(block.text, max(0, match.start() - 12), match.start()):
                    spaced = style == "spaced" or (style == "either" and block.text[match.end(1) : match.start(2)] == " ")
                    start = match.end(1) if style != "either" else match.start(2)
                    fix = (" " if spaced and style != "either" else "") + f"°{scale}"
                    shown = f"{match.group(1)}{' ' if spaced else ''}°{scale}"
                    yield Hit.in_block(block, start, match.end(2), f"Write degrees with the degree sign: '{shown}'.", (fix,))
            if style != "either":
                wrong = _SPACED_DEGREES if style == "closed" else _CLOSED_DEGREES
                for match in wrong.finditer(block.text):
                    fixed = "°" + match.group(2) if style == "closed" else " °" + match.group(2)
                    yield Hit.in_block(block, match.start(1), match.end(), f"Write degrees as '{match.group(0)[: match.start(1) - match.start()]}{fixed}' ({style} style).", (fixed,))


# "38 C", "25C", "100F": a temperature with a bare letter for its scale.
_BARE_DEGREES = re.compile(r"(?<![\w.,°])(-?\d{1,3}(?:\.\d)?)\s?([CF])(?![\w°'’-])")
_SPACED_DEGREES = re.compile(r"(?<=\d)( °)([CF])(?![\w])")
_CLOSED_DEGREES = re.compile(r"(?<=\d)(°)([CF])(?![\w])")
# Numbers that name a stage, type or place, not a temperature: "stage 3C", "room 12F".
_NOT_TEMPERATURE = re.compile(r"(?i)\b(?:stage|grade|type|class|level|phase|step|room|ward|bed|apartment|apt|unit|suite|floor|figure|fig|table|gate|size|cup|hepatitis|vitamin|factor|complement|protein|track)\s+$")


class SentenceStartsWithNumeral(Rule):
    code = "HL705"
    name = "sentence-starts-with-numeral"
    category = "units"
    severity = "info"
    summary = "A sentence begins with a numeral."
    rationale = "AMA style spells out a number that begins a sentence, or recasts the sentence ('Twenty patients...' or 'In all, 20 patients...'). A numeral at the start is easy to misread after a full stop, as in '...mg. 5 tablets'."
    source = "AMA Manual of Style 18.2.1 (numbers beginning a sentence)."
    pass_examples = ("Twenty people took part. Take 2 tablets.",)
    fail_examples = ({"text": "Take the tablets with food. 20 people had side effects.", "flag": "20"},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        for sentence in body_sentences(doc):
            text = sentence.text
            if sentence.block.kind == "list_item":
                continue
            match = re.match(r"[\"“'‘]*(\d[\d,.]*)\s", text)  # not "(1)" enumerations or "13-cis" names
            if match and len(text.split()) > 3:
                yield Hit.in_block(sentence.block, sentence.start + match.start(1), sentence.start + match.end(1), "Spell out a number that begins a sentence, or recast the sentence.")


RULES = (NumberUnitSpacing, DecimalZeros, DoNotUseAbbreviation, UnitSymbol, SentenceStartsWithNumeral)
