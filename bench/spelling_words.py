"""What HL151 (spelling) flags on the 320 NIH/CDC articles, word by word.

    python bench/spelling_words.py [SHARED_EVAL_DIR] [--half tune|test|all] [--top N] [--dialect NAME]

Prints spelling findings per 1,000 words, then the flagged words with their counts (the
words, to sort into real typos and real words by hand; the fixes go into mechanisms and
source lists, never word by word from this corpus). Articles are split into halves by a
hash of their file name, as bench/eval_grammar.py splits sentences.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections import Counter
from pathlib import Path

from healthlint.config import Config
from healthlint.linting import lint_file

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def half_of(name: str) -> str:
    return "test" if hashlib.sha1(name.encode("utf-8")).digest()[0] % 2 else "tune"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--half", choices=("tune", "test", "all"), default="all")
    parser.add_argument("--top", type=int, default=60, help="flagged words to list")
    parser.add_argument("--dialect", default=None)
    args = parser.parse_args()
    folder = args.root / "articles" / "medquad" / "md"
    paths = [p for p in sorted(folder.glob("*.md")) if args.half == "all" or half_of(p.name) == args.half]
    overrides = {"dialect": args.dialect} if args.dialect else {}
    config = Config(select=("spelling",), **overrides)
    words, flagged, split, started = 0, Counter(), Counter(), time.perf_counter()
    for path in paths:
        result = lint_file(path, config)
        words += result.metrics.get("words", 0)
        lines = path.read_text(encoding="utf-8").splitlines()
        for f in result.findings:
            if f.severity != "info" and f.line == f.end_line:
                word = lines[f.line - 1][f.column - 1 : f.end_column - 1]
                flagged[word] += 1
                if f.suggestions and " " in f.suggestions[0]:
                    split[word] += 1  # two words run together in the source ("abdomenthe")
    total = sum(flagged.values())
    print(f"{len(paths)} articles ({args.half}), {words} words: {total} spelling findings = "
          f"{1000 * total / max(words, 1):.2f} per 1,000 words ({time.perf_counter() - started:.1f} s); {len(flagged)} distinct words")
    print(f"  of them run together (healthlint suggests a split): {sum(split.values())}; the other words:")
    for word, n in [(w, n) for w, n in flagged.most_common() if w not in split][: args.top]:
        print(f"  {n:3d} {word}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
