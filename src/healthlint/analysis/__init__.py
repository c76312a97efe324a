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
