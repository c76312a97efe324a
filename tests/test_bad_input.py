"""Hostile and broken inputs: a clear message and exit 2, or a result; never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from test_cli import BAD


def run_cli(tmp_path, *names):
    result = subprocess.run(
        [sys.executable, "-m", "healthlint", "check", "--format", "json", "--select", "grammar,markup", *names],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result, json.loads(result.stdout)


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("nul.md", b"text\x00more", "binary file"),
        ("dangling.md", None, "no such file or directory"),
    ],
)
def test_unreadable_inputs_exit_2_and_others_are_still_linted(tmp_path, name, data, message):
    (tmp_path / "good.txt").write_text(BAD)
    if data is None:
        (tmp_path / name).symlink_to(tmp_path / "missing-target.md")
    else:
        (tmp_path / name).write_bytes(data)
    result, report = run_cli(tmp_path, name, "good.txt")
    assert result.returncode == 2
    assert f"healthlint: {name}: " in result.stderr and message in result.stderr
    files = {f["path"]: f for f in report["files"]}
    assert files[name]["format"] is None and message in files[name]["errors"][0]["message"]
    assert files["good.txt"]["findings"][0]["rule"] == "HL101"


def test_invalid_utf8_is_linted_with_replacement_and_reported(tmp_path):
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 owners say it.\n".encode("latin-1") + BAD.encode())
    result, report = run_cli(tmp_path, "latin1.txt")
    assert result.returncode == 2
    assert "invalid UTF-8 at byte 3 (line 1)" in result.stderr
    [file] = report["files"]
    assert file["findings"][0]["line"] == 2  # the rest of the file was still checked


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom_are_read(tmp_path, encoding):
    data = BAD.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    (tmp_path / "wide.txt").write_bytes(data)
    result, report = run_cli(tmp_path, "wide.txt")
    assert result.returncode == 1
    f = report["files"][0]["findings"][0]
    assert (f["line"], f["column"]) == (1, 17)


@pytest.mark.parametrize("name", ["empty.txt", "empty.md", "empty.html"])
def test_empty_files_give_a_clean_result(tmp_path, name):
    (tmp_path / name).write_bytes(b"")
    result, report = run_cli(tmp_path, name)
    assert result.returncode == 0
    assert report["files"][0]["findings"] == [] and report["files"][0]["errors"] == []


def test_malformed_html_still_gives_findings(tmp_path):
    (tmp_path / "bad.html").write_text("<html><body><p>Unclosed <b>bold <i>" + BAD + "<div><p>more</span></td><script>var x = '")
    result, report = run_cli(tmp_path, "bad.html")
    assert result.returncode == 1
    assert report["files"][0]["findings"][0]["rule"] == "HL101"


@pytest.mark.parametrize(
    "front, line",
    [("---\ntitle: [oops\n---\n", 2), ("---\n: : :\n---\n", 2), ("---\njust a string\n---\n", 2), ("---\ntitle: never closed\n", 1)],
)
def test_broken_front_matter_is_a_finding_and_the_body_is_linted(tmp_path, front, line):
    (tmp_path / "a.md").write_text(front + "\n" + BAD)
    result, report = run_cli(tmp_path, "a.md")
    assert result.returncode == 1
    rules = {(f["rule"], f["line"]) for f in report["files"][0]["findings"]}
    assert ("HL901", line) in rules
    assert "HL101" in {r for r, _ in rules}


def test_deeply_nested_html_does_not_crash(tmp_path):
    (tmp_path / "deep.html").write_text("<div>" * 20000 + "<p>" + BAD + "</p>" + "</div>" * 20000)
    result, report = run_cli(tmp_path, "deep.html")
    assert result.returncode == 1
    assert report["files"][0]["findings"][0]["rule"] == "HL101"


def test_a_five_megabyte_paragraph_is_linted_in_bounded_time(tmp_path):
    import time

    sentence = "Regular walking helps your knees and lowers your blood pressure over time. "
    (tmp_path / "huge.txt").write_bytes((sentence * (5_000_000 // len(sentence))).encode("utf-8"))
    started = time.monotonic()
    result, report = run_cli(tmp_path, "huge.txt")
    assert time.monotonic() - started < 120
    assert report["files"][0]["errors"] == []


def test_very_long_lines_and_unclosed_tags(tmp_path):
    (tmp_path / "long.md").write_text("word " * 200_000 + "\n", encoding="utf-8")
    (tmp_path / "open.html").write_text("<html><body><p>Open <b>bold <script>var x = '<p>'", encoding="utf-8")
    result, report = run_cli(tmp_path, "long.md", "open.html")
    assert all(f["errors"] == [] for f in report["files"])


def test_a_default_run_opens_no_socket(tmp_path):
    from conftest import ROOT

    code = (
        "import socket, sys\n"
        "def refuse(*args, **kwargs):\n"
        "    raise SystemExit('NETWORK USED: ' + repr(args[1:] or kwargs))\n"
        "socket.socket.connect = socket.socket.connect_ex = refuse\n"
        "socket.create_connection = socket.getaddrinfo = refuse\n"
        "from healthlint.cli import main\n"
        f"sys.argv = ['healthlint', 'check', '--isolated', '--jobs', '1', '--format', 'json', {str(ROOT / 'samples')!r}]\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert "NETWORK USED" not in result.stderr + result.stdout
    assert result.returncode == 1 and json.loads(result.stdout)["summary"]["files"] >= 6


def test_json_is_byte_identical_across_processes_and_hash_seeds(tmp_path):
    import os

    from conftest import ROOT

    outputs = []
    for seed, jobs in (("1", "1"), ("2", "2"), ("3", "1")):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-m", "healthlint", "check", "--isolated", "--jobs", jobs, "--format", "json", "samples"],
                             cwd=ROOT, env=env, capture_output=True, timeout=300)
        outputs.append(run.stdout)
    assert outputs[0] and outputs[0] == outputs[1] == outputs[2]


def test_zero_width_and_right_to_left_characters_count_as_characters(tmp_path):
    (tmp_path / "z.txt").write_text("\u200b\u200fIt has a big affect on mood. \u202eخطر\u202c Rest.\n", encoding="utf-8")
    result, report = run_cli(tmp_path, "z.txt")
    [finding] = [f for f in report["files"][0]["findings"] if f["rule"] == "HL101"]
    assert (finding["line"], finding["column"], finding["end_column"]) == (1, 16, 22)
