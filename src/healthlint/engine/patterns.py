"""Data-driven rules from ``rules/*.yaml``: the *existence* and *substitution* kinds.

A pack file holds pack-level provenance (``source``, ``license``) and a list of rules.
Patterns are regular-expression fragments matched as whole words, case-insensitively
unless ``case_sensitive: true``. A space matches any run of white space (prose keeps
soft line breaks as spaces) and a straight apostrophe matches a curly one too.

Context conditions look at the neighbouring words: ``preceded_by``, ``followed_by``,
``not_preceded_by`` and ``not_followed_by`` each take a list of words or phrases
(regex fragments too). ``followed_by`` and ``not_followed_by`` may list ``$END``, the
end of a clause: punctuation or the end of the block; ``preceded_by`` and
``not_preceded_by`` may list ``$START``, the start of a sentence.

An existence rule whose tokens are regexes may list ``screen``: words one of which is
in every possible match; blocks holding none of them are skipped without running the
regexes (substitutions screen by their own words).

``first_use_only: true`` reports each term once per document. With
``defined_in_parentheses: true`` a term explained in parentheses where it is used
("hypertension (high blood pressure)", "high blood pressure (hypertension)") is accepted,
there and after.

In a substitution, ``find`` and ``use`` are plain words or phrases. They may list simple word ``forms`` (``s``, ``ed``, ``ing``); each is applied
to both sides, so ``utilize → use`` also gives ``utilized → used``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..analysis import lowered_in_place
from ..document import Document
from .finding import Hit
from .rule import Option, Rule

_BOUNDARY_BEFORE = r"(?<![\w'’])"
_BLOCK_START = "\x02"
# The start of a sentence: the block's start, or a full stop, question or exclamation mark
# (and a closing quote or bracket) and white space.
_START = r"(?:\x02\s*|[.!?…][\"”’)\]]?\s+)"
_BOUNDARY_AFTER = r"(?![\w'’])"


def fragment(pattern: str) -> str:
    """Turn a pack pattern into a regex fragment: spaces match white space, ' matches ’."""
    return re.sub(r" +", r"\\s+", pattern.strip()).replace("'", "['’]")


def literal(phrase: str) -> str:
    """A plain word or phrase as a regex fragment, with the same space and apostrophe rules."""
    return r"\s+".join(re.escape(word).replace("'", "['’]") for word in phrase.split())


def _alternation(words: Iterable[str], convert=fragment) -> str:
    for word in words:
        if not isinstance(word, str):
            raise ValueError(f"{word!r} is not a string; quote it in the YAML (no, yes, on and off read as booleans)")
        if any(ord(ch) < 32 for ch in word):
            raise ValueError(f"{word!r} holds a control character; write regexes in single quotes ('\\b' in double quotes is a backspace)")
    return "(?:" + "|".join(convert(w) for w in sorted(words, key=len, reverse=True)) + ")"


def inflect(phrase: str, suffix: str) -> str:
    """Add a simple English inflection to the first word of ``phrase``."""
    head, _, rest = phrase.partition(" ")
    low = head.lower()
    vowels = "aeiou"
    if suffix == "s":
        if low.endswith(("s", "x", "z", "ch", "sh")):
            head += "es"
        elif low.endswith("y") and len(low) > 1 and low[-2] not in vowels:
            head = head[:-1] + "ies"
        else:
            head += "s"
    elif suffix == "ed":
        if low.endswith("e"):
            head += "d"
        elif low.endswith("y") and len(low) > 1 and low[-2] not in vowels:
            head = head[:-1] + "ied"
        else:
            head += "ed"
    elif suffix == "ing":
        if low.endswith("ie"):
            head = head[:-2] + "ying"
        elif low.endswith("e") and not low.endswith(("ee", "ye", "oe")):
            head = head[:-1] + "ing"
        else:
            head += "ing"
    else:
        raise ValueError(f"unknown word form {suffix!r}; use s, ed or ing")
    return f"{head} {rest}" if rest else head


