"""The parsed-pack cache: a cold start skips PyYAML, and a changed pack is read anew."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from healthlint import packs


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(packs.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(packs.NO_CACHE_ENV, raising=False)
    monkeypatch.setattr(packs, "_parsed", None)
    monkeypatch.setattr(packs, "_dirty", False)
    return tmp_path / "cache"


def test_a_changed_file_is_parsed_again(cache, tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("words: [one]\n", encoding="utf-8")
    assert packs.load_yaml(pack) == {"words": ["one"]}
    packs._save_cache()
    saved = json.loads(packs._cache_file().read_text(encoding="utf-8"))
    assert saved[str(pack.resolve())][1] == {"words": ["one"]}

    pack.write_text("words: [one, two]\n", encoding="utf-8")  # a new size, whatever the clock says
    assert packs.load_yaml(pack) == {"words": ["one", "two"]}

    pack.unlink()  # a pack that is gone leaves the cache at the next save
    packs._save_cache()
    assert str(pack.resolve()) not in json.loads(packs._cache_file().read_text(encoding="utf-8"))


def test_a_forged_entry_with_the_packs_size_and_time_is_not_trusted(cache, tmp_path):
    # A cache folder in a workspace a pull request can write: an entry matching the pack's
    # size and modification time (all the old check compared) must not replace its rules.
    pack = tmp_path / "claims.yaml"
    pack.write_text("words: [cure]\n", encoding="utf-8")
    stat = pack.stat()
    cache.mkdir()
    key = str(pack.resolve())
    forged = {key: [stat.st_mtime_ns, stat.st_size, {"words": []}]}
    packs._cache_file().write_text(json.dumps(forged), encoding="utf-8")
    assert packs.load_yaml(pack) == {"words": ["cure"]}
    packs._parsed = None
    packs._cache_file().write_text(json.dumps({key: ["0" * 64, {"words": []}]}), encoding="utf-8")
    assert packs.load_yaml(pack) == {"words": ["cure"]}


def test_a_damaged_or_unwritable_cache_is_ignored(cache, tmp_path, monkeypatch):
    cache.mkdir()
    packs._cache_file().write_text("{not json", encoding="utf-8")
    pack = tmp_path / "pack.yaml"
    pack.write_text("a: 1\n", encoding="utf-8")
    assert packs.load_yaml(pack) == {"a": 1}

    blocked = tmp_path / "file-not-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv(packs.CACHE_ENV, str(blocked / "cache"))  # its parent is a file: mkdir fails
    packs._save_cache()  # no exception
    assert not (blocked / "cache").exists()


def test_invalid_yaml_is_a_clear_error_and_is_not_cached(cache, tmp_path):
    pack = tmp_path / "broken.yaml"
    pack.write_text("rules: [unclosed\n", encoding="utf-8")
    with pytest.raises(packs.InvalidYaml, match="broken.yaml is not valid YAML"):
        packs.load_yaml(pack)
    assert str(pack.resolve()) not in packs._cache()


def test_values_json_cannot_hold_are_not_cached(cache, tmp_path):
    pack = tmp_path / "dated.yaml"
    pack.write_text("reviewed: 2026-01-02\n", encoding="utf-8")
    data = packs.load_yaml(pack)
    assert str(data["reviewed"]) == "2026-01-02"
    assert str(pack.resolve()) not in packs._cache()


def test_a_second_cold_start_reads_the_cache_instead_of_importing_yaml(tmp_path):
    code = textwrap.dedent(
        """
        import sys
        from healthlint import lint_text
        from healthlint.config import Config
        lint_text("Exercise gives your muscles strength.", fmt="text", config=Config(ignore=("HL150", "HL151")))
        print("yaml" in sys.modules)
        """
    )
    env = {**os.environ, packs.CACHE_ENV: str(tmp_path / "cache")}
    env.pop(packs.NO_CACHE_ENV, None)
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert first.stdout.strip() == "True" and second.stdout.strip() == "False"
    off = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**env, packs.NO_CACHE_ENV: "1"}, check=True)
    assert off.stdout.strip() == "True"


def test_cache_dir_and_no_cache_options(tmp_path):
    sample = tmp_path / "a.txt"
    sample.write_text("Exercise gives your muscles strength.\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in (packs.CACHE_ENV, packs.NO_CACHE_ENV)}
    base = [sys.executable, "-m", "healthlint", "check", "--isolated", "--ignore", "HL150,HL151", str(sample)]
    subprocess.run([*base, "--cache-dir", str(tmp_path / "kept")], capture_output=True, env=env, check=False)
    assert list((tmp_path / "kept").glob("packs-*.json"))
    subprocess.run([*base, "--cache-dir", str(tmp_path / "none"), "--no-cache"], capture_output=True, env=env, check=False)
    assert not (tmp_path / "none").exists()
