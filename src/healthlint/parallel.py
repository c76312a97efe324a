"""Lint many files, in worker processes when there are enough to pay for starting them.

Results come back in the order the files were given, so output is the same whatever
the number of workers.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .engine.runner import FileResult
from .linting import lint_file

# A worker costs a fresh interpreter's imports and, with grammar selected, its own
# grammar engine (about a second); fewer files than this per worker run in-process.
FILES_PER_WORKER = 4


@dataclass(frozen=True)
class Job:
    path: Path
    config: Config
    display: str
    with_view: bool = False


def run_job(job: Job) -> FileResult:
    return lint_file(job.path, job.config, job.display, with_view=job.with_view)


def tune_gc() -> None:
    """Fewer, cheaper cycle collections, for a process that does nothing but lint.

    Linting makes many short-lived containers and almost no reference cycles, while the
    rules, word lists and caches loaded at start-up stay for the whole run: they are
    frozen out of every collection, and collections are rarer. With Python's defaults the
    collector took about 4% of a run's time. Only the command calls this: a program that
    uses healthlint as a library keeps its own settings.
    """
    import gc

    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _context():
    import multiprocessing

    # fork is cheapest, but unsafe once a grammar engine (native state, its thread) lives in
    # this process.
    from .grammar import harper_engine

    if "fork" in multiprocessing.get_all_start_methods() and not harper_engine.started():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def worker_count(files: int, workers: int) -> int:
    """How many worker processes ``lint_many`` starts; 0 or 1 means it lints in-process."""
    return min(workers, files // FILES_PER_WORKER)


def lint_many(jobs: Sequence[Job], workers: int, advance: Callable[[], None] = lambda: None) -> Iterator[FileResult]:
    workers = worker_count(len(jobs), workers)
    if workers <= 1:
        for job in jobs:
            yield run_job(job)
            advance()
        return
    from concurrent.futures import ProcessPoolExecutor  # only when there are workers to start

    with ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=tune_gc) as pool:
        # Largest files first, so that the run does not end with one worker on a big file
        # while the others wait; results still come back in the order given.
        futures = {index: pool.submit(run_job, jobs[index]) for index in sorted(range(len(jobs)), key=lambda i: -_size(jobs[i].path))}
        for index in range(len(jobs)):
            yield futures[index].result()
            advance()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the worker reports the file's problem
