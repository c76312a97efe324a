"""A config in the linted tree may come from a stranger's pull request: it never opens a socket."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from healthlint.cli import main
from healthlint.config import ConfigFinder
from healthlint.grammar import languagetool


class Listener:
    """A loopback socket that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()  # the client sees a failed server, which is an error for that file

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def _tree(tmp_path: Path, config_text: str, config_name: str = ".healthlint.toml") -> Path:
    article = tmp_path / "pr" / "post.md"
    article.parent.mkdir(parents=True)
    article.write_text("We recieve your results by post.\n", encoding="utf-8")
    (article.parent / config_name).write_text(config_text, encoding="utf-8")
    return article


@pytest.mark.parametrize("name, text", [
    (".healthlint.toml", 'languagetool-url = "{url}"\n'),
    ("pyproject.toml", '[tool.healthlint]\nlanguagetool_url = "{url}"\n'),
])
def test_a_config_in_the_tree_cannot_send_text_to_a_server(tmp_path, monkeypatch, listener, name, text):
    monkeypatch.delenv("HEALTHLINT_LANGUAGETOOL_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    article = _tree(tmp_path, text.format(url=listener.url), name)
    result = CliRunner().invoke(main, ["check", str(article), "--select", "HL160,HL161"], catch_exceptions=False)
    assert listener.connections == 0
    assert result.exit_code == 0, result.output  # nothing to report, and no error from a server
    assert "ignored" in result.stderr and "languagetool" in result.stderr
    assert result.stderr.count("warning:") == 1


def test_the_same_setting_named_by_the_user_is_used(tmp_path, monkeypatch, listener):
    """--config, the command line and the environment are the user's own word."""
    monkeypatch.chdir(tmp_path)
    article = _tree(tmp_path, f'languagetool-url = "{listener.url}"\n')
    result = CliRunner().invoke(main, ["check", str(article), "--select", "HL160", "--config", str(article.parent / ".healthlint.toml")])
    assert listener.connections >= 1 and result.exit_code == 2
    (article.parent / ".healthlint.toml").unlink()
    before = listener.connections
    monkeypatch.setenv("HEALTHLINT_LANGUAGETOOL_URL", listener.url)
    result = CliRunner().invoke(main, ["check", str(article), "--select", "HL160"])
    assert listener.connections > before and result.exit_code == 2


def test_finder_keeps_other_settings_of_an_untrusted_config(tmp_path):
    article = _tree(tmp_path, 'languagetool-url = "http://127.0.0.1:9"\nfail-on = "error"\n')
    finder = ConfigFinder()
    config = finder.for_path(article)
    assert config.languagetool_url is None and config.fail_on == "error"
    assert config.ignored_settings == ("languagetool-url",)
    assert len(finder.warnings) == 1


def test_an_oversized_server_reply_is_refused(monkeypatch):
    class Huge:
        def __init__(self, *a, **k):
            pass

        def read(self, n=-1):
            return b"x" * n

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(languagetool.urllib.request, "urlopen", Huge)
    with pytest.raises(languagetool.EngineUnavailable, match="not read"):
        languagetool.RemoteServer("http://127.0.0.1:9").check("text")
