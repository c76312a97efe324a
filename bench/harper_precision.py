"""Precision of each Harper rule healthlint runs (HL150), on one half of the public sets and
on the NIH/CDC articles: the numbers behind rules/lists/harper.yaml's default set.

    python bench/harper_precision.py [SHARED_EVAL_DIR] [--half tune|test|all] [--articles N]

For each Harper rule behind an HL150 finding: rows of the confusable and agreement sets it
flags on the error span (hits), correct near-miss sentences it flags (false flags), and its
findings on the articles (which are professionally edited: nearly all false).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import eval_grammar  # noqa: E402  (bench/eval_grammar.py: the halves and spans)
from healthlint import lint_text  # noqa: E402
from healthlint.config import Config  # noqa: E402
from healthlint.linting import lint_file  # noqa: E402

RULE = re.compile(r"\(Harper: (\w+)\)")


def harper_rule(message: str) -> str:
    found = RULE.search(message)
    return found.group(1) if found else "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", nargs="?", type=Path, default=eval_grammar.DEFAULT)
    parser.add_argument("--half", choices=("tune", "test", "all"), default="tune")
    parser.add_argument("--articles", type=int, default=320)
    parser.add_argument("--show", help="print the articles' findings of this Harper rule")
    args = parser.parse_args()
    eval_grammar.HALF = args.half
    config = Config(select=("HL150",))
    hits, false, articles = Counter(), Counter(), Counter()
    for name in ("confusables", "subject_verb_agreement"):
        for row in eval_grammar.rows(args.root / "grammar" / f"{name}.tsv"):
            text, error = row["bad_sentence"], row["error_span_text"]
            places = eval_grammar.error_places(text, error)
            for f in lint_text(text, fmt="text", config=config).findings:
                if any(f.start < at + len(error) and f.end > at for at in places):
                    hits[harper_rule(f.message)] += 1
    for row in eval_grammar.rows(args.root / "grammar" / "clean_sentences.tsv"):
        for f in lint_text(row["sentence"], fmt="text", config=config).findings:
            false[harper_rule(f.message)] += 1
    folder = args.root / "articles" / "medquad" / "md"
    for path in sorted(folder.glob("*.md"))[: args.articles]:
        lines = None
        for f in lint_file(path, config).findings:
            rule = harper_rule(f.message)
            articles[rule] += 1
            if rule == args.show:
                lines = lines or path.read_text(encoding="utf-8").splitlines()
                print(f"  {path.name}:{f.line}: {lines[f.line - 1][max(0, f.column - 40): f.end_column + 30]!r}")
    print(f"half: {args.half}; Harper rule: hits on error spans / false flags on clean sentences / findings on {args.articles} articles")
    for rule in sorted(set(hits) | set(false) | set(articles), key=lambda r: (-(false[r] + articles[r]), r)):
        print(f"  {rule:32} {hits[rule]:4} {false[rule]:4} {articles[rule]:4}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
