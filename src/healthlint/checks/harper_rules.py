"""HL150 grammar-engine and HL151 spelling: Harper's findings, with medical words known."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable, Mapping

from ..analysis import memo
from ..analysis.citations import reference_blocks
from ..document import Document
from ..engine.finding import Hit
from ..engine.rule import Option, Rule
from ..packs import word_lists

_HARPER = "Harper grammar checker (Automattic, Apache-2.0), through harper-py; run offline and in-process."
_OPTIONS = {
    "enable": Option([], "More Harper rules to run (names from `healthlint harper-rules`)."),
    "disable": Option([], "Harper rules to leave out."),
    "all_rules": Option(False, "Run every Harper rule (slower; about 900 rules)."),
    "dialect": Option("american", "american, british, australian, canadian or indian; by default the "
                                  "top-level `dialect` setting (american unless set).",
                      choices=("american", "british", "australian", "canadian", "indian")),
    "screen": Option(True, "Send Harper only the sentences holding a trigger word of an enabled rule "
                           "(rules/lists/harper-triggers.yaml); same lints, a fraction of the time."),
}


@lru_cache(maxsize=1)
def _spelling() -> tuple[frozenset[str], frozenset[str]]:
    lists = word_lists("harper")
    return frozenset(lists["spelling_rules"]), frozenset(lists["spelling_kinds"])


def engine_lints(doc: Document, options: Mapping[str, Any]):
    """Harper's lints for the document, computed once (or collected from :func:`start_engine`)."""
    found = start_engine(doc, options)
    return found.result() if hasattr(found, "result") else found


def start_engine(doc: Document, options: Mapping[str, Any], background: bool = False):
    """The lints, or a future of them when ``background`` starts Harper in its own thread."""
    from ..grammar.harper_engine import background as engine_thread, default_rules, lint_pieces

    # Spelling is checked separately (see Spelling.check): Harper's spell check computes
    # suggestions for every unknown word it meets, which is most of its cost on medical text.
    rules = sorted((set(default_rules()) | set(options.get("enable", ()))) - set(options.get("disable", ())) - _spelling()[0])
    all_rules, dialect = bool(options.get("all_rules")), str(options.get("dialect", "american"))
    screened = bool(options.get("screen", True)) and not all_rules
    named = tuple((option, str(name)) for option in ("enable", "disable") for name in options.get(option, ()))

    def start():
        parts = _pieces(doc, rules, screened)  # found on this thread: the document's cache is not shared with the engine's
        run = lambda: lint_pieces(parts, rules, all_rules, dialect, named)  # noqa: E731
        return engine_thread().submit(run) if background else run()

    key = repr(("harper", tuple(rules), all_rules, dialect, screened, named))
    return memo(doc, key, start)  # once per document, whichever of HL150 and HL151 asks first


def _pieces(doc: Document, rules: list[str], screened: bool):
    """What Harper reads: the runs of sentences some enabled rule could fire on, or every block."""
    from ..analysis.sentences import sentences_of
    from ..grammar.harper_engine import Piece
    from ..grammar.harper_triggers import Screen

    blocks = _blocks(doc)
    if not screened or not Screen.covers(rules):
        return [Piece(block, 0, block.text) for block in blocks]
    screen = Screen.for_rules(tuple(rules))
    parts = []
    for block in blocks:
        spans = [(s.start, s.end) for s in sentences_of(doc, block)]
        parts += [Piece(block, start, block.text[start:end]) for start, end in screen.spans(block.text, spans)]
    return parts


def _blocks(doc: Document):
    skipped = {id(b) for b in reference_blocks(doc)}
    return [b for b in doc.blocks if id(b) not in skipped]


def _is_spelling(lint) -> bool:
    rules, kinds = _spelling()
    return lint.rule in rules or lint.kind in kinds


