"""Fuzz targets, one per parser, run for a bounded number of examples in every test run.

Each parser takes attacker-controlled input (a pull request's files, front matter, settings
and baseline). The property is the same for all: the only way to fail is the parser's own
error type, with a message; never another exception, never a finding outside the text.
(Prose in text, Markdown and HTML is fuzzed in test_offset_properties.py.)
"""

from __future__ import annotations

import json
import string
import tomllib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthlint.baseline import BaselineError, load
from healthlint.config import ConfigError, from_mapping
from healthlint.document import InputError
from healthlint.document.frontmatter import read_front_matter
from healthlint.document.loader import load_bytes
from healthlint.linting import lint_bytes
from healthlint.config import Config

FAST = Config(ignore=("HL150", "HL151"))  # the grammar engine's start-up is timed elsewhere
BOUNDED = settings(max_examples=int(__import__("os").environ.get("FUZZ_EXAMPLES", "120")), deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Bytes that steer decoders and parsers: BOMs, NUL, lone UTF-8 lead and continuation bytes,
# CR, markup and YAML delimiters.
TOKENS = [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00", b"\xc3", b"\x80", b"\xe2\x80\xa8", b"\r", b"\n", b"\r\n",
          b"---\n", b"<p>", b"</p>", b"<!--", b"-->", b"<script>", b"&amp;", b"&#x1F600;", b"# ", b"[^1]", b"* ", b"|",
          b"text ", b"an affect ", "é".encode(), "😀".encode(), b"\x1b[31m"]
RAW = st.lists(st.one_of(st.sampled_from(TOKENS), st.binary(max_size=6)), max_size=30).map(b"".join)


@BOUNDED
@given(RAW, st.sampled_from(["a.txt", "a.md", "a.html", "a"]))
def test_any_bytes_load_or_give_an_input_error(data, name):
    try:
        doc, notes = load_bytes(data, name)
    except InputError as exc:
        assert str(exc)
        return
    assert all(isinstance(n, str) and n for n in notes)
    assert doc.source.text is not None


@BOUNDED
@given(RAW, st.sampled_from(["a.txt", "a.md", "a.html"]))
def test_any_bytes_lint_to_findings_inside_the_file(data, name):
    result = lint_bytes(data, name, FAST)
    assert not [e for e in result.errors if e["kind"] == "internal"], result.errors
    lines = data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for f in result.findings:
        assert 1 <= f.line <= f.end_line <= len(lines) + 1
        assert f.column >= 1 and f.end_column >= 1


YAML_TOKENS = ["key: ", "value", "\n", "  ", "- ", "[", "]", "{", "}", ": ", "&a ", "*a", "!!python/object ", "'", '"',
               "? ", "|\n", ">\n", "#", "---\n", "...\n", "title: ", "keyphrase: ", "date: 2026-13-45", "\t", "%YAML 1.1\n", "<<: "]


@BOUNDED
@given(st.lists(st.sampled_from(YAML_TOKENS), max_size=40).map("".join))
def test_any_front_matter_reads_or_reports_a_problem(body):
    text = f"---\n{body}\n---\nSome prose.\n"
    front = read_front_matter(text)
    assert isinstance(front.data, dict)
    assert 0 <= front.end <= len(text)
    for problem in front.problems:
        assert 0 <= problem.start <= problem.end <= len(text) and problem.message
    json.dumps(front.data)  # plain values only: no Python objects, no dates


TOML_VALUES = st.recursive(
    st.one_of(st.booleans(), st.integers(-10, 10**12), st.floats(allow_nan=True, allow_infinity=True),
              st.text(string.printable, max_size=12), st.sampled_from(["HL101", "ALL", "grammar", "warning", "never", "patient", "http://127.0.0.1:9"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["severity", "dialect", "disable", "max-density", "weights", "half-points", "HL101", "grammar", "x"]), inner, max_size=3)),
    max_leaves=12,
)
CONFIG_KEYS = ["select", "extend-select", "ignore", "fail-on", "exclude", "words", "per-file-ignores", "rules", "audience",
               "keyphrase", "languagetool-url", "min-score", "score", "max-file-size", "unknown"]


@BOUNDED
@given(st.dictionaries(st.sampled_from(CONFIG_KEYS), TOML_VALUES, max_size=5), st.booleans())
def test_any_settings_table_is_read_or_a_config_error(table, trusted):
    from pathlib import Path

    try:
        config = from_mapping(table, Path("/repo/.healthlint.toml"), Path("/repo"), trusted)
    except ConfigError as exc:
        assert str(exc).startswith("/repo/.healthlint.toml: ")
        return
    if not trusted:
        assert config.languagetool_url is None  # a tree's settings never name a server
    for value in (config.score.half_points, *config.score.weights.values(), *config.score.severity_points.values()):
        assert value == value and value not in (float("inf"), float("-inf"))


@BOUNDED
@given(st.text(max_size=200))
def test_any_toml_text_is_a_config_error_or_a_table(text):
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        pass  # read_config_file turns exactly this into a ConfigError


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=40), st.just("0" * 32)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(["version", "tool", "fingerprints", "x"]), inner, max_size=4)),
    max_leaves=20,
)


@BOUNDED
@given(st.one_of(JSON_VALUES.map(json.dumps), st.binary(max_size=60).map(lambda b: b.decode("latin-1"))))
def test_any_baseline_file_loads_or_is_a_baseline_error(tmp_path_factory, content):
    path = tmp_path_factory.mktemp("baseline") / "b.json"
    path.write_text(content, encoding="utf-8")
    try:
        prints = load(path)
    except BaselineError as exc:
        assert str(exc).startswith(f"baseline {path}")
        return
    assert all(isinstance(p, str) and len(p) == 32 for p in prints)
