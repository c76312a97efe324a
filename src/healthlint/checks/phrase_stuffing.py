"""Stuffing by phrase and by name, with no keyphrase: HL307 and HL308.

HL303 counts single words. A service phrase of two to four words repeated dozens of times
("sports injury clinic"), or a clinic's or town's name in nearly every paragraph, passes
under it. The bounds are set above what the 320 NIH and CDC articles of the evaluation set
show (their densest 2-4-word phrase outside the title: 7.4% of the words, "risk of breast
cancer" in a 4,800-word summary), so that an article that keeps naming its topic is not
reported.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from ..analysis import memo
from ..analysis.keywords import function_words, lower_tokens, visible_blocks, word_forms
from ..document import Block, Document
from ..engine.finding import Hit
from ..engine.rule import Option, Rule
from ..packs import word_lists

_GOOGLE = "Google Search Central, 'Spam policies for Google web search' (keyword stuffing: repeating the same words or phrases so often that it sounds unnatural; blocks of city and region names)."


def _prose_blocks(doc: Document) -> list[Block]:
    return [b for b in visible_blocks(doc) if b.kind != "heading"]


def phrase_counts(doc: Document, floor: float = 0.0) -> tuple[int, Counter, dict]:
    """Words in the prose, and each 2-4-word phrase (as word forms, not starting or ending
    with a function word) used at least ``floor`` times, with its count and the block it
    is first in.

    A phrase is used no more often than any of its words, so a phrase whose first or last
    word is rarer than ``floor`` is not counted at all: on an ordinary article that is
    nearly every phrase.
    """
    def build():
        stop = function_words()
        blocks = [(block, word_forms(block.text)) for block in _prose_blocks(doc)]
        total = sum(len(forms) for _, forms in blocks)
        words = Counter(form for _, forms in blocks for form in forms)
        common = {form for form, count in words.items() if count >= floor and form not in stop and len(form) >= 3}
        counts: Counter = Counter()
        where: dict = {}
        for block, forms in blocks:
            for i, first in enumerate(forms):
                if first not in common:
                    continue
                for n in (2, 3, 4):
                    if i + n > len(forms):
                        break
                    if forms[i + n - 1] not in common:
                        continue
                    key = forms[i : i + n]
                    counts[key] += 1
                    where.setdefault(key, (block, i))
        return total, counts, where

    return memo(doc, ("phrase_counts", floor), build)


def densest_phrase(doc: Document, total: int, counts: Counter, options: Mapping[str, Any]) -> tuple[tuple, float, int] | None:
    """(phrase, density, count) of the densest phrase over the rule's bounds, or None. A
    phrase of the page's topic (its title or H1) must take ``topic_factor`` times as much."""
    best = None
    title = set(word_forms(doc.title or "")) | {w for b in doc.headings if b.level <= 1 for w in word_forms(b.text)}
    for key, count in counts.items():
        if count < options["min_count"]:
            continue
        density = 100 * count * len(key) / total
        limit = options["density"] * (options["topic_factor"] if title.issuperset(key) else 1)
        if density >= limit and (best is None or (density, len(key)) > (best[1], len(best[0]))):
            best = (key, density, count)
    return best


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+")
_WEB_WORDS = frozenset(("http", "https", "www", "com", "gov", "org", "html"))


def widest_phrases(doc: Document, options: Mapping[str, Any]) -> list[tuple[tuple, int, int, Block, int]]:
    """(phrase, paragraphs it is in, paragraphs, first block, word index) of each 3-4-word
    phrase outside the title that is in at least ``spread_share`` of the paragraphs, most
    widespread first, when there are ``spread_phrases`` of them ([] otherwise). Phrases
    that share words ("treatment option", "effective treatment option") are one: the most
    widespread, then the longest, is named."""
    share = options["spread_share"]
    # Paragraphs only: a list of links or references repeats its lead-in by nature.
    blocks = [b for b in _prose_blocks(doc) if b.kind == "paragraph" and len(word_forms(b.text)) >= 4]
    if not share or len(blocks) < options["spread_min_paragraphs"]:
        return []
    least = max(3, int(share * len(blocks) + 0.999))
    total, counts, where = phrase_counts(doc, least)
    title = set(word_forms(doc.title or "")) | {w for b in doc.headings if b.level <= 1 for w in word_forms(b.text)}
    stop = function_words()
    candidates = [key for key, count in counts.items() if count >= least and len(key) >= 3
                  and sum(1 for w in key if w not in stop) >= 2 and not title.issuperset(key) and not _WEB_WORDS.intersection(key)]
    if not candidates:
        return []
    wanted = set(candidates)
    # A sentence repeated word for word (a video's instructions, a stock line) is boilerplate,
    # HL304's business; a template varies its sentences ("an effective treatment option for
    # neck pain", "... for sciatica").
    sentences = {block.text: [t for t in _SENTENCE_END.split(block.text) if t.strip()] for block in blocks}
    repeated = {t for t, n in Counter(t.strip() for ts in sentences.values() for t in ts).items() if n > 1}
    spread: dict[tuple, int] = Counter()
    for block in blocks:
        present = set()
        for sentence in sentences[block.text]:
            if sentence.strip() in repeated:
                continue
            forms = word_forms(sentence)
            present |= {forms[i : i + n] for n in (3, 4) for i in range(len(forms) - n + 1)} & wanted
        for key in present:
            spread[key] += 1
    ranked = sorted((k for k in candidates if spread[k] >= least), key=lambda k: (-spread[k], -len(k), k))
    # A template repeats several phrases; one phrase in many paragraphs is a page that keeps
    # to its subject ("raw or undercooked" on a food-safety page).
    distinct: list[tuple] = []
    for key in ranked:
        if all(len(set(key) & set(other)) <= 1 for other in distinct):
            distinct.append(key)
    if len(distinct) < options["spread_phrases"]:
        return []
    return [(key, spread[key], len(blocks), *where[key]) for key in distinct]