class GrammarEngine(Rule):
    code = "HL150"
    name = "grammar-engine"
    category = "grammar"
    severity = "warning"
    summary = "Grammar problems found by the Harper engine (agreement, confused words, missing words...)."
    rationale = (
        "Harper checks grammar offline. healthlint runs a measured default set of its rules "
        "(rules/lists/harper.yaml) and maps each finding to the exact source span. Switch Harper "
        "rules on or off with the `enable`, `disable` and `all_rules` options."
    )
    source = _HARPER
    options = _OPTIONS
    pass_examples = ("Exercise gives your muscles strength.", "The effect was small.")
    fail_examples = ({"text": "The new law had a positive affect on small businesses.", "flag": "affect"}, "They left there bags at home.")

    def prepare(self, doc: Document, options: Mapping[str, Any]) -> None:
        start_engine(doc, options, background=True)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        for lint in engine_lints(doc, options):
            if _is_spelling(lint):
                continue  # Spelling and Typo kinds are reported by HL151, through the vocabulary
            if lint.rule == "PronounKnew" and _adjective_new(lint.block.text, lint.end):
                continue
            if lint.rule == "NounVerbConfusion" and _in_a_list_of_verbs(lint.block.text, lint.end):
                continue
            if lint.rule in ("ThereToTheir", "ThereIsAgreement") and _existential_misread(lint.block.text, lint.start, lint.end):
                continue
            if lint.rule == "NounVerbConfusion" and _tagger_disagrees(doc, lint):
                continue
            if lint.rule == "ItsPossessive" and _after_clause_verb(lint.block.text, lint.start):
                continue
            if lint.rule == "ThenThan" and lint.block.text[lint.start : lint.end].lower() == "then" and lint.block.text[lint.end : lint.end + 1] in (",", ";", ".", ":"):
                continue  # "If you bore each other then, ...": "then" closing a clause means "at that time"
            yield Hit.in_block(lint.block, lint.start, lint.end, f"{lint.message} (Harper: {lint.rule})", lint.suggestions)


def _adjective_new(text: str, end: int) -> bool:
    """Harper's PronounKnew reads "you new" as "you knew"; before a noun "new" is the
    adjective: "teaches you new habits", "gives them new hope"."""
    from ..grammar.word_forms import tags

    following = re.match(r"\s+([a-z]+)", text[end : end + 40])
    return bool(following) and bool(tags(following.group(1)) & {"NN", "NNS"}) and following.group(1) not in ("the", "a", "an", "that")


_COORDINATED = re.compile(r"(?:\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+)([A-Za-z]+)")


def _in_a_list_of_verbs(text: str, end: int) -> bool:
    """Harper's NounVerbConfusion reads "affect" as a noun after a noun ("Diet and exercise
    affect, shape and reflect how you feel"); but words joined by commas and "and"/"or" are
    of one kind, so when one of the words it is listed with can only be a verb ("reflect",
    "worsen"), it is a verb too."""
    from ..grammar.word_forms import tags

    at, listed = end, []
    while len(listed) < 4 and (match := _COORDINATED.match(text, at)):
        listed.append(match.group(1))
        at = match.end()
    return any((found := tags(word)) and found <= {"VB", "VBP"} for word in listed)
