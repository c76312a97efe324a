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

_CUT_WORDS = frozenset("because which while although whereas but if when unless since so that who as whether".split())
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


@lru_cache(maxsize=1)
def _main_verbs() -> frozenset[str]:
    """The verbs above and the efficacy verbs in their third-person form ("calms", "eases");
    a bare form ("end", "stop") is a noun as often as a verb and is found by its tags."""
    return _MAIN_VERBS | frozenset(v for v in cues()["efficacy_verbs"] if v.endswith("s") and "NNS" not in tags(v))


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
    for key in ("third_person_outcomes",):  # case matters: "Jane's" is a name, "jane's" is not
        found[key] = re.compile(r"(?<![\w'’-])(?:" + "|".join(f"(?:{i})" for i in lists[key]) + r")(?![\w'’-])")
    found["report_verbs"] = frozenset(str(w).lower() for w in lists["report_verbs"])
    for key in ("efficacy_verbs", "hedges", "health_objects", "interventions"):
        found[key] = frozenset(str(w).lower() for w in lists[key])
    return found


class _HealthObjects:
    """The claim cues' health problems and body functions, and the medical vocabulary's
    disease and symptom words (MeSH, ICD-10), looked up in its sorted file."""

    def __init__(self) -> None:
        from ..packs import sorted_word_file

        self.listed = cues()["health_objects"]
        self.vocabulary = sorted_word_file("medical-vocabulary")

    def __contains__(self, word: str) -> bool:
        return word in self.listed or word in self.vocabulary


@lru_cache(maxsize=1)
def _health_objects() -> _HealthObjects:
    return _HealthObjects()


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
        if tok.low in _AUXILIARIES or tok.low in _main_verbs():
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
    if head is not None and (head.low in c["treatment_nouns"] or head.low in c["interventions"]):
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


def claims_in(text: str, carried_kind: str = "", commercial: bool = False) -> tuple[list[Claim], str]:
    """The claims of one sentence, and the subject kind a following pronoun takes.

    ``carried_kind`` is the kind of the last treatment or clinic subject before this
    sentence, for its pronouns. ``commercial``: the page sells care or products, so any
    product named as the subject makes the claim ("Frankincense reduces...", "Lemongrass
    is an effective relaxant"), and a purpose it is sold for is claimed too ("a blend to
    help relieve headaches")."""
    found: list[Claim] = []
    predicates = cues()["predicates"]
    last = carried_kind
    for clause in read_clauses(text):
        kind = clause.subject_kind
        if commercial and not kind and clause.head is not None and _product_word(clause.head.low):
            kind = "treatment"
        if kind == "pronoun":
            kind = last if last in ("treatment", "clinic") else ""
        if kind in ("treatment", "clinic"):
            last = kind
        if clause.cut_word in _CONDITIONS or clause.toks[0].low in _CONDITIONS:
            continue
        if kind not in ("treatment", "clinic"):
            claim = _efficacy(clause, kind, commercial)  # its own reading of the subject: "Ginger root calms..."
            if claim is not None:
                found.append(claim)
            continue
        predicate_start = clause.toks[clause.verb].start if clause.verb >= 0 else clause.start
        predicate = text[predicate_start : clause.end]
        if any(t.low in cues()["non_health_objects"] for t in clause.toks if t.start >= predicate_start):
            continue  # "we guarantee your privacy", "a safe place to park": no health claim
        for cue_kind, pattern in predicates.items():
            for match in pattern.finditer(predicate):
                start = predicate_start + match.start()
                if negated_before(clause, start) or _AIMS.search(text, clause.start, start):
                    continue  # "cannot cure"; "aims to reduce pain and restore movement": an aim, not a result
                if cue_kind == "effective" and match.group(0).lower().startswith("work") and predicate[match.end():].strip(" .!\"'”"):
                    continue  # "works" only as the predicate's last word: "And they work!"
                hedged = any(t.low in cues()["hedges"] for t in clause.toks if t.start < start)
                remedy = clause.head.low if clause.head is not None and clause.head.low in cues()["interventions"] else ""
                found.append(Claim(cue_kind, start, predicate_start + match.end(), kind, match.group(0), clause.start, clause.end,
                                   {"hedged": hedged, "remedy": remedy}))
                break
        if not (found and found[-1].clause_start == clause.start):  # claims come in clause order
            claim = _efficacy(clause, kind, commercial)
            if claim is not None:
                found.append(claim)
    return found, last


