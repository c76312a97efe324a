"""Lint many files, in worker processes when there are enough to pay for starting them.

Results come back in the order the files were given, so output is the same whatever
the number of workers.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config
from .engine.runner import FileResult
from .linting import lint_file

if TYPE_CHECKING:
    from .result_cache import Read, ResultCache

# A worker costs a fresh interpreter's imports and, with grammar selected, its own
# grammar engine (about a second); fewer files than this per worker run in-process.
FILES_PER_WORKER = 4
# The bytes that cache misses keep, in all, from their lookup until they are linted: within
# it a miss is read and hashed once; past it a file is read again where it is linted (a
# site audit of many large files must not hold them all in memory).
MISS_BYTES_KEPT = 64 * 1024 * 1024


@dataclass(frozen=True)
class Job:
    path: Path
    config: Config
    display: str
    with_view: bool = False
    cache: ResultCache | None = None  # the result cache, or None: lint every time
    read: Read | None = None  # what the cache lookup read for this file (a miss): linted from these bytes


def run_job(job: Job) -> FileResult:
    try:
        if job.cache is not None:
            from .result_cache import lint_through

            return lint_through(job.cache, job.path, job.config, job.display, job.with_view, job.read)
        return lint_file(job.path, job.config, job.display, with_view=job.with_view)
    except Exception as exc:  # a bug must cost this file (exit 2, one line), not the run
        return failed(job, f"internal error: {type(exc).__name__}: {exc}")


def failed(job: Job, message: str) -> FileResult:
    return FileResult(path=job.display, format=None, errors=[{"kind": "internal", "message": message}])


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


def cached_results(jobs: Sequence[Job]) -> tuple[dict[int, FileResult], list[Job]]:
    """The results the result cache holds for ``jobs``, by index, looked up in this process
    (a few milliseconds a file), so that only the other files need workers or engines; and
    the jobs to lint, where each miss carries the bytes its lookup read and hashed (up to
    MISS_BYTES_KEPT in all), so that it is not read and hashed again where it is linted."""
    from .result_cache import read_for_cache, served as stored_result

    found: dict[int, FileResult] = {}
    to_lint = list(jobs)
    kept = 0
    for index, job in enumerate(jobs):
        if job.cache is None:
            continue
        try:
            read = read_for_cache(job.cache, job.path, job.config, job.display)
            hit = None if read is None else stored_result(job.cache, read, job.display, job.with_view)
        except Exception:  # the cache must never cost a file: lint it
            read = hit = None
        if hit is not None:
            found[index] = hit
        elif read is not None and kept + len(read.data) <= MISS_BYTES_KEPT:
            kept += len(read.data)
            to_lint[index] = dataclasses.replace(job, read=read)
    return found, to_lint


def lint_many(jobs: Sequence[Job], workers: int, advance: Callable[[], None] = lambda: None, served: dict[int, FileResult] | None = None) -> Iterator[FileResult]:
    """Results of ``jobs`` in order; those in ``served`` (by index) are not linted again."""
    if served:
        yield from _merge(jobs, workers, advance, served)
        return
    workers = worker_count(len(jobs), workers)
    if workers <= 1:
        for job in jobs:
            yield run_job(job)
            advance()
        return
    yield from _in_pools(jobs, workers, advance)


def _merge(jobs: Sequence[Job], workers: int, advance: Callable[[], None], served: dict[int, FileResult]) -> Iterator[FileResult]:
    rest = [index for index in range(len(jobs)) if index not in served]
    linted = lint_many([jobs[index] for index in rest], workers, advance)
    for index in range(len(jobs)):
        if index in served:
            advance()
            yield served[index]
        else:
            yield next(linted)


def _in_pools(jobs: Sequence[Job], workers: int, advance: Callable[[], None]) -> Iterator[FileResult]:
    """Lint in worker processes; a worker that dies (killed, out of memory) costs one file.

    A dead worker breaks the whole pool, and every unfinished job with it. Those jobs go on
    in a pool of one worker, which runs them in order, so the first to fail there is the one
    that kills workers: it is reported as an error and the rest go on in a fresh pool.
    """
    from concurrent.futures import ProcessPoolExecutor  # only when there are workers to start
    from concurrent.futures.process import BrokenProcessPool

    done: dict[int, FileResult] = {}
    pending = list(range(len(jobs)))
    size = workers
    next_out = 0
    while pending:
        with ProcessPoolExecutor(max_workers=size, mp_context=_context(), initializer=tune_gc) as pool:
            # Largest files first, so that the run does not end with one worker on a big file
            # while the others wait; results still come back in the order given.
            order = pending if size == 1 else sorted(pending, key=lambda i: -_size(jobs[i]))
            futures = {}
            for index in order:
                try:
                    futures[index] = pool.submit(run_job, jobs[index])
                except BrokenProcessPool:  # a worker died while the jobs were still being handed out
                    break
            broken: list[int] = []
            for index in order if size == 1 else pending:
                try:
                    if index not in futures:
                        raise BrokenProcessPool
                    done[index] = futures[index].result()
                except BrokenProcessPool:
                    broken.append(index)
                    continue
                while next_out in done:  # in the order given, as soon as possible
                    yield done.pop(next_out)
                    advance()
                    next_out += 1
        if broken and size == 1:
            culprit = broken.pop(0)
            done[culprit] = failed(jobs[culprit], "internal error: the worker process linting this file died (killed, or out of memory)")
        pending = sorted(broken)
        size = 1
        while next_out in done:
            yield done.pop(next_out)
            advance()
            next_out += 1


def _size(job: Job) -> int:
    if job.read is not None:
        return len(job.read.data)
    try:
        return job.path.stat().st_size
    except OSError:
        return 0  # the worker reports the file's problem
