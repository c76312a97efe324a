"""Build ``rules/lists/word-forms.txt``: English nouns and verbs with their inflections.

    python tools/build_word_forms.py [--wheels DIR]

A maintainer's tool. It reads the inflection table shipped in the ``lemminflect`` wheel
(fetched with ``pip download --no-deps``, read as a zip file, not installed), so that
healthlint's agreement checks know that "dogs" is a plural noun and "barks" a verb
without depending on lemminflect and NumPy at run time.

Each line is a word and its tags, sorted bytewise so that healthlint can bisect the file
instead of loading it: NN singular noun, MASS noun without a plural, NNS plural noun, VB
base verb, VBZ -s form, VBD past, VBN participle, VBG -ing form. Only nouns and verbs
with lower-case lemmas of letters are kept.
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "rules" / "lists" / "word-forms.txt"
MEMBER = "lemminflect/resources/infl_lu.csv.gz"

HEADER = """\
# source: the inflection table of lemminflect {version} (resources/infl_lu.csv.gz), itself
#   built from the SPECIALIST Lexicon of the U.S. National Library of Medicine and Kevin
#   Atkinson's Automatically Generated Inflection Database (AGID). Nouns and verbs only,
#   lower-case lemmas, by tools/build_word_forms.py. Each line: a word and its tags (NN
#   singular noun, MASS noun without a plural, NNS plural noun, VB base verb, VBZ -s form,
#   VBD past, VBN participle, VBG -ing form), sorted bytewise.
# license: lemminflect is MIT-licensed; the SPECIALIST Lexicon is distributed by NLM free of
#   charge under its open terms; AGID may be used, copied, modified and distributed without
#   fee (its copyright notice: Kevin Atkinson, 2000-2016). This derived table is distributed
#   with healthlint (Apache-2.0).
"""


def regular(lemma: str, ending: str) -> str:
    if ending == "s":
        if lemma.endswith(("s", "x", "z", "ch", "sh")):
            return lemma + "es"
        if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
            return lemma[:-1] + "ies"
        return lemma + "s"
    if ending == "ed":
        if lemma.endswith("e"):
            return lemma + "d"
        if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
            return lemma[:-1] + "ied"
        return lemma + "ed"
    if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
        return lemma[:-1] + "ing"
    return lemma + "ing"


def word_tags(table: str) -> dict[str, set[str]]:
    tags: dict[str, set[str]] = {}

    def add(word: str, tag: str) -> None:
        if word.isalpha() and word.islower():
            tags.setdefault(word, set()).add(tag)

    for line in table.splitlines():
        lemma, pos, rest = line.split(",", 2)
        if pos not in ("noun", "verb") or not (lemma.isalpha() and lemma.islower()):
            continue
        if pos == "noun":
            plurals = [p for p in rest.split("/") if p]
            add(lemma, "NN")
            if plurals == [lemma]:
                add(lemma, "MASS")  # "information", "sleep": no plural of its own
            for plural in plurals:
                if plural != lemma:  # the table lists the lemma among plurals of countable nouns too ("dogs/dog")
                    add(plural, "NNS")
        else:
            past, participle, ing, third = (rest.split(",") + ["", "", "", ""])[:4]
            add(lemma, "VB")
            add(third or regular(lemma, "s"), "VBZ")
            for form in (past or regular(lemma, "ed")).split("/"):
                add(form, "VBD")
            for form in (participle or past or regular(lemma, "ed")).split("/"):
                add(form, "VBN")
            add(ing or regular(lemma, "ing"), "VBG")
    return tags


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wheels", type=Path, help="a folder with the lemminflect wheel (downloaded there when missing)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.wheels or Path(tmp)
        found = sorted(folder.glob("lemminflect-*.whl"))
        if not found:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder), "lemminflect"], check=True)
            found = sorted(folder.glob("lemminflect-*.whl"))
        wheel = found[-1]
        with zipfile.ZipFile(wheel) as z:
            table = gzip.decompress(z.read(MEMBER)).decode("utf-8")
    tags = word_tags(table)
    kept = [f"{word} {' '.join(sorted(found))}" for word, found in sorted(tags.items(), key=lambda item: item[0].encode())]
    OUT.write_text(HEADER.format(version=wheel.name.split("-")[1]) + "\n".join(kept) + "\n", encoding="utf-8")
    print(f"{len(kept)} entries written to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