def _tagger_disagrees(doc: Document, lint) -> bool:
    """Harper's NounVerbConfusion says a noun stands where a verb belongs ("can effect") or
    the other way round ("a positive affect"); the parser's tagger reads the whole sentence
    and settles it: "anxiety disorders affect up to 15 percent" is a verb where a verb
    belongs. Without the parser extra, Harper's word stands. Measured on the 320 NIH/CDC
    articles: all 11 of this rule's findings were verbs or nouns in their right place."""
    from ..analysis import parse as parsing
    from ..analysis.sentences import sentences_of

    wants = "VB" if re.search(r"verb should be|for the verb", lint.message) else "NN" if re.search(r"noun should be|usually a verb|for the result", lint.message) else ""
    if not wants or not parsing.available():
        return False
    for sentence in sentences_of(doc, lint.block):
        if sentence.start <= lint.start and lint.end <= sentence.end:
            tagged = parsing.parses(doc, [sentence], lambda _: False)[parsing.key(sentence)]
            words = [w for w in tagged if w.start < lint.end - sentence.start and w.end > lint.start - sentence.start]
            if len(words) != 1 or words[0].tag[:2] not in ("VB", "NN") or words[0].tag[:2] == wants:
                return False
            # The tagger leans to the written word's own class, so its reading counts only
            # where the neighbours fit it too: a verb after its subject and before no other
            # verb ("disorders affect up to"; not "the snowball affect amplified", "cause and
            # affect are"), a noun before no object ("give you advice."; not "advice you").
            k = words[0].i
            before = tagged.words[k - 1] if k else None
            after = tagged.words[k + 1] if k + 1 < len(tagged) else None
            if words[0].tag.startswith("VB"):
                # After a singular noun the verb's form would itself be wrong ("the ripple
                # affect across"), unless the noun ends a compound ("obesity and overweight affect").
                subject = before is not None and (before.tag in ("NNS", "PRP", "MD", "TO", "RB", "-RRB-") or (
                    before.tag == "NN" and any(w.tag == "CC" for w in tagged.words[max(0, k - 4) : k])))
                if before is not None and before.tag == "CC":  # "may be systemic and affect many parts": an object follows
                    subject = after is not None and after.tag in ("DT", "PDT", "PRP$", "JJ", "NNS", "NN", "CD")
                return subject and (after is None or not after.tag.startswith(("VB", "MD")))
            return after is None or not after.text[:1].isalnum() or after.tag in ("IN", "CC", "TO", "MD") or after.tag.startswith("VB")
    return False


def _after_clause_verb(text: str, start: int) -> bool:
    """Harper's ItsPossessive reads "it's" before a noun as "its"; after a verb that takes a
    clause ("I think it's Google", "believe that it's time") a clause begins, and "it is"
    is meant. Measured on the public near-misses: 4 of its 4 false flags on the tune half."""
    before = re.findall(r"[A-Za-z']+", text[max(0, start - 60) : start].replace("’", "'"))
    if before and before[-1].lower() == "that":
        before = before[:-1]
    if not before:
        return False
    return before[-1].lower() in _clause_verbs()


@lru_cache(maxsize=1)
def _clause_verbs() -> frozenset[str]:
    from ..packs import word_lists

    return frozenset(word_lists("confusable-context")["clause_taking_verbs"])


_OPENERS = frozenset("and or but so then how why where when what who which if tell me please".split())
_BE = frozenset("is are was were 's isn't aren't wasn't weren't be been".split())


def _existential_misread(text: str, start: int, end: int) -> bool:
    """Harper's ThereToTheir and ThereIsAgreement misread "there" after a form of "be":
    a question's or a place's "there" ("Are there error logs?", "Last time I was there
    flags were out") is neither "their" nor the subject of the verb before it; and a head
    whose number its "of" phrase decides ("There is lots of time", "There's plenty") or a
    name ("There were Gus and Horace") is not a number error. Measured on the public
    near-misses' tune half: these two rules made 5 of the 13 false flags there."""
    from .parsed_agreement import number_free_heads

    span = text[start:end].replace("’", "'")
    # Only the last few words before the lint's end are read: a window, so a block of many
    # lints stays linear (the whole block before each lint was quadratic).
    words = re.findall(r"[A-Za-z']+|[,;:?!.]", text[max(0, end - 200) : end].replace("’", "'"))
    if not words:
        return False
    if words[-1].lower() == "there" and len(words) > 1 and words[-2].lower() in _BE:
        # "Are there error logs?": a question's "there", when the verb opens its clause;
        # after a subject ("They were there angels") Harper's "their" may be right.
        return len(words) == 2 or words[-3].lower() in _OPENERS or not words[-3][:1].isalpha()
    inverted = re.search(r"\b(?:is|are|was|were|isn't|aren't|wasn't|weren't)\s+there\b", span, re.I)
    if inverted:
        # "I was there flags were out": "there" is a place after a subject's verb. A
        # question's "is there people" (the verb opens its clause) is Harper's to report.
        before = re.findall(r"[A-Za-z']+|[,;:?!.]", text[max(0, start + inverted.start() - 200) : start + inverted.start()].replace("’", "'"))
        return bool(before) and before[-1].lower() not in _OPENERS and before[-1][:1].isalpha()
    if re.search(r"\b(?:few|many|several|both|no)\s*$", span, re.I):
        return True  # "There are few known risk factors": the noun after the quantifier decides
    quantity = re.match(r"\s*(?:a\s+)?([A-Za-z]+)\s+of\b", text[end : end + 40]) or re.search(r"([A-Za-z]+)\s*$", span)
    if quantity and quantity.group(1).lower() in number_free_heads() and re.match(r"\s*of\b", text[end : end + 10]):
        return True  # "There is lots of time"
    parts = span.split()
    return len(parts) > 1 and parts[-1][:1].isupper() and parts[-2][:1].islower()  # "there were Gus"


