"""``check --scheduler``: a real Dask scheduler and two worker processes on 127.0.0.1.

The command runs in its own process, as users run it, against the cluster's address; its
report must be the local run's, byte for byte, and its tasks must reach the scheduler.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from terminal_helpers import on_terminal as terminal

distributed = pytest.importorskip("distributed")

FAST = ("--ignore", "HL150,HL151")  # each worker would build Harper's dictionary: tested locally
PAGES = {
    "a/sleep.md": "# Sleep\n\nSleep has a big affect on mood. Most adults need 7 to 9 hours.\n",
    "a/heart.html": "<html><body><h1>Heart</h1><p>Exercise give your heart strength.</p><p>Eat less salt salt.</p></body></html>\n",
    "b/diabetes.txt": "Diabetes sufferers should check their blood sugar.\n\nMore and more studies are finding that diet matters.\n",
    "b/clean.md": "# Water\n\nDrink water when you are thirsty.\n",
}


@pytest.fixture(scope="module")
def cluster():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0")
    client = distributed.Client(cluster)
    client.get_task_stream()  # start recording the tasks the scheduler runs
    yield cluster, client
    client.close()
    cluster.close()


@pytest.fixture
def site(tmp_path):
    for name, text in PAGES.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for n in range(12):
        (tmp_path / "b" / f"page{n:02}.md").write_text(f"# Page {n}\n\nTake {n}mg twice a day. It has a big affect.\n", encoding="utf-8")
    return tmp_path


def healthlint(*args: str, cwd: Path, stderr=subprocess.PIPE, timeout: float = 300):
    command = [sys.executable, "-m", "healthlint", "check", *args]
    return subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=stderr, timeout=timeout)


def test_cluster_run_gives_the_local_report_and_its_tasks_reach_the_scheduler(cluster, site):
    _, client = cluster
    address = cluster[0].scheduler_address
    assert address.startswith("tcp://127.0.0.1:")
    local = healthlint("--format", "json", "--no-cache", *FAST, "a", "b", cwd=site)
    started = time.time()
    remote = healthlint("--format", "json", "--no-cache", *FAST, "--scheduler", address, "a", "b", cwd=site)
    assert remote.returncode == local.returncode == 1, remote.stderr
    assert remote.stdout == local.stdout  # the same bytes, files in the same order
    files = [f["path"] for f in json.loads(remote.stdout)["files"]]
    assert len(files) == len(PAGES) + 12
    tasks = [t for t in client.get_task_stream(start=started) if t["key"].startswith("healthlint-lint-")]
    assert len({t["key"] for t in tasks}) == len(files)
    assert all(t["worker"].startswith("tcp://127.0.0.1:") for t in tasks)


def test_a_few_tasks_at_a_time_keep_the_order(cluster, site, monkeypatch):
    """Tasks go to the scheduler a window at a time; results still come in the files' order."""
    from healthlint import distributed as on_cluster
    from healthlint.config import Config
    from healthlint.parallel import Job, run_job

    monkeypatch.setattr(on_cluster, "IN_FLIGHT", 3)
    paths = sorted(p for p in site.rglob("*") if p.is_file())
    jobs = [Job(p, Config(ignore=("HL150", "HL151")), p.relative_to(site).as_posix()) for p in paths]
    client = on_cluster.connect(cluster[0].scheduler_address, 10)
    ticks = []
    results = list(on_cluster.lint_on_cluster(client, jobs, lambda: ticks.append(1)))
    assert [r.path for r in results] == [job.display for job in jobs]
    assert [r.to_json() for r in results] == [run_job(job).to_json() for job in jobs]
    assert len(ticks) == len(jobs)


def test_other_formats_match_too(cluster, site):
    address = cluster[0].scheduler_address
    for fmt in ("text", "sarif"):
        local = healthlint("--format", fmt, "--no-cache", *FAST, "a", "b", cwd=site)
        remote = healthlint("--format", fmt, "--no-cache", *FAST, "--scheduler", address, "a", "b", cwd=site)
        assert remote.stdout == local.stdout


def test_workers_use_the_result_cache(cluster, site):
    address = cluster[0].scheduler_address
    cache = site / "shared-cache"
    first = healthlint("--format", "json", *FAST, "--cache-dir", str(cache), "--scheduler", address, "a", "b", cwd=site)
    assert len(list((cache / "results-v1").glob("*/*.json"))) == len(PAGES) + 12
    second = healthlint("--format", "json", *FAST, "--cache-dir", str(cache), "--scheduler", address, "a", "b", cwd=site)
    assert first.stdout == second.stdout == healthlint("--format", "json", "--no-cache", *FAST, "a", "b", cwd=site).stdout


def test_an_unreadable_file_is_that_files_error(cluster, site):
    address = cluster[0].scheduler_address
    (site / "b" / "broken.md").write_bytes(b"\x00" * 10 + b"binary")
    local = healthlint("--format", "json", "--no-cache", *FAST, "a", "b", cwd=site)
    remote = healthlint("--format", "json", "--no-cache", *FAST, "--scheduler", address, "a", "b", cwd=site)
    assert remote.stdout == local.stdout and remote.returncode == local.returncode


