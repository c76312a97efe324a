"""Which Harper rules find real errors without false flags: the basis of rules/lists/harper.yaml.

    python bench/select_harper_rules.py [SHARED_EVAL_DIR] [--articles N]

For every Harper rule: how many rows of the public confusable and agreement sets it
flags on the error span (hits), how many correct near-miss sentences it flags (false
flags), and how often it fires on NIH/CDC articles. Rules are suggested for the
default set when they hit at least once, false-flag at most a third as often as they
hit (and at most twice), and fire at most 10 times on the articles.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--articles", type=int, default=60)
    args = parser.parse_args()
    import harper

    from healthlint.document import load_path

    linter = harper.Linter(harper.Dialect.AMERICAN)

    def rows(name: str) -> list[dict]:
        return list(csv.DictReader(open(args.root / "grammar" / f"{name}.tsv", encoding="utf-8"), delimiter="\t"))

    def fired(text: str, span: str | None = None) -> set[str]:
        at = text.find(span) if span else -1
        out = set()
        for rule, lints in linter.organized_lints(text).items():
            for lint in lints:
                if span is None or (at >= 0 and lint.span.start < at + len(span) and lint.span.end > at):
                    out.add(rule)
        return out

    hits, false, articles = Counter(), Counter(), Counter()
    for name in ("confusables", "subject_verb_agreement"):
        for row in rows(name):
            hits.update(fired(row["bad_sentence"], row["error_span_text"]))
    for row in rows("clean_sentences"):
        false.update(fired(row["sentence"]))
    for path in sorted((args.root / "articles" / "medquad" / "md").glob("*.md"))[: args.articles]:
        doc, _ = load_path(path, str(path))
        for rule, lints in linter.organized_lints("\n\n".join(b.text for b in doc.blocks)).items():
            articles[rule] += len(lints)
    print(f"{'rule':<36}{'hits':>6}{'false':>7}{'articles':>10}  default?")
    chosen = []
    for rule, count in hits.most_common():
        ok = rule not in ("SpellCheck", "SentenceCapitalization") and false[rule] <= max(2, count // 3) and articles[rule] <= 10
        chosen.append(rule) if ok else None
        print(f"{rule:<36}{count:>6}{false[rule]:>7}{articles[rule]:>10}  {'yes' if ok else 'no'}")
    print(f"\nsuggested default rules ({len(chosen)}): {sorted(chosen)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
