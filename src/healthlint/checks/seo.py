"""On-page SEO for HTML and Markdown: HL310-HL317."""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping
from urllib.parse import urlparse

from ..analysis.readability import document_counts
from ..document import Document
from ..engine.finding import Hit
from ..engine.rule import Option, Rule
from .trust_metadata import anchor

_YOAST = "Yoast SEO assessments (SEO title width, meta description length, single H1, image alt, text length, outbound links), as summarised in shared/reference/seo-and-readability.md."

# Approximate advance widths (px) of Arial at 20 px, the font of Google's desktop titles.
_NARROW = set("fijlrtI!|.,:;'` ()[]")
_WIDE = set("mwMW@%")
_UPPER_WIDE = set("ABCDEGHKNOQRSUVXYZ")


def title_width(title: str) -> float:
    width = 0.0
    for ch in title:
        if ch == " ":
            width += 5.6
        elif ch in _NARROW:
            width += 5.0
        elif ch in _WIDE:
            width += 16.7
        elif ch in _UPPER_WIDE:
            width += 13.3
        elif ch.isupper():
            width += 12.2
        elif ch.isdigit():
            width += 11.1
        else:
            width += 10.6
    return width


def _page(doc: Document) -> bool:
    """HTML pages and Markdown with front matter carry page metadata; plain drafts do not."""
    return doc.format == "html" or (doc.format == "markdown" and bool(doc.metadata.get("_key_offsets")))


class TitleLength(Rule):
    code = "HL310"
    name = "title-length"
    category = "seo"
    severity = "warning"
    summary = "The page title is missing, or too long for search results (over 600 px or 60 characters)."
    rationale = "Search results cut titles at about 600 pixels (roughly 60 characters); the cut part is lost. Titles under 30 characters waste the space. Width is estimated from Arial 20 px character widths."
    source = _YOAST + " Google Search Central, 'Influencing your title links'."
    options = {"max_pixels": Option(600, "Widest title in pixels."), "max_chars": Option(60, "Longest title in characters."), "min_chars": Option(30, "Shortest title in characters.")}
    pass_examples = ({"text": "<html><head><title>Knee pain: causes, treatment and when to see a doctor</title></head><body><h1>Knee pain</h1></body></html>", "format": "html"},)
    fail_examples = ({"text": "<html><head><title>Knee pain: everything you ever wanted to know about causes, treatment, exercises, surgery and recovery</title></head><body><h1>Knee pain</h1></body></html>", "format": "html"},
                     {"text": "<html><head></head><body><p>Rest your knee.</p></body></html>", "format": "html"})

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        if not _page(doc):
            return
        title = doc.metadata.get("title")
        if not isinstance(title, str) or not title.strip():
            start, end = anchor(doc)
            yield Hit(start, end, "The page has no title.")
            return
        title = title.strip()
        width = title_width(title)
        start, end = anchor(doc, "title")
        if width > options["max_pixels"] or len(title) > options["max_chars"]:
            yield Hit(start, end, f"The title is {len(title)} characters (about {width:.0f} px); search results show about {options['max_chars']} characters ({options['max_pixels']} px).")
        elif len(title) < options["min_chars"]:
            yield Hit(start, end, f"The title is only {len(title)} characters; say what the page covers in {options['min_chars']}-{options['max_chars']}.", severity="info")


