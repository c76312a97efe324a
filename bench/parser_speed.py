"""What the parser extra costs, against proselint, in one run.

    pip install -e '.[bench,parser]'
    python bench/parser_speed.py [CORPUS] [--limit N] [--rounds R]

For R rounds (default 2), one after the other so that the machine's drift hits all alike:
proselint on the corpus in a new process; the ``healthlint check`` command (a new
process, ``--jobs`` one worker per core, as bench/run.py runs it) without the parser
(HEALTHLINT_PARSER=off) and with it; then the medians and the ratios to proselint. Also,
once: the share of the corpus's distinct sentences the parser rules' screens send to the
parser, and their words.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import article_files  # bench/corpus.py, beside this script

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "eval" / "articles" / "medquad" / "md"


def command(files: list[Path], jobs: int, parser: bool, source: Path | None = None) -> float:
    env = dict(os.environ)
    env["HEALTHLINT_PARSER"] = "on" if parser else "off"
    if source is not None:  # another checkout's src/ (the commit before the parser), same interpreter
        env["PYTHONPATH"] = str(source)
    with tempfile.TemporaryDirectory() as work:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "healthlint", "check", "--isolated", "--jobs", str(jobs), "--format", "json",
                        "-o", str(Path(work) / "out.json"), *map(str, files)], capture_output=True, env=env)
        return time.perf_counter() - started


def proselint(corpus: Path, limit: int) -> float | None:
    fresh = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), str(corpus), "--limit", str(limit), "--proselint-only"],
                           capture_output=True, text=True)
    if fresh.returncode:
        return None
    return json.loads(fresh.stdout.strip().splitlines()[-1])["wall"]


def screened(files: list[Path]) -> str:
    from healthlint.analysis.sentences import sentences
    from healthlint.document.loader import load_path
    from healthlint.engine.registry import all_rules

    texts: list[str] = []
    for path in files:
        doc, _ = load_path(path)
        texts += [s.text for s in sentences(doc)]
    distinct = list(dict.fromkeys(texts))
    rules = [r for r in all_rules() if r.requires == "parser"]
    chosen = [t for t in distinct if any(r.screen(t) for r in rules)]
    words = sum(len(t.split()) for t in chosen)
    total = sum(len(t.split()) for t in distinct)
    return (f"{len(chosen)} of {len(distinct)} distinct sentences ({100 * len(chosen) / len(distinct):.1f}%), "
            f"{words} of {total} words ({100 * words / total:.1f}%) go to the parser")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--baseline", type=Path, help="src/ folder of an earlier healthlint (git archive OLD | tar -x -C DIR): timed as a third command")
    args = parser.parse_args()
    files = article_files(args.corpus, args.limit)
    jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    print(f"corpus: {len(files)} files; --jobs {jobs}")
    print(screened(files))
    times: dict[str, list[float]] = {"proselint": [], "command, parser off": [], "command, parser on": []}
    if args.baseline:
        times["command, baseline"] = []
    for _ in range(args.rounds):
        peer = proselint(args.corpus, args.limit)
        if peer is None:
            print("proselint is not installed: pip install -e '.[bench]'", file=sys.stderr)
            return 2
        times["proselint"].append(peer)
        times["command, parser off"].append(command(files, jobs, False))
        times["command, parser on"].append(command(files, jobs, True))
        if args.baseline:
            times["command, baseline"].append(command(files, jobs, False, args.baseline))
        print({k: round(v[-1], 2) for k, v in times.items()})
    base = statistics.median(times["proselint"])
    for name, values in times.items():
        ratios = [round(v / p, 2) for v, p in zip(values, times["proselint"])]
        print(f"{name:<22} median {statistics.median(values):6.2f} s; per-round ratio to proselint {ratios}, median {statistics.median(ratios):.2f}")
    print(f"targets: parser off at most 1.0 x proselint, parser on at most 1.5 x (proselint median {base:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