_AIMS = re.compile(r"(?<![\w-])(?:aims?|aimed|intended|meant|designed)\s+to(?![\w-])", re.I)


def _purpose(toks: list[Token], k: int) -> bool:
    """The verb at ``k`` is an infinitive of purpose: "therapy to relieve", "exercises to
    help prevent" ("helps to relieve" is a claim: the "to" follows the verb "helps"; so is
    "can do much to improve")."""
    before = toks[k - 1].low
    if before in ("help", "helping") and k >= 2:
        return toks[k - 2].low == "to"
    return before == "to" and (k < 2 or toks[k - 2].low not in (
        "help", "helps", "helping", "much", "lot", "wonders", "more", "plenty", "known", "shown", "proven", "said", "thought",
        "believed", "able", "designed", "formulated"))


def _participle_claim(toks: list[Token], k: int) -> bool:
    """An -ing form makes a claim only as a participle clause after a comma ("These herbs
    warm the body, promoting immune function") or after "a role in"; not as an adjective
    ("strengthening exercises"), nor after "by", "and" or "for" ("By improving posture...")."""
    if k + 1 < len(toks) and (toks[k + 1].low in cues()["treatment_nouns"] or toks[k + 1].low in cues()["interventions"]):
        return False
    return toks[k - 1].text == "," or (toks[k - 1].low == "in" and k >= 2 and toks[k - 2].low == "role")


# Phrases between a subject and its verb, read backwards from the verb: "can do much to
# improve", "does wonders to ease", "plays a key role in reducing".
_LEAD_INS = (("do", "much", "to"), ("does", "much", "to"), ("do", "a", "lot", "to"), ("does", "a", "lot", "to"),
             ("do", "wonders", "to"), ("does", "wonders", "to"), ("do", "more", "to"), ("play", "a", "role", "in"),
             ("plays", "a", "role", "in"), ("play", "an", "important", "role", "in"), ("plays", "an", "important", "role", "in"),
             ("play", "a", "key", "role", "in"), ("plays", "a", "key", "role", "in"), ("play", "a", "major", "role", "in"),
             ("plays", "a", "major", "role", "in"), ("play", "a", "big", "role", "in"), ("plays", "a", "big", "role", "in"))


def _skip_lead_in(toks: list[Token], j: int) -> int:
    """``j`` moved back past a lead-in phrase ending at ``j``, if one does."""
    for phrase in _LEAD_INS:
        n = len(phrase)
        if j - n + 1 >= 0 and tuple(t.low for t in toks[j - n + 1 : j + 1]) == phrase:
            return j - n
    return j


# Words that may stand between a subject and its verb: "can help relieve", "will gently ease".
_BETWEEN = frozenset("can will does do also really truly quickly gently naturally effectively actually help helps to "
                     "may might could often usually".split())


_NOT_PRODUCTS = frozenset("you i he she it we they this that these those who people patients person someone anyone everyone "
                          "doctor doctors nurse nurses body skin mind systems capacity prevention cure increase decrease".split())


@lru_cache(maxsize=4096)
def _product_word(low: str) -> bool:
    """On a page that sells: a noun that could be the product or remedy ("frankincense",
    "blend"), not a person, a pronoun, a health problem or the clinic's own business."""
    c = cues()
    if not low.isalpha() or len(low) < 3 or low.endswith("ing") or low in _NOT_PRODUCTS or low in c["non_health_objects"] or low in c["outcome_people"]:
        return False
    if low in _health_objects() or low in c["clinic_nouns"] or low in c["first_person_plural"]:
        return False
    from .keywords import function_words

    if low in function_words():
        return False
    t = tags(low)
    return not t or bool(t & {"NN", "NNS", "NNP"}) and not t & {"PRP", "DT", "IN", "CC", "MD"}


