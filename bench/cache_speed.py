"""The result cache: a first (cold-cache) run of `healthlint check` against a second one.

    python bench/cache_speed.py [CORPUS] [--rounds N] [--jobs N]

CORPUS defaults to ../shared/eval/articles/medquad/md (320 NIH and CDC articles). Each round
uses a new, empty cache folder and runs the command as users do (a new process, JSON
report to a file, default rules, --jobs at its default unless given):

1. first run: nothing cached, every file linted and stored;
2. second run: nothing changed, every file served from the cache;
3. one file edited (a copy of the corpus, one article changed): only it is linted;
4. the result cache off (HEALTHLINT_RESULT_CACHE_MB=0, parsed-pack cache on): what the first
   run costs without storing its results, for reference.

It checks that the first and second reports are byte-identical and that after the edit
only the edited file's entry in the report changed, and prints each time with the ratio
second / first (the issue's bar: at most 15%).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "eval" / "articles" / "medquad" / "md"


def run(corpus: Path, cache: Path, out: Path, extra: list[str], result_cache: bool = True) -> tuple[float, int]:
    env = {**os.environ, "HEALTHLINT_CACHE_DIR": str(cache), "HEALTHLINT_RESULT_CACHE_MB": "256" if result_cache else "0"}
    env.pop("HEALTHLINT_NO_CACHE", None)
    command = [sys.executable, "-m", "healthlint", "check", "--format", "json", "-o", str(out), *extra, "."]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=corpus, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"healthlint failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    extra = ["--jobs", str(args.jobs)] if args.jobs else []
    rows: dict[str, list[float]] = {"first": [], "second": [], "one edited": [], "cache off": []}
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        corpus = work / "corpus"
        shutil.copytree(args.corpus, corpus)
        files = sorted(p for p in corpus.rglob("*") if p.is_file())
        original = files[0].read_bytes()
        for round_ in range(args.rounds):
            files[0].write_bytes(original)
            cache = work / f"cache{round_}"
            cache.mkdir()
            # The parsed-pack cache is warm in every run (as on any machine after one run):
            # what is measured here is the result cache alone.
            run(corpus, cache, work / "warm.json", [*extra, "--select", "HL101"])
            first, code1 = run(corpus, cache, work / "first.json", extra)
            second, code2 = run(corpus, cache, work / "second.json", extra)
            if (work / "first.json").read_bytes() != (work / "second.json").read_bytes() or code1 != code2:
                sys.exit("the second run's report differs from the first's")
            files[0].write_bytes(original.replace(b"\n\n", b"\n\nThis has a big affect on health.\n\n", 1))
            edited, _ = run(corpus, cache, work / "edited.json", extra)
            before = json.loads((work / "first.json").read_text(encoding="utf-8"))["files"]
            after = json.loads((work / "edited.json").read_text(encoding="utf-8"))["files"]
            changed = [b["path"] for b, a in zip(before, after) if a != b]
            if changed != [files[0].relative_to(corpus).as_posix()]:
                sys.exit(f"after one edit, these files' results changed: {changed}")
            files[0].write_bytes(original)
            uncached, _ = run(corpus, cache, work / "none.json", extra, result_cache=False)
            if (work / "none.json").read_bytes() != (work / "first.json").read_bytes():
                sys.exit("the report without the result cache differs from the cached one")
            for name, value in zip(rows, (first, second, edited, uncached)):
                rows[name].append(value)
            print(f"round {round_ + 1}: first {first:.2f} s, second {second:.2f} s ({second / first:.1%}), one edited {edited:.2f} s, result cache off {uncached:.2f} s", flush=True)
        size = sum(p.stat().st_size for p in (work / "cache0" / "results-v1").rglob("*.json"))
    print(f"\n{len(files)} files from {args.corpus}, {args.rounds} rounds, median seconds:")
    for name, values in rows.items():
        print(f"  {name:<11} {statistics.median(values):6.2f}")
    ratio = statistics.median(s / f for s, f in zip(rows["second"], rows["first"]))
    print(f"  second / first: {ratio:.1%} (bar: 15%); reports byte-identical; after one edit only that file changed")
    overhead = statistics.median(f / o for f, o in zip(rows["first"], rows["cache off"]))
    print(f"  first / result cache off: {overhead:.2f} (the cost of storing results)")
    print(f"  cache size: {size / 1024 / 1024:.1f} MB for {len(files)} files ({size / len(files) / 1024:.1f} KB a file)")


if __name__ == "__main__":
    main()
