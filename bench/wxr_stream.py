"""Time and peak memory of linting generated WordPress exports of growing size.

    python bench/wxr_stream.py 50 200 500

Each export is mostly large revisions (skipped, as in real exports) with a post linted
every 20 items. Peak memory is the child process's maximum RSS (resource.getrusage)
after a warm-up on a small export, so the figure is what reading the big one added.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_wordpress import _MEMORY_PROBE, HEAD, STANDARD, TAIL, item  # noqa: E402


def generate(path: Path, megabytes: int) -> int:
    paragraph = "<p>Walking helps knees. Sleep has a big affect on mood. " + "Rest and ice help too. " * 40 + "</p>\n"
    post = item("p{n}", paragraph * 3, post_id=0)
    revision = item("r{n}", paragraph * 60, kind="revision", status="inherit", post_id=0)
    n = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        while out.tell() < megabytes * 1024 * 1024:
            n += 1
            out.write((post if n % 20 == 0 else revision).replace("{n}", str(n)))
        out.write(TAIL)
    return n // 20


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        small = Path(folder) / "small.xml"
        small.write_text(STANDARD, encoding="utf-8")
        print("size MB  posts  seconds  peak RSS added MB")
        for size in sizes:
            path = Path(folder) / f"export-{size}.xml"
            posts = generate(path, size)
            started = time.perf_counter()
            probe = subprocess.run([sys.executable, "-c", _MEMORY_PROBE, str(path), str(small)], capture_output=True, text=True, check=True)
            seconds = time.perf_counter() - started
            linted, _, grown = map(int, probe.stdout.split())
            assert linted == posts
            print(f"{path.stat().st_size / 2**20:7.0f}  {posts:5d}  {seconds:7.1f}  {grown:17d}")
            path.unlink()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [50, 200])