def _efficacy(clause: Clause, kind: str, commercial: bool = False) -> Claim | None:
    """An efficacy claim: a verb of acting on health ("relieves", "boosts", "can help ease")
    whose subject is a treatment, remedy or the clinic, and a health problem or body
    function named after it in the clause ("relieves neck pain", "boosts circulation").

    The subject is the word before the verb, past modals, adverbs and "help" ("Ginger root
    calms", "Fish oil can help improve"), or the clause's subject. "treat" counts only for a
    treatment: a clinic that treats back pain describes its service. ``extra["hedged"]``:
    "may", "could", "some"... before the verb."""
    c = cues()
    verbs = c["efficacy_verbs"]
    toks = clause.toks
    if verbs.isdisjoint(t.low for t in toks):
        return None
    # Read once per clause, so a clause of many verbs stays linear: where the last health
    # object is, where the first negator, hedge and treatment word are.
    last_object = max((i for i, t in enumerate(toks) if _is_health_object(t.low)), default=-1)
    negators = c["negators"]
    first_negator = next((t.start for t in toks if t.low in negators or t.low.endswith("n't")), None)
    first_hedge = next((i for i, t in enumerate(toks) if t.low in c["hedges"]), len(toks))
    first_modal = next((i for i, t in enumerate(toks) if t.low in ("can", "could", "may", "might")), len(toks))
    first_care = next((i for i, t in enumerate(toks) if t.low in c["treatment_nouns"] or t.low in c["interventions"]), None)
    purpose = False
    for k in range(1, len(toks)):
        verb = toks[k]
        if verb.low not in verbs:
            continue
        if k >= last_object:
            break  # no health object after this verb, nor after any later one
        if (not commercial or _stated_purpose(toks, k)) and (_purpose(toks, k) or (purpose and toks[k - 1].low in ("and", "or", ","))):
            purpose = True  # a purpose, not a claim: "radiation therapy to relieve symptoms and improve..."
            continue
        purpose = False
        if verb.low.endswith("ing") and not _participle_claim(toks, k):
            continue
        j = _skip_lead_in(toks, k - 1)
        while j > 0 and (toks[j].low in _BETWEEN or (toks[j].low.endswith("ly") and len(toks[j].low) > 4)):
            j = _skip_lead_in(toks, j - 1)
        before = toks[j].low
        if before in ("and", "or", ","):
            # A second verb of the clause's subject: "Moxibustion warms the channels and relieves..."
            before = toks[first_care].low if first_care is not None and first_care < j else before
        if before in c["treatment_nouns"] or before in c["interventions"]:
            subject = "treatment"
        elif before in c["first_person_plural"] or before in c["clinic_nouns"]:
            subject = "clinic"
        elif before in ("and", "or", ",") or j == 0 and kind:
            subject = kind  # a second verb of the clause's subject: "...correct your gait and end knee pain"
        elif commercial and _product_word(before):
            subject = "treatment"  # a product the page sells: "Frankincense reduces the effects of stress"
        else:
            continue
        if subject not in ("treatment", "clinic") or (verb.low in ("treat", "treats") and subject != "treatment"):
            continue
        if first_negator is not None and first_negator < verb.start:
            continue
        if verb.low in _RAISING and k + 1 < len(toks) and _HARM_OBJECT.match(" ".join(t.low for t in toks[k + 1 : k + 4])):
            continue  # "increases the risk of", "raises the level of statins": a harm or an interaction, no benefit
        hedged = first_hedge < k
        named = before if subject == "treatment" and before in c["interventions"] else ""
        return Claim("efficacy", verb.start, verb.end, subject, verb.text, clause.start, clause.end,
                     {"hedged": hedged, "remedy": named, "modal": first_modal < k})
    return None


