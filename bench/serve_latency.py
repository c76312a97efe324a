"""Time 'healthlint serve': one request for a 2,000-word draft, through the JSON API and the page.

    python bench/serve_latency.py [--words 2000] [--repeat 20]

Starts the real server on 127.0.0.1 (a free port), builds drafts of about WORDS words
(healthlint's count) from the Markdown and text samples, and prints min, median and p90
wall times as a client sees them (request sent to answer read):

- the server's first check (cold: rule packs and Harper still loading);
- a new draft each time (every paragraph differs from the last request's, so nothing is
  reused), to POST /api/check and to the page's POST /check;
- the same draft again after a one-word edit (what an editor re-checking does).
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def draft(words: int, salt: int = 0) -> str:
    """About ``words`` words; each ``salt`` gives every paragraph a sentence of its own."""
    paragraphs: list[str] = []
    for path in sorted((ROOT / "samples").glob("*.md")) + sorted((ROOT / "samples").glob("*.txt")):
        text = re.sub(r"(?s)\A---\n.*?\n---\n", "", path.read_text(encoding="utf-8"))
        paragraphs += [p.strip() for p in text.split("\n\n") if p.strip() and not p.lstrip().startswith(("<!--", "```"))]
    out, count, i = [], 0, 0
    while count < words:
        paragraph = paragraphs[i % len(paragraphs)].split()
        take = paragraph[: words - count]
        out.append(" ".join(take) + f" This is note {salt * 1000 + i} of the draft.")
        count += len(take) + 7
        i += 1
    return "# A long draft\n\n" + "\n\n".join(out) + "\n"


def start() -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, "-m", "healthlint", "serve", "--port", "0"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    line = process.stderr.readline().decode()
    found = re.search(r"http://127\.0\.0\.1:\d+/", line)
    if not found:
        process.kill()
        raise SystemExit(f"the server did not start: {line}")
    return process, found.group(0)


def timed(send) -> float:
    start = time.perf_counter()
    response = send()
    elapsed = time.perf_counter() - start
    response.raise_for_status()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    from healthlint import lint_text

    size = args.words  # healthlint counts fewer words than str.split (numbers, symbols): grow to the target
    while lint_text(draft(size), "markdown").metrics["words"] < args.words:
        size += 25
    drafts = iter(draft(size, salt) for salt in range(1, 10_000))
    process, url = start()
    try:
        with httpx.Client(base_url=url, timeout=120) as client:
            text = next(drafts)
            cold = timed(lambda: client.post("/api/check", json={"text": text, "filename": "draft.md"}))
            report = client.post("/api/check", json={"text": next(drafts), "filename": "draft.md"}).json()
            print(f"draft: {report['files'][0]['metrics']['words']} words, {len(report['files'][0]['findings'])} findings")
            print(f"first check after start (cold): {cold * 1000:.0f} ms")
            edits = iter(text.replace("This is note", f"This is remark {n}", 1) for n in range(10_000))
            for label, send in (
                ("new draft, POST /api/check (JSON report)", lambda: client.post("/api/check", json={"text": next(drafts), "filename": "draft.md"})),
                ("new draft, POST /check (page with highlights)", lambda: client.post("/check", data={"text": next(drafts), "format": "markdown"})),
                ("one-word edit, POST /api/check", lambda: client.post("/api/check", json={"text": next(edits), "filename": "draft.md"})),
                ("one-word edit, POST /check (page)", lambda: client.post("/check", data={"text": next(edits), "format": "markdown"})),
            ):
                times = sorted(timed(send) for _ in range(args.repeat))
                p90 = times[min(len(times) - 1, int(0.9 * len(times)))]
                print(f"{label}: min {times[0] * 1000:.0f} ms, median {statistics.median(times) * 1000:.0f} ms, p90 {p90 * 1000:.0f} ms ({args.repeat} requests)")
    finally:
        process.terminate()
        process.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
