"""Analyses that several rules share (sentences, readability, citations, keywords).

Each is computed once per document, on first use, and kept in ``Document.cache``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def memo(doc: Any, key: str, build: Callable[[], T]) -> T:
    cache = doc.cache
    if key not in cache:
        cache[key] = build()
    return cache[key]


def lowered_in_place(text: str) -> str | None:
    """``text.lower()`` when every character keeps its place, so that a word's span in
    ``text`` is its span in the result; None where lower-casing changes a length ("İ")
    or depends on context (a final sigma), and words must be lower-cased one by one."""
    low = text.lower()
    return low if len(low) == len(text) and "Σ" not in text else None
