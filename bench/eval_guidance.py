"""HL524 contradicts-guidance on the sentences written for it (tests/fixtures/guidance_sentences.tsv).

    python bench/eval_guidance.py [--half tune|test|all] [--show]

Each sentence is labelled 1 (contradicts the named guidance entry) or 0 (correct guidance,
a negation or a near miss). The halves are fixed by a hash of the sentence (test: the first
hex digit of its SHA-1 is odd). Reports recall on the 1s and false flags on the 0s, with
the parser (when installed) and with the word-window fallback (HEALTHLINT_PARSER=off).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
FIXTURE = HERE / "tests" / "fixtures" / "guidance_sentences.tsv"


def rows(half: str = "all") -> list[tuple[int, str, str]]:
    out = []
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith(("#", "label\t")):
            continue
        label, entry, sentence = line.split("\t")
        test = int(hashlib.sha1(sentence.encode()).hexdigest()[0], 16) % 2 == 1
        if half == "all" or (half == "test") == test:
            out.append((int(label), entry, sentence))
    return out


def flagged(sentence: str, parsed: bool) -> list[str]:
    from healthlint.analysis import parse as parsing
    from healthlint.analysis.guidance import contradictions

    parse = None
    if parsed:
        if not contradictions(sentence, negation=False):
            return []
        parse = parsing.parse_texts([sentence])[0]
    return [c.entry.id for c in contradictions(sentence, parse)]


def score(half: str, parsed: bool, show: bool) -> tuple[int, int, int, int]:
    hits = positives = false = negatives = 0
    for label, entry, sentence in rows(half):
        ids = flagged(sentence, parsed)
        if label:
            positives += 1
            ok = entry in ids
            hits += ok
        else:
            negatives += 1
            ok = not ids
            false += not ok
        if show and not ok:
            print(f"  {'MISS' if label else 'FALSE'} {entry}: {sentence}  -> {ids}")
    return hits, positives, false, negatives


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--half", choices=("tune", "test", "all"), default="test")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    from healthlint.analysis import parse as parsing

    modes = [("word window", False)] + ([("parser", True)] if parsing.available() else [])
    for name, parsed in modes:
        hits, positives, false, negatives = score(args.half, parsed, args.show)
        print(f"{args.half} half, {name}: recall {hits}/{positives} ({100 * hits / max(positives, 1):.0f}%), "
              f"false flags {false}/{negatives} ({100 * false / max(negatives, 1):.0f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
