"""Does the sentence screen lose any Harper lint? And what does it save?

    python bench/check_harper_triggers.py [PATH ...] [--show N]

Each PATH is a folder of articles (.md, .html, .txt; searched recursively) or a .tsv
file whose first column holds one sentence a row (such as the grammar test sets in
../shared/eval/grammar). Defaults: the 320 NIH/CDC articles and every grammar .tsv in
../shared/eval. Harper's default rules run twice on each document, once on every block
and once on the sentences that rules/lists/harper-triggers.yaml lets through; the
script reports the share of text sent, both times, and every lint the screen lost or
added (rule, text, sentence). It exits 1 when any lint differs.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

from corpus import article_files  # bench/corpus.py, beside this script

from healthlint.checks.harper_rules import _pieces, _spelling
from healthlint.document import load_path, parse
from healthlint.grammar.harper_engine import default_rules, lint_pieces

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def documents(paths: list[Path]):
    for path in paths:
        if path.suffix == ".tsv":
            with open(path, encoding="utf-8") as handle:
                reader = csv.reader(handle, delimiter="\t")
                next(reader, None)
                for row in reader:
                    if row and row[0].strip():
                        yield parse(row[0], f"{path.name}", "text")
        else:
            for file in article_files(path, 0, recursive=True):
                yield load_path(file, str(file))[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--show", type=int, default=20, help="differences to print")
    args = parser.parse_args()
    paths = args.paths or [EVAL / "articles" / "medquad" / "md", *sorted((EVAL / "grammar").glob("*.tsv"))]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"not found: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    rules = sorted(set(default_rules()) - _spelling()[0])
    lint_pieces(_pieces(parse("Warm up.", "w", "text"), rules, False), rules)

    total = sent = 0
    times = Counter()
    lost: list[tuple] = []
    added: list[tuple] = []
    counted = Counter()
    for doc in documents(paths):
        whole, screened = _pieces(doc, rules, False), _pieces(doc, rules, True)
        total += sum(len(p.text) for p in whole)
        sent += sum(len(p.text) for p in screened)
        started = time.perf_counter()
        everything = {(l.rule, id(l.block), l.start, l.end): l for l in lint_pieces(whole, rules)}
        times["whole"] += time.perf_counter() - started
        started = time.perf_counter()
        kept = {(l.rule, id(l.block), l.start, l.end): l for l in lint_pieces(screened, rules)}
        times["screened"] += time.perf_counter() - started
        counted.update(k[0] for k in everything)
        for name, left, right in (("lost", everything, kept), ("added", kept, everything)):
            for k in left.keys() - right.keys():
                lint = left[k]
                entry = (lint.rule, lint.block.text[lint.start : lint.end], lint.block.text[max(0, lint.start - 60) : lint.end + 60], doc.path)
                (lost if name == "lost" else added).append(entry)
    print(f"documents' text sent to Harper: {sent:,} of {total:,} characters ({sent / max(total, 1):.1%})")
    print(f"Harper time: every block {times['whole']:.2f} s, screened {times['screened']:.2f} s "
          f"(ratio {times['screened'] / max(times['whole'], 1e-9):.2f})")
    print(f"lints without the screen: {sum(counted.values())}; lost by the screen: {len(lost)}; added: {len(added)}")
    for label, entries in (("LOST", lost), ("ADDED", added)):
        for rule, text, context, where in entries[: args.show]:
            print(f"{label} {rule}: {text!r} in …{context.strip()}… ({where})")
    return 1 if lost or added else 0


if __name__ == "__main__":
    raise SystemExit(main())
