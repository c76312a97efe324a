"""Recall by category and precision by rule on real, openly licensed health pages.

    python bench/eval_realpages.py [--split tuning|held-out|all] [--show-misses] [--show-unjudged]

The pages and their sources and licences are in bench/realpages/ (SOURCES.md). The answer
key, bench/realpages/answers.tsv, lists what a medical editor would mark (``problem``) and
findings healthlint made that are wrong (``false-alarm``), each by file and by a quotation
of the source text (white space between its words may be any run of white space).

A finding matches a problem when its source span overlaps the quotation and its category
agrees with the problem's (claims with claims; evidence with evidence or citations;
grammar with grammar or spelling...). It matches a false alarm when it overlaps the
quotation and is from the rule named at the start of the note ("HL808: ...").
Precision by rule counts matched problems as right and matched false alarms as wrong;
the rest of a rule's findings are unjudged and reported as such.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from healthlint.config import Config
from healthlint.linting import lint_file

HERE = Path(__file__).resolve().parent / "realpages"
PAGES = HERE / "pages"

# Which finding categories can stand for a marked problem's category.
AGREES = {
    "claims": {"claims"},
    "evidence": {"evidence", "citations"},
    "grammar": {"grammar", "spelling"},
    "spelling": {"spelling", "grammar"},
    "plain-language": {"plain-language"},
    "readability": {"readability"},
    "inclusive-language": {"inclusive-language"},
    "keyword-stuffing": {"keyword-stuffing"},
    "seo": {"seo"},
    "metadata": {"metadata"},
    "units": {"units"},
}


@dataclass
class Answer:
    file: str
    quote: str
    category: str
    kind: str  # problem or false-alarm
    note: str
    start: int = -1
    end: int = -1
    line: int = 0

    @property
    def rule(self) -> str:
        match = re.match(r"(HL\d{3})\b", self.note)
        return match.group(1) if match else ""


def read_split() -> dict[str, str]:
    split = {}
    for line in (HERE / "split.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, part = line.split("\t")[:2]
            split[name] = part
    return split


def read_answers() -> list[Answer]:
    answers = []
    for number, line in enumerate((HERE / "answers.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 6:
            raise SystemExit(f"answers.tsv:{number}: expected 6 tab-separated fields, got {len(fields)}")
        file, line_hint, quote, category, kind, note = fields
        answers.append(Answer(file, quote, category, kind, note, line=int(line_hint)))
    return answers


def locate(answers: list[Answer]) -> None:
    """Find each quotation in its page's source, from the start of its line (a quotation
    can occur twice, in a comment and in the page); exits 2 when one is missing."""
    texts: dict[str, str] = {}
    for answer in answers:
        text = texts.setdefault(answer.file, (PAGES / answer.file).read_text(encoding="utf-8"))
        pattern = r"\s+".join(re.escape(word) for word in answer.quote.split())
        line_start = 0
        for _ in range(max(answer.line - 1, 0)):
            line_start = text.find("\n", line_start) + 1
        match = re.compile(pattern).search(text, line_start)
        if not match:
            raise SystemExit(f"{answer.file}: quotation not found: {answer.quote!r}")
        answer.start, answer.end = match.span()
        answer.line = text.count("\n", 0, answer.start) + 1


def evaluate(split_name: str, show_misses: bool, show_unjudged: bool) -> dict:
    split = read_split()
    files = sorted(name for name, part in split.items() if split_name == "all" or part == split_name)
    answers = [a for a in read_answers() if a.file in files]
    locate(answers)
    config = Config()
    found: dict[int, bool] = {}
    right: collections.Counter = collections.Counter()
    wrong: collections.Counter = collections.Counter()
    unjudged: collections.Counter = collections.Counter()
    names: dict[str, str] = {}
    words = 0
    findings_total = 0
    unjudged_list = []
    for name in files:
        path = PAGES / name
        result = lint_file(path, config)
        words += result.metrics.get("words", 0)
        source = path.read_text(encoding="utf-8")
        line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        for f in result.findings:
            findings_total += 1
            names[f.rule] = f.name
            end = line_starts[f.end_line - 1] + f.end_column - 1 if f.end_line <= len(line_starts) else len(source)
            span = (f.start, max(end, f.start + 1))
            judged = None
            for i, a in enumerate(answers):
                if a.file != name or not (span[0] < a.end and a.start < span[1]):
                    continue
                if a.kind == "problem" and f.category in AGREES.get(a.category, {a.category}):
                    found[i] = True
                    judged = judged or "right"
                elif a.kind == "false-alarm" and a.rule == f.rule:
                    found[i] = True
                    judged = "wrong"
            if judged == "right":
                right[f.rule] += 1
            elif judged == "wrong":
                wrong[f.rule] += 1
            else:
                unjudged[f.rule] += 1
                unjudged_list.append((name, f))
    problems = [i for i, a in enumerate(answers) if a.kind == "problem"]
    alarms = [i for i, a in enumerate(answers) if a.kind == "false-alarm"]
    by_category: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for i in problems:
        by_category[answers[i].category][1] += 1
        by_category[answers[i].category][0] += bool(found.get(i))
    print(f"== {split_name}: {len(files)} pages, {words} words, {findings_total} findings "
          f"({1000 * findings_total / max(words, 1):.1f} per 1,000 words)")
    print(f"{'category':<20}{'found':>7}{'marked':>8}{'recall':>8}")
    total_found = 0
    for category, (hit, total) in sorted(by_category.items()):
        total_found += hit
        print(f"{category:<20}{hit:>7}{total:>8}{hit / total:>8.0%}")
    print(f"{'all problems':<20}{total_found:>7}{len(problems):>8}{total_found / max(len(problems), 1):>8.0%}")
    still = sum(1 for i in alarms if found.get(i))
    print(f"known false alarms still firing: {still} of {len(alarms)}")
    print(f"{'rule':<8}{'name':<32}{'right':>6}{'wrong':>6}{'unjudged':>9}{'precision':>10}")
    for rule in sorted(set(right) | set(wrong) | set(unjudged)):
        judged = right[rule] + wrong[rule]
        precision = f"{right[rule] / judged:.0%}" if judged else "-"
        print(f"{rule:<8}{names[rule]:<32}{right[rule]:>6}{wrong[rule]:>6}{unjudged[rule]:>9}{precision:>10}")
    judged_all = sum(right.values()) + sum(wrong.values())
    print(f"judged precision: {sum(right.values())}/{judged_all} = {sum(right.values()) / max(judged_all, 1):.0%}; "
          f"unjudged findings: {sum(unjudged.values())}")
    if show_misses:
        for i in problems:
            if not found.get(i):
                a = answers[i]
                print(f"MISSED {a.file}:{a.line} [{a.category}] {a.quote!r} ({a.note})")
        for i in alarms:
            if found.get(i):
                a = answers[i]
                print(f"STILL FIRES {a.file}:{a.line} {a.note}")
    if show_unjudged:
        for name, f in unjudged_list:
            print(f"UNJUDGED {name}:{f.line}:{f.column} {f.rule} {f.name}: {f.message}")
    claims = by_category.get("claims", [0, 0])
    return {"recall": total_found / max(len(problems), 1), "claims_recall": claims[0] / max(claims[1], 1), "alarms": (still, len(alarms))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("tuning", "held-out", "all"), default="held-out")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--show-unjudged", action="store_true")
    args = parser.parse_args()
    evaluate(args.split, args.show_misses, args.show_unjudged)
    return 0


if __name__ == "__main__":
    sys.exit(main())
