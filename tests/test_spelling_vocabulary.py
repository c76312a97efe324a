"""Spelling that knows medicine (issue 22, item 4): word lists, word parts, dialects.

Real clinical words pass HL151, whole classes of them (plurals of suffix-built terms,
zoology's common names, -metry, -izer, -like, Latin adjectives); real misspellings of
medical words stay flagged; the `dialect` setting reaches Harper and healthlint's own
spelling, and the result cache keeps dialects apart.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from healthlint import lint_text
from healthlint.cli import main
from healthlint.config import Config, ConfigError, from_mapping
from healthlint.engine.registry import find_rule
from healthlint.engine.runner import _options
from healthlint.grammar.vocabulary import Vocabulary
from healthlint.packs import SortedWordFile, lists_dir, sorted_word_file
from healthlint.result_cache import ResultCache

ROOT = Path(__file__).resolve().parents[1]
MISSPELLINGS = [w for w in (ROOT / "tests" / "fixtures" / "medical_misspellings.txt").read_text(encoding="utf-8").split("\n") if w and not w.startswith("#")]


def spelling(text: str, **settings) -> list[str]:
    """The words HL151 alone flags in ``text``."""
    result = lint_text(text, fmt="text", config=Config(select=("HL151",), **settings))
    return [text[f.start : f.end] for f in result.findings]


def test_the_issues_clinical_words_pass():
    text = ("Porphyrinurias and hyoscine are rare. A dialyzer is used. Uroflowmetry and apheresis help. "
            "The philtrum and triatomine bugs.")
    assert spelling(text) == []


@pytest.mark.parametrize("word", [
    "lipidurias", "uroflowmetries", "spirometries",  # plurals of terms built from word parts
    "anopheline", "culicid", "ixodids",  # common names of zoology's -inae and -idae taxa
    "dialyzers", "homogenizer",  # agents of -ize and -yze verbs
    "tubelike", "cordlike",  # -like adjectives of known nouns
    "echinococcal", "tachyzoites",  # Latin adjectives, parasite stages
])
def test_classes_of_clinical_words_pass(word):
    assert spelling(f"The report named {word} twice.") == []


@pytest.mark.parametrize("word", MISSPELLINGS)
def test_real_misspellings_of_medical_words_stay_flagged(word):
    assert spelling(f"The nurse wrote {word} on the chart.") == [word]


def test_a_rare_dictionary_word_one_slip_from_a_common_one_is_still_a_typo():
    # SCOWL lists "watter" (size 80); in a health article it is "water" mistyped.
    assert spelling("Drink plenty of watter every day.") == ["watter"]
    assert "watter" not in sorted_word_file("english-vocabulary")


BRITISH = "The colour of the tumour changed. A paediatric nurse checked her oesophagus. Anaemia lowers haemoglobin. Organise your pills."


@pytest.mark.parametrize("dialect", ["british", "american"])
def test_british_spellings_pass_in_both_dialects(dialect):
    # No dialect flags another's common spellings: Harper's dictionary knows both, and an
    # NIH page quoting "Haemophilus" or a British paper must not draw findings.
    result = lint_text(BRITISH, fmt="text", config=Config(select=("HL150", "HL151"), dialect=dialect))
    assert [(f.rule, BRITISH[f.start : f.end]) for f in result.findings] == []


def test_the_dialect_decides_rare_spellings_only_its_word_list_has():
    text = "Clinics anonymise records and alkalinise urine."
    assert spelling(text, dialect="british") == []
    assert spelling(text, dialect="australian") == []
    assert spelling(text) == ["anonymise", "alkalinise"]  # american, the default
    assert Vocabulary(dialect="indian").knows("anonymise")  # Indian English spells as British English


def test_dialect_setting_is_validated_with_a_hint(tmp_path):
    assert from_mapping({"dialect": "British"}, None, tmp_path).dialect == "british"
    with pytest.raises(ConfigError, match=r"'dialect' must be one of american, british, canadian, australian, indian \(did you mean 'british'\?\)"):
        from_mapping({"dialect": "britsh"}, None, tmp_path)
    with pytest.raises(ConfigError, match="'dialect' must be one of"):
        from_mapping({"dialect": 1}, None, tmp_path)
    with pytest.raises(ConfigError, match="did you mean 'dialect'"):
        from_mapping({"dialects": "british"}, None, tmp_path)


def test_top_level_dialect_is_the_default_of_the_rules_option_and_a_rule_setting_wins(tmp_path):
    spelling_rule = find_rule("HL151")
    assert _options(spelling_rule, Config(dialect="british"))["dialect"] == "british"
    assert _options(spelling_rule, Config())["dialect"] == "american"
    config = from_mapping({"dialect": "british", "rules": {"HL151": {"dialect": "canadian"}}}, None, tmp_path)
    assert _options(spelling_rule, config)["dialect"] == "canadian"
    assert "dialect" not in _options(find_rule("HL110"), config)  # rules without the option get none


def findings(result) -> list[tuple[str, str]]:
    report = json.loads(result.stdout)
    return [(f["rule"], f["message"]) for file in report["files"] for f in file["findings"] if f["rule"] == "HL151"]


def test_dialect_from_settings_file_and_command_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Clinics anonymise records.\n", encoding="utf-8")
    run = lambda *args: CliRunner().invoke(main, ["check", "--no-cache", "--format", "json", "--select", "HL151", *args, "a.txt"])  # noqa: E731
    assert len(findings(run())) == 1
    assert findings(run("--dialect", "british")) == []
    (tmp_path / ".healthlint.toml").write_text('dialect = "british"\n', encoding="utf-8")
    assert findings(run()) == []
    assert len(findings(run("--dialect", "american"))) == 1  # the command line wins
    bad = CliRunner().invoke(main, ["check", "--dialect", "klingon", "a.txt"])
    assert bad.exit_code == 2 and "klingon" in bad.output


def test_result_cache_key_includes_the_dialect(tmp_path, monkeypatch):
    cache = ResultCache(tmp_path / "results")
    path = tmp_path / "a.txt"
    keys = {cache.key("0" * 64, "a.txt", Config(dialect=d), path) for d in ("american", "british", "canadian")}
    assert len(keys) == 3
    # And in a real run: a result cached under one dialect is not served under another.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HEALTHLINT_NO_CACHE", "")
    path.write_text("Clinics anonymise records.\n", encoding="utf-8")
    run = lambda *args: CliRunner().invoke(main, ["check", "--jobs", "1", "--format", "json", "--select", "HL151", *args, "a.txt"])  # noqa: E731
    assert len(findings(run())) == 1
    assert findings(run("--dialect", "british")) == []
    assert len(findings(run())) == 1


def test_sorted_word_file_finds_exactly_its_words():
    listed = sorted_word_file("english-vocabulary")
    lines = [line for line in (lists_dir() / "english-vocabulary.txt").read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    sample = random.Random(22).sample(lines, 3000)
    for line in sample:
        word, _, tags = line.partition("\t")
        assert listed.tags(word) == (tuple(tags.split(",")) if tags else ())
        assert word + "q" not in listed or (word + "q") in {ln.split("\t")[0] for ln in lines}
    assert listed.tags("colour") == ("british", "canadian", "australian")
    assert "" not in listed and "a\nb" not in listed
    small = SortedWordFile(b"# source: x\n# license: y\nalpha\nbeta\tbritish\ngamma\n")
    assert [small.tags(w) for w in ("alpha", "beta", "gamma", "delta", "aaa", "zzz")] == [(), ("british",), (), None, None, None]
    with pytest.raises(ValueError, match="source"):
        SortedWordFile(b"alpha\nbeta\n", "bare.txt")


def test_word_lists_record_source_and_licence_and_stay_small():
    for name in ("english-vocabulary", "medical-vocabulary"):
        path = lists_dir() / f"{name}.txt"
        head = path.read_text(encoding="utf-8")[:3000]
        assert "# source:" in head and "# license:" in head
        assert path.stat().st_size < 3_000_000
    assert "SCOWL" in (lists_dir() / "english-vocabulary.txt").read_text(encoding="utf-8")[:400]


def test_build_tool_runs_and_its_slip_test_is_right():
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "build_english_vocabulary.py"), "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "SCOWL" in out.stdout
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from build_english_vocabulary import one_slip
    finally:
        sys.path.remove(str(ROOT / "tools"))
    assert {"water", "wtater", "wattre", "watters"} <= one_slip("watter")  # deletion, swaps, insertion
    assert "water" not in one_slip("wetar")  # two slips away
    assert {"waders", "watter"}.isdisjoint(one_slip("watter"))


@pytest.mark.parametrize("text", [
    "Diet and exercise affect, shape and reflect how you feel.",
    "Heat and cold affect, dry and crack the skin.",
])
def test_affect_in_a_list_of_verbs_is_not_flagged(text):
    result = lint_text(text, fmt="text", config=Config(select=("grammar", "spelling")))
    assert [(f.rule, text[f.start : f.end]) for f in result.findings] == []


def test_affect_as_a_noun_for_effect_is_still_flagged():
    text = "The new law had a positive affect on small businesses."
    result = lint_text(text, fmt="text", config=Config(select=("grammar", "spelling")))
    assert "affect" in [text[f.start : f.end] for f in result.findings]


def test_the_command_line_dialect_wins_over_a_rules_own_option_and_case_does_not_matter(tmp_path):
    """--dialect is the command line, which wins over settings files elsewhere too; "British"
    names the same dialect as "british" in a rule's option and on the command line."""
    from click.testing import CliRunner

    from healthlint.cli import main

    (tmp_path / "pyproject.toml").write_text('[tool.healthlint.rules.HL151]\ndialect = "British"\n', encoding="utf-8")
    (tmp_path / "a.md").write_text("We anonymise the records before review.\n", encoding="utf-8")
    runner = CliRunner()
    british = runner.invoke(main, ["check", "--select", "HL151", "--format", "json", "--no-cache", str(tmp_path / "a.md")])
    american = runner.invoke(main, ["check", "--select", "HL151", "--format", "json", "--no-cache", "--dialect", "AMERICAN", str(tmp_path / "a.md")])
    assert british.exit_code == 0, british.output
    assert american.exit_code == 1, american.output
    import json

    [finding] = json.loads(american.stdout)["files"][0]["findings"]
    assert finding["rule"] == "HL151" and (finding["column"], finding["end_column"]) == (4, 13)  # "anonymise"
