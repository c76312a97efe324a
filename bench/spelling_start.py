"""Cold-start cost of healthlint's own spelling pass, in a fresh process: loading the word
lists and finding the unknown words of one article (Harper, which loads on its own
thread, is left out: its cost is the same before and after a word-list change).

    python bench/spelling_start.py FILE [--runs N] [--src OTHER_SRC ...]

Each run is a new interpreter; the figures are the minimum and median over the runs, in
milliseconds, for each source tree given (the default: this tree's src/), alternating
trees so that a busy machine weighs on both alike.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

PROBE = r"""
import sys, time
from pathlib import Path
from healthlint.config import Config
from healthlint.linting import parse
from healthlint.engine.runner import document_settings
doc = parse(Path(sys.argv[1]).read_text(encoding="utf-8"), sys.argv[1], None)
doc.settings = document_settings(doc, Config())
started = time.perf_counter()
from healthlint.checks.harper_rules import _unknown_words
found = _unknown_words(doc)
print((time.perf_counter() - started) * 1000, len(found))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", type=Path)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--src", action="append", type=Path, help="a healthlint src/ folder to time (repeatable)")
    args = parser.parse_args()
    trees = args.src or [Path(__file__).resolve().parents[1] / "src"]
    times: dict[Path, list[float]] = {t: [] for t in trees}
    for _ in range(args.runs):
        for tree in trees:
            out = subprocess.run([sys.executable, "-c", PROBE, str(args.file)], capture_output=True, text=True,
                                 env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin", "HEALTHLINT_CACHE_DIR": "/tmp/hl-spelling-start"}, check=True)
            ms, unknown = out.stdout.split()
            times[tree].append(float(ms))
    for tree, values in times.items():
        print(f"{tree}: min {min(values):.1f} ms, median {statistics.median(values):.1f} ms over {len(values)} runs ({unknown} unknown words)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