def _word_span(block: Block, index: int, n: int) -> tuple[int, int]:
    from ..analysis.keywords import LETTER_WORD

    matches = list(LETTER_WORD.finditer(block.text))
    return matches[index].start(), matches[index + n - 1].end()


class PhraseDensity(Rule):
    code = "HL307"
    name = "phrase-density"
    category = "keyword-stuffing"
    severity = "warning"
    summary = "A phrase of two to four words is repeated far more than natural writing does."
    rationale = (
        "A phrase repeated until it takes a large share of the page ('pain relief clinic' twenty times in "
        "three hundred words) is written for search engines. The rule counts every 2-4-word phrase (word "
        "forms; not starting or ending with 'the', 'of'...) and reports one that appears at least "
        "`min_count` times and takes at least `density` percent of the words (count x length / words). "
        "The default density is above the densest phrase outside the title of 320 NIH and CDC articles "
        "(7.4%). The page's topic (a phrase of its title or H1: the disease an article is about) is "
        "named often in good writing, so it must take `topic_factor` times as much. "
        "Templated service pages stuff differently: the same phrase of three or four words ('effective "
        "treatment option', 'alignment of the spine') written into nearly every paragraph, at a low "
        "density because the page is long. A phrase outside the title that is in at least `spread_share` "
        "of the paragraphs (of a page with `spread_min_paragraphs` or more) is reported too, when at least "
        "`spread_phrases` different phrases are spread so: one phrase alone is a page that keeps to its subject."
    )
    source = _GOOGLE + " Yoast SEO keyphrase density assessment (over 3% is 'too high')."
    options = {
        "min_count": Option(10, "Times a phrase must appear."),
        "density": Option(8.0, "Percent of the prose's words the phrase must take."),
        "topic_factor": Option(2.0, "How many times the density a phrase of the title or H1 (the page's topic) must take."),
        "spread_share": Option(0.5, "Share of the paragraphs a templated phrase of three or four words must be in (0 turns the spread test off)."),
        "spread_min_paragraphs": Option(8, "Paragraphs a page needs before the spread test runs."),
        "spread_phrases": Option(2, "Different phrases that must each be in `spread_share` of the paragraphs: the mark of a template."),
    }
    pass_examples = (
        "High blood pressure often has no symptoms. Check your blood pressure every year. Lower salt, move more, and take your medicine as prescribed.",
    )
    fail_examples = (
        {"text": " ".join(f"Our sports injury clinic helps {who}." for who in ("runners", "swimmers", "golfers", "cyclists", "dancers", "skiers", "climbers", "rowers", "boxers", "walkers"))
                 + " Book the sports injury clinic today.", "flag": "sports injury clinic"},
        {"text": "\n\n".join(f"Physiotherapy is a gentle pain relief method for {what}. Each session works on restoring joint movement in the {where}."
                             for what, where in (("back pain", "lower back"), ("neck pain", "neck"), ("sciatica", "hips"), ("whiplash", "upper back"),
                                                 ("knee injuries", "knees"), ("tennis elbow", "elbow"), ("frozen shoulder", "shoulder"), ("ankle sprains", "ankles"))),
         "flag": "gentle pain relief method"},
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        words = sum(len(word_forms(b.text)) for b in _prose_blocks(doc))
        if not words:
            return
        # The least a reported phrase can be used: min_count times, and its share of the
        # words (count x length / words) at least the density for the longest phrases.
        floor = max(options["min_count"], options["density"] * words / (100 * 4))
        total, counts, where = phrase_counts(doc, floor)
        best = densest_phrase(doc, total, counts, options)
        if best is None:
            for key, count, paragraphs, block, index in widest_phrases(doc, options)[:3]:
                start, end = _word_span(block, index, len(key))
                yield Hit.in_block(block, start, end, f"'{block.text[start:end]}' is in {count} of {paragraphs} paragraphs; a phrase written into every paragraph reads as keyword stuffing.")
            return
        key, density, count = best
        block, index = where[key]
        start, end = _word_span(block, index, len(key))
        yield Hit.in_block(block, start, end, f"'{block.text[start:end]}' appears {count} times, {density:.1f}% of the words; this reads as keyword stuffing.")


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    return frozenset(p.lower() for p in word_lists("places")["places"])


_NAME = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*(?:\s+(?:of\s+|the\s+|&\s+)?[A-Z][\w'’-]*){0,4}")


def _is_name(name: str) -> bool:
    """A brand or place: a known place, or capitalised words that are not all dictionary
    or medical words ("Vertebro", "Bright Smile Dental" -> no; "Smilecraft" -> yes)."""
    from ..grammar.vocabulary import Vocabulary
    from ..grammar.word_forms import tags

    low = name.lower()
    if low in _places():
        return True
    vocabulary = _vocabulary(Vocabulary)
    words = re.findall(r"[\w'’-]+", name)
    return any(not tags(w.lower()) and not vocabulary.knows(w.lower()) for w in words if w.lower() not in ("of", "the"))


@lru_cache(maxsize=1)
def _vocabulary(factory):
    return factory()


class NameInEveryParagraph(Rule):
    code = "HL308"
    name = "name-stuffing"
    category = "keyword-stuffing"
    severity = "warning"
    summary = "A brand or place name is repeated in nearly every paragraph."
    rationale = (
        "Naming the clinic or the town in every paragraph ('At Smilecraft in Leeds...') is written for "
        "local search ranking, not for readers. The rule reads names from the capitalised words inside "
        "sentences that are known places or not dictionary or medical words, and reports one in at "
        "least `share` of the paragraphs of a page with `min_paragraphs` or more. Disease and drug "
        "names are medical words and are left alone."
    )
    source = _GOOGLE
    options = {
        "min_paragraphs": Option(5, "Paragraphs a page needs before names are counted."),
        "share": Option(0.8, "Share of paragraphs the name must be in."),
    }
    pass_examples = (
        "Smilecraft opened in 2010. We see children and adults.\n\nBrush twice a day.\n\nFloss once a day.\n\nCut down on sugar.\n\nSee us every six months.",
    )
    fail_examples = (
        {"text": "\n\n".join(f"At Smilecraft we {what}." for what in ("clean teeth", "fit braces", "whiten smiles", "treat gum disease", "fix chipped teeth", "see children"))
                 , "flag": "Smilecraft"},
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        blocks = [b for b in _prose_blocks(doc) if len(lower_tokens(b.text)) >= 4]
        if len(blocks) < options["min_paragraphs"]:
            return
        seen: dict[str, set[int]] = defaultdict(set)
        first: dict[str, tuple[Block, int, int]] = {}
        for i, block in enumerate(blocks):
            for match in _NAME.finditer(block.text):
                start, end = match.span()
                lead = block.text[max(0, start - 6) : start]  # a bounded look back: linear in the block
                if (start <= 6 and not lead.strip(" \t\"'“‘([")) or re.search(r"[.!?:]['\"”’)]*\s+$", lead):
                    # the sentence's first word is capitalised anyway: the name starts after it
                    space = block.text.find(" ", start, end)
                    if space < 0:
                        continue
                    start = space + 1
                name = block.text[start:end]
                if name.isupper() or not name[:1].isupper():
                    continue  # an acronym (TBI, HD): HL211's business
                key = name.lower()
                seen[key].add(i)
                first.setdefault(key, (block, start, end))
        for key, where in sorted(seen.items(), key=lambda kv: -len(kv[1])):
            if len(where) < options["share"] * len(blocks):
                break
            if not _is_name(first[key][0].text[first[key][1] : first[key][2]]):
                continue
            block, start, end = first[key]
            yield Hit.in_block(block, start, end, f"'{block.text[start:end]}' is in {len(where)} of {len(blocks)} paragraphs; name it where it helps the reader.")
            return


RULES = (PhraseDensity, NameInEveryParagraph)
