"""Every rule's own pass and fail examples, and the rule metadata contract."""

from __future__ import annotations

import pytest
import yaml
from conftest import source_slice

from healthlint import lint_text
from healthlint.config import Config, RuleSettings
from healthlint.engine.finding import CATEGORIES
from healthlint.engine.registry import all_rules
from healthlint.packs import pack_files

RULES = all_rules()
CASES = [(rule, kind, i) for rule in RULES for kind in ("pass", "fail") for i in range(len(rule.examples()[kind]))]


def _run(rule, example):
    config = Config(select=(rule.code,), rules={rule.code: RuleSettings(options=dict(example.options))})
    result = lint_text(example.text, fmt=example.format, config=config)
    assert not result.errors, result.errors
    return [f for f in result.findings if f.rule == rule.code]


@pytest.mark.parametrize("rule, kind, index", CASES, ids=[f"{r.code}-{k}-{i}" for r, k, i in CASES])
def test_rule_example(rule, kind, index):
    if rule.requires == "parser":
        from healthlint.analysis import parse

        if not parse.available():
            pytest.skip("the parser extra is not installed")
    example = rule.examples()[kind][index]
    hits = _run(rule, example)
    if kind == "pass":
        assert hits == [], f"{rule.code} flagged a pass example: {example.text!r}: {hits}"
    else:
        assert hits, f"{rule.code} missed a fail example: {example.text!r}"
        if example.flag is not None:
            texts = [source_slice(example.text, f.line, f.column, f.end_line, f.end_column) for f in hits]
            assert example.flag in texts, texts


def test_every_rule_has_examples_and_valid_metadata():
    assert len(RULES) >= 10
    for rule in RULES:
        rule.validate()
        assert rule.category in CATEGORIES
        assert rule.examples()["pass"] and (rule.examples()["fail"] or rule.requires)


def test_codes_and_names_are_unique():
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


def test_every_pack_states_origin_and_licence():
    files = pack_files()
    assert files, "no rule packs found"
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data.get("source") and data.get("license"), path.name


def test_every_word_list_states_origin_and_holds_only_words():
    from healthlint.packs import list_files, lists_dir, word_file, word_lists

    def entries(value):
        if isinstance(value, dict):
            for item in value.values():
                yield from entries(item)
        elif isinstance(value, list):
            for item in value:
                yield from entries(item)
        else:
            yield value

    for path in list_files():
        lists = word_lists(path.stem)  # raises unless source and license are given
        # YAML 1.1 reads a bare no, yes, on or off as a boolean: such a word would vanish from its list.
        odd = [entry for entry in entries(lists) if not isinstance(entry, (str, int, float)) or isinstance(entry, bool)]
        assert not odd, f"{path.name}: quote these entries: {odd}"
    text_lists = sorted(lists_dir().glob("*.txt"))
    assert {p.name for p in text_lists} >= {"medical-vocabulary.txt", "word-forms.txt"}
    for path in text_lists:
        header = [line for line in path.read_text(encoding="utf-8").splitlines()[:20] if line.startswith("#")]
        assert any(line.startswith("# source:") for line in header) and any(line.startswith("# license:") for line in header), path.name
    words = word_file("medical-vocabulary")
    assert len(words) > 10000 and all(w == w.strip() and w.isalpha() and w.islower() for w in words)


def test_word_forms_file_is_sorted_for_bisection_and_gives_tags():
    from healthlint.grammar.word_forms import _data, tags

    keys = [line.split(b" ", 1)[0] + b" " for line in _data().splitlines()]
    assert keys == sorted(keys) and len(keys) > 40000
    assert tags("dogs") == {"NNS", "VBZ"} and tags("news") >= {"NN", "MASS"}
    assert tags("went") >= {"VBD"} and tags("people") == {"NNS"} and tags("xyzzy") == frozenset()


def test_medical_vocabulary_knows_mesh_terms_and_latin_plurals_but_not_typos():
    from healthlint.grammar.vocabulary import Vocabulary, run_together

    vocabulary = Vocabulary()
    for word in ("hydroxyurea", "spasticity", "glomeruli", "petechiae", "bronchodilators", "lectin"):
        assert vocabulary.knows(word), word
    # ICD-10-CM and ICD-10-PCS words, and other forms of listed words (rules/lists/medical-words.yaml word_forms)
    for word in ("titer", "cardioverter", "malrotation", "filamin", "intimal", "involuting", "hemolyze", "fiancée", "café"):
        assert vocabulary.knows(word), word
    for typo in ("watter", "recieve", "doesnt", "diabetis", "herpe", "reservior", "malabsorbtion"):
        assert not vocabulary.knows(typo), typo
    assert run_together("abdomenthe") == "abdomen the"
    assert run_together("symptomssuch") == "symptoms such"
    assert run_together("lungworm") is None and run_together("watter") is None


def test_first_confusables_pack_covers_the_required_pairs():
    names = {r.name for r in RULES}
    for required in ("affect-as-noun", "effect-as-verb", "then-than", "its-contraction", "lose-loose", "in-to-into", "everyday-every-day"):
        assert required in names


def test_substitutions_keep_case_and_word_forms():
    result = lint_text("Side Affects fade. SIDE AFFECTS fade. Smoking negatively effected healing.", fmt="text")
    suggestions = sorted(s for f in result.findings for s in f.suggestions)
    assert suggestions == ["EFFECTS", "Effects", "affected"]


def test_rule_reference_is_generated_from_the_rules():
    import subprocess
    import sys
    from pathlib import Path

    doc = Path(__file__).resolve().parents[1] / "docs" / "rules.md"
    generated = subprocess.run([sys.executable, "-m", "healthlint.docs"], capture_output=True, text=True, check=True).stdout
    assert doc.read_text(encoding="utf-8") == generated, "run: python -m healthlint.docs > docs/rules.md"
