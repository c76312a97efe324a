"""Keyword stuffing without a keyphrase, hidden text, on-page SEO and the focus keyphrase."""

from __future__ import annotations

import pytest

from conftest import source_slice
from healthlint import lint_text
from healthlint.analysis.keyphrase import assess, density
from healthlint.analysis.keywords import tokens
from healthlint.config import Config
from healthlint.document import parse


def hits(text: str, fmt: str, select, **config) -> set[tuple[str, str]]:
    result = lint_text(text, fmt=fmt, config=Config(select=tuple(select), **config))
    assert not result.errors
    return {(f.rule, source_slice(text, f.line, f.column, f.end_line, f.end_column)) for f in result.findings}


CLINIC_LINE = "knee doctor tacoma, knee doctor olympia, knee doctor kent, knee surgery, knee clinic, knee center, knee pain"
ARTICLE = "Strong Knees After Fifty\n\n" + CLINIC_LINE + "\n\nGentle exercise keeps knees strong. Walk a little every day and rest when it hurts.\n"


def test_a_keyword_line_is_reported_on_its_line():
    found = hits(ARTICLE, "text", ["keyword-stuffing"])
    assert ("HL301", CLINIC_LINE) in found
    assert ("HL302", "knee doctor tacoma, knee doctor olympia, knee doctor kent") in found


def test_stuffing_sample_is_caught_in_all_three_forms(root):
    text = (root / "samples" / "pain-clinic-stuffed.html").read_text(encoding="utf-8")
    rules = {rule for rule, _ in hits(text, "html", ["keyword-stuffing"])}
    assert {"HL301", "HL302", "HL303", "HL305", "HL306"} <= rules


def test_hidden_text_needs_keywords_and_screen_reader_text_is_prose():
    html = ('<p>Rest helps.</p><span class="visually-hidden">Opens in a new window</span>'
            '<div hidden>back pain, neck pain, knee pain, hip pain, pain doctor</div>'
            '<div style="display: none">Thanks! Your message was sent.</div>')
    found = hits(html, "html", ["HL306"])
    assert found == {("HL306", "back pain, neck pain, knee pain, hip pain, pain doctor")}
    doc = parse(html, "t.html", "html")
    assert "Opens in a new window" in [b.text for b in doc.blocks]
    assert all("Thanks" not in b.text for b in doc.blocks)


@pytest.mark.parametrize("style, reason", [
    ("display:none", "display:none"), ("visibility: hidden", "visibility:hidden"), ("font-size:0px", "zero font size"),
    ("text-indent:-9999px", "off-screen text indent"), ("position:absolute;left:-5000px", "off-screen position"),
])
def test_every_way_of_hiding_text_is_recognised(style, reason):
    doc = parse(f'<p>Seen.</p><div style="{style}">unseen words</div>', "t.html", "html")
    assert [(b.text, b.label) for b in doc.hidden] == [("unseen words", reason)]


def test_natural_lists_and_topic_words_are_not_stuffing():
    text = ("Lupus\n\nLupus is a disease of the immune system. Symptoms include joint pain, fever, rash, tiredness, hair loss, "
            "and swelling. Lupus can affect the skin, joints, kidneys and heart. Most people with lupus live full lives.\n")
    assert hits(text, "text", ["keyword-stuffing"]) == set()


def test_keyphrase_density_follows_yoasts_arithmetic():
    # One-word keyphrase in 1,000 words: weight 0.7 + 1/3.
    assert assess(5, 1000, 1).verdict == "good"  # 0.5% x 1.03
    assert assess(1, 1000, 1).verdict == "too-few"  # one match is always too few
    assert assess(35, 1000, 1).verdict == "over"  # 3.5% x 1.03 = 3.6
    assert assess(100, 1000, 1).verdict == "way-over"
    # The same 2% is fine for a two-word keyphrase but far too much for five words.
    assert assess(20, 1000, 2).verdict == "good"
    assert assess(20, 1000, 5).verdict == "way-over"
    assert (assess(0, 1000, 1).minimum, assess(0, 1000, 1).maximum) == (5, 33)


