"""Spelling suggestions: the fast close-match search must give difflib's own answer."""

import difflib
import random

from healthlint.analysis.syllables import _dictionary
from healthlint.grammar.vocabulary import _words_by_prefix, close_matches, suggest


def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(len(word))
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz'-é")
    return rng.choice([word[:i] + word[i + 1 :], word[:i] + letter + word[i:], word[:i] + letter + word[i + 1 :]])


def test_close_matches_equal_difflib_on_typos_of_dictionary_words():
    rng = random.Random(7)
    lines = _dictionary().decode("utf-8", "ignore").splitlines()
    words = [line.split(" ", 1)[0] for line in rng.sample(lines, 400)]
    words = [w for w in words if "(" not in w and len(w) > 2]
    compared = 0
    for word in words:
        typo = _typo(rng, word).lower()
        by_length = _words_by_prefix(typo[:2])
        pool = [w for n in range(len(typo) - 2, len(typo) + 3) for w in by_length.get(n, ())]
        assert close_matches(typo, pool) == difflib.get_close_matches(typo, pool, n=3, cutoff=0.8), typo
        compared += bool(pool)
    assert compared > 300


def test_close_matches_with_letters_outside_the_pool_alphabet():
    pool = ["naïve", "naive", "native", "nave"]
    for word in ("naïv", "naiive", "nativ", "nav"):
        assert close_matches(word, pool) == difflib.get_close_matches(word, pool, n=3, cutoff=0.8)


def test_suggest_keeps_the_writers_capital():
    assert "Diabetes" in suggest("Diabetis")
    assert "diabetes" in suggest("diabetis")

