"""A plain (non-editable) wheel carries the rule packs and works from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest


@pytest.fixture(scope="module")
def wheel(tmp_path_factory, root=None):
    from conftest import ROOT

    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    [built] = list(out.glob("healthlint-*.whl"))
    return built


def test_wheel_contains_rule_packs(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "healthlint/rules/confusables.yaml" in names
    assert "healthlint/cli.py" in names


def test_installed_wheel_finds_its_packs(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)], check=True, capture_output=True, timeout=300)
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = "import healthlint.packs as p, healthlint.engine.registry as r; print(p.packs_dir()); print(len(r.all_rules()))"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout.split()
    assert out[0].startswith(str(target))
    assert int(out[1]) >= 10
    # The generated word lists ship too: agreement reads word-forms.txt, spelling the MeSH vocabulary.
    code = (
        "from healthlint import lint_text; from healthlint.config import Config\n"
        "r = lint_text('Hydroxyurea and glomeruli help. The results shows a benefit.', fmt='text', config=Config(select=('HL125', 'HL151')))\n"
        "print([f.rule for f in r.findings])"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['HL125']"
