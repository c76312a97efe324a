"""HTML pages, parsed with beautifulsoup4 on the standard library's html.parser.

bs4 builds the tree; a small subclass of its parser notes where each piece of text
came from (``getpos`` at every data, entity and character-reference event), and the
pieces are attached to the string node bs4 creates from them. Prose is then read off
the tree in document order with each string's own offset map, so entities and inline
tags never shift a position.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.builder._htmlparser import BeautifulSoupHTMLParser, HTMLParserTreeBuilder

from .directives import parse_directive
from .model import Block, Directive, Document, Image, Link, Mark, ParseProblem
from .offsets import ProseBuilder
from .server_code import mask_server_code
from .source import SourceText

EXCLUDED = frozenset(
    ["script", "style", "noscript", "template", "nav", "header", "footer", "form", "button", "select", "option", "textarea", "code", "pre", "kbd", "samp", "var", "svg", "math", "iframe", "object", "head", "title"]
)
BLOCKS = frozenset(
    ["html", "body", "main", "article", "section", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "td", "th", "caption", "figcaption", "figure", "aside", "address", "details", "summary", "center", "table", "tr", "ul", "ol", "dl"]
)
_LIST_CONTAINERS = frozenset(("tr", "table", "ul", "ol", "dl"))
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_CONTAINER_KIND = {"blockquote": "blockquote", "li": "list_item", "dt": "list_item", "dd": "list_item", "td": "table_cell", "th": "table_cell"}


@dataclass
class HtmlFragment:
    blocks: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    problems: list[ParseProblem] = field(default_factory=list)
    hidden: list[Block] = field(default_factory=list)


# Screen-reader-only text is hidden on purpose and is read aloud: it is prose, not stuffing.
_ACCESSIBLE = re.compile(r"\b(?:sr-only|visually-?hidden|screen-?reader(?:-text|-only)?|a11y-hidden|assistive-text|element-invisible)\b", re.I)
_HIDING_STYLES = (
    (re.compile(r"display:none"), "display:none"),
    (re.compile(r"visibility:hidden"), "visibility:hidden"),
    (re.compile(r"font-size:0(?:\.0+)?(?:px|em|rem|pt|%)?(?:;|!|$)"), "zero font size"),
    (re.compile(r"text-indent:-\d{3,}"), "off-screen text indent"),
    (re.compile(r"(?:left|top|right):-\d{3,}(?:px|em|rem)"), "off-screen position"),
    (re.compile(r"opacity:0(?:\.0+)?(?:;|!|$)"), "zero opacity"),
    (re.compile(r"(?<![-\w])color:(?:#fff(?:fff)?|white|transparent)(?:;|!|$)"), "invisible colour"),
)


def hiding_reason(tag: Tag) -> str:
    """Why ``tag`` hides its text from sighted readers, or "" when it does not."""
    classes = tag.get("class") or []
    classes = " ".join(classes) if isinstance(classes, list) else str(classes)
    if classes and _ACCESSIBLE.search(classes):
        return ""
    if tag.has_attr("hidden"):
        return "the hidden attribute"
    style = tag.get("style")
    if style:
        compact = re.sub(r"\s+", "", str(style).lower())
        for pattern, reason in _HIDING_STYLES:
            if pattern.search(compact):
                return reason
    return ""


class _PositionalParser(BeautifulSoupHTMLParser):
    """Records the source runs behind each string bs4 creates."""

    def __init__(self, *args: Any, base: int, line_starts: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.base = base
        self.local_starts = line_starts
        self.pending: list[tuple[str, int, int]] = []  # (text, src_start, src_end); verbatim when lengths match
        self.reference: tuple[int, int] | None = None
        self.comments: list[tuple[str, int, int]] = []
        soup = self.soup
        original = soup.object_was_parsed

        def object_was_parsed(o: Any, *a: Any, **k: Any) -> None:
            if isinstance(o, NavigableString):
                o.healthlint_runs = self.pending
                self.pending = []
            original(o, *a, **k)

        soup.object_was_parsed = object_was_parsed

    def here(self) -> int:
        line, column = self.getpos()
        return self.base + self.local_starts[line - 1] + column

    def handle_data(self, data: str) -> None:
        if self.reference is not None:
            start, end = self.reference
            self.pending.append((data, start, end))
        else:
            start = self.here()
            self.pending.append((data, start, start + len(data)))
        super().handle_data(data)

    def _reference(self, prefix: str, name: str) -> tuple[int, int]:
        start = self.here()
        end = start + len(prefix) + len(name)
        local = end - self.base
        if self.rawdata[local : local + 1] == ";":
            end += 1
        return start, end

    def _with_reference(self, prefix: str, name: str, handle) -> None:
        """Run bs4's handler for a reference, mapping the text it yields to the whole reference."""
        self.reference = self._reference(prefix, name)
        try:
            handle(name)
        finally:
            self.reference = None

    def handle_charref(self, name: str) -> None:
        self._with_reference("&#", name, super().handle_charref)

    def handle_entityref(self, name: str) -> None:
        self._with_reference("&", name, super().handle_entityref)

    def parse_html_declaration(self, i: int) -> int:
        if self._unterminated(i):
            return -1
        position = self.lineno, self.offset
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            # The standard library asserts on a malformed "<![" section (after moving its
            # position on); browsers show the characters as text.
            self.lineno, self.offset = position
            self.handle_data(self.rawdata[i : i + 2])
            return i + 2

    # The standard library looks for the end of a tag or comment from every "<" to the end of
    # the page: quadratic on a page of tags that never close ("<a <a <a ...", "<!--<!--").
    # Every construct ends in ">", so a "<" after the page's last ">" starts none: it is text,
    # found at once. (The parser is fed once, so the text does not grow under the guard.)
    def _unterminated(self, i: int) -> bool:
        if getattr(self, "_last_close", (None,))[0] != len(self.rawdata):
            self._last_close = (len(self.rawdata), self.rawdata.rfind(">"))
        return i > self._last_close[1]

    def parse_starttag(self, i: int) -> int:
        return -1 if self._unterminated(i) else super().parse_starttag(i)

    def parse_endtag(self, i: int) -> int:
        return -1 if self._unterminated(i) else super().parse_endtag(i)

    def parse_pi(self, i: int) -> int:
        return -1 if self._unterminated(i) else super().parse_pi(i)

    def parse_comment(self, i: int, report: int = 1) -> int:
        # Also: once a search from p found no "-->", none from after p can.
        unclosed = getattr(self, "_unclosed_from", None)
        if self._unterminated(i) or (unclosed is not None and unclosed[0] == len(self.rawdata) and i >= unclosed[1]):
            return -1
        j = super().parse_comment(i, report)
        if j == -1:
            self._unclosed_from = (len(self.rawdata), i)
        return j

    def handle_comment(self, data: str) -> None:
        start = self.here()
        self.comments.append((data, start, start + len(data) + 7))
        super().handle_comment(data)


