"""Read bytes, decode them, pick the format and parse into a :class:`Document`."""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .markdown import parse_markdown
from .model import Document
from .plaintext import parse_text
from .source import SourceText

FORMATS_BY_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
}
SUPPORTED_SUFFIXES = tuple(FORMATS_BY_SUFFIX)
def parse_html(source, path):
    from .html import parse_html as parse  # bs4 is imported only when a page needs it

    return parse(source, path)


_PARSERS = {"text": parse_text, "markdown": parse_markdown, "html": parse_html}

_HTML_SNIFF = re.compile(r"\s*(?:<!doctype\s+html|<html|<head|<body|<!--|<(?:p|div|h[1-6]|article|section)\b)", re.IGNORECASE)
_MARKDOWN_SNIFF = re.compile(r"(?m)^(?:---\s*$|#{1,6}\s|[-*+]\s|\d+\.\s|>\s|```)|\[[^\]]+\]\([^)]+\)|\*\*[^*]+\*\*")


class InputError(Exception):
    """The input cannot be linted; the message says why in terms a user can act on."""


@dataclass
class Decoded:
    text: str
    encoding: str
    notes: list[str]


def decode(data: bytes) -> Decoded:
    """Decode a file's bytes: UTF-8 (with or without a BOM) or UTF-16/32 with a BOM.

    Invalid UTF-8 is decoded with U+FFFD replacements and a note that says where the
    first bad byte is, so nothing else in the file is lost.
    """
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding, [])
            except UnicodeDecodeError as exc:
                raise InputError(f"not valid {encoding.upper()} text ({exc.reason} at byte {exc.start})") from None
    if b"\x00" in data[:8192]:
        raise InputError("binary file (it contains NUL bytes); only text, Markdown and HTML files can be linted")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", [])
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        text = data.decode("utf-8", errors="replace")
        bad = sum(1 for ch in text if ch == "\ufffd")
        return Decoded(text, "utf-8", [f"invalid UTF-8 at byte {exc.start} (line {line}); {bad} undecodable byte sequence(s) were replaced with U+FFFD"])


def detect_format(name: str | None, text: str) -> str:
    if name:
        fmt = FORMATS_BY_SUFFIX.get(Path(name).suffix.lower())
        if fmt:
            return fmt
    head = text[:4096].lstrip("\ufeff")
    if _HTML_SNIFF.match(head):
        return "html"
    if _MARKDOWN_SNIFF.search(head):
        return "markdown"
    return "text"


def parse(text: str, path: str = "<text>", fmt: str | None = None) -> Document:
    """Parse already-decoded text. ``fmt`` is "text", "markdown" or "html"; guessed when None."""
    fmt = fmt or detect_format(path, text)
    if fmt not in _PARSERS:
        raise InputError(f"unknown format {fmt!r}; expected one of {', '.join(_PARSERS)}")
    return _PARSERS[fmt](SourceText.from_raw(text), path)


def load_docx(data: bytes, path: str) -> Document:
    from .docx import DocxError, parse_docx  # python-docx is imported only for Word files

    try:
        return parse_docx(data, path)
    except DocxError as exc:
        raise InputError(str(exc)) from None


def is_docx(data: bytes, path: str, fmt: str | None) -> bool:
    """A Word document by format, by name, or by its ZIP or OLE signature."""
    if fmt is not None:
        return fmt == "docx"
    if Path(path).suffix.lower() == ".docx":
        return True
    from .docx import looks_like_docx

    return looks_like_docx(data)


def load_bytes(data: bytes, path: str, fmt: str | None = None) -> tuple[Document, list[str]]:
    if is_docx(data, path, fmt):
        return load_docx(data, path), []
    decoded = decode(data)
    return parse(decoded.text, path, fmt or detect_format(path, decoded.text)), decoded.notes


MIB = 1024 * 1024
DEFAULT_MAX_BYTES = 10 * MIB


def read_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A file's bytes, or an :class:`InputError` that says why they cannot be read.

    Only regular files are read (a FIFO or ``/dev/zero`` would block or never end), and
    no more than ``max_bytes``: linting is linear, but a stranger's 2 GB file is still a
    denial of service for a CI runner.
    """
    try:
        # O_NONBLOCK: opening a FIFO would otherwise wait for a writer. It changes nothing
        # for a regular file.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError("no such file") from None
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        try:
            mode = os.fstat(fd).st_mode
            if stat.S_ISDIR(mode):
                raise InputError("is a directory")
            if not stat.S_ISREG(mode):
                raise InputError("not a regular file (a device, pipe or socket); only files can be linted")
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise InputError(too_large(max_bytes))
    return data


def too_large(max_bytes: int) -> str:
    return f"larger than {max_bytes / MIB:g} MiB, the largest file linted (raise it with the max-file-size setting or --max-file-size)"


def load_path(path: Path, display: str | None = None, fmt: str | None = None) -> tuple[Document, list[str]]:
    return load_bytes(read_path(path), display or str(path), fmt)
