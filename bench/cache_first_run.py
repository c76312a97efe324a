"""A first run (empty result cache) of `healthlint check`: this checkout against another, in
alternating pairs, with how often each file is read and hashed in the main process.

    git archive COMMIT | tar -x -C ~/base      # the commit to compare with
    python bench/cache_first_run.py --base-src ~/base/src [--pairs 5] [--jobs N] [CORPUS]

CORPUS defaults to ../shared/eval/articles/medquad/md (320 NIH and CDC articles). Both
checkouts start each run with an empty result cache and a warm parsed-pack cache, and
write a JSON report; the reports must be byte-identical. The second part times, in this
process, what a miss cost before linting began again in the worker: reading, hashing and
keying every file once more (the work this checkout no longer does twice).
"""

from __future__ import annotations

import argparse
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


def first_run(src: Path, corpus: Path, packs: Path, cache: Path, out: Path, extra: list[str]) -> float:
    shutil.copytree(packs, cache, ignore=shutil.ignore_patterns("results-*"))
    env = {**os.environ, "PYTHONPATH": str(src), "HEALTHLINT_CACHE_DIR": str(cache)}
    env.pop("HEALTHLINT_NO_CACHE", None)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "healthlint", "check", "--format", "json", "-o", str(out), *extra, "."],
                          cwd=corpus, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"healthlint failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed


def read_hash_key_seconds(corpus: Path) -> float:
    """Reading, hashing and keying every file once, as a cache lookup does, in this process."""
    sys.path.insert(0, str(ROOT / "src"))
    from healthlint.config import Config
    from healthlint.result_cache import ResultCache, read_for_cache

    files = sorted(p for p in corpus.rglob("*") if p.is_file())
    cache, config = ResultCache(Path(tempfile.mkdtemp())), Config()
    read_for_cache(cache, files[0], config, "warm")
    rounds = []
    for _ in range(5):
        started = time.perf_counter()
        for path in files:
            read_for_cache(cache, path, config, path.name)
        rounds.append(time.perf_counter() - started)
    return statistics.median(rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--base-src", type=Path, required=True, help="the src/ folder of the checkout to compare with")
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    extra = ["--jobs", str(args.jobs)] if args.jobs else []
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        packs = work / "packs"
        env = {**os.environ, "HEALTHLINT_CACHE_DIR": str(packs), "PYTHONPATH": str(ROOT / "src")}
        subprocess.run([sys.executable, "-m", "healthlint", "check", "--no-cache", "--select", "HL101", "."], cwd=args.corpus, env=env, capture_output=True)
        packs.mkdir(exist_ok=True)
        subprocess.run([sys.executable, "-m", "healthlint", "check", "--select", "HL101", "-o", os.devnull, "."], cwd=args.corpus, env=env, capture_output=True)
        ratios, bases, ours = [], [], []
        for pair in range(args.pairs):
            base = first_run(args.base_src, args.corpus, packs, work / f"base{pair}", work / "base.json", extra)
            this = first_run(ROOT / "src", args.corpus, packs, work / f"ours{pair}", work / "ours.json", extra)
            if (work / "base.json").read_bytes() != (work / "ours.json").read_bytes():
                sys.exit("the reports differ")
            bases.append(base)
            ours.append(this)
            ratios.append(this / base)
            print(f"pair {pair + 1}: base {base:.2f} s, this checkout {this:.2f} s, ratio {this / base:.3f}", flush=True)
    print(f"first run, median: base {statistics.median(bases):.2f} s, this checkout {statistics.median(ours):.2f} s, "
          f"median ratio {statistics.median(ratios):.3f} over {args.pairs} pairs; reports byte-identical")
    print(f"reading, hashing and keying all {sum(1 for p in args.corpus.rglob('*') if p.is_file())} files once, in-process: "
          f"{read_hash_key_seconds(args.corpus) * 1000:.1f} ms (median of 5)")


if __name__ == "__main__":
    main()