def _in_address(text: str, start: int, end: int) -> bool:
    """Part of a web address, e-mail, file path or cut-off quotation ("www.nih.gov", "...mptoms")."""
    left = text.rfind(" ", 0, start) + 1
    right = text.find(" ", end)
    chunk = text[left : right if right >= 0 else len(text)]
    if any(mark in chunk for mark in ("://", "www.", "@", "/", "\\")) or re.search(r"\w\.(?:gov|com|org|edu|net|htm|html|pdf)\b", chunk):
        return True
    return text[max(0, start - 3) : start] in ("...", "..") or text[start - 1 : start] == "…" or text[end : end + 3] == "..." or text[end : end + 1] == "…"


def _proper_noun(text: str, start: int, word: str) -> bool:
    """A capitalised word inside a sentence is a name (Marfan, Chagas, Toxoplasma)."""
    if not word[:1].isupper():
        return False
    before = text[max(0, start - 40) : start].rstrip(" \"'“‘(")  # a window: linear in a block of many names
    return bool(before) and before[-1] not in ".!?:"


_SPECIES_ENDINGS = ("ensis", "is", "us", "ii", "ae", "i", "a", "um", "oides")


def _species(text: str, start: int, word: str) -> bool:
    """The second word of a binomial name ("Angiostrongylus costaricensis", "Ixodes
    scapularis"): lower case, a Latin ending, right after a capitalised genus name."""
    if not word.islower() or not word.endswith(_SPECIES_ENDINGS):
        return False
    before = text[:start].rstrip()
    genus = before.rsplit(None, 1)[-1].lstrip("(\"'“‘") if before else ""
    if len(genus) == 2 and genus[0].isupper() and genus[1] == ".":
        return True  # a genus abbreviated after its first mention: "P. kellicotti", "A. costaricensis"
    if not (len(genus) > 2 and genus.isalpha() and genus[:1].isupper() and genus[1:].islower()):
        return False
    from ..analysis.syllables import _lookup
    from ..grammar.vocabulary import looks_medical

    return _lookup(genus.lower()) is None or looks_medical(genus)  # a genus, not "Your" or "The"


def _repeated_names(doc: Document, words: set[str]) -> set[str]:
    """Capitalised words the document uses at least twice and never in lower case.

    At the start of a sentence a name ("Marfan syndrome") cannot be told from a typo by
    its capital; but an article that names a condition repeats it, always capitalised,
    while a typo rarely recurs letter for letter.
    """
    capitalised = {w for w in words if w[:1].isupper() and not w.isupper()}
    if not capitalised:
        return set()
    from ..grammar.vocabulary import TOKEN

    counts: dict[str, int] = {}
    lower: set[str] = set()
    wanted = {w.lower() for w in capitalised}
    for block in doc.blocks:
        for match in TOKEN.finditer(block.text):
            token = match.group(0)
            if token.lower() in wanted:
                if token[:1].isupper():
                    counts[token] = counts.get(token, 0) + 1
                else:
                    lower.add(token.lower())
    return {w for w in capitalised if counts.get(w, 0) >= 2 and w.lower() not in lower}


