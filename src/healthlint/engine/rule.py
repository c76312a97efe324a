"""The rule contract shared by Python rules and data-driven rules from ``rules/*.yaml``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, ClassVar

from ..document import Document
from .finding import CATEGORIES, SEVERITIES, Hit


@dataclass(frozen=True)
class Option:
    default: Any
    description: str
    choices: tuple[Any, ...] | None = None  # the only values a setting may take


@dataclass(frozen=True)
class Example:
    """A text a rule must flag (``fail``) or leave alone (``pass``); run by the test suite.

    ``flag`` names the exact source text a fail example must be flagged on.
    """

    text: str
    format: str = "text"
    flag: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def coerce(cls, value: Any) -> Example:
        if isinstance(value, Example):
            return value
        if isinstance(value, str):
            return cls(value)
        if isinstance(value, Mapping) and isinstance(value.get("text"), str):
            return cls(value["text"], value.get("format", "text"), value.get("flag"), dict(value.get("options", {})))
        raise ValueError(f"an example must be a string or a mapping with 'text', not {value!r}")


class Rule:
    """Base class. Subclasses set the metadata below and implement :meth:`check`.

    ``check`` yields :class:`Hit` objects; the engine adds the rule's code, name,
    category and severity, applies configuration and suppressions, and turns source
    offsets into lines and columns.
    """

    code: str = ""
    name: str = ""
    category: str = ""
    severity: str = "warning"
    summary: str = ""
    rationale: str = ""
    source: str = ""  # where the rule's guidance comes from
    options: ClassVar[Mapping[str, Option]] = {}
    pass_examples: ClassVar[tuple] = ()
    fail_examples: ClassVar[tuple] = ()
    enabled_by_default: bool = True
    fix: str = ""  # "safe" (form only) or "unsafe" (may change meaning): how --fix may apply suggestions
    requires: str = ""  # an outside service the rule needs ("languagetool"); its fail examples live in tests
    page_level: bool = False  # about the page as a whole (no author, too short): not a fault of the text its hit is anchored to

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        raise NotImplementedError

    def prepare(self, doc: Document, options: Mapping[str, Any]) -> None:
        """Called for every selected rule before any rule checks: a rule backed by a slow
        engine starts it here, in the background, so the other rules run meanwhile."""

    def examples(self) -> dict[str, list[Example]]:
        return {
            "pass": [Example.coerce(e) for e in self.pass_examples],
            "fail": [Example.coerce(e) for e in self.fail_examples],
        }

    def default_options(self) -> dict[str, Any]:
        return {key: option.default for key, option in self.options.items()}

    def validate(self) -> None:
        """Raise ``ValueError`` when the metadata is incomplete or malformed."""
        import re

        problems = []
        if not re.fullmatch(r"HL\d{3}", self.code or ""):
            problems.append(f"code {self.code!r} is not HL followed by three digits")
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", self.name or ""):
            problems.append(f"name {self.name!r} is not kebab-case")
        if self.category not in CATEGORIES:
            problems.append(f"category {self.category!r} is not one of {', '.join(CATEGORIES)}")
        if self.severity not in SEVERITIES:
            problems.append(f"severity {self.severity!r} is not one of {', '.join(SEVERITIES)}")
        if not self.summary or not self.rationale:
            problems.append("summary and rationale are required")
        examples = self.examples()
        if not examples["pass"] or (not examples["fail"] and not self.requires):
            problems.append("at least one pass and one fail example are required")
        if problems:
            raise ValueError(f"rule {self.code or self.name}: " + "; ".join(problems))

    def __repr__(self) -> str:
        return f"<Rule {self.code} {self.name}>"


class SentenceRule(Rule):
    """A rule that reads one sentence at a time: ``sentence_problems`` gives
    ``(start, end, message, fix)`` in the sentence's text, and ``check`` maps them to the
    source through the sentence's block."""

    def sentence_problems(self, text: str) -> Iterable[tuple[int, int, str, str]]:
        raise NotImplementedError

    def confirmed(self, doc: Document, sentence: Any, found: tuple) -> tuple:
        """The problems that stand after a second look (the dependency parse, where a rule
        has one): called only for sentences with problems."""
        return found

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        from ..analysis.sentences import sentences

        for sentence in sentences(doc):
            found = _sentence_problems(self, sentence.text)
            if found:
                found = self.confirmed(doc, sentence, found)
            for start, end, message, fix in found:
                yield Hit.in_block(sentence.block, sentence.start + start, sentence.start + end, message, (fix,) if fix else ())


# Articles repeat sentences word for word: disclaimers, calls to action, a publisher's
# stock lines (a fifth of the sentence text of the NIH/CDC evaluation articles). The
# problems depend on the text alone, so each distinct sentence is read once per process.
@lru_cache(maxsize=16384)
def _sentence_problems(rule: SentenceRule, text: str) -> tuple[tuple[int, int, str, str], ...]:
    return tuple(rule.sentence_problems(text))
