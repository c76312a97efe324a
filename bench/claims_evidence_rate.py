"""Claims and evidence warnings per 1,000 words on professionally edited articles.

    python bench/claims_evidence_rate.py [FOLDER] [--limit N] [--max 0.5]

FOLDER defaults to ../shared/eval/articles/medquad/md (320 NIH and CDC articles). Counts
findings of the claims and evidence categories at warning or error severity; exits 1 when
the rate is at or above ``--max`` (issue 23: under 0.5 per 1,000 words).
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

from healthlint.config import Config
from healthlint.linting import lint_file

from corpus import article_files  # bench/corpus.py, beside this script

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "articles" / "medquad" / "md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--max", type=float, default=0.5)
    args = parser.parse_args()
    files = article_files(args.folder, args.limit, recursive=True)
    config = Config(select=("claims", "evidence"))
    words, counts = 0, collections.Counter()
    started = time.perf_counter()
    for path in files:
        result = lint_file(path, config)
        words += result.metrics.get("words", 0)
        for f in result.findings:
            if f.severity in ("warning", "error"):
                counts[(f.rule, f.name)] += 1
    total = sum(counts.values())
    rate = 1000 * total / max(words, 1)
    print(f"{len(files)} files, {words} words, {time.perf_counter() - started:.1f} s")
    for (code, name), count in sorted(counts.items()):
        print(f"{code:<8}{name:<32}{count:>6}{1000 * count / max(words, 1):>10.3f}")
    print(f"claims and evidence warnings: {total}, {rate:.3f} per 1,000 words (limit {args.max})")
    return 0 if rate < args.max else 1


if __name__ == "__main__":
    sys.exit(main())
