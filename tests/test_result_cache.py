"""The result cache: a second run serves unchanged files from the cache with the same report;
an edited file, a changed setting or a new healthlint misses it; a damaged, foreign or hostile
entry is ignored and rewritten; entries are written atomically and pruned to a size bound."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from healthlint import result_cache
from healthlint.cli import main
from healthlint.config import Config
from healthlint.linting import lint_file
from healthlint.result_cache import ResultCache, decode, encode

ARTICLES = {
    "sleep.md": "---\ntitle: Sleep and mood\nauthor: Dr. Ana Ruiz\n---\n# Sleep\n\nSleep has a big affect on mood. Most adults need 7 to 9 hours.\n\nTake 5mg of melatonin only if your doctor says so.\n",
    "diabetes.txt": "Diabetes sufferers should check their blood sugar. Studies show that walking helps.\n\nMore and more studies are finding that diet matters.\n",
    "heart.html": "<html><head><title>Heart</title></head><body><h1>Heart health</h1><p>Exercise give your heart strength.</p><p>Eat less salt salt every day.</p></body></html>\n",
    "clean.md": "# Water\n\nDrink water when you are thirsty.\n",
    "notes/asthma.md": "# Asthma\n\nAn inhaler can help you breathe. Ask your nurse to show you how to use it.\n",
    "notes/units.txt": "Give 0.5 mg twice a day. Do not give .5mg at night.\n",
}
FAST = ("--ignore", "HL150,HL151")  # Harper's dictionary costs a second per process; one test keeps it


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HEALTHLINT_NO_CACHE", "")  # a --no-cache run in this process sets it
    (tmp_path / "cache").mkdir()
    for packs in Path(os.environ["HEALTHLINT_CACHE_DIR"]).glob("packs-*.json"):  # parsed packs: not what is tested here
        (tmp_path / "cache" / packs.name).symlink_to(packs)
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path / "cache"))
    for name, text in ARTICLES.items():
        path = tmp_path / "site" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def check(*args: str):
    # The command passes --no-cache and --cache-dir on to its workers through the
    # environment; in this process they must not outlive the one command.
    saved = {name: os.environ.get(name) for name in ("HEALTHLINT_NO_CACHE", "HEALTHLINT_CACHE_DIR")}
    try:
        return CliRunner().invoke(main, ["check", "--jobs", "1", *args], catch_exceptions=False)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def entries(root: Path) -> list[Path]:
    return sorted((root / "cache" / "results-v1").glob("*/*.json"))


def no_linting(monkeypatch):
    """Make linting fail loudly: whatever the run reports must come from the cache."""
    import healthlint.linting

    def refuse(*args, **kwargs):
        raise AssertionError("linted although the cache holds the result")

    monkeypatch.setattr(healthlint.linting, "lint_document", refuse)


def count_linting(monkeypatch) -> list[str]:
    import healthlint.linting

    linted: list[str] = []
    real = healthlint.linting.lint_document

    def counting(doc, *args, **kwargs):
        linted.append(doc.path)
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(healthlint.linting, "lint_document", counting)
    return linted


def test_second_run_is_served_from_the_cache_with_the_same_reports(site, monkeypatch):
    first = {fmt: check("--format", fmt, *FAST, "site") for fmt in ("json", "text", "sarif", "junit", "github", "markdown")}
    assert first["json"].exit_code == 1
    assert len(entries(site)) == len(ARTICLES)
    assert json.loads(first["json"].stdout)["summary"]["findings"] > 5
    no_linting(monkeypatch)
    for fmt, before in first.items():
        again = check("--format", fmt, *FAST, "site")
        assert again.stdout == before.stdout, fmt
        assert again.exit_code == before.exit_code


def count_reads_and_hashes(monkeypatch) -> tuple[Counter, Counter]:
    """How often each article's file is read, and its bytes hashed, in this process."""
    import hashlib

    import healthlint.document.loader
    import healthlint.linting

    names = {text.encode("utf-8"): Path(name).name for name, text in ARTICLES.items()}
    reads: Counter = Counter()
    hashes: Counter = Counter()
    real_read, real_sha256 = healthlint.document.loader.read_path, hashlib.sha256

    def reading(path, *args, **kwargs):
        data = real_read(path, *args, **kwargs)
        if data in names:
            reads[names[data]] += 1
        return data

    def hashing(data=b"", *args, **kwargs):
        if isinstance(data, bytes) and data in names:
            hashes[names[data]] += 1
        return real_sha256(data, *args, **kwargs)

    for module in (healthlint.document.loader, healthlint.linting):
        monkeypatch.setattr(module, "read_path", reading)
    monkeypatch.setattr(hashlib, "sha256", hashing)
    return reads, hashes


