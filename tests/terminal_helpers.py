"""Run a command with its standard error on a pseudo-terminal, as a person's shell would,
and read what it showed there."""

from __future__ import annotations

import os
import pty
import subprocess
from collections.abc import Callable


def on_terminal(run: Callable[[int], subprocess.CompletedProcess]) -> tuple[subprocess.CompletedProcess, bytes]:
    """``run(stderr)`` with ``stderr`` a terminal; returns its result and what it wrote there."""
    leader, follower = pty.openpty()
    try:
        result = run(follower)
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: all read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    return result, shown
