"""Which words are real words, so that medical terms are never reported as typos.

A word is known when it is:
- in the medical word list (``rules/lists/medical-words.yaml``) or the vocabulary built
  from NLM's Medical Subject Headings and open drug-name lists
  (``rules/lists/medical-vocabulary.txt``), or a Latin plural of one ("glomeruli"), or a
  drug of the look-alike pairs (``rules/lists/drug-sound-alikes.yaml``, brand names too);
- built like a medical term: a medical root plus a medical suffix ("hemangioendothelioma"),
  or a generic drug name ending in a USAN stem ("pomalidomide", "atorvastatin");
  A plural of a term built that way counts too ("porphyrinurias");
- in the CMU Pronouncing Dictionary (134,000 English words and names, BSD-2-Clause), or
  in SCOWL's word lists up to size 80 (``rules/lists/english-vocabulary.txt``: 170,000
  more words, clinical ones such as "apheresis", "philtrum" or "hyoscine" among them;
  a spelling SCOWL gives only for some dialects counts in those: "anaemia" with
  ``dialect = "british"``);
- written in capitals or with digits (acronyms, gene and stage names: "NCI", "BRCA1", "IIIA");
- added by the user: ``words = [...]`` in the settings, or one word a line in
  ``.healthlint-words.txt`` beside the settings file or in the folder linted.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from ..analysis.sentences import LETTER_WORD
from ..analysis.syllables import _lookup
from ..packs import sorted_word_file, word_lists

WORDS_FILE = ".healthlint-words.txt"
_STRICT_SUFFIXES_MIN = 3  # "al", "ic", "ous"... only count when the word opens with a root
DIALECTS = ("american", "british", "canadian", "australian", "indian")  # Harper's Dialect names
# SCOWL has no Indian list; Indian English spells as British English does.
_SCOWL_DIALECT = {"indian": "british"}


class _MedicalWords:
    """The medical word list and the MeSH/ICD/DrugBank vocabulary, as one ``in`` test; the
    vocabulary's 30,000 words are looked up in the sorted file, not loaded into a set."""

    def __init__(self, listed: frozenset[str]) -> None:
        self.listed = listed
        self.vocabulary = sorted_word_file("medical-vocabulary")

    def __contains__(self, word: str) -> bool:
        return word in self.listed or word in self.vocabulary

    @cached_property
    def as_set(self) -> frozenset[str]:
        """All the words as a set: for the one-slip test, which asks about a thousand
        candidates per unknown word (20 microseconds each by bisection, 0.2 in a set). Built
        on the first such word only, so a start-up that meets none does not pay for it."""
        from ..packs import word_file

        return self.listed | word_file("medical-vocabulary")


@lru_cache(maxsize=1)
def _medical() -> tuple[_MedicalWords, tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...]]:
    lists = word_lists("medical-words")

    def longest_first(key: str) -> tuple[str, ...]:
        return tuple(sorted({x.lower() for x in lists[key]}, key=len, reverse=True))

    drugs = {str(drug).lower() for drug in word_lists("drug-sound-alikes")["drugs"]}  # HL142's drugs, brand names too
    words = _MedicalWords(frozenset(w.lower() for w in lists["words"]) | drugs)
    forms = tuple((str(read), str(listed)) for read, listed in lists["word_forms"])
    return words, longest_first("roots"), longest_first("strong_suffixes"), longest_first("suffixes"), longest_first("drug_stems"), forms


def _other_form(word: str, words: _MedicalWords, forms: tuple[tuple[str, str], ...]) -> bool:
    """Another form of a listed word: "glomeruli" (glomerulus), "filamin" (filamins)."""
    return len(word) >= 5 and any(
        word.endswith(read) and len(listed := word[: -len(read)] + listed_end) >= 5 and listed in words for read, listed_end in forms
    )


def _singular(word: str) -> str | None:
    """The singular of a regular plural ("porphyrinurias", "biopsies"), else None."""
    if word.endswith("ies") and len(word) > 5:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 4:
        return word[:-1]
    return None


def looks_medical(word: str) -> bool:
    w = word.lower().replace("’", "'").removesuffix("'s")
    words, roots, strong, suffixes, stems, forms = _medical()
    if w in words or (w.endswith("s") and w[:-1] in words) or _other_form(w, words, forms):
        return True
    if len(w) < 7:
        return False
    if _built_medical(w, roots, strong, suffixes, stems):
        return True
    one = _singular(w)  # a term built from word parts is a term in the plural too
    return one is not None and len(one) >= 7 and _built_medical(one, roots, strong, suffixes, stems)