def test_a_worker_lost_mid_run_has_its_file_run_again(cluster, site):
    """The worker that takes the victim's task dies (os._exit, as the kernel's OOM killer
    would leave it); Dask runs the task again on a live worker and the report is complete."""
    _, client = cluster
    address = cluster[0].scheduler_address
    marker = site / "died-once"

    def kill_on_victim(marker=str(marker)):
        import healthlint.linting

        real = healthlint.linting.lint_document

        def lint_document(doc, *args, **kwargs):
            if doc.path.endswith("victim.md") and not os.path.exists(marker):
                open(marker, "w").close()
                os._exit(1)
            return real(doc, *args, **kwargs)

        healthlint.linting.lint_document = lint_document
        return os.getpid()

    (site / "b" / "victim.md").write_text("# Victim\n\nSleep has a big affect on mood.\n", encoding="utf-8")
    before = set(client.run(kill_on_victim).values())
    local = healthlint("--format", "json", "--no-cache", *FAST, "a", "b", cwd=site)
    remote = healthlint("--format", "json", "--no-cache", *FAST, "--scheduler", address, "a", "b", cwd=site)
    assert marker.exists()  # a worker did die on the victim
    assert remote.stdout == local.stdout, remote.stderr
    client.wait_for_workers(2, timeout=60)
    assert set(client.run(os.getpid).values()) != before  # the dead worker was replaced


def test_a_file_that_kills_every_worker_is_that_files_error(site):
    """Once Dask gives up on a task (KilledWorker after allowed-failures), the file is
    reported as not linted and every other file is."""
    import dask

    # worker-saturation 1.0: a worker holds only the task it runs, so the poison's death
    # takes no other file's task with it (with the default 1.1 a second task could be
    # queued on the same worker under load, and fail with it at allowed-failures 0).
    with dask.config.set({"distributed.scheduler.allowed-failures": 0, "distributed.scheduler.worker-saturation": 1.0}):
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0") as strict, \
                distributed.Client(strict) as client:

            def kill_on_poison():
                import healthlint.linting

                real = healthlint.linting.lint_document

                def lint_document(doc, *args, **kwargs):
                    if doc.path.endswith("poison.md"):
                        os._exit(1)
                    return real(doc, *args, **kwargs)

                healthlint.linting.lint_document = lint_document

            (site / "b" / "poison.md").write_text("# Poison\n\nThis page kills its worker.\n", encoding="utf-8")
            client.run(kill_on_poison)
            result = healthlint("--format", "json", "--no-cache", *FAST, "--scheduler", strict.scheduler_address, "a", "b", cwd=site)
    assert result.returncode == 2
    report = json.loads(result.stdout)
    [poison] = [f for f in report["files"] if f["path"] == "b/poison.md"]
    assert poison["errors"] and "Dask task for this file failed" in poison["errors"][0]["message"]
    assert all(not f["errors"] for f in report["files"] if f["path"] != "b/poison.md")
    assert len(report["files"]) == len(PAGES) + 13


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_scheduler_is_a_clear_error_within_the_timeout(site):
    started = time.monotonic()
    result = healthlint("--scheduler", f"tcp://127.0.0.1:{_free_port()}", "--scheduler-timeout", "2", "a", cwd=site, timeout=60)
    elapsed = time.monotonic() - started
    assert result.returncode == 2
    message = result.stderr.decode()
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:" in message and "Traceback" not in message
    assert elapsed < 30
    assert result.stdout == b""


def test_a_nonsense_address_is_a_clear_error(site):
    result = healthlint("--scheduler", "nonsense://what", "--scheduler-timeout", "2", "a", cwd=site, timeout=60)
    assert result.returncode == 2 and b"Traceback" not in result.stderr and b"scheduler" in result.stderr


def test_a_scheduler_without_workers_is_a_clear_error(site):
    with distributed.LocalCluster(n_workers=0, processes=True, protocol="tcp://", host="127.0.0.1", dashboard_address="127.0.0.1:0") as empty:
        started = time.monotonic()
        result = healthlint("--scheduler", empty.scheduler_address, "--scheduler-timeout", "2", "a", cwd=site, timeout=60)
        assert time.monotonic() - started < 30
    assert result.returncode == 2 and b"has no workers" in result.stderr and b"Traceback" not in result.stderr


def test_progress_bar_on_a_terminal_only(cluster, site):
    address = cluster[0].scheduler_address
    piped = healthlint("--no-cache", *FAST, "--scheduler", address, "a", "b", cwd=site)
    assert b"Linting" not in piped.stderr
    on_terminal, shown = terminal(lambda stderr: healthlint("--no-cache", *FAST, "--scheduler", address, "a", "b", cwd=site, stderr=stderr))
    assert on_terminal.returncode == 1
    assert b"Linting" in shown and f"{len(PAGES) + 12}/{len(PAGES) + 12}".encode() in shown