class _PositionalTreeBuilder(HTMLParserTreeBuilder):
    def __init__(self, base: int, line_starts: list[int]) -> None:
        super().__init__()
        self.base = base
        self.line_starts = line_starts
        self.text = ""
        self.parser: _PositionalParser | None = None

    def offset_of(self, tag: Tag) -> int:
        """Source offset of ``<`` in the start tag of ``tag``."""
        if tag.sourceline is None:
            return self.base
        return self.base + self.line_starts[tag.sourceline - 1] + (tag.sourcepos or 0)

    def feed(self, markup: Any) -> None:
        args, kwargs = self.parser_args
        parser = _PositionalParser(self.soup, *args, base=self.base, line_starts=self.line_starts, **kwargs)
        self.parser = parser
        self.text = markup
        parser.feed(markup)
        parser.close()
        parser.already_closed_empty_element = []


def _local_line_starts(text: str) -> list[int]:
    starts, i = [0], text.find("\n")
    while i != -1:
        starts.append(i + 1)
        i = text.find("\n", i + 1)
    return starts


def parse_html(source: SourceText, path: str) -> Document:
    doc = Document(path=path, format="html", source=source)
    fragment = parse_html_fragment(source, 0, len(source.text), page=True)
    doc.blocks, doc.links, doc.images = fragment.blocks, fragment.links, fragment.images
    doc.directives, doc.metadata, doc.problems = fragment.directives, fragment.metadata, fragment.problems
    doc.hidden = fragment.hidden
    return doc