def _listed_medical(word: str) -> bool:
    """In the medical lists themselves (or a plural or Latin form of a listed word)."""
    w = word.lower().replace("’", "'").removesuffix("'s")
    words, *_, forms = _medical()
    return w in words or (w.endswith("s") and w[:-1] in words) or _other_form(w, words, forms)


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_slip(word: str) -> set[str]:
    """Words one deletion, insertion, substitution or swap of neighbours away."""
    cuts = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in cuts if b} | {a + b[1] + b[0] + b[2:] for a, b in cuts if len(b) > 1}
            | {a + c + b[1:] for a, b in cuts if b for c in _LETTERS} | {a + c + b for a, b in cuts for c in _LETTERS}) - {word}


def _one_slip_from_listed(word: str) -> bool:
    """One slip from a word of the CMU dictionary or the medical lists (the ones that a
    typo of a health article's words most often comes from), other than a form of the
    same word ("endoribonuclease" beside "endoribonucleases", "colonoscope" beside
    "colonoscopy", "antiarrhythmia" beside "antiarrhythmic")."""
    w = word.lower()
    if not w.isascii() or not w.isalpha():
        return False
    words = _medical()[0].as_set
    # A slip of the first letter is rare, and would make "sickled" a typo of "pickled".
    return any(len(v) >= 4 and v[0] == w[0] and (_lookup(v) is not None or v in words) and not _other_ending(w, v) for v in one_slip(w))


_INFLECTIONS = ("s", "es", "d", "ed", "r", "er", "ing")


def _inflection_stems(word: str) -> set[str]:
    return {word, *(word[: -len(end)] for end in _INFLECTIONS if word.endswith(end))}


def _other_ending(word: str, other: str) -> bool:
    """The same stem with another inflection or medical ending."""
    if not _inflection_stems(word).isdisjoint(_inflection_stems(other)):
        return True  # "sickled" beside "sickles", "endoribonuclease" beside "endoribonucleases"
    _, _, strong, suffixes, _, _ = _medical()
    endings = (*strong, *suffixes)
    mine = next((e for e in endings if word.endswith(e)), None)
    theirs = next((e for e in endings if other.endswith(e)), None)
    return mine is not None and theirs is not None and word[: -len(mine)] == other[: -len(theirs)]


def _built_medical(w: str, roots: tuple[str, ...], strong: tuple[str, ...], suffixes: tuple[str, ...], stems: tuple[str, ...]) -> bool:
    """Built from medical word parts: a drug stem, a medical ending, a root and a suffix."""
    if w.endswith(stems) or w.endswith(strong):
        return True
    suffix = next((s for s in suffixes if w.endswith(s)), None)
    if suffix is None:
        return False
    stem = w[: -len(suffix)]
    if len(suffix) < _STRICT_SUFFIXES_MIN:
        return stem.startswith(roots)  # "myeloid", "epithelial": a root must open the word
    return any(root in stem for root in roots if len(root) >= 4) or stem.startswith(roots)


def _english(word: str, dialect: str | None) -> bool:
    """In SCOWL's lists (english-vocabulary.txt): every dialect's word, or a spelling of
    ``dialect`` (None: of any dialect)."""
    tags = sorted_word_file("english-vocabulary").tags(word)
    return tags is not None and (not tags or dialect is None or _SCOWL_DIALECT.get(dialect, dialect) in tags)


@lru_cache(maxsize=65536)
def _in_dictionary(word: str, dialect: str | None = None, broad: bool = True) -> bool:
    """In the CMU dictionary, or (``broad``) in SCOWL's lists, with or without an ending."""
    w = word.lower().replace("’", "'")
    known = (lambda x: _lookup(x) is not None or _english(x, dialect)) if broad else (lambda x: _lookup(x) is not None)
    if known(w):
        return True
    for suffix in ("'s", "s", "es", "ed", "ing", "ly"):
        if w.endswith(suffix) and len(w) > len(suffix) + 2 and known(w[: -len(suffix)]):
            return True
    return False


@lru_cache(maxsize=1)
def _prefixes() -> tuple[str, ...]:
    return tuple(sorted({p.lower() for p in word_lists("medical-words")["prefixes"]}, key=len, reverse=True))


