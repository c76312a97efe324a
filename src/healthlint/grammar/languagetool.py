"""LanguageTool as an optional second grammar engine.

- A remote or self-hosted server: ``--languagetool-url http://host:8081`` (or
  ``languagetool_url`` in the settings). healthlint posts to its documented ``/v2/check``
  endpoint with the standard library; no extra package is needed.
- A local server: ``--languagetool-url local`` starts one through language-tool-python
  (``pip install 'healthlint[languagetool]'``, GPL-3.0, needs Java and downloads
  LanguageTool on first use). Nothing is downloaded unless the user asks for this.

Every request has a timeout; an unreachable or failing server is a clear error for that
file (exit 2), never a hang.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Sequence

from ..document import Block
from .harper_engine import EngineUnavailable, _batches, _block_at, joined, pieces

SEPARATOR = "\n\n"
DEFAULT_TIMEOUT = 15.0
# A reply is the server's word, not ours: one larger than any real answer for the text
# sent (LanguageTool's own limit is 20,000 characters a request) is refused unread.
MAX_REPLY_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class LTMatch:
    block: Block
    start: int
    end: int
    rule: str
    category: str
    issue_type: str
    message: str
    suggestions: tuple[str, ...]


def _java_to_python(text: str) -> list[int]:
    """Python index for each UTF-16 offset LanguageTool reports (Java strings are UTF-16)."""
    table = []
    for i, ch in enumerate(text):
        table.append(i)
        if ord(ch) > 0xFFFF:
            table.append(i)
    table.append(len(text))
    return table


class RemoteServer:
    def __init__(self, url: str, timeout: float = DEFAULT_TIMEOUT, language: str = "en-US") -> None:
        self.endpoint = url.rstrip("/") + ("" if url.rstrip("/").endswith("/v2") else "/v2") + "/check"
        self.timeout = timeout
        self.language = language

    def check(self, text: str) -> list[dict]:
        data = urllib.parse.urlencode({"text": text, "language": self.language}).encode("utf-8")
        request = urllib.request.Request(self.endpoint, data=data, headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read(MAX_REPLY_BYTES + 1)
                if len(body) > MAX_REPLY_BYTES:
                    raise EngineUnavailable(f"LanguageTool at {self.endpoint} sent a reply over {MAX_REPLY_BYTES // (1024 * 1024)} MiB; it was not read")
                payload = json.loads(body.decode("utf-8"))
        except (TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(exc, urllib.error.HTTPError):
                raise EngineUnavailable(f"LanguageTool at {self.endpoint} answered HTTP {exc.code}") from None
            if "timed out" in str(reason):
                raise EngineUnavailable(f"LanguageTool at {self.endpoint} did not answer within {self.timeout:g} s") from None
            raise EngineUnavailable(f"LanguageTool at {self.endpoint} is unavailable: {reason}") from None
        except ValueError as exc:
            raise EngineUnavailable(f"LanguageTool at {self.endpoint} sent a reply that is not JSON: {exc}") from None
        matches = payload.get("matches") if isinstance(payload, dict) else None
        if not isinstance(matches, list):
            raise EngineUnavailable(f"LanguageTool at {self.endpoint} sent a reply without 'matches'")
        return matches


class LocalServer:
    """language-tool-python's local server, started once per process on first use."""

    _tool = None
    _lock = threading.Lock()

    def __init__(self, language: str = "en-US") -> None:
        self.language = language

    def check(self, text: str) -> list[dict]:
        with self._lock:
            if LocalServer._tool is None:
                try:
                    import language_tool_python
                except ImportError:
                    raise EngineUnavailable("a local LanguageTool needs the optional extra: pip install 'healthlint[languagetool]' (and Java)") from None
                try:
                    LocalServer._tool = language_tool_python.LanguageTool(self.language)
                except Exception as exc:  # Java missing, download refused...: report, do not crash
                    raise EngineUnavailable(f"could not start a local LanguageTool: {exc}") from None
            tool = LocalServer._tool
        matches = tool.check(text)
        return [
            {"offset": m.offset, "length": m.errorLength, "message": m.message,
             "replacements": [{"value": r} for r in m.replacements],
             "rule": {"id": m.ruleId, "category": {"id": m.category}, "issueType": getattr(m, "ruleIssueType", "")}}
            for m in matches
        ]


def server_for(url: str, timeout: float = DEFAULT_TIMEOUT):
    return LocalServer() if url == "local" else RemoteServer(url, timeout)


def check_blocks(blocks: Sequence[Block], server) -> list[LTMatch]:
    out: list[LTMatch] = []
    for batch in _batches(pieces(blocks)):
        text, starts = joined(batch)
        table = _java_to_python(text)
        for match in server.check(text):
            try:
                offset, length = int(match["offset"]), int(match["length"])
            except (KeyError, TypeError, ValueError):
                continue
            if offset < 0 or offset + length >= len(table):
                continue
            start, end = table[offset], table[offset + length]
            index = _block_at(starts, start)
            piece = batch[index]
            block = piece.block
            local, local_end = start - starts[index], min(end - starts[index], len(piece.text))
            if local_end <= local:
                continue
            local, local_end = piece.offset + local, piece.offset + local_end
            rule = match.get("rule") or {}
            category = (rule.get("category") or {}).get("id", "") if isinstance(rule.get("category"), dict) else str(rule.get("category", ""))
            suggestions = tuple(str(r.get("value")) for r in match.get("replacements") or [] if isinstance(r, dict) and r.get("value"))[:5]
            out.append(LTMatch(block, local, local_end, str(rule.get("id", "LT")), str(category), str(rule.get("issueType", "")),
                               str(match.get("message", "")), suggestions))
    return out
