"""An existence rule's ``screen`` words only skip blocks; they never change what it finds."""

from pathlib import Path

import pytest

from healthlint.document import load_path, parse
from healthlint.engine.patterns import PatternRule
from healthlint.engine.registry import all_rules

ROOT = Path(__file__).resolve().parents[1]
SCREENED = [r for r in all_rules() if isinstance(r, PatternRule) and r.kind == "existence" and r._spec.get("screen")]

# Written for this test: claims and hedges of every shape the screened rules know, with
# capitals, curly apostrophes, hyphens and line breaks.
CLAIMS = """\
This tea CURES type 2 diabetes and reversed my arthritis. A cure for cancer, they say.
It is a Miracle cure, a medical breakthrough, guaranteed to work and 100% effective.
Magic pill! A wonder drug and a cure-all with a secret formula: a revolutionary new therapy.
No side-effects, without any side effects, zero side effects; completely safe and risk-free.
All-natural so it’s safe, and safe for everyone. Lose 30 pounds in 2 weeks.
Instant relief overnight results; it melts away belly fat without dieting. A quick fix.
Big Pharma hides what doctors don’t want you to know, things your doctor won't tell you.
Doctors hate this suppressed cure. The truth they hide. Stop taking your blood pressure
medication and ditch your pills: you no longer need insulin instead of your statins.
Thousands of happy patients swear by it. Real results from real people. My patients show that it works,
proven by our customers. It is not uncommon and not without risk; this is not unlike that, no unlikely that.
"""


def texts():
    yield parse(CLAIMS, "claims.txt", "text")
    for sample in sorted((ROOT / "samples").iterdir()):
        yield load_path(sample, sample.name)[0]


def hits(rule, doc):
    return [(h.start, h.end, h.message) for h in rule.check(doc, {"allow": []})]


@pytest.mark.parametrize("rule", SCREENED, ids=lambda r: r.code)
def test_screen_changes_nothing(rule):
    unscreened = PatternRule({k: v for k, v in rule._spec.items() if k != "screen"}, rule.pack)
    found = 0
    for doc in texts():
        with_screen = hits(rule, doc)
        assert with_screen == hits(unscreened, doc), doc.path
        found += len(with_screen)
    assert found, f"{rule.code}: the test text should hold at least one of its matches"


def test_existence_rules_with_regexes_are_screened():
    regex = [r for r in all_rules() if isinstance(r, PatternRule) and r.kind == "existence" and not r._spec.get("screen")]
    assert not regex, [r.code for r in regex]


def test_screen_only_on_existence_rules():
    with pytest.raises(ValueError, match="screen"):
        PatternRule({"code": "HL999", "name": "x", "kind": "substitution", "swaps": [{"find": "a", "use": "b"}], "screen": ["a"]}, "t.yaml")


SUBSTITUTIONS = [r for r in all_rules() if isinstance(r, PatternRule) and r.kind == "substitution"]


def unscreened_hits(rule, doc):
    """The rule's hits when every block and every swap is tried."""
    copy = PatternRule(rule._spec, rule.pack)
    copy._compiled = (copy.swaps, None)
    return hits(copy, doc)


@pytest.mark.parametrize("rule", SUBSTITUTIONS, ids=lambda r: r.code)
def test_substitution_key_words_change_nothing(rule):
    failing = "\n\n".join(e["text"] if isinstance(e, dict) else e for e in rule.fail_examples)
    for doc in [parse(failing, "fail.txt", "text"), *texts()]:
        assert hits(rule, doc) == unscreened_hits(rule, doc), doc.path


def test_a_phrase_is_screened_by_its_longest_word_and_punctuation_is_not_screened():
    rule = PatternRule({"code": "HL999", "name": "x", "kind": "substitution", "message": "{match}",
                        "swaps": [{"find": "the well-being of", "use": "x"}, {"find": "&", "use": "and"}]}, "t.yaml")
    phrase, ampersand = rule.swaps
    assert phrase.key_words == {"being"}
    assert ampersand.key_words is None and rule.screen is None
    doc = parse("For The Well-being  of all. Salt & pepper.", "t.txt", "text")
    assert [h.message for h in rule.check(doc, {"allow": []})] == ["The Well-being  of", "&"]


@pytest.mark.parametrize("text", ["The Elderly’s care", "İstanbul and ΟΔΟΣ’Σ", "ΣΟΦΙΑ’Σ car", "plain words only"])
def test_words_lowered_whole_match_words_lowered_one_by_one(text):
    """Lower-casing a whole block or sentence at once is only a shortcut: the words and
    their positions are those of lower-casing each word ("İ" grows when lower-cased)."""
    from healthlint.engine.patterns import _WORDS, _lower_words
    from healthlint.grammar.clauses import WORD, Token, _tokens

    assert _lower_words(text) == {w.lower().replace("’", "'") for w in _WORDS.findall(text)}
    one_by_one = tuple(Token(m.group(0), m.start(), m.end(), m.group(0).lower().replace("’", "'")) for m in WORD.finditer(text))
    assert _tokens(text) == one_by_one


def test_statistic_quick_test_never_hides_a_statistic():
    from healthlint.checks.evidence import _STATISTIC, _may_hold_statistic

    texts = ["Nearly 40% of people", "One In Three adults", "two out of five kids", "FIVE IN TEN", "about 3 percent",
             "2 million people", "raises your risk by 2 times", "İn one in two cases", "No numbers here at all."]
    for text in texts:
        if _STATISTIC.search(text):
            assert _may_hold_statistic(text), text
    assert not _may_hold_statistic("No numbers here at all.")
