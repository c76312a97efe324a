"""Compare healthlint's readability counts and scores with public reference values.

    python bench/eval_readability.py [SHARED_EVAL_DIR]

1. ``readability/reference_values.tsv``: for the formulas and counts healthlint
   computes, how many reference values it matches within the row's tolerance (textstat
   and py-readability-metrics test values; differences are expected where healthlint
   counts sentences or syllables differently, and are listed).
2. ``readability/medquad_articles_textstat_0.7.13.tsv``: mean absolute difference from
   textstat 0.7.13 on the 320 articles, per metric.
3. ``readability/yoast_syllable_counts_en.tsv``: share of words with the expected count.
4. Speed of the metrics alone, in ms per 1,000 words.
"""

from __future__ import annotations

import csv
import json
import statistics
import sys
import time
from pathlib import Path

from healthlint.analysis.readability import document_counts, metrics
from healthlint.analysis.syllables import syllables
from healthlint.document import load_path, parse

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
# reference metric name -> our metrics key
METRICS = {
    "flesch_reading_ease": "flesch_reading_ease", "flesch_kincaid_grade": "flesch_kincaid_grade",
    "smog_index": "smog_index", "gunning_fog": "gunning_fog", "coleman_liau_index": "coleman_liau_index",
    "automated_readability_index": "automated_readability_index", "dale_chall_readability_score": "dale_chall",
    "count_sentences": "sentences", "count_words": "words", "syllable_count": "syllables",
    "yoast_flesch_reading_ease": "flesch_reading_ease", "yoast_word_count": "words",
    "flesch.ease": "flesch_reading_ease", "flesch_kincaid.grade_level": "flesch_kincaid_grade",
    "gunning_fog.grade_level": "gunning_fog", "coleman_liau.grade_level": "coleman_liau_index",
    "ari.grade_levels": "automated_readability_index", "smog.grade_level": "smog_index",
    "ari": "automated_readability_index", "coleman_liau": "coleman_liau_index", "flesch": "flesch_reading_ease",
    "flesch_kincaid": "flesch_kincaid_grade", "smog": "smog_index", "dale_chall": "dale_chall",
    "stat_num_sentences": "sentences", "stat_num_words": "words", "stat_words": "words", "stat_sentences": "sentences",
}


def reference_values(root: Path) -> None:
    texts = root / "readability" / "texts"
    rows = list(csv.DictReader(open(root / "readability" / "reference_values.tsv", encoding="utf-8"), delimiter="\t"))
    checked = matched = banded = 0
    misses = []
    for row in rows:
        key = METRICS.get(row["metric"])
        path = texts / f"{row['text_id']}.txt"
        if not key or not path.exists():
            continue
        try:
            expected = float(row["expected"])
            tolerance = max(float(row["tolerance"] or 0), 0.01)  # healthlint reports 2 decimals
        except ValueError:
            continue
        params = json.loads(row["params_json"] or "{}") if row["params_json"].startswith("{") else {}
        if params.get("lang", "en_US")[:2] != "en" or set(params) - {"lang"}:
            continue  # other languages, or counting options healthlint does not have
        text = path.read_text(encoding="utf-8")
        if key == "syllables" and len(text.split()) == 1:
            got = syllables(text.strip())
        else:
            doc = parse(text, "ref.txt", "text")
            m = metrics(doc)
            m["words"] = document_counts(doc).words
            got = m.get(key)
        checked += 1
        band = 5.0 if "flesch_reading_ease" in key else 1.0 if key not in ("sentences", "words", "syllables") else max(1.0, 0.03 * expected)
        if got is not None and abs(got - expected) <= max(band, tolerance):
            banded += 1
        if got is not None and abs(got - expected) <= tolerance:
            matched += 1
        else:
            misses.append((row["metric"], row["text_id"], expected, got, row["source"].split("@")[0]))
    print(f"reference values: {matched}/{checked} within the row's tolerance; {banded}/{checked} within ±1 grade, ±5 FRE points or ±3% of a count")
    for metric, text_id, expected, got, source in misses:
        print(f"  differs: {metric:<30}{text_id:<24}expected {expected:<9} healthlint {got!s:<8} ({source})")


def textstat_articles(root: Path) -> None:
    table = root / "readability" / "medquad_articles_textstat_0.7.13.tsv"
    folder = root / "articles" / "medquad" / "md"
    if not table.exists() or not folder.exists():
        return
    rows = {r["article_id"]: r for r in csv.DictReader(open(table, encoding="utf-8"), delimiter="\t")}
    diffs: dict[str, list[float]] = {}
    words = 0
    elapsed = 0.0
    for path in sorted(folder.glob("*.md")):
        row = rows.get(path.stem)
        if not row:
            continue
        doc, _ = load_path(path, str(path))
        started = time.perf_counter()
        m = metrics(doc)
        elapsed += time.perf_counter() - started
        words += document_counts(doc).words
        for theirs, ours in (("flesch_reading_ease", "flesch_reading_ease"), ("flesch_kincaid_grade", "flesch_kincaid_grade"),
                             ("smog_index", "smog_index"), ("gunning_fog", "gunning_fog"), ("coleman_liau_index", "coleman_liau_index"),
                             ("automated_readability_index", "automated_readability_index"), ("dale_chall_readability_score", "dale_chall")):
            if m.get(ours) is not None:
                diffs.setdefault(ours, []).append(m[ours] - float(row[theirs]))
    print(f"textstat 0.7.13 on {len(rows)} articles: mean difference (healthlint - textstat) and mean absolute difference")
    for key, values in diffs.items():
        print(f"  {key:<30}{statistics.mean(values):>8.2f}{statistics.mean(abs(v) for v in values):>8.2f}")
    print(f"metrics speed (first run includes dictionary loading): {1000 * elapsed / max(words, 1) * 1000:.2f} ms per 1,000 words over {words} words")


def yoast_syllables(root: Path) -> None:
    path = root / "readability" / "yoast_syllable_counts_en.tsv"
    rows = list(csv.DictReader(open(path, encoding="utf-8"), delimiter="\t"))
    good = sum(1 for r in rows if sum(syllables(w) for w in r["text"].split()) == int(r["expected_syllables"]))
    print(f"Yoast syllable probes: {good}/{len(rows)} exact")


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not (root / "readability").is_dir():
        print(f"no readability data under {root}", file=sys.stderr)
        return 2
    reference_values(root)
    yoast_syllables(root)
    textstat_articles(root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
