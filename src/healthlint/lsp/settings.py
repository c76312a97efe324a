"""The editor's settings for healthlint, read as untrusted input.

They come from ``initializationOptions``, ``workspace/didChangeConfiguration`` and
``workspace/configuration`` (section ``healthlint``), so a workspace's own editor settings
(``.vscode/settings.json``, ``.helix/languages.toml``) can set them: anything unknown or
malformed is dropped with a note, never raised. A workspace can never point healthlint
at the network: there is no LanguageTool URL or settings-file path among these.

Recognised keys (camelCase as editors write them; snake_case and kebab-case also read):

- ``select``, ``extendSelect``, ``ignore``: lists of rule codes, names or categories;
- ``audience``: ``patient``, ``patient-strict`` or ``professional``;
- ``keyphrase``: the focus keyphrase for the SEO rules;
- ``debounceMs``: how long to wait after the last keystroke before re-linting (0-2000);
- ``maxChars``: documents longer than this are not linted as you type;
- ``docsUrl``: an https:// page for the rule reference (diagnostic links point there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..config import AUDIENCES

DEFAULT_DEBOUNCE_MS = 30  # a re-lint after a one-word edit costs about 15-40 ms; typing pauses are longer
DEFAULT_MAX_CHARS = 2_000_000
DEFAULT_DOCS_URL = "https://github.com/example-org/healthlint/blob/main/docs/rules.md"
_MAX_SELECTORS = 500
_MAX_TEXT = 200


@dataclass(frozen=True)
class ClientSettings:
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    audience: str | None = None
    keyphrase: str | None = None
    debounce_ms: int = DEFAULT_DEBOUNCE_MS
    max_chars: int = DEFAULT_MAX_CHARS
    docs_url: str = DEFAULT_DOCS_URL
    notes: tuple[str, ...] = field(default=(), compare=False)  # what was dropped, for the log

    def overrides(self) -> dict[str, Any]:
        """Keyword arguments for :meth:`Config.with_overrides`: the editor's choices win over
        the settings file and front matter, as options on the command line do."""
        out: dict[str, Any] = {"select": self.select, "audience": self.audience, "keyphrase": self.keyphrase}
        given = {name for name in ("audience", "keyphrase") if out[name]}
        if given:
            out["from_cli"] = frozenset(given)
        return out


def _key(name: str) -> str:
    return re.sub(r"[-_]", "", name).lower()


def _selectors(value: Any, key: str, notes: list[str]) -> tuple[str, ...] | None:
    from ..engine.registry import all_rules
    from ..engine.selection import is_known

    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, (list, tuple)):
        notes.append(f"{key}: expected a list of rule codes, names or categories")
        return None
    rules = all_rules()
    out = []
    for item in list(value)[:_MAX_SELECTORS]:
        if not isinstance(item, str) or not item.strip():
            notes.append(f"{key}: ignored a value that is not a rule selector")
            continue
        item = item.strip()[:_MAX_TEXT]
        if is_known(item, rules):
            out.append(item)
        else:
            notes.append(f"{key}: unknown rule or category {item!r} ignored")
    return tuple(out)


def _bounded_int(value: Any, key: str, low: int, high: int, default: int, notes: list[str]) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        notes.append(f"{key}: expected a number from {low} to {high}")
        return default
    return int(min(max(value, low), high))


def read_settings(raw: Any) -> ClientSettings:
    """Settings from whatever the client sent: a mapping, maybe nested under ``healthlint``."""
    if isinstance(raw, dict) and isinstance(raw.get("healthlint"), dict):
        raw = raw["healthlint"]
    if raw is None:
        return ClientSettings()
    if not isinstance(raw, dict):
        return ClientSettings(notes=("settings: expected an object",))
    notes: list[str] = []
    values: dict[str, Any] = {}
    for name, value in raw.items():
        if not isinstance(name, str):
            continue
        key = _key(name)
        if value is None:
            continue
        if key in ("select", "extendselect", "ignore"):
            chosen = _selectors(value, name, notes)
            if key == "select" and not chosen:
                chosen = None  # nothing usable: keep the settings file's selection, never "no rules"
            if chosen is not None:
                values[{"select": "select", "extendselect": "extend_select", "ignore": "ignore"}[key]] = chosen
        elif key == "audience":
            if isinstance(value, str) and value.strip().lower() in AUDIENCES:
                values["audience"] = value.strip().lower()
            else:
                notes.append(f"audience: expected one of {', '.join(sorted(AUDIENCES))}")
        elif key == "keyphrase":
            if isinstance(value, str) and value.strip() and len(value) <= _MAX_TEXT and value.isprintable():
                values["keyphrase"] = value.strip()
            else:
                notes.append(f"keyphrase: expected a short line of text (at most {_MAX_TEXT} characters)")
        elif key == "debouncems":
            values["debounce_ms"] = _bounded_int(value, name, 0, 2000, DEFAULT_DEBOUNCE_MS, notes)
        elif key == "maxchars":
            values["max_chars"] = _bounded_int(value, name, 1000, 50_000_000, DEFAULT_MAX_CHARS, notes)
        elif key == "docsurl":
            if isinstance(value, str) and re.fullmatch(r"https://[^\s\"'<>]{1,500}", value):
                values["docs_url"] = value
            else:
                notes.append("docsUrl: expected an https:// address")
        else:
            notes.append(f"unknown setting {name[:_MAX_TEXT]!r} ignored")
    return ClientSettings(**values, notes=tuple(notes))
