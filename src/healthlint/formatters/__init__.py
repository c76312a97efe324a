"""Turn a :class:`~healthlint.linting.Report` into output for people or machines."""

from __future__ import annotations

from .json_format import format_json
from .text_format import format_text

FORMATTERS = {"text": format_text, "json": format_json}

__all__ = ["FORMATTERS", "format_json", "format_text"]
