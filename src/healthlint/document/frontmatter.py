"""YAML front matter at the top of a Markdown file."""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from .model import ParseProblem

_OPEN = re.compile(r"---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


@dataclass
class FrontMatter:
    data: dict[str, Any] = field(default_factory=dict)
    end: int = 0  # offset just past the closing delimiter line; 0 when there is none
    problems: list[ParseProblem] = field(default_factory=list)
    key_offsets: dict[str, int] = field(default_factory=dict)


def _plain(value: Any) -> Any:
    """YAML dates and other scalars turned into JSON-friendly values."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


@functools.cache
def _loader():
    """yaml.SafeLoader that refuses aliases: a few hundred bytes of nested aliases expand
    to gigabytes once copied into plain values, and front matter never needs them.
    Built on first use, since yaml itself is imported only for files with front matter."""
    import yaml

    class NoAliasLoader(yaml.SafeLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark
                raise yaml.composer.ComposerError(
                    None, None, "aliases (*name) are not read in front matter; write the value out", mark
                )
            return super().compose_node(parent, index)

        def construct_yaml_timestamp(self, node):
            # "date: 2026-13-45" looks like a date to YAML, and PyYAML raises ValueError on
            # it; kept as the text written, for the date rules to judge.
            try:
                return super().construct_yaml_timestamp(node)
            except ValueError:
                return self.construct_scalar(node)

    NoAliasLoader.add_constructor("tag:yaml.org,2002:timestamp", NoAliasLoader.construct_yaml_timestamp)
    return NoAliasLoader


def read_front_matter(text: str) -> FrontMatter:
    if not _OPEN.match(text):
        return FrontMatter()
    body_start = text.index("\n") + 1
    close = _CLOSE.search(text, body_start)
    if close is None:
        return FrontMatter(
            problems=[ParseProblem("front-matter", "front matter opened with '---' is never closed; it was linted as prose", 0, 3)]
        )
    end = text.find("\n", close.end())
    end = len(text) if end == -1 else end + 1
    yaml_text = text[body_start : close.start()]
    result = FrontMatter(end=end)
    import yaml  # only for files that have front matter: the import is a tenth of a cold start

    try:
        loaded = yaml.load(yaml_text, Loader=_loader())  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        # The context mark is where the broken construct began ("[" of an unclosed list),
        # which is where a person needs to look; the problem mark is where YAML gave up.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        offset = body_start
        if mark is not None:
            offset = min(body_start + mark.index, close.start())
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        result.problems.append(ParseProblem("front-matter", f"front matter is not valid YAML: {problem}", offset, offset + 1))
        return result
    except RecursionError:
        result.problems.append(ParseProblem("front-matter", "front matter is nested too deeply to read", body_start, body_start + 1))
        return result
    if loaded is None:
        return result
    if not isinstance(loaded, dict):
        result.problems.append(
            ParseProblem("front-matter", f"front matter must be a mapping of keys to values, not {type(loaded).__name__}", body_start, close.start())
        )
        return result
    result.data = _plain(loaded)
    for match in re.finditer(r"^([A-Za-z_][\w-]*)[ \t]*:", yaml_text, re.MULTILINE):
        result.key_offsets.setdefault(match.group(1), body_start + match.start(1))
    return result


def mask(text: str, end: int) -> str:
    """``text`` with its first ``end`` characters blanked, keeping every offset and line."""
    head = re.sub(r"[^\n]", " ", text[:end])
    return head + text[end:]


# Front-matter fields that hold prose a reader sees (in search results, listings and
# previews): linted as text, though not counted as the article's body.
PROSE_FIELDS = ("description", "excerpt", "summary", "short_description", "subtitle")


def prose_fields(text: str, front: FrontMatter) -> list[tuple[str, str, int]]:
    """(key, value, source offset of the value) for each prose field written on one line.

    A value is taken only where the source holds it character for character (a plain
    scalar, or a quoted one without escapes), so that findings in it keep exact positions;
    a folded or escaped value is left to the metadata rules.
    """
    out = []
    for key in PROSE_FIELDS:
        value = front.data.get(key)
        start = front.key_offsets.get(key)
        if not isinstance(value, str) or not value.strip() or start is None:
            continue
        line_end = text.find("\n", start)
        line = text[start : len(text) if line_end < 0 else line_end].rstrip("\r")
        at = _one_line_value(line, len(key), value)
        if at is not None:
            out.append((key, value, start + at))
    return out


def _one_line_value(line: str, after_key: int, value: str) -> int | None:
    """Where ``value`` stands in ``line`` (``key: value``, maybe quoted, maybe followed by a
    `` # comment``), or None. Plain string search, no regular expression to backtrack."""
    colon = line.find(":", after_key)
    if colon < 0 or line[after_key:colon].strip(" \t"):
        return None
    at = colon + 1
    while at < len(line) and line[at] in " \t":
        at += 1
    quote = line[at : at + 1]
    if quote in ("'", '"'):
        at += 1
    if "\\" in value or "#" in value or not line.startswith(value, at):
        return None
    rest = line[at + len(value):]
    if quote in ("'", '"'):
        if not rest.startswith(quote):
            return None
        rest = rest[1:]
    rest = rest.lstrip(" \t")
    return at if not rest or (rest.startswith("#") and line[at + len(value):][:1] in " \t" + quote) else None
