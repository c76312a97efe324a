"""Cold start of `healthlint check` on one file: a new file (a result-cache miss, which
stores its entry) and the same file again (served), interleaved with another checkout.

    git archive COMMIT | tar -x -C /tmp/base      # the commit to compare with
    python bench/cache_cold_start.py --base-src /tmp/base/src [--rounds 7] [FILE]

FILE defaults to samples/clinic-blog.txt (about 500 words). Each round copies it to a new
name with one new line (so no result is cached for it) and times, each in a new process:
the base checkout (result cache off: it has none), this checkout on the new file (lookup,
lint, store), and this checkout on it again (served). The parsed-pack cache is warm for
both, as on any machine after one run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(src: Path, path: Path, env: dict) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "healthlint", "check", "--isolated", str(path)], capture_output=True, env={**env, "PYTHONPATH": str(src)})
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", type=Path, default=ROOT / "samples" / "clinic-blog.txt")
    parser.add_argument("--base-src", type=Path, required=True, help="the src/ folder of the checkout to compare with")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        env = {**os.environ, "HEALTHLINT_CACHE_DIR": str(Path(work) / "cache")}
        env.pop("HEALTHLINT_NO_CACHE", None)
        for src in (args.base_src, ROOT / "src"):  # compiled modules and parsed packs
            timed(src, args.file, env)
        rows = {"base": [], "miss": [], "hit": []}
        for round_ in range(args.rounds):
            fresh = Path(work) / f"page{round_}{args.file.suffix}"
            fresh.write_bytes(args.file.read_bytes() + f"\nRound {round_} of the cold-start bench.\n".encode())
            rows["base"].append(timed(args.base_src, fresh, env))
            rows["miss"].append(timed(ROOT / "src", fresh, env))
            rows["hit"].append(timed(ROOT / "src", fresh, env))
            print(f"round {round_ + 1}: base {rows['base'][-1]:.2f} s, new file {rows['miss'][-1]:.2f} s, served {rows['hit'][-1]:.2f} s", flush=True)
    for name, label in (("base", "base checkout"), ("miss", "this checkout, new file"), ("hit", "this checkout, served")):
        values = rows[name]
        print(f"{label:<26} best {min(values):.2f} s, median {statistics.median(values):.2f} s")


if __name__ == "__main__":
    main()
