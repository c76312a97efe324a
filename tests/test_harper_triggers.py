"""The sentence screen in front of Harper: it must never change Harper's lints."""

import re
from pathlib import Path

import pytest

from healthlint.checks.harper_rules import _pieces, _spelling
from healthlint.document import load_path, parse
from healthlint.grammar.harper_engine import default_rules, lint_pieces
from healthlint.grammar.harper_triggers import Condition, Screen, places
from healthlint.packs import word_lists

ROOT = Path(__file__).resolve().parents[1]
RULES = sorted(set(default_rules()) - _spelling()[0])

# Written for this test: one or more errors for Harper rules in the default set, among
# plain sentences that hold no trigger word.
ERRORS = """\
Wash your hands before meals. I would of called the clinic sooner if the pain had started earlier.
Rest helps. Its a good idea to rest after the injection. The nurse checked it's label twice.
The pills had a positive affect on sleep. He are taking the tablets with food.
They have went to the pharmacy twice this week. It's is fine to skip one dose.
Wounds heal slowly. The my doctor said to wait. I no nothing about the new trial.
Walking is more healthy then sitting all day. Their is a clinic near the station.
Children grow quickly. Were a good team, the nurse told us. Your the best person to ask.
The nurse smiled. Your really patient. If your completely out of pills, call us.
Drink water daily. I are ready for the scan. You should of asked the pharmacist first.
Sleep well. I think your serious about the new diet. The scar was smaller then before.
Eat slowly. They often is tired after the scan. We was told to fast before the test.
Stay calm. I were worried about the results. Try not to loose weight too fast. Check the dressing every now and than.
Lift slowly. You should weight yourself every morning. Weight gain is common. I belief the new schedule helps.
Rest well. The scan is is booked for Monday. I exercise everyday. It would mean a lot for me.
Walk daily. There is now way to skip the dose. The dose was way to high. They where tired after the trip.
Read the label. I can think off three reasons to wait. All though the test was quick, I was tired.
Keep it dry. Put the ice pack ontop of the bandage. Turn it of before you sleep. I'm kind if tired today.
"""


def lints(doc, screened: bool) -> set[tuple]:
    return {(lint.rule, lint.block.text[lint.start : lint.end], lint.start) for lint in lint_pieces(_pieces(doc, RULES, screened), RULES)}


def test_every_default_rule_has_triggers():
    assert Screen.covers(RULES)
    table = word_lists("harper-triggers")["triggers"]
    assert set(RULES) <= set(table), set(RULES) - set(table)


def test_screen_keeps_every_lint_on_planted_errors():
    doc = parse(ERRORS, "errors.txt", "text")
    whole = lints(doc, screened=False)
    assert len({rule for rule, *_ in whole}) >= 8, whole  # the text really exercises many rules
    assert lints(doc, screened=True) == whole


@pytest.mark.parametrize("sample", sorted((ROOT / "samples").iterdir()), ids=lambda p: p.name)
def test_screen_keeps_every_lint_on_the_samples(sample):
    doc = load_path(sample, sample.name)[0]
    assert lints(doc, screened=True) == lints(doc, screened=False)


def test_sentences_without_trigger_words_are_not_sent():
    doc = parse("Wash your hands. Rest helps. Wounds heal slowly. I would of called.", "t.txt", "text")
    sent = [piece.text for piece in _pieces(doc, RULES, True)]
    assert "Wounds heal slowly." not in " ".join(sent)
    assert any("would of" in text for text in sent)
    # Neighbouring wanted sentences travel as one piece, at their place in the block.
    for piece in _pieces(doc, RULES, True):
        assert piece.block.text[piece.offset : piece.offset + len(piece.text)] == piece.text


def test_screen_off_or_unknown_rule_sends_every_block():
    doc = parse("Wounds heal slowly.\n\nRest helps.", "t.txt", "text")
    assert [p.text for p in _pieces(doc, RULES, False)] == ["Wounds heal slowly.", "Rest helps."]
    assert not Screen.covers([*RULES, "SomeRuleWithoutTriggers"])
    assert [p.text for p in _pieces(doc, [*RULES, "SomeRuleWithoutTriggers"], True)] == ["Wounds heal slowly.", "Rest helps."]