def test_a_miss_is_read_and_hashed_once_and_a_hit_too(site, monkeypatch):
    """The lookup before linting reads and hashes each file; a miss is linted from those
    bytes (they were read, hashed and looked up twice, then hashed a third time)."""
    reads, hashes = count_reads_and_hashes(monkeypatch)
    once = {Path(name).name: 1 for name in ARTICLES}
    first = check("--format", "json", *FAST, "site")
    assert len(entries(site)) == len(ARTICLES)
    assert (dict(reads), dict(hashes)) == (once, once)
    reads.clear()
    hashes.clear()
    second = check("--format", "json", *FAST, "site")
    assert (dict(reads), dict(hashes)) == (once, once)
    assert second.stdout == first.stdout == check("--format", "json", *FAST, "--no-cache", "site").stdout


def test_misses_past_the_memory_budget_are_read_again_where_they_are_linted(site, monkeypatch):
    from healthlint import parallel

    expected = check("--format", "json", *FAST, "--no-cache", "site").stdout
    reads, _ = count_reads_and_hashes(monkeypatch)
    smallest = sorted(len(text.encode("utf-8")) for text in ARTICLES.values())
    monkeypatch.setattr(parallel, "MISS_BYTES_KEPT", smallest[0] + smallest[1])  # room for two files' bytes
    assert check("--format", "json", *FAST, "site").stdout == expected
    assert sorted(reads.values()) == [1, 1] + [2] * (len(ARTICLES) - 2)
    assert len(entries(site)) == len(ARTICLES)


def test_cached_result_keeps_document_level_results(site, monkeypatch):
    fresh = lint_file(site / "site" / "sleep.md", Config(ignore=("HL150", "HL151")), "site/sleep.md")
    check("--format", "json", *FAST, "site")
    no_linting(monkeypatch)
    report = json.loads(check("--format", "json", *FAST, "site").stdout)
    [cached] = [f for f in report["files"] if f["path"] == "site/sleep.md"]
    assert cached == fresh.to_json()
    assert cached["metrics"]["reading_grade"] is not None and cached["keywords"] and "citations" in cached and cached["score"]["total"] >= 0


def test_after_one_file_is_edited_only_its_results_change(site, monkeypatch):
    before = json.loads(check("--format", "json", *FAST, "site").stdout)
    (site / "site" / "clean.md").write_text("# Water\n\nDrink water when your thirsty. It has a good affect.\n", encoding="utf-8")
    linted = count_linting(monkeypatch)
    after = json.loads(check("--format", "json", *FAST, "site").stdout)
    assert linted == ["site/clean.md"]
    changed = [b["path"] for b, a in zip(before["files"], after["files"], strict=True) if a != b]
    assert changed == ["site/clean.md"]
    assert any(f["rule"] for f in after["files"][[f["path"] for f in after["files"]].index("site/clean.md")]["findings"])


def test_a_changed_setting_is_honoured(site, monkeypatch):
    default = json.loads(check("--format", "json", *FAST, "site").stdout)
    rules = {f["rule"] for file in default["files"] for f in file["findings"]}
    dropped = sorted(rules)[0]
    narrower = json.loads(check("--format", "json", *FAST, "--ignore", dropped, "site").stdout)
    assert dropped not in {f["rule"] for file in narrower["files"] for f in file["findings"]}
    # A settings file the run finds (not only the command line) is part of the key too.
    (site / ".healthlint.toml").write_text('audience = "professional"\n', encoding="utf-8")
    linted = count_linting(monkeypatch)
    professional = json.loads(check("--format", "json", *FAST, "site").stdout)
    assert len(linted) == len(ARTICLES)
    assert all(file["metrics"].get("target_grade") is None for file in professional["files"])
    uncached = json.loads(check("--format", "json", *FAST, "--no-cache", "site").stdout)
    assert professional == uncached