def match_case(replacement: str, original: str) -> str:
    if len(original) > 1 and original.isupper():
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


@dataclass
class _Context:
    preceded_by: re.Pattern | None = None
    not_preceded_by: re.Pattern | None = None
    followed_by: re.Pattern | None = None
    not_followed_by: re.Pattern | None = None

    @classmethod
    def build(cls, spec: Mapping[str, Any], flags: int) -> _Context:
        def before(key: str) -> re.Pattern | None:
            words = spec.get(key)
            if not words:
                return None
            plain = [w for w in words if w != "$START"]
            parts = [_BOUNDARY_BEFORE + _alternation(plain) + r"\s+$"] if plain else []
            if "$START" in words:
                parts.append(_START + r"[\"“‘'(\[]?$")
            return re.compile("|".join(parts), flags)

        def after(key: str) -> re.Pattern | None:
            words = spec.get(key)
            if not words:
                return None
            plain = [w for w in words if w != "$END"]
            parts = []
            if plain:
                parts.append(r"\s+" + _alternation(plain) + _BOUNDARY_AFTER)
            if "$END" in words:
                parts.append(r"\s*(?:[.,;:!?)\]\"”]|$)")
            return re.compile("(?:" + "|".join(parts) + ")", flags)

        return cls(before("preceded_by"), before("not_preceded_by"), after("followed_by"), after("not_followed_by"))

    def allows(self, text: str, start: int, end: int) -> bool:
        # The words after are read first: an anchored match is cheap, a search back is not.
        if self.followed_by and not self.followed_by.match(text, end):
            return False
        if self.not_followed_by and self.not_followed_by.match(text, end):
            return False
        if not (self.preceded_by or self.not_preceded_by):
            return True
        # The marker stands for the start of the block, which $START matches.
        window = text[max(0, start - 60) : start] if start > 60 else _BLOCK_START + text[:start]
        if self.preceded_by and not self.preceded_by.search(window):
            return False
        if self.not_preceded_by and self.not_preceded_by.search(window):
            return False
        return True


_WORDS = re.compile(r"[\w'’]+")


@dataclass
class _Swap:
    """One find/use entry; its regexes are compiled the first time a block could match."""

    source: str
    flags: int
    replacements: dict[str, str]  # lower-cased matched form -> replacement
    context_spec: Mapping[str, Any]
    _pattern: re.Pattern | None = None
    _context: _Context | None = None

    @property
    def pattern(self) -> re.Pattern:
        if self._pattern is None:
            self._pattern = re.compile(self.source, self.flags)
        return self._pattern

    @property
    def context(self) -> _Context:
        if self._context is None:
            self._context = _Context.build(self.context_spec, self.flags)
        return self._context

    _key_words: frozenset[str] | None = None

    @property
    def key_words(self) -> frozenset[str] | None:
        """Words one of which every match holds, or None when no word can say.

        For a substitution, the longest word of each find (its finds are plain words, so a
        match holds all of them, and the longest is the rarest: "elderly", not "the"); for
        an existence rule, its ``screen``.
        """
        if self._key_words is None and self.replacements:
            keys = []
            for find in self.replacements:
                words = _WORDS.findall(find.replace("’", "'"))
                if not words:  # punctuation only: no word to look for
                    return None
                keys.append(max(words, key=len))
            self._key_words = frozenset(keys)
        return self._key_words

    @property
    def leads(self) -> frozenset[str] | None:
        """The letters each find opens with, lower case ("in" for "in to", "don" for
        "don't"), or None when a find opens with anything else (see :func:`_matches`)."""
        if not self.replacements:
            return None
        found = [_LEAD.match(find) for find in self.replacements]
        return frozenset(m.group(0) for m in found) if all(found) else None


_LEAD = re.compile(r"[a-z]+")


def ascii_lower(text: str) -> str | None:
    """The text lower-cased for :func:`_matches`, or None when it is not plain ASCII."""
    return text.lower() if text.isascii() else None


