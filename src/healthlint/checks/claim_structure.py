"""Claims found by the structure of the sentence, not by a word list: HL520-HL523.

A claim is a treatment, product, clinic or service as the subject with a predicate that
says it is safe, effective, lasting, guaranteed, exclusive or restorative (see
analysis/claim_structure.py), a promised quantified outcome, a patient's story offered as
proof, or a claim to be the only one. These are advertisers' claims: the rules read pages
that speak as a business of their own services (``commercial_voice``), and a claim with a
citation or outside link in its paragraph is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from ..analysis import memo
from ..analysis.claim_structure import block_cited, claims_in, commercial_voice, cues, marketing_claims, negated_before, read_clauses
from ..analysis.sentences import Sentence, sentences
from ..document import Block, Document
from ..engine.finding import Hit
from ..engine.rule import Rule
from ..engine.word_screen import letter_runs

_FTC = "FTC Health Products Compliance Guidance (2022), sections on efficacy and safety claims and competent and reliable scientific evidence"
_CAP = "UK CAP Code, section 12 (medicines, medical devices, health-related products)"
_FDA = "FDA, structure/function and disease claims (21 CFR 101.93(g))"

_CLINIC_PAGE = "Our clinic offers gentle care. Contact us to book an appointment; we see patients six days a week. "


def _claim_sentences(doc: Document) -> list[Sentence]:
    """Sentences of prose blocks and headings, outside the reference list (a long heading
    is often a paragraph set in heading type)."""
    def build() -> list[Sentence]:
        from ..analysis.citations import reference_blocks

        skipped = {id(b) for b in reference_blocks(doc)}
        return [s for s in sentences(doc) if id(s.block) not in skipped and s.block.kind != "table_cell"]

    return memo(doc, "claim_sentences", build)


def _claims_by_sentence(doc: Document) -> list[tuple[Sentence, list]]:
    def build() -> list:
        commercial = commercial_voice(doc)
        out = []
        carried = ""
        block = None
        for sentence in _claim_sentences(doc):
            if sentence.block is not block:
                block = sentence.block
                if block.kind == "heading":
                    carried = ""
            found, carried = claims_in(sentence.text, carried, commercial=commercial)
            if commercial:  # a business's promises: read only on its pages
                found += [m for m in marketing_claims(sentence.text) if not any(m.start < f.end and f.start < m.end for f in found)]
            out.append((sentence, found))
        return out

    return memo(doc, "structural_claims", build)


def _cited(doc: Document, block: Block) -> bool:
    key = ("block_cited", id(block))
    if key not in doc.cache:
        doc.cache[key] = block_cited(doc, block)
    return doc.cache[key]


_KIND_WORDS = {
    "safe": "safe",
    "effective": "effective",
    "lasting": "lasting",
    "guaranteed": "guaranteed",
    "restorative": "restorative (it restores, heals or fixes the cause)",
    "efficacy": "effective (it acts on a health problem or a body function)",
    "tradition": "effective because it has long been used (tradition is no evidence)",
    "promise": "beneficial (a promised benefit or result)",
}


_RESEARCH = re.compile(r"(?<![\w-])(?:stud(?:y|ies)|research(?:ers)?|trials?|evidence|scientists|review|meta-analys[ie]s)(?![\w-])", re.I)


def _remedy_claims(doc: Document) -> Iterable[tuple[Sentence, list]]:
    """On a page that does not sell care only a remedy's claim counts (see _claims_kept),
    so only sentences naming a remedy are read: most pages' sentences are never parsed
    into clauses. No pronoun carries a remedy: its claim needs the remedy's own word."""
    remedies = cues()["interventions"]
    for sentence in _claim_sentences(doc):
        if not remedies.isdisjoint(letter_runs(sentence.text)):
            yield sentence, claims_in(sentence.text, "")[0]


def _claims_kept(doc: Document, found: list, text: str) -> list:
    """The claims HL520 reports in a sentence. A page that sells the care is held to all of
    them; any other page (a practitioner's blog, a wellness post) only to a remedy or a
    complementary practice (claim-cues.yaml ``interventions``) said, without "may" or
    "some", to act on a health problem or to heal or cure it. An agency's page states the
    effects of medical treatment, hedged or with its evidence, which other rules check."""
    kept = [c for c in found if c.kind != "exclusive"]
    if commercial_voice(doc):
        return kept
    if _RESEARCH.search(text):
        return []  # "Studies have found that probiotics improve...": an evidence statement (HL420)
    # "can" too is tentative here: "Honey can soothe a cough in children older than 1" (CDC).
    return [c for c in kept if c.kind in ("efficacy", "restorative", "tradition") and c.extra.get("remedy") and not c.extra.get("hedged")
            and not c.extra.get("modal")]