_RAISING = frozenset("increase increases increased raise raises raised boost boosts".split())
# What a raising verb acts on when the sentence states a harm or an interaction, not a benefit.
_HARM_OBJECT = re.compile(r"(?:the |your |their |its |a )?(?:risk|risks|chance|odds|effect|effects|level|levels|absorption|action)\b")


@lru_cache(maxsize=65536)
def _is_health_object(low: str) -> bool:
    return low in _health_objects()


def _stated_purpose(toks: list[Token], k: int) -> bool:
    """"Physical therapy aims to reduce pain", "is given to relieve": an aim, even in a
    business's copy."""
    return k >= 2 and toks[k - 1].low == "to" and toks[k - 2].low in ("aims", "aim", "aimed", "intended", "given", "meant", "designed")

# Selling points that promise a health benefit, read on pages that sell care (FTC 2022:
# express and implied efficacy claims, "natural" and "safe" as claims, promised results).
_HELPS_YOU = re.compile(
    r"(?<![\w-])helps?\s+(?:you|patients|people|clients|athletes|your body|the body|your (?:muscles|joints|spine|skin|immune system))"
    r"\s+(?:to\s+)?(?:recover|heal|feel|move|sleep|walk|regain|rebalance|bounce back|get back)(?:\s+(?:better|faster|quicker|sooner|itself|themselves|more freely|again))?",
    re.I)
_EVERYWHERE = re.compile(r"(?<![\w-])(?:pain[- ]free|symptom[- ]free)(?: (?:life|living|lifestyle|future|again))?(?![\w-])", re.I)
_RECOVER_FASTER = re.compile(r"(?<![\w-])(?:recover|heal|move|sleep|walk|feel)\s+(?:faster|better|quicker|sooner|freely|pain[- ]free)(?![\w-])", re.I)
_LEADS_TO = re.compile(r"(?<![\w-])leads?\s+to\s+(?:improved|better|reduced|less|fewer|faster|quicker|increased|enhanced|lower)\s+((?:[\w-]+\s+){0,2}[\w-]+)", re.I)
_OUTCOME = re.compile(
    r"(?<![\w-])(?:(?:(?:fast|faster|lasting|long-lasting|real|quick|quicker|instant|natural|permanent|long-term|drug-free|noticeable)\s+)+"
    r"(?:relief|results|recovery|healing)(?:\s+from\s+[\w-]+)?|(?:relief|results|recovery)\s+from\s+[\w-]+|pain[- ]free|symptom[- ]free)(?![\w-])",
    re.I)
_BENEFITS = re.compile(r"(?<![\w-])(?:the\s+)?(?:health\s+)?benefits\s+of\s+(?:[\w-]+\s+){1,3}?(?:include|includes|are|can include)(?![\w-])", re.I)
_SUITS = re.compile(r"(?<![\w-])(?:ideal|perfect|great|excellent|beneficial|recommended|the best treatment)\s+for\s+((?:[\w'-]+\s+){0,4}[\w'-]+)", re.I)
_SPEED = re.compile(r"(?<![\w-])(?:in record time|in no time|back on your feet|back to (?:normal|full health|full fitness|your old self))(?![\w-])", re.I)


@lru_cache(maxsize=1)
def _promise_cues() -> tuple[re.Pattern, re.Pattern, frozenset[str], frozenset[str]]:
    """claim-cues.yaml's selling-point lists: the verbs opening a promise, the words of a
    claim to be the best, the claim adjectives and the benefits."""
    lists = word_lists("claim-cues")
    verbs = "|".join(sorted((re.escape(str(v)) for v in lists["promise_verbs"]), key=len, reverse=True))
    best = "|".join(str(v) for v in lists["superiority"])
    return (re.compile(r"^\W*(?:" + verbs + r")\b", re.I),
            re.compile(r"(?<![\w-])(?:" + best + r")\s+((?:[\w-]+\s+){0,2}[\w-]+)", re.I),
            frozenset(str(w).lower() for w in lists["claim_adjectives"]), frozenset(str(w).lower() for w in lists["benefit_nouns"]))


