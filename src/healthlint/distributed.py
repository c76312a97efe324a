"""Linting on a Dask cluster: ``healthlint check --scheduler tcp://HOST:PORT PATHS...``.

Each file is one task. The task is :func:`healthlint.parallel.run_job`, the same function a
local run's worker processes call, so a worker lints a file exactly as a local run does: it
reads the file itself (the paths must be on a filesystem the workers share, under the same
names), uses the result cache of its own machine (or ``--cache-dir``, when that is on the
shared filesystem) and sends the result back. Results are reported in the order of the
files, so the report is the one a local run writes.

Dask, not healthlint, handles the cluster: a worker lost mid-run has its tasks run again
on the others; a file whose task kills workers ``distributed.scheduler.allowed-failures``
times (3 by default) is reported as an error for that file, and the rest go on.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from .engine.runner import FileResult
from .parallel import Job, failed, run_job

TASK_PREFIX = "healthlint-lint"
IN_FLIGHT = 10_000


class SchedulerUnavailable(Exception):
    """The Dask extra is missing, or the scheduler cannot be reached."""


def connect(address: str, timeout: float):
    """A client of the scheduler at ``address``, or :class:`SchedulerUnavailable` within
    ``timeout`` seconds."""
    try:
        from distributed import Client
    except ImportError:
        raise SchedulerUnavailable("--scheduler needs Dask: pip install 'healthlint[dask]'") from None
    from distributed.comm import get_address_host_port, parse_address
    from distributed.comm.registry import get_backend

    try:  # before a Client exists: a Client that never connected takes seconds to give up
        get_backend(parse_address(address)[0])
        get_address_host_port(address)
    except (ValueError, TypeError) as exc:
        raise SchedulerUnavailable(f"{address} is not a Dask scheduler address ({exc}); use tcp://HOST:PORT") from None
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise SchedulerUnavailable(f"cannot reach the Dask scheduler at {address} within {timeout:g} s ({type(exc).__name__}: {exc})") from None
    except (ValueError, TypeError) as exc:  # not an address Dask understands
        raise SchedulerUnavailable(f"{address} is not a Dask scheduler address ({exc}); use tcp://HOST:PORT") from None
    try:  # tasks on a scheduler with no workers would wait for ever
        client.wait_for_workers(1, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        client.close()
        raise SchedulerUnavailable(f"the Dask scheduler at {address} has no workers (waited {timeout:g} s: {exc})") from None
    return client


def lint_on_cluster(client, jobs: Sequence[Job], advance: Callable[[], None] = lambda: None) -> Iterator[FileResult]:
    """Results of ``jobs``, linted on the cluster's workers, in the order given."""
    from distributed import as_completed

    if not jobs:
        client.close()
        return
    # Workers do not share this process's working folder: they get absolute paths.
    tasks = [replace(job, path=job.path.absolute()) for job in jobs]
    run = uuid.uuid4().hex[:12]
    keys = [f"{TASK_PREFIX}-{run}-{index}" for index in range(len(tasks))]
    try:
        # At most IN_FLIGHT tasks on the scheduler at a time, the next submitted as one
        # finishes: a million-page archive does not become a million-task graph at once.
        index_of = {key: index for index, key in enumerate(keys)}
        submitted = min(IN_FLIGHT, len(tasks))
        futures = client.map(run_job, tasks[:submitted], key=keys[:submitted], pure=False)
        pending = as_completed(futures, loop=client.loop)
        done: dict[int, FileResult] = {}
        next_out = 0
        for future in pending:
            if submitted < len(tasks):
                pending.add(client.submit(run_job, tasks[submitted], key=keys[submitted], pure=False))
                submitted += 1
            index = index_of[future.key]
            try:
                done[index] = future.result()
            except Exception as exc:  # KilledWorker after Dask's retries, or the task could not run
                done[index] = failed(jobs[index], f"internal error: the Dask task for this file failed: {type(exc).__name__}: {exc}")
            future.release()
            advance()
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
        if any(job.cache is not None for job in tasks):
            try:
                client.run(_prune_worker_cache, tasks[0].cache)
            except Exception:  # pruning is housekeeping; the results are in
                pass
    finally:
        client.close()


def _prune_worker_cache(cache) -> int:
    return cache.prune()
