"""The Starlette application: the page, the form it posts, the JSON API and two assets.

Routes are fixed strings and the assets are strings in memory: nothing in a URL or a
file name is ever joined to a path. Linting runs on one worker thread, one request at a
time, so the event loop keeps answering (a 413 or a 400 while a long check runs) and the
grammar engine is always used from the thread that built it. At most ``max_pending``
checks are running or waiting for it; more get 503 with Retry-After at once, so a flood
of requests cannot queue hours of work.

Another web site's page can make a browser send requests here. The API takes only
``Content-Type: application/json`` (415 otherwise), which a page can send only after a
CORS preflight this server never answers (a plain form can send a JSON-looking body as
text/plain). A POST that the browser says comes from another page than this server's
(``Sec-Fetch-Site``, or else ``Origin``) is refused with 403.
"""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from ..config import Config, read_config_file
from ..formatters.html_assets import SCRIPT as REPORT_SCRIPT
from ..formatters.html_assets import STYLE as REPORT_STYLE
from ..linting import Report, lint_bytes
from . import page
from .settings import CheckRequest, SettingsError, from_form, from_json

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_PENDING = 8  # checks running or waiting for the one lint thread
RETRY_AFTER_SECONDS = 2
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")
_SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}


class _SecurityHeaders:
    """Every response (404s and 413s included) gets nosniff, no-referrer and, unless the
    page set its own, a Content-Security-Policy that allows nothing."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in {**_SECURITY_HEADERS, "content-security-policy": page.NOTHING_POLICY}.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _TooLarge(HTTPException):
    def __init__(self) -> None:
        super().__init__(status_code=413, detail="request body too large")


# Seconds a request body's next chunk may take to arrive.
BODY_SECONDS = 30.0


class _BodyLimit:
    """Refuse a body over ``max_bytes`` while it arrives: a declared Content-Length over the
    limit is refused before any of it is read, and a body sent in chunks (no length) is
    counted chunk by chunk, so no more than the limit plus one chunk is ever held."""

    def __init__(self, app, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            scope = {**scope, "healthlint.too_large": True}  # the endpoint answers 413 before reading
        total = 0
        arriving = True  # the body is still arriving: each of its chunks has a deadline

        async def limited_receive():
            nonlocal total, arriving
            if scope.get("healthlint.too_large"):
                raise _TooLarge()
            if not arriving:
                return await receive()  # after the body: a disconnect, whenever it comes
            try:
                # A client that sends part of a body and then nothing holds a connection, and
                # the server's connections are bounded: 32 of them would shut everyone out.
                message = await asyncio.wait_for(receive(), BODY_SECONDS)
            except asyncio.TimeoutError:
                raise HTTPException(status_code=408, detail=f"the request body did not arrive within {BODY_SECONDS:g} s") from None
            if message["type"] == "http.request":
                total += len(message.get("body", b""))
                if total > self.max_bytes:
                    raise _TooLarge()
                arriving = bool(message.get("more_body"))
            return message

        await self.app(scope, limited_receive, send)


def allowed_hosts(host: str) -> list[str]:
    """Host headers to answer: the loopback names when bound to loopback, so that a web
    page cannot reach the server through a DNS name that rebinds to 127.0.0.1."""
    if host in ("0.0.0.0", "::", ""):
        return ["*"]
    return sorted({*LOOPBACK_NAMES, host, host.strip("[]")})


class _Busy(Exception):
    """As many checks as the server takes are running or waiting."""


class _Pending:
    """Checks submitted to the lint thread and not finished yet. A check leaves the count
    when its work ends, not when its request does: a client that hangs up does not free a
    place while the thread still works (or will work) for it."""

    def __init__(self, limit: int) -> None:
        self.limit, self.count = limit, 0

    async def run(self, executor: ThreadPoolExecutor, work, *args):
        if self.count >= self.limit:
            raise _Busy
        loop = asyncio.get_running_loop()
        future = executor.submit(work, *args)
        self.count += 1
        future.add_done_callback(lambda _: self._done_from_thread(loop))
        return await asyncio.wrap_future(future)

    def _done_from_thread(self, loop: asyncio.AbstractEventLoop) -> None:
        try:
            loop.call_soon_threadsafe(self._done)
        except RuntimeError:  # the loop has closed: the server is stopping
            pass

    def _done(self) -> None:
        self.count -= 1


def create_app(max_bytes: int = DEFAULT_MAX_BYTES, config_path: Path | None = None, host: str = "127.0.0.1",
               max_pending: int = DEFAULT_MAX_PENDING) -> Starlette:
    """The check server. ``config_path`` is a settings file the person starting the server
    named; without it every check uses the defaults (no settings file is searched for).
    ``max_pending``: how many checks may be running or waiting at once."""
    base = read_config_file(config_path) if config_path else Config()
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthlint-lint")
    pending = _Pending(max_pending)

    def lint(request: CheckRequest, with_view: bool):
        return lint_bytes(request.data, request.name, request.config(base), with_view=with_view)

    async def run_lint(request: CheckRequest, with_view: bool):
        return await pending.run(executor, lint, request, with_view)

    @asynccontextmanager
    async def lifespan(app):
        # Build the grammar engine (on Harper's own thread) while the person opens the
        # page, not on their first check.
        _warm_up(base)
        yield
        executor.shutdown(wait=False, cancel_futures=True)

    async def home(request: Request) -> Response:
        return page.response(page.render())

    async def check_form(request: Request) -> Response:
        if _cross_site(request):
            return page.response(page.render(error=f"Not checked: {_CROSS_SITE}"), status=403)
        async with request.form(max_files=1, max_fields=10, max_part_size=max_bytes) as form:
            text = form.get("text") or ""
            upload = form.get("file")
            upload_name = getattr(upload, "filename", None) or None
            data = await upload.read() if upload_name else None
            fields = {key: str(form.get(key) or "") for key in ("format", "audience", "keyphrase")}
        if not isinstance(text, str):
            text = ""
        try:
            check = from_form(text, upload_name, data, fields["format"], fields["audience"], fields["keyphrase"])
        except SettingsError as exc:
            return page.response(page.render(text=text, fields=fields, error=str(exc)), status=400)
        try:
            result = await run_lint(check, with_view=True)
        except _Busy:
            return page.response(page.render(text=text, fields=fields, error=f"Not checked: {_BUSY}"), status=503, headers=_RETRY)
        return page.response(page.render(text=text, fields=fields, result=result))

    async def check_api(request: Request) -> Response:
        if _cross_site(request):
            return _error(403, _CROSS_SITE)
        if request.headers.get("content-type", "").partition(";")[0].strip().lower() != "application/json":
            return _error(415, "send the body as JSON, with the header 'Content-Type: application/json'")
        body = await request.body()  # bounded: _BodyLimit stops reading past the limit
        try:
            payload = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            return _error(400, f"the body is not valid JSON: {exc}")
        try:
            check = from_json(payload)
        except SettingsError as exc:
            return _error(400, str(exc))
        try:
            result = await run_lint(check, with_view=False)
        except _Busy:
            return _error(503, _BUSY, headers=_RETRY)
        from ..formatters.json_format import format_json

        return Response(format_json(Report(files=[result])), media_type="application/json")

    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = {413: f"the body is larger than the limit of {max_bytes} bytes (see --max-bytes)"}.get(exc.status_code, exc.detail)
        if request.url.path.startswith("/api/"):
            return _error(exc.status_code, message)
        if request.url.path == "/check" and exc.status_code in (400, 413):
            return page.response(page.render(error=f"Not checked: {message}"), status=exc.status_code)
        return PlainTextResponse(message, status_code=exc.status_code)

    routes = [
        Route("/", home, methods=["GET"]),
        Route("/check", check_form, methods=["POST"]),
        Route("/api/check", check_api, methods=["POST"]),
        Route("/assets/report.css", _asset(REPORT_STYLE + page.STYLE, "text/css"), methods=["GET"]),
        Route("/assets/report.js", _asset(REPORT_SCRIPT, "text/javascript"), methods=["GET"]),
        Route("/favicon.ico", _no_icon, methods=["GET"]),  # browsers ask; a 404 would be logged as an error
    ]
    middleware = [
        Middleware(_SecurityHeaders),
        Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(host)),
        Middleware(_BodyLimit, max_bytes=max_bytes),
    ]
    handlers = {HTTPException: http_error, ClientDisconnect: _client_left}
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan, exception_handlers=handlers)


_BUSY = "the server is busy with other checks; try again in a moment"
_RETRY = {"retry-after": str(RETRY_AFTER_SECONDS)}
_CROSS_SITE = "the request comes from another site's page"


def _cross_site(request: Request) -> bool:
    """Whether the browser says this request comes from another site's page. Scripts and
    command-line clients send neither header. Browsers send Sec-Fetch-Site, and Origin
    with a POST; the page's own form sends "Origin: null" (its referrer policy is
    no-referrer), so Origin counts only when it names a site."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return False
    scheme, _, authority = origin.partition("://")
    return scheme not in ("http", "https") or authority.lower() != request.headers.get("host", "").lower()


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _asset(text: str, media_type: str):
    body = text.encode("utf-8")

    async def endpoint(request: Request) -> Response:
        return Response(body, media_type=media_type, headers={"cache-control": "no-cache"})

    return endpoint


async def _client_left(request: Request, exc: Exception) -> Response:
    """A client that hung up while sending its body: nobody reads the answer, and it is no
    error of the server's (uvicorn would log a traceback for each)."""
    return Response(status_code=400)


async def _no_icon(request: Request) -> Response:
    return Response(status_code=204)


def _warm_up(config: Config) -> None:
    try:
        from ..engine.runner import rules_for

        if any(rule.code in ("HL150", "HL151") for rule in rules_for(config)):
            from ..grammar.harper_engine import warm_up

            settings = config.rules.get("HL150")
            warm_up(str(settings.options.get("dialect", "american")) if settings else "american")
    except Exception:  # a failed warm-up only costs the first check its speed; the check reports it
        pass
