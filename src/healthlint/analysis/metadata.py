"""Trust metadata from front matter, HTML meta tags and JSON-LD, in one shape.

Front matter keys and meta names vary between sites, so each field accepts the common
spellings (``author``/``authors``/``byline``; ``reviewed_by``/``medical_reviewer``;
``date``/``published``/``datePublished``...). JSON-LD ``Article``, ``MedicalWebPage``
and ``WebPage`` objects (also inside ``@graph``) give ``author``, ``reviewedBy``,
``datePublished``, ``dateModified`` and ``lastReviewed``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..document import Document
from . import memo

_KEYS = {
    "author": ("author", "authors", "byline", "written_by", "writer", "article:author", "dc.creator", "citation_author"),
    "reviewer": ("reviewer", "reviewed_by", "reviewedby", "medical_reviewer", "medically_reviewed_by", "medical_review", "fact_checked_by"),
    "published": ("date", "published", "date_published", "datepublished", "publish_date", "pubdate", "article:published_time", "dc.date", "citation_publication_date", "created"),
    "modified": ("updated", "modified", "date_modified", "datemodified", "last_modified", "lastmod", "article:modified_time", "last_updated"),
    "reviewed": ("reviewed", "last_reviewed", "lastreviewed", "date_reviewed", "review_date", "reviewed_on", "medically_reviewed_on"),
    "disclosure": ("sponsored", "sponsor", "disclosure", "advertisement", "affiliate"),
}
_LD_KEYS = {"author": ("author", "creator"), "reviewer": ("reviewedBy",), "published": ("datePublished", "dateCreated"),
            "modified": ("dateModified",), "reviewed": ("lastReviewed",)}
_ARTICLE_TYPES = {"article", "medicalwebpage", "webpage", "newsarticle", "blogposting", "medicalscholarlyarticle", "healthtopiccontent"}


@dataclass
class Trust:
    author: list[str] = field(default_factory=list)
    reviewer: list[str] = field(default_factory=list)
    published: dt.date | None = None
    modified: dt.date | None = None
    reviewed: dt.date | None = None
    disclosure: str | None = None
    raw_dates: dict[str, str] = field(default_factory=dict)
    where: dict[str, str] = field(default_factory=dict)  # field -> metadata key, for anchoring findings
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # "text:<field>" -> source span of a date read from the prose

    @property
    def latest(self) -> dt.date | None:
        dates = [d for d in (self.published, self.modified, self.reviewed) if d]
        return max(dates) if dates else None


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = re.match(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", text)
    try:
        if match:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3) or 1))
        for fmt in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %Y", "%b %Y", "%m/%d/%Y", "%Y"):
            try:
                return dt.datetime.strptime(text.replace(".", ""), fmt).date()
            except ValueError:
                continue
    except ValueError:
        return None
    return None


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in re.split(r"\s*(?:;|\band\b)\s*", value) if v.strip()]
    if isinstance(value, dict):
        name = value.get("name") or value.get("@id")
        credentials = value.get("hasCredential") or value.get("honorificSuffix") or value.get("jobTitle")
        if isinstance(name, str):
            return [f"{name}, {credentials}" if isinstance(credentials, str) and credentials else name]
        return []
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    return []


def _ld_objects(data: Any) -> list[dict]:
    out: list[dict] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds):
                out.append(item)
            if "@graph" in item:
                stack.append(item["@graph"])
    return out


def trust(doc: Document) -> Trust:
    return memo(doc, "trust", lambda: _read(doc))


def _read(doc: Document) -> Trust:
    found = Trust()
    flat: dict[str, Any] = {}
    for key, value in doc.metadata.items():
        if not key.startswith("_") and key not in ("meta", "json_ld"):
            flat[key.lower().replace("-", "_").replace(" ", "_")] = value
    for key, value in (doc.metadata.get("meta") or {}).items():
        flat.setdefault(key.lower(), value)
    for name, keys in _KEYS.items():
        for key in keys:
            if key in flat and flat[key] not in (None, "", []):
                value = flat[key]
                found.where.setdefault(name, key)
                if name in ("author", "reviewer"):
                    getattr(found, name).extend(_names(value))
                elif name == "disclosure":
                    found.disclosure = str(value)
                elif getattr(found, name) is None:
                    setattr(found, name, parse_date(value))
                    found.raw_dates[name] = str(value)
                break
    for obj in _ld_objects(doc.metadata.get("json_ld") or []):
        for name, keys in _LD_KEYS.items():
            for key in keys:
                if key not in obj:
                    continue
                found.where.setdefault(name, "json_ld")
                if name in ("author", "reviewer"):
                    if not getattr(found, name):
                        getattr(found, name).extend(_names(obj[key]))
                elif getattr(found, name) is None:
                    setattr(found, name, parse_date(obj[key]))
                    found.raw_dates[name] = str(obj[key])
    _read_prose_dates(doc, found)
    return found


# "Last reviewed: 3 March 2009", "Page last updated on March 3, 2009", "Review date: 2009-03-03":
# dates that pages print in the text instead of metadata.
_DATE = r"(?:\d{4}-\d{1,2}(?:-\d{1,2})?|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\.? [A-Z][a-z]{2,8}\.? \d{4}|[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|[A-Z][a-z]{2,8}\.? \d{4}|\d{4})"
_PROSE_DATE = re.compile(
    r"(?<![\w-])(?:(?P<reviewed>(?:page |content |article )?(?:last |medically )?reviewed(?: by [^:\n]{1,60}?)?(?: on)?|review(?:ed)? date|date (?:of )?(?:last )?review|next review(?: date)?)"
    r"|(?P<modified>(?:page |content )?(?:last )?(?:updated|modified)(?: on)?|date (?:last )?(?:updated|modified)|last update)"
    r"|(?P<published>(?:first |date )?published(?: on)?|publication date|date published|posted(?: on)?))"
    r"\s*[:\-–—]?\s*(?P<date>" + _DATE + r")(?!\w)",
    re.IGNORECASE,
)


def _read_prose_dates(doc: Document, found: Trust) -> None:
    """Dates given in the page's text, for the fields metadata left empty."""
    if found.published and (found.reviewed or found.modified):
        return
    from .citations import reference_blocks

    references = {id(b) for b in reference_blocks(doc)}
    for block in doc.blocks:
        if len(block.text) > 400 and block.kind == "paragraph":
            continue  # a date line is short; long paragraphs talk about other dates
        if block.kind == "footnote" or id(block) in references or re.search(r"(?i)\baccessed\b|https?://", block.text):
            continue  # a source's own dates ("Updated May 3, 2024. Accessed...")
        for match in _PROSE_DATE.finditer(block.text):
            name = next(k for k in ("reviewed", "modified", "published") if match.group(k))
            if name == "reviewed" and match.group("reviewed").lower().startswith("next"):
                continue  # the next review is a plan, not a review
            value = parse_date(match.group("date"))
            if value is None or getattr(found, name) is not None:
                continue
            setattr(found, name, value)
            found.raw_dates[name] = match.group("date")
            key = f"text:{name}"
            found.where[name] = key
            found.spans[key] = block.source_span(match.start(), match.end())


def article_date(doc: Document) -> dt.date | None:
    """The date an article speaks from: last reviewed, else modified, else published."""
    t = trust(doc)
    return t.reviewed or t.modified or t.published
