"""WordPress WXR exports (Tools > Export): one document per post and page, streamed.

An export is an RSS file with the WordPress export namespace (``http://wordpress.org/export/1.x/``),
recognised by content whatever its name. It is read with ``lxml.etree.iterparse`` (no entity
resolution, no DTD, no network, libxml2's default size limits), and each ``<item>`` is cleared
and dropped once read, so a 500 MB export is read in memory bounded by its largest post. A
post is no larger than the max-file-size setting: an ``<item>`` that grows past it is dropped
piece by piece while it is read, and its post is reported as not linted (the others are).

Published, draft, pending and scheduled posts and pages become documents named
``export.xml#slug``; attachments, revisions, menu items and other post types are skipped.
A post's ``content:encoded`` is parsed as HTML (document/html.py): blank lines end
paragraphs in classic-editor posts (as WordPress's wpautop makes them), and block-editor
comments (``<!-- wp:paragraph -->``) are markup, not prose.

Positions are the export file's. lxml gives each element's line; the element's raw text is
then read from the file itself (a second, forward-only reader keeps the current item's lines)
and decoded here, CDATA sections and XML entities alike, into a map from each decoded
character to the characters it came from. The decoded text is checked against lxml's; should
they ever differ, findings point at the element's start tag instead of a wrong place.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from .model import Block, Directive, Document, Image, Link, ParseProblem
from .offsets import ComposedMap, OffsetMap
from .source import SourceText

HEAD_BYTES = 64 * 1024
MAX_LINE_BYTES = 64 * 2**20  # one line held for a post's positions; libxml2 caps a text at 10 MB
_CHUNK = 256 * 1024
_WXR_NAMESPACE = re.compile(rb"""xmlns:[A-Za-z_][\w.-]*\s*=\s*["']http://wordpress\.org/export/1\.\d+/?["']""")
_WP = "http://wordpress.org/export/"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
POST_TYPES = frozenset(("post", "page"))
STATUSES = frozenset(("publish", "draft", "pending", "future"))
_ENTITY = re.compile(r"&(?:#x([0-9A-Fa-f]{1,8})|#([0-9]{1,10})|(lt|gt|amp|quot|apos));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_SPECIAL = re.compile(r"[<&]")
_UNSAFE_IN_NAME = re.compile(r"[\s#]+")
_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


class ExportError(Exception):
    """Why an export cannot be read (on): the loader turns it into an InputError."""


def is_export(head: bytes) -> bool:
    """True for the start of a WordPress export: an RSS document with the WXR namespace."""
    return b"<rss" in head and _WXR_NAMESPACE.search(head) is not None


def is_export_file(path: Any) -> bool:
    # Only a regular file is looked into: opening a FIFO would wait for a writer, and a
    # device may never end (O_NONBLOCK changes nothing for a regular file).
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False  # the ordinary loader reports why the file cannot be read
    with os.fdopen(fd, "rb") as handle:
        try:
            return stat.S_ISREG(os.fstat(fd).st_mode) and is_export(handle.read(HEAD_BYTES))
        except OSError:
            return False


@dataclass
class _Element:
    """What a post needs from one child element: its text, its line, its qualified name."""

    text: str
    line: int
    qname: str


@dataclass
class Post:
    """One post or page, with its raw elements' lines; made into a Document by ``document``."""

    fields: dict[str, _Element] = field(default_factory=dict)
    meta: dict[str, _Element] = field(default_factory=dict)  # postmeta key -> its meta_value
    first_line: int = 1
    last_line: int = 1
    too_large: bool = False  # its <item> was over the size limit: only its names were kept

    def value(self, name: str) -> str:
        element = self.fields.get(name)
        return element.text.strip() if element is not None else ""


@dataclass(frozen=True)
class OversizedPost:
    """A post or page whose ``<item>`` is larger than the size limit: named, not linted."""

    path: str  # export.xml#slug
    message: str
    wordpress: dict[str, str]  # as a linted post's "wordpress" section


class _Lines:
    """The export's lines, read forward only, keeping those from the current item on."""

    def __init__(self, handle: IO[bytes], encoding: str) -> None:
        self.handle = handle
        self.encoding = encoding
        self.first = 1  # number of lines[0]
        self.lines: list[str] = []
        self.done = False

    def drop_before(self, line: int) -> None:
        """Forget the lines before ``line`` (reading past those never read)."""
        if line <= self.first:
            return
        if line - self.first <= len(self.lines):
            del self.lines[: line - self.first]
            self.first = line
            return
        self.first += len(self.lines)
        self.lines = []
        while self.first < line and not self.done:
            piece = self.handle.readline(MAX_LINE_BYTES)
            if not piece:
                self.done = True
            elif piece.endswith(b"\n"):  # a longer line is skipped piece by piece
                self.first += 1

    def upto(self, first: int, last: int) -> list[str]:
        while not self.done and self.first + len(self.lines) <= last:
            raw = self.handle.readline(MAX_LINE_BYTES + 1)
            if not raw:
                self.done = True
                break
            if len(raw) > MAX_LINE_BYTES:
                raise ExportError(f"line {self.first + len(self.lines)} of the export is over {MAX_LINE_BYTES:,} bytes; WordPress writes one element per line")
            text = raw.decode(self.encoding, "replace")
            if self.first == 1 and not self.lines:
                text = text.removeprefix("\ufeff")
            self.lines.append(text)
        return self.lines[max(0, first - self.first) : max(0, last - self.first + 1)]


def _encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or head[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        raise ExportError("WordPress exports are UTF-8; this one is UTF-16 (save it as UTF-8)")
    found = _ENCODING.match(head)
    name = found.group(1).decode("ascii").lower() if found else "utf-8"
    try:
        codec = codecs.lookup(name)
    except LookupError:
        raise ExportError(f"unknown encoding {name!r} in the XML declaration") from None
    if "a".encode(codec.name) != b"a" or "\n".encode(codec.name) != b"\n":
        raise ExportError(f"WordPress exports are UTF-8; this one declares {name}")
    return codec.name


def _namespace(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _qname(element: Any) -> str:
    return f"{element.prefix}:{_namespace(element.tag)[1]}" if element.prefix else _namespace(element.tag)[1]


def _text(element: Any) -> str:
    """An element's text: its own and that between its children (comments), as lxml reads it."""
    return (element.text or "") + "".join(child.tail or "" for child in element)


def _post(item: Any) -> Post:
    post = Post(first_line=item.sourceline or 1)
    last = post.first_line
    for child in item:
        if not isinstance(child.tag, str):
            continue
        line = child.sourceline or post.first_line
        last = max(last, line)
        ns, local = _namespace(child.tag)
        if child.tag == _CONTENT:
            name = "content"
        elif child.tag == _CREATOR:
            name = "creator"
        elif ns == "" and local in ("title", "link"):
            name = local
        elif ns.startswith(_WP) and local == "postmeta":
            key = value = None
            for part in child:
                if isinstance(part.tag, str) and _namespace(part.tag)[1] == "meta_key":
                    key = _text(part).strip()
                elif isinstance(part.tag, str) and _namespace(part.tag)[1] == "meta_value":
                    value = part
            if key and value is not None:
                post.meta[key] = _Element(_text(value), value.sourceline or line, _qname(value))
            continue
        elif ns.startswith(_WP):
            name = local
        else:
            continue
        post.fields.setdefault(name, _Element(_text(child), line, _qname(child)))
    # An element's text can run over lines: read far enough for the last one to end.
    post.last_line = max([last, *(e.line + e.text.count("\n") + 1 for e in (*post.fields.values(), *post.meta.values()))])
    return post


# What an <item> over the size limit keeps while the rest is dropped: its name and kind.
_NAMES = frozenset(("post_name", "post_type", "status", "post_id"))
_NAME_CHARS = 1000


class _ItemSize:
    """The ``<item>`` being read and how many bytes of the export it has taken so far
    (counted in the chunks fed to the parser, which are at most an eighth of the limit)."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.chunk = _CHUNK if limit is None else max(4096, min(_CHUNK, limit // 8))
        self.fed = 0  # bytes fed to the parser
        self.item: Any = None
        self.started = 0
        self.over = False
        self.kept: set[str] = set()

    def start(self, item: Any) -> None:
        self.item, self.started, self.over = item, self.fed, False
        self.kept = set()  # the names kept of an item over the limit: one of each

    def check(self, open_elements: list[Any]) -> None:
        """Past the limit, drop what the open item has read (all but its names and the
        elements still open), and from then on each piece of it as it ends."""
        if self.item is None or self.over or self.limit is None or self.fed - self.started <= self.limit:
            return
        self.over = True
        below = open_elements[open_elements.index(self.item):] if self.item in open_elements else [self.item]
        for parent, still_open in zip(below, [*below[1:], None]):
            for child in list(parent):
                if child is not still_open:
                    self.drop(child)

    def drop(self, element: Any) -> None:
        """An element (or comment) of the item over the limit, ended: dropped unless a name
        not kept yet (the post is read from the first of each; a million repeats of
        <wp:post_id> must not be held)."""
        if element.getparent() is self.item and _is_name(element) and element.tag not in self.kept:
            self.kept.add(element.tag)
            return
        _discard(element)

    def inside(self, element: Any) -> bool:
        """Whether ``element`` belongs to the item over the limit (its open path is short)."""
        if not self.over:
            return False
        node = element.getparent()
        while node is not None and node is not self.item:
            node = node.getparent()
        return node is not None


def _discard(element: Any) -> None:
    """Free an element that has been read (or is not wanted) and take it out of the tree."""
    parent = element.getparent()
    if parent is not None:
        element.clear(keep_tail=False)
        parent.remove(element)


def _is_name(element: Any) -> bool:
    return isinstance(element.tag, str) and _namespace(element.tag)[1] in _NAMES and len(_text(element)) <= _NAME_CHARS


def iter_posts(open_stream: Callable[[], IO[bytes]], max_item_bytes: int | None = None) -> Iterator[tuple[Post, _Lines, dict[str, str]]]:
    """Each lintable post or page of the export, with the lines it spans and the authors' names.

    ``open_stream`` is called three times: for the XML declaration's encoding, for the XML
    parser and for the raw lines. A post whose ``<item>`` is over ``max_item_bytes`` comes
    with ``too_large`` set and only its names (its lines are not read).
    """
    from lxml import etree

    with open_stream() as head_stream:
        encoding = _encoding(head_stream.read(HEAD_BYTES))
    authors: dict[str, str] = {}
    size = _ItemSize(max_item_bytes)
    with open_stream() as xml_stream, open_stream() as raw_stream:
        lines = _Lines(raw_stream, encoding)
        # A pull parser fed in chunks: the posts read before a syntax error are still linted.
        parser = etree.XMLPullParser(
            events=("start", "end", "comment"), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True,
        )
        checked = False
        open_elements: list[Any] = []
        while True:
            chunk = xml_stream.read(size.chunk)
            size.fed += len(chunk)
            error = None
            try:
                if chunk:
                    parser.feed(chunk)
                else:
                    parser.close()
            except etree.XMLSyntaxError as exc:
                error = exc
            except etree.LxmlError as exc:
                raise ExportError(f"the export cannot be read: {exc}") from None
            for event, element in parser.read_events():
                if event == "start":
                    open_elements.append(element)
                    if len(open_elements) == 3 and element.tag == "item":
                        size.start(element)
                    continue
                if event == "comment":
                    if size.inside(element) or len(open_elements) <= 2:
                        size.drop(element)  # nothing reads a comment outside an item
                    continue
                open_elements.pop()
                if size.inside(element):
                    size.drop(element)
                    continue
                if not checked:
                    checked = True
                    if element.getroottree().docinfo.doctype:
                        raise ExportError("a WordPress export has no DOCTYPE; refusing one (it could define entities)")
                parent = element.getparent()
                if parent is None or parent.getparent() is None:
                    continue  # the root and its children (the channel) end last
                if parent.getparent().getparent() is not None:
                    # Deeper: part of an item or author, read when it ends; anything else is
                    # dropped now, so that no unknown container grows with the file.
                    if _top(element).tag not in _KEPT:
                        _discard(element)
                    continue
                ns, local = _namespace(element.tag) if isinstance(element.tag, str) else ("", "")
                if local == "item" and ns == "":
                    post = _post(element)
                    post.too_large, size.item, size.over = size.over, None, False
                    kind, status = post.value("post_type") or "post", post.value("status")
                    if kind in POST_TYPES and status in STATUSES:
                        if not post.too_large:
                            lines.drop_before(post.first_line)
                        yield post, lines, authors
                elif ns.startswith(_WP) and local == "author":
                    _read_author(element, authors)
                _discard(element)  # the channel keeps nothing already read
            size.check(open_elements)
            if error is not None:
                line = getattr(error, "lineno", None) or (error.position[0] if getattr(error, "position", None) else None)
                where = f" at line {line}" if line else ""
                message = (getattr(error, "msg", "") or str(error) or "syntax error").splitlines()[0]
                raise ExportError(f"the export is not well-formed XML{where}: {message}")
            if not chunk:
                return


_KEPT = frozenset(["item", *(f"{{http://wordpress.org/export/1.{n}/}}author" for n in range(10))])


def _top(element: Any) -> Any:
    """The ancestor of ``element`` that is a child of the channel (depth 2)."""
    node = element
    while node.getparent() is not None and node.getparent().getparent() is not None and node.getparent().getparent().getparent() is not None:
        node = node.getparent()
    return node


def _read_author(element: Any, authors: dict[str, str]) -> None:
    """wp:author in the channel: the login that dc:creator names, and the name readers see."""
    login = name = ""
    for part in element:
        if isinstance(part.tag, str):
            local = _namespace(part.tag)[1]
            if local == "author_login":
                login = _text(part).strip()
            elif local == "author_display_name":
                name = _text(part).strip()
    if login and name and len(authors) < 100_000:
        authors[login] = name


def _element_map(text: str, line_start: int, qname: str) -> tuple[str, OffsetMap, int] | None:
    """Decode the element ``qname`` whose start tag is on the line at ``line_start``.

    Returns the decoded text, a map from each decoded character to its raw characters, and
    the offset of the start tag; None when the raw text is not the simple shape expected.
    """
    tag = re.compile(r"<" + re.escape(qname) + r"(?=[\s/>])[^>]*?(/?)>")
    found = tag.search(text, line_start)
    if not found:
        return None
    decoded: list[str] = []
    out = OffsetMap()
    if found.group(1):
        return "", out, found.start()

    i, end = found.end(), len(text)
    while i < end:
        if text.startswith("<![CDATA[", i):
            close = text.find("]]>", i + 9)
            if close < 0:
                return None
            if close > i + 9:
                decoded.append(text[i + 9 : close])
                out.append_verbatim(i + 9, close - i - 9)
            i = close + 3
        elif text.startswith("</", i):
            return "".join(decoded), out, found.start()
        elif text.startswith("<!--", i):
            close = text.find("-->", i + 4)
            if close < 0:
                return None
            i = close + 3
        elif text[i] == "<":
            return None  # a child element: not text
        elif text[i] == "&":
            entity = _ENTITY.match(text, i)
            if not entity:
                return None
            hexadecimal, decimal, named = entity.groups()
            try:
                char = _NAMED[named] if named else chr(int(hexadecimal, 16) if hexadecimal else int(decimal))
            except (ValueError, OverflowError):
                return None
            decoded.append(char)
            out.append_atomic(1, i, entity.end())  # the character stands for the whole entity
            i = entity.end()
        else:
            special = _SPECIAL.search(text, i)
            stop = special.start() if special else end
            decoded.append(text[i:stop])
            out.append_verbatim(i, stop - i)
            i = stop
    return None


def _traced(source: SourceText, element: _Element) -> tuple[str, OffsetMap]:
    """The element's decoded text and its map into ``source``; the start tag when untraceable."""
    line_start = source.line_starts[min(max(0, element.line - source.first_line), len(source.line_starts) - 1)]
    found = _element_map(source.text, line_start, element.qname)
    expected = element.text.replace("\r\n", "\n").replace("\r", "\n")
    if found is not None and found[0].replace("\r", "\n") == expected:
        return found[0], found[1]
    at = found[2] if found is not None else line_start
    fallback = OffsetMap()
    fallback.append_atomic(len(expected), at, at + 1)
    return expected, fallback


def _offset_of(source: SourceText, element: _Element | None) -> int | None:
    if element is None:
        return None
    index = min(max(0, element.line - source.first_line), len(source.line_starts) - 1)
    start = source.line_starts[index]
    at = source.text.find("<" + element.qname, start)
    return at if at >= 0 else start


def _remap(fragment: Any, outer: OffsetMap) -> dict[str, list]:
    """A parsed fragment's blocks, links, images and directives, in source offsets."""
    span = outer.span
    return {
        "blocks": [Block(b.kind, b.text, ComposedMap(b.offsets, outer), b.level, b.marks, b.label) for b in fragment.blocks],
        "hidden": [Block(b.kind, b.text, ComposedMap(b.offsets, outer), b.level, b.marks, b.label) for b in fragment.hidden],
        "links": [Link(link.href, link.text, *span(link.start, link.end)) for link in fragment.links],
        "images": [Image(image.src, image.alt, *span(image.start, image.end)) for image in fragment.images],
        "directives": [Directive(d.action, d.selectors, d.reason, *span(d.start, d.end), d.problem) for d in fragment.directives],
        "problems": [ParseProblem(p.code, p.message, *span(p.start, p.end)) for p in fragment.problems],
    }


# WordPress's own shortcodes: their tags are markup, the text between them (a caption) is prose.
_SHORTCODE = re.compile(r"\[/?(?:caption|wp_caption|gallery|embed|audio|video|playlist)\b[^\[\]]{0,2000}\]")


def _parse_html(decoded: str, outer: OffsetMap, classic: bool) -> dict[str, list]:
    from .html import parse_html_fragment

    # Made comments of the same length (the shortest, "[embed]", is as long as "<!---->"),
    # so that the text keeps its map to the file and the prose around them is untouched.
    text = _SHORTCODE.sub(lambda m: "<!--" + " " * (len(m.group(0)) - 7) + "-->", decoded) if "[" in decoded else decoded
    html = SourceText(text=text.replace("\r", "\n"))
    return _remap(parse_html_fragment(html, 0, len(decoded), blank_line_paragraphs=classic), outer)


def document(post: Post, lines: _Lines, authors: dict[str, str], path: str) -> Document:
    """The Document of one post: its content's prose, its title as the H1, its metadata."""
    source = SourceText.from_raw("".join(lines.upto(post.first_line, post.last_line)))
    source.first_line = post.first_line
    slug = post.value("post_name")
    doc = Document(path=path, format="html", source=source)
    title = post.fields.get("title")
    if title is not None and title.text.strip():
        decoded, outer = _traced(source, title)
        parsed = _parse_html(decoded, outer, classic=False)
        doc.blocks += [Block("heading", b.text, b.offsets, 1, b.marks) for b in parsed["blocks"][:1]]
    content = post.fields.get("content")
    if content is not None:
        decoded, outer = _traced(source, content)
        parsed = _parse_html(decoded, outer, classic="<!-- wp:" not in decoded)
        doc.blocks += parsed["blocks"]
        doc.hidden, doc.links, doc.images = parsed["hidden"], parsed["links"], parsed["images"]
        doc.directives, doc.problems = parsed["directives"], parsed["problems"]
    creator = post.value("creator")
    values = {
        "title": " ".join(doc.blocks[0].text.split()) if doc.blocks and title is not None and title.text.strip() else "",
        "author": authors.get(creator, creator),
        "date": _date(post.value("post_date")),
        "modified": _date(post.value("post_modified")),
        "slug": slug,
        "canonical": post.value("link"),
        "description": post.meta["_yoast_wpseo_metadesc"].text.strip() if "_yoast_wpseo_metadesc" in post.meta else "",
        "keyphrase": post.meta["_yoast_wpseo_focuskw"].text.strip() if "_yoast_wpseo_focuskw" in post.meta else "",
    }
    where = {"title": post.fields.get("title"), "author": post.fields.get("creator"), "date": post.fields.get("post_date"),
             "modified": post.fields.get("post_modified"), "slug": post.fields.get("post_name"), "canonical": post.fields.get("link"),
             "description": post.meta.get("_yoast_wpseo_metadesc"), "keyphrase": post.meta.get("_yoast_wpseo_focuskw")}
    doc.metadata = {key: value for key, value in values.items() if value}
    doc.metadata["_offsets"] = {key: _offset_of(source, where[key]) for key in doc.metadata if where.get(key) is not None}
    doc.metadata["_wordpress"] = {
        "slug": slug, "title": values["title"], "link": values["canonical"], "status": post.value("status"),
        "type": post.value("post_type") or "post", "id": post.value("post_id"),
    }
    return doc


def _date(value: str) -> str:
    """WordPress writes "0000-00-00 00:00:00" for a date never set."""
    return "" if not value or value.startswith("0000") else value


def load_posts(open_stream: Callable[[], IO[bytes]], path: str, max_item_bytes: int | None = None) -> Iterator[Document | OversizedPost]:
    """Each post and page of an export as a Document named ``path#slug``, one at a time; a
    post whose ``<item>`` is over ``max_item_bytes`` as an :class:`OversizedPost`."""
    seen: set[str] = set()
    for post, lines, authors in iter_posts(open_stream, max_item_bytes):
        # White space and '#' would make the name ambiguous in reports ("export.xml#slug").
        slug = _UNSAFE_IN_NAME.sub("-", post.value("post_name") or f"{post.value('post_type') or 'post'}-{post.value('post_id') or post.first_line}")
        name = slug
        if name in seen:
            name = _UNSAFE_IN_NAME.sub("-", f"{slug}~{post.value('post_id') or post.first_line}")
        while name in seen:  # a hostile export can repeat ids too
            name += "~"
        seen.add(name)
        if post.too_large:
            kind = post.value("post_type") or "post"
            yield OversizedPost(
                f"{path}#{name}",
                f"this {kind}'s <item> is larger than {(max_item_bytes or 0) / 2**20:.4g} MiB, the largest post linted (raise it with the "
                "max-file-size setting or --max-file-size); the export's other posts are linted",
                {"slug": post.value("post_name"), "title": "", "link": "", "status": post.value("status"), "type": kind,
                 "id": post.value("post_id"), "file": path},
            )
            continue
        doc = document(post, lines, authors, f"{path}#{name}")
        doc.metadata["_wordpress"]["file"] = path  # the export, for reports that point at files
        yield doc
