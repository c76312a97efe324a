"""Checks on each reference-list entry: HL405, HL406 and HL408-HL413."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from ..analysis.citations import _GOOD_DOI, Reference, citations, reference_blocks
from ..analysis.metadata import article_date, parse_date
from ..document import Document
from ..engine.finding import Hit
from ..engine.rule import Option, Rule
from ..packs import word_lists

_AMA = "AMA Manual of Style, 11th ed., ch. 3 (References)."
_GOOD = "1. Lee J, Park S. Walking and knee pain in older adults. JAMA. 2021;325(4):301-309. doi:10.1001/jama.2021.0001\n"


def _entry_hit(ref: Reference, message: str, suggestions=()) -> Hit:
    start, end = ref.span()
    return Hit(start, end, message, tuple(suggestions))


def _refs(doc: Document) -> list[Reference]:
    return citations(doc).references


class DuplicateReference(Rule):
    code = "HL405"
    name = "duplicate-reference"
    category = "citations"
    severity = "warning"
    summary = "The same source appears twice in the reference list."
    rationale = "Each source gets one number; cite that number again rather than listing the source twice. Entries match when their DOI, PMID, URL or normalised text is the same."
    source = _AMA
    pass_examples = ("Walking helps [1]. Sleep helps [2].\n\n" + _GOOD + "2. Park S. Sleep and pain. BMJ. 2022;376:e068.\n",)
    fail_examples = ("Walking helps [1]. Also [2].\n\n" + _GOOD + _GOOD.replace("1.", "2.", 1),)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        seen: dict[str, Reference] = {}
        for ref in _refs(doc):
            keys = [ref.fields.get("doi"), ref.fields.get("pmid"), ref.fields.get("url"), re.sub(r"\W+", " ", ref.text.lower()).strip()]
            for key in filter(None, keys):
                if key in seen:
                    yield _entry_hit(ref, f"Reference {ref.key} repeats reference {seen[key].key}; cite {seen[key].key} again instead.")
                    break
            else:
                for key in filter(None, keys):
                    seen[key] = ref


class GluedReferenceNumber(Rule):
    code = "HL406"
    name = "glued-reference-number"
    category = "citations"
    severity = "warning"
    summary = "A reference entry is glued to its number ('1Shaw, Gina')."
    rationale = "Without a separator the number reads as part of the author's name, and tools cannot match it to citations. Write '1. Shaw G.' or use a numbered list."
    source = _AMA
    pass_examples = ("Text [1].\n\n" + _GOOD,)
    fail_examples = ({"text": "Text [1].\n\n1Shaw G. Exercise and pain relief. WebMD. Accessed May 1, 2024. https://www.webmd.com/a\n", "flag": "1"},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        for ref in _refs(doc):
            if ref.glued and ref.block is not None and ref.number_span:
                start, end = ref.block.source_span(*ref.number_span)
                yield Hit(start, end, f"Reference number {ref.key} is glued to the entry; write '{ref.key}. ' before it.", (f"{ref.key}. ",))


_AMA_AUTHOR = re.compile(r"^(?:[A-Z][A-Za-z'’-]+(?: [A-Z][A-Za-z'’-]+)* [A-Z]{1,3}(?:,|\.|$| et al))")
_APA_AUTHOR = re.compile(r"^[A-Z][A-Za-z'’-]+, (?:[A-Z]\. ?)+")
_APA_YEAR = re.compile(r"\((?:19|20)\d{2}[a-z]?(?:, [A-Z][a-z]+ \d{1,2})?\)")
_JOURNAL = re.compile(r"(?:19|20)\d{2}[^;]{0,12};\s*\d+")


def style_problems(ref: Reference, style: str) -> list[str]:
    text = ref.text.strip()
    fields = ref.fields
    problems = []
    organisation = bool(re.match(r"^(?:[A-Z][a-z]*\.? ?){0,1}(?:[A-Z]{2,}|[A-Z][a-z]+ (?:of|for|and) )", text)) or "National" in text[:40] or "Centers" in text[:40]
    if style in ("ama", "vancouver"):
        if not organisation and not _AMA_AUTHOR.match(text):
            problems.append("authors should read 'Surname Initials' (Lee J, Park S)")
        if fields.get("title_quoted"):
            problems.append("titles are not put in quotation marks")
        if fields.get("url") and not fields.get("accessed"):
            problems.append("a web source needs 'Accessed <date>.'" if style == "ama" else "a web source needs '[cited <date>]'")
    elif style == "apa":
        if not organisation and not _APA_AUTHOR.match(text):
            problems.append("authors should read 'Surname, I.' (Lee, J., & Park, S.)")
        if not _APA_YEAR.search(text):
            problems.append("the year goes in parentheses after the authors: (2021)")
    return problems


class ReferenceStyle(Rule):
    code = "HL408"
    name = "reference-style"
    category = "citations"
    severity = "info"
    summary = "A reference entry does not follow the chosen citation style (AMA by default)."
    rationale = (
        "Consistent references let readers find sources. AMA: 'Lee J, Park S. Title. Journal. 2021;325(4):301-309.' "
        "with web sources ending 'Accessed May 1, 2024. URL'. Choose `ama`, `apa` or `vancouver` with the `style` option."
    )
    source = _AMA + " APA Publication Manual, 7th ed.; NLM Citing Medicine (Vancouver)."
    options = {"style": Option("ama", "ama, apa or vancouver.")}
    pass_examples = (
        "Text [1].\n\n" + _GOOD,
        {"text": "Text [1].\n\n1. Lee, J., & Park, S. (2021). Walking and knee pain. JAMA, 325(4), 301-309.\n", "options": {"style": "apa"}},
    )
    fail_examples = ({"text": "Text [1].\n\n1. Shaw, Gina. “Exercise and Pain Relief.” WebMD. 2023.\n"},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        style = str(options["style"]).lower()
        for ref in _refs(doc):
            problems = style_problems(ref, style)
            if problems:
                yield _entry_hit(ref, f"Reference {ref.key} is not in {style.upper()} style: " + "; ".join(problems) + ".")


class ReferenceMissingYear(Rule):
    code = "HL409"
    name = "reference-missing-year"
    category = "citations"
    severity = "warning"
    summary = "A reference entry has no year."
    rationale = "Readers judge health evidence by its age. Every reference needs a publication year (or, for web pages, a date of the version used)."
    source = _AMA
    pass_examples = ("Text [1].\n\n" + _GOOD,)
    fail_examples = ("Text [1].\n\n1. Lee J. Walking and knee pain. JAMA. doi:10.1001/jama.2021.0001\n",)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        for ref in _refs(doc):
            if not ref.fields.get("year"):
                yield _entry_hit(ref, f"Reference {ref.key} has no year.")


@lru_cache(maxsize=1)
def _sites() -> tuple[re.Pattern, re.Pattern]:
    lists = word_lists("citations")
    secondary = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(s) for s in lists["secondary_sites"]) + r")(?![\w-])", re.IGNORECASE)
    primary = re.compile(r"(?:" + "|".join(re.escape(s) for s in lists["primary_domains"]) + r")(?:/|$|\b)", re.IGNORECASE)
    return secondary, primary


def is_web_source(ref: Reference) -> bool:
    return bool(ref.fields.get("url")) or bool(_sites()[0].search(ref.text)) or bool(re.search(r"\b(?:website|web site|online|blog|webpage)\b", ref.text, re.IGNORECASE))


class WebReferenceIncomplete(Rule):
    code = "HL410"
    name = "web-reference-incomplete"
    category = "citations"
    severity = "warning"
    summary = "A web source has no URL or no access date."
    rationale = "Web pages change. AMA style asks for the URL and the date you accessed the page, so readers can find the version you used."
    source = _AMA + " 3.15 (References to websites)."
    pass_examples = ("Text [1].\n\n1. Centers for Disease Control and Prevention. Arthritis: physical activity. Updated May 2, 2024. Accessed June 1, 2024. https://www.cdc.gov/arthritis/\n",)
    fail_examples = ({"text": "Text [1].\n\n1. Shaw G. Exercise and pain relief. WebMD. 2023.\n", "flag": "Shaw G. Exercise and pain relief. WebMD. 2023."},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        for ref in _refs(doc):
            if not is_web_source(ref) or ref.fields.get("doi") or ref.fields.get("pmid"):
                continue
            missing = [name for name, ok in (("URL", ref.fields.get("url")), ("access date", ref.fields.get("accessed"))) if not ok]
            if missing:
                yield _entry_hit(ref, f"Web source {ref.key} has no {' or '.join(missing)}.")


class MalformedIdentifier(Rule):
    code = "HL411"
    name = "malformed-identifier"
    category = "citations"
    severity = "warning"
    summary = "A DOI or PMID in a reference is malformed."
    rationale = "A DOI starts '10.' followed by a registrant code, a slash and a suffix; a PMID is a number of up to 8 digits. A broken identifier sends readers nowhere."
    source = _AMA + " 3.13 (DOIs); NLM PubMed identifiers."
    pass_examples = ("Text [1].\n\n" + _GOOD, "Text [1].\n\n1. Lee J. Walking. JAMA. 2021;1:2. PMID: 33512345\n")
    fail_examples = ("Text [1].\n\n1. Lee J. Walking. JAMA. 2021;1:2. doi:10.10/jama\n", "Text [1].\n\n1. Lee J. Walking. JAMA. 2021;1:2. PMID: 12AB45\n")

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        for ref in _refs(doc):
            doi, pmid = ref.fields.get("doi"), ref.fields.get("pmid")
            if doi and not _GOOD_DOI.fullmatch(doi):
                yield _entry_hit(ref, f"Reference {ref.key} has a malformed DOI '{doi}' (expected 10.<registrant>/<suffix>).")
            if pmid and not re.fullmatch(r"\d{1,8}", pmid):
                yield _entry_hit(ref, f"Reference {ref.key} has a malformed PMID '{pmid}' (expected up to 8 digits).")


class StaleReference(Rule):
    code = "HL412"
    name = "stale-reference"
    category = "citations"
    severity = "warning"
    summary = "A reference is older than the allowed age (10 years by default)."
    rationale = (
        "Medical evidence moves; a source more than `max_age_years` old may be superseded. Age is "
        "counted from the article's own date (last reviewed, modified or published) when it has one, "
        "else from today. Classic studies can be kept with a suppression comment that gives the reason."
    )
    source = "HONcode principle 4 (dates of information); NLM and MedlinePlus guidance on evaluating health information."
    options = {"max_age_years": Option(10, "Oldest allowed age in years."), "as_of": Option("", "Count from this date (YYYY-MM-DD) instead.")}
    pass_examples = ({"text": "Text [1].\n\n" + _GOOD, "options": {"as_of": "2026-01-01"}},)
    fail_examples = ({"text": "Text [1].\n\n1. Shaw G. Exercise and pain relief. WebMD. 2013.\n", "options": {"as_of": "2026-01-01"}, "flag": "2013"},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        as_of = parse_date(options["as_of"]) if options["as_of"] else None
        as_of = as_of or article_date(doc) or dt.date.today()
        for ref in _refs(doc):
            year = ref.fields.get("year")
            if not year or as_of.year - year <= options["max_age_years"]:
                continue
            start, end = ref.span()
            at = doc.source.text.rfind(str(year), start, end)
            span = (at, at + 4) if at >= 0 else (start, end)
            yield Hit(span[0], span[1], f"Reference {ref.key} is from {year}, {as_of.year - year} years before {as_of.isoformat()}; look for newer evidence.")


# A link to a video or social page in the text is a pointer ("watch our video"), not a
# source given for a statement; in a reference list it is still reported.
_SOCIAL = re.compile(r"(?:^|\.)(?:youtube\.com|youtu\.be|facebook\.com|instagram\.com|tiktok\.com|pinterest\.com|reddit\.com|quora\.com|x\.com|twitter\.com)$", re.I)


# What a link must stand beside to be a source: a finding, an effect, a number.
_STATES = re.compile(r"(?<![\w-])(?:stud(?:y|ies)|research|trials?|evidence|shows?|showed|found|finds|linked|risk|effects?|causes?|"
                     r"raises?|lowers?|reduces?|increases?|prevents?|cures?|proven|according|says|said|reports?|\d+(?:\.\d+)?\s?(?:%|percent)|times)(?![\w-])", re.I)


class SecondarySource(Rule):
    code = "HL413"
    name = "secondary-source"
    category = "citations"
    severity = "warning"
    summary = "A reference, or a link given as a source in the text, is a secondary, consumer or news site rather than a primary source."
    rationale = (
        "Health claims should rest on the study, guideline or agency itself (journals with DOIs, "
        ".gov, NIH, WHO), not on a site that summarises it. Sites on the list in "
        "`rules/lists/citations.yaml` are reported; with `require_primary`, any entry that is not "
        "on the primary list and has no DOI or PMID is reported too."
    )
    source = "NIH/NLM 'Evaluating Internet Health Information'; Google Search Quality Rater Guidelines (YMYL, E-E-A-T)."
    options = {"require_primary": Option(False, "Also report entries not known to be primary sources."), "extra_secondary": Option([], "More site names or domains to report.")}
    pass_examples = ("Text [1].\n\n" + _GOOD,)
    fail_examples = (
        {"text": "Text [1].\n\n1. Shaw G. Exercise and pain relief. WebMD. Accessed May 1, 2024. https://www.webmd.com/pain\n", "flag": "WebMD"},
        {"text": "Cold feet [raise the chance of a cold](https://www.dailymail.co.uk/health/article-1.html), so wear socks.", "format": "markdown", "flag": "raise the chance of a cold"},
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        secondary, primary = _sites()
        extra = [re.escape(s) for s in options["extra_secondary"]]
        extra_re = re.compile(r"(?<![\w-])(?:" + "|".join(extra) + r")(?![\w-])", re.IGNORECASE) if extra else None
        for ref in _refs(doc):
            match = secondary.search(ref.text) or (extra_re.search(ref.text) if extra_re else None)
            if match and ref.block is not None:
                base = ref.block.source_span(ref.start, ref.end)[0]
                at = doc.source.text.find(match.group(0), base)
                if at >= 0:
                    yield Hit(at, at + len(match.group(0)), f"'{match.group(0)}' is a secondary source; cite the study or agency it relies on.")
                    continue
                yield _entry_hit(ref, f"'{match.group(0)}' is a secondary source; cite the study or agency it relies on.")
            elif options["require_primary"] and not (ref.fields.get("doi") or ref.fields.get("pmid") or primary.search(ref.text)):
                yield _entry_hit(ref, f"Reference {ref.key} is not a known primary source (no DOI, PMID or .gov/NIH/WHO address).")
        # A link in the text that stands as the source of a statement: "[shows an
        # effect](https://news.example/...)" rests on a report, not on the study.
        listed = {id(b) for b in reference_blocks(doc)}
        for block in doc.blocks:
            if id(block) in listed or block.kind in ("heading", "nav"):
                continue
            if not _STATES.search(block.text):
                continue  # a link with nothing stated beside it is a pointer ("read more in this news story"), not a source
            for mark in block.marks:
                if mark.kind != "link" or not str(mark.value).lower().startswith(("http", "//", "www.")):
                    continue
                if not _STATES.search(block.text[max(0, mark.start - 150) : mark.end + 150]):
                    continue
                host = urlsplit(str(mark.value) if "//" in str(mark.value) else "//" + str(mark.value)).hostname or ""
                match = secondary.search(host) or (extra_re.search(host) if extra_re else None)
                if match and mark.end > mark.start and not _SOCIAL.search(host):
                    yield Hit.in_block(block, mark.start, mark.end, f"This link cites '{match.group(0)}', a secondary source; link the study or agency it reports on.")


RULES = (DuplicateReference, GluedReferenceNumber, ReferenceStyle, ReferenceMissingYear, WebReferenceIncomplete, MalformedIdentifier, StaleReference, SecondarySource)
