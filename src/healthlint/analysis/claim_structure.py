"""A structural reading of health claims: who the subject of a clause is, and what its
predicate says about it.

Not a parser. A sentence is cut into clauses at semicolons, colons and linking words
("because", "which", "that"...). In each clause the verb is the first auxiliary, copula
or modal ("is", "can", "has"), or failing that the first word that can only be a verb;
the words before it are the subject (after a leading adverbial phrase and its comma:
"By adjusting the spine, we..."), and its head is the last content word before a
preposition ("the alignment of the spine" -> "alignment"). The subject is a *treatment*
when its head is a treatment, product or service noun ("care", "adjustments",
"whitening"), the *clinic* when it is "we", "our ..." or a clinic noun, and a *pronoun*
("it", "they") when it takes the subject of the sentence before. The predicate is read
for claim cues by kind (safe, effective, lasting, guaranteed, exclusive, restorative:
rules/lists/claim-cues.yaml), and a clause with a negator before its cue ("cannot cure",
"is not safe") claims nothing.

Which pages make claims as advertisers is :func:`commercial_voice`: a page that speaks
as "we" of its own services, or names itself a clinic or practice. Public-health pages
state facts in their agency's name and are held to their citations by other rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..document import Block, Document
from ..grammar.clauses import Token, is_word, tokens
from ..grammar.word_forms import tags
from ..packs import word_lists
from . import memo
from .citations import INLINE_CITATION

_CUT_WORDS = frozenset("because which while although whereas but if when unless since so that who as".split())
_CONDITIONS = frozenset("if whether unless when whenever".split())
_AUXILIARIES = frozenset(
    "is are was were be been being am 's 're can could may might will would shall should must do does did has have had "
    "cannot can't won't isn't aren't doesn't don't".split()
)
# Verbs a clinic's or treatment's sentence is built on, when no auxiliary comes first.
_MAIN_VERBS = frozenset(
    "provide provides offer offers give gives deliver delivers use uses utilize utilizes help helps ensure ensures "
    "restore restores heal heals cure cures correct corrects relieve relieves eliminate eliminates treat treats "
    "work works target targets address addresses accelerate accelerates improve improves reduce reduces prevent "
    "prevents bring brings achieve achieves promise promises guarantee guarantees fix fixes reverse reverses "
    "boost boosts strengthen strengthens unlock unlocks".split()
)
_REPORTING = frozenset("us me say says said report reports reported find finds found agree agrees know believe think tell tells told".split())
_PREPOSITIONS = frozenset("of in on at for with from to by about into through over under among between".split())
_LEADING = frozenset("overall yes also additionally however moreover furthermore plus here today now so and then".split())


@lru_cache(maxsize=1)
def cues() -> dict:
    lists = word_lists("claim-cues")
    found: dict = {key: frozenset(str(w).lower() for w in lists[key])
                   for key in ("treatment_nouns", "clinic_nouns", "first_person_plural", "pronoun_subjects", "negators", "outcome_people", "non_health_objects")}
    found["predicates"] = {kind: _words(items) for kind, items in lists["claim_predicates"].items()}
    for key in ("outcome_words", "quantities", "visit_counts", "testimonial_headings", "typical_results", "story_outcomes"):
        found[key] = _words(lists[key])
    found["report_verbs"] = frozenset(str(w).lower() for w in lists["report_verbs"])
    return found


def _words(items) -> re.Pattern:
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(f"(?:{i})" for i in items) + r")(?![\w'’-])", re.I)


@dataclass
class Clause:
    toks: list[Token]
    subject: list[Token]
    head: Token | None
    verb: int  # index in toks of the verb, -1 when none was found
    subject_kind: str  # "treatment", "clinic", "pronoun", "people" or ""
    cut_word: str = ""  # the linking word the clause began after ("that", "because"...)

    @property
    def start(self) -> int:
        return self.toks[0].start

    @property
    def end(self) -> int:
        return self.toks[-1].end


@dataclass
class Claim:
    kind: str  # safe, effective, lasting, guaranteed, exclusive, restorative
    start: int  # offsets in the sentence
    end: int
    subject_kind: str
    cue: str
    clause_start: int = 0
    clause_end: int = 0
    extra: dict = field(default_factory=dict)


def split_clauses(toks: list[Token]) -> list[tuple[str, list[Token]]]:
    out: list[tuple[str, list[Token]]] = []
    current: list[Token] = []
    cut = ""
    for i, tok in enumerate(toks):
        low = tok.low
        boundary = tok.text in (";", ":") or (low in _CUT_WORDS and current)
        # "and" starts a clause when a subject pronoun follows: "..., and we can help"
        if low == "and" and i + 1 < len(toks) and toks[i + 1].low in ("we", "it", "they", "you", "this", "we're"):
            boundary = True
        if low in ("it", "they", "this", "these") and current and toks[i - 1].low in _REPORTING:
            # "Patients tell us it cures...": a reported clause with its "that" left out
            out.append((cut, current))
            current, cut = [], "that"
        if boundary:
            if current:
                out.append((cut, current))
            current = []
            cut = low if is_word(tok) else ""
            continue
        current.append(tok)
    if current:
        out.append((cut, current))
    return out


def _verb_index(toks: list[Token]) -> int:
    for i, tok in enumerate(toks):
        if tok.low in _AUXILIARIES or tok.low in _MAIN_VERBS:
            return i
        if tok.low.endswith(("'re", "'s", "'ve", "'ll")) and tok.low.split("'")[0] in ("we", "it", "they", "that", "this"):
            return i
    for i, tok in enumerate(toks):
        if i and is_word(tok):
            t = tags(tok.low)
            if t and t <= {"VBZ", "VBP", "VB", "VBD"}:
                return i
    return -1


def _subject(toks: list[Token], verb: int) -> list[Token]:
    subject = toks[:verb] if verb >= 0 else []
    if verb >= 0 and toks[verb].low.endswith(("'re", "'s", "'ve", "'ll")):
        subject = toks[: verb + 1]  # "we're": the pronoun is inside the verb's token
    commas = [i for i, t in enumerate(subject) if t.text == ","]
    if commas:
        subject = subject[commas[-1] + 1 :]
    while subject and (subject[0].low in _LEADING or not is_word(subject[0])):
        subject = subject[1:]
    return subject


def _head(subject: list[Token]) -> Token | None:
    head = None
    for tok in subject:
        if tok.low in _PREPOSITIONS and head is not None:
            break
        if is_word(tok):
            head = tok
    return head


def _kind(subject: list[Token], head: Token | None) -> str:
    c = cues()
    lows = [t.low for t in subject]
    if head is not None and head.low in c["treatment_nouns"]:
        return "treatment"  # "our whitening gel": the product, whoever sells it
    if any(low in c["first_person_plural"] or low.split("'")[0] == "we" for low in lows):
        return "clinic"
    if head is None:
        return ""
    low = head.low
    if low in c["clinic_nouns"]:
        return "clinic"
    if low in c["pronoun_subjects"] and len(subject) <= 2:
        return "pronoun"
    if low in c["outcome_people"]:
        return "people"
    return ""


def read_clauses(text: str) -> list[Clause]:
    return list(_read_clauses(text))


@lru_cache(maxsize=8192)
def _read_clauses(text: str) -> tuple[Clause, ...]:
    out = []
    previous: Clause | None = None
    for cut, toks in split_clauses(tokens(text)):
        verb = _verb_index(toks)
        subject = _subject(toks, verb)
        head = _head(subject)
        kind = _kind(subject, head)
        if not subject and cut in ("that", "which", "who") and previous is not None and previous.subject_kind in ("treatment", "clinic"):
            # A relative clause with no subject of its own ("a method that works") is about
            # its antecedent, read here as the clause before's subject.
            kind = previous.subject_kind
        clause = Clause(toks, subject, head, verb, kind, cut)
        out.append(clause)
        previous = clause
    return tuple(out)


def negated_before(clause: Clause, offset: int) -> bool:
    negators = cues()["negators"]
    return any(t.low in negators or t.low.endswith("n't") for t in clause.toks if t.start < offset)


def claims_in(text: str, carried_kind: str = "") -> tuple[list[Claim], str]:
    """The claims of one sentence, and the subject kind a following pronoun takes.

    ``carried_kind`` is the kind of the last treatment or clinic subject before this
    sentence, for its pronouns."""
    found: list[Claim] = []
    predicates = cues()["predicates"]
    last = carried_kind
    for clause in read_clauses(text):
        kind = clause.subject_kind
        if kind == "pronoun":
            kind = last if last in ("treatment", "clinic") else ""
        if kind in ("treatment", "clinic"):
            last = kind
        if kind not in ("treatment", "clinic") or clause.cut_word in _CONDITIONS:
            continue
        if clause.toks[0].low in _CONDITIONS:
            continue
        predicate_start = clause.toks[clause.verb].start if clause.verb >= 0 else clause.start
        predicate = text[predicate_start : clause.end]
        if any(t.low in cues()["non_health_objects"] for t in clause.toks if t.start >= predicate_start):
            continue  # "we guarantee your privacy", "a safe place to park": no health claim
        for cue_kind, pattern in predicates.items():
            for match in pattern.finditer(predicate):
                start = predicate_start + match.start()
                if negated_before(clause, start):
                    continue
                if cue_kind == "effective" and match.group(0).lower().startswith("work") and predicate[match.end():].strip(" .!\"'”"):
                    continue  # "works" only as the predicate's last word: "And they work!"
                found.append(Claim(cue_kind, start, predicate_start + match.end(), kind, match.group(0), clause.start, clause.end))
                break
    return found, last


def commercial_voice(doc: Document) -> bool:
    """The page speaks as a business about its own services: "we"/"our" at least three
    times with an offer or booking cue ("contact us", "we offer", "our patients"), or a
    title or description naming a clinic or practice."""
    def build() -> bool:
        prose = " ".join(b.text for b in doc.blocks)
        first_person = len(re.findall(r"(?<![\w'’])(?:we|our|us|we're|we’re)(?![\w'’])", prose, re.I))
        offer = re.search(
            r"(?<!\w)(?:contact us|call us|book (?:an? |your )?(?:appointment|consultation|visit|session)|schedule (?:an? |your )?(?:appointment|consultation|visit)"
            r"|our (?:clinic|practice|team|office|patients|clients|services|treatments|care|chiropractors|dentists|therapists|physiotherapists|doctors)"
            r"|visit us|we (?:offer|provide|use|utilize|treat|specialize|specialise|deliver|accept))(?!\w)",
            prose, re.I)
        if first_person >= 3 and offer:
            return True
        names = " ".join(str(doc.metadata.get(key) or "") for key in ("title", "description", "site_name", "og:site_name"))
        return bool(re.search(r"(?<!\w)(?:clinic|practice)(?!\w)", names, re.I))

    return memo(doc, "commercial_voice", build)


def block_cited(doc: Document, block: Block) -> bool:
    """A citation marker, an outside link or an author-year citation anywhere in the block."""
    from ..checks.evidence import _markers_by_block

    if _markers_by_block(doc).get(id(block)):
        return True
    if any(m.kind == "link" and str(m.value).lower().startswith(("http", "//", "www.")) for m in block.marks):
        return True
    return INLINE_CITATION.search(block.text) is not None
