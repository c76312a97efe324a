"""Bind the socket and run uvicorn: the address is printed only once it is really listening."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import click

# Connections served at once: each may hold a request body of up to --max-bytes while it
# arrives, so their number bounds the memory that bodies take (uvicorn answers 503 past it).
MAX_CONNECTIONS = 32


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def serve(host: str, port: int, max_bytes: int, config_path: Path | None = None) -> None:
    import uvicorn

    from .app import create_app

    app = create_app(max_bytes, config_path, host)
    sock = _bind(host, port)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"healthlint: check page at http://{shown}:{sock.getsockname()[1]}/ (Ctrl+C to stop)", err=True)
    if host.strip("[]") not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"healthlint: warning: listening on {host}: anyone who can reach this machine can use the page", err=True)
    sys.stderr.flush()
    config = uvicorn.Config(app, log_level="warning", access_log=False, server_header=False, ws="none", lifespan="on", timeout_graceful_shutdown=2,
                            limit_concurrency=MAX_CONNECTIONS)
    uvicorn.Server(config).run(sockets=[sock])
