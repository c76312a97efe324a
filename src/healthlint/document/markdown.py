"""Markdown articles, parsed with markdown-it-py.

markdown-it gives block structure with source line ranges, and inline tokens whose
text appears verbatim in the source once its ``text_join`` rule is switched off
(entities and escapes then stay separate ``text_special`` tokens). Each inline token
is found in order within its block's lines, which gives exact offsets without
re-searching the whole file.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from .directives import parse_directive
from .frontmatter import mask, prose_fields, read_front_matter
from .model import Block, Document, Image, Link, Mark
from .offsets import ProseBuilder
from .source import SourceText

_CONTAINERS = {
    "blockquote_open": "blockquote",
    "list_item_open": "list_item",
    "footnote_open": "footnote",
    "th_open": "table_cell",
    "td_open": "table_cell",
}
_SKIP_INLINE = {"code_inline"}
_MARK_KINDS = {"em_open": "emphasis", "strong_open": "strong", "s_open": "strikethrough"}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table").enable("strikethrough").use(footnote_plugin)
    md.disable("text_join")
    return md


def parse_markdown(source: SourceText, path: str) -> Document:
    doc = Document(path=path, format="markdown", source=source)
    front = read_front_matter(source.text)
    doc.metadata.update(front.data)
    if front.key_offsets:
        doc.metadata["_key_offsets"] = front.key_offsets
    doc.problems.extend(front.problems)
    text = mask(source.text, front.end) if front.end else source.text
    _Walker(doc, text).walk(_parser().parse(text))
    for key, value, start in prose_fields(source.text, front):
        prose = ProseBuilder()
        prose.verbatim(value, start)
        doc.blocks.append(Block(kind="front_matter", text=prose.text(), offsets=prose.map, label=key))
    # Footnote definitions come last in markdown-it's stream; keep blocks in source order.
    doc.blocks.sort(key=lambda block: block.offsets.start(0))
    return doc


class _Walker:
    def __init__(self, doc: Document, text: str) -> None:
        self.doc = doc
        self.text = text
        self.starts = doc.source.line_starts
        self.containers: list[str] = []
        self.labels: list[str] = []
        self.heading_level = 0
        self.region: tuple[int, int] | None = None  # the map of the inline tokens being placed
        self.cursor = 0

    def line_offset(self, line: int) -> int:
        return self.starts[line] if line < len(self.starts) else len(self.text)

    def walk(self, tokens: list[Token]) -> None:
        for token in tokens:
            kind = token.type
            if kind in _CONTAINERS:
                self.containers.append(_CONTAINERS[kind])
                label = token.meta.get("label", "") if kind == "footnote_open" and token.meta else token.info
                self.labels.append(str(label or ""))
            elif kind.endswith("_close") and kind.replace("_close", "_open") in _CONTAINERS:
                self.containers.pop()
                self.labels.pop()
            elif kind == "heading_open":
                self.heading_level = int(token.tag[1])
            elif kind == "heading_close":
                self.heading_level = 0
            elif kind == "inline":
                self.inline(token)
            elif kind == "html_block" and token.map:
                self.html_block(token)

    def block_kind(self) -> str:
        if self.heading_level:
            return "heading"
        return self.containers[-1] if self.containers else "paragraph"

    def html_block(self, token: Token) -> None:
        start, end = self.line_offset(token.map[0]), self.line_offset(token.map[1])
        from .html import parse_html_fragment  # bs4 only for Markdown that holds HTML

        fragment = parse_html_fragment(self.doc.source, start, end)
        self.doc.blocks.extend(fragment.blocks)
        self.doc.links.extend(fragment.links)
        self.doc.images.extend(fragment.images)
        self.doc.directives.extend(fragment.directives)
        self.doc.hidden.extend(fragment.hidden)

    def find(self, needle: str) -> int:
        """Offset of ``needle`` at or after the cursor within the current lines, or -1."""
        assert self.region is not None
        if not needle:
            return self.cursor
        return self.text.find(needle, self.cursor, self.region[1])

    def inline(self, token: Token) -> None:
        if not token.map:
            return
        region = (self.line_offset(token.map[0]), self.line_offset(token.map[1]))
        if region != self.region:  # table cells on one row share a region and a cursor
            self.region, self.cursor = region, region[0]
        prose = ProseBuilder()
        marks: list[Mark] = []
        open_marks: list[tuple[str, int, str]] = []
        link_stack: list[tuple[str, int, int]] = []
        for child in token.children or []:
            kind = child.type
            if kind == "text":
                at = self.find(child.content)
                if at < 0:
                    continue  # not placeable: drop it rather than report a wrong position
                prose.verbatim(child.content, at)
                self.cursor = at + len(child.content)
            elif kind == "text_special":
                at = self.find(child.markup)
                if at < 0:
                    continue
                if child.content == child.markup:  # a backslash before a letter escapes nothing
                    prose.verbatim(child.content, at)
                else:
                    prose.atomic(child.content, at, at + len(child.markup))
                self.cursor = at + len(child.markup)
            elif kind in ("softbreak", "hardbreak"):
                at = self.text.find("\n", self.cursor, self.region[1])
                if at >= 0:
                    prose.separator(self.cursor, at + 1)
                    self.cursor = at + 1
            elif kind in _SKIP_INLINE:
                at = self.find(child.markup + child.content)
                at = self.find(child.content) if at < 0 else at
                if at >= 0:
                    end = self.text.find(child.markup, at + len(child.markup) + len(child.content), self.region[1])
                    end = at + len(child.content) if end < 0 else end + len(child.markup)
                    prose.separator(at, end)
                    self.cursor = end
            elif kind in _MARK_KINDS:
                open_marks.append((_MARK_KINDS[kind], len(prose), ""))
            elif kind.endswith("_close") and kind.replace("_close", "_open") in _MARK_KINDS and open_marks:
                name, start, _ = open_marks.pop()
                marks.append(Mark(name, start, len(prose)))
            elif kind == "link_open":
                at = self.find("<" if child.markup == "autolink" else "[")
                at = self.cursor if at < 0 else at
                link_stack.append((str(child.attrs.get("href", "")), len(prose), at))
                self.cursor = at + 1
            elif kind == "link_close" and link_stack:
                href, prose_start, src_start = link_stack.pop()
                end = self._after_link_target(href)
                marks.append(Mark("link", prose_start, len(prose), href))
                label = prose.text()[prose_start:]
                self.doc.links.append(Link(href=href, text=label.strip(), start=src_start, end=end))
            elif kind == "image":
                self.image(child)
            elif kind == "footnote_ref":
                label = child.meta.get("label", "")
                at = self.find(f"[^{label}]")
                if at >= 0:
                    self.cursor = at + len(label) + 3
                    marks.append(Mark("footnote_ref", len(prose), len(prose), str(label)))
            elif kind == "html_inline":
                self.html_inline(child, prose, open_marks, marks)
        text = prose.text()
        if text:
            level = self.heading_level
            label = self.labels[-1] if self.containers and not level else ""
            self.doc.blocks.append(Block(self.block_kind(), text, prose.map, level, marks, label))

    def _after_link_target(self, href: str) -> int:
        """Move the cursor past ``](target)`` or ``][ref]`` or ``>`` and return the link's end."""
        close = self.text.find("]", self.cursor, self.region[1])
        if close >= 0 and close + 1 < len(self.text) and self.text[close + 1] in "([":
            closer = ")" if self.text[close + 1] == "(" else "]"
            target_end = self.text.find(closer, close + 2 + len(href) if closer == ")" else close + 2, self.region[1])
            if target_end >= 0:
                self.cursor = target_end + 1
                return self.cursor
        if close >= 0:
            self.cursor = close + 1
        elif self.text.startswith(">", self.cursor):
            self.cursor += 1
        return self.cursor

    def image(self, child: Token) -> None:
        at = self.find("![")
        if at < 0:
            return
        src = str(child.attrs.get("src", ""))
        self.cursor = at + 2
        alt = child.content
        found = self.find(alt) if alt else self.cursor
        if found >= 0:
            self.cursor = found + len(alt)
        end = self._after_link_target(src)
        self.doc.images.append(Image(src=src, alt=alt, start=at, end=end))

    def html_inline(self, child: Token, prose: ProseBuilder, open_marks: list, marks: list[Mark]) -> None:
        at = self.find(child.content)
        if at < 0:
            return
        end = at + len(child.content)
        self.cursor = end
        content = child.content
        lowered = content.lower()
        if lowered.startswith("<!--"):
            directive = parse_directive(content[4:-3] if content.endswith("-->") else content[4:], at, end)
            if directive:
                self.doc.directives.append(directive)
        elif lowered.startswith("<sup"):
            open_marks.append(("superscript", len(prose), ""))
        elif lowered.startswith("</sup") and open_marks and open_marks[-1][0] == "superscript":
            _, start, _ = open_marks.pop()
            marks.append(Mark("superscript", start, len(prose)))
        elif lowered.startswith("<br"):
            prose.separator(at, end)