def test_rule_options_and_per_file_ignores_are_part_of_the_key(site, monkeypatch):
    (site / ".healthlint.toml").write_text('[per-file-ignores]\n"site/notes/*" = ["units"]\n', encoding="utf-8")
    first = json.loads(check("--format", "json", *FAST, "site").stdout)
    units = [f for file in first["files"] if file["path"] == "site/notes/units.txt" for f in file["findings"] if f["category"] == "units"]
    assert not units
    (site / ".healthlint.toml").write_text("", encoding="utf-8")
    second = json.loads(check("--format", "json", *FAST, "site").stdout)
    units = [f for file in second["files"] if file["path"] == "site/notes/units.txt" for f in file["findings"] if f["category"] == "units"]
    assert units


def test_a_new_healthlint_or_new_packs_miss_the_cache(site, monkeypatch):
    check("--format", "json", *FAST, "site")
    monkeypatch.setattr(result_cache, "_run_stamp", "another healthlint, other packs or another Harper")
    linted = count_linting(monkeypatch)
    check("--format", "json", *FAST, "site")
    assert len(linted) == len(ARTICLES)


def test_run_stamp_follows_pack_contents(tmp_path, monkeypatch):
    import healthlint.packs

    packs = tmp_path / "rules"
    packs.mkdir()
    (packs / "a.yaml").write_text("rules: []\n", encoding="utf-8")
    monkeypatch.setattr(healthlint.packs, "packs_dir", lambda: packs)
    monkeypatch.setattr(result_cache, "_run_stamp", None)
    before = result_cache.run_stamp()
    (packs / "a.yaml").write_text("rules: [x]\n", encoding="utf-8")
    monkeypatch.setattr(result_cache, "_run_stamp", None)
    assert result_cache.run_stamp() != before
    assert "harper-py" in result_cache.engine_versions()


GARBAGE = [
    b"",
    b"{",
    b"\x00\xff\xfe binary",
    b"null",
    b"[]",
    b"[" * 100_000 + b"]" * 100_000,  # nesting deeper than the parser's recursion
    json.dumps({"healthlint-result": 1, "key": "someone else's", "format": "text", "metrics": {}, "findings": [], "errors": [], "lines": [], "sections": {}, "score": None}).encode(),
]


def _hostile_variants(entry: dict) -> list[dict]:
    """Entries with the right key but wrong contents: each must be refused, not reported."""
    finding = entry["findings"][0]
    out = []
    for index, bad in [(0, 0), (0, "1"), (0, True), (4, 7), (6, "critical"), (7, "fatal"), (9, "not a list"), (9, [1]), (10, -1), (11, -5),
                       (4, "HL999"), (5, "not-its-name")]:  # a forged rule could pass as a safe fix
        changed = json.loads(json.dumps(entry))
        changed["findings"][0] = [*finding[:index], bad, *finding[index + 1:]]
        out.append(changed)
    for field, value in [("metrics", {"reading_grade": "high"}), ("metrics", []), ("score", {"total": "100"}), ("score", {"total": 5, "categories": {"x": "y"}}),
                         ("sections", {"keywords": [{"term": 1}]}), ("sections", {"path": "elsewhere"}),
                         ("sections", {"wordpress": {"file": "/etc/passwd", "type": "\x1b[2J"}}), ("errors", [{"kind": "internal", "message": "x"}]),
                         ("lines", [[0, "x"]]), ("lines", []), ("findings", list(reversed(entry["findings"]))), ("extra", 1), ("healthlint-result", 2)]:
        changed = json.loads(json.dumps(entry))
        changed[field] = value
        out.append(changed)
    return out


