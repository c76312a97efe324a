"""Trust metadata: author, reviewer, dates, disclaimer, disclosure, title (HL801-HL809).

Metadata comes from front matter, HTML meta tags and JSON-LD (see analysis.metadata).
Plain text cannot carry metadata, so there these rules report at ``info``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from ..analysis.metadata import parse_date, trust
from ..document import Document
from ..engine.finding import Hit
from ..engine.rule import Option, Rule
from ..packs import word_lists
from .claims import pattern

_EEAT = "Google Search Quality Rater Guidelines (YMYL pages: who wrote and reviewed the content, and when); HONcode principles 1 (authority) and 4 (dates)."
_FM = "---\ntitle: Knee pain\nauthor: Lee Chen, RN\nreviewed_by: Priya Nair, MD\ndate: 2025-01-10\nreviewed: 2025-06-01\n---\n\n# Knee pain\n\nTalk with your doctor before you start.\n"


def anchor(doc: Document, *keys: str) -> tuple[int, int]:
    """The source span of a metadata key if present, else of the title, else the start."""
    offsets = {**(doc.metadata.get("_key_offsets") or {}), **(doc.metadata.get("_offsets") or {})}
    spans = trust(doc).spans
    for key in keys:
        if key in spans:
            return spans[key]  # a date read from the page's text ("Last reviewed: ...")
    for key in (*keys, "title"):
        for candidate in (key, key.lower()):
            if candidate in offsets:
                start = offsets[candidate]
                line_end = doc.source.text.find("\n", start)
                return start, line_end if line_end >= 0 else len(doc.source.text)
    for block in doc.blocks:
        if block.kind == "heading":
            return block.source_span(0, len(block.text))
    if doc.blocks:
        first = doc.blocks[0]
        return first.source_span(0, min(len(first.text), 80))
    return 0, 0


def _severity(doc: Document) -> str | None:
    return "info" if doc.format == "text" else None


class _MetadataRule(Rule):
    page_level = True  # what the page lacks (author, date, disclaimer): listed for the page, not painted on its title
    category = "metadata"

    def hit(self, doc: Document, message: str, *keys: str) -> Hit:
        start, end = anchor(doc, *keys)
        return Hit(start, end, message, severity=_severity(doc))


class MissingAuthor(_MetadataRule):
    code = "HL801"
    name = "missing-author"
    severity = "warning"
    summary = "The article names no author."
    rationale = "Readers and search engines judge health pages by who wrote them. Give the author in front matter (`author:`), a meta tag or JSON-LD."
    source = _EEAT
    pass_examples = ({"text": _FM, "format": "markdown"},)
    fail_examples = ({"text": "---\ntitle: Knee pain\n---\n\n# Knee pain\n\nRest.\n", "format": "markdown", "flag": "title: Knee pain"},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        if not trust(doc).author:
            yield self.hit(doc, "No author is named; add an author with credentials.")


@lru_cache(maxsize=1)
def _credentials() -> re.Pattern:
    items = word_lists("claims")["credentials"]
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(c) for c in sorted(items, key=len, reverse=True)) + r")(?![\w])")


class AuthorCredentials(_MetadataRule):
    code = "HL802"
    name = "author-credentials"
    severity = "info"
    summary = "The author or reviewer is named without credentials."
    rationale = "Medical content should say what qualifies its author or reviewer to write it (MD, RN, RD, PharmD...). Organisations as authors are accepted."
    source = _EEAT
    pass_examples = ({"text": _FM, "format": "markdown"},)
    fail_examples = ({"text": _FM.replace("Lee Chen, RN", "Lee Chen"), "format": "markdown", "flag": "author: Lee Chen"},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        found = trust(doc)
        for role, names in (("author", found.author), ("reviewer", found.reviewer)):
            for name in names:
                organisation = re.search(r"\b(?:Institute|Center|Centre|Department|Association|Society|Clinic|Hospital|Foundation|Organization|Team|Staff|Board|University|College)\b", name)
                if not organisation and not _credentials().search(name):
                    yield self.hit(doc, f"The {role} '{name}' has no credentials (MD, RN, RD...).", found.where.get(role, role))


class MissingReviewer(_MetadataRule):
    code = "HL803"
    name = "missing-reviewer"
    severity = "warning"
    summary = "The article has no medical reviewer."
    rationale = "Health publishers have articles checked by a clinician. Name the reviewer (`reviewed_by:`, or `reviewedBy` in JSON-LD)."
    source = _EEAT
    pass_examples = ({"text": _FM, "format": "markdown"},)
    fail_examples = ({"text": _FM.replace("reviewed_by: Priya Nair, MD\n", ""), "format": "markdown"},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        if not trust(doc).reviewer:
            yield self.hit(doc, "No medical reviewer is named.")


class MissingDate(_MetadataRule):
    code = "HL804"
    name = "missing-date"
    severity = "warning"
    summary = "The article has no published or reviewed date."
    rationale = "Readers need to know how current health information is. Give the published date and the date of the last medical review."
    source = _EEAT
    pass_examples = (
        {"text": _FM, "format": "markdown"},
        "Knee pain\n\nWalk every day.\n\nLast reviewed: 3 March 2025",  # a date printed in the text is read too
        {"text": "<h1>Knee pain</h1><p>Walk every day.</p><p>Review date: 2025-06-01</p>", "format": "html"},
    )
    fail_examples = ({"text": "---\ntitle: Knee pain\nauthor: Lee Chen, RN\n---\n\n# Knee pain\n", "format": "markdown"},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        found = trust(doc)
        if not (found.published or found.modified or found.reviewed):
            unreadable = [k for k, v in found.raw_dates.items() if v]
            message = f"The {', '.join(unreadable)} date cannot be read; use YYYY-MM-DD." if unreadable else "No published or reviewed date is given."
            yield self.hit(doc, message, *[found.where.get(k, k) for k in unreadable])


class StaleReview(_MetadataRule):
    code = "HL805"
    name = "stale-review"
    severity = "warning"
    summary = "The last review is older than the review interval (24 months by default)."
    rationale = "Health pages should be reviewed on a schedule; many publishers use one to two years. Counted from the last reviewed, modified or published date."
    source = _EEAT
    options = {"max_months": Option(24, "Months allowed since the last review."), "as_of": Option("", "Count to this date (YYYY-MM-DD) instead of today.")}
    pass_examples = ({"text": _FM, "format": "markdown", "options": {"as_of": "2026-01-01"}},)
    fail_examples = (
        {"text": _FM, "format": "markdown", "options": {"as_of": "2029-01-01"}, "flag": "reviewed: 2025-06-01"},
        {"text": "Knee pain\n\nWalk every day.\n\nPage last updated on March 3, 2011", "options": {"as_of": "2026-01-01"}, "flag": "Page last updated on March 3, 2011"},
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        found = trust(doc)
        latest = found.latest
        today = parse_date(options["as_of"]) if options["as_of"] else dt.date.today()
        if latest and today:
            months = (today.year - latest.year) * 12 + today.month - latest.month
            if months > options["max_months"]:
                key = next((found.where[k] for k in ("reviewed", "modified", "published") if getattr(found, k) == latest and k in found.where), "date")
                yield self.hit(doc, f"Last reviewed or updated {latest.isoformat()}, {months} months ago; review it (every {options['max_months']} months).", key)


class ContradictoryDates(_MetadataRule):
    code = "HL806"
    name = "contradictory-dates"
    severity = "warning"
    summary = "Dates contradict each other or lie in the future."
    rationale = "A page modified or reviewed before it was published, or dated in the future, makes readers doubt the other dates too."
    source = _EEAT
    pass_examples = ({"text": _FM, "format": "markdown"},)
    fail_examples = ({"text": _FM.replace("reviewed: 2025-06-01", "reviewed: 2024-06-01"), "format": "markdown", "flag": "reviewed: 2024-06-01"},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        found = trust(doc)
        today = dt.date.today()
        for name in ("modified", "reviewed"):
            value = getattr(found, name)
            if value and found.published and value < found.published:
                yield self.hit(doc, f"The {name} date {value.isoformat()} is before the published date {found.published.isoformat()}.", found.where.get(name, name))
        for name in ("published", "modified", "reviewed"):
            value = getattr(found, name)
            if value and value > today + dt.timedelta(days=1):
                yield self.hit(doc, f"The {name} date {value.isoformat()} is in the future.", found.where.get(name, name))


class MissingDisclaimer(_MetadataRule):
    code = "HL807"
    name = "missing-disclaimer"
    severity = "info"
    summary = "No medical disclaimer or advice to talk with a clinician."
    rationale = "Health information should say that it does not replace advice from a doctor, or tell readers to talk with their health care provider. Advice to see a GP, to ask the care team or to call 111 counts."
    source = "HONcode principle 2 (complementarity); FTC Health Products Compliance Guidance."
    pass_examples = (
        {"text": _FM, "format": "markdown"},
        "Knee pain\n\nRest and ice help. See a GP if the pain lasts more than two weeks.",
        "Knee pain\n\nRest and ice help. Ask your care team before you start new exercises.",
    )
    fail_examples = ({"text": "---\ntitle: Knee pain\n---\n\n# Knee pain\n\nRest and ice help.\n", "format": "markdown"},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        disclaimer = pattern("medical_disclaimer")
        meta_text = " ".join(str(v) for k, v in doc.metadata.items() if isinstance(v, str))
        if not any(disclaimer.search(b.text) for b in doc.blocks) and not disclaimer.search(meta_text):
            yield self.hit(doc, "Add a medical disclaimer, or tell readers to talk with their doctor.")


class UndisclosedPromotion(_MetadataRule):
    page_level = False  # flags the promotional words themselves
    code = "HL808"
    name = "undisclosed-promotion"
    severity = "warning"
    summary = "Promotional self-reference or sponsored content without a disclosure."
    rationale = "When a page promotes the publisher's own clinic or products, or is sponsored, readers must be told. The FTC requires clear disclosure of material connections. A clinic's call to action on pages that speak throughout as that clinic ('we treat...', 'our physiotherapists...') already says whose page it is and is not reported, unless the page also sells products ('our ... supplement', 'buy now', a price)."
    source = "FTC Endorsement Guides (16 CFR 255.5); HONcode principles 7 and 8 (financial disclosure, advertising policy)."
    pass_examples = (
        "Walk every day. Talk with your doctor first.",
        "Sponsored by Acme Clinic. Call us to book an appointment.",
        # the clinic's own site, speaking of its own services: the page itself says whose it is
        "We treat back and neck pain at our practice on Main Street. Our physiotherapists see adults and children. Contact us today to book an appointment.",
    )
    fail_examples = (
        {"text": "Walk every day. Call us today to book an appointment at our clinic.", "flag": "Call us"},
        {"text": "We love walking. Our team tried many shoes, and we think you will like these. Buy now and use code WALK10.", "flag": "Buy now"},
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        if trust(doc).disclosure:
            return
        disclosure = pattern("disclosure")
        if any(disclosure.search(b.text) for b in doc.blocks):
            return
        promotion = pattern("promotion")
        own_site = None
        for block in doc.blocks:
            for match in promotion.finditer(block.text):
                if _OWN_SERVICE.fullmatch(match.group(0)):
                    if own_site is None:
                        from ..analysis.claim_structure import commercial_voice

                        own_site = commercial_voice(doc) and not any(_SELLS.search(b.text) for b in doc.blocks)
                    if own_site:
                        continue  # a clinic's call to action on its own pages discloses itself
                yield Hit.in_block(block, match.start(), match.end(), "Promotional text with no disclosure; say who runs or sponsors this page.", severity=_severity(doc))
                return


# A page that sells products ("our FlexiJoint turmeric supplement", "buy now", "$29") is
# promotion even on the seller's own site.
_SELLS = re.compile(
    r"(?i)\bour (?:[\w-]+ ){0,3}(?:supplements?|products?|formula|capsules|pills|creams?|oils?|kits?|teas?|gummies|powders?|serums?)\b"
    r"|\b(?:buy|order|shop) (?:now|today|online)\b|[$£€]\s?\d"
)
# A clinic's own call to action ("contact us", "book an appointment", "our practice"), as
# opposed to selling products ("buy now", "use code", "our supplements").
_OWN_SERVICE = re.compile(
    r"(?:call|contact|visit) (?:us|our \w+)|(?:book|schedule|request) .*|our (?:clinic|practice|center|team of \w+)",
    re.I | re.S,
)


class SensationalTitle(_MetadataRule):
    page_level = False  # about the title's own words
    code = "HL809"
    name = "sensational-title"
    severity = "warning"
    summary = "The title is sensational or clickbait."
    rationale = "Titles like 'Doctors hate this one trick' or 'SHOCKING cure' signal low-quality health content to readers and search engines. Say plainly what the article covers."
    source = "Google Search Quality Rater Guidelines (clickbait, exaggerated titles on YMYL pages); FDA, 'Tips for spotting health fraud'."
    pass_examples = (
        {"text": "# How to ease knee pain\n\nRest.\n", "format": "markdown"},
        {"text": "# KNEE PAIN: CAUSES AND CARE\n\nRest.\n", "format": "markdown"},  # all capitals is a style
    )
    fail_examples = (
        {"text": "# Doctors hate this one trick for knee pain!!\n\nRest.\n", "format": "markdown", "flag": "Doctors hate this one trick for knee pain!!"},
        {"text": "# Knee pain: the SHOCKING TRUTH about surgery\n\nRest.\n", "format": "markdown"},
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        title = doc.title
        if not title:
            return
        sensational = pattern("sensational_title")
        outside_brackets = re.sub(r"\([^)]*\)", " ", title)
        # Two or more words in capitals is shouting; one is usually an acronym (CADASIL, SUNCT).
        shouting = [w for w in re.findall(r"\b[A-Z]{4,}\b", outside_brackets) if not re.fullmatch(r"[IVXLC]+", w)]
        shouting = shouting if len(shouting) >= 2 else []
        letters = [c for c in outside_brackets if c.isalpha()]
        if letters and sum(c.isupper() for c in letters) >= 0.8 * len(letters):
            shouting = []  # a heading set all in capitals is the site's style, not one word shouted
        reason = None
        match = sensational.search(title)
        if match:
            reason = f"'{match.group(0)}'"
        elif re.search(r"[!?]{2,}", title):
            reason = "repeated punctuation"
        elif shouting:
            reason = f"capitals ('{shouting[0]}')"
        if reason:
            for block in doc.blocks:
                if block.kind == "heading" and block.text == title:
                    yield Hit.in_block(block, 0, len(block.text), f"Sensational title ({reason}); say plainly what the article covers.", severity=_severity(doc))
                    return
            start, end = anchor(doc, "title")
            yield Hit(start, end, f"Sensational title ({reason}); say plainly what the article covers.", severity=_severity(doc))


RULES = (MissingAuthor, AuthorCredentials, MissingReviewer, MissingDate, StaleReview, ContradictoryDates, MissingDisclaimer, UndisclosedPromotion, SensationalTitle)
