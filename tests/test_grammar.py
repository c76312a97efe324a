"""Harper and LanguageTool engines, the medical vocabulary, and one finding per span."""

from __future__ import annotations

import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from conftest import source_slice
from healthlint import lint_text
from healthlint.config import Config
from healthlint.grammar.vocabulary import Vocabulary, looks_medical, read_words_file


def found(text: str, fmt: str = "text", select=("grammar", "spelling"), **config):
    result = lint_text(text, fmt=fmt, config=Config(select=select, **config))
    return result, [(f.rule, source_slice(text, f.line, f.column, f.end_line, f.end_column)) for f in result.findings]


def test_users_example_grammar_problems_are_found():
    text = ("How much you weigh could also be having an affect on your chronic pain.\n"
            "Exercise give your muscles strength to support more natural posture.\n"
            "Chronic pain sufferers shouldn’t just jump in to an exercise routine.\n")
    _, hits = found(text)
    spans = {span for _, span in hits}
    assert {"affect", "in to"} <= spans
    assert any(span.startswith("Exercise give") or span == "give" for span in spans), hits


def test_harper_reads_prose_as_plain_text():
    # Read as Markdown, backticks and a four-space indent would hide this from Harper.
    text = "Rest well. Ask the nurse: `Its a good idea to rest` after the shot.\n\n    Its a good idea to drink water.\n"
    _, hits = found(text, select=("HL150",))
    assert [span for _, span in hits] == ["Its", "Its"], hits


@pytest.mark.parametrize("word", ["atorvastatin", "metoprolol", "neuropathy", "myelodysplastic", "hemangioendothelioma",
                                  "pomalidomide", "ehrlichiosis", "telangiectasia", "NCI's", "BRCA1", "mmHg", "IIIA"])
def test_medical_and_technical_words_are_known(word):
    assert Vocabulary().knows(word)


@pytest.mark.parametrize("word", ["watter", "recieve", "definately", "helpfull"])
def test_ordinary_typos_are_not_known(word):
    assert not Vocabulary().knows(word)
    assert not looks_medical(word)


def test_medical_text_draws_no_spelling_findings_and_typos_do():
    text = "Atorvastatin lowers cholesterol. Neuropathy and retinopathy are diabetes complications. Drink more watter."
    _, hits = found(text, select=("HL151",))
    assert hits == [("HL151", "watter")]


def test_a_name_repeated_at_sentence_starts_is_not_a_typo_but_a_one_off_capitalised_typo_is():
    text = "Kellner syndrome affects the joints. Kellner syndrome is rare.\n\nWatter helps. Drink it."
    assert found(text, select=("HL151",))[1] == [("HL151", "Watter")]
    # a word the article also writes in lower case is not a name
    assert ("HL151", "Watter") in found("Watter helps. Watter is good. Drink watter.", select=("HL151",))[1]


def test_user_words_from_settings_and_words_file(tmp_path):
    assert found("Your zentrovia dose is ready.", select=("HL151",))[1] == [("HL151", "zentrovia")]
    assert found("Your zentrovia dose is ready.", select=("HL151",), words=("zentrovia",))[1] == []
    (tmp_path / ".healthlint-words.txt").write_text("# our products\nzentrovia\n", encoding="utf-8")
    assert read_words_file(tmp_path) == ("zentrovia",)
    # A capitalised brand name inside a sentence is a name, never a typo.
    assert found("Take Zentrovia with food.", select=("HL151",))[1] == []


def test_engine_and_pack_report_the_same_span_once():
    result, hits = found("Sleep has a big affect on mood.")
    assert [span for _, span in hits].count("affect") == 1
    assert hits[0][0] == "HL101"  # the health pack's finding wins over Harper's


# --- LanguageTool through its documented /v2/check API, served on the loopback interface.

class _LanguageTool(BaseHTTPRequestHandler):
    delay = 0.0

    def do_POST(self):  # noqa: N802 - the standard library's name
        body = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
        text = body["text"][0]
        time.sleep(self.delay)
        matches = []
        for word, rule, category in (("recieve", "MORFOLOGIK_RULE_EN_US", "TYPOS"), ("definately", "MORFOLOGIK_RULE_EN_US", "TYPOS"),
                                     ("could of", "COULD_OF", "GRAMMAR"), ("atorvastatin", "MORFOLOGIK_RULE_EN_US", "TYPOS")):
            at = text.find(word)
            if at >= 0:
                offset = len(text[:at].encode("utf-16-le")) // 2  # LanguageTool counts UTF-16 units
                matches.append({"offset": offset, "length": len(word), "message": f"Possible problem: {word}",
                                "replacements": [{"value": word.upper()}], "rule": {"id": rule, "category": {"id": category}}})
        payload = json.dumps({"software": {"name": "LanguageTool"}, "matches": matches}).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def languagetool():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _LanguageTool)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    _LanguageTool.delay = 0.0
    server.shutdown()


def test_languagetool_matches_map_to_exact_positions(languagetool):
    text = "# Notes 🙂\n\nYou could of asked. We recieve definately many atorvastatin questions.\n"
    result, hits = found(text, "markdown", select=("HL160", "HL161"), languagetool_url=languagetool)
    assert not result.errors
    assert ("HL160", "could of") in hits
    assert ("HL161", "recieve") in hits and ("HL161", "definately") in hits
    assert all(span != "atorvastatin" for _, span in hits)  # medical words are never typos


