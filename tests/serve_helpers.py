"""Start the real ``healthlint serve`` on 127.0.0.1 with a free port, for the server tests."""

from __future__ import annotations

import os
import re
import selectors
import socket
import subprocess
import sys
import time
from pathlib import Path

_ADDRESS = re.compile(rb"check page at (http://127\.0\.0\.1:(\d+)/)")


class RunningServer:
    def __init__(self, *options: str, cwd: Path | None = None) -> None:
        # --port 0: the system picks a free port and the server prints the one it got
        self.process = subprocess.Popen(
            [sys.executable, "-m", "healthlint", "serve", "--port", "0", *options],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd, env={**os.environ, "NO_COLOR": "1"},
        )
        self.url, self.port = self._wait_for_address()

    def _wait_for_address(self, timeout: float = 60.0) -> tuple[str, int]:
        selector = selectors.DefaultSelector()
        selector.register(self.process.stderr, selectors.EVENT_READ)
        seen = b""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if selector.select(timeout=0.5):
                line = self.process.stderr.readline()
                seen += line
                found = _ADDRESS.search(line)
                if found:
                    return found.group(1).decode(), int(found.group(2))
            if self.process.poll() is not None:
                break
        self.stop()
        raise AssertionError(f"healthlint serve did not start: {seen.decode(errors='replace')}")

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stderr:
            self.process.stderr.close()


def raw_request(port: int, request: bytes, timeout: float = 20.0) -> bytes:
    """Send bytes as they are (no client normalises the path) and read the whole answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except (ConnectionResetError, TimeoutError):
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
