"""HL140 parsed-agreement: subject-verb agreement read from the dependency parse.

The parse finds the subject's head wherever it is: past prepositional phrases ("The risk
of complications rise"), relative clauses and parentheticals ("The nurse, who trained
for years, check"), after an inverted "there is/are", in a compound ("Diet and exercise
is"; with "or"/"nor" the nearer part decides). Number comes from the tagger and the
morphological analysis, corrected by rules/lists/english.yaml: nouns in -s that are
singular (measles, diabetes, news), heads whose number the phrase decides ("a number of",
"none", "data", collective nouns: left alone), "one of ... is", "the number of ... is",
a gerund or clause as subject (singular). Subjunctives ("recommend that she take",
"if it were") are not agreement errors.

Runs only on sentences the screen marks: a verb with a number next to a noun or pronoun of
the other number, or a construction the word-class reading cannot judge.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..analysis.parse import Parse, Word
from ..engine.patterns import match_case
from ..grammar.clauses import tokens
from ..grammar.word_forms import plural_verb, singular_verb, tags, third_person
from ..packs import word_lists
from .parsed import ParsedRule

_SINGULAR_PRONOUNS = frozenset("he she it this that everyone everybody everything someone somebody something anyone anybody anything nobody nothing each either neither one another much".split())
_PLURAL_PRONOUNS = frozenset("we they these those both many several few others".split())  # noqa: E501
_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "csubjpass", "expl")
# Words after which a new clause begins, for the screen.
_BOUNDARIES = frozenset("because if when whenever although though while since whether unless until where but so once".split())


@lru_cache(maxsize=1)
def _lists():
    english = word_lists("english")
    words = english["agreement_words"]
    return (
        frozenset(english["singular_s_nouns"]) - {"this", "its", "is", "was", "his", "has", "less"},
        frozenset(words["number_free_heads"]) | {"data", "media", "species", "series", "means", "headquarters", "couple", "lot",
                                                 "third", "thirds", "quarter", "quarters", "fifth", "fifths", "tenth", "tenths", "following",
                                                 "portion", "portions", "proportion", "amount", "percentage"},
        frozenset(words["subjunctive_triggers"]) - {"that", "if", "though", "wish", "wishes", "wished", "ask", "asks", "asked"},
        frozenset(words["singular_verbs"]),
        frozenset(words["plural_verbs"]),
    )


def number_free_heads() -> frozenset[str]:
    """Heads whose number their "of" phrase or the sense decides ("lots", "the staff", "data")."""
    return _lists()[1]


def _word_after(words, k: int) -> str:
    return words[k + 1].low if k + 1 < len(words) else ""


# Words that open a phrase set off by commas after a subject: "Our pharmacist, along with
# two trainees, answer".
_ASIDE_OPENERS = frozenset("along together as plus including like unlike with without besides".split())
# Participles used as prepositions: they open no clause of their own.
_PARTICIPLE_PREPOSITIONS = frozenset("including excluding regarding concerning following".split())
_NOMINATIVE = frozenset("i he she we they".split())


def base_form_of_gerund(low: str) -> str:
    """"walking" -> "walk", "taking" -> "take", "running" -> "run"; "" if the table lacks it."""
    stem = low[:-3]
    for form in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else ""):
        if form and "VB" in tags(form):
            return form
    return ""


_NOUN_NUMBER = {"NN": "Sing", "NNP": "Sing", "NNS": "Plur", "NNPS": "Plur"}


def _verb_number(word: Word) -> str:
    low = word.low
    singular, plural = _lists()[3], _lists()[4]
    if low in singular or low in ("'s",):
        return "Sing"
    if low in plural or low in ("'re",):
        return "Plur"
    if word.tag == "VBZ":
        return "Sing"
    if word.tag == "VBP" and low not in ("am", "'m"):
        return "Plur"
    return ""


_CAUSATIVES = frozenset("make makes made making let lets letting help helps helped helping have has had having see sees saw seen "
                        "hear hears heard watch watches watched feel feels felt bid".split())


def _bare_present(parse: Parse, word: Word) -> bool:
    """A base form the tagger calls VB used as a present verb with its own subject:
    "The pain in my back come and go" (not "made him go", not an imperative)."""
    if word.tag != "VB" or word.pos != "VERB" or word.dep not in ("ROOT", "relcl", "advcl", "ccomp", "conj"):
        return False
    if parse.children(word.i, "aux", "auxpass"):
        return False
    if word.dep == "conj":
        return False  # "come and go": the first verb decides
    if word.dep == "ccomp" and parse.head(word.i).low in _CAUSATIVES:
        return False
    subjects = parse.children(word.i, "nsubj")
    return bool(subjects) and subjects[0].i < word.i and subjects[0].low not in ("him", "her", "them", "me", "us", "i", "you", "we", "they")


_OBJECT_STARTS = frozenset("the a an your my our their his her its this these those some any more less no every each it them him us me you".split())


def _verb_follows(toks, i: int, loose: bool = False) -> bool:
    """What comes after ``toks[i]`` fits a verb, not a noun: an object's determiner or
    pronoun, an adverb, an adjective or a base verb ("helps prevent"); ``loose``: also a
    word that may be an adjective or a noun ("works long hours")."""
    if i + 1 >= len(toks):
        return False
    low = toks[i + 1].low
    if loose and low not in _function_words() and low.isalpha() and not tags(low) & {"VBZ", "VBD", "VBN"}:
        return True
    if low in _OBJECT_STARTS or (low.endswith("ly") and len(low) > 4):
        return True
    t = tags(low)
    if not t:  # an adjective or adverb the noun-and-verb table lacks ("worse"), not a function word
        return low.isalpha() and low not in _function_words()
    if t <= {"NN", "MASS"} and "VBZ" in tags(toks[i].low):
        return True  # "drug needs regular ...": an -s form before a singular noun (or an adjective the table lists as one)
    return t <= {"VB"} or bool(t & {"JJ", "JJR", "JJS", "RB"})


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    english = word_lists("english")
    return frozenset(english["function_words"]) | frozenset(english["agreement_words"]["prepositions"]) | {"and", "or", "but", "nor", "than"}


def _after_auxiliary(toks, i: int) -> bool:
    """A verb form after a modal, "to" or "do" (past adverbs): not the verb that agrees."""
    helpers = _helpers()
    for k in range(i - 1, max(-1, i - 4), -1):
        low = toks[k].low
        if low in helpers:
            return True
        if not (low.endswith("ly") or low in ("not", "also", "still", "often", "always", "never", "further", "usually", "even", "then")):
            return False
    return False


_VERB_TAGS = frozenset({"VB", "VBZ", "VBD", "VBN", "VBG", "VBP", "VBP1", "VBD1", "VBDP"})


@lru_cache(maxsize=1)
def _prepositions() -> frozenset[str]:
    return frozenset(word_lists("english")["agreement_words"]["prepositions"]) | {"in", "for", "with", "after", "before", "during", "among"}


@lru_cache(maxsize=1)
def _helpers() -> frozenset[str]:
    words = word_lists("english")["agreement_words"]
    return frozenset(words["modals"]) | {"to", "do", "does", "did", "don't", "doesn't", "didn't", "will", "would", "can", "could", "may", "might", "must", "should", "shall"}


def _name_or_gerund_cue(toks, singular, plural) -> bool:
    """A one-word name opening the sentence before a plural verb form ("Jim are", "Ann
    walk"), a question's helping verb before a name ("Have Mary"), or a subject pronoun
    before a bare -ing form ("he walking")."""
    if len(toks) < 2:
        return False
    first, second = toks[0], toks[1]
    if first.text.istitle() and not tags(first.low) and first.low not in _function_words() and first.low.isalpha() and not second.text[:1].isupper():
        t = tags(second.low)
        if second.low in plural or ("VB" in t and not t & {"VBZ", "VBD", "VBN", "NNS"}):
            return True
    if first.low in ("have", "do", "were", "are") and second.text.istitle() and not tags(second.low) and second.low not in _function_words():
        return True
    for a, b in zip(toks, toks[1:]):
        if a.low in _NOMINATIVE and b.low.endswith("ing") and "VBG" in tags(b.low) and a.low != "it":
            return True
    return False


def _screen_number(low: str) -> str:
    """A word's number from the word-form table alone, when it has only one; "I", "you"
    count as plural (they take the plural form)."""
    if low in ("and", "or", "nor", "but"):
        return ""  # "or" is also a noun in the table (an operating room), never here
    if low in _lists()[0] or low in _SINGULAR_PRONOUNS:
        return "Sing"
    if low in _PLURAL_PRONOUNS or low in ("i", "you"):
        return "Plur"
    t = tags(low)
    if "NNS" in t and "NN" not in t:
        return "Plur"
    if "NN" in t and "NNS" not in t:
        return "Sing"
    return ""


class ParsedAgreement(ParsedRule):
    _asks = False  # whether the subject being read follows its verb (a question)
    code = "HL140"
    name = "parsed-agreement"
    category = "grammar"
    severity = "warning"
    summary = "The verb does not agree with its subject, read from the sentence's parse ('The risk of complications rise')."
    rationale = (
        "A verb agrees with the head of its subject, which may stand far from it: past an 'of' "
        "phrase, a relative clause or a phrase between commas, after 'there is/are', or split in "
        "two by 'and' or 'or'. healthlint finds the head in a dependency parse (spaCy's English "
        "model, the 'parser' extra) and reports only where the head's number is certain: 'most of', "
        "'some of', 'a third of' take the number of their 'of' phrase; heads whose number is open "
        "('a number of', 'none of', 'data', 'the staff') and subjunctives ('we recommend that she "
        "rest') are left alone."
    )
    source = "Chicago Manual of Style 5.138-5.147 (agreement); parse: spaCy en_core_web_sm (MIT)."
    pass_examples = (
        "The risk of complications rises sharply with age.",
        "The nurse, who trained for years, checks every dose.",
        "There are many ways to stay active.",
        "Diet and exercise are important.",
        "Either the nurse or the doctors are on call.",
        "One of the patients has a fever.",
        "The number of cases is growing.",
        "A number of patients have asthma.",
        "Measles spreads quickly in schools.",
        "Swimming in cold lakes raises the heart rate quickly.",
        "We recommend that she take the tablets with food.",
        "If it were up to me, we would rest.",
        "Most of the tablets dissolve in water.",
        "The dose of the drug and the length of treatment depend on your weight.",
    )
    fail_examples = (
        {"text": "The risk of complications rise sharply with age.", "flag": "rise"},
        {"text": "The nurse, who trained for years, check every dose.", "flag": "check"},
        {"text": "There is many ways to stay active.", "flag": "is many ways"},
        {"text": "Diet and exercise is important.", "flag": "is"},
        {"text": "One of the patients have a fever.", "flag": "have"},
        {"text": "The number of cases are growing.", "flag": "are"},
        {"text": "Measles spread quickly in schools.", "flag": "spread"},
        {"text": "Swimming in cold lakes raise the heart rate quickly.", "flag": "raise"},
        {"text": "Some of the advice in old leaflets are out of date.", "flag": "are"},
        {"text": "The rash, including the blisters and the redness, were gone by Monday.", "flag": "were"},
    )

    def screen(self, text: str) -> bool:
        """Worth parsing: a verb with a number after a first noun of its clause with the
        other number (a relative clause's verb: after the noun it follows); a singular verb
        after "and"; "or"/"nor" before a verb; a plural verb after a gerund opening the
        clause; "there is/are" before a noun of the other number. An opening phrase that
        starts with a preposition ("For people with diabetes, ...") ends at its comma. Most
        sentences have none of these and are never parsed."""
        toks = [t for t in tokens(text) if t.text[:1].isalnum() or t.text in ";:,"]
        singular, plural = _lists()[3], _lists()[4]
        prepositions = _prepositions()
        clause_start, first_noun, nearest, joined, outer = 0, "", "", "", None
        head_open = first_open = quantity = aside = False
        paren = None  # the main clause's noun while a relative clause between commas is read
        if _name_or_gerund_cue(toks, singular, plural):
            return True
        for i, tok in enumerate(toks):
            low = tok.low
            if low in _BOUNDARIES or tok.text in ";:" or (tok.text == "," and clause_start < len(toks) and toks[clause_start].low in prepositions and not outer):
                clause_start, first_noun, nearest, joined, outer = i + 1, "", "", "", None
                head_open = first_open = quantity = False
                continue
            if tok.text == ",":
                aside = aside or (i + 1 < len(toks) and toks[i + 1].low in _ASIDE_OPENERS)
                head_open = first_open = False
                if paren is not None:  # ", which are trained to detect matter," ends here
                    first_noun, nearest, joined, outer, paren = paren, "", "", None, None
                elif i + 1 < len(toks) and toks[i + 1].low in ("who", "which") and first_noun:
                    paren = first_noun
                continue
            if low in ("and", "or", "nor"):
                head_open = first_open = False
                if first_noun:
                    joined = low
                continue
            if low in ("who", "which", "that") and nearest:
                outer = first_noun  # the relative clause's verb agrees with the noun just before
                first_noun, joined, head_open, first_open = nearest, "", False, False
                if i + 1 < len(toks) and tags(toks[i + 1].low) & {"VB", "VBZ"} and toks[i + 1].low not in singular | plural \
                        and toks[i + 1].low not in _helpers():
                    # "foods that raise": the word after the pronoun is the clause's verb
                    verb_says = "Sing" if "VBZ" in tags(toks[i + 1].low) else "Plur"
                    if verb_says != first_noun and first_noun:
                        return True
                    first_noun, nearest, joined, outer = outer, "", "", None
                continue
            if low in _QUANTITIES and _word_after(toks, i) == "of" and not first_noun:
                quantity = True  # "Most of the advice ... come": the "of" phrase decides; the parse reads it
            says = ""
            if low in singular:
                says = "Sing"
            elif low in plural:
                says = "Plur"
            t = tags(low)
            if not says and i > clause_start and first_noun and not _after_auxiliary(toks, i):
                if "VBZ" in t and "NNS" not in t:
                    says = "Sing"
                elif t & {"VB", "VBP"} and not t & {"VBD", "VBN", "NN", "NNS", "JJ"} and first_noun == "Sing":
                    says = "Plur"  # "Exercise give"; "heart block" is a noun, and not parsed
            if says and not _after_auxiliary(toks, i):
                if quantity or (first_noun and first_noun != says):
                    return True
                if (says == "Sing" and joined == "and") or (joined in ("or", "nor") and nearest and nearest != says):
                    # after "or"/"nor" the nearer part decides: only a nearer part of the other number counts
                    return True
                if says == "Plur" and toks[clause_start].low.endswith("ing") and "VBG" in tags(toks[clause_start].low):
                    return True
                if i and toks[i - 1].low in ("there", "here") and low in singular | plural:
                    after = [_screen_number(t.low) or ("Plur" if "NNS" in tags(t.low) and "NN" not in tags(t.low) else "") for t in toks[i + 1 : i + 4]]
                    if any(n and n != says for n in after):
                        return True
                    if says == "Sing" and any("NNS" in tags(t.low) for t in toks[i + 1 : i + 4]):
                        return True  # "There was no grounds": a noun that may be plural; the tagger decides
            if low in _PARTICIPLE_PREPOSITIONS:
                head_open = first_open = False  # "The rash, including the blisters, were": a preposition here
                continue
            if says or (t and t <= _VERB_TAGS) or low in _helpers():
                head_open = first_open = False
                if paren is not None:
                    continue  # inside a relative clause between commas
                if outer is not None and says:
                    first_noun, nearest, joined, outer = outer, "", "", None  # back to the main clause
                elif outer is None:
                    clause_start, first_noun, nearest, joined, quantity = i + 1, "", "", "", False
                continue
            number = _screen_number(low)
            if quantity and head_open and t & {"VB", "VBZ"}:
                return True  # "Most of the advice ... come"
            if first_noun == "Plur" and head_open and not first_open and nearest == "Sing" and "VBZ" in t and "VBZ" in tags(low) and _verb_follows(toks, i, loose=True):
                return True  # "The doctors at the clinic works long hours": an -s word after a later noun run
            closed_aside = toks[i - 1].text == "," and aside
            if (head_open or toks[i - 1].text == ",") and first_noun and t & {"VB", "VBZ"} and (
                    _verb_follows(toks, i) or (closed_aside and "NNS" in tags(_word_after(toks, i)))):
                # After a noun or a comma, a word that may be a noun or a verb, then what
                # follows only a verb ("test looks normal", "breakfast make some", ", check
                # every dose"): its verb reading counts.
                verb_says = "Sing" if "VBZ" in t else "Plur" if "VB" in t else ""
                if verb_says and (verb_says != first_noun or quantity or (verb_says == "Sing" and joined == "and")):
                    return True
            elif head_open and toks[i - 1].low in _lists()[0] and "VB" in t:
                # "Rabies kill", "Diabetes damage": a singular noun in -s before a verb form
                verb_says = "Plur"
                if verb_says and verb_says != first_noun:
                    return True
            if number:
                if not first_noun or (head_open and first_open):
                    first_noun = number  # the last noun of the first run heads it: "side effects"
                    first_open = True
                head_open = True
                nearest = number
                continue
            if t & {"NN", "NNS"} and head_open:
                continue  # a noun of either number inside the run
            if not t and low.isalpha() and low not in _function_words() and i and (head_open or toks[i - 1].low in _OBJECT_STARTS):
                head_open = True  # a noun the table lacks ("the town centre"): the run goes on
                continue
            head_open = first_open = False
            if low in ("and", "or", "nor") and first_noun:
                joined = low
        return False

    def needs_parse(self, tagged: Parse) -> bool:
        """The screen again, on the tagger's tags instead of the word-form table: a finite
        verb whose number differs from the head of its clause's first noun run (a relative
        clause's verb: the noun before it); a singular verb after "and", any after "or"/"nor";
        "there" before a verb and a noun of the other number; a plural verb after a gerund."""
        singular_s, either = _lists()[0], _lists()[1]
        words = [w for w in tagged.words if w.text[:1].isalnum() or w.text in ";:"]
        first = nearest = joined = ""
        first_open = False
        outer = None
        start = 0
        for k, w in enumerate(words):
            low, tag = w.low, w.tag
            if tag == "JJ" and k and words[k - 1].tag in ("NN", "NNS") and "VB" in tags(low) and not tags(low) & {"VBD", "VBN"} \
                    and not any(x.tag in ("VBZ", "VBP", "VBD", "MD") for x in words):
                return True  # "The clinic in both towns open at eight": no finite verb; the adjective may be it
            if k + 1 < len(words) and ((tag == "PRP" and low in _NOMINATIVE and words[k + 1].tag == "VBG")
                                       or (k == 0 and tag in ("VBP", "VBD") and words[1].tag == "NNP")):
                return True  # "he walking"; "Have Mary bought"
            if w.pos == "SCONJ" or w.text in ";:":
                first = nearest = joined = ""
                first_open, outer, start = False, None, k + 1
                continue
            if tag in ("WDT", "WP") and low in ("who", "which", "that") and nearest:
                outer, first, first_open, joined = first, nearest, False, ""
                continue
            says = ""
            if low in ("was", "wasn't") or tag == "VBZ":
                says = "Sing"
            elif low in ("were", "weren't") or (tag == "VBP" and low not in ("am", "'m")):
                says = "Plur"
            elif tag == "VB" and first and not any(x.tag in ("MD", "TO") or x.lemma == "do" for x in words[max(0, k - 3) : k]):
                says = "Plur"  # "The pain in my back come and go": a base form after its subject
            if says:
                if first == "Q" or (first in ("Sing", "Plur") and first != says):
                    return True
                if (joined in ("or", "nor") and nearest and nearest != says) or (joined == "and" and says == "Sing"):
                    return True
                if k and words[k - 1].tag == "EX":
                    after = [_NOUN_NUMBER.get(x.tag, "") for x in words[k + 1 : k + 4]]
                    if any(n and n != says for n in after):
                        return True
                if says == "Plur" and start < len(words) and words[start].tag == "VBG":
                    return True
                if outer is not None:
                    first, outer = outer, None  # back to the main clause
                else:
                    first, start = "", k + 1
                nearest = joined = ""
                first_open = False
                continue
            if tag == "VBD":  # a past verb, finite or not: a new clause may follow
                if outer is None:
                    first, start, first_open = "", k + 1, False
                continue
            number = _NOUN_NUMBER.get(tag, "")
            if tag == "PRP":
                number = "Sing" if low in ("he", "she", "it") else "Plur" if low in ("they", "we", "you", "i") else ""
            if low in _QUANTITIES and _word_after(words, k) == "of" and not first:
                first, first_open = "Q", False
                continue
            if low in singular_s or low in _SINGULAR_PRONOUNS and (tag != "DT" or _word_after(words, k) == "of") or low in ("one", "number"):
                number = "Sing"
            elif low in either:
                number = "?"
            if number:
                if not first or first_open:
                    first, first_open = number, True
                nearest = number if number != "?" else ""
                continue
            first_open = False
            if tag == "CC" and low in ("and", "or", "nor") and first:
                joined = low
        return False

    def parsed_problems(self, text: str, parse: Parse):
        yield from self._bare_gerunds(parse)
        yield from self._adjective_read_verb(parse)
        for word in parse:
            says = _verb_number(word) if word.pos in ("VERB", "AUX") else ""
            if not says and _bare_present(parse, word):
                says = "Plur"
            if not says:
                continue
            found = self._subject(parse, word)
            if found is None:
                continue
            subject, number, described = found
            if number == says or not number:
                continue
            if self._subjunctive(parse, word, subject):
                continue
            wanted = "singular" if number == "Sing" else "plural"
            fixed = plural_verb(word.low) if number == "Plur" else singular_verb(word.low)
            if not fixed:
                continue  # a form the table does not know: too unsure to report
            fixed = match_case(fixed, word.text)
            end = word.end
            if subject.dep in ("attr", "dobj") and subject.i > word.i and subject.i - word.i <= 3:
                end = subject.end  # "is many ways": the verb and the noun that decides it
            yield word.start, end, f"{described} is {wanted}: use '{fixed or 'the ' + wanted + ' verb'}'.", fixed

    def _adjective_read_verb(self, parse: Parse):
        """A clause with no finite verb whose head the tagger read as an adjective, though it
        is also a base verb: "The clinic in both towns open at eight" (open, clear, slow,
        dry...). With no "be" to carry the adjective, the word is the verb, in its plural form."""
        if any(w.tag in ("VBZ", "VBP", "VBD", "MD") for w in parse):
            return
        for root in parse:
            if root.dep != "ROOT" or root.tag != "JJ" or parse.children(root.i, "aux", "auxpass", "cop"):
                continue
            table = tags(root.low)
            if "VB" not in table or table & {"VBD", "VBN"}:
                continue
            subjects = parse.children(root.i, "nsubj")
            if not subjects or subjects[0].i > root.i or subjects[0].pos not in ("NOUN", "PROPN"):
                continue
            number = self._noun_number(parse, subjects[0])
            if number == "Sing" and third_person(root.low):
                fixed = match_case(third_person(root.low), root.text)
                yield root.start, root.end, f"The subject '{_phrase(parse, subjects[0])}' is singular: use '{fixed}'.", fixed

    def _bare_gerunds(self, parse: Parse):
        """"She recommended that he walking": a clause's own subject pronoun before an -ing
        form with no "be" to carry it."""
        for word in parse:
            if word.tag != "VBG" or word.dep not in ("ROOT", "ccomp") or parse.children(word.i, "aux", "auxpass"):
                continue
            subjects = parse.children(word.i, "nsubj")
            if subjects and subjects[0].low in _NOMINATIVE and subjects[0].i == word.i - 1:
                base = base_form_of_gerund(word.low)
                if base:
                    finite = third_person(base) if subjects[0].low in ("he", "she") else base
                    be = {"i": "am", "he": "is", "she": "is"}.get(subjects[0].low, "are")
                    yield word.start, word.end, f"'{subjects[0].text} {word.text}' lacks a verb that agrees: use '{finite}' (or '{be} {word.low}').", ""

    def agrees(self, parse: Parse, verb: Word) -> bool:
        """Whether the parse shows ``verb`` to be right: its subject found and of its number,
        a subjunctive, or a subject whose number is open."""
        says = _verb_number(verb) or ("Plur" if _bare_present(parse, verb) else "")
        if not says:
            return False
        subjects = parse.children(verb.i if verb.dep not in ("aux", "auxpass") else verb.head, *_SUBJECTS)
        if subjects and any(w.low in ("each", "every", "no") for w in parse.children(subjects[0].i, "det")):
            return True
        found = self._subject(parse, verb)
        if found is None:
            return False
        subject, number, _ = found
        return number == says or self._subjunctive(parse, verb, subject)

    def _subject(self, parse: Parse, verb: Word) -> tuple[Word, str, str] | None:
        """The subject of a finite verb, its number and how to name it in the message."""
        clause = verb
        if any(w.i < verb.i for w in parse.children(verb.i, "aux", "auxpass")):
            return None  # "does not have", "might have": not the finite verb
        if verb.dep == "conj":
            return None  # a second verb shares the first one's subject, which the parse often misplaces
        if verb.dep in ("aux", "auxpass"):
            clause = parse.head(verb.i)
            if any(w.i < verb.i and w.dep in ("aux", "auxpass") for w in parse.children(clause.i)):
                return None  # only the first auxiliary agrees: "may have spread"
        if clause.dep == "advcl" and any(w.low in ("after", "before", "since", "until") for w in parse.children(clause.i, "mark")) \
                and parse.head(clause.i).tag == "VBG" and not parse.children(clause.head, *_SUBJECTS):
            return None  # "Walking after meals lowers...": a preposition read as a conjunction
        subjects = [w for w in parse.children(clause.i) if w.dep in _SUBJECTS]
        if not subjects:
            return None
        subject = subjects[0]
        low, high = sorted((subject.i, verb.i))
        if any(w.text in "()[]" for w in parse.words[low:high]):
            return None  # a verb inside brackets, or its subject: "(that is, goes around)"
        if any(w.text in ("-", "–", "—") and w.start > parse.words[w.i - 1].end and w.i + 1 < len(parse) and parse.words[w.i + 1].start > w.end
               for w in parse.words[low:high] if w.i):
            return None  # a dash between them: a heading run into its text ("Tests for AMD - The test is")
        if clause.dep in ("ccomp", "xcomp") and parse.head(clause.i).low in _CAUSATIVES:
            return None  # "help the provider understand"
        joining = {w.i for w in parse.children(subject.i, "cc")} | {w.i for c in parse.children(subject.i, "conj") for w in parse.children(c.i, "cc")}
        joining |= _inside_modifiers(parse, subject) if subject.i < verb.i else set()
        several = [w for w in subjects if w.dep == "nsubj" and w.i < verb.i and w.pos in ("NOUN", "PROPN")]
        if len(several) > 1 and not any(w.low in ("or", "nor") or w.tag in ("WRB", "WDT", "WP") for w in parse.words[several[0].i : verb.i]) \
                and any(w.low == "and" and w.dep == "cc" and w.head == several[0].i and parse.words[w.i - 1].text != ","
                        for w in parse.words[several[0].i : several[1].i]) and not self._asks:
            # Two subjects of one verb with "and" among them: a list the parse cut in pieces
            # ("A good night's sleep and a short walk helps", "A diet, sleep and walks keeps").
            return several[0], "Plur", f"The subject '{_phrase(parse, several[0])} ... {several[-1].text}'"
        if parse.children(subject.i, "cc") and not any(c.pos in ("NOUN", "PROPN", "PRON", "VERB") for c in parse.children(subject.i, "conj")):
            return None  # "Diabetes and high blood pressure damage", "men age 85 and older have": the parse lost the second part
        if any(w.low in ("and", "or", "nor") and w.i not in joining for w in parse.words[low + 1 : high]):
            return None  # another "and" between them: the parse may have split a compound subject
        if any(w.text[:1].isupper() for w in parse.words[max(1, _left_edge(parse, subject)) : subject.i + 1]) and subject.i \
                and not (subject.i == 1 and verb.i == 0 and subject.pos == "PROPN"):
            return None  # a heading run into the sentence, or a name: "Cure Rate for Early Detection"
        subject = subjects[0]
        if subject.dep == "expl":  # "There is many ways": the noun after the verb decides
            if subject.low not in ("there", "here") or subject.i > verb.i:
                return None
            previous = parse.words[subject.i - 1] if subject.i else None
            if previous is not None and previous.pos in ("NOUN", "PROPN", "ADJ", "VERB", "AUX", "ADP") and previous.dep not in ("pobj", "npadvmod"):
                return None  # "the main expectation there is": "there" points somewhere
            attrs = [w for w in parse.children(clause.i, "attr", "nsubj", "dobj") if w.i > verb.i]
            if not attrs:
                return None
            subject = attrs[0]
            number = self._noun_number(parse, subject, nearest=True)
            return (subject, number, f"'{subject.text}'") if number else None
        self._asks = subject.i > verb.i
        if subject.i > verb.i and not (verb.dep in ("aux", "auxpass") and (verb.i == 0 or parse.words[verb.i - 1].tag in ("WRB", "WP", "WDT"))):
            return None  # an inversion other than a question's: "Never have I..."
        if subject.i and parse.words[_left_edge(parse, subject) - 1].low in ("and", "or"):
            return None  # "CD40 ligand and its receptor protein are": the subject's first part is elsewhere
        if [c for c in parse.children(subject.i, "conj") if c.pos in ("NOUN", "PROPN", "VERB") and c.i != verb.i] \
                and "and" in {w.low for w in parse.children(subject.i, "cc")}:
            if any(parse.words[w.i - 1].text == "," for w in parse.children(subject.i, "cc")):
                return None  # "Transmission of X, and Y in particular, is": an aside
            if any(c.pos not in ("NOUN", "PROPN", "PRON") for c in parse.children(subject.i, "conj")):
                return None  # "men age 85 and older": not two subjects
            if not parse.children(subject.i, "det", "poss", "amod", "compound") and any(
                    parse.children(c.i, "compound") for c in parse.children(subject.i, "conj")):
                return None  # "Lip and oral cavity cancer is": one thing named by two words
            if subject.pos == "PROPN" or any(c.text[:1].isupper() for c in parse.children(subject.i, "conj")):
                return None  # a name: "The Institute of Neurological Disorders and Stroke conducts"
            number = self._noun_number(parse, subject) if subject.pos in ("NOUN", "PROPN", "PRON") else "Plur"
            return (subject, number, f"The subject '{_phrase(parse, subject)}'") if number else None
        edge = parse.words[_left_edge(parse, subject)]
        if edge.i < subject.i and edge.low.endswith("ing") and "VBG" in tags(edge.low):
            # "Lifting heavy boxes strains": a gerund phrase read as a noun phrase. Singular
            # either way when the noun is ("Skipping breakfast make"); else open.
            if edge.i == 0 and edge.tag == "VBG" and edge.dep in ("amod", "compound") and subject.tag == "NN" and self._noun_number(parse, subject) == "Sing":
                return subject, "Sing", f"The subject '{_phrase(parse, subject)}'"
            return None
        if verb.i and parse.words[verb.i - 1].low in ("they", "we", "you", "i", "he", "she", "it") and parse.words[verb.i - 1].i != subject.i:
            return None  # "... and how often they occur": the pronoun is the verb's subject
        if any(a.text[:1].isupper() and b.text[:1].isupper() for a, b in zip(parse.words[subject.i + 1 : verb.i], parse.words[subject.i + 2 : verb.i])):
            return None  # a heading run into the text: "Research on New Blood Tests Some researchers are"
        if subject.low == "one" and parse.children(subject.i, "cc"):
            return None  # "one or more of your valves don't"
        of_number = _quantity_of(self, parse, subject)
        if of_number:
            return subject, of_number, f"The subject '{subject.text} of {_of_object(parse, subject).text}'"
        if subject.low in _lists()[1] and subject.low not in ("one", "number"):
            return None  # "the following are", "the staff is": either number
        if subject.tag == "VBG" and subject.pos == "VERB" and (not parse.children(subject.i) or (
                subject.i + 1 < len(parse) and (parse.words[subject.i + 1].tag == "NNS" or (
                    parse.words[subject.i + 1].tag == "NN" and parse.words[subject.i + 1].head != subject.i)))):
            return None  # "If crawling lice are seen": an adjective read as a gerund
        if subject.pos in ("VERB", "AUX") and subject.tag != "VBG" and subject.dep not in ("csubj", "csubjpass"):
            return None  # "Programs to eliminate ... are", "Treatments being studied include": the head is elsewhere
        if parse.children(subject.i, "conj") and subject.tag == "VBG":
            return None  # "eating, diet, and nutrition play": a list that opens with a gerund
        if subject.low.endswith("ing") and "VBG" in tags(subject.low) and not parse.children(subject.i, "det"):
            return subject, "Sing", f"The subject '{_phrase(parse, subject)}'"  # "Thoroughly washing hands and utensils is"
        if subject.dep in ("csubj", "csubjpass") and parse.children(subject.i, "conj"):
            return None  # "tiludronate and etidronate are": names the tagger read as verbs
        if subject.dep in ("csubj", "csubjpass") or (subject.tag == "VBG" and subject.pos == "VERB"):
            return subject, "Sing", f"The subject '{_phrase(parse, subject)}'"
        number = self._noun_number(parse, subject)
        if not number:
            return None
        return subject, number, f"The subject '{_phrase(parse, subject)}'"

    def _noun_number(self, parse: Parse, head: Word, nearest: bool = False, alone: bool = False) -> str:
        singular_s, either, _, _, _ = _lists()
        low = head.low
        conj = [] if alone else [w for w in _conjuncts(parse, head) if w.pos in ("NOUN", "PROPN", "PRON")]
        if any(w.text in "([" for c in conj for w in parse.words[head.i : c.i]):
            return ""  # "research (or clinical trials) is": an aside, not a second subject
        if conj:
            joiners = {w.low for w in parse.children(head.i, "cc")} | {w.low for c in conj for w in parse.children(c.i, "cc")}
            preconj = {w.low for w in parse.children(head.i, "preconj")}
            if "and" in joiners and not preconj & {"either", "neither"}:
                if any(w.low in ("each", "every", "no") for w in parse.children(head.i, "det")):
                    return ""  # "Each doctor and nurse has"
                if nearest:
                    return self._noun_number(parse, head, alone=True)  # "There is a cat and a dog": usage allows the first
                return "Plur"
            if joiners & {"or", "nor"}:
                numbers = {self._noun_number(parse, head, alone=True)} | {self._noun_number(parse, c, alone=True) for c in conj}
                if numbers == {"Sing"} and not preconj & {"either", "neither"}:
                    return ""  # "than chemotherapy or radiation therapy do": common usage takes either number
                if len(numbers) == 1:
                    return numbers.pop()
                # Mixed: the nearer part decides, but "medicines or age slow" (a plural verb
                # after a singular nearer part) is common usage; only a plural nearer part is sure.
                return "Plur" if self._noun_number(parse, conj[-1], alone=True) == "Plur" else ""
            return ""
        if low in _SINGULAR_PRONOUNS and low not in ("that", "this", "one") and not conj:
            return "Sing"  # "Everybody in the room", "Each of the inhalers", whatever the tag
        if head.pos == "PRON":
            if low in ("who", "which", "that"):
                return self._antecedent_number(parse, head)
            if low in _SINGULAR_PRONOUNS:
                return "Sing"
            if low in ("they", "we", "these", "those"):
                return "Plur"
            return ""
        if head.tag == "CD" or head.pos == "NUM":
            if low == "one" and parse.children(head.i, "prep"):
                return "Sing"  # "one of the patients has"
            return ""
        if head.pos not in ("NOUN", "PROPN"):
            return ""
        if head.pos == "PROPN" and head.tag == "NNP" and head.text.istitle() and not parse.children(head.i, "compound", "amod", "det", "nmod", "poss") \
                and head.dep != "compound" and not low.endswith("s") and not tags(low) and (self._asks or _lone_name(parse, head)):
            return "Sing"  # "Have Mary bought...?", "Ann walk to work": a one-word name
        if head.pos == "PROPN" or head.text.isupper():
            return ""  # names and acronyms: "the NIH", "Medicare and Medicaid"
        of = [p for p in parse.children(head.i, "prep") if p.low == "of"]
        if low == "number" and of:
            dets = {w.low for w in parse.children(head.i, "det")}
            return "Sing" if "the" in dets else "Plur" if dets & {"a", "an"} else ""
        if low in either or low.rstrip("s") in ("percent",):
            return ""
        if low in singular_s:
            return "Sing"
        if any(w.low in ("and", "or", "nor", "/", "&") for w in parse.words[_left_edge(parse, head) : head.i]):
            return ""  # "Oral cavity and oropharyngeal cancer are": two things named by one head
        table = tags(low)
        if table & {"VB", "VBZ"} and any(c.tag != "VBG" for c in parse.children(head.i, "compound")) and not _hyphenated(parse, head):
            return ""  # "the leukemia returns", "Head lice feed": a noun and a verb read as one phrase
        if head.tag == "NNS":
            if not table:  # a word the table lacks: plural only with a plain plural ending
                return "" if low.endswith(("sis", "itis", "us", "ss", "ics", "es")) else "Plur"
            return "Plur" if "NNS" in table else ""
        if head.tag == "NN" and not low.endswith("s") or (head.tag == "NN" and low.endswith(("ss", "us", "is"))):
            if not table:
                return ""  # a word the table lacks may be a Latin plural: "morulae are"
            return "" if "NN" not in table and "MASS" not in table else "Sing"  # "lice": the table says plural
        return ""

    def _antecedent_number(self, parse: Parse, pronoun: Word) -> str:
        """The number of a relative pronoun's noun, when the parse attaches the clause to
        the noun just before it ("people who smokes", "the tablets, which is"); open when
        that noun sits in an "of" phrase whose head could be meant instead ("a class of
        drugs that lowers", "one of the students who has")."""
        clause = parse.head(pronoun.i)
        if clause.dep != "relcl" or pronoun.i == 0:
            return ""
        noun = parse.head(clause.i)
        between = parse.words[noun.i + 1 : pronoun.i]
        if noun.i >= pronoun.i or between or noun.pos not in ("NOUN", "PRON") or pronoun.low == "which":
            return ""  # ", which" often means the whole clause before it ("placebos, which has resulted")
        if noun.dep in ("pobj", "conj", "appos"):
            return ""  # "the muscle below the lungs that helps": the parse cannot tell which noun is meant
        if noun.pos == "PRON" and noun.low not in ("those", "these", "they", "anyone", "everyone", "someone", "anybody", "everybody", "somebody"):
            return ""
        if parse.children(noun.i, "conj") or noun.low in _lists()[1]:
            return ""
        return self._noun_number(parse, noun, alone=True)

    def _subjunctive(self, parse: Parse, verb: Word, subject: Word) -> bool:
        """"recommend that she take", "It is vital that he rest", "if it were", "as though he were"."""
        if verb.low == "were":
            return any(w.low in ("if", "though", "wish", "wishes", "wished", "unless", "suppose", "imagine") for w in parse.words[: verb.i])
        if verb.tag not in ("VBP", "VB") and verb.low not in ("be", "have"):
            return False
        triggers = _lists()[2]
        node = verb if verb.dep not in ("aux", "auxpass") else parse.head(verb.i)
        for _ in range(3):
            if node.dep == "ROOT":
                return False
            governor = parse.head(node.i)
            if governor.lemma in triggers or governor.low in triggers:
                return True
            if any(w.lemma in triggers for w in parse.children(governor.i, "acomp", "attr")):
                return True  # "It is important that every patient bring"
            node = governor
        return False


def parse_clears(doc, sentence, found: tuple) -> tuple:
    """The word-class agreement rules' problems (HL120, HL125) less those the parse shows
    to be correct: the verb's subject found and of the verb's number, or a subjunctive, or
    a subject whose number its words leave open ("Each nurse and doctor has")."""
    from ..analysis import parse as parsing

    if not parsing.available():
        return found
    parse = parsing.parses(doc, [sentence])[parsing.key(sentence)]
    rule = _checker()
    kept = []
    for problem in found:
        start, end = problem[0], problem[1]
        verbs = [w for w in parse if w.start < end and w.end > start and w.pos in ("VERB", "AUX")]
        if len(verbs) == 1 and rule.agrees(parse, verbs[0]):
            continue
        kept.append(problem)
    return tuple(kept)


@lru_cache(maxsize=1)
def _checker() -> "ParsedAgreement":
    return ParsedAgreement()


# Heads whose number is that of their "of" phrase: "most of the advice is", "some of the
# tablets are", "a third of adults have".
_QUANTITIES = frozenset("most some all half any more plenty lot lots rest remainder percent bulk third thirds quarter quarters fifth fifths tenth tenths".split())


def _of_object(parse: Parse, head: Word) -> Word | None:
    for prep in parse.children(head.i, "prep"):
        if prep.low == "of":
            objects = parse.children(prep.i, "pobj")
            if objects:
                return objects[0]
    return None


def _quantity_of(rule: "ParsedAgreement", parse: Parse, head: Word) -> str:
    """The number of "most of X", "a lot of X", "30 percent of X": X's, when certain."""
    if head.low not in _QUANTITIES:
        return ""
    thing = _of_object(parse, head)
    if thing is None or thing.low in _lists()[1]:
        return ""
    if thing.pos == "PRON":
        return "Plur" if thing.low in ("them", "us", "these", "those", "you") else "Sing" if thing.low in ("it", "this", "that") else ""
    if thing.pos != "NOUN":
        return ""
    return rule._noun_number(parse, thing)


def _hyphenated(parse: Parse, head: Word) -> bool:
    """A head joined to the word before it by a hyphen ("check-ups"): one noun."""
    return head.i >= 2 and parse.words[head.i - 1].text == "-" and parse.words[head.i - 1].end == head.start


def _inside_modifiers(parse: Parse, subject: Word) -> set[int]:
    """The words of the subject's modifiers set off by commas ("symptoms, including a rash
    and a cough, were"): an "and" there joins their words, not the subject's. Inside an
    "of"/"with" phrase without commas the parse often misplaces a compound subject's second
    part ("the dose of X and length of Y depend"), so an "and" there still stops the rule."""
    inside: set[int] = set()
    stack = []
    for modifier in parse.children(subject.i, "prep", "acl", "appos"):
        words = _subtree(parse, modifier)
        first, last = min(words), max(words)
        if first and parse.words[first - 1].text == "," and last + 1 < len(parse) and parse.words[last + 1].text == ",":
            stack.append(modifier.i)
    while stack:
        k = stack.pop()
        inside.add(k)
        stack.extend(c.i for c in parse.children(k))
    return inside


def _lone_name(parse: Parse, head: Word) -> bool:
    """A one-word name, not part of a longer one ("Jim are", not "Johns Hopkins"): no
    capitalised word next to it, and no word the medical vocabulary knows (a drug's or a
    condition's name may be used of many patients or products)."""
    from ..grammar.vocabulary import looks_medical

    neighbours = [parse.words[k] for k in (head.i - 1, head.i + 1) if 0 <= k < len(parse)]
    if head.low.endswith(("a", "i", "ae", "on")):
        return False  # a Latin or Greek plural opening a sentence: "Diverticula are", "Mitochondria each contain"
    return not any(w.text[:1].isupper() for w in neighbours) and not looks_medical(head.text)


def _subtree(parse: Parse, head: Word) -> set[int]:
    found, stack = set(), [head.i]
    while stack:
        k = stack.pop()
        found.add(k)
        stack.extend(c.i for c in parse.children(k))
    return found


def _conjuncts(parse: Parse, head: Word) -> list[Word]:
    """The words joined to ``head`` by "and"/"or", however deep: "fever, rash, or other symptoms"."""
    found, stack = [], [head.i]
    while stack:
        for child in parse.children(stack.pop(), "conj"):
            found.append(child)
            stack.append(child.i)
    return sorted(found, key=lambda w: w.i)


def _left_edge(parse: Parse, head: Word) -> int:
    """The index of the first word of the phrase that ``head`` heads, left of the head."""
    first = head.i
    stack = [head.i]
    while stack:
        for child in parse.children(stack.pop()):
            if child.i < head.i and child.dep not in ("relcl", "acl", "prep", "punct", "cc", "conj"):
                first = min(first, child.i)
                stack.append(child.i)
    return first


def _phrase(parse: Parse, head: Word) -> str:
    """The subject as written, up to its head and any words joined to it: "Diet and exercise"."""
    first = head.i
    for w in parse.children(head.i, "det", "amod", "compound", "nummod", "poss"):
        first = min(first, w.i)
    last = head.i
    for w in parse.children(head.i, "conj"):
        last = max(last, w.i)
    words = parse.words[first : last + 1]
    if len(words) > 6:
        return head.text
    return "".join(w.text + (" " if k + 1 < len(words) and words[k + 1].start > w.end else "") for k, w in enumerate(words))


RULES = (ParsedAgreement,)
