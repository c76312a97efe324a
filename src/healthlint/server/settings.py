"""What one check asks for (text, name, audience, keyphrase, rule selection), validated.

The same rules for the JSON API and the page's form: unknown fields, unknown rules and
wrong types are refused with a message, never guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any

from ..config import AUDIENCES, Config
from ..document.loader import FORMATS_BY_SUFFIX
from ..engine.registry import all_rules
from ..engine.selection import is_known

# Uploads the page accepts: every suffix the project's loader can route to a parser.
# A loader that learns a new format (.docx) extends FORMATS_BY_SUFFIX and the page follows.
MAX_NAME = 255
FIELDS = ("text", "filename", "audience", "keyphrase", "select", "extend_select", "ignore")


class SettingsError(ValueError):
    """A request the server cannot check; the message tells the sender what to change."""


@dataclass(frozen=True)
class CheckRequest:
    data: bytes
    name: str  # shown as the report's "path"; only its suffix is used, to pick the format
    audience: str | None = None
    keyphrase: str | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None

    def config(self, base: Config) -> Config:
        """``base`` with this request's settings on top, as ``healthlint check`` applies its
        options to the nearest settings file (cli.py's configure)."""
        overrides: dict[str, Any] = {"select": self.select, "audience": self.audience, "keyphrase": self.keyphrase}
        given = {name for name in ("audience", "keyphrase") if overrides[name]}
        if given:
            overrides["from_cli"] = frozenset(given)
        if self.extend_select:
            overrides["extend_select"] = (*base.extend_select, *self.extend_select)
        if self.ignore:
            overrides["ignore"] = (*base.ignore, *self.ignore)
        # Nothing a request says, and no settings file, makes the server send text away.
        return replace(base.with_overrides(**overrides), languagetool_url=None)


def upload_suffixes() -> tuple[str, ...]:
    return tuple(FORMATS_BY_SUFFIX)


def display_name(raw: str | None, default: str = "-") -> str:
    """The last part of a sender's file name: never a path, and never read.

    "../../etc/passwd" is shown as "passwd" and, having no known suffix, is checked as
    whatever its content looks like (text, Markdown or HTML).
    """
    if raw is None:
        return default
    if not isinstance(raw, str):
        raise SettingsError("'filename' must be a string")
    name = PurePosixPath(raw.replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable())
    if len(name) > MAX_NAME:
        raise SettingsError(f"'filename' is longer than {MAX_NAME} characters")
    return name or default


def _selectors(value: Any, key: str) -> tuple[str, ...] | None:
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SettingsError(f"'{key}' must be a list of rule codes, names or categories")
    parts = tuple(p.strip() for v in value for p in v.split(",") if p.strip())
    rules = all_rules()
    for selector in parts:
        if not is_known(selector, rules):
            raise SettingsError(f"'{key}': unknown rule or category '{selector[:80]}'")
    return parts or None


def _audience(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or value not in AUDIENCES:  # [] in a dict raises TypeError
        raise SettingsError(f"'audience' must be one of {', '.join(sorted(AUDIENCES))}")
    return value


def _keyphrase(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise SettingsError("'keyphrase' must be a string")
    value = re.sub(r"\s+", " ", value).strip()
    return value or None


def from_json(payload: Any) -> CheckRequest:
    """A request from ``POST /api/check``'s JSON body."""
    if not isinstance(payload, dict):
        raise SettingsError('the body must be a JSON object such as {"text": "...", "filename": "draft.md"}')
    unknown = sorted(set(payload) - set(FIELDS))
    if unknown:
        raise SettingsError(f"unknown field(s): {', '.join(repr(k[:40]) for k in unknown[:5])}; expected {', '.join(FIELDS)}")
    text = payload.get("text")
    if not isinstance(text, str):
        raise SettingsError("'text' is required and must be a string")
    return CheckRequest(
        # surrogatepass: a lone surrogate from JSON ("\\ud800") becomes bytes the decoder
        # reports as invalid UTF-8, as the command line does for such a file
        data=text.encode("utf-8", "surrogatepass"),
        name=display_name(payload.get("filename")),
        audience=_audience(payload.get("audience")),
        keyphrase=_keyphrase(payload.get("keyphrase")),
        select=_selectors(payload.get("select"), "select"),
        extend_select=_selectors(payload.get("extend_select"), "extend_select"),
        ignore=_selectors(payload.get("ignore"), "ignore"),
    )


def from_form(text: str, upload_name: str | None, upload: bytes | None, form_format: str, audience: str, keyphrase: str) -> CheckRequest:
    """A request from the page's form: an uploaded file wins over pasted text."""
    if upload_name:
        name = display_name(upload_name, "upload")
        suffix = PurePosixPath(name).suffix.lower()
        if suffix not in upload_suffixes():
            raise SettingsError(f"{name}: only {', '.join(upload_suffixes())} files can be checked")
        data = upload or b""
    else:
        suffix = {"text": ".txt", "markdown": ".md", "html": ".html"}.get(form_format, "")
        name = f"draft{suffix}" if suffix else "draft"
        data = text.encode("utf-8", "surrogatepass")
    return CheckRequest(data=data, name=name, audience=_audience(audience), keyphrase=_keyphrase(keyphrase))