def test_decode_refuses_every_hostile_variant(site):
    result = lint_file(site / "site" / "sleep.md", Config(ignore=("HL150", "HL151")), "site/sleep.md")
    assert len(result.findings) >= 2
    entry = json.loads(json.dumps(encode(result, "k")))
    back = decode(entry, "k")
    back.path = "site/sleep.md"
    assert back.to_json() == result.to_json() and back.lines == result.lines and back.findings == result.findings
    assert [(f.start, f.end, f.suggestions) for f in back.findings] == [(f.start, f.end, f.suggestions) for f in result.findings]
    assert decode(entry, "another key") is None
    for variant in _hostile_variants(entry):
        assert decode(variant, "k") is None, variant


@pytest.mark.parametrize("how", ["garbage", "hostile", "swapped"])
def test_a_corrupted_cache_changes_nothing_in_the_results(site, how):
    expected = check("--format", "json", *FAST, "--no-cache", "site")
    check("--format", "json", *FAST, "site")
    stored = entries(site)
    assert len(stored) == len(ARTICLES)
    if how == "garbage":
        for number, path in enumerate(stored):
            path.write_bytes(GARBAGE[number % len(GARBAGE)])
    elif how == "hostile":
        for number, path in enumerate(stored):
            entry = json.loads(path.read_text(encoding="utf-8"))
            if len(entry["findings"]) > 1:
                variants = _hostile_variants(entry)
                path.write_text(json.dumps(variants[number * 5 % len(variants)]), encoding="utf-8")
            else:
                entry["metrics"]["words"] = "many"
                path.write_text(json.dumps(entry), encoding="utf-8")
    else:  # each file gets another file's (well-formed) entry: foreign, by its key
        contents = [path.read_bytes() for path in stored]
        for path, content in zip(stored, contents[1:] + contents[:1]):
            path.write_bytes(content)
    again = check("--format", "json", *FAST, "site")
    assert again.stdout == expected.stdout
    assert again.exit_code == expected.exit_code
    # ... and the bad entries were rewritten: a third run is served, and agrees.
    for path in entries(site):
        assert json.loads(path.read_text(encoding="utf-8"))["key"] == path.stem
    assert check("--format", "json", *FAST, "site").stdout == expected.stdout


@pytest.mark.parametrize("plant", ["fifo", "device link", "folder"])
def test_entries_planted_as_pipes_links_or_folders_are_misses_not_hangs(site, plant):
    """A cache folder a pull request can write to: an entry that is a FIFO would block a
    plain open(), and a link to /dev/zero would never end."""
    expected = check("--format", "json", *FAST, "--no-cache", "site")
    check("--format", "json", *FAST, "site")
    for path in entries(site):
        path.unlink()
        if plant == "fifo":
            os.mkfifo(path)
        elif plant == "device link":
            path.symlink_to("/dev/zero")
        else:
            path.mkdir()
    started = time.monotonic()
    again = check("--format", "json", *FAST, "site")
    assert time.monotonic() - started < 60
    assert again.stdout == expected.stdout


def test_an_unusable_cache_folder_is_no_crash(site):
    (site / "blocked").write_text("a file where the cache folder's parent should be", encoding="utf-8")
    result = check("--format", "json", *FAST, "--cache-dir", "blocked/cache", "site")
    assert result.exit_code == 1 and json.loads(result.stdout)["summary"]["files"] == len(ARTICLES)


def test_no_cache_writes_no_results(site):
    check("--format", "json", *FAST, "--no-cache", "site")
    assert not (site / "cache" / "results-v1").exists()


def test_cache_dir_option_holds_the_results(site):
    check("--format", "json", *FAST, "--cache-dir", "elsewhere", "site")
    assert len(list((site / "elsewhere" / "results-v1").glob("*/*.json"))) == len(ARTICLES)


