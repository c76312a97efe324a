"""`healthlint check` over a corpus: this checkout against another, in alternating pairs.

    git archive COMMIT | tar -x -C /tmp/base      # the commit to compare with
    python bench/against_checkout.py --base-src /tmp/base/src [--pairs 3] [CORPUS]

CORPUS defaults to ../shared/eval/articles/medquad/md (320 NIH and CDC articles). Each
pair runs the base checkout, then this one, each in a new process with `--jobs` at its
default and a JSON report; this checkout runs as a first run does, with an empty result
cache that it fills (so the cost of storing results is in its time). The parsed-pack
cache is warm for both. On a shared machine single timings drift; the median of the
pairs' ratios is the figure to read. The reports must be byte-identical.
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


def timed(src: Path, corpus: Path, cache: Path, out: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(src), "HEALTHLINT_CACHE_DIR": str(cache)}
    env.pop("HEALTHLINT_NO_CACHE", None)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "healthlint", "check", "--format", "json", "-o", str(out), "."], cwd=corpus, env=env, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--base-src", type=Path, required=True, help="the src/ folder of the checkout to compare with")
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        packs = work / "packs"
        packs.mkdir()
        timed(args.base_src, args.corpus, packs, work / "warm.json")
        timed(ROOT / "src", args.corpus, packs, work / "warm.json")
        ratios = []
        for pair in range(args.pairs):
            base = timed(args.base_src, args.corpus, packs, work / "base.json")
            cache = work / f"cache{pair}"
            shutil.copytree(packs, cache, ignore=shutil.ignore_patterns("results-*"))
            ours = timed(ROOT / "src", args.corpus, cache, work / "ours.json")
            if (work / "base.json").read_bytes() != (work / "ours.json").read_bytes():
                print("note: the reports differ (the checkouts lint differently)")
            ratios.append(ours / base)
            print(f"pair {pair + 1}: base {base:.2f} s, this checkout (first run, storing results) {ours:.2f} s, ratio {ours / base:.3f}", flush=True)
    print(f"median ratio this / base: {statistics.median(ratios):.3f} over {args.pairs} pairs")


if __name__ == "__main__":
    main()