def _matches(pattern: re.Pattern, text: str, leads: frozenset[str] | None, low: str | None) -> Iterator[re.Match]:
    """``pattern.finditer(text)``, found faster where every match opens with one of ``leads``.

    A find's pattern opens with a look-behind, which keeps the regular expression engine
    from skipping ahead: it tries every position. Here the places where a find's first
    letters stand are found by ``str.find`` in ``low``, the text lower-cased (a quick scan
    in C), and the pattern is tried there alone, left to right and without overlaps, as
    ``finditer`` would. ``low`` (:func:`ascii_lower`) is None unless the text is plain
    ASCII: with IGNORECASE a few other letters match ASCII ones ("K", "ſ").
    """
    if leads is None or low is None:
        yield from pattern.finditer(text)
        return
    places = []
    for lead in leads:
        at = low.find(lead)
        while at >= 0:
            places.append(at)
            at = low.find(lead, at + 1)
    taken_until = 0
    for at in sorted(set(places)):  # one find may open another ("to", "tonight")
        if at < taken_until:
            continue
        match = pattern.match(text, at)
        if match:
            taken_until = match.end()
            yield match


_OPEN_BEFORE = re.compile(r"\(\s*$")
_OPEN_AFTER = re.compile(r"\s*\((?!\s*\d)")


def _defined(text: str, start: int, end: int) -> bool:
    """The term sits in parentheses after its explanation, or is followed by one."""
    return bool(_OPEN_BEFORE.search(text, max(0, start - 3), start) or _OPEN_AFTER.match(text, end))


def _lower_words(text: str) -> frozenset[str]:
    low = lowered_in_place(text)
    if low is not None:  # the whole block at once
        return frozenset(_WORDS.findall(low.replace("’", "'")))
    return frozenset(w.lower().replace("’", "'") for w in _WORDS.findall(text))


def _block_words(doc: Document) -> list[frozenset[str]]:
    """Each block's lower-cased words, built once per document for all pack rules."""
    words = doc.cache.get("pattern_block_words")
    if words is None:
        words = doc.cache["pattern_block_words"] = [_lower_words(block.text) for block in doc.blocks]
    return words


def _blocks_with(doc: Document, screen: frozenset[str]) -> list[int]:
    """Indexes of the blocks holding any word of ``screen``: a rule skips every other block
    (and, most often, the whole document at once)."""
    everywhere = doc.cache.get("pattern_document_words")
    if everywhere is None:
        everywhere = doc.cache["pattern_document_words"] = frozenset().union(*_block_words(doc))
    if everywhere.isdisjoint(screen):
        return []
    return [number for number, words in enumerate(_block_words(doc)) if not words.isdisjoint(screen)]