def test_languagetool_timeout_is_a_clear_error_not_a_hang(languagetool):
    _LanguageTool.delay = 3.0
    started = time.monotonic()
    result = lint_text("We recieve it.", fmt="text", config=Config(select=("HL160", "HL161", "HL101"), languagetool_url=languagetool,
                                                                       rules={"HL160": _timeout(0.5), "HL161": _timeout(0.5)}))
    assert time.monotonic() - started < 2.9
    assert [e["kind"] for e in result.errors] == ["engine"]
    assert "did not answer within 0.5 s" in result.errors[0]["message"]


def test_unreachable_languagetool_is_reported_and_other_rules_still_run():
    result = lint_text("Sleep has a big affect on mood.", fmt="text",
                       config=Config(select=("HL160", "HL101"), languagetool_url="http://127.0.0.1:9"))
    assert result.errors and result.errors[0]["kind"] == "engine" and "unavailable" in result.errors[0]["message"]
    assert [f.rule for f in result.findings] == ["HL101"]


def test_languagetool_is_never_called_unless_configured(monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("network used")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    result = lint_text("We recieve it.", fmt="text")
    assert not result.errors


@pytest.mark.skipif(not os.environ.get("HEALTHLINT_LANGUAGETOOL_URL"), reason="set HEALTHLINT_LANGUAGETOOL_URL to run against a real LanguageTool")
def test_live_languagetool():
    result, hits = found("He go to school every day.", select=("HL160",), languagetool_url=os.environ["HEALTHLINT_LANGUAGETOOL_URL"])
    assert not result.errors and hits


def _timeout(seconds: float):
    from healthlint.config import RuleSettings

    return RuleSettings(options={"timeout": seconds})


def test_words_file_beside_the_settings_is_used(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from healthlint.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / ".healthlint.toml").write_text('select = ["HL151"]\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("Your zentrovia dose is ready.\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["check", "a.txt"]).exit_code == 1
    (tmp_path / ".healthlint-words.txt").write_text("zentrovia\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["check", "a.txt"]).exit_code == 0


def test_agreement_checks_survive_fragments():
    from healthlint.checks.phrase_agreement import problems as noun_phrase_problems
    from healthlint.checks.pronoun_agreement import problems as pronoun_problems

    for text in ("A,", "These", "Does?", "Who", "There is", "there's", "I", ",", "The dogs of", "Do the?", "What happen", "He", "They goes"):
        spans = [(start, end) for start, end, *_ in (*noun_phrase_problems(text), *pronoun_problems(text))]
        assert all(0 <= start < end <= len(text) for start, end in spans), (text, spans)
    assert [text[s:e] for s, e, *_ in pronoun_problems("They goes")] == ["goes"]  # a fragment is still checked


def test_agreement_findings_land_on_the_verb_in_markdown():
    text = "---\ntitle: Care\n---\n# Care\n\nThe results *clearly* shows a benefit. He take his pills.\n"
    result = lint_text(text, fmt="markdown")
    found = {(f.rule, f.line, f.column, f.end_column) for f in result.findings if f.rule in ("HL125", "HL126")}
    assert found == {("HL125", 6, 23, 28), ("HL126", 6, 43, 47)}


def _health_grammar_rows():
    path = os.path.join(os.path.dirname(__file__), "fixtures", "health_grammar.tsv")
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


@pytest.mark.parametrize("row", list(_health_grammar_rows()), ids=lambda row: row[1][:40])
def test_health_sentences_written_for_the_project(row):
    """Our own health sentences, kept apart from the public evaluation sets: each error is
    found at its word, and each correct sentence draws no grammar or spelling finding."""
    from healthlint.config import Config

    kind, text = row[0], row[1]
    findings = lint_text(text, fmt="text", config=Config(select=("grammar", "spelling"))).findings
    if kind == "clean":
        assert findings == [], [(f.rule, f.message) for f in findings]
    else:
        flag = row[2]
        at = text.index(flag)
        assert any(f.start < at + len(flag) and f.end > at for f in findings), [(f.rule, f.message) for f in findings]


def test_species_names_and_derived_medical_words_are_not_typos():
    text = ("Ticks such as Ixodes scapularis spread disease. Cases of P. kellicotti (Paragonimus) and of deer mice "
            "(Peromyscus maniculatus) were seen. Myelination and infectivity were measured. Your zentrovia dose is ready.")
    result = lint_text(text, fmt="text", config=__import__("healthlint.config", fromlist=["Config"]).Config(select=("HL151",)))
    assert [text[f.start:f.end] for f in result.findings] == ["zentrovia"]


def test_one_problem_seen_by_two_grammar_rules_is_reported_once():
    result = lint_text("Exercise give your muscles strength.", fmt="text")
    grammar = [(f.rule, f.start, f.end) for f in result.findings if f.category == "grammar"]
    assert grammar == [("HL120", 0, 13)]  # HL125 saw "give" inside the same span


@pytest.mark.parametrize("rule, sentence, flag", [
    ("HL125", "The results shows a clear benefit.", "shows"),  # sentence results kept per text
    ("HL150", "They left there bags at home.", "there"),  # Harper's lints kept per piece of text
])
def test_text_seen_in_an_earlier_document_is_reported_where_each_document_has_it(rule, sentence, flag):
    """Results are kept per text across documents; positions are still each document's own."""
    texts = [sentence + "\n", "# Travel\n\nPack light.\n\nWe rest. " + sentence + "\n", "Intro.\n\n" + sentence + " Then we walk.\n"]
    for text in texts * 2:
        result = lint_text(text, fmt="markdown", config=Config(select=(rule,)))
        found = [source_slice(text, f.line, f.column, f.end_line, f.end_column) for f in result.findings]
        assert found == [flag], (text, found)
        assert result.findings[0].line == text.count("\n", 0, text.index(sentence)) + 1
    if rule == "HL150":
        from healthlint.grammar import harper_engine

        assert any(text == sentence for _, text in harper_engine._SEEN)