# Derivational endings, accepted on a known stem of four letters or more ("myelination",
# "infectivity", "antigenically"). No "-er", "-ment" or "-ness": "watter" must not pass as
# "watt" + "er", nor "enviroment" as "enviro" + "ment".
# "-izer" and "-yzer" name the device or agent of a known "-ize"/"-yze" verb ("dialyzer",
# "nebulizer"); "-like" makes an adjective of a known noun ("tubelike", "trancelike").
_DERIVED = (("ically", "ic"), ("ally", "al"), ("ation", ""), ("ation", "e"), ("ity", ""), ("ity", "e"), ("ization", "ize"),
            ("ing", "e"), ("ed", "e"), ("izer", "ize"), ("izers", "ize"), ("yzer", "yze"), ("yzers", "yze"), ("like", ""))


def _derived(word: str) -> bool:
    w = word.lower()
    for ending, restore in _DERIVED:
        if w.endswith(ending) and len(w) - len(ending) >= 4:
            stem = w[: -len(ending)] + restore
            if _in_dictionary(stem) or looks_medical(stem):
                return True
    return False


def _compound(word: str) -> bool:
    """A prefix or known word joined to a known word: "prehypertension", "backflow".

    The rest must be a CMU or medical word: SCOWL's rarer words make too many typos
    compounds ("transmissable" as "trans" + "missable").
    """
    w = word.lower()
    if len(w) < 7:
        return False
    for prefix in _prefixes():
        rest = w[len(prefix):]
        if w.startswith(prefix) and len(rest) >= 4 and (_in_dictionary(rest, broad=False) or looks_medical(rest)):
            return True
    return False


@lru_cache(maxsize=1)
def _units() -> frozenset[str]:
    lists = word_lists("units")
    return frozenset([*lists["units"], *lists["unit_fixes"]])


class Vocabulary:
    def __init__(self, extra: Iterable[str] = (), dialect: str = "american") -> None:
        self.extra = frozenset(w.strip().lower() for w in extra if w.strip())
        self.dialect = dialect
        self._known: dict[str, bool] = {}  # an article repeats its words: look each up once
        # Tokens never worth reporting whatever surrounds them (known words, numbers): the
        # spelling pass tests each token against this set before anything else.
        self.never_reported: set[str] = set()

    @classmethod
    @lru_cache(maxsize=8)
    def shared(cls, extra: tuple[str, ...] = (), dialect: str = "american") -> Vocabulary:
        """One vocabulary (and its memory of looked-up words) per word list and dialect, for the process."""
        return cls(extra, dialect)

    def knows(self, word: str) -> bool:
        known = self._known.get(word)
        if known is None:
            known = self._known[word] = self._knows(word)
        return known

    def _knows(self, word: str) -> bool:
        token = word.strip(".,;:!?\"'()[]“”‘’")
        if not token:
            return True
        if token.lower() in self.extra:
            return True
        bare = token.removesuffix("'s").removesuffix("’s")
        if any(ch.isdigit() for ch in bare) or (len(bare) > 1 and bare.rstrip("s").isupper()):
            return True  # acronyms ("NCI's", "UTIs"), genes and stages ("BRCA1", "IIIA")
        if any(ch.isupper() for ch in bare[1:]):
            return True  # units and mixed-case names: "mmHg", "dL", "IgG", "CoA"
        if "-" in token:
            return all(self.knows(part) for part in token.split("-") if part)
        if token in _units():
            return True
        if not token.isascii() and (plain := _without_accents(token)) != token:
            return self.knows(plain)  # "fiancée", "piñon": dictionaries spell loanwords without accents
        if _in_dictionary(token, self.dialect) or _listed_medical(token):
            return True
        # A word only inferred from its parts is a typo when one slip of a key makes it from
        # a listed word: "arthritus" (arthritis), "insullin" (insulin), "nueropathy".
        return (looks_medical(token) or _compound(token) or _derived(token)) and not _one_slip_from_listed(token)


def _without_accents(word: str) -> str:
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


def read_words_file(folder: Path | None) -> tuple[str, ...]:
    """Words from ``.healthlint-words.txt`` in ``folder``: one a line, ``#`` comments."""
    if folder is None:
        return ()
    path = folder / WORDS_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ()
    return tuple(line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip())


TOKEN = LETTER_WORD  # the keyword rules' word pattern: the spelling pass reads their cached tokens




_HEAD = re.compile(r"^([^ (\n]+) ", re.MULTILINE)


