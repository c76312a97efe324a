"""Recall and false flags of healthlint's grammar rules on the public test sets.

    python bench/eval_grammar.py [SHARED_EVAL_DIR] [--select RULES] [--misses N]

- recall on ``grammar/confusables.tsv`` and ``grammar/subject_verb_agreement.tsv``: a row
  counts as found when a grammar or spelling finding overlaps its error span (the span's
  text is looked up as a whole word; when it occurs more than once, any occurrence counts);
- false flags on ``grammar/clean_sentences.tsv``: share of correct sentences with any
  grammar or spelling finding;
- grammar and spelling warnings (and errors) per 1,000 words on the 320 NIH/CDC articles,
  counted as they are; then as SOURCES.md asks for the articles MedQuAD took apostrophes
  out of (``suspect_lost_apostrophes`` in ``articles/medquad/INDEX.tsv``): their
  contraction and its/it's findings left out.
Default rules: the grammar and spelling categories as shipped (no LanguageTool unless
--languagetool-url is given).

Each public set is split in two halves by a hash of the sentence (``--half tune|test|all``;
the default, ``test``, is what is reported: rules are tuned on the other half only).
``--heldout`` also scores tests/fixtures/grammar_heldout.tsv and grammar_heldout_fresh.tsv
(sentences written for healthlint) and tests/fixtures/drug_sound_alikes.tsv (look-alike drug
names, HL142; split in halves like the public sets, and only the ``--half`` asked for is
scored); ``--own`` scores only grammar_own_new.tsv (written before the second tuning pass,
to be scored once); ``--file PATH`` scores any set of the same format (a blind set kept
outside the repository). ``--no-parser`` lints as if the ``parser`` extra were not installed.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

from healthlint import lint_text
from healthlint.config import Config
from healthlint.linting import lint_file

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


HALF = "test"


def half_of(text: str) -> str:
    """The half a public row belongs to, fixed by its text: "tune" or "test"."""
    return "test" if hashlib.sha1(text.encode("utf-8")).digest()[0] % 2 else "tune"


def rows(path: Path, split: bool = True) -> list[dict]:
    every = list(csv.DictReader(open(path, encoding="utf-8"), delimiter="\t"))
    if not split or HALF == "all":
        return every
    return [r for r in every if half_of(r.get("bad_sentence") or r.get("sentence") or "") == HALF]


# Sets of our own split like the public ones: only the --half asked for is scored.
SPLIT_SETS = ("drug_sound_alikes.tsv",)


def heldout(config: Config, misses: int, name: str = "grammar_heldout.tsv") -> None:
    path = Path(name) if os.sep in name else Path(__file__).resolve().parents[1] / "tests" / "fixtures" / name
    totals: dict[tuple[str, str], list[int]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        family, kind, text, flag = (line.split("\t") + [""])[:4]
        if name in SPLIT_SETS and HALF != "all" and half_of(text) != HALF:
            continue
        found = spans(text, config)
        if kind == "error":
            places = error_places(text, flag)
            ok = any(s < at + len(flag) and e > at for s, e, _ in found for at in places)
        else:
            ok = not found
        totals.setdefault((family, kind), [0, 0])
        totals[(family, kind)][0] += ok
        totals[(family, kind)][1] += 1
        if not ok and misses:
            print(f"  heldout {'missed' if kind == 'error' else 'flagged'} [{family}] {text!r} {[(text[s:e], r) for s, e, r in found]}")
    errors = [v for (f, k), v in totals.items() if k == "error"]
    cleans = [v for (f, k), v in totals.items() if k == "clean"]
    for (family, kind), (ok, n) in sorted(totals.items()):
        print(f"{name} {family} {kind}: {'found' if kind == 'error' else 'left clean'} {ok}/{n}")
    found, total = sum(v[0] for v in errors), sum(v[1] for v in errors)
    clean, ctotal = sum(v[0] for v in cleans), sum(v[1] for v in cleans)
    label = f"{name} ({HALF} half)" if name in SPLIT_SETS else name
    print(f"{label}: recall {found}/{total} = {100 * found / total:.1f}%; near-misses flagged {ctotal - clean}/{ctotal} = {100 * (ctotal - clean) / ctotal:.1f}%")


def spans(text: str, config: Config) -> list[tuple[int, int, str]]:
    result = lint_text(text, fmt="text", config=config)
    return [(f.start, f.end, f.rule) for f in result.findings]


def error_places(text: str, error: str) -> list[int]:
    """Where the error span can be: its whole-word occurrences ("now" is not the "now" in
    "know"), else any occurrence. The sets give the span's text, not its offset, so a
    finding on any of them counts."""
    if not error:
        return []
    whole = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(error) + r"(?!\w)", text)]
    if whole:
        return whole
    at = text.find(error)
    return [at] if at >= 0 else []


def recall(path: Path, config: Config, misses: int) -> tuple[int, int, Counter]:
    found, by_rule, shown = 0, Counter(), 0
    for row in rows(path):
        text, error = row["bad_sentence"], row["error_span_text"]
        places = error_places(text, error)
        hits = [r for s, e, r in spans(text, config) if any(s < at + len(error) and e > at for at in places)]
        if hits:
            found += 1
            by_rule[hits[0]] += 1
        elif shown < misses:
            shown += 1
            print(f"  missed [{row['category']}] {error!r} in {text!r}")
    return found, len(rows(path)), by_rule


_CONTRACTIONS = frozenset(
    "dont doesnt isnt arent wasnt werent didnt cant couldnt wouldnt shouldnt wont hasnt havent hadnt "
    "youre youve youll youd theyre theyve theyll theyd weve thats whats theres heres lets ive".split()
)


def source_defect(finding) -> str:
    """What kind of word a spelling finding is about, decided by rule, not by hand: a
    contraction whose apostrophe the source lost ("doesnt"), two words run together
    (healthlint's own split suggestion: "abdomenthe"), or anything else."""
    if finding.rule == "HL143":
        return "run-together"  # sentences or words glued at a comma or full stop ("cancer.Procedures")
    word = finding.message.split("'")[1] if "'" in finding.message else ""
    if word.lower() in _CONTRACTIONS:
        return "apostrophe dropped"
    if finding.suggestions and " " in finding.suggestions[0]:
        return "run-together"
    return "other"


def lost_apostrophes(folder: Path) -> set[str]:
    """Articles that INDEX.tsv marks as having lost apostrophes ("doesnt", "its possible")."""
    index = folder.parent / "INDEX.tsv"
    if not index.is_file():
        return set()
    return {row["article_id"] for row in rows(index, split=False) if int(row.get("suspect_lost_apostrophes") or 0) > 0}


def about_apostrophe(finding, lines: list[str]) -> bool:
    """A contraction or its/it's finding: what a lost apostrophe produces."""
    text = lines[finding.line - 1][finding.column - 1 : finding.end_column - 1] if finding.end_line == finding.line <= len(lines) else ""
    return text.lower() in ("its", "it's", "it’s") or source_defect(finding) == "apostrophe dropped"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--select", default="grammar,spelling")
    parser.add_argument("--languagetool-url")
    parser.add_argument("--misses", type=int, default=0, help="print this many missed rows per set")
    parser.add_argument("--articles", type=int, default=320, help="articles to lint (0 to skip)")
    parser.add_argument("--half", choices=("tune", "test", "all"), default="test", help="which half of each public set (default: test)")
    parser.add_argument("--heldout", action="store_true", help="also score tests/fixtures/grammar_heldout.tsv")
    parser.add_argument("--own", action="store_true", help="score only tests/fixtures/grammar_own_new.tsv (written before tuning; score it once)")
    parser.add_argument("--no-parser", action="store_true", help="lint as if the parser extra were not installed")
    parser.add_argument("--file", action="append", default=[], help="also score this TSV (family, kind, text, flag), e.g. a blind set; repeatable")
    args = parser.parse_args()
    global HALF
    HALF = args.half
    if args.no_parser:
        os.environ["HEALTHLINT_PARSER"] = "off"
    try:
        from healthlint.analysis import parse as parsing
    except ImportError:  # a healthlint from before the parser layer (a baseline run)
        parsing = None
    on = parsing is not None and parsing.available()
    print(f"half: {HALF}; parser: {'on (' + str(parsing.model_package()) + ')' if on else 'off'}")
    if args.own:
        heldout(Config(select=tuple(args.select.split(",")), languagetool_url=args.languagetool_url), args.misses, "grammar_own_new.tsv")
        return 0
    if args.heldout:
        for name in ("grammar_heldout.tsv", "grammar_heldout_fresh.tsv", *SPLIT_SETS, "drug_sound_alikes_fresh.tsv"):
            heldout(Config(select=tuple(args.select.split(",")), languagetool_url=args.languagetool_url), args.misses, name)
    for extra in args.file:
        heldout(Config(select=tuple(args.select.split(",")), languagetool_url=args.languagetool_url), args.misses, str(Path(extra).resolve()))
    grammar = args.root / "grammar"
    if not grammar.is_dir():
        print(f"no grammar data under {args.root}", file=sys.stderr)
        return 2
    config = Config(select=tuple(args.select.split(",")), languagetool_url=args.languagetool_url)
    for name in ("confusables", "subject_verb_agreement"):
        started = time.perf_counter()
        found, total, by_rule = recall(grammar / f"{name}.tsv", config, args.misses)
        print(f"{name}: recall {found}/{total} = {100 * found / total:.1f}% ({time.perf_counter() - started:.1f} s); by rule: {dict(by_rule.most_common(8))}")
    clean = rows(grammar / "clean_sentences.tsv")
    flagged = Counter()
    count = 0
    for row in clean:
        hits = spans(row["sentence"], config)
        if hits:
            count += 1
            flagged[hits[0][2]] += 1
            if args.misses:
                print(f"  flagged {row['sentence']!r} {[(row['sentence'][s:e], r) for s, e, r in hits]}")
    print(f"clean_sentences: {count}/{len(clean)} = {100 * count / len(clean):.1f}% flagged; by rule: {dict(flagged.most_common(8))}")
    folder = args.root / "articles" / "medquad" / "md"
    if args.articles and folder.is_dir():
        # The target counts warnings (and errors); info findings such as extra spaces are listed apart.
        words, per_rule, info, defects, documented = 0, Counter(), Counter(), Counter(), 0
        suspect = lost_apostrophes(folder)
        started = time.perf_counter()
        for path in sorted(folder.glob("*.md"))[: args.articles]:
            result = lint_file(path, config)
            words += result.metrics.get("words", 0)
            per_rule.update(f.rule for f in result.findings if f.severity != "info")
            info.update(f.rule for f in result.findings if f.severity == "info")
            defects.update(source_defect(f) for f in result.findings if f.rule in ("HL151", "HL143"))
            if path.stem in suspect:
                lines = path.read_text(encoding="utf-8").splitlines()
                documented += sum(1 for f in result.findings if f.severity != "info" and about_apostrophe(f, lines))
        total = sum(per_rule.values())
        print(f"articles: {total} warnings and errors in {words} words = {1000 * total / max(words, 1):.2f} per 1,000 words "
              f"({time.perf_counter() - started:.1f} s); by rule: {dict(per_rule.most_common(8))}; info, not counted: {dict(info)}")
        print(f"  as SOURCES.md asks, without the {documented} contraction and its/it's findings in the {len(suspect)} articles "
              f"INDEX.tsv marks as having lost apostrophes: {1000 * (total - documented) / max(words, 1):.2f} per 1,000 words")
        known = defects["run-together"] + defects["apostrophe dropped"]
        print(f"  of the HL151 and HL143 findings, {known} are words the scraped text really misspells or runs together ({dict(defects)}); "
              f"without them: {1000 * (total - known) / max(words, 1):.2f} per 1,000 words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