def parse_html_fragment(source: SourceText, start: int, end: int, page: bool = False, blank_line_paragraphs: bool = False) -> HtmlFragment:
    """Parse ``source.text[start:end]`` as HTML; positions stay offsets into ``source``.

    ``blank_line_paragraphs``: a blank line in text ends a paragraph, as WordPress's wpautop
    makes it for classic-editor posts.
    """
    text = mask_server_code(source.text[start:end])  # PHP and ASP blocks are code, not prose
    builder = _PositionalTreeBuilder(start, _local_line_starts(text))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(text, builder=builder)
    fragment = HtmlFragment()
    parser = builder.parser
    for data, s, e in parser.comments if parser else []:
        directive = parse_directive(data, s, e)
        if directive:
            fragment.directives.append(directive)
    reader = _Reader(soup, fragment, builder)
    reader.blank_line_paragraphs = blank_line_paragraphs
    reader.read()
    if page:
        _read_metadata(soup, fragment, builder)
    return fragment


class _Reader:
    """Walks the tree once, in document order, without recursion (pages can nest deeply)."""

    def __init__(self, soup: BeautifulSoup, fragment: HtmlFragment, builder: _PositionalTreeBuilder) -> None:
        self.soup = soup
        self.out = fragment
        self.builder = builder
        self.context: dict[int, tuple[bool, Tag | None, str, str]] = {}
        self.hidden = ""
        self.block_tag: Tag | None = None
        self.prose = ProseBuilder()
        self.marks: list[Mark] = []
        self.kind = "paragraph"
        self.level = 0
        self.open_inline: dict[int, tuple[str, int, str, int]] = {}
        self.pending_inline: list[Tag] = []
        self.blank_line_paragraphs = False

    def tag_span(self, tag: Tag) -> tuple[int, int]:
        """Source span of the start tag ``<name ...>``."""
        start = self.tag_offset(tag)
        close = self.builder.text.find(">", start - self.builder.base)
        end = start + 1 if close < 0 else self.builder.base + close + 1
        return start, end

    def tag_offset(self, tag: Tag) -> int:
        return self.builder.offset_of(tag)

    def info(self, tag: Tag | None) -> tuple[bool, Tag | None, str, str]:
        """(excluded, nearest block tag, block kind, why hidden) for ``tag``, memoised up the tree."""
        chain: list[Tag] = []
        node = tag
        while node is not None and id(node) not in self.context and isinstance(node, Tag):
            chain.append(node)
            node = node.parent
        parent_info = self.context.get(id(node), (False, None, "paragraph", "")) if node is not None else (False, None, "paragraph", "")
        for current in reversed(chain):
            excluded, block, kind, hidden = parent_info
            name = current.name
            if name in EXCLUDED:
                excluded = True
            if not hidden:
                hidden = hiding_reason(current)
                if hidden:
                    block = current  # hidden text is kept apart from the visible prose
            if name in BLOCKS and name not in _LIST_CONTAINERS:
                block = current
                if name in _CONTAINER_KIND:
                    kind = _CONTAINER_KIND[name]
                elif name in _HEADINGS:
                    kind = "heading"
                elif kind == "heading":
                    kind = "paragraph"
                # p, div and the like keep the kind of the quote, item or cell they sit in
            parent_info = (excluded, block, kind, hidden)
            self.context[id(current)] = parent_info
        return parent_info

    def flush(self) -> None:
        text = self.prose.text()
        if text:
            target = self.out.hidden if self.hidden else self.out.blocks
            target.append(Block(self.kind, text, self.prose.map, self.level, self.marks, label=self.hidden))
        self.prose = ProseBuilder()
        self.marks = []
        self.open_inline = {}

    def read(self) -> None:
        node = self.soup.contents[0] if self.soup.contents else None
        while node is not None:
            if isinstance(node, Tag):
                self.tag(node)
            elif type(node) is NavigableString:
                self.string(node)
            node = node.next_element
        self.close_inline(None)
        self.flush()

    def enter_block(self, block: Tag | None, kind: str, hidden: str = "") -> None:
        if block is not self.block_tag:
            self.close_inline(None)
            self.flush()
            self.block_tag = block
            self.hidden = hidden
            self.kind = kind
            self.level = int(block.name[1]) if block is not None and kind == "heading" else 0

    def tag(self, tag: Tag) -> None:
        excluded, block, kind, hidden = self.info(tag)
        name = tag.name
        if name == "img":
            alt = tag.get("alt")
            start, end = self.tag_span(tag)
            self.out.images.append(Image(src=str(tag.get("src", "")), alt=None if alt is None else str(alt), start=start, end=end))
            return
        if excluded:
            return
        if name in ("a", "sup"):
            self.enter_block(block, kind, hidden)
            self.close_inline(tag)
            self.open_inline[id(tag)] = (name, len(self.prose), str(tag.get("href", "")), self.tag_offset(tag))
            self.pending_inline.append(tag)
        elif name == "br" and block is self.block_tag:
            self.prose.separator(*self.tag_span(tag))

    def close_inline(self, node: Any) -> None:
        """Close the open links and superscripts that ``node`` is not inside (all, for None)."""
        keep = []
        for tag in self.pending_inline:
            if node is not None and _is_inside(node, tag):
                keep.append(tag)
            else:
                self.finish_inline(tag)
        self.pending_inline = keep

    def finish_inline(self, tag: Tag) -> None:
        name, start, href, src_start = self.open_inline.pop(id(tag), (tag.name, len(self.prose), "", 0))
        end = len(self.prose)
        if name == "sup":
            self.marks.append(Mark("superscript", start, end))
        else:
            self.marks.append(Mark("link", start, end, href))
            label = self.prose.text()[start:end] if end > start else ""
            src_end = self.prose.map.span(start, end)[1] if end > start else src_start
            self.out.links.append(Link(href=href, text=label.strip(), start=src_start, end=max(src_end, src_start)))

    def string(self, node: NavigableString) -> None:
        parent = node.parent
        excluded, block, kind, hidden = self.info(parent)
        if excluded:
            return
        runs = getattr(node, "healthlint_runs", None)
        if not runs:
            return
        self.enter_block(block, kind, hidden)
        if self.pending_inline:
            self.close_inline(node)
        if not str(node).strip():
            if self.blank_line_paragraphs and _BLANK_LINE.search(str(node)):
                self.paragraph_break()
            else:
                self.prose.separator(runs[0][1], runs[-1][2])
            return
        for text, start, end in runs:
            if end - start != len(text):
                self.prose.atomic(text, start, end)
            elif self.blank_line_paragraphs and "\n" in text:
                at = 0
                for found in _BLANK_LINE.finditer(text):
                    self.prose.verbatim(text[at : found.start()], start + at)
                    self.paragraph_break()
                    at = found.end()
                self.prose.verbatim(text[at:], start + at)
            else:
                self.prose.verbatim(text, start)

    def paragraph_break(self) -> None:
        """End the paragraph here; the text after it starts a new one of the same kind."""
        self.close_inline(None)
        self.flush()


_BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n\s*")


def _is_inside(node: Any, ancestor: Tag) -> bool:
    parent = node.parent
    # Walk up a bounded number of levels: inline marks sit close to their text.
    for _ in range(64):
        if parent is None:
            return False
        if parent is ancestor:
            return True
        parent = parent.parent
    return False


def _read_metadata(soup: BeautifulSoup, out: HtmlFragment, builder: _PositionalTreeBuilder) -> None:
    offset_of = builder.offset_of
    meta: dict[str, Any] = {}
    offsets: dict[str, int] = {}
    title = soup.find("title")
    if isinstance(title, Tag):
        meta["title"] = title.get_text().strip()
        offsets["title"] = offset_of(title)
    html = soup.find("html")
    if isinstance(html, Tag) and html.get("lang"):
        meta["lang"] = str(html.get("lang"))
    named: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("name") or tag.get("property") or tag.get("itemprop")
        if key and tag.get("content") is not None:
            key = str(key).lower()
            named.setdefault(key, str(tag.get("content")))
            offsets.setdefault(key, offset_of(tag))
    if "description" in named:
        meta["description"] = named["description"]
    if "keywords" in named:
        meta["keywords"] = named["keywords"]
    if named:
        meta["meta"] = named
    for tag in soup.find_all("link"):
        rel = tag.get("rel") or []
        rel = rel if isinstance(rel, list) else str(rel).split()
        if "canonical" in [r.lower() for r in rel] and tag.get("href"):
            meta["canonical"] = str(tag.get("href"))
            offsets["canonical"] = offset_of(tag)
    json_ld = []
    for tag in soup.find_all("script", attrs={"type": "application/ld+json"}):
        raw = tag.get_text()
        try:
            json_ld.append(json.loads(raw))
        except (ValueError, RecursionError) as exc:
            at = offset_of(tag)
            out.problems.append(ParseProblem("json-ld", f"JSON-LD block is not valid JSON: {exc}", at, at + 7))
    if json_ld:
        meta["json_ld"] = json_ld
    meta["_offsets"] = offsets
    out.metadata.update(meta)