def test_conditions():
    def holds(condition, text):
        return Screen([condition]).wants(text)

    pair = Condition(pair=(frozenset({"would"}), frozenset({"of"})))
    assert holds(pair, "I would of gone")
    assert not holds(pair, "of course I would")
    gap = Condition(pair=(frozenset({"he"}), frozenset({"are"})), gap=1)
    assert holds(gap, "He really are")
    assert not holds(gap, "He said they are")
    # A contraction stands in one place as itself and its parts.
    assert places("It’s is") == [("it's", "it", "'s"), ("is",)]
    be = frozenset({"is", "'s"})
    assert holds(Condition(pair=(be, be)), "it's is")
    together = Condition(together=(frozenset({"no"}), frozenset({"nothing"})))
    assert holds(together, "I know no one who says nothing") and not holds(together, "no one came")
    # A pattern given with words (or a pair) is tried only where they hold as well.
    gated = Condition(words=frozenset({"then"}), pattern=re.compile(r"er\s+then"))
    assert holds(gated, "It was better then") and not holds(gated, "Better, then.")
    assert not holds(Condition(words=frozenset({"than"}), pattern=re.compile(r"er\s+then")), "It was better then")


def test_pair_test_agrees_with_a_walk_over_every_word():
    """Sentences without contractions take a shortcut (each first word found by index);
    it must agree with walking the words one by one, gaps and repeats included."""
    import random

    from healthlint.grammar.harper_triggers import _in_order, _in_order_plain

    rng = random.Random(7)
    vocabulary = ["he", "she", "are", "is", "of", "would", "the", "pills", "not", "really"]
    for _ in range(3000):
        words = rng.choices(vocabulary, k=rng.randint(0, 12))
        first = frozenset(rng.sample(vocabulary, rng.randint(1, 3)))
        second = frozenset(rng.sample(vocabulary, rng.randint(1, 3)))
        gap = rng.randint(0, 2)
        expected = _in_order([(w,) for w in words], first, second, gap)
        assert _in_order_plain(words, set(words), first, second, gap) == expected, (words, first, second, gap)
        assert Screen([Condition(pair=(first, second), gap=gap)]).wants(" ".join(words)) == expected


def test_narrow_conditions_follow_harpers_rules():
    # YourPredicateAdjective: "your" before one of the rule's adjectives, end mark or not.
    your = Screen.for_rules(("YourPredicateAdjective",))
    assert your.wants("I think your serious about this") and your.wants("ur ready?")
    assert not your.wants("Ask your pharmacist about your new pills.")
    # ThenThan: "then" after a comparative, or "than" in one of Harper's fixed phrases.
    then = Screen.for_rules(("ThenThan",))
    assert then.wants("He was worse then her") and then.wants("It was more painful then before")
    assert then.wants("Than again, rest helps.")
    assert not then.wants("And then we left.") and not then.wants("It takes more than a week.")
    # PronounInflectionBe: a pronoun with the other number's "be" only.
    be = Screen.for_rules(("PronounInflectionBe",))
    assert be.wants("She really are talented") and be.wants("We was told")
    assert not be.wants("They are tired and it is late.")
    # NounVerbConfusion: the nouns of its pairs only after a word that comes before a verb.
    noun_verb = Screen.for_rules(("NounVerbConfusion",))
    assert noun_verb.wants("You should weight yourself") and noun_verb.wants("Side effects are rare")
    assert not noun_verb.wants("Weight gain is common.") and not noun_verb.wants("Many people were affected.")
    # SingleBe: two forms of "be" with only space between; not "being"/"been", not "is (are)".
    single_be = Screen.for_rules(("SingleBe",))
    assert single_be.wants("The scan is\nis booked") and single_be.wants("The error’s are gone")
    assert not single_be.wants("What is (are) anemia?") and not single_be.wants("New drugs are being tested.")
    # Harper's Weir rules with fixed words: their phrases only, not any use of the words.
    assert Screen.for_rules(("ThinkKnowOff",)).wants("I know really off that one")
    assert not Screen.for_rules(("ThinkKnowOff",)).wants("Take the bandage off; think about it.")
    assert not Screen.for_rules(("AllThough",)).wants("Though rare, it happens to all.")
    assert not Screen.for_rules(("OnTopOf",)).wants("Stay on top of your doses.")
    assert not Screen.for_rules(("TurnItOff",)).wants("Turn the light off and turn over.")
    assert not Screen.for_rules(("KindSortOf",)).wants("Be kind to yourself and sort your pills.")
