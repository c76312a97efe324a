"""Every report format stays well-formed and inert whatever the linted tree's names and
text hold: names that are not UTF-8, control and escape characters, Markdown and HTML."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from healthlint import sanitize

BAD = "Sleep has a big affect on mood.\n"
HOSTILE_NAMES = [
    b"bad\xff\xfename.txt",  # not UTF-8
    "esc\x1b[2J\x07bell.txt".encode(),  # terminal escapes
    "ctl\x01\x0b\x1f.txt".encode(),  # XML-illegal
    "row\r| x | <details><img src=t.invalid> @team [l](x.invalid).txt".encode(),
    "a b#c%d?.txt".encode(),
]


def _check(folder, *args, output=None):
    command = [sys.executable, "-m", "healthlint", "check", ".", "--isolated", "--select", "HL101", *args]
    if output:
        command += ["-o", output]
    run = subprocess.run(command, cwd=folder, capture_output=True, timeout=120)
    assert b"Traceback" not in run.stderr, run.stderr
    return run


@pytest.fixture
def hostile_tree(tmp_path):
    folder = tmp_path / "tree"
    folder.mkdir()
    for name in HOSTILE_NAMES:
        with open(os.path.join(os.fsencode(folder), name), "w", encoding="utf-8") as out:
            out.write(BAD)
    return folder


def test_sanitising_functions():
    assert sanitize.path_text("bad\udcff.txt") == "bad\ufffd.txt"
    assert sanitize.escaped("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert sanitize.pictured("a\x1b\u202eb\x7f") == "a\u241b\ufffdb\u2421"
    assert sanitize.xml_text("a\x01\x0bb\ufffe") == "a\\x01\\x0bb\\ufffe"
    cell = sanitize.markdown_cell("x\r| y </details><img src=z> @me [a](b)")
    assert "\r" not in cell and "<" not in cell and "|" not in cell.replace("\\|", "") and "@me" not in cell
    assert sanitize.uri("a b#c%d?.txt") == "a%20b%23c%25d%3F.txt"
    assert sanitize.uri("../x y.md") == "../x%20y.md"
    assert json.loads(sanitize.script_json(json.dumps(["<!--<script></script>&"]))) == ["<!--<script></script>&"]


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github", "markdown", "html", "text"])
def test_every_format_is_well_formed_for_hostile_names(hostile_tree, fmt, tmp_path):
    out = tmp_path / f"report.{fmt}"
    run = _check(hostile_tree, "--format", fmt, output=str(out))
    assert run.returncode == 1, run.stderr  # findings in every file, and no error
    data = out.read_bytes()
    text = data.decode("utf-8")  # strict: a lone surrogate or a bad byte would fail here
    assert text.count("HL101") >= len(HOSTILE_NAMES)
    if fmt == "json":
        paths = [f["path"] for f in json.loads(text)["files"]]
        assert "bad\ufffd\ufffdname.txt" in paths
    elif fmt == "sarif":
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in json.loads(text)["runs"][0]["results"]}
        assert "a%20b%23c%25d%3F.txt" in uris
        assert all(" " not in u and "#" not in u for u in uris)
    elif fmt == "junit":
        names = [case.get("name") for case in ET.fromstring(data).iter("testcase")]
        assert "ctl\\x01\\x0b\\x1f.txt" in names
    if fmt in ("text", "github", "markdown", "junit"):
        assert "\x1b" not in text and "\x07" not in text and "\x01" not in text
    if fmt == "github":
        assert all(line.startswith("::") for line in text.splitlines())
    if fmt == "markdown":
        assert "\r" not in text and "<img" not in text
        assert text.count("<details>") == 1  # only the report's own
        assert all(line.startswith("|") for line in text.splitlines() if "affect-as-noun" in line)


def test_text_report_on_a_terminal_stream_shows_escapes_not_raw(hostile_tree):
    run = _check(hostile_tree, "--color")  # click strips nothing when told to colour
    assert b"\x1b[2J" not in run.stdout and b"\x07" not in run.stdout
    assert b"esc\\x1b[2J\\x07bell.txt" in run.stdout


def test_front_matter_and_source_lines_cannot_send_escapes(tmp_path):
    (tmp_path / "a.md").write_text(
        "---\nkeyphrase: \"sleep\x1b]0;owned\x07\"\n---\n# Sleep\n\nSleep has a big affect\x1b[31m on mood.\n", encoding="utf-8")
    run = _check(tmp_path, "--select", "HL101,HL901", "--no-color")
    assert b"\x1b" not in run.stdout and b"\x07" not in run.stdout
    coloured = _check(tmp_path, "--select", "HL101,HL901", "--color")  # click strips nothing then
    assert coloured.stdout.count(b"\x1b") == coloured.stdout.count(b"\x1b[")  # only our own colours
    assert b"\x1b]0;" not in coloured.stdout and b"\x1b[31m on" not in coloured.stdout
    lines = run.stdout.decode().splitlines()
    source = next(i for i, line in enumerate(lines) if "| Sleep has a big affect" in line)
    assert lines[source + 1].index("^") == lines[source].index("affect")  # the caret still lines up


def test_a_keyphrase_cannot_stop_the_html_reports_script(tmp_path):
    (tmp_path / "a.md").write_text("---\nkeyphrase: \"<!--<script>\"\n---\n# Sleep\n\nSleep has a big affect on mood.\n", encoding="utf-8")
    out = tmp_path / "r.html"
    _check(tmp_path, "--format", "html", "--select", "ALL", "--ignore", "HL150,HL151", output=str(out))
    page = out.read_text(encoding="utf-8")
    block = page.split('<script type="application/json" id="findings">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block
    assert any(f["rule"] == "HL101" for file in json.loads(block) for f in file)