def test_fix_and_diff_use_cached_findings_and_refuse_a_changed_file(site, monkeypatch):
    check(*FAST, "site")
    diff = check(*FAST, "--diff", "site")
    assert diff.exit_code == 1 and "-Give 0.5 mg twice a day. Do not give .5mg at night.\n" in diff.stdout
    [new_line] = [line[1:] for line in diff.stdout.splitlines() if line.startswith("+Give")]
    assert "give 0.5" in new_line
    fixed = check(*FAST, "--fix", "site")
    assert "applied" in fixed.stderr
    assert (site / "site" / "notes" / "units.txt").read_text(encoding="utf-8") == new_line + "\n"
    # A served result carries the digest of the bytes its key was made from, which --fix
    # compares with the file before it writes.
    served = result_cache.lookup(ResultCache(), site / "site" / "heart.html", Config(ignore=("HL150", "HL151")), "site/heart.html")
    assert served is not None
    assert served.digest == lint_file(site / "site" / "heart.html", Config(ignore=("HL150", "HL151")), "site/heart.html").digest


def test_html_report_stores_its_view_and_is_served_later(site, monkeypatch):
    expected = check("--format", "html", *FAST, "--no-cache", "site").stdout
    check("--format", "json", *FAST, "site")  # entries without the prose view
    linted = count_linting(monkeypatch)
    assert check("--format", "html", *FAST, "site").stdout == expected
    assert len(linted) == len(ARTICLES)  # the view needs the parsed documents: linted, stored with it
    no_linting(monkeypatch)
    assert check("--format", "html", *FAST, "site").stdout == expected
    assert json.loads(check("--format", "json", *FAST, "site").stdout)["summary"]["files"] == len(ARTICLES)


def test_a_hostile_view_is_refused(site):
    result = lint_file(site / "site" / "sleep.md", Config(ignore=("HL150", "HL151")), "site/sleep.md", with_view=True)
    entry = json.loads(json.dumps(encode(result, "k")))
    assert decode(entry, "k", with_view=True).view == result.view
    assert decode({**entry, "view": None}, "k", with_view=True) is None
    assert decode({**entry, "view": None}, "k") is not None  # a report without the view does not need it
    block = next(b for b in entry["view"]["blocks"] if b["marks"])
    for mark in ([0, 10**6, 0], [5, 2, 0], [0, 1, len(result.findings)], [0, 1, -1], ["0", 1, 0], [0, 1]):
        changed = json.loads(json.dumps(entry))
        changed["view"]["blocks"][entry["view"]["blocks"].index(block)]["marks"] = [mark]
        assert decode(changed, "k", with_view=True) is None, mark
    for field, value in [("unplaced", [len(result.findings)]), ("hardest", [{"block": 10**6, "grade": 9.0}]), ("blocks", [{"kind": "heading"}])]:
        changed = json.loads(json.dumps(entry))
        changed["view"][field] = value
        assert decode(changed, "k", with_view=True) is None, field


def test_languagetool_runs_are_not_cached(site):
    from healthlint.result_cache import cacheable_settings

    assert cacheable_settings(Config())
    assert not cacheable_settings(Config(languagetool_url="http://127.0.0.1:8081"))


def test_prune_removes_least_recently_used_entries_to_the_bound(tmp_path):
    cache = ResultCache(tmp_path / "results")
    result = lint_file(Path(__file__), Config(select=("HL101",)), "x.txt")
    keys = [f"{n:064x}" for n in range(40)]
    for age, key in enumerate(keys):
        assert cache.store(key, result)
        entry = tmp_path / "results" / key[:2] / f"{key}.json"
        os.utime(entry, (1_000_000 + age, 1_000_000 + age))
    size = (tmp_path / "results" / keys[0][:2] / f"{keys[0]}.json").stat().st_size
    assert cache.load(keys[0], "d") is not None  # used now: the newest
    removed = cache.prune(max_bytes=size * 20)
    left = {p.stem for p in (tmp_path / "results").glob("*/*.json")}
    assert removed == 40 - len(left) and len(left) <= 16
    assert keys[0] in left and keys[1] not in left and keys[-1] in left
    assert cache.prune(max_bytes=size * 20) == 0


