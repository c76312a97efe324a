"""Score a healthlint JSON report against the blind answer key in bench/realpages2/.

    healthlint check --no-cache --format json bench/realpages2/pages > /tmp/rp2.json
    python bench/eval_realpages2.py /tmp/rp2.json [--answers bench/realpages2/answers.tsv]
                                                  [--strict-columns] [--show-misses]
                                                  [--show-unmatched]

The answer key (answers.tsv) has one row per problem an editor would mark: page, line,
span (exact text on that line), category, note. A finding matches a row when it is on the
same page, its line range covers the row's line (with --strict-columns its character range
must also overlap the span's), and its category is in the same family as the row's:

    grammar, spelling              -> language
    readability, plain-language    -> readability
    keyword-stuffing, seo          -> seo
    citations, evidence            -> evidence
    claims                         -> claims
    metadata, units, inclusive-language -> each its own family

Recall is counted per answer row (a row is found when any finding matches it), by
category. Findings that match no row are listed by rule, so a person can judge precision
rule by rule: an unmatched finding is not necessarily wrong, the key holds only what an
editor would mark.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

FAMILY = {
    "grammar": "language",
    "spelling": "language",
    "readability": "readability",
    "plain-language": "readability",
    "keyword-stuffing": "seo",
    "seo": "seo",
    "citations": "evidence",
    "evidence": "evidence",
    "claims": "claims",
    "metadata": "metadata",
    "units": "units",
    "inclusive-language": "inclusive-language",
}

HERE = Path(__file__).resolve().parent
DEFAULT_ANSWERS = HERE / "realpages2" / "answers.tsv"
DEFAULT_PAGES = HERE / "realpages2" / "pages"


def family(category: str) -> str:
    return FAMILY.get(category, category)


def load_answers(path: Path, pages: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            line_no = int(row["line"])
            text = (pages / row["page"]).read_text(encoding="utf-8").split("\n")[line_no - 1]
            start = text.find(row["span"])
            if start < 0:
                raise SystemExit(f"answer span not on its line: {row['page']}:{line_no}: {row['span']!r}")
            row["line"] = line_no
            row["col"] = start + 1  # 1-based, like healthlint's columns
            row["end_col"] = start + 1 + len(row["span"])  # exclusive
            rows.append(row)
    return rows


def load_findings(path: Path) -> list[dict]:
    report = json.loads(path.read_text(encoding="utf-8"))
    findings = []
    for entry in report["files"]:
        page = Path(entry["path"]).name
        for finding in entry["findings"]:
            findings.append(dict(finding, page=page))
    return findings


def matches(finding: dict, answer: dict, strict_columns: bool) -> bool:
    if finding["page"] != answer["page"]:
        return False
    if family(finding["category"]) != family(answer["category"]):
        return False
    first, last = finding["line"], finding.get("end_line", finding["line"])
    if not first <= answer["line"] <= last:
        return False
    if not strict_columns:
        return True
    # Character overlap on the answer's line; a finding running past that line covers it to its end.
    start = finding["column"] if first == answer["line"] else 1
    end = finding.get("end_column", start + 1) if last == answer["line"] else 10**9
    return start < answer["end_col"] and answer["col"] < end


def score(answers: list[dict], findings: list[dict], strict_columns: bool) -> tuple[dict, list[dict]]:
    matched_findings: set[int] = set()
    for answer in answers:
        answer["found_by"] = []
        for index, finding in enumerate(findings):
            if matches(finding, answer, strict_columns):
                answer["found_by"].append(finding["rule"])
                matched_findings.add(index)
    unmatched = [f for i, f in enumerate(findings) if i not in matched_findings]
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for answer in answers:
        by_category[answer["category"]][1] += 1
        if answer["found_by"]:
            by_category[answer["category"]][0] += 1
    return dict(by_category), unmatched


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", type=Path, help="healthlint JSON report of bench/realpages2/pages")
    parser.add_argument("--answers", type=Path, default=DEFAULT_ANSWERS)
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--strict-columns", action="store_true",
                        help="also require the finding's characters to overlap the answer's span")
    parser.add_argument("--show-misses", action="store_true", help="list answer rows no finding matched")
    parser.add_argument("--show-unmatched", action="store_true",
                        help="list every finding that matches no answer row")
    args = parser.parse_args(argv)

    answers = load_answers(args.answers, args.pages)
    findings = load_findings(args.report)
    by_category, unmatched = score(answers, findings, args.strict_columns)

    total_found = sum(found for found, _ in by_category.values())
    print(f"answer rows: {len(answers)}, findings: {len(findings)}, "
          f"matching: {'line and columns' if args.strict_columns else 'line'}")
    print(f"recall: {total_found}/{len(answers)} = {total_found / len(answers):.0%}")
    print("\nrecall by category")
    for category, (found, total) in sorted(by_category.items(), key=lambda kv: -kv[1][1]):
        print(f"  {category:16} {found:3}/{total:<3} {found / total:5.0%}")

    per_rule = Counter(f["rule"] + " " + f["name"] for f in findings)
    unmatched_rule = Counter(f["rule"] + " " + f["name"] for f in unmatched)
    print("\nfindings per rule: total, matching an answer row, matching none (judge these by hand)")
    for rule, total in sorted(per_rule.items(), key=lambda kv: (-unmatched_rule[kv[0]], kv[0])):
        print(f"  {rule:36} {total:3} {total - unmatched_rule[rule]:3} {unmatched_rule[rule]:3}")

    if args.show_misses:
        print("\nmissed answer rows")
        for answer in answers:
            if not answer["found_by"]:
                print(f"  {answer['page']}:{answer['line']} [{answer['category']}] {answer['span'][:70]}")
    if args.show_unmatched:
        print("\nfindings matching no answer row")
        for finding in sorted(unmatched, key=lambda f: (f["rule"], f["page"], f["line"])):
            print(f"  {finding['rule']} {finding['page']}:{finding['line']}:{finding['column']} "
                  f"{finding['message'][:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
