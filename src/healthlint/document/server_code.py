"""Comments and server-side code that are not prose: masked before a text or HTML page is read.

Pages saved from a site's source keep PHP (``<?php ... ?>``), ASP, JSP and ERB blocks
(``<% ... %>``) and, in plain text, HTML comments (``<!-- ... -->``): licence headers,
commented-out copy, template code. Their characters are replaced by spaces (line breaks
kept), so every offset after them still points at the same source character.
"""

from __future__ import annotations

import re

# Each opener runs to its closer, or to the end of the text when it is never closed. The
# body is searched with a lazy ``[\s\S]*?``, one pass: linear in the text.
_SERVER = re.compile(r"<\?(?:php|=)?[\s\S]*?(?:\?>|\Z)|<%[\s\S]*?(?:%>|\Z)")
_SERVER_AND_COMMENTS = re.compile(_SERVER.pattern + r"|<!--[\s\S]*?(?:-->|\Z)")


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def mask_server_code(text: str) -> str:
    """PHP and ASP/JSP/ERB blocks replaced by spaces (for HTML, whose parser reads comments itself)."""
    if "<?" not in text and "<%" not in text:
        return text
    return _SERVER.sub(_blank, text)


def mask_code_and_comments(text: str) -> str:
    """Server code and HTML comments replaced by spaces (for plain text)."""
    if "<?" not in text and "<%" not in text and "<!--" not in text:
        return text
    return _SERVER_AND_COMMENTS.sub(_blank, text)
