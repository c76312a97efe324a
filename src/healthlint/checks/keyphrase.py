"""The focus keyphrase (from front matter, --keyphrase or config): HL320 and HL321."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any, Iterable, Mapping
from urllib.parse import urlparse

from ..analysis.keyphrase import count_in, density, keyphrase_words
from ..analysis.readability import BODY_KINDS, document_counts
from ..document import Document
from ..engine.finding import Hit
from ..engine.rule import Option, Rule
from .trust_metadata import anchor

_YOAST = "Yoast SEO keyphrase assessments (density, introduction, title, slug, meta description, subheadings, image alt), as summarised in shared/reference/seo-and-readability.md."
_FM = "---\ntitle: Knee pain relief at home\nkeyphrase: knee pain\ndescription: Simple ways to ease knee pain at home, from rest and ice to gentle exercise, and signs that mean you should see a doctor soon.\n---\n\n"


class KeyphraseDensity(Rule):
    page_level = True
    code = "HL320"
    name = "keyphrase-density"
    category = "seo"
    severity = "warning"
    summary = "The focus keyphrase is used too rarely or too often."
    rationale = (
        "Yoast's arithmetic: a sentence counts as many matches as its least frequent keyphrase word; "
        "density is matches / words, weighted by 0.7 + n/3 for an n-word keyphrase. 0.5-3.5% is good "
        "(word forms are matched); above 4% is far too many; one match is too few. Texts under 100 "
        "words use counts instead. Runs only when a keyphrase is set."
    )
    source = _YOAST
    options = {"max_density": Option(3.5, "Highest good weighted density, percent.")}
    pass_examples = ({"text": _FM + "# Knee pain relief\n\n" + "Knee pain is common. " + "Rest and ice help most sore joints heal in a week or two. " * 12 + "Knee pain that lasts needs a doctor.", "format": "markdown"},)
    fail_examples = ({"text": _FM + "# Knee pain\n\n" + "Knee pain is bad. Knee pain hurts. " * 20, "format": "markdown"},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        keyphrase = doc.settings.get("keyphrase")
        if not keyphrase:
            return
        result = density(doc, keyphrase, document_counts(doc).words, options["max_density"])
        if result.verdict == "good":
            return
        start, end = anchor(doc, "keyphrase")
        found = f"'{keyphrase}' is found {result.matches} time{'s' if result.matches != 1 else ''} in {result.words} words ({result.density:.1f}%)"
        advice = {
            "none": f"use it at least {result.minimum} times",
            "too-few": f"use it at least {result.minimum} times",
            "over": f"use it at most {result.maximum} times",
            "way-over": f"this is keyword stuffing; use it at most {result.maximum} times",
        }[result.verdict]
        severity = "error" if result.verdict == "way-over" else "info" if result.verdict in ("none", "too-few") else None
        yield Hit(start, end, f"{found}; {advice}.", severity=severity)


def _has(text: str, words: list[str], exact: bool, share: float = 1.0) -> bool:
    if exact:
        return count_in(text, words, True) > 0
    from ..analysis.keywords import tokens, word_form

    present = {word_form(t) for t in tokens(text)}
    return sum(1 for w in words if w in present) >= max(1, round(share * len(words)))


class KeyphrasePlacement(Rule):
    page_level = True
    code = "HL321"
    name = "keyphrase-placement"
    category = "seo"
    severity = "info"
    summary = "The focus keyphrase is missing from the title, H1, introduction, slug, meta description, subheadings or image alt text."
    rationale = (
        "Readers and search engines look for the topic in the title, the first heading and the first "
        "paragraph; Yoast also checks the slug, the meta description, 30-75% of subheadings and image "
        "alt text. Each missing place is one finding, on the element to change."
    )
    source = _YOAST
    options = {"places": Option(["title", "h1", "introduction", "slug", "description", "subheadings", "alt"], "Places to check.")}
    pass_examples = ({"text": _FM + "# Knee pain relief\n\nKnee pain often eases with rest.\n\n## When knee pain needs a doctor\n\nSee a doctor.\n\n## Exercises\n\nWalk.\n", "format": "markdown"},)
    fail_examples = ({"text": _FM.replace("Knee pain relief at home", "Home care for sore joints") + "# Sore joints\n\nRest helps.\n", "format": "markdown", "flag": "title: Home care for sore joints"},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        keyphrase = doc.settings.get("keyphrase")
        if not keyphrase:
            return
        words, exact = keyphrase_words(keyphrase)
        places = set(options["places"])
        where = f"the focus keyphrase '{keyphrase}'"
        title = doc.metadata.get("title")
        if "title" in places and isinstance(title, str) and not _has(title, words, exact):
            yield Hit(*anchor(doc, "title"), f"Put {where} in the title.")
        h1 = next((b for b in doc.headings if b.level == 1), None)
        if "h1" in places and h1 is not None and not _has(h1.text, words, exact):
            yield Hit.in_block(h1, 0, len(h1.text), f"Put {where} in the H1 heading.")
        first = next((b for b in doc.blocks if b.kind in BODY_KINDS), None)
        if "introduction" in places and first is not None and not _has(first.text, words, exact):
            yield Hit.in_block(first, 0, len(first.text), f"Use {where} in the first paragraph.")
        if "slug" in places:
            slug = str(doc.metadata.get("slug") or "") or urlparse(str(doc.metadata.get("canonical") or "")).path or PurePath(doc.path).stem
            slug_words = " ".join(re.split(r"[-_/.\s]+", slug))
            if slug and doc.path not in ("<text>", "-") and not _has(slug_words, words, exact, share=0.5):
                yield Hit(*anchor(doc, "slug", "canonical"), f"Put {where} in the slug or file name ('{slug}').")
        description = doc.metadata.get("description")
        if "description" in places and isinstance(description, str) and description.strip() and not _has(description, words, exact):
            yield Hit(*anchor(doc, "description"), f"Put {where} in the meta description.")
        subheadings = [b for b in doc.headings if b.level in (2, 3)]
        if "subheadings" in places and len(subheadings) >= 2:
            share = sum(1 for b in subheadings if _has(b.text, words, exact, share=0.5)) / len(subheadings)
            if not 0.3 <= share <= 0.75:
                block = subheadings[0]
                advice = "Use it in" if share < 0.3 else "Use it in fewer of"
                yield Hit.in_block(block, 0, len(block.text), f"{where[0].upper() + where[1:]} is in {share:.0%} of H2/H3 subheadings; {advice.lower()} them (30-75%).")
        images = doc.images
        if "alt" in places and images and not any(img.alt and _has(img.alt, words, exact, share=0.5) for img in images):
            yield Hit(images[0].start, images[0].end, f"Describe at least one image with {where} in its alt text, where it fits.")


RULES = (KeyphraseDensity, KeyphrasePlacement)
