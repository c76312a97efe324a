"""`healthlint check --scheduler` on a local Dask cluster of 1, 2 and 4 workers.

    pip install -e '.[dask]'
    python bench/dask_scale.py [CORPUS] [--workers 1 2 4] [--json OUT]

CORPUS defaults to ../shared/eval/articles/medquad/md (320 NIH and CDC articles). For each
worker count a new cluster (one process per worker, one thread each, on 127.0.0.1) is
started, then the command runs against it as users run it (a new process, JSON report, the
result cache off, so every page is linted). Each worker builds its own Harper dictionary
and loads the rule packs on its first task; that start-up is inside the timed run, as it
would be on a real cluster. The local command (`--jobs` at one process per core) is timed
beside it, and every report is compared with the local one byte for byte.

From the measured figures it prints what a 1,000,000-page archive would cost: worker time
per page (workers x wall time / pages), and the wall time on clusters of 16, 64 and 256
workers if throughput scales as measured, with the scheduler's per-task cost (timed here
with a one-rule run, where linting is nearly free) as the floor.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "eval" / "articles" / "medquad" / "md"
ENV = {**os.environ, "HEALTHLINT_RESULT_CACHE_MB": "0"}  # every page linted


def command(corpus: Path, out: Path, extra: list[str]) -> float:
    args = [sys.executable, "-m", "healthlint", "check", "--format", "json", "-o", str(out), *extra, "."]
    started = time.perf_counter()
    done = subprocess.run(args, cwd=corpus, env=ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"healthlint failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    from distributed import LocalCluster

    pages = sum(1 for p in args.corpus.rglob("*") if p.suffix in (".md", ".txt", ".html", ".htm", ".markdown"))
    out = Path("/tmp") / f"dask-scale-{os.getpid()}"
    out.mkdir(exist_ok=True)
    results: dict = {"pages": pages, "cores": os.cpu_count(), "runs": {}}
    command(args.corpus, out / "warm.json", ["--select", "HL101"])  # compiled modules and the parsed-pack cache
    local = command(args.corpus, out / "local.json", [])
    results["local_s"] = round(local, 2)
    print(f"{pages} pages; local command (--jobs {os.cpu_count()}): {local:.2f} s", flush=True)
    expected = (out / "local.json").read_bytes()
    for workers in args.workers:
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None) as cluster:
            wall = command(args.corpus, out / f"dask{workers}.json", ["--scheduler", cluster.scheduler_address])
            same = (out / f"dask{workers}.json").read_bytes() == expected
            # Workers now have their engines built: a one-rule run is almost only the
            # per-task cost (scheduling, sending the job, the result back).
            overhead = command(args.corpus, out / f"tiny{workers}.json", ["--select", "HL101", "--scheduler", cluster.scheduler_address])
        per_page = workers * wall / pages
        results["runs"][workers] = {"wall_s": round(wall, 2), "pages_per_s": round(pages / wall, 1), "worker_s_per_page": round(per_page, 4),
                                    "one_rule_wall_s": round(overhead, 2), "same_report_as_local": same}
        print(f"{workers} worker(s): {wall:.2f} s ({pages / wall:.1f} pages/s, {per_page * 1000:.1f} worker-ms a page), "
              f"one-rule run {overhead:.2f} s; report identical to local: {same}", flush=True)
        if not same:
            sys.exit("the cluster's report differs from the local one")
    best = min(results["runs"].values(), key=lambda r: r["worker_s_per_page"])
    floor = min(r["one_rule_wall_s"] for r in results["runs"].values()) / pages  # seconds a task, all overheads
    per_page = best["worker_s_per_page"]
    print(f"\nA 1,000,000-page archive, from these figures ({per_page * 1000:.1f} worker-ms a page at best, "
          f"{floor * 1000:.2f} ms a task through one scheduler):")
    print(f"  {per_page * 1e6 / 3600:.0f} worker-hours of linting")
    estimate = {}
    for size in (16, 64, 256):
        hours = max(per_page * 1e6 / size, floor * 1e6) / 3600
        estimate[size] = round(hours, 2)
        print(f"  {size:>3} workers: about {hours:.1f} h")
    results["million_pages"] = {"worker_hours": round(per_page * 1e6 / 3600, 1), "wall_hours_by_workers": estimate, "scheduler_floor_s_per_task": round(floor, 5)}
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