def test_the_command_keeps_the_cache_under_its_bound(site, monkeypatch):
    check("--format", "json", *FAST, "site")
    unbounded = sum(p.stat().st_size for p in entries(site))
    monkeypatch.setenv("HEALTHLINT_RESULT_CACHE_MB", str(unbounded / 2 / 1024 / 1024))
    check("--format", "json", *FAST, "--cache-dir", "bounded", "site")
    kept = list((site / "bounded" / "results-v1").glob("*/*.json"))
    assert 0 < len(kept) < len(ARTICLES)
    assert sum(p.stat().st_size for p in kept) <= unbounded / 2


def test_parallel_runs_and_workers_share_the_cache(site):
    """Two commands with two workers each, on one cache: the same report, only whole entries."""
    env = {**os.environ, "HEALTHLINT_CACHE_DIR": str(site / "cache"), "HEALTHLINT_NO_CACHE": ""}
    for n in range(30):
        (site / "site" / "many" / f"{n}.md").parent.mkdir(exist_ok=True)
        (site / "site" / "many" / f"{n}.md").write_text(f"# Page {n}\n\nSleep has a big affect on mood, page {n}.\n", encoding="utf-8")
    command = [sys.executable, "-m", "healthlint", "check", "--format", "json", "--jobs", "2", *FAST, "site"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=site) for _ in range(2)]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    expected = subprocess.run([*command, "--no-cache"], capture_output=True, env=env, cwd=site, timeout=300).stdout
    assert outputs[0] == outputs[1] == expected
    assert not list((site / "cache" / "results-v1").glob("*/.entry-*"))
    assert len(entries(site)) == len(ARTICLES) + 30
    again = subprocess.run(command, capture_output=True, env=env, cwd=site, timeout=300)
    assert again.stdout == expected


def test_grammar_engine_results_are_cached_too(site, monkeypatch):
    first = check("--format", "json", "--select", "grammar", "site")
    assert first.exit_code == 1
    no_linting(monkeypatch)
    assert check("--format", "json", "--select", "grammar", "site").stdout == first.stdout


def test_cache_lookup_is_cheap(site):
    """The hit path must not undo the gain: about 0.3 ms a file on an idle machine; the bound
    leaves room for a loaded CI machine (at load 10 on 2 cores it measured 6 ms)."""
    check("--format", "json", *FAST, "site")
    jobs_config = Config(ignore=("HL150", "HL151"))
    cache = ResultCache()
    started = time.perf_counter()
    for _ in range(20):
        for name in ARTICLES:
            assert result_cache.lookup(cache, site / "site" / name, jobs_config, f"site/{name}") is not None
    assert (time.perf_counter() - started) / (20 * len(ARTICLES)) < 0.02


def test_a_bound_of_zero_turns_the_result_cache_off(site, monkeypatch):
    monkeypatch.setenv("HEALTHLINT_RESULT_CACHE_MB", "0")
    check("--format", "json", *FAST, "site")
    assert not (site / "cache" / "results-v1").exists()


def test_a_result_with_a_field_entries_do_not_keep_is_not_cached(tmp_path):
    """Should FileResult grow a field, its results are linted every time rather than served
    without it."""
    import dataclasses

    from healthlint.engine.runner import FileResult

    @dataclasses.dataclass
    class Grown(FileResult):
        post: dict = dataclasses.field(default_factory=dict)

    cache = ResultCache(tmp_path / "results")
    assert cache.store("a" * 64, Grown(path="x", format="text"))
    assert not cache.store("b" * 64, Grown(path="x", format="text", post={"slug": "hello"}))


def test_fix_never_writes_a_suggestion_from_a_planted_entry(site):
    """A pull request can write the cache folder: an entry whose fix says something else is
    not written into the file; --fix takes its fixes from linting the bytes themselves."""
    article = site / "site" / "notes" / "units.txt"
    check("--format", "json", *FAST, "site")
    for path in entries(site):
        entry = json.loads(path.read_text(encoding="utf-8"))
        for finding in entry["findings"]:
            if finding[9]:
                finding[9] = ["PWNED"]
        path.write_text(json.dumps(entry), encoding="utf-8")
    check("--fix", *FAST, "site")
    fixed = article.read_text(encoding="utf-8")
    assert "PWNED" not in fixed and "0.5 mg" in fixed and ".5mg" not in fixed
