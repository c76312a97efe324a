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

The machine this runs on may be shared, so wall time is not the figure to extrapolate
from: the workers' own CPU time per page is (read from each worker process before and
after the run), with the command's CPU time per page (it unpickles the results and writes
the report) and the scheduler's cost per task (a burst of empty tasks) as the other two
limits. From them it prints what a 1,000,000-page archive would cost: CPU-hours, and the
wall time on clusters of 16, 64 and 256 one-core workers, which is the largest of the
three: linting spread over the workers, one scheduler handing out a million tasks, one
command receiving a million results.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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
    from distributed import Client, LocalCluster

    pages = sum(1 for p in args.corpus.rglob("*") if p.suffix in (".md", ".txt", ".html", ".htm", ".markdown"))
    out = Path("/tmp") / f"dask-scale-{os.getpid()}"
    out.mkdir(exist_ok=True)
    results: dict = {"pages": pages, "cores": os.cpu_count(), "runs": {}}
    command(args.corpus, out / "warm.json", ["--select", "HL101"])  # compiled modules and the parsed-pack cache
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    local = command(args.corpus, out / "local.json", [])
    after_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    local_cpu = (after_children.ru_utime + after_children.ru_stime) - (children.ru_utime + children.ru_stime)
    results["local_s"] = round(local, 2)
    results["local_cpu_ms_per_page"] = round(local_cpu / pages * 1000, 1)
    print(f"{pages} pages; local command (--jobs {os.cpu_count()}): {local:.2f} s, {local_cpu / pages * 1000:.0f} ms of CPU a page (its workers included)", flush=True)
    expected = (out / "local.json").read_bytes()
    for workers in args.workers:
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0") as cluster, \
                Client(cluster) as client:
            before = client.run(_cpu_seconds)
            children = resource.getrusage(resource.RUSAGE_CHILDREN)
            wall = command(args.corpus, out / f"dask{workers}.json", ["--scheduler", cluster.scheduler_address])
            after_children = resource.getrusage(resource.RUSAGE_CHILDREN)
            after = client.run(_cpu_seconds)
            worker_cpu = sum(after[w] - before[w] for w in after if w in before)
            command_cpu = (after_children.ru_utime + after_children.ru_stime) - (children.ru_utime + children.ru_stime)
            same = (out / f"dask{workers}.json").read_bytes() == expected
            # The scheduler's own cost per task: a burst of tasks that do nothing.
            started = time.perf_counter()
            client.gather(client.map(_nothing, range(EMPTY_TASKS), pure=False))
            per_task = (time.perf_counter() - started) / EMPTY_TASKS
        results["runs"][workers] = {"wall_s": round(wall, 2), "pages_per_s": round(pages / wall, 1), "worker_cpu_s": round(worker_cpu, 2),
                                    "worker_cpu_ms_per_page": round(worker_cpu / pages * 1000, 1), "command_cpu_ms_per_page": round(command_cpu / pages * 1000, 2),
                                    "empty_task_ms": round(per_task * 1000, 3), "same_report_as_local": same}
        print(f"{workers} worker(s): {wall:.2f} s wall ({pages / wall:.1f} pages/s); workers' CPU {worker_cpu / pages * 1000:.0f} ms a page, "
              f"the command's {command_cpu / pages * 1000:.1f} ms a page; an empty task {per_task * 1000:.2f} ms; report identical to local: {same}", flush=True)
        if not same:
            sys.exit("the cluster's report differs from the local one")
    runs = list(results["runs"].values())
    # The 1-worker run pays each worker's start-up (Harper's dictionary, the packs) over the
    # most pages: the lowest figure is the closest to a long run's per-page cost.
    cpu = min(r["worker_cpu_ms_per_page"] for r in runs) / 1000
    client_side = min(r["command_cpu_ms_per_page"] for r in runs) / 1000
    scheduler = min(r["empty_task_ms"] for r in runs) / 1000
    print(f"\nA 1,000,000-page archive, from these figures ({cpu * 1000:.0f} ms of worker CPU a page, {client_side * 1000:.1f} ms of the command's, "
          f"{scheduler * 1000:.2f} ms of the scheduler's a task):")
    print(f"  {cpu * 1e6 / 3600:.0f} CPU-hours of linting; the command {client_side * 1e6 / 3600:.1f} h; the scheduler {scheduler * 1e6 / 3600:.1f} h")
    estimate = {}
    for size in (16, 64, 256):
        hours = max(cpu * 1e6 / size, client_side * 1e6, scheduler * 1e6) / 3600
        estimate[size] = round(hours, 2)
        print(f"  {size:>3} one-core workers: about {hours:.1f} h")
    results["million_pages"] = {"cpu_hours": round(cpu * 1e6 / 3600, 1), "command_hours": round(client_side * 1e6 / 3600, 2),
                                "scheduler_hours": round(scheduler * 1e6 / 3600, 2), "wall_hours_by_workers": estimate}
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


EMPTY_TASKS = 2000


def _cpu_seconds() -> float:
    """This worker process's CPU time, all its threads (Harper runs in one of its own)."""
    return time.process_time()


def _nothing(x):
    return x


if __name__ == "__main__":
    main()
