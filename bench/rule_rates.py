"""Findings per 1,000 words, by rule, over a folder of articles.

    python bench/rule_rates.py [FOLDER] [--select RULES] [--show RULE]

FOLDER defaults to ../shared/eval/articles/medquad/md. Professionally edited NIH and CDC
articles should draw few findings; ``--show`` prints each finding of one rule so false
positives can be read.
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
    parser.add_argument("--select", help="comma-separated rule selectors")
    parser.add_argument("--show", help="print every finding of this rule")
    parser.add_argument("--limit", type=int, default=0, help="only the first N files")
    args = parser.parse_args()
    files = article_files(args.folder, args.limit, recursive=True)
    config = Config(select=tuple(args.select.split(",")) if args.select else None)
    words = 0
    by_rule: collections.Counter = collections.Counter()
    files_by_rule: dict[str, set] = collections.defaultdict(set)
    started = time.perf_counter()
    for path in files:
        result = lint_file(path, config)
        words += result.metrics.get("words", 0)
        for f in result.findings:
            by_rule[(f.rule, f.name, f.severity)] += 1
            files_by_rule[f.rule].add(path.name)
            if args.show and args.show in (f.rule, f.name):
                line = path.read_text(encoding="utf-8", errors="replace").splitlines()[f.line - 1]
                hit = line[f.column - 1 : f.end_column - 1 if f.end_line == f.line else None]
                context = line[max(0, f.column - 40) : f.end_column + 30 if f.end_line == f.line else None]
                print(f"{path.name}:{f.line}:{f.column}: [{hit}] {context!r}")
    elapsed = time.perf_counter() - started
    print(f"{len(files)} files, {words} words, {elapsed:.1f} s")
    print(f"{'rule':<8}{'name':<32}{'severity':<10}{'count':>7}{'per 1k words':>14}{'files':>7}")
    for (code, name, severity), count in sorted(by_rule.items()):
        print(f"{code:<8}{name:<32}{severity:<10}{count:>7}{1000 * count / max(words, 1):>14.3f}{len(files_by_rule[code]):>7}")
    total = sum(by_rule.values())
    print(f"{'total':<50}{total:>7}{1000 * total / max(words, 1):>14.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