class TreatmentClaim(Rule):
    code = "HL520"
    name = "unsupported-treatment-claim"
    category = "claims"
    severity = "warning"
    summary = "A treatment, product, clinic or service is called safe, effective, lasting, guaranteed or restorative, or said to act on a health problem, with no source in its paragraph."
    rationale = (
        "An advertiser who says a treatment is safe or effective, that its results last or are guaranteed, or that it "
        "restores or heals, must have competent and reliable scientific evidence for it (FTC); in the UK such claims "
        "must be substantiated (CAP Code 12.1). The rule reads the sentence's structure: the subject must be the "
        "treatment, product or service ('chiropractic care', 'our whitening', 'it' for a treatment named just before) "
        "or the clinic ('we'), and the predicate must make the claim; 'cannot cure' and 'is not safe' are left alone. "
        "An efficacy claim is a verb of acting on health ('relieves', 'boosts', 'can help ease') with a health problem "
        "or body function after it ('neck pain', 'circulation'); an infinitive of purpose ('therapy to relieve "
        "symptoms') is none. On pages that speak as a business about their own services every kind counts; on other "
        "pages (a practitioner's blog, a wellness post) only a remedy or complementary practice said, without 'may' or "
        "'some', to act on a health problem or to heal it. A citation or an outside link in the same paragraph "
        "satisfies the rule."
    )
    source = f"{_FTC}; {_CAP}; {_FDA}."
    pass_examples = (
        _CLINIC_PAGE + "Spinal manipulation is about as effective as exercise for low back pain [1].\n\n1. Rubinstein SM. BMJ. 2019;364:l689.",
        _CLINIC_PAGE + "While our care cannot cure scoliosis, exercises may ease the pain.",
        "Chiropractic care is safe and effective for many people with back pain.",  # not a business speaking of its services
        _CLINIC_PAGE + "Is whitening safe for sensitive teeth? Ask us at your visit.",
        "Acupuncture may help ease some kinds of pain, though studies disagree.",  # hedged, not a business
        "Radiation therapy is given to relieve symptoms and improve quality of life.",  # a purpose
        _CLINIC_PAGE + "Our physiotherapists treat back pain, sports injuries and arthritis.",  # a service, not an effect
        _CLINIC_PAGE + "Get directions to our clinic. Our rooms are ideal for couples.",  # no health benefit promised
    )
    fail_examples = (
        {"text": _CLINIC_PAGE + "Chiropractic care is completely safe and effective.", "flag": "safe and effective"},
        {"text": _CLINIC_PAGE + "Teeth whitening lightens stains. It is a safe way to brighten your smile.", "flag": "safe"},
        {"text": _CLINIC_PAGE + "By correcting your posture, our physiotherapists restore lost movement.", "flag": "restore"},
        {"text": _CLINIC_PAGE + "The results of our laser sessions are permanent.", "flag": "permanent"},
        {"text": "---\ntitle: Implants at Bridge Street Dental Practice\n---\nImplants give guaranteed results for every patient.", "format": "markdown", "flag": "guaranteed"},
        {"text": "Cupping draws out toxins. Moxibustion warms the channels and relieves period cramps.", "flag": "relieves"},
        {"text": _CLINIC_PAGE + "Our adjustments can help ease sciatica within weeks.", "flag": "ease"},
        {"text": _CLINIC_PAGE + "Get lasting relief from knee pain with our laser sessions.", "flag": "lasting relief from knee"},
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        for sentence, found in _claims_by_sentence(doc) if commercial_voice(doc) else _remedy_claims(doc):
            kept = _claims_kept(doc, found, sentence.text) if found else []
            if not kept or sentence.text.rstrip().endswith("?") or _cited(doc, sentence.block):
                continue
            by_clause: dict[int, list] = {}
            for c in kept:
                by_clause.setdefault(c.clause_start, []).append(c)
            for clause_start in sorted(by_clause):
                group = by_clause[clause_start]
                start, end = min(c.start for c in group), max(c.end for c in group)
                kinds = " and ".join(dict.fromkeys(_KIND_WORDS[c.kind] for c in group))
                subject = "the clinic's own care" if group[0].subject_kind == "clinic" else "the treatment or product"
                yield Hit.in_block(sentence.block, sentence.start + start, sentence.start + end,
                                   f"Claims {subject} is {kinds} with no source in the paragraph; cite the evidence or describe what it does and for whom.")


def _pattern(key: str) -> re.Pattern:
    return cues()[key]


_EFFECT_SIZE = re.compile(
    r"(?<!\w)(?:improves?|improving|increases?|increasing|reduces?|reducing|cuts?|boosts?|raises?|lowers?|speeds? up|shortens?)\b"
    r"[^.;!?]{0,80}?\bby (?:as much as |up to |over |more than |around |about )?\d+(?:\.\d+)?(?:\s?[-–]\s?\d+)?\s?(?:%|percent\b|times\b)",
    re.I,
)


@lru_cache(maxsize=1)
def _share_of_people() -> re.Pattern:
    """"nine in ten patients", "most of our clients": a quantity, then the people it counts."""
    c = cues()
    people = "|".join(sorted(map(re.escape, c["outcome_people"]), key=len, reverse=True))
    quantity = c["quantities"].pattern[len(r"(?<![\w'’-])(?:"): -len(r")(?![\w'’-])")]
    return re.compile(rf"(?<![\w-])(?:{quantity})\s+(?:of\s+)?(?:our\s+|the\s+|my\s+|all\s+)?(?:[\w-]+\s+){{0,2}}?(?:{people})(?!\w)", re.I)


def quantified_outcomes(text: str) -> list[tuple[int, int]]:
    """Spans of promised quantified outcomes in a sentence: "nine in ten patients are
    pain-free", "most of our clients see results", "relief in a single visit",
    "improves mobility by as much as 40%"."""
    c = cues()
    spans = []
    outcome = c["outcome_words"]
    for match in _share_of_people().finditer(text):
        after = outcome.search(text, match.end(), match.end() + 120)  # bounded: linear in the sentence
        if after and after.start() - match.end() < 80:
            spans.append((match.start(), after.end()))
    outcomes = None
    for match in c["visit_counts"].finditer(text):
        if outcomes is None:
            outcomes = list(outcome.finditer(text))
        near = [m for m in outcomes if abs(m.start() - match.start()) < 80][:1]
        if near:
            spans.append((min(match.start(), near[0].start()), max(match.end(), near[0].end())))
        if len(spans) > 3:
            break
    for match in _EFFECT_SIZE.finditer(text):
        spans.append(match.span())
    return spans


class QuantifiedOutcome(Rule):
    code = "HL521"
    name = "quantified-outcome"
    category = "claims"
    severity = "warning"
    summary = "A promised quantified outcome ('nine in ten patients are pain-free', 'results in a single visit', 'by as much as 40%') with no source."
    rationale = (
        "A number attached to a treatment's results is an efficacy claim that needs the study behind it, and it tells "
        "readers what to expect for themselves (FTC: consumers take such numbers as typical results; CAP Code 12.1). "
        "The rule looks for the structure: a share of patients with an outcome, an outcome tied to a number of "
        "visits or sessions, or an improvement 'by' a percentage, on pages that speak as a business of their own "
        "services or about 'our patients'. A citation or outside link in the paragraph satisfies it."
    )
    source = f"{_FTC}; {_CAP}."
    pass_examples = (
        _CLINIC_PAGE + "In a trial of 300 adults, 62% of patients had less pain after six weeks of exercise [1].\n\n1. Hayden JA. Cochrane. 2021.",
        "About 80% of adults have back pain at some point in their lives.",  # a statistic on a public-health page: HL421's business
        _CLINIC_PAGE + "Most visits last about 30 minutes.",
    )
    fail_examples = (
        {"text": _CLINIC_PAGE + "Nine in ten patients are pain-free after two visits.", "flag": "Nine in ten patients are pain-free"},
        {"text": _CLINIC_PAGE + "Feel the difference: relief in a single visit.", "flag": "relief in a single visit"},
        {"text": _CLINIC_PAGE + "These stretches can improve your recovery by as much as 30-40%.", "flag": "improve your recovery by as much as 30-40%"},
        {"text": "95% of our clients report better sleep within a month.", "flag": "95% of our clients report better"},
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        commercial = commercial_voice(doc)
        for sentence in _claim_sentences(doc):
            text = sentence.text
            if not commercial and not re.search(r"\bour (?:patients|clients|customers|members)\b", text, re.I):
                continue
            spans = quantified_outcomes(text)
            if not spans or _cited(doc, sentence.block):
                continue
            start, end = spans[0]
            if _negated_span(text, start):
                continue
            yield Hit.in_block(sentence.block, sentence.start + start, sentence.start + end,
                               f"'{text[start:end]}' promises a quantified outcome with no source; cite the study and say what results are typical.")


def _negated_span(text: str, start: int) -> bool:
    for clause in read_clauses(text):
        if clause.start <= start <= clause.end:
            return negated_before(clause, start)
    return False


class PatientStoryAsProof(Rule):
    code = "HL522"
    name = "patient-story-as-proof"
    category = "claims"
    severity = "warning"
    summary = "A patient's story of cure or recovery, or patients' reports, offered as evidence that a treatment works."
    rationale = (
        "A testimonial is one person's experience; offered as proof it is an efficacy claim that needs evidence, and "
        "the FTC expects the page to say what results are typical (16 CFR 255.2). The CAP Code does not accept "
        "testimonials alone as substantiation (3.45, 12.1). The rule finds outcomes told in the first person ('my "
        "back pain is almost completely gone') in quoted blocks or under a testimonials heading, and patients' "
        "reports presented as results ('many patients report better sleep after treatment') on pages that speak as "
        "a business. A statement that results vary or are not typical satisfies it."
    )
    source = "FTC, Guides Concerning the Use of Endorsements and Testimonials in Advertising (16 CFR 255); " + f"{_FTC}; {_CAP}."
    pass_examples = (
        "## What our patients say\n\n\"The staff were friendly and the parking was easy.\"",
        "## Patient stories\n\n\"After six sessions my headaches were gone.\"\n\nIndividual results vary; these are not typical results.",
        "Many patients report side effects such as nausea.",
        "After six weeks of treatment, her rash was gone. Eczema often clears with steroid creams.",
    )
    fail_examples = (
        {"text": "## Testimonials\n\n\"I had neck pain for ten years. After a few adjustments my pain is almost completely gone.\"", "format": "markdown", "flag": "pain is almost completely gone"},
        {"text": _CLINIC_PAGE + "Our patients tell us they sleep better and feel better after their first adjustment.", "flag": "Our patients tell us they sleep better"},
        {"text": "<h3>Hear what our clients are saying</h3><p>“This clinic cured my migraines. I no longer take painkillers.”</p>", "format": "html", "flag": "cured my"},
        {"text": _CLINIC_PAGE + "Maria came to us after years of sciatica. After six sessions her sciatica was completely gone.", "flag": "her sciatica was completely gone"},
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        typical = _pattern("typical_results")
        if any(typical.search(b.text) for b in doc.blocks):
            return
        headings = _pattern("testimonial_headings")
        stories = _pattern("story_outcomes")
        outcome = _pattern("outcome_words")
        commercial = None
        under_testimonials = False
        for block in doc.blocks:
            if block.kind == "heading":
                under_testimonials = bool(headings.search(block.text)) or (under_testimonials and block.level > 3)
                continue
            first_person = len(re.findall(r"(?<![\w'’])(?:I|my|me|I'm|I’m|I've|I’ve)(?![\w'’])", block.text))
            quoted = block.text.lstrip()[:1] in "\"“'‘" or block.kind == "blockquote"
            if first_person and (quoted or under_testimonials):
                match = stories.search(block.text)
                if match:
                    yield Hit.in_block(block, match.start(), match.end(),
                                       f"'{match.group(0)}': a patient's story offered as proof; say what results are typical and cite evidence that the treatment works.")
                    continue
            told = _pattern("third_person_outcomes").search(block.text) if not first_person or not (quoted or under_testimonials) else None
            if told and (_TREATED.search(block.text) or under_testimonials):
                if commercial is None:
                    commercial = commercial_voice(doc)
                if commercial:
                    yield Hit.in_block(block, told.start(), told.end(),
                                       f"'{told.group(0)}': a patient's cure told as a story is offered as proof; say what results are typical and cite evidence that the treatment works.")
                    continue
            reports = _REPORTS.search(block.text)
            if reports and outcome.search(block.text, reports.end(), reports.end() + 60):
                if commercial is None:
                    commercial = commercial_voice(doc)
                if commercial:
                    end = outcome.search(block.text, reports.end(), reports.end() + 60).end()
                    yield Hit.in_block(block, reports.start(), end,
                                       f"'{block.text[reports.start():end]}': patients' reports offered as results; cite a study and say what results are typical.")


# A story of a treatment: "after three adjustments", "since starting care", "our treatment".
_TREATED = re.compile(r"(?<!\w)(?:after|since|following|with|within) (?:(?:just|only|a few|several|two|three|four|five|six|\d+|her|his|their|our|a|the|starting|regular) )*(?:[\w-]+ )?"
                      r"(?:visits?|sessions?|adjustments?|treatments?|appointments?|weeks? of care|care|therapy|massages?)(?!\w)", re.I)


_REPORTS = re.compile(
    r"(?<!\w)(?:(?:many|most|our|some|countless|thousands of|hundreds of|numerous)\s+(?:[\w-]+\s+)?)(?:patients|clients|customers|users|members)"
    r"\s+(?:often\s+|commonly\s+|frequently\s+|regularly\s+)?(?:report|say|tell us|find|notice|experience|swear by|rave about)(?:\s+(?:that|they|we|it))*",
    re.I,
)


_ONLY = re.compile(
    r"(?<![\w'’])(?<!not )only (?:our|we|we're|we’re|this (?:clinic|practice|treatment|method|technique|program|programme|system)|the [\w-]+ (?:method|technique|system|protocol) we)\b"
    r"[^.;!?]{0,60}?\b(?:can|will|could|is able|are able|offers?|provides?|finds?|treats?|gets?|fix(?:es)?|works?)\b",
    re.I,
)


_WE_OUR = re.compile(r"(?<!\w)(?:we|our)(?!\w)", re.I)


class ExclusivityClaim(Rule):
    code = "HL523"
    name = "exclusivity-claim"
    category = "claims"
    severity = "warning"
    summary = "A clinic or treatment is said to be the only one that works, or the treatment of choice."
    rationale = (
        "Saying that only your assessment can find the cause, or that your treatment is the one to choose over all "
        "others, is a comparative claim about every other provider: it needs evidence as strong as the claim (FTC), "
        "and the CAP Code forbids suggesting that a product or service is the only one that works (12.1, 3.33). "
        "The rule reads 'only our ... can', 'the only treatment that...', 'treatment of choice' and 'unlike other "
        "clinics' said of a treatment or clinic; 'not only' is left alone."
    )
    source = f"{_FTC}; {_CAP}."
    pass_examples = (
        "Only a doctor can tell whether a mole is cancer.",
        _CLINIC_PAGE + "Not only did we ease her pain, we also taught her exercises.",
        "Surgery is the treatment of choice for appendicitis [1].\n\n1. Di Saverio S. World J Emerg Surg. 2020;15:27.",
    )
    fail_examples = (
        {"text": "Only our assessment can find the real cause of your back pain.", "flag": "Only our assessment can"},
        {"text": _CLINIC_PAGE + "For most spinal problems, chiropractic care is the treatment of choice.", "flag": "treatment of choice"},
        {"text": "We are the only clinic in town that treats the cause, not the symptoms.", "flag": "only clinic"},
    )

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        commercial = commercial_voice(doc)
        if commercial:
            read = _claims_by_sentence(doc)
        else:
            # Off a business's pages an exclusive subject counts only after 'we' or 'our' in
            # its clause: only sentences holding one are read for structure (the reading is
            # most of the claims rules' time on reference articles).
            read = [(s, claims_in(s.text)[0] if _WE_OUR.search(s.text) else []) for s in _claim_sentences(doc)]
        for sentence, found in read:
            text = sentence.text
            match = _ONLY.search(text)
            span = match.span() if match else None
            if span is None:
                exclusive = [c for c in found if c.kind == "exclusive"]
                if exclusive:
                    first = exclusive[0]
                    if commercial or _WE_OUR.search(text[first.clause_start : first.start]):
                        span = (exclusive[0].start, exclusive[0].end)
            if span is None or _cited(doc, sentence.block):
                continue
            yield Hit.in_block(sentence.block, sentence.start + span[0], sentence.start + span[1],
                               f"'{text[span[0]:span[1]]}' claims to be the only or best choice; it needs evidence as strong as the claim, or drop it.")


RULES = (TreatmentClaim, QuantifiedOutcome, PatientStoryAsProof, ExclusivityClaim)
