"""A first run (empty result cache) of `healthlint check`: this checkout against another, in
alternating pairs, with how often each file is read and hashed in the main process.

    git archive COMMIT | tar -x -C ~/base      # the commit to compare with
    python bench/cache_first_run.py --base-src ~/base/src [--pairs 5] [--jobs N] [CORPUS]

CORPUS defaults to ../shared/eval/articles/medquad/md (320 NIH and CDC articles). Both
checkouts start each run with an empty result cache and a warm parsed-pack cache, and
write a JSON report; the reports must be byte-identical. Each run's CPU time (user and
system, its worker processes included) is given beside its wall time: on a shared machine
it drifts less. The second part times, in this
process, what a miss cost before linting began again in the worker: reading, hashing and
keying every file once more (the work this checkout no longer does twice).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "eval" / "articles" / "medquad" / "md"


def first_run(src: Path, corpus: Path, packs: Path, cache: Path, out: Path, extra: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one first run."""
    shutil.copytree(packs, cache, ignore=shutil.ignore_patterns("results-*"))
    env = {**os.environ, "PYTHONPATH": str(src), "HEALTHLINT_CACHE_DIR": str(cache)}
    env.pop("HEALTHLINT_NO_CACHE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "healthlint", "check", "--format", "json", "-o", str(out), *extra, "."],
                          cwd=corpus, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f"healthlint failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


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
        rows: dict[str, list[tuple[float, float]]] = {"base": [], "this": []}
        for pair in range(args.pairs):
            base = first_run(args.base_src, args.corpus, packs, work / f"base{pair}", work / "base.json", extra)
            this = first_run(ROOT / "src", args.corpus, packs, work / f"ours{pair}", work / "ours.json", extra)
            if (work / "base.json").read_bytes() != (work / "ours.json").read_bytes():
                sys.exit("the reports differ")
            rows["base"].append(base)
            rows["this"].append(this)
            print(f"pair {pair + 1}: base {base[0]:.2f} s ({base[1]:.2f} s CPU), this checkout {this[0]:.2f} s ({this[1]:.2f} s CPU)", flush=True)
    for kind, column in (("wall", 0), ("CPU", 1)):
        ratio = statistics.median(t[column] / b[column] for b, t in zip(rows["base"], rows["this"]))
        print(f"first run, median {kind} seconds: base {statistics.median(b[column] for b in rows['base']):.2f}, "
              f"this checkout {statistics.median(t[column] for t in rows['this']):.2f}, median ratio {ratio:.3f} over {args.pairs} pairs")
    print("reports byte-identical")
    print(f"reading, hashing and keying all {sum(1 for p in args.corpus.rglob('*') if p.is_file())} files once, in-process: "
          f"{read_hash_key_seconds(args.corpus) * 1000:.1f} ms (median of 5)")


if __name__ == "__main__":
    main()
