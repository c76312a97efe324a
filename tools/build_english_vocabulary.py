"""Build ``rules/lists/english-vocabulary.txt`` from SCOWL, the Spell Checker Oriented Word Lists.

    python tools/build_english_vocabulary.py [--deb FILE] [--size 80]

A maintainer's tool, run when SCOWL is updated; healthlint itself only reads the text
file it writes. SCOWL is read from Debian's ``scowl`` package (``apt-get download
scowl``, fetched into a temporary folder when ``--deb`` is not given), unpacked with
``dpkg-deb``; nothing is installed.

SCOWL (Kevin Atkinson, permissive licence: use, copy, modify, distribute and sell with
the copyright notice kept) ranks words by size, 10 (the commonest) to 95 (the rarest).
Up to size 80 ("huge", what Debian's wamerican-huge holds) it has the clinical words
general dictionaries miss ("apheresis", "philtrum", "hyoscine", "dialyzer", "petechial")
and no word of 95's noise. Kept: lower-case words of four letters or more that neither
the CMU dictionary nor rules/lists/medical-vocabulary.txt has (nor a CMU word plus
-s, -es, -ed, -ing or -ly, which healthlint's vocabulary accepts already), written
``word`` (every English) or ``word<TAB>dialects`` for a spelling that SCOWL gives only
for some (``anaemia	australian,british,canadian``, ``hemoglobin	american,canadian``).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "rules" / "lists" / "english-vocabulary.txt"
# SCOWL's word-list categories by dialect. "english" and "variant_1" (spellings every
# dictionary accepts) belong to all; british_z is Oxford spelling (-ize with -our).
COMMON = ("english-words", "variant_1-words")
DIALECTS = {
    "american": ("american-words",),
    "british": ("british-words", "british_z-words", "british_variant_1-words"),
    "canadian": ("canadian-words", "canadian_variant_1-words"),
    "australian": ("australian-words", "australian_variant_1-words"),
}
WORD = re.compile(r"[a-z]{4,}")
# SCOWL's rare words (above size 70) that one slip of a key makes from a common word
# ("watter" from "water", "ure" from "use") are more often typos than words in a health
# article: left out. The common words are SCOWL's up to size 50.
RARE_ABOVE, COMMON_UP_TO = 70, 50
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_slip(word: str) -> set[str]:
    """Words one deletion, insertion, substitution or swap of neighbours away."""
    cuts = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in cuts if b} | {a + b[1] + b[0] + b[2:] for a, b in cuts if len(b) > 1}
            | {a + c + b[1:] for a, b in cuts if b for c in LETTERS} | {a + c + b for a, b in cuts for c in LETTERS}) - {word}

HEADER = """\
# source: SCOWL (Spell Checker Oriented Word Lists) by Kevin Atkinson, version {version},
#   read from Debian's package scowl {version}: the word lists english, variant_1, american,
#   british, british_z (Oxford), canadian and australian up to size {size}.
#   Built by tools/build_english_vocabulary.py: lower-case words of four or more letters
#   (not the rare ones, above size {rare}, that one slip of a key makes from a word of size
#   {everyday} or less: "watter", a typo of "water" in health text far more often than a word),
#   that the CMU Pronouncing Dictionary and medical-vocabulary.txt lack (nor a CMU word
#   plus -s, -es, -ed, -ing or -ly, which healthlint accepts already), sorted (healthlint
#   looks words up by bisection, without loading the file into a set). A line with a tab
#   names the dialects whose spelling the word is; a bare word is every dialect's.
# license: SCOWL: Copyright 2000-2020 by Kevin Atkinson. Permission to use, copy, modify,
#   distribute and sell these word lists, the associated scripts, the output created from
#   the scripts, and its documentation for any purpose is hereby granted without fee,
#   provided that the above copyright notice appears in all copies and that both that
#   copyright notice and this permission notice appear in supporting documentation. Kevin
#   Atkinson makes no representations about the suitability of this array for any purpose.
#   It is provided "as is" without express or implied warranty. (Parts come from Moby Words
#   II and other public-domain lists; see SCOWL's README.) This derived list is distributed
#   with healthlint (Apache-2.0).
"""


def unpack(deb: Path | None, folder: Path) -> tuple[Path, str]:
    if deb is None:
        subprocess.run(["apt-get", "download", "scowl"], cwd=folder, check=True)
        deb = next(folder.glob("scowl_*.deb"))
    subprocess.run(["dpkg-deb", "-x", str(deb), str(folder / "x")], check=True)
    version = deb.name.split("_")[1]
    return folder / "x" / "usr" / "share" / "dict" / "scowl", version


def read(folder: Path, names: tuple[str, ...], size: int) -> set[str]:
    found: set[str] = set()
    for path in folder.iterdir():
        name, _, level = path.name.rpartition(".")
        if name in names and level.isdigit() and int(level) <= size:
            text = path.read_bytes().decode("utf-8", "replace")
            found.update(w for w in text.split() if WORD.fullmatch(w))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--deb", type=Path, help="Debian's scowl package (downloaded when missing)")
    parser.add_argument("--size", type=int, default=80, help="the largest SCOWL size to read (default 80)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from healthlint.analysis.syllables import _lookup
    from healthlint.packs import word_file

    medical = word_file("medical-vocabulary")
    with tempfile.TemporaryDirectory() as tmp:
        lists, version = unpack(args.deb.resolve() if args.deb else None, Path(tmp))
        common = read(lists, COMMON, args.size)
        by_dialect = {d: read(lists, names, args.size) - common for d, names in DIALECTS.items()}
        everyday = read(lists, COMMON + tuple(n for names in DIALECTS.values() for n in names), COMMON_UP_TO)
        rare = read(lists, COMMON + tuple(n for names in DIALECTS.values() for n in names), args.size) \
            - read(lists, COMMON + tuple(n for names in DIALECTS.values() for n in names), RARE_ABOVE)
    slips = {w for w in rare if _lookup(w) is None and w not in medical and not one_slip(w).isdisjoint(everyday)}
    common -= slips
    by_dialect = {d: words - slips for d, words in by_dialect.items()}
    lines = {w: "" for w in common}
    for word in set().union(*by_dialect.values()):
        dialects = [d for d in DIALECTS if word in by_dialect[d]]
        lines[word] = "" if len(dialects) == len(DIALECTS) else "\t" + ",".join(dialects)
    def inflected(w: str) -> bool:  # what healthlint's vocabulary already accepts: a CMU word plus an ending
        return any(w.endswith(end) and len(w) > len(end) + 2 and _lookup(w[: -len(end)]) is not None for end in ("s", "es", "ed", "ing", "ly"))

    kept = sorted(w + tag for w, tag in lines.items() if w not in medical and _lookup(w) is None and (tag or not inflected(w)))
    # Spellings healthlint must know per dialect even where CMU has them ("color" is in CMU,
    # and British only when its dialect list says so) are the tagged lines: keep those too.
    tagged = sorted(w + tag for w, tag in lines.items() if tag and (w in medical or _lookup(w) is not None))
    body = sorted(kept + tagged, key=lambda line: line.split("\t")[0].encode())
    OUT.write_text(HEADER.format(version=version, size=args.size, rare=RARE_ABOVE, everyday=COMMON_UP_TO) + "\n".join(body) + "\n", encoding="utf-8")
    print(f"{len(body)} lines written to {OUT.relative_to(ROOT)} ({len(tagged)} dialect spellings CMU has; {len(slips)} rare words "
          f"one slip from a common word left out; "
          f"{len(common)} common and {sum(map(len, by_dialect.values()))} dialect words read)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
