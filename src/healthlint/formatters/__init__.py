"""Turn a :class:`~healthlint.linting.Report` into output for people or machines.

Each format's module is imported only when it is used: a pre-commit run that prints
text should not pay for the XML and HTML writers.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping

_WHERE = {
    "text": ("text_format", "format_text"),
    "json": ("json_format", "format_json"),
    "sarif": ("sarif_format", "format_sarif"),
    "github": ("ci_formats", "format_github"),
    "junit": ("ci_formats", "format_junit"),
    "markdown": ("ci_formats", "format_markdown"),
    "html": ("html_format", "format_html"),
    "concise": ("concise_format", "format_concise"),
    "gitlab": ("gitlab_format", "format_gitlab"),
    "rdjson": ("rdjson_format", "format_rdjson"),
    "checkstyle": ("checkstyle_format", "format_checkstyle"),
}


class _Formatters(Mapping[str, Callable]):
    def __getitem__(self, name: str) -> Callable:
        module, function = _WHERE[name]
        return getattr(importlib.import_module(f"{__name__}.{module}"), function)

    def __iter__(self) -> Iterator[str]:
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)


FORMATTERS: Mapping[str, Callable] = _Formatters()


def __getattr__(name: str):
    for module, function in _WHERE.values():
        if function == name:
            return getattr(importlib.import_module(f"{__name__}.{module}"), function)
    raise AttributeError(name)


__all__ = ["FORMATTERS"]