class MetaDescription(Rule):
    page_level = True
    code = "HL311"
    name = "meta-description"
    category = "seo"
    severity = "warning"
    summary = "The meta description is missing, or not 120-156 characters."
    rationale = "Search engines show the meta description under the title. Yoast recommends 120 to 156 characters: shorter wastes the snippet, longer is cut off."
    source = _YOAST
    options = {"min_chars": Option(120, "Shortest description."), "max_chars": Option(156, "Longest description.")}
    pass_examples = (
        {"text": '<html><head><title>Knee pain</title><meta name="description" content="Knee pain has many causes, from strains to arthritis. Learn what helps at home, which exercises to try, and when to see a doctor."></head></html>', "format": "html"},
        {"text": "---\ntitle: Knee pain\nexcerpt: Knee pain has many causes, from strains to arthritis. Learn what helps at home, which exercises to try, and when to see a doctor.\n---\n\nRest.\n", "format": "markdown"},  # the excerpt is the description
    )
    fail_examples = ({"text": '<html><head><title>Knee pain</title><meta name="description" content="All about knee pain."></head></html>', "format": "html"},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        if not _page(doc):
            return
        key = description_key(doc)
        description = doc.metadata.get(key) if key else None
        if not isinstance(description, str) or not description.strip():
            start, end = anchor(doc)
            yield Hit(start, end, "The page has no meta description.", severity="info")
            return
        length = len(description.strip())
        if not options["min_chars"] <= length <= options["max_chars"]:
            start, end = anchor(doc, key)
            yield Hit(start, end, f"The meta description is {length} characters; aim for {options['min_chars']}-{options['max_chars']}.")


class SingleH1(Rule):
    code = "HL312"
    name = "single-h1"
    category = "seo"
    severity = "warning"
    summary = "The page has no H1, or more than one."
    rationale = "One H1 tells readers and search engines what the page is about; several H1s blur it."
    source = _YOAST
    pass_examples = (
        {"text": "# Knee pain\n\n## Causes\n\nText.\n", "format": "markdown"},
        {"text": "---\ntitle: Knee pain\n---\n\n## Causes\n\nText.\n", "format": "markdown"},  # the layout renders the title
    )
    fail_examples = (
        {"text": "# Knee pain\n\nText.\n\n# Causes\n\nText.\n", "format": "markdown", "flag": "# Causes"},
        {"text": "<title>Knee pain</title><h2>Causes</h2><p>Text.</p>", "format": "html"},
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        if doc.format == "text":
            return
        h1 = [b for b in doc.headings if b.level == 1]
        if not h1 and doc.blocks and not _layout_title(doc):
            start, end = anchor(doc)
            yield Hit(start, end, "The page has no H1 heading.")
        for block in h1[1:]:
            start, end = block.source_span(0, len(block.text))
            line_start = doc.source.text.rfind("\n", 0, start) + 1
            if doc.format == "markdown" and doc.source.text[line_start:start].strip() in ("#", ""):
                start = line_start
            yield Hit(start, end, f"This is H1 number {h1.index(block) + 1}; use one H1 and H2s below it.")


# Where site generators keep the page's description: HTML meta, Jekyll/Hugo `description`,
# `short_description` (Hugo themes), `excerpt` (Jekyll, Gatsby), `summary` (Hugo).
DESCRIPTION_KEYS = ("description", "short_description", "excerpt", "summary", "meta_description")


def description_key(doc: Document) -> str | None:
    """The metadata key that holds the page's description, if any."""
    for key in DESCRIPTION_KEYS:
        value = doc.metadata.get(key)
        if isinstance(value, str) and value.strip():
            return key
    return None


def _layout_title(doc: Document) -> bool:
    """A Markdown page with a front-matter title: site generators (Jekyll, Hugo, Eleventy,
    Docusaurus...) render it as the page's H1 through the layout."""
    title = doc.metadata.get("title")
    return doc.format == "markdown" and isinstance(title, str) and bool(title.strip())


class HeadingLevels(Rule):
    code = "HL313"
    name = "heading-levels"
    category = "seo"
    severity = "warning"
    summary = "A heading skips a level (an H2 followed by an H4)."
    rationale = "Heading levels form an outline for screen readers and search engines; skipping a level breaks it."
    source = "W3C WAI, 'Headings' tutorial; WCAG 2.2 technique G141."
    pass_examples = ({"text": "# A\n\n## B\n\n### C\n\n## D\n", "format": "markdown"},)
    fail_examples = ({"text": "# A\n\n## B\n\n#### C\n", "format": "markdown", "flag": "C"},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        if doc.format == "text":
            return
        previous = 0
        for block in doc.headings:
            if previous and block.level > previous + 1:
                yield Hit.in_block(block, 0, len(block.text), f"H{block.level} follows H{previous}; use H{previous + 1}.")
            previous = block.level


class ImageAlt(Rule):
    code = "HL314"
    name = "image-alt"
    category = "seo"
    severity = "warning"
    summary = "An image has no alt text."
    rationale = "Alt text describes an image to people using screen readers and to search engines. Decorative HTML images may use an empty alt=\"\"; a missing attribute is always an error."
    source = _YOAST + " WCAG 2.2 success criterion 1.1.1."
    pass_examples = ({"text": '<p><img src="k.jpg" alt="A woman icing her knee"><img src="line.png" alt=""></p>', "format": "html"}, {"text": "![A woman icing her knee](k.jpg)", "format": "markdown"})
    fail_examples = ({"text": '<p><img src="k.jpg"></p>', "format": "html", "flag": '<img src="k.jpg">'}, {"text": "![](k.jpg)", "format": "markdown"})

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        for image in doc.images:
            if image.alt is None or (doc.format == "markdown" and not image.alt.strip()):
                yield Hit(image.start, image.end, f"Image '{image.src}' has no alt text; describe what it shows.")


class ThinContent(Rule):
    page_level = True
    code = "HL315"
    name = "thin-content"
    category = "seo"
    severity = "info"
    summary = "The article has fewer than 300 words."
    rationale = "Very short pages rarely answer a health question fully, and search engines rank them lower. Yoast's text-length check starts at 300 words."
    source = _YOAST
    options = {"min_words": Option(300, "Fewest words for a full article.")}
    pass_examples = ("Rest helps. " * 160,)
    fail_examples = ("Rest helps your knee heal.",)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        words = document_counts(doc).words
        if doc.blocks and words < options["min_words"]:
            start, end = anchor(doc)
            yield Hit(start, end, f"The article has {words} words; full articles usually need {options['min_words']} or more.")


def _external(href: str) -> bool:
    parsed = urlparse(href)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)


class NoOutboundLinks(Rule):
    page_level = True
    code = "HL316"
    name = "no-outbound-links"
    category = "seo"
    severity = "info"
    summary = "The article links to no outside source."
    rationale = "Links to the agencies and studies behind a health article let readers check it, and are a trust signal for search engines (YMYL)."
    source = _YOAST + " Google Search Quality Rater Guidelines (YMYL)."
    options = {"min_words": Option(300, "Only articles at least this long are checked.")}
    pass_examples = ({"text": "Rest helps. " * 160 + "\n\nSee [the CDC](https://www.cdc.gov/).", "format": "markdown"},)
    fail_examples = ({"text": "# Knee\n\n" + "Rest helps. " * 160, "format": "markdown"},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        if doc.format == "text" or document_counts(doc).words < options["min_words"]:
            return
        if not any(_external(link.href) for link in doc.links):
            start, end = anchor(doc)
            yield Hit(start, end, "No links to outside sources; link to the studies or agencies behind the article.")


_VAGUE = re.compile(r"^(?:click here|here|read more|more|learn more|this link|link|this page|this|this article|go|continue|details|more info|more information|find out more)[.!]?$", re.I)


class VagueAnchorText(Rule):
    code = "HL317"
    name = "vague-anchor-text"
    category = "seo"
    severity = "warning"
    summary = "Link text that says nothing about the target ('click here', 'read more')."
    rationale = "Screen-reader users jump from link to link, and search engines read anchor text. Say where the link goes: 'CDC guidance on handwashing', not 'click here'."
    source = "W3C WCAG 2.2 success criterion 2.4.4 (link purpose); Google Search Central, 'Write good link text'."
    pass_examples = ({"text": "Read the [CDC guidance on handwashing](https://www.cdc.gov/x).", "format": "markdown"},)
    fail_examples = ({"text": "For more, [click here](https://www.cdc.gov/x).", "format": "markdown", "flag": "[click here](https://www.cdc.gov/x)"},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        for link in doc.links:
            if _VAGUE.match(link.text.strip()):
                yield Hit(link.start, link.end, f"Link text '{link.text}' does not say where it goes.")


RULES = (TitleLength, MetaDescription, SingleH1, HeadingLevels, ImageAlt, ThinContent, NoOutboundLinks, VagueAnchorText)
