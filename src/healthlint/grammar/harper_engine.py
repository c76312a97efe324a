"""Harper (harper-py), the default grammar engine: loaded on first use, one per process.

Blocks are sent in batches of about ``BATCH_CHARS`` characters joined by blank lines:
one call per block costs a fixed overhead per call, and one call per document makes a
5 MB paragraph a single huge call; batches keep the cost linear and low. Every lint is
mapped back to its block and from there to exact source positions.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
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


class UnknownHarperRules(EngineUnavailable):
    """``enable`` or ``disable`` names a rule this Harper does not have: a typo would
    otherwise silently leave a rule on (or off)."""



_LOCK = threading.Lock()


class _Harper:
    """One Harper linter per process (building its dictionary takes most of a second);
    the rule set is switched per call instead of building a second linter."""

    linter = None
    config_key: tuple | None = None
    names: list[str] = []


_BACKGROUND = None


def background():
    """The one thread that runs Harper beside healthlint's own rules.

    Harper's native code releases the GIL, both while building its dictionary (most of a
    second) and while linting, so on a second core it costs little wall time. One thread
    is enough: the linter is shared under a lock.
    """
    global _BACKGROUND
    if _BACKGROUND is None:
        from concurrent.futures import ThreadPoolExecutor

        _BACKGROUND = ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthlint-harper")
    return _BACKGROUND


def warm_up(dialect: str = "american") -> None:
    """Start building the linter now, in the background, for a run that will need it."""
    def build():
        with _LOCK:
            _linter(None, False, dialect)

    background().submit(build)


def started() -> bool:
    """Whether this process has built (or is building) its Harper linter: native state and a
    thread that a fork must not copy."""
    return _Harper.linter is not None or _BACKGROUND is not None


def _linter(rules: tuple[str, ...] | None, all_rules: bool, dialect: str):
    """The process's linter, switched to ``rules`` (None: leave its rules as they are;
    switching costs Harper a rebuild of its rule state, so dictionary lookups never switch)."""
    if _Harper.linter is None:
        try:
            import harper
        except ImportError as exc:  # the core install has it; a broken environment may not
            raise EngineUnavailable(f"harper-py is not installed ({exc}); install healthlint again or deselect HL150/HL151") from None
        linter = harper.Linter(getattr(harper.Dialect, dialect.upper(), harper.Dialect.AMERICAN))
        linter.import_words(list(word_lists("medical-words")["words"]))
        _Harper.linter, _Harper.names = linter, list(linter.get_lint_config())
    key = (rules, all_rules)
    if rules is not None and _Harper.config_key != key:
        wanted = set(rules)
        _Harper.linter.set_lint_config({name: (all_rules or name in wanted) for name in _Harper.names})
        _Harper.config_key = key
    return _Harper.linter


def default_rules() -> list[str]:
    lists = word_lists("harper")
    return [*lists["default_rules"], *lists["spelling_rules"]]


@dataclass(frozen=True)
class Piece:
    block: Block
    offset: int  # where the piece starts in block.text
    text: str


def pieces(blocks: Sequence[Block]) -> Iterable[Piece]:
    """Whole blocks, each cut to at most BATCH_CHARS (see :func:`cut`)."""
    for block in blocks:
        yield from cut(Piece(block, 0, block.text))


def cut(piece: Piece) -> Iterable[Piece]:
    """The piece, or its parts of at most BATCH_CHARS, cut after a sentence (or a space)."""
    text, start = piece.text, 0
    while len(text) - start > BATCH_CHARS:
        end = text.rfind(". ", start, start + BATCH_CHARS)
        end = text.rfind(" ", start, start + BATCH_CHARS) if end <= start else end + 1
        end = start + BATCH_CHARS if end <= start else end
        yield Piece(piece.block, piece.offset + start, text[start:end])
        start = end
    yield Piece(piece.block, piece.offset + start, text[start:])


def _batches(parts: Iterable[Piece]) -> Iterable[list[Piece]]:
    batch: list[Piece] = []
    size = 0
    for whole in parts:
        for piece in cut(whole):
            if batch and size + len(piece.text) > BATCH_CHARS:
                yield batch
                batch, size = [], 0
            batch.append(piece)
            size += len(piece.text) + len(SEPARATOR)
    if batch:
        yield batch


def joined(batch: Sequence[Piece]) -> tuple[str, list[int]]:
    """The batch's texts joined by blank lines, and where each piece starts in the result."""
    starts, pos = [], 0
    for piece in batch:
        starts.append(pos)
        pos += len(piece.text) + len(SEPARATOR)
    return SEPARATOR.join(p.text for p in batch), starts


