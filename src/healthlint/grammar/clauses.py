"""Just enough sentence structure to check agreement: words, clause starts, noun phrases.

Not a parser. A clause is taken to start at the sentence start or after a subordinating
word ("whether", "when"...); a subject noun phrase is an optional determiner and up to
four content words. The number of a noun or verb comes from :mod:`word_forms`; a word
the table lacks, or that could be read two ways, makes the phrase "unknown", and the
checks built on this module say nothing about it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..analysis import lowered_in_place
from ..packs import word_lists
from .word_forms import tags

# Hyphenated and alphanumeric words stay whole ("sac-like", "four-fold", "CACNA1A"), so that
# their parts are never read as determiners or nouns of their own.
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*|[,;:()!?.\"“”]")


class Token(NamedTuple):
    text: str
    start: int
    end: int
    low: str  # lower case, with a typographic apostrophe made straight


_new_token = tuple.__new__  # a NamedTuple's own constructor is a Python call per token


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[Token, ...]:
    low = lowered_in_place(text)
    if low is None:
        return tuple(Token(m.group(0), m.start(), m.end(), m.group(0).lower().replace("’", "'")) for m in WORD.finditer(text))
    low = low.replace("’", "'")  # the sentence lower-cased once, then sliced
    return tuple([_new_token(Token, (m.group(0), start, end, low[start:end])) for m in WORD.finditer(text) for start, end in (m.span(),)])


def tokens(text: str) -> list[Token]:
    """The sentence's words and punctuation (cached: several checks read each sentence)."""
    return list(_tokens(text))


@lru_cache(maxsize=1)
def words() -> dict[str, frozenset[str]]:
    """The closed word classes of rules/lists/english.yaml's ``agreement_words``, with its
    function words and singular nouns ending in -s."""
    lists = word_lists("english")
    found = {key: frozenset(values) for key, values in lists["agreement_words"].items()}
    found["function"] = frozenset(lists["function_words"])
    found["singular_s_nouns"] = frozenset(lists["singular_s_nouns"])
    found["determiners"] = found["singular_determiners"] | found["plural_determiners"] | found["any_determiners"]
    found["agreeing_verbs"] = found["singular_verbs"] | found["plural_verbs"]
    return found


def is_word(token: Token) -> bool:
    return token.text[:1].isalpha()


def is_adverb(token: Token) -> bool:
    low = token.low
    return low in words()["adverbs"] or (low.endswith("ly") and len(low) > 4 and not tags(low) & {"NN", "NNS", "VB"})


def is_content(token: Token) -> bool:
    """A word that can be part of a noun phrase after its determiner."""
    low = token.low
    w = words()
    return is_word(token) and low not in w["function"] and low not in w["modals"] and not is_adverb(token) and "'" not in low


def after_verb(token: Token | None) -> bool:
    """What can follow a verb but hardly a noun: the end, an adverb, an object's determiner."""
    if token is None or token.text in (".", "!", "?", ";", ":", ","):
        return True
    return is_adverb(token) or token.low in words()["after_verb"]


def verb_number(token: Token) -> str | None:
    """'singular' for is/was/has/-s forms, 'plural' for are/were/have/do and bare verbs; None otherwise."""
    low = token.low
    w = words()
    if low in w["singular_verbs"]:
        return "singular"
    if low in w["plural_verbs"]:
        return "plural"
    t = tags(low)
    if "VBZ" in t:
        return "singular"
    if "VB" in t and "VBD" not in t:
        return "plural"
    return None


def noun_number(token: Token, determiner: Token | None) -> str | None:
    low = token.low
    w = words()
    det = determiner.low if determiner else None
    if det in w["plural_determiners"] or (det and det.isdigit() and det != "1"):
        return "plural"
    t = tags(low)
    if det in w["singular_determiners"]:
        return "singular" if "NN" in t or not t else None
    if low in w["singular_s_nouns"]:
        return "singular"
    if "NNS" in t and "NN" not in t:
        return "plural"
    if "NN" in t and "NNS" not in t:
        return "singular"
    return None


def clause_starts(toks: list[Token]) -> list[int]:
    """Where a clause can begin: the first word, and after a subordinating word."""
    starts = []
    first = next((i for i, t in enumerate(toks) if is_word(t)), None)
    if first is not None:
        starts.append(first)
    subordinators = words()["subordinators"]
    starts += [i + 1 for i, t in enumerate(toks[:-1]) if t.low in subordinators and i + 1 != first]
    # After an opening word or phrase and its comma: "Also, these people..."
    starts += [i + 1 for i, t in enumerate(toks[: 5]) if t.text == "," and first is not None and i > first]
    return sorted(set(starts))
