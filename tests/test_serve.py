"""``healthlint serve``: the JSON API answers as ``healthlint check --format json`` does,
refuses bad and oversized bodies and stays up, and nothing in a URL or a file name
reaches the file system. Most tests talk to the real server on 127.0.0.1."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import socket
import sys
import time

import httpx
import pytest
from click.testing import CliRunner
from serve_helpers import RunningServer, raw_request

from healthlint.cli import main

DRAFT = (
    "# Stress and sleep\n\n"
    "Stress can have an affect on how well you sleep. Exercise give you more energy, "
    "and a short walk after dinner helps many people jump in to a calmer evening.\n\n"
    "Sufferers of insomnia should talk with a doctor before taking 5mg of melatonin.\n"
)
LIMIT = 200_000  # the small server's --max-bytes


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = RunningServer("--max-bytes", str(LIMIT), cwd=tmp_path_factory.mktemp("serve"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=60) as c:
        yield c


def cli_json(text: str, name: str | None, *options: str) -> str:
    args = ["check", "-", "--format", "json", "--isolated", *options]
    if name is not None:
        args += ["--stdin-filename", name]
    result = CliRunner().invoke(main, args, input=text.encode("utf-8"))
    assert result.exit_code in (0, 1), result.output
    return result.stdout


@pytest.mark.parametrize(
    ("body", "options"),
    [
        ({"text": DRAFT, "filename": "draft.md"}, ()),
        ({"text": DRAFT.replace("\n", "\r\n"), "filename": "draft.txt"}, ()),
        ({"text": "<h1>Sleep</h1><p>It has an affect on mood &amp; energy.</p>", "filename": "page.html"}, ()),
        ({"text": DRAFT}, ()),  # no name: the format is guessed, and the report says "-" as the CLI does
        ({"text": DRAFT, "filename": "draft.md", "audience": "patient-strict", "keyphrase": "stress and sleep"},
         ("--audience", "patient-strict", "--keyphrase", "stress and sleep")),
        ({"text": DRAFT, "filename": "draft.md", "select": ["grammar", "HL7"], "ignore": "HL150"},
         ("--select", "grammar,HL7", "--ignore", "HL150")),
        ({"text": DRAFT, "filename": "draft.md", "extend_select": ["HL102"]}, ("--extend-select", "HL102")),
    ],
)
def test_the_api_returns_the_command_lines_json_report(client, body, options):
    response = client.post("/api/check", json=body)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.text == cli_json(body["text"], body.get("filename"), *options)
    assert json.loads(response.text)["files"][0]["path"] == body.get("filename", "-")


def test_the_api_finds_the_planted_error_at_its_place(client):
    report = client.post("/api/check", json={"text": DRAFT, "filename": "draft.md"}).json()
    affect = [f for f in report["files"][0]["findings"] if f["rule"] == "HL101"]
    assert [(f["line"], f["column"], f["end_column"]) for f in affect] == [(3, 20, 26)]
    assert DRAFT.splitlines()[2][19:25] == "affect"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"", "not valid JSON"),
        (b"\xff\xfe{", "not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),  # nesting deeper than the parser's recursion
        (b'["a list"]', "JSON object"),
        (b'{"filename": "a.md"}', "'text' is required"),
        (b'{"text": 5}', "'text' is required"),
        (b'{"text": "x", "filename": 7}', "'filename' must be a string"),
        (b'{"text": "x", "audience": "children"}', "'audience' must be one of"),
        (b'{"text": "x", "audience": []}', "'audience' must be one of"),  # unhashable: was a 500
        (b'{"text": "x", "select": ["HL9999"]}', "unknown rule or category 'HL9999'"),
        (b'{"text": "x", "languagetool_url": "http://127.0.0.1:9/"}', "unknown field(s): 'languagetool_url'"),
    ],
)
def test_a_bad_body_gets_400_with_a_message_and_the_server_stays_up(server, client, body, message):
    response = client.post("/api/check", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert server.alive()
    assert client.post("/api/check", json={"text": "Fine words.", "filename": "a.txt"}).status_code == 200


def test_a_declared_length_over_the_limit_gets_413_before_the_body_is_sent(server):
    answer = raw_request(server.port, b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                      b"Content-Length: 1000000000\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b"larger than the limit of 200000 bytes" in answer
    assert server.alive()


def test_a_body_without_a_length_is_cut_off_while_it_arrives(server, client):
    """An endless chunked body: the 413 comes while it is still being sent, so the server
    did not wait for (or hold) the whole of it."""
    sent = 0
    with socket.create_connection(("127.0.0.1", server.port), timeout=20) as sock:
        sock.sendall(b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"%x\r\n%s\r\n" % (16384, b"a" * 16384)
        sock.settimeout(0.05)
        answer = b""
        while sent < 200 * LIMIT and not answer:
            try:
                sock.sendall(chunk)
                sent += 16384
            except (TimeoutError, BrokenPipeError, ConnectionResetError):
                pass
            try:
                answer = sock.recv(65536)
            except TimeoutError:
                pass
            except ConnectionResetError:
                break
    assert answer.startswith(b"HTTP/1.1 413 "), (sent, answer[:200])
    assert sent < 200 * LIMIT  # the body never ended, and the answer came anyway
    assert server.alive()
    assert client.get("/").status_code == 200


def test_an_oversized_upload_on_the_page_is_refused_with_the_page(server, client):
    response = client.post("/check", files={"file": ("big.txt", b"word " * LIMIT)})
    assert response.status_code == 413
    assert "larger than the limit of 200000 bytes" in html.unescape(response.text)
    assert '<form class="card checkform"' in response.text
    assert client.post("/api/check", json={"text": "Fine words."}).status_code == 200


def test_a_file_name_only_picks_the_format(client):
    text = "Stress can have an affect on sleep.\n"
    report = client.post("/api/check", json={"text": text, "filename": "../../etc/passwd"}).json()
    entry = report["files"][0]
    assert entry["path"] == "passwd"  # never a path, and never read
    assert entry["format"] == "text"
    assert entry["metrics"]["words"] == 7  # the words sent, not a file's
    assert [f["rule"] for f in entry["findings"] if f["category"] == "grammar"] == ["HL101"]
    assert client.post("/api/check", json={"text": "# Title\n\nText.\n", "filename": "/etc/x.md"}).json()["files"][0]["format"] == "markdown"


@pytest.mark.parametrize(
    "target",
    [b"/../../etc/passwd", b"/assets/../../../etc/passwd", b"/assets/..%2f..%2f..%2fetc%2fpasswd",
     b"/%2e%2e/%2e%2e/etc/passwd", b"/assets/report.css/../../pyproject.toml", b"/etc/passwd", b"//etc/passwd"],
)
def test_no_path_from_the_url_reaches_the_file_system(server, target):
    answer = raw_request(server.port, b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    status = answer.split(b"\r\n", 1)[0]
    assert status.split()[1] in (b"400", b"404"), status
    assert b"root:" not in answer and b"[project]" not in answer
    assert server.alive()


def test_no_file_is_opened_while_a_request_is_answered():
    """In process, an audit hook sees every file opened while hostile names and paths are
    served (after a first request has loaded the rule packs)."""
    import asyncio

    from healthlint.server import create_app

    opened: list[str] = []
    watching = []
    sys.addaudithook(lambda event, args: opened.append(str(args[0])) if watching and event == "open" else None)

    async def requests():
        transport = httpx.ASGITransport(app=create_app())
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1", timeout=60) as test_client:
            assert (await test_client.post("/api/check", json={"text": DRAFT, "filename": "a.md"})).status_code == 200
            assert (await test_client.post("/check", data={"text": DRAFT})).status_code == 200
            watching.append(True)
            for name in ("../../etc/passwd", "/etc/hostname", "..\\..\\pyproject.toml", "C:\\Windows\\win.ini"):
                assert (await test_client.post("/api/check", json={"text": DRAFT, "filename": name})).status_code == 200
            assert (await test_client.post("/check", files={"file": ("../../etc/passwd.md", DRAFT.encode(), "text/markdown")})).status_code == 200
            for path in ("/../etc/passwd", "/assets/%2e%2e/%2e%2e/etc/passwd"):
                assert (await test_client.get(path)).status_code == 404
            watching.clear()

    asyncio.run(requests())
    assert [p for p in opened if not p.endswith((".py", ".pyc"))] == []


def test_the_server_never_takes_a_languagetool_url_from_a_settings_file(tmp_path, server):
    """Even a --config the operator names cannot make the server send text away."""
    from healthlint.config import read_config_file
    from healthlint.server.settings import CheckRequest

    config_file = tmp_path / ".healthlint.toml"
    config_file.write_text('languagetool-url = "http://127.0.0.1:9/"\n', encoding="utf-8")
    assert read_config_file(config_file).languagetool_url == "http://127.0.0.1:9/"
    assert CheckRequest(data=b"x", name="a.txt").config(read_config_file(config_file)).languagetool_url is None


def test_the_page_is_self_contained_and_its_policy_allows_only_its_own_style_attributes(client):
    response = client.post("/check", data={"text": DRAFT, "audience": "patient", "keyphrase": "stress", "format": "markdown"})
    assert response.status_code == 200
    page = response.text
    for attribute in re.findall(r'(?:src|href)="([^"]*)"', page):
        assert attribute.startswith(("/assets/", "#")), attribute
    assert "<script>" not in page  # no inline script: only the report's data block and /assets/report.js
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy and "unsafe-inline" not in policy
    styles = set(re.findall(r'\sstyle="([^"]*)"', page))
    assert styles  # the readability gauge and the score bars
    for value in styles:
        digest = base64.b64encode(hashlib.sha256(html.unescape(value).encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert 'class="f sev-warning" data-f=' in page and ">affect</mark>" in page
    assert "Readability" in page and 'class="flist"' in page
    assert 'value="stress"' in page and '<option value="patient" selected>' in page
    for asset, kind in (("/assets/report.js", "text/javascript"), ("/assets/report.css", "text/css")):
        answer = client.get(asset)
        assert answer.status_code == 200 and answer.headers["content-type"].startswith(kind)
        assert answer.headers["x-content-type-options"] == "nosniff"


def test_uploads_route_by_extension_and_refuse_others(client):
    markdown = client.post("/check", files={"file": ("notes/draft.md", DRAFT.encode())}, data={"text": "ignored"})
    assert markdown.status_code == 200
    assert "draft.md" in markdown.text and "notes/" not in markdown.text and ">affect</mark>" in markdown.text
    page = client.post("/check", files={"file": ("page.HTML", b"<p>It has an affect on you.</p><script>an affect</script>")})
    assert page.status_code == 200 and page.text.count(">affect</mark>") == 1  # scripts are not prose
    refused = client.post("/check", files={"file": ("tool.exe", b"MZ\x00\x00")})
    assert refused.status_code == 400
    assert "only .txt" in html.unescape(refused.text)


def test_a_foreign_host_name_is_refused(client):
    """A web page that rebinds its own DNS name to 127.0.0.1 cannot use the server."""
    response = client.post("/api/check", json={"text": DRAFT}, headers={"host": "attacker.example"})
    assert response.status_code == 400


def test_the_api_takes_only_post(client):
    assert client.get("/api/check").status_code == 405


def test_a_busy_port_is_a_clear_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        result = CliRunner().invoke(main, ["serve", "--port", str(taken.getsockname()[1])])
    assert result.exit_code == 1
    assert "cannot listen on 127.0.0.1:" in result.output


def test_a_long_check_does_not_stop_other_answers(server, client):
    """Linting runs off the event loop: the page answers while a big draft is checked."""
    import threading

    big = (DRAFT + "\n") * 200  # about 11,000 words, under the limit
    done = threading.Event()
    thread = threading.Thread(target=lambda: (client.post("/api/check", json={"text": big, "filename": "big.md"}), done.set()))
    thread.start()
    time.sleep(0.2)
    with httpx.Client(base_url=server.url, timeout=10) as other:
        start = time.monotonic()
        assert other.get("/").status_code == 200
        assert time.monotonic() - start < 5
    thread.join(timeout=120)
    assert done.is_set()


def test_a_word_document_upload_goes_through_the_projects_loader(client):
    """Issue 24 item 3 adds .docx to the loader; the page then takes it with no change here."""
    from healthlint.document.loader import FORMATS_BY_SUFFIX

    if ".docx" not in FORMATS_BY_SUFFIX:
        pytest.skip("this build's loader reads no .docx yet")
    import io

    import docx

    document = docx.Document()
    document.add_heading("Stress and sleep", level=1)
    document.add_paragraph("Stress can have an affect on how well you sleep.")
    data = io.BytesIO()
    document.save(data)
    response = client.post("/check", files={"file": ("draft.docx", data.getvalue(), "application/octet-stream")})
    assert response.status_code == 200
    assert 'class="path">draft.docx<' in response.text and ">affect</mark>" in response.text
    assert 'accept=".txt' in response.text and ".docx" in response.text.split('accept="', 1)[1].split('"', 1)[0]


def test_the_server_checks_with_the_settings_file_it_was_given_and_no_other(tmp_path, monkeypatch):
    """--config applies to every check; a settings file in the folder the server runs in does not."""
    import asyncio

    from healthlint.server import create_app

    (tmp_path / ".healthlint.toml").write_text('ignore = ["HL101"]\n', encoding="utf-8")
    named = tmp_path / "named.toml"
    named.write_text('ignore = ["HL7", "HL8"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    async def rules(app) -> set[str]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1", timeout=60) as c:
            report = (await c.post("/api/check", json={"text": DRAFT, "filename": "draft.md"})).json()
        return {f["rule"] for f in report["files"][0]["findings"]}

    found = asyncio.run(rules(create_app()))
    assert "HL101" in found and any(r.startswith("HL8") for r in found)  # the folder's file was not read
    found = asyncio.run(rules(create_app(config_path=named)))
    assert "HL101" in found and not any(r.startswith(("HL7", "HL8")) for r in found)


def _in_process(app, requests):
    """Run ``requests(client)`` against ``app`` in this process (no socket)."""
    import asyncio

    async def run():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1", timeout=60) as in_process:
            return await requests(in_process)

    return asyncio.run(run())


@pytest.mark.parametrize(
    "content_type",
    [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp", "text/json"],
)
def test_the_api_takes_only_a_json_content_type(content_type):
    """A plain form on another site's page can post a JSON-looking body as text/plain: it is
    refused before the body is read, and no check runs."""
    from healthlint.server import create_app

    body = json.dumps({"text": DRAFT, "filename": "draft.md"}).encode()
    headers = {"content-type": content_type} if content_type else {}
    answer = _in_process(create_app(), lambda c: c.post("/api/check", content=body, headers=headers))
    assert answer.status_code == 415
    assert "Content-Type: application/json" in answer.json()["error"]
    for allowed in ("application/json", "Application/JSON; charset=utf-8"):
        answer = _in_process(create_app(), lambda c: c.post("/api/check", content=body, headers={"content-type": allowed}))
        assert answer.status_code == 200 and answer.json()["files"][0]["path"] == "draft.md"


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"origin": "http://attacker.example", "sec-fetch-site": "cross-site"}, 403),
        ({"origin": "null", "sec-fetch-site": "cross-site"}, 403),  # a sandboxed frame
        ({"origin": "http://127.0.0.1:9999", "sec-fetch-site": "same-site"}, 403),  # another server on this machine
        ({"origin": "http://attacker.example"}, 403),  # a browser without Sec-Fetch-Site
        ({"origin": "null", "sec-fetch-site": "same-origin"}, 200),  # the page's own form (no-referrer policy)
        ({"origin": "http://127.0.0.1"}, 200),
        ({}, 200),  # a script or curl
    ],
)
def test_a_post_from_another_sites_page_is_refused(headers, status):
    from healthlint.server import create_app

    async def both(c):
        form = await c.post("/check", data={"text": DRAFT}, headers=headers)
        api = await c.post("/api/check", json={"text": DRAFT}, headers=headers)
        return form, api

    form, api = _in_process(create_app(), both)
    assert (form.status_code, api.status_code) == (status, status)
    if status == 403:
        assert "another site" in html.unescape(form.text) and "another site" in api.json()["error"]
        assert '<form class="card checkform"' in form.text


def _lint_waits(monkeypatch):
    """Make each check wait, once started, until ``release`` is set: (started, release)."""
    import threading

    import healthlint.server.app as server_app

    started, release = threading.Event(), threading.Event()
    real = server_app.lint_bytes

    def slow(*args, **kwargs):
        started.set()
        assert release.wait(60)
        return real(*args, **kwargs)

    monkeypatch.setattr(server_app, "lint_bytes", slow)
    return started, release


def test_checks_past_the_bound_get_503_with_retry_after_at_once(monkeypatch):
    """Two checks fill the bound (one runs, one waits for the lint thread); the third is
    answered 503 while they are still going, and the server takes checks again after."""
    import asyncio

    from healthlint.server import create_app

    started, release = _lint_waits(monkeypatch)
    app = create_app(max_pending=2)

    async def requests(c):
        held = [asyncio.create_task(c.post("/api/check", json={"text": DRAFT, "filename": f"{n}.md"})) for n in range(2)]
        while not started.is_set():
            await asyncio.sleep(0.01)
        for _ in range(100):  # the second is waiting for the lint thread once its body is read
            await asyncio.sleep(0.01)
        busy_api = await asyncio.wait_for(c.post("/api/check", json={"text": DRAFT}), 10)
        busy_form = await asyncio.wait_for(c.post("/check", data={"text": DRAFT}), 10)
        release.set()
        done = await asyncio.gather(*held)
        again = await c.post("/api/check", json={"text": DRAFT})
        return busy_api, busy_form, done, again

    try:
        busy_api, busy_form, done, again = _in_process(app, requests)
    finally:
        release.set()
    assert busy_api.status_code == 503 and busy_api.headers["retry-after"] == "2"
    assert "busy" in busy_api.json()["error"]
    assert busy_form.status_code == 503 and busy_form.headers["retry-after"] == "2"
    assert "busy" in html.unescape(busy_form.text) and DRAFT.splitlines()[2][:20] in html.unescape(busy_form.text)  # the draft is kept
    assert [r.status_code for r in done] == [200, 200]
    assert [r.json()["files"][0]["path"] for r in done] == ["0.md", "1.md"]
    assert again.status_code == 200


def test_a_check_whose_client_left_still_holds_its_place_until_its_work_ends(monkeypatch):
    """A client that hangs up does not free a place while the lint thread still works for it."""
    import asyncio

    from healthlint.server import create_app

    started, release = _lint_waits(monkeypatch)
    app = create_app(max_pending=1)

    async def requests(c):
        first = asyncio.create_task(c.post("/api/check", json={"text": DRAFT}))
        while not started.is_set():
            await asyncio.sleep(0.01)
        first.cancel()  # the client gives up
        await asyncio.gather(first, return_exceptions=True)
        busy = await asyncio.wait_for(c.post("/api/check", json={"text": DRAFT}), 10)
        release.set()
        for _ in range(500):
            answer = await c.post("/api/check", json={"text": DRAFT})
            if answer.status_code != 503:
                return busy, answer
            await asyncio.sleep(0.02)
        return busy, answer

    try:
        busy, after = _in_process(app, requests)
    finally:
        release.set()
    assert busy.status_code == 503
    assert after.status_code == 200


def test_connections_past_the_servers_bound_get_503(server, client):
    """Each connection may hold a body up to --max-bytes while it arrives: their number is
    bounded too (uvicorn counts open connections, this one's included). Clients that hang
    up mid-body cost no traceback in the server's log (31 of them filled the stderr pipe
    and stopped the server)."""
    import os

    from healthlint.server.run import MAX_CONNECTIONS

    held = []
    try:
        for _ in range(MAX_CONNECTIONS - 1):
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=20)
            # a body that never finishes arriving
            sock.sendall(b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
            held.append(sock)
            time.sleep(0.02)  # in the application, reading its body, before the next one comes
        # The server accepts connections on its own time: on a busy machine the last held
        # ones may not be counted yet when the next request comes, so ask until they are.
        for _ in range(100):
            answer = raw_request(server.port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            if answer.startswith(b"HTTP/1.1 503 "):
                break
            time.sleep(0.1)
        assert answer.startswith(b"HTTP/1.1 503 "), answer[:100]
        held[0].settimeout(0.2)
        with pytest.raises(TimeoutError):
            held[0].recv(100)  # the ones already in are still waiting for their bodies, not refused
    finally:
        for sock in held:
            sock.close()
    for _ in range(100):
        if client.get("/").status_code == 200:
            break
        time.sleep(0.05)
    assert client.get("/").status_code == 200
    os.set_blocking(server.process.stderr.fileno(), False)
    assert b"Traceback" not in (server.process.stderr.read() or b"")


def test_a_body_that_stops_arriving_gets_408_and_frees_its_connection(monkeypatch):
    """A client that sends part of a body and then nothing would hold one of the server's
    bounded connections for ever: each chunk has a deadline (BODY_SECONDS)."""
    import asyncio

    import healthlint.server.app as app_module

    monkeypatch.setattr(app_module, "BODY_SECONDS", 0.2)
    app = app_module.create_app()
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/api/check", "raw_path": b"/api/check", "query_string": b"", "root_path": "",
             "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/json"), (b"content-length", b"100")],
             "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8000)}
    sent: list[dict] = []
    chunks = [{"type": "http.request", "body": b'{"text": "half', "more_body": True}]

    async def receive():
        if chunks:
            return chunks.pop()
        await asyncio.sleep(3600)  # the rest never comes

    async def send(message):
        sent.append(message)

    asyncio.run(asyncio.wait_for(app(scope, receive, send), 10))
    start = next(m for m in sent if m["type"] == "http.response.start")
    assert start["status"] == 408
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    assert b"did not arrive within 0.2 s" in body