def _care_word(low: str) -> bool:
    c = cues()
    return low in c["treatment_nouns"] or low in c["interventions"]


# Words that make a heading's adjective describe something other than the care: "Quick
# facts about acupuncture", "Safe use of essential oils", "Best practice for hand hygiene".
_NOT_THE_CARE = frozenset("of about for in on to with the a an facts fact tips guide use uses practice practices questions faq".split())


def marketing_claims(text: str) -> list[Claim]:
    """Promised benefits in a business's copy, with no subject-verb reading needed: "helps
    you recover faster", a verbless heading "Safe, Gentle and Effective Chiropractic Care",
    "Get lasting relief from sciatica", "Benefits of cupping include...", "ideal for
    arthritis", "back on your feet in record time"."""
    c = cues()
    objects = _health_objects()
    opens_promise, superior, claim_adjectives, benefit_nouns = _promise_cues()
    found: list[Claim] = []

    def add(start: int, end: int, cue: str) -> None:
        if not any(start < f.end and f.start < end for f in found) and not _negated_span(text, start):
            found.append(Claim("promise", start, end, "treatment", cue, 0, len(text)))

    for m in _HELPS_YOU.finditer(text):
        verb = re.search(r"(?:recover|heal|feel|move|sleep|walk|regain|rebalance|bounce back|get back)", m.group(0), re.I)
        add(m.start() + verb.start(), m.end(), m.group(0))
    toks = tokens(text)
    fragment = not text.rstrip().endswith((".", "!", "?")) and len(toks) <= 14  # a heading, a list item, a button
    promise = bool(opens_promise.search(text))
    if promise or fragment:
        for m in _OUTCOME.finditer(text):
            if promise or not re.match(r"(?:relief|results|recovery)\s+from", m.group(0), re.I):
                add(m.start(), m.end(), m.group(0))  # a heading "Recovery from knee surgery" names a topic
        if promise:  # "Experience relief and improved mobility."
            for m in re.finditer(r"(?<![\w-])(?:relief|recovery|healing)(?![\w-])", text, re.I):
                add(m.start(), m.end(), m.group(0))
        for m in _RECOVER_FASTER.finditer(text):  # "Recover faster from sprains" (not "once they feel better")
            add(m.start(), m.end(), m.group(0))
    for m in _EVERYWHERE.finditer(text):
        add(m.start(), m.end(), m.group(0))
    for m in _LEADS_TO.finditer(text):
        if any(w.lower() in objects for w in m.group(1).split()):
            add(m.start(), m.end(), m.group(0))
    for m in superior.finditer(text):
        named = [w.lower() for w in m.group(1).split()]
        if named and named[0] in _NOT_THE_CARE:
            continue  # "best practice for hand hygiene"
        if any(w in c["treatment_nouns"] or w in c["clinic_nouns"] or w in c["interventions"] or w in ("provider", "providers", "physiotherapy", "chiropractic", "clinic") for w in named):
            add(m.start(), m.end(), m.group(0))
    for m in _BENEFITS.finditer(text):
        # The benefits of the care ("of cupping"), not of quitting smoking or a newsletter.
        if any(_care_word(w.lower()) for w in re.findall(r"[\w-]+", m.group(0))) and any(
                w.lower() in objects for w in re.findall(r"[\w-]+", text[m.end() : m.end() + 200])):
            add(m.start(), m.end(), m.group(0))
    for m in _SUITS.finditer(text):
        if not any(_care_word(w.lower()) for w in re.findall(r"[\w-]+", text[: m.start()])):
            continue  # "The ground-floor room is ideal for patients with knee pain": not the care
        words = list(re.finditer(r"[\w'-]+", m.group(1)))
        last = [w for w in words if w.group(0).lower() in objects or w.group(0).lower() in ("sufferers", "injuries", "injury")]
        if last:
            add(m.start(), m.start(1) + last[-1].end(), m.group(0))
    for m in _SPEED.finditer(text):
        add(m.start(), m.end(), m.group(0))
    if fragment:
        for i, tok in enumerate(toks):
            if tok.low not in claim_adjectives:
                continue
            rest = toks[i + 1 : i + 6]
            noun = next((t for t in rest if t.low in c["treatment_nouns"] or t.low in c["interventions"] or t.low in benefit_nouns), None)
            if noun is None or any(t.low in _NOT_THE_CARE for t in toks[i + 1 : toks.index(noun)]):
                break  # "Safe use of essential oils", "Quick facts about acupuncture": about the care, no claim
            adjectives = [t for t in toks[i : toks.index(noun)] if t.low in claim_adjectives]
            end = adjectives[-1].end
            if noun.low in benefit_nouns:  # "relief for migraines": the problem it is for
                tail = re.match(r"\s+for\s+([\w'-]+(?:\s+[\w'-]+){0,3})", text[noun.end:])
                end = noun.end + (tail.end() if tail else 0)
            add(tok.start, end, text[tok.start:end])
            break
    return found