# Harper's lints per piece of text already linted in this process, at offsets in that text:
# articles repeat paragraphs word for word (a publisher's stock lines), and Harper reads
# new text at several microseconds a character. Bounded, oldest first out.
_SEEN: OrderedDict[tuple, tuple[tuple, ...]] = OrderedDict()
SEEN_PIECES = 4096


def lint_pieces(parts: Sequence[Piece], rules: Sequence[str], all_rules: bool = False, dialect: str = "american", named: Iterable[tuple[str, str]] = ()) -> list[EngineLint]:
    """Harper's lints on the given parts of blocks, at offsets in each block's text.

    ``named`` is the (option, rule name) pairs the user wrote, checked against Harper's rules
    here, where the linter is built anyway: loading it only to check settings costs a second.
    """
    settings = (tuple(sorted(rules)), all_rules, dialect)
    out: list[EngineLint] = []
    with _LOCK:  # a Linter is not thread-safe, and its rule set is switched per call
        linter = _linter(settings[0], all_rules, dialect)
        _check_names(named)
        known: dict[str, tuple[tuple, ...]] = {}
        for part in parts:
            key = (settings, part.text)
            if part.text not in known and key in _SEEN:
                _SEEN.move_to_end(key)
                known[part.text] = _SEEN[key]
        # Texts not seen before, each once; one longer than a batch is cut, and not kept.
        texts = [text for text in dict.fromkeys(part.text for part in parts) if text not in known]
        found: dict[str, list[tuple]] = {text: [] for text in texts}
        for number, start, end, lint in _lint(linter, texts):
            found[texts[number]].append((start, end, *lint))
        for text, lints in found.items():
            known[text] = tuple(lints)
            if len(text) <= BATCH_CHARS:
                _SEEN[(settings, text)] = known[text]
                if len(_SEEN) > SEEN_PIECES:
                    _SEEN.popitem(last=False)
        for part in parts:
            out += [EngineLint(part.block, part.offset + start, part.offset + end, *rest) for start, end, *rest in known[part.text]]
    return out


def _check_names(named: Iterable[tuple[str, str]]) -> None:
    import difflib

    known = set(_Harper.names)
    for option, name in named:
        if name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise UnknownHarperRules(f"'{option}' names '{name}', which is not a Harper rule{hint}")


def _lint(linter, texts: list[str]) -> Iterable[tuple[int, int, int, tuple]]:
    """(which text, start, end, (rule, kind, message, suggestions, problem)) for each lint
    of ``texts``, with start and end in that text (one longer than a batch is cut first)."""
    # Each text goes in as a piece whose "block" is its number, which its cut parts keep.
    for batch in _batches(Piece(number, 0, text) for number, text in enumerate(texts)):  # type: ignore[arg-type]
        text, starts = joined(batch)
        for rule, lints in linter.organized_lints(text, language="plaintext").items():  # prose already taken out of its markup
            for lint in lints:
                start, end = lint.span.start, lint.span.end
                index = _block_at(starts, start)
                piece = batch[index]
                local = start - starts[index]
                local_end = min(end - starts[index], len(piece.text))
                if local_end <= local:
                    continue  # a lint on the separator between blocks
                yield piece.block, piece.offset + local, piece.offset + local_end, (
                    rule, str(lint.lint_kind), str(lint.message),
                    tuple(s.replacement_text for s in lint.suggestions if s.replacement_text is not None)[:5],
                    str(lint.problem_text),
                )


def _block_at(starts: list[int], offset: int) -> int:
    import bisect

    return max(0, bisect.bisect_right(starts, offset) - 1)


def misspelled(words: Sequence[str], dialect: str = "american") -> dict[str, tuple[str, ...]]:
    """Which of ``words`` Harper's dictionary lacks, with suggestions.

    Only the distinct words healthlint's own vocabulary does not know are asked about.
    Harper's dictionary lookup is fast; its spell-check suggestions are not (the first
    call builds an index for about two seconds), so suggestions come from
    :func:`healthlint.grammar.vocabulary.suggest` instead.
    """
    from .vocabulary import suggest

    if not words:
        return {}
    with _LOCK:
        linter = _linter(None, False, dialect)
        def english(part: str) -> bool:
            if linter.is_likely_english(part):
                return True
            for suffix in ("'s", "’s", "es", "s", "ed", "ing"):  # the lookup knows stems, not every inflection
                if part.endswith(suffix) and len(part) > len(suffix) + 2 and linter.is_likely_english(part[: -len(suffix)]):
                    return True
            return False

        def known(word: str) -> bool:
            parts = [p for p in word.split("-") if p] if "-" in word else [word]
            return all(english(p) for p in parts)  # "light-headedness": each part

        unknown = [w for w in words if not known(w)]
    return {w: suggest(w) for w in unknown}
