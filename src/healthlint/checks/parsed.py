"""The base of rules that read the dependency parse (the ``parser`` extra).

A rule says which sentences are worth parsing (``screen``: cheap, on the text alone) and
what is wrong with a parsed one (``parsed_problems``). The parses come from
:mod:`healthlint.analysis.parse`, computed once per sentence for all such rules; without
the extra the rule yields nothing and ``healthlint rules`` marks it "needs the parser".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from ..analysis import parse as parsing
from ..document import Document
from ..engine.finding import Hit
from ..engine.rule import Rule


# A "sentence" longer than this is a list or a table that lost its punctuation: the parse
# would say little and cost much, so it is not parsed.
_LONGEST = 2000


class ParsedRule(Rule):
    requires = "parser"

    def screen(self, text: str) -> bool:
        raise NotImplementedError

    def needs_parse(self, tagged: parsing.Parse) -> bool:
        """Given the sentence's tags (no dependencies yet), whether the rule needs the
        dependency parse; the tagger reads context, so this second screen is sharper than
        ``screen``, and the parser is most of the cost."""
        return True

    def parsed_problems(self, text: str, parse: parsing.Parse) -> Iterable[tuple[int, int, str, str]]:
        raise NotImplementedError

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        if not parsing.available():
            return
        from ..analysis.sentences import sentences

        candidates = [s for s in sentences(doc) if s.end - s.start <= _LONGEST and _screened(self, s.text)]
        if not candidates:
            return
        found = parsing.parses(doc, candidates, self.needs_parse)
        for sentence in candidates:
            parse = found[parsing.key(sentence)]
            if not parse.parsed:
                continue  # its tags showed nothing for this rule
            for start, end, message, fix in _problems(self, sentence.text, parse):
                yield Hit.in_block(sentence.block, sentence.start + start, sentence.start + end, message, (fix,) if fix else ())


@lru_cache(maxsize=32768)
def _screened(rule: ParsedRule, text: str) -> bool:
    return rule.screen(text)


@lru_cache(maxsize=16384)
def _problems(rule: ParsedRule, text: str, parse: parsing.Parse) -> tuple[tuple[int, int, str, str], ...]:
    return tuple(rule.parsed_problems(text, parse))
