"""HL141 context-confusables: function-word pairs decided by the parts of speech around them.

The pack rules HL103-HL114 and HL137 fire on listed neighbours ("your welcome", "less
calories"); this rule asks what kind of word stands next to the confusable instead, from
the word-form table (rules/lists/word-forms.txt): a noun after "who's" or "you're" wants
the possessive; a base verb after a comma and "than" wants "then"; a plural count noun after
"less" wants "fewer"; "breath" after "to" or a modal wants the verb; "everyday" where no noun
follows wants "every day"; "log into" wants the particle "in" ("log in to"). Word lists are
in rules/lists/confusable-context.yaml.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from ..engine.patterns import match_case
from ..engine.rule import SentenceRule
from ..engine.word_screen import letter_runs
from ..grammar.clauses import Token, tokens
from ..grammar.word_forms import tags
from ..packs import word_lists


@lru_cache(maxsize=1)
def _lists() -> dict[str, frozenset[str]]:
    found = {key: frozenset(words) for key, words in word_lists("confusable-context").items()}
    found["keys"] = frozenset("who's you're whose it's than then less breath breathe advice advise loose lose everyday into weather".split())
    return found


_PLAIN_KEYS = frozenset("whose than then less breath breathe advice advise loose lose everyday into weather".split())


def _noun_only(low: str) -> bool:
    t = tags(low)
    return bool(t) and t <= {"NN", "NNS", "MASS"}


def _verb_only(low: str) -> bool:
    t = tags(low)
    return bool(t) and t <= {"VB", "VBP"}


def _word(toks: list[Token], i: int) -> str:
    return toks[i].low if 0 <= i < len(toks) else ""


def _counts_after(before: str, lists) -> bool:
    """"less" after a verb other than "be", or a preposition, quantifies the noun after it
    ("eat less sweets", "with less side effects"); after a number or "is" it may compare
    ("85% less", "is less")."""
    if before in lists["prepositions"]:
        return True
    t = tags(before)
    return bool(t & {"VB", "VBP", "VBZ", "VBD"}) and before not in ("is", "are", "was", "were", "be", "been", "'s")


class ContextConfusables(SentenceRule):
    code = "HL141"
    name = "context-confusables"
    category = "grammar"
    severity = "warning"
    summary = "A confused function word, decided by the kind of word around it ('who's prescription', 'to breath', 'less sweets')."
    rationale = (
        "Its/it's, then/than, who's/whose, your/you're, fewer/less, breath/breathe, "
        "advice/advise, lose/loose, everyday/every day and into/in to are told apart by the "
        "words around them: a possessive comes before a noun, a verb after 'to' or a modal, "
        "'than' after a comparison, 'fewer' before a plural count noun, 'every day' where no noun follows. healthlint "
        "reads each neighbour's possible parts of speech from an English word-form table and "
        "reports only where they leave one reading."
    )
    source = "Federal Plain Language Guidelines ('Use the right word'); word forms: NLM SPECIALIST Lexicon via lemminflect (rules/lists/word-forms.txt)."
    pass_examples = (
        "Whose inhaler is this?",
        "Ask the nurse who's on duty.",
        "Wash the cut, then cover it.",
        "It is better to rest than push through pain.",
        "Eat fewer sweets and less sugar.",
        "Take a deep breath and breathe out slowly.",
        "Brush your teeth every day.",
        "Log in to the portal.",
        "The clinic changed its hours.",
        "It can advise you on diet, and its advice is free.",
        "If the rash gets worse, then call the clinic.",
    )
    fail_examples = (
        {"text": "Who's inhaler is this?", "flag": "Who's"},
        {"text": "Wash the cut, than cover it.", "flag": "than"},
        {"text": "Eat less sweets.", "flag": "less"},
        {"text": "It can be hard to breath at night.", "flag": "breath"},
        {"text": "Brush your teeth everyday after meals.", "flag": "everyday"},
        {"text": "Log into the portal.", "flag": "into"},
        {"text": "The clinic changed it's hours.", "flag": "it's"},
        {"text": "Keep you're inhaler in your bag.", "flag": "you're"},
        {"text": "Your doctor can advice you on diet.", "flag": "advice"},
        {"text": "Children need more sleep then adults.", "flag": "then"},
    )

    def confirmed(self, doc, sentence, found):
        """With the parser, "who's"/"you're" before a word the table calls a noun is left
        alone where the tagger reads an adjective in context ("you're pregnant in May")."""
        from ..analysis import parse as parsing

        if not parsing.available() or not any(sentence.text[p[0] : p[1]].lower().replace("’", "'") in ("who's", "you're") for p in found):
            return found
        parse = parsing.parses(doc, [sentence])[parsing.key(sentence)]
        kept = []
        for problem in found:
            if sentence.text[problem[0] : problem[1]].lower().replace("’", "'") in ("who's", "you're"):
                following = [w for w in parse if w.start >= problem[1] and w.text[:1].isalnum()]
                if following and following[0].tag == "JJ":
                    continue  # the tagger reads an adjective ("you're pregnant in May"); a misspelt
                    # word's own tags are not trusted, as the tagger reads them after "'re"
            kept.append(problem)
        return tuple(kept)

    def sentence_problems(self, text: str) -> Iterable[tuple[int, int, str, str]]:
        if "'" not in text and "’" not in text and _PLAIN_KEYS.isdisjoint(letter_runs(text)):
            return  # none of the words (who's, you're and it's have an apostrophe)
        toks = tokens(text)
        lists = _lists()
        for i, tok in enumerate(toks):
            low = tok.low
            if low not in lists["keys"]:
                continue
            before, after = _word(toks, i - 1), _word(toks, i + 1)
            found = self._decide(toks, i, low, before, after, lists)
            if found:
                fixed, why = found
                yield tok.start, tok.end, f"Use '{match_case(fixed, tok.text)}' here: {why}.", match_case(fixed, tok.text)

    def _decide(self, toks, i, low, before, after, lists):
        modal = before in lists["verb_markers"]
        if low in ("who's", "you're") and _noun_only(after) and after not in lists["not_nouns"] and _word(toks, i + 2) != "of" \
                and (_word(toks, i + 2) in lists["prepositions"] or _word(toks, i + 2) in ("is", "are", "was", "were", "has", "have")
                     or (low == "who's" and _word(toks, i + 2) in lists["subject_pronouns"])):
            return ("whose" if low == "who's" else "your"), f"a noun ('{after}') follows, so the possessive is meant"
        if low == "whose" and (after in lists["after_is"] or "VBG" in tags(after) and not _noun_only(after)):
            return "who's", f"'{after}' follows 'who is'"
        if low == "it's" and (before in lists["prepositions"] or (tags(before) == {"VBD", "VBN"} and before not in lists["clause_verbs"])) \
                and (_noun_only(after) or ("NN" in tags(after) and tags(_word(toks, i + 2)) & {"NN", "NNS"} and not tags(_word(toks, i + 2)) & {"VBZ", "VBD"})
                     or (tags(after) >= {"NN", "VB"} and "VBZ" not in tags(after) and _word(toks, i + 2) in lists["time_words"])):
            return "its", f"after '{before}', '{after}' belongs to 'it'"
        if low == "than" and (before in (",", "and", ";") or i == 0) and (
                _verb_only(after) or ("VB" in tags(after) and _word(toks, i + 2) in lists["object_starts"]) or after in ("the", "you", "we", "they", "it")):
            if not any(_word(toks, k) in lists["comparatives"] or tags(_word(toks, k)) & {"JJR", "RBR"} for k in range(max(0, i - 8), i)):
                return "then", "nothing is compared; 'then' means 'next'"
        if low == "then" and before not in (",", ";", "and", "but", "or", "") and not _verb_only(after) and "VB" not in tags(after) \
                and after[:1].isalnum() and after not in lists["prepositions"] and after not in lists["after_then"]:
            for k in range(i - 1, max(-1, i - 8), -1):
                word = _word(toks, k)
                if word in (",", ";", ":") or word in lists["clause_openers"]:
                    break
                if word in lists["comparatives"] and word not in ("other", "otherwise", "else", "later", "earlier", "sooner", "further", "farther"):
                    return "than", f"'{word}' compares, so 'than' is meant"
        if low == "less" and "NNS" in tags(after) and "NN" not in tags(after) and _counts_after(before, lists) and after not in lists["amounts"] and _word(toks, i + 2) != "than" and before not in ("no", "much", "far"):
            return "fewer", f"'{after}' can be counted"
        if low == "breath" and modal and after not in ("of", "test", "tests", "sounds"):
            return "breathe", "after 'to' or a helping verb the verb is meant"
        if low == "breathe" and (before in lists["noun_markers"] or before == "of"):
            return "breath", f"after '{before}' the noun is meant"
        if low == "advice" and (modal or before in ("i", "we", "they", "doctors", "nurses")) and (after in lists["object_starts"] or after in ("against", "on")):
            return "advise", "the verb is meant"
        if low == "advise" and (before in lists["noun_markers"] or before in ("for", "of", "medical", "expert", "good", "some", "any")):
            return "advice", f"after '{before}' the noun is meant"
        if low == "loose" and (modal or before == "not") and before not in ("help", "helps") and after not in ("and", "or", ","):
            return "lose", "the verb is meant"
        if low == "lose" and (before in lists["noun_markers"] or before in ("wear", "wearing", "wore", "very", "too", "come", "comes", "came")) and after not in lists["object_starts"]:
            return "loose", "the adjective (not tight) is meant"
        if low == "everyday" and (tags(after) or not after[:1].isalpha() or after in lists["prepositions"]) and not _noun_only(after) and after not in lists["everyday_nouns"] and not tags(after) & {"NN", "NNS", "JJ", "VBG"}:
            return "every day", "no noun follows: 'every day' means 'each day'"
        if low == "into" and before in lists["particle_verbs"]:
            return "in to", f"'{before} in' is the verb; 'to' goes with what follows"
        if low == "weather" and before in lists["whether_verbs"] and (after in ("or", "to", "it", "you", "he", "she", "they", "we", "the", "a", "your", "this", "there")):
            return "whether", "it introduces a choice or question"
        return None


RULES = (ContextConfusables,)
