"""Harper (harper-py), the default grammar engine: loaded on first use, one per process.

Blocks are sent in batches of about ``BATCH_CHARS`` characters joined by blank lines:
one call per block costs a fixed overhead per call, and one call per document makes a
5 MB paragraph a single huge call; batches keep the cost linear and low. Every lint is
mapped back to its block and from there to exact source positions.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from ..document import Block
from ..packs import word_lists

BATCH_CHARS = 20_000
SEPARATOR = "\n\n"


@dataclass(frozen=True)
class EngineLint:
    block: Block
    start: int  # prose offsets in block.text
    end: int
    rule: str
    kind: str
    message: str
    suggestions: tuple[str, ...]
    problem: str


class EngineUnavailable(Exception):
    """The grammar engine cannot be loaded (not installed, or broken)."""


_LOCK = threading.Lock()


@lru_cache(maxsize=8)
def _linter(rules: tuple[str, ...], all_rules: bool, dialect: str):
    try:
        import harper
    except ImportError as exc:  # the core install has it; a broken environment may not
        raise EngineUnavailable(f"harper-py is not installed ({exc}); install healthlint again or deselect HL150/HL151") from None
    linter = harper.Linter(getattr(harper.Dialect, dialect.upper(), harper.Dialect.AMERICAN))
    config = linter.get_lint_config()
    wanted = set(rules)
    linter.set_lint_config({name: (all_rules or name in wanted) for name in config})
    medical = word_lists("medical-words")["words"]
    linter.import_words(list(medical))
    return linter


def available_rules() -> list[str]:
    import harper

    return sorted(harper.get_default_lint_config())


def default_rules() -> list[str]:
    lists = word_lists("harper")
    return [*lists["default_rules"], *lists["spelling_rules"]]


def _batches(blocks: Sequence[Block]) -> Iterable[list[Block]]:
    batch: list[Block] = []
    size = 0
    for block in blocks:
        if batch and size + len(block.text) > BATCH_CHARS:
            yield batch
            batch, size = [], 0
        batch.append(block)
        size += len(block.text) + len(SEPARATOR)
    if batch:
        yield batch


def lint_blocks(blocks: Sequence[Block], rules: Sequence[str], all_rules: bool = False, dialect: str = "american",
                extra_words: Sequence[str] = ()) -> list[EngineLint]:
    linter = _linter(tuple(sorted(rules)), all_rules, dialect)
    out: list[EngineLint] = []
    with _LOCK:  # a Linter is not thread-safe
        if extra_words:
            linter.import_words(list(extra_words))
        for batch in _batches(blocks):
            text = SEPARATOR.join(b.text for b in batch)
            starts, pos = [], 0
            for block in batch:
                starts.append(pos)
                pos += len(block.text) + len(SEPARATOR)
            for rule, lints in linter.organized_lints(text).items():
                for lint in lints:
                    start, end = lint.span.start, lint.span.end
                    index = _block_at(starts, start)
                    block = batch[index]
                    local = start - starts[index]
                    local_end = min(end - starts[index], len(block.text))
                    if local_end <= local:
                        continue  # a lint on the separator between blocks
                    out.append(EngineLint(
                        block, local, local_end, rule, str(lint.lint_kind), str(lint.message),
                        tuple(s.replacement_text for s in lint.suggestions if s.replacement_text is not None)[:5],
                        str(lint.problem_text),
                    ))
    return out


def _block_at(starts: list[int], offset: int) -> int:
    import bisect

    return max(0, bisect.bisect_right(starts, offset) - 1)


def misspelled(words: Sequence[str], dialect: str = "american") -> dict[str, tuple[str, ...]]:
    """Which of ``words`` Harper's dictionary lacks, with its suggestions.

    Only the distinct words healthlint's own vocabulary does not know are sent, one per
    line, so Harper computes suggestions once per unknown word rather than once per use.
    """
    if not words:
        return {}
    linter = _linter(("SpellCheck",), False, dialect)
    text = "\n".join(words)
    starts, pos = {}, 0
    for word in words:
        starts[pos] = word
        pos += len(word) + 1
    out: dict[str, tuple[str, ...]] = {}
    with _LOCK:
        for lint in linter.lint(text):
            word = starts.get(lint.span.start)
            if word is not None and lint.span.end - lint.span.start == len(word):
                out[word] = tuple(s.replacement_text for s in lint.suggestions if s.replacement_text)[:5]
    return out