@lru_cache(maxsize=32)
def _words_with_initial(letter: str) -> dict[str, dict[int, tuple[str, ...]]]:
    """CMU dictionary words starting with ``letter`` (one contiguous run of the sorted
    file), by their first two letters and then by length."""
    from ..analysis.syllables import _dictionary

    data = _dictionary()
    key = letter.encode("ascii", "ignore")
    if not key or not key.isalpha():
        return {}
    start = 0 if data.startswith(key) else data.find(b"\n" + key) + 1
    if start <= 0 and not data.startswith(key):
        return {}
    end = data.find(b"\n" + bytes([key[0] + 1]), start)
    chunk = data[start : end if end > 0 else len(data)].decode("utf-8", "ignore")
    grouped: dict[str, dict[int, list[str]]] = {}
    for word in _HEAD.findall(chunk):  # not "word(2)", a second pronunciation
        grouped.setdefault(word[:2], {}).setdefault(len(word), []).append(word)
    return {prefix: {n: tuple(ws) for n, ws in by_length.items()} for prefix, by_length in grouped.items()}


def _words_by_prefix(prefix: str) -> dict[int, tuple[str, ...]]:
    """Dictionary words starting with the two letters ``prefix``, by length."""
    return _words_with_initial(prefix[:1]).get(prefix, {})


_POOL_LETTERS = "abcdefghijklmnopqrstuvwxyz'.-"


@lru_cache(maxsize=4096)
def suggest(word: str) -> tuple[str, ...]:
    """Up to three close dictionary words, in the original's case."""
    low = word.lower()
    # Typos nearly always keep the first two letters and about the same length; a small
    # pool keeps this fast.
    by_length = _words_by_prefix(low[:2])
    pool = [w for n in range(len(low) - 2, len(low) + 3) for w in by_length.get(n, ())]
    found = close_matches(low, pool)
    split = run_together(low)
    if split:
        found = [split, *found[:2]]
    if word[:1].isupper():
        found = [f[:1].upper() + f[1:] for f in found]
    return tuple(found)


def close_matches(word: str, pool: Sequence[str], n: int = 3, cutoff: float = 0.8) -> list[str]:
    """``difflib.get_close_matches(word, pool, n, cutoff)``, with the same result, faster.

    difflib's first test of a candidate counts the letters it shares with ``word`` in a
    Python loop. The candidate's letters that ``word`` lacks, deleted in C, give a bound
    on that count (never below it), which rules out most of a pool at once.
    """
    import difflib
    import heapq

    lacking = str.maketrans("", "", "".join(ch for ch in _POOL_LETTERS if ch not in word))
    size = len(word)
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    scored = []
    for candidate in pool:
        if 2.0 * len(candidate.translate(lacking)) / (len(candidate) + size) < cutoff:
            continue
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff and (score := matcher.ratio()) >= cutoff:
            scored.append((score, candidate))
    return [candidate for _, candidate in heapq.nlargest(n, scored)]


# Two real words typed together are rarely longer than this; each split point costs a
# slice and two look-ups of the word's length, so a 100,000-letter "word" (hostile input)
# took 8 s before this bound.
RUN_TOGETHER_MAX = 48


def run_together(word: str) -> str | None:
    """Two words typed without a space ("abdomenthe", "symptomssuch"), split; else None.

    One half may be a function word ("the", "such", "can"); any other half must be a
    dictionary or medical word of five letters or more, so that a real word is not cut
    into fragments the dictionary happens to hold ("lungworm", "watter").
    """
    low = word.lower()
    if len(low) < 6 or len(low) > RUN_TOGETHER_MAX or _compound(low):
        return None  # "thermotherapy": a prefixed word, not two words
    best = None
    for i in range(1, len(low)):
        left, right = low[:i], low[i:]
        if _split_part(left) and _split_part(right) and (left in _function_words() or right in _function_words() or min(len(left), len(right)) >= 5):
            if best is None or max(len(left), len(right)) > max(map(len, best)):
                best = (left, right)  # the longest content word: "disease a", not "dise asea"
    return " ".join(best) if best else None


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    return frozenset(w for w in word_lists("english")["function_words"] if "'" not in w and "." not in w and (len(w) > 1 or w == "a"))


def _split_part(part: str) -> bool:
    if part in _function_words():
        return True
    return len(part) >= 5 and (_lookup(part) is not None or looks_medical(part))
