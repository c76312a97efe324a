"""Render the HTML report in a real headless browser, click a finding, and save screenshots.

    pip install playwright            # the Python driver only; no browser download
    apt-get install chromium          # Debian's browser
    python bench/report_screenshot.py [PATHS...] [--out DIR]

It lints PATHS (default: samples/) with ``--format html``, opens the report in Chromium,
checks that the page loaded no external resource and raised no script error, clicks the
first highlighted finding, checks the popover shows its message, unticks the "info"
filter and checks info marks are no longer highlighted, and saves ``report.png`` and
``report-popover.png`` in DIR (default: a temporary folder) for a person to look at.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "samples")])
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--browser", default="/usr/bin/chromium")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="healthlint-report-"))
    out.mkdir(parents=True, exist_ok=True)
    report = out / "report.html"
    subprocess.run([sys.executable, "-m", "healthlint", "check", *args.paths, "--format", "html", "-o", str(report), "--fail-on", "never"], check=True)

    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=args.browser, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on("pageerror", lambda exc: problems.append(f"script error: {exc}"))
        page.on("request", lambda req: None if req.url.startswith(("file:", "data:", "about:")) else problems.append(f"external request: {req.url}"))
        page.goto(report.as_uri())
        page.screenshot(path=str(out / "report.png"), full_page=False)
        marks = page.locator("mark.f:not(.whole)")
        print(f"highlighted findings: {marks.count()}")
        if marks.count():
            first = marks.first
            first.scroll_into_view_if_needed()
            first.click()
            popover = page.locator("#pop")
            if not popover.is_visible() or not popover.inner_text().strip():
                problems.append("clicking a highlighted finding did not show its message")
            else:
                print("popover:", popover.inner_text().replace("\n", " ")[:160])
            page.screenshot(path=str(out / "report-popover.png"), full_page=False)
        info_before = page.locator("mark.f.sev-info:not(.off)").count()
        page.locator('input[data-filter="sev"][value="info"]').uncheck()
        info_after = page.locator("mark.f.sev-info:not(.off)").count()
        print(f"info marks highlighted: {info_before} before unticking 'info', {info_after} after")
        if info_before and info_after:
            problems.append("the info filter did not hide info marks")
        browser.close()
    print(f"screenshots in {out}")
    for problem in problems:
        print("PROBLEM:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
