"""HL160 languagetool and HL161 languagetool-spelling: LanguageTool, when the user asks for it."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from ..analysis import memo
from ..document import Document
from ..engine.finding import Hit
from ..engine.rule import Option, Rule
from .harper_rules import _blocks, _proper_noun

_LT = "LanguageTool (LGPL-2.1 server, GPL-3.0 language-tool-python client), at a URL the user gives, or a local server from the optional extra."
_SPELLING_CATEGORIES = {"TYPOS", "SPELLING"}
_OPTIONS = {"timeout": Option(15.0, "Seconds to wait for each LanguageTool request."),
            "disable": Option([], "LanguageTool rule ids to leave out.")}


def matches(doc: Document, options: Mapping[str, Any]):
    url = doc.settings.get("languagetool_url")
    if not url:
        return []
    from ..grammar.languagetool import check_blocks, server_for

    key = ("languagetool", url, float(options.get("timeout", 15.0)))
    found = memo(doc, repr(key), lambda: check_blocks(_blocks(doc), server_for(url, float(options.get("timeout", 15.0)))))
    disabled = set(options.get("disable", ()))
    return [m for m in found if m.rule not in disabled]


class LanguageToolGrammar(Rule):
    code = "HL160"
    name = "languagetool"
    category = "grammar"
    severity = "warning"
    summary = "Grammar and style problems found by LanguageTool (only with --languagetool-url)."
    rationale = (
        "A second engine catches errors Harper misses. It runs only when a server is configured "
        "(`--languagetool-url URL`, `languagetool_url` in the settings, or `local` for a local "
        "server from the optional extra). Where both engines report the same words, healthlint "
        "reports them once."
    )
    source = _LT
    options = _OPTIONS
    requires = "languagetool"  # tests/test_grammar.py runs it against a loopback LanguageTool server
    pass_examples = ("Without a LanguageTool URL this rule reports nothing: their is no server.",)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        for m in matches(doc, options):
            if m.category.upper() in _SPELLING_CATEGORIES:
                continue
            yield Hit.in_block(m.block, m.start, m.end, f"{m.message} (LanguageTool: {m.rule})", m.suggestions)


class LanguageToolSpelling(LanguageToolGrammar):
    code = "HL161"
    name = "languagetool-spelling"
    category = "spelling"
    summary = "Spelling problems found by LanguageTool, with medical words known (only with --languagetool-url)."
    rationale = "LanguageTool's spelling matches, filtered through healthlint's medical vocabulary and your word list so that drug and disease names are never typos."

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        from ..grammar.vocabulary import Vocabulary

        vocabulary = Vocabulary.shared(tuple(doc.settings.get("words", ())))
        for m in matches(doc, options):
            word = m.block.text[m.start : m.end]
            if m.category.upper() not in _SPELLING_CATEGORIES or vocabulary.knows(word) or _proper_noun(m.block.text, m.start, word):
                continue
            yield Hit.in_block(m.block, m.start, m.end, f"{m.message} (LanguageTool: {m.rule})", m.suggestions)


RULES = (LanguageToolGrammar, LanguageToolSpelling)