def test_keyphrase_matches_per_sentence_and_across_word_forms():
    doc = parse("Knee doctors help. A doctor for your knee can help knees. Rest.", "t.txt", "text")
    result = density(doc, "knee doctor")
    assert result.matches == 2  # sentence 2 has knee x2 and doctor x1: one match
    assert density(doc, '"knee doctor"').matches == 0  # exact phrase in quotes


def test_keyphrase_from_front_matter_and_command_line():
    text = "---\ntitle: Sore joints\nkeyphrase: knee pain\n---\n\n# Sore joints\n\nRest helps.\n"
    assert ("HL321", "title: Sore joints") in hits(text, "markdown", ["HL321"])
    found = hits(text, "markdown", ["HL321"], keyphrase="sore joints", from_cli=frozenset({"keyphrase"}))
    assert ("HL321", "title: Sore joints") not in found


def test_on_page_checks():
    html = ('<html><head><title>Knee</title><meta name="description" content="Short."></head><body>'
            '<h1>Knee</h1><h3>Skipped</h3><h1>Second</h1><img src="a.jpg"><p><a href="/x">click here</a></p></body></html>')
    rules = {rule for rule, _ in hits(html, "html", ["seo"])}
    assert {"HL310", "HL311", "HL312", "HL313", "HL314", "HL315", "HL317"} <= rules


def test_keywords_table_in_the_json():
    result = lint_text(ARTICLE, fmt="text")
    table = result.to_json()["keywords"]
    words = len(tokens(ARTICLE))  # every block of this article is visible prose
    assert (table[0]["term"], table[0]["count"]) == ("knee", 9)  # 7 in the list, "knees" twice
    assert table[0]["density"] == pytest.approx(100 * 9 / words, abs=0.01)


def _every_term(text: str) -> list[tuple[str, int]]:
    """The keyword table's ranking worked out the long way: every term of 1-3 words counted."""
    from collections import Counter

    from healthlint.analysis.keywords import function_words, word_form

    stop = function_words()
    counts: Counter = Counter()
    for block in parse(text, "a.txt", "text").blocks:
        forms = [word_form(w) for w in tokens(block.text)]
        for size in (1, 2, 3):
            for i in range(len(forms) - size + 1):
                key = forms[i : i + size]
                if key[0] not in stop and key[-1] not in stop and (size > 1 or len(key[0]) >= 3):
                    counts[" ".join(key)] += 1
    ranked = sorted(((key, n) for key, n in counts.items() if n >= 2), key=lambda t: (-t[1] * len(t[0].split()), t[0]))
    return ranked


@pytest.mark.parametrize("seed", range(40))
def test_term_counts_that_skip_rare_phrases_rank_like_a_full_count(seed):
    import random

    from healthlint.analysis.keywords import term_stats

    rng = random.Random(seed)
    # Sentences made of repeated phrases and words, a few common and most rare, so that
    # phrases compete with single words for the table.
    chunks = ["high blood pressure", "blood test", "the doctor", "salt", "kidney disease", "of the heart", "sleep",
              "walk", "is", "a", "risk of stroke", "low salt diet", "care", "and", "blood", "with", "heart rate", "test",
              "fever", "cough", "nurse", "clinic", "insulin", "sugar", "exercise", "weight", "pain", "knee", "skin", "eye"]
    weights = [rng.random() ** 2 for _ in chunks]
    paragraphs = ["".join(" ".join(rng.choices(chunks, weights, k=rng.randint(3, 9))) + ". " for _ in range(rng.randint(2, 8)))
                  for _ in range(rng.randint(2, 10))]
    text = "\n\n".join(paragraphs)
    stats = term_stats(parse(text, "a.txt", "text"))
    expected = _every_term(text)
    assert [(t.key, t.count) for t in stats.top(10)] == expected[:10]
    singles = [(key, n) for key, n in expected if " " not in key]
    assert [(t.key, t.count) for t in stats.terms if t.words == 1][:2] == singles[:2]
