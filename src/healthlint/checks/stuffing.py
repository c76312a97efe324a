"""Keyword stuffing with no keyphrase: HL301-HL306."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Any, Iterable, Iterator, Mapping

from ..analysis import memo
from ..analysis.keywords import function_words, lower_tokens, term_stats, tokens, visible_blocks, word_form, word_forms
from ..analysis.sentences import sentences
from ..document import Block, Document
from ..engine.finding import Hit
from ..engine.rule import Option, Rule
from ..packs import word_lists

_GOOGLE = "Google Search Central, 'Spam policies for Google web search' (keyword stuffing: lists of keywords, blocks of cities and regions, words repeated until they sound unnatural; hidden text)."
_SEED = "bellevue pain doctor, seattle pain doctor, edmonds pain doctor, neuropathy bellevue, back pain, neck pain, shoulder pain, pain treatment, pain clinic, pain center"
_SEPARATOR = re.compile(r"\s*(?:[,|;·•]|\s-\s|\s–\s)\s*")
# With a bare leading \s*, a search tried every position inside a run of N spaces again:
# N^2/2 steps. A separator found from inside a run is found from the run's start too, so
# searches start only where a run starts; only right after a separator (whose trailing \s*
# may end on a space, as in '; ;') is the plain pattern tried once, anchored.
_SEPARATOR_AT_RUN_START = re.compile(r"(?<!\s)" + _SEPARATOR.pattern)


def separators(text: str) -> Iterator[re.Match[str]]:
    """The separators of a list, as ``_SEPARATOR.finditer(text)`` finds them, in linear time."""
    pos = 0
    while True:
        match = _SEPARATOR.match(text, pos) or _SEPARATOR_AT_RUN_START.search(text, pos)
        if match is None:
            return
        yield match
        pos = match.end()  # never empty: a separator character is required


@dataclass(frozen=True)
class Item:
    start: int
    end: int
    words: tuple[str, ...]  # lower-case tokens


def items_of(text: str) -> list[Item]:
    out, pos = [], 0
    for match in [*separators(text), None]:
        end = match.start() if match else len(text)
        piece = text[pos:end]
        stripped = piece.strip(" .:!?\"'()")
        if stripped:
            offset = pos + piece.find(stripped)
            out.append(Item(offset, offset + len(stripped), tuple(w.lower() for w in tokens(stripped))))
        pos = match.end() if match else len(text)
    return out


@dataclass
class KeywordList:
    block: Block
    items: list[Item]
    head: str  # the repeated term


def keyword_list(block: Block, min_items: int = 5, min_share: float = 0.4) -> KeywordList | None:
    """A run of short separated phrases that repeat a head term, making up most of the block."""
    text = block.text
    if sum(1 for _ in islice(separators(text), min_items - 1)) < min_items - 1:
        return None  # too few separators for min_items items: most blocks stop here, unsplit
    if len(re.findall(r"[.!?](?:\s|$)", text)) > 1:
        return None  # several sentences: prose, not a list
    items = items_of(text)
    if len(items) < min_items or any(len(i.words) > 4 for i in items):
        return None
    if any(w in ("and", "or") for w in items[-1].words + items[-2].words):
        return None  # "..., lobectomy, or pneumonectomy": an English enumeration, not keywords
    stop = function_words()
    heads: Counter = Counter()
    for item in items:
        heads.update({word_form(w) for w in item.words if w not in stop and len(w) > 2})
    if not heads:
        return None
    head, count = heads.most_common(1)[0]
    covered = sum(len(i.words) for i in items)
    if count < 3 or count / len(items) < min_share or covered < 0.7 * len(tokens(text)):
        return None
    return KeywordList(block, items, head)


def keyword_lists(doc: Document) -> list[KeywordList]:
    return memo(doc, "keyword_lists", lambda: [k for b in visible_blocks(doc) if (k := keyword_list(b))])


class KeywordListRule(Rule):
    code = "HL301"
    name = "keyword-list"
    category = "keyword-stuffing"
    severity = "warning"
    summary = "A line or block is a list of keywords repeating one term."
    rationale = (
        "Runs of short comma- or pipe-separated phrases that repeat a head term ('pain doctor, "
        "pain clinic, pain center') are written for search engines, not readers, and Google treats "
        "them as keyword stuffing. Fires on five or more phrases of at most four words, where the "
        "head term is in at least three and 40% of them, and the phrases make up the block."
    )
    source = _GOOGLE
    pass_examples = ("Symptoms include fever, chills, cough, sore throat, runny nose and body aches.",
                     "Eat fruit, vegetables, whole grains, beans and nuts. Limit salt.")
    fail_examples = ({"text": _SEED + "\n\nExercise helps your back.", "flag": _SEED},
                     "knee surgery | knee surgeon | best knee surgery | knee replacement | knee doctor")

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        for found in keyword_lists(doc):
            first, last = found.items[0], found.items[-1]
            yield Hit.in_block(found.block, first.start, last.end,
                               f"Keyword list: {len(found.items)} phrases repeat '{found.head}'. Write sentences for readers instead.")


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    return frozenset(word_lists("places")["places"])


@lru_cache(maxsize=1)
def _place_starts() -> frozenset[str]:
    """The first word of every known place, as the item tokens spell it."""
    return frozenset(tokens(place)[0].lower() for place in _places() if tokens(place))


class LocationList(Rule):
    code = "HL302"
    name = "location-list"
    category = "keyword-stuffing"
    severity = "warning"
    summary = "The same service is listed with several city or region names."
    rationale = (
        "'Seattle pain doctor, Bellevue pain doctor, Edmonds pain doctor' is a block of places the "
        "page tries to rank for, which Google's spam policy names as keyword stuffing. Fires when one "
        "service phrase appears with three or more different place words, at least two of them known "
        "places (U.S. states, larger cities; see rules/lists/places.yaml)."
    )
    source = _GOOGLE
    pass_examples = ("We treat back pain, neck pain, knee pain and shoulder pain.", "Our clinics are in Seattle and Bellevue.")
    fail_examples = ({"text": _SEED, "flag": "bellevue pain doctor, seattle pain doctor, edmonds pain doctor"},
                     "Dentist in Austin. Dentist in Dallas. Dentist in Houston.")

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        places, starts = _places(), _place_starts()
        for block in visible_blocks(doc):
            if starts.isdisjoint(lower_tokens(block.text)):
                continue  # no known place, and a location list needs two
            groups: dict[tuple[str, ...], list[tuple[Item, str]]] = {}
            for item in items_of(re.sub(r"[.!?](\s)", r",\1", block.text)):
                words = item.words
                if not 2 <= len(words) <= 6:
                    continue
                for size in (1, 2, 3):
                    for at in (0, len(words) - size):  # place first ("seattle pain doctor") or last ("dentist in austin")
                        place = " ".join(words[at : at + size])
                        service = tuple(w for w in words[:at] + words[at + size :] if w not in ("in", "near", "at", "of"))
                        if service and (place in places or size == 1):
                            groups.setdefault(service, []).append((item, place))
            for service, members in groups.items():
                distinct = {p for _, p in members}
                known = {p for p in distinct if p in places}
                if len(distinct) >= 3 and len(known) >= 2:
                    members.sort(key=lambda m: m[0].start)
                    yield Hit.in_block(block, members[0][0].start, members[-1][0].end,
                                       f"'{' '.join(service)}' is listed with {len(distinct)} places ({', '.join(sorted(distinct))}); this reads as location stuffing.")
                    break


class KeywordDensity(Rule):
    code = "HL303"
    name = "keyword-density"
    category = "keyword-stuffing"
    severity = "warning"
    summary = "A word is repeated far more than natural writing does."
    rationale = (
        "Two measures, both above what professionally edited NIH and CDC articles show: (1) in a "
        "block of 20 or more words, one content word is at least 25% of the words and appears 6 or "
        "more times; (2) across the article, one content word is at least 6% of all words (1.5 times "
        "Yoast's 'far too many' keyphrase density of 4%), appears 20 or more times, and is 2.5 times "
        "as frequent as the next content word. A topic word in an article about one disease stays "
        "below these bounds."
    )
    source = _GOOGLE + " Yoast SEO keyphrase density assessment."
    options = {
        "block_share": Option(0.25, "Share of a block's words one term may take."),
        "document_density": Option(6.0, "Percent of the article's words one term may take."),
        "dominance": Option(2.5, "How many times more frequent than the next word the term must be."),
    }
    pass_examples = ("Lupus is a disease of the immune system. Lupus can affect the skin, joints and kidneys. Treatment helps most people with lupus lead active lives.",)
    fail_examples = ("Pain relief for pain is our pain focus: pain doctors treat pain, pain clinics ease pain, and pain centers end pain for good.",)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        stop = function_words()
        lists = {id(k.block) for k in keyword_lists(doc)}
        reported = set(lists)
        for block in visible_blocks(doc):
            if id(block) in lists:
                continue  # reported as a keyword list
            words = tokens(block.text)
            if len(words) < 20:
                continue
            counts = Counter(f for w, f, low in zip(words, word_forms(block.text), lower_tokens(block.text)) if low not in stop and len(w) > 2)
            if not counts:
                continue
            term, count = counts.most_common(1)[0]
            if count >= 6 and count / len(words) >= options["block_share"]:
                reported.add(id(block))
                yield Hit.in_block(block, 0, len(block.text), f"'{term}' is {count} of {len(words)} words here; this reads as keyword stuffing.")
        stats = term_stats(doc)
        singles = [t for t in stats.terms if t.words == 1]
        if len(singles) >= 2:
            top, second = singles[0], singles[1]
            if top.count >= 20 and top.density >= options["document_density"] and top.count >= options["dominance"] * second.count:
                block = max((b for b in visible_blocks(doc) if id(b) not in lists),
                            key=lambda b: word_forms(b.text).count(top.key), default=None)
                if block is not None and id(block) not in reported:  # else the block finding says it
                    yield Hit.in_block(block, 0, len(block.text), f"'{top.label}' is {top.density:.1f}% of the article's words ({top.count} times); this reads as keyword stuffing.")


class RepeatedText(Rule):
    code = "HL304"
    name = "repeated-text"
    category = "keyword-stuffing"
    severity = "warning"
    summary = "The same sentence appears three or more times, or a heading repeats."
    rationale = (
        "Repeating a sentence or heading word for word adds nothing for readers and is a stuffing "
        "pattern. A summary that restates a sentence once is fine, so sentences need three copies. "
        "Repeated boilerplate (a 'talk to your doctor' line in every section, a question heading "
        "asked twice) is reported as info; a repeated sentence or heading that itself repeats a word "
        "('best pain doctors... pain doctors') is a warning."
    )
    source = _GOOGLE
    options = {"min_copies": Option(3, "Copies of a sentence that make it repeated.")}
    pass_examples = ({"text": "# Care\n\nRest helps.\n\n## Ice\n\nIce helps.\n", "format": "markdown"},)
    fail_examples = ("Our pain doctors are the best pain doctors in town. Call today. Our pain doctors are the best pain doctors in town. Our pain doctors are the best pain doctors in town.",
                     {"text": "# Pain doctor\n\nText.\n\n## Pain doctor, best pain doctor\n\nText.\n\n## Pain doctor, best pain doctor\n\nMore.\n", "format": "markdown", "flag": "Pain doctor, best pain doctor"})

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        seen: dict[str, list] = {}
        for sentence in sentences(doc):
            if sentence.block.kind == "heading":
                continue
            words = tokens(sentence.text)
            if len(words) >= 5:
                seen.setdefault(" ".join(map(str.lower, words)), []).append(sentence)
        stop = function_words()
        for key, copies in seen.items():
            if len(copies) >= options["min_copies"]:
                counts = Counter(word_form(w) for w in key.split() if w not in stop and len(w) > 2)
                top = counts.most_common(1)[0][1] if counts else 0
                laden = top >= 3 or (top >= 2 and top / len(key.split()) >= 0.3)
                for sentence in copies[1:]:
                    yield Hit.in_block(sentence.block, sentence.start, sentence.end, f"This sentence appears {len(copies)} times.",
                                       severity=None if laden else "info")
        headings: dict[str, Block] = {}
        for block in doc.headings:
            key = " ".join(w.lower() for w in tokens(block.text))
            if key in headings:
                counts = Counter(word_form(w) for w in key.split() if w not in stop and len(w) > 2)
                laden = bool(counts) and counts.most_common(1)[0][1] >= 2 and bool(re.search(r"[,|]", block.text))
                yield Hit.in_block(block, 0, len(block.text), "This heading repeats an earlier one.", severity=None if laden else "info")
            else:
                headings[key] = block


def stuffed_phrase_list(text: str, max_items: int = 10) -> str | None:
    """Why a keywords/title/alt string is stuffed, or None."""
    parts = [p for p in re.split(r"\s*[,|;]\s*", text) if p.strip()]
    stop = function_words()
    counts = Counter(word_form(w) for w in tokens(text) if w.lower() not in stop and len(w) > 2)
    if len(parts) > max_items:
        return f"{len(parts)} phrases"
    if counts:
        term, count = counts.most_common(1)[0]
        if count >= 3:
            return f"'{term}' {count} times"
    return None


def _reads_as_sentence(text: str) -> bool:
    """Prose, not a list: function words ("the", "and", "from") make up a fifth of the words
    or more, as they do in sentences and hardly ever in keyword lists."""
    words = [w.lower() for w in tokens(text)]
    return len(words) >= 8 and sum(w in function_words() for w in words) >= 0.2 * len(words)


class StuffedMetadata(Rule):
    code = "HL305"
    name = "stuffed-metadata"
    category = "keyword-stuffing"
    severity = "warning"
    summary = "Meta keywords, the title or image alt text is stuffed with keywords."
    rationale = "A title or alt text that repeats a keyword, or a meta keywords list of dozens of phrases, is written for search engines. Alt text should describe the image in one short phrase (under 125 characters)."
    source = _GOOGLE + " W3C WAI alt-text tutorial."
    pass_examples = (
        {"text": '<html><head><title>Knee pain: causes and care</title><meta name="keywords" content="knee pain, knee injury"></head><body><img src="k.jpg" alt="A woman icing her knee"></body></html>', "format": "html"},
        # a description written as a sentence, commas and all
        {"text": '<html><head><title>Knee pain</title><meta name="description" content="Knee pain has many causes, from strains and sprains to arthritis, and most of it gets better with rest, ice, and gentle exercise."></head><body><p>Hi.</p></body></html>', "format": "html"},
    )
    fail_examples = (
        {"text": '<html><head><title>Pain doctor | Pain clinic | Best pain doctor Seattle</title></head><body><p>Hi.</p></body></html>', "format": "html"},
        {"text": '<html><body><img src="k.jpg" alt="knee pain, knee pain doctor, knee pain clinic, knee surgery"></body></html>', "format": "html"},
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        from .trust_metadata import anchor

        keywords = doc.metadata.get("keywords")
        if isinstance(keywords, list):
            keywords = ", ".join(str(k) for k in keywords)
        if isinstance(keywords, str):
            reason = stuffed_phrase_list(keywords, 10)
            if reason:
                yield Hit(*anchor(doc, "keywords"), f"Meta keywords are stuffed ({reason}).")
        from .seo import description_key

        key = description_key(doc)
        description = doc.metadata.get(key) if key else None
        if isinstance(description, str) and len(re.split(r"\s*[,|;]\s*", description)) >= 4:
            # A description written as a sentence ("Knee pain has many causes, from strains to
            # arthritis, and ...") has commas but is no list: only a repeated word counts there.
            reason = stuffed_phrase_list(description, 1000 if _reads_as_sentence(description) else 3)
            if reason:
                yield Hit(*anchor(doc, key), f"The meta description is a keyword list ({reason}); write a sentence.")
        title = doc.metadata.get("title")
        if isinstance(title, str) and len(re.split(r"\s*[,|;]\s*", title)) >= 3:  # "a | b | c": a keyword title
            reason = stuffed_phrase_list(title, 3)
            if reason:
                yield Hit(*anchor(doc, "title"), f"The title is stuffed with keywords ({reason}).")
        for image in doc.images:
            if image.alt:
                reason = stuffed_phrase_list(image.alt, 2) or (f"{len(image.alt)} characters" if len(image.alt) > 125 else None)
                if reason:
                    yield Hit(image.start, image.end, f"Alt text is stuffed ({reason}); describe the image in one short phrase.")


class HiddenText(Rule):
    code = "HL306"
    name = "hidden-text"
    category = "keyword-stuffing"
    severity = "error"
    summary = "Keywords hidden from readers (display:none, off-screen, zero font size, hidden attribute)."
    rationale = "Text that sighted readers cannot see but search engines can is a spam technique. Screen-reader-only text (classes such as sr-only or visually-hidden) is accessible practice and is not reported; hidden text is reported only when it is stuffed with keywords."
    source = _GOOGLE + " (hidden text and links)."
    pass_examples = ({"text": '<p>Rest helps.</p><span class="sr-only">Opens in a new window</span><div style="display:none">Thanks for subscribing!</div>', "format": "html"},)
    fail_examples = ({"text": '<p>Rest helps.</p><div style="display:none">pain doctor, pain clinic, pain center, best pain doctor, pain relief</div>', "format": "html", "flag": "pain doctor, pain clinic, pain center, best pain doctor, pain relief"},)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        stop = function_words()
        for block in doc.hidden:
            words = tokens(block.text)
            counts = Counter(f for w, f, low in zip(words, word_forms(block.text), lower_tokens(block.text)) if low not in stop and len(w) > 2)
            repeated = counts.most_common(1)[0][1] if counts else 0
            if keyword_list(block, min_items=4) or (len(words) >= 8 and repeated >= 3) or len(items_of(block.text)) >= 6:
                yield Hit.in_block(block, 0, len(block.text), f"Keywords hidden with {block.label}; search engines treat hidden text as spam.")


RULES = (KeywordListRule, LocationList, KeywordDensity, RepeatedText, StuffedMetadata, HiddenText)
