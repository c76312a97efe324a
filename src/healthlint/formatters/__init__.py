"""Turn a :class:`~healthlint.linting.Report` into output for people or machines."""

from __future__ import annotations

from .ci_formats import format_github, format_junit, format_markdown
from .html_format import format_html
from .json_format import format_json
from .sarif_format import format_sarif
from .text_format import format_text

FORMATTERS = {
    "text": format_text,
    "json": format_json,
    "sarif": format_sarif,
    "github": format_github,
    "junit": format_junit,
    "markdown": format_markdown,
    "html": format_html,
}

__all__ = ["FORMATTERS", "format_github", "format_html", "format_json", "format_junit", "format_markdown", "format_sarif", "format_text"]
