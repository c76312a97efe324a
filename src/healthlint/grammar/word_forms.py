"""What a word can be: a singular or plural noun, a verb's base, -s, past or -ing form.

Looked up in ``rules/lists/word-forms.txt`` (NLM SPECIALIST Lexicon and AGID, through
lemminflect's table; see its header), a sorted file searched by bisection, so start-up
parses nothing. A word the table lacks has no tags, and the agreement checks leave it
alone.
"""

from __future__ import annotations

from functools import lru_cache

from ..packs import lists_dir, word_lists

# Forms of "be" are kept apart: "am", "were" and "was" each agree with different subjects.
_BE = {"be": "VB", "am": "VBP1", "is": "VBZ", "are": "VBP", "was": "VBD1", "were": "VBDP", "been": "VBN", "being": "VBG"}


@lru_cache(maxsize=1)
def _data() -> bytes:
    data = (lists_dir() / "word-forms.txt").read_bytes()
    start = 0
    while data.startswith(b"#", start):  # skip the header: bisection needs sorted lines only
        start = data.index(b"\n", start) + 1
    return data[start:]


@lru_cache(maxsize=1)
def _plural_only() -> frozenset[str]:
    return frozenset(word_lists("english")["irregular_plurals"])


@lru_cache(maxsize=8192)
def tags(word: str) -> frozenset[str]:
    """The tags of ``word`` (case ignored); empty when the table lacks it."""
    w = word.lower()
    if w in _BE:
        return frozenset({_BE[w]})
    if w in _plural_only():
        return frozenset({"NNS"})  # "people", "children", "data": plural in health writing
    data, key = _data(), w.encode("utf-8", "ignore") + b" "
    lo, hi = 0, len(data)
    while lo < hi:  # the first line at or after the key
        mid = (lo + hi) // 2
        line_start = data.rfind(b"\n", 0, mid) + 1
        if data[line_start : line_start + len(key)] < key:
            next_line = data.find(b"\n", mid)
            if next_line < 0:
                return frozenset()
            lo = next_line + 1
        else:
            hi = line_start
    if not data.startswith(key, lo):
        return frozenset()
    end = data.find(b"\n", lo)
    return frozenset(data[lo + len(key) : end if end >= 0 else len(data)].decode().split())


def is_plural_noun(word: str) -> bool:
    """Only a plural noun ("dogs", "users"), never a singular one."""
    t = tags(word)
    return "NNS" in t and "NN" not in t


def is_singular_noun(word: str) -> bool:
    """Only a singular noun ("dog", "risk"), never a plural one."""
    t = tags(word)
    return "NN" in t and "NNS" not in t


def is_third_person_verb(word: str) -> bool:
    """An -s verb form ("barks", "wants", "is", "has")."""
    return "VBZ" in tags(word)


def is_base_verb(word: str) -> bool:
    """A verb's base form that is not also its past ("walk", "give"; not "cut", "put")."""
    t = tags(word)
    return "VB" in t and "VBD" not in t


def is_past(word: str) -> bool:
    t = tags(word)
    return bool(t & {"VBD", "VBD1", "VBDP"})


def is_noun(word: str) -> bool:
    return bool(tags(word) & {"NN", "NNS"})


def is_verb(word: str) -> bool:
    return bool(tags(word) & {"VB", "VBZ", "VBD", "VBN", "VBG", "VBP", "VBP1", "VBD1", "VBDP"})


_IRREGULAR_BASE = {"has": "have", "does": "do", "is": "are", "was": "were"}
_IRREGULAR_THIRD = {base: third for third, base in _IRREGULAR_BASE.items()}
# Auxiliaries and their negatives whose two numbers differ in spelling.
_TO_PLURAL = {**_IRREGULAR_BASE, "isn't": "aren't", "wasn't": "weren't", "hasn't": "haven't", "doesn't": "don't"}
_TO_SINGULAR = {plural: singular for singular, plural in _TO_PLURAL.items()}


def base_form(verb: str) -> str:
    """The base (plural) form of an -s verb: "spreads" -> "spread", "has" -> "have"; "" if unknown."""
    for cut, add in (("ies", "y"), ("es", ""), ("s", "")):
        if verb.endswith(cut) and "VB" in tags(verb[: -len(cut)] + add):
            return verb[: -len(cut)] + add
    return _IRREGULAR_BASE.get(verb, "")


def third_person(verb: str) -> str:
    """The -s form of a base verb: "take" -> "takes", "have" -> "has"; "" if unknown."""
    for form in (verb + "s", verb + "es", verb[:-1] + "ies"):
        if "VBZ" in tags(form):
            return form
    if verb in _IRREGULAR_THIRD:
        return _IRREGULAR_THIRD[verb]
    if "VB" in tags(verb) and verb.isalpha() and verb not in ("be", "do", "have"):
        # The table lacks the -s form of some verbs ("stay", "focus", "undergo": 72 of its
        # 6,470 base verbs): the regular spelling rule gives it.
        if verb.endswith(("s", "x", "z", "ch", "sh", "o")):
            return verb + "es"
        if verb.endswith("y") and verb[-2:-1] not in "aeiou":
            return verb[:-1] + "ies"
        return verb + "s"
    return ""


def plural_verb(verb: str) -> str:
    """The form that agrees with a plural subject: "is" -> "are", "doesn't" -> "don't", "takes" -> "take"."""
    return _TO_PLURAL.get(verb) or base_form(verb)


def singular_verb(verb: str) -> str:
    """The form that agrees with a singular subject: "are" -> "is", "don't" -> "doesn't", "take" -> "takes"."""
    return _TO_SINGULAR.get(verb) or third_person(verb)
