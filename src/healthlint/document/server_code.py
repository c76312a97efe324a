"""Comments and server-side code that are not prose: masked before a text or HTML page is read.

Pages saved from a site's source keep PHP (``<?php ... ?>``), ASP, JSP and ERB blocks
(``<% ... %>``) and, in plain text, HTML comments (``<!-- ... -->``): licence headers,
commented-out copy, template code. Their characters are replaced by spaces (line breaks
kept), so every offset after them still points at the same source character.
"""

from __future__ import annotations

import re

# Each opener runs to its closer. One that is never closed masks nothing: a stray "<?" in
# prose must not hide the rest of the page. Once a closer is not found after one opener, it
# is not after any later one either, so each kind is searched for at most once past that
# point: linear in the text.
_OPENERS = re.compile(r"<\?|<%|<!--")
_CLOSERS = {"<?": "?>", "<%": "%>", "<!--": "-->"}


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def _masked(text: str, kinds: tuple[str, ...]) -> str:
    pieces, done, unclosed = [], 0, set()
    for match in _OPENERS.finditer(text):
        opener = match.group()
        if match.start() < done or opener not in kinds or opener in unclosed:
            continue
        end = text.find(_CLOSERS[opener], match.end())
        if end < 0:
            unclosed.add(opener)
            continue
        end += len(_CLOSERS[opener])
        pieces += [text[done:match.start()], _blank(text[match.start():end])]
        done = end
    return "".join(pieces) + text[done:] if pieces else text


def mask_server_code(text: str) -> str:
    """PHP and ASP/JSP/ERB blocks replaced by spaces (for HTML, whose parser reads comments itself)."""
    if "<?" not in text and "<%" not in text:
        return text
    return _masked(text, ("<?", "<%"))


def mask_code_and_comments(text: str) -> str:
    """Server code and HTML comments replaced by spaces (for plain text)."""
    if "<?" not in text and "<%" not in text and "<!--" not in text:
        return text
    return _masked(text, ("<?", "<%", "<!--"))
