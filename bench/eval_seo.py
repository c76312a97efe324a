"""Compare healthlint's keyphrase arithmetic with Yoast SEO's own test fixtures.

    python bench/eval_seo.py [SHARED_EVAL_DIR]

- ``seo/yoast_keyword_density_research.tsv``: density (matches / words x 100);
- ``seo/yoast_keyword_count.tsv``: matches per text;
- ``seo/yoast_keyword_density_assessment.jsonl``: the assessment's verdict (score 4 too few,
  9 good, -10 over, -50 far over).

Differences are listed: healthlint always groups word forms and splits words and sentences
its own way, where free Yoast matches exact forms.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from healthlint.analysis.keyphrase import assess, count_in, keyphrase_words
from healthlint.analysis.sentences import WORD, sentences
from healthlint.document import parse

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
SCORES = {"none": 4, "too-few": 4, "good": 9, "over": -10, "way-over": -50}


def matches(text: str, keyphrase: str) -> tuple[int, int]:
    words, exact = keyphrase_words(keyphrase)
    doc = parse(text, "t.txt", "text")
    items = sentences(doc)
    return sum(count_in(s.text, words, exact) for s in items), sum(len(WORD.findall(s.text)) for s in items)


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    seo = root / "seo"
    if not seo.is_dir():
        print(f"no SEO data under {root}", file=sys.stderr)
        return 2
    rows = list(csv.DictReader(open(seo / "yoast_keyword_density_research.tsv", encoding="utf-8"), delimiter="\t"))
    good = 0
    for row in rows:
        found, words = matches(row["text"], row["keyword"])
        ours = 100 * found / words if words else 0.0
        if abs(ours - float(row["expected_density_percent"])) < 0.05:
            good += 1
        else:
            print(f"  density differs: {row['keyword']!r}: expected {float(row['expected_density_percent']):.2f}, healthlint {ours:.2f} ({found}/{words}) in {row['text'][:60]!r}")
    print(f"density research: {good}/{len(rows)} within 0.05 points")

    rows = list(csv.DictReader(open(seo / "yoast_keyword_count.tsv", encoding="utf-8"), delimiter="\t"))
    good = 0
    for row in rows:
        forms = json.loads(row["keyphrase_forms_json"])
        keyphrase = " ".join(group[0] for group in forms)
        found, _ = matches(row["text"], keyphrase)
        if found == int(row["expected_count"]):
            good += 1
        else:
            print(f"  count differs: {keyphrase!r}: expected {row['expected_count']}, healthlint {found} in {row['text'][:60]!r}")
    print(f"keyword count: {good}/{len(rows)} equal")

    good = total = 0
    for line in open(seo / "yoast_keyword_density_assessment.jsonl", encoding="utf-8"):
        case = json.loads(line)
        if case.get("expected_score") is None:
            continue
        total += 1
        found, words = matches(case["text"], case["keyword"])
        max_density = 3.5 if case.get("uses_premium_morphology") else 3.0
        verdict = assess(found, words, len(keyphrase_words(case["keyword"])[0]), max_density).verdict
        if SCORES[verdict] == case["expected_score"]:
            good += 1
        else:
            print(f"  verdict differs: {case['test'][:70]!r}: expected {case['expected_score']}, healthlint {SCORES[verdict]} ({found} in {words} words)")
    print(f"density assessment: {good}/{total} same verdict")
    return 0


if __name__ == "__main__":
    sys.exit(main())