def _unknown_words(doc: Document, dialect: str = "american") -> list[tuple[Any, int, int, str]]:
    """Each use of a word healthlint's vocabulary does not know: (block, start, end, word)."""

    def find():
        from ..analysis.keywords import tokens
        from ..grammar.vocabulary import TOKEN, Vocabulary

        vocabulary = Vocabulary.shared(tuple(doc.settings.get("words", ())), dialect)
        never = vocabulary.never_reported
        uses = []
        for block in _blocks(doc):
            # The keyword rules' cached tokens (TOKEN is their pattern), found once per block.
            if never.issuperset(tokens(block.text)):
                continue  # most blocks, once the process has seen a few documents
            for match in TOKEN.finditer(block.text):
                word = match.group(0)
                if word in never:
                    continue
                if not word.replace("'", "").replace("’", "").replace("-", "").isalpha() or vocabulary.knows(word):
                    never.add(word)  # "¼" (a number sign, not a word), or a known word
                    continue
                if _proper_noun(block.text, match.start(), word) or _species(block.text, match.start(), word):
                    continue
                if not _in_address(block.text, match.start(), match.end()):
                    uses.append((block, match.start(), match.end(), word))
        return uses

    return memo(doc, repr(("unknown-words", tuple(doc.settings.get("words", ())), dialect)), find)


class Spelling(Rule):
    code = "HL151"
    name = "spelling"
    category = "spelling"
    severity = "warning"
    summary = "A word that is not in the dictionary, the medical vocabulary or your own word list."
    rationale = (
        "Harper's spell check, filtered so that medical words are never typos: drug, condition, "
        "anatomy and procedure names (rules/lists/medical-words.yaml, with medical word parts and "
        "drug-name stems, and their plurals and derived forms), the CMU dictionary, SCOWL's word "
        "lists (rules/lists/english-vocabulary.txt), acronyms, and your own words (`words = [...]` or "
        "`.healthlint-words.txt`). The `dialect` setting picks whose spellings SCOWL's dialect lists "
        "add; no dialect flags another's spellings (\"colour\" passes in American English too)."
    )
    source = (_HARPER + " Medical vocabulary: rules/lists/medical-words.yaml and rules/lists/medical-vocabulary.txt (MeSH, ICD-10-CM, "
              "ICD-10-PCS, DrugBank open names); English words: rules/lists/english-vocabulary.txt (SCOWL, Kevin Atkinson, permissive licence).")
    options = _OPTIONS
    pass_examples = ("Atorvastatin and metoprolol treat heart disease. Myelodysplastic syndromes and hemangioendothelioma are rare.",
                     "Apheresis filters the blood, a dialyzer cleans it, and uroflowmetry measures urine flow. Triatomine bugs bite near the philtrum.")
    fail_examples = ({"text": "Drink plenty of watter every day.", "flag": "watter"},)

    def prepare(self, doc: Document, options: Mapping[str, Any]) -> None:
        start_engine(doc, options, background=True)
        _unknown_words(doc, _dialect(options))  # while Harper starts: this needs only healthlint's vocabulary

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        from ..grammar.harper_engine import misspelled
        from ..grammar.vocabulary import Vocabulary

        dialect = _dialect(options)
        vocabulary = Vocabulary.shared(tuple(doc.settings.get("words", ())), dialect)
        uses = _unknown_words(doc, dialect)
        names = _repeated_names(doc, {w for *_, w in uses})
        wrong = misspelled(sorted({w for *_, w in uses} - names), dialect)
        for block, start, end, word in uses:
            if word in wrong:
                yield Hit.in_block(block, start, end, f"'{word}' may be misspelled.", wrong[word])
        for lint in engine_lints(doc, options):  # typo-kind lints of Harper's grammar rules
            if _is_spelling(lint) and not vocabulary.knows(lint.problem):
                yield Hit.in_block(lint.block, lint.start, lint.end, f"{lint.message} (Harper: {lint.rule})", lint.suggestions)


def _dialect(options: Mapping[str, Any]) -> str:
    return str(options.get("dialect", "american"))


RULES = (GrammarEngine, Spelling)