class PatternRule(Rule):
    """A rule defined in a YAML pack."""

    KINDS = ("existence", "substitution")

    def __init__(self, spec: Mapping[str, Any], pack: str) -> None:
        known = {
            "code", "name", "kind", "category", "severity", "summary", "rationale", "source", "message",
            "tokens", "swaps", "case_sensitive", "examples", "enabled_by_default",
            "preceded_by", "not_preceded_by", "followed_by", "not_followed_by",
            "first_use_only", "defined_in_parentheses", "fix", "screen",
        }
        unknown = set(spec) - known
        if unknown:
            raise ValueError(f"{pack}: rule {spec.get('code', '?')}: unknown key(s) {', '.join(sorted(unknown))}")
        self.pack = pack
        self.code = str(spec.get("code", ""))
        self.name = str(spec.get("name", ""))
        self.kind = spec.get("kind")
        if self.kind not in self.KINDS:
            raise ValueError(f"{pack}: rule {self.code}: kind must be one of {', '.join(self.KINDS)}")
        self.category = str(spec.get("category", ""))
        self.severity = str(spec.get("severity", "warning"))
        self.summary = str(spec.get("summary", ""))
        self.rationale = str(spec.get("rationale", ""))
        self.source = str(spec.get("source", ""))
        self.message = str(spec.get("message", ""))
        self.enabled_by_default = bool(spec.get("enabled_by_default", True))
        self.first_use_only = bool(spec.get("first_use_only", False))
        self.fix = str(spec.get("fix", "unsafe"))  # a pack's word swaps may change meaning unless it says "safe"
        if self.fix not in ("safe", "unsafe"):
            raise ValueError(f"{pack}: rule {self.code}: fix must be safe or unsafe")
        self.options = {"allow": Option([], "Words or phrases this rule accepts, e.g. identity-first terms a community prefers.")}
        self.defined_in_parentheses = bool(spec.get("defined_in_parentheses", False))
        examples = spec.get("examples") or {}
        self.pass_examples = tuple(examples.get("pass", ()))
        self.fail_examples = tuple(examples.get("fail", ()))
        self._spec = spec
        self._compiled: tuple[list[_Swap], frozenset[str] | None] | None = None
        self._grouped: list | None = None
        self._check_spec(spec)

    def _check_spec(self, spec: Mapping[str, Any]) -> None:
        """Cheap structural checks at load; regexes are compiled when the rule first runs."""
        if spec.get("screen") is not None and self.kind != "existence":
            raise ValueError(f"{self.pack}: rule {self.code}: 'screen' is for existence rules (substitutions screen by their words)")
        for key in ("tokens", "swaps", "preceded_by", "not_preceded_by", "followed_by", "not_followed_by", "screen"):
            value = spec.get(key)
            if value is not None and not isinstance(value, list):
                raise ValueError(f"{self.pack}: rule {self.code}: '{key}' must be a list")
        if self.kind == "existence" and not spec.get("tokens"):
            raise ValueError(f"{self.pack}: rule {self.code}: an existence rule needs 'tokens'")
        if self.kind == "substitution" and not spec.get("swaps"):
            raise ValueError(f"{self.pack}: rule {self.code}: a substitution rule needs 'swaps'")
        words = [w for key in ("tokens", "preceded_by", "not_preceded_by", "followed_by", "not_followed_by", "screen") for w in spec.get(key) or []]
        for entry in spec.get("swaps") or []:
            if not isinstance(entry, Mapping) or "find" not in entry or "use" not in entry:
                raise ValueError(f"{self.pack}: rule {self.code}: each swap needs 'find' and 'use'")
            finds = entry["find"] if isinstance(entry["find"], list) else [entry["find"]]
            words += [*finds, entry["use"]]
            words += [w for key in ("preceded_by", "not_preceded_by", "followed_by", "not_followed_by") for w in entry.get(key) or []]
        try:
            _alternation(words) if words else None  # type and control-character checks, no compiling
        except ValueError as exc:
            raise ValueError(f"{self.pack}: rule {self.code}: {exc}") from None

    def compile(self) -> tuple[list[_Swap], frozenset[str] | None]:
        """The rule's regexes (compiled once, on first use: start-up stays fast)."""
        if self._compiled is None:
            flags = 0 if self._spec.get("case_sensitive") else re.IGNORECASE
            try:
                swaps = self._compile(self._spec, flags)
            except (ValueError, re.error) as exc:
                raise ValueError(f"{self.pack}: rule {self.code}: {exc}") from None
            # Most blocks match no swap; a set lookup of their words says so quickly. An
            # existence rule's regexes have no words to read: only its own screen can say.
            keys = [s.key_words for s in swaps]
            screen = frozenset().union(*keys) if all(k is not None for k in keys) else None
            self._compiled = (swaps, screen)
        return self._compiled

    @property
    def swaps(self) -> list[_Swap]:
        return self.compile()[0]

    @property
    def screen(self) -> frozenset[str] | None:
        return self.compile()[1]

    def _compile(self, spec: Mapping[str, Any], flags: int) -> list[_Swap]:
        swaps = []
        if self.kind == "existence":
            tokens = spec.get("tokens") or []
            if not tokens:
                raise ValueError(f"{self.pack}: rule {self.code}: an existence rule needs 'tokens'")
            screen = frozenset(str(w).lower().replace("’", "'") for w in spec["screen"]) if spec.get("screen") else None
            swaps.append(_Swap(_BOUNDARY_BEFORE + _alternation(tokens) + _BOUNDARY_AFTER, flags, {}, spec, _key_words=screen))
            return swaps
        entries = spec.get("swaps") or []
        if not entries:
            raise ValueError(f"{self.pack}: rule {self.code}: a substitution rule needs 'swaps'")
        for entry in entries:
            if not isinstance(entry, Mapping) or "find" not in entry or "use" not in entry:
                raise ValueError(f"{self.pack}: rule {self.code}: each swap needs 'find' and 'use'")
            finds = entry["find"] if isinstance(entry["find"], list) else [entry["find"]]
            pairs = {str(f).lower(): str(entry["use"]) for f in finds}
            for suffix in entry.get("forms", []):
                for find in finds:
                    pairs[inflect(str(find), suffix).lower()] = inflect(str(entry["use"]), suffix)
            swaps.append(_Swap(_BOUNDARY_BEFORE + _alternation(pairs, literal) + _BOUNDARY_AFTER, flags, pairs, {**spec, **entry}))
        return swaps

    def _groups(self) -> list[tuple[re.Pattern, list[tuple[int, _Swap]], frozenset[str] | None, frozenset[str] | None]]:
        """Swaps that share a pattern and differ only in context ("to" before an adjective,
        "to" at the end...), so that each pattern scans a block once."""
        if self._grouped is None:
            groups: dict[tuple[str, int], list[tuple[int, _Swap]]] = {}
            for i, swap in enumerate(self.swaps):
                groups.setdefault((swap.source, swap.flags), []).append((i, swap))
            self._grouped = [(members[0][1].pattern, members, members[0][1].key_words, members[0][1].leads) for members in groups.values()]
        return self._grouped

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        done: set[str] = set()  # terms already reported or defined, for first_use_only
        allowed = {re.sub(r"\s+", " ", str(a).lower()).replace("’", "'") for a in options.get("allow", ())}
        screened = self.screen is not None
        numbers = _blocks_with(doc, self.screen) if screened else range(len(doc.blocks))
        block_words = _block_words(doc) if screened else None
        for number in numbers:
            block = doc.blocks[number]
            text = block.text
            present = block_words[number] if block_words is not None else None
            candidates = []
            low = ascii_lower(text)
            for pattern, members, key_words, leads in self._groups():
                if present is not None and present.isdisjoint(key_words):
                    continue
                for match in _matches(pattern, text, leads, low):
                    start, end = match.span()
                    candidates += [(start, -end, i, match) for i, swap in members if swap.context.allows(text, start, end)]
            taken_until = -1
            # Longest match first at each position; a match inside an earlier one is dropped
            # ("chronic pain sufferers" is reported once, not also as "sufferers").
            for start, neg_end, i, match in sorted(candidates, key=lambda c: (c[0], c[1], c[2])):
                end, swap = -neg_end, self.swaps[i]
                if start < taken_until:
                    continue
                taken_until = end
                found = match.group(0)
                term = re.sub(r"\s+", " ", found.lower())
                if allowed and term.replace("’", "'") in allowed:
                    continue
                if (self.first_use_only or self.defined_in_parentheses) and term in done:
                    continue
                if self.defined_in_parentheses and _defined(text, start, end):
                    done.add(term)
                    continue
                if self.first_use_only:
                    done.add(term)
                suggestion = ""
                if swap.replacements:
                    key = re.sub(r"\s+", " ", found.lower()).replace("’", "'")
                    suggestion = match_case(swap.replacements.get(key, next(iter(swap.replacements.values()))), found)
                message = self.message.format(match=found, suggestion=suggestion)
                yield Hit.in_block(block, start, end, message, (suggestion,) if suggestion else ())
