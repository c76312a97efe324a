"""The check page in a real browser: Debian's headless Chromium, driven by Playwright.

Paste a draft, press Check, see the planted "an affect" highlighted in place, open its
message. Playwright uses the system's Chromium (it never downloads a browser); .ci/run
installs Chromium, so this runs in CI and skips only where no Chromium is installed.
"""

from __future__ import annotations

import shutil

import pytest
from serve_helpers import RunningServer

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install chromium; .ci/run does)")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic"]

DRAFT = (
    "# Sleep and stress\n\n"
    "Stress can have an affect on how well you sleep. A short walk after dinner helps many people "
    "wind down, and a dark, quiet room makes it easier to fall asleep.\n"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = RunningServer(cwd=tmp_path_factory.mktemp("serve-browser"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def test_paste_check_and_open_the_planted_errors_message(server, browser):
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"script error: {exc}"))
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type in ("error", "warning") else None)
    page.on("request", lambda req: None if req.url.startswith(server.url) else problems.append(f"request elsewhere: {req.url}"))

    page.goto(server.url)
    page.fill("#draft", DRAFT)
    page.select_option("#audience", "patient")
    page.fill("#keyphrase", "sleep and stress")
    with page.expect_navigation():
        page.click("#check")

    mark = page.locator("mark.f:not(.whole)", has_text="affect").first
    assert mark.inner_text() == "affect"  # the highlight covers exactly the wrong word
    assert "HL101" in mark.get_attribute("title")
    # The report's style sheet applied (a tinted highlight), so the CSP let it in.
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    # The gauge's width is an inline style attribute: allowed by its hash, so it took effect.
    assert page.locator(".gauge .fill").evaluate("e => e.getBoundingClientRect().width") > 0

    popover = page.locator("#pop")
    assert popover.is_hidden()
    mark.click()
    popover.wait_for(state="visible")
    assert 'Use "effect" (the noun) instead of "affect".' in popover.inner_text()
    assert "HL101" in popover.inner_text()

    assert page.locator("h3", has_text="Readability").count() == 1
    assert page.locator("li.fi", has_text="HL101").count() == 1
    assert page.input_value("#draft").replace("\r\n", "\n") == DRAFT  # the draft stays for the next edit
    assert problems == []
    page.close()


def test_a_finding_in_the_list_leads_to_its_highlight(server, browser):
    page = browser.new_page()
    page.goto(server.url)
    page.fill("#draft", DRAFT)
    with page.expect_navigation():
        page.click("#check")
    page.locator("li.fi", has_text="HL101").click()
    page.locator("#pop").wait_for(state="visible")
    assert "affect" in page.locator("#pop").inner_text()
    assert page.locator("mark.f.flash").inner_text() == "affect"
    page.close()


def test_another_sites_page_cannot_make_the_browser_run_checks(server, browser):
    """A page served from another port (same site, other origin) posts the form and a
    JSON-looking text/plain body, as an attacker's page would: Chromium's own headers
    get both refused, and the lint thread does no work for them."""
    import html
    import http.server
    import threading

    foreign = f"""<!doctype html><form id="f" method="post" action="{server.url}check"><textarea name="text">{html.escape(DRAFT)}</textarea></form>
<form id="j" method="post" action="{server.url}api/check" enctype="text/plain"><input name='{{"text": "It has an affect", "x": "' value='"}}'></form>"""

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = foreign.encode()
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{other.server_address[1]}/")
        with page.expect_navigation() as navigation:
            page.evaluate("document.getElementById('f').submit()")
        assert navigation.value.status == 403
        assert "another site" in page.content() and "affect</mark>" not in page.content()
        page.goto(f"http://127.0.0.1:{other.server_address[1]}/")
        with page.expect_navigation() as navigation:
            page.evaluate("document.getElementById('j').submit()")
        assert navigation.value.status in (403, 415)
        assert '"files"' not in page.content()
        page.close()
    finally:
        other.shutdown()
        other.server_close()