def _negated_span(text: str, start: int) -> bool:
    """A negator in the few words before ``start``: "not a quick fix", "no guaranteed results"."""
    before = re.findall(r"[\w'’]+", text[max(0, start - 30) : start].lower())[-3:]
    return any(w in cues()["negators"] or w.endswith("n't") for w in before)


_SHOP = re.compile(r"(?<![\w-])(?:add to (?:cart|bag|basket)|buy now|shop now|order now|in stock|out of stock|free (?:shipping|delivery)"
                   r"|\d+\s?(?:ml|mL|g|oz) (?:bottle|jar|tube|pack)|price:?\s*(?:\$|£|€|AU\$|A\$)\s?\d+)(?![\w-])", re.I)
# A price on a line of its own is a product page; a price in a sentence is not ("testing can
# cost from $100 to $2,000").
_PRICE_LINE = re.compile(r"^\W{0,3}(?:from\s+)?(?:\$|£|€|AU\$|A\$)\s?\d+(?:[.,]\d\d)?(?:\s?(?:AUD|USD|GBP|EUR))?\W{0,3}$", re.I)


def commercial_voice(doc: Document) -> bool:
    """The page speaks as a business about its own services: "we"/"our" at least three
    times with an offer or booking cue ("contact us", "we offer", "our patients"), a
    title or description naming a clinic or practice, or a title selling a remedy's
    benefits ("The Benefits of Cupping")."""
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
        if _SHOP.search(prose) or any(_PRICE_LINE.match(b.text) for b in doc.blocks if len(b.text) <= 30):
            return True  # a product page: "Add to cart", "30ml bottle", a price line
        names = " ".join(str(doc.metadata.get(key) or "") for key in ("title", "description", "site_name", "og:site_name"))
        if re.search(r"(?<!\w)(?:clinic|practice)(?!\w)", names, re.I):
            return True
        # A post that sells a remedy by its title: "The Benefits of Deep Tissue Massage".
        title = str(doc.metadata.get("title") or next((b.text for b in doc.blocks if b.kind == "heading"), ""))
        return bool(re.search(r"(?<![\w-])benefits?\s+of(?![\w-])", title, re.I)) and not cues()["interventions"].isdisjoint(
            w.lower() for w in re.findall(r"[A-Za-z]+", title))

    return memo(doc, "commercial_voice", build)


def block_cited(doc: Document, block: Block) -> bool:
    """A citation marker, an outside link or an author-year citation anywhere in the block."""
    from ..checks.evidence import _markers_by_block

    if _markers_by_block(doc).get(id(block)):
        return True
    if any(m.kind == "link" and str(m.value).lower().startswith(("http", "//", "www.")) for m in block.marks):
        return True
    return INLINE_CITATION.search(block.text) is not None
