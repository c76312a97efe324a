"""``healthlint lsp`` end to end: a real LSP client (pytest-lsp) drives the server over stdio."""

from __future__ import annotations

import asyncio
import re
import sys
import time
from pathlib import Path
from typing import Union

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = Path(__file__).resolve().parents[1]
SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "healthlint", "lsp"])
PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("workspace")


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: LanguageClient, workspace: Path):
    _read_code_actions_as_editors_do(lsp_client)
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(),
        workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="workspace")],
        initialization_options={"healthlint": {"debounceMs": 30}},
    ))
    await _engine_ready(lsp_client, workspace)
    yield
    await lsp_client.shutdown_session()


def _read_code_actions_as_editors_do(client: LanguageClient) -> None:
    """lsprotocol reads any code action that carries a command as a Command (and turns the
    command into a string); VS Code and Neovim tell them apart by whether ``command`` is a
    string, as the specification intends. Read them that way here."""
    converter = client.protocol._converter

    def hook(value, _):
        kind = types.Command if isinstance(value.get("command"), str) else types.CodeAction
        return converter.structure(value, kind)

    converter.register_structure_hook(Union[types.Command, types.CodeAction], hook)


async def _engine_ready(client: LanguageClient, workspace: Path) -> None:
    """Wait until Harper's findings arrive: until then the server publishes the other rules'
    findings first (the tests below compare complete sets)."""
    path = workspace / "warm-up.txt"
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="plaintext", version=1, text="Take zorblaxin daily.\n")))
    deadline = time.monotonic() + 120
    while not any(d.code == "HL151" for d in client.diagnostics.get(uri, ())):
        assert time.monotonic() < deadline, "Harper's findings never arrived"
        await asyncio.sleep(0.02)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))


class Doc:
    """A document open in the test client, with its text as the editor has it."""

    def __init__(self, client: LanguageClient, path: Path, text: str, language: str = "plaintext") -> None:
        self.client, self.uri, self.text, self.version, self.language = client, path.as_uri(), text, 1, language

    async def open(self) -> list[types.Diagnostic]:
        self.client.diagnostics.pop(self.uri, None)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=self.uri, language_id=self.language, version=self.version, text=self.text)))
        return await self.diagnostics()

    async def replace(self, rng: types.Range, new_text: str, wait: bool = True):
        """An incremental edit, as editors send them."""
        lines = self.text.split("\n")
        start = _offset(lines, rng.start)
        end = _offset(lines, rng.end)
        self.text = self.text[:start] + new_text + self.text[end:]
        self.version += 1
        self.client.diagnostics.pop(self.uri, None)
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
            content_changes=[types.TextDocumentContentChangePartial(range=rng, text=new_text)]))
        return await self.diagnostics() if wait else None

    async def apply(self, action: types.CodeAction) -> list[types.Diagnostic]:
        edits = action.edit.changes[self.uri]
        assert len(edits) == 1
        return await self.replace(edits[0].range, edits[0].new_text)

    async def diagnostics(self, timeout: float = 60) -> list[types.Diagnostic]:
        deadline = time.monotonic() + timeout
        while self.uri not in self.client.diagnostics:
            assert time.monotonic() < deadline, f"no diagnostics for {self.uri}"
            await asyncio.sleep(0.01)
        return list(self.client.diagnostics[self.uri])

    def at(self, rng: types.Range) -> str:
        lines = self.text.split("\n")
        return self.text[_offset(lines, rng.start):_offset(lines, rng.end)]

    async def actions(self, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
        result = await self.client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=self.uri), range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic])))
        return result or []


def _offset(lines: list[str], position: types.Position) -> int:
    """A UTF-16 LSP position as a Python string offset (lines joined by \\n)."""
    before = sum(len(line) + 1 for line in lines[: position.line])
    line, units, index = lines[position.line] if position.line < len(lines) else "", 0, 0
    while index < len(line) and units < position.character:
        units += 2 if ord(line[index]) > 0xFFFF else 1
        index += 1
    return before + index


def _only(diagnostics, code):
    found = [d for d in diagnostics if d.code == code]
    assert len(found) == 1, [(d.code, d.message) for d in diagnostics]
    return found[0]


async def test_affect_in_the_clinic_blog_is_diagnosed_fixed_and_gone(client: LanguageClient, workspace: Path):
    text = (ROOT / "samples" / "clinic-blog.txt").read_text(encoding="utf-8")
    doc = Doc(client, workspace / "clinic-blog.txt", text)
    diagnostics = await doc.open()
    affect = _only(diagnostics, "HL101")
    line = text.split("\n")[affect.range.start.line]
    assert line.startswith("Carrying extra body weight may be having an affect on")
    assert affect.range == types.Range(types.Position(7, 44), types.Position(7, 50))
    assert doc.at(affect.range) == "affect"
    assert affect.source == "healthlint"
    assert affect.severity == types.DiagnosticSeverity.Warning
    assert affect.code_description.href.endswith("docs/rules.md#hl101-affect-as-noun")
    assert "effect" in affect.message
    # The other problems of the user's example are there too, at their places.
    assert doc.at(_only(diagnostics, "HL106").range) == "in to"
    assert doc.at(_only(diagnostics, "HL602").range) == "sufferers"

    # Saving republishes (without linting again: the text is unchanged).
    client.diagnostics.pop(doc.uri, None)
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=doc.uri)))
    assert _only(await doc.diagnostics(), "HL101").range == affect.range

    actions = await doc.actions(affect)
    fix = next(a for a in actions if a.title == 'HL101: replace with "effect"')
    assert fix.kind == types.CodeActionKind.QuickFix
    assert not fix.is_preferred  # affect -> effect may change the meaning: offered, not preferred
    assert fix.diagnostics[0].code == "HL101"
    after = await doc.apply(fix)
    assert "having an effect on how much" in doc.text
    assert not [d for d in after if d.code == "HL101"]
    assert [d for d in after if d.code == "HL106"]  # the rest are still reported


async def test_ranges_count_utf16_code_units_after_astral_characters(client: LanguageClient, workspace: Path):
    text = "Intro line.\n😀🩺 Sleep has a big affect on mood, and 𝒜 good night helps.\nPlain 😀 line with a big affect.\n"
    doc = Doc(client, workspace / "emoji.txt", text)
    diagnostics = [d for d in await doc.open() if d.code == "HL101"]
    assert len(diagnostics) == 2
    for diagnostic in diagnostics:
        assert doc.at(diagnostic.range) == "affect"
    first = text.split("\n")[1]
    # Two astral characters before the word: four UTF-16 units, two Python characters.
    assert diagnostics[0].range.start.character == first.index("affect") + 2
    assert diagnostics[1].range.start == types.Position(2, text.split("\n")[2].index("affect") + 1)


async def test_markdown_with_front_matter_and_crlf(client: LanguageClient, workspace: Path):
    text = "---\ntitle: Sleep\n---\n\n# Sleep 😴\r\n\r\nSleep has an **affect** on 🧠 mood.\r\n"
    doc = Doc(client, workspace / "sleep.md", text, "markdown")
    affect = _only(await doc.open(), "HL101")
    assert doc.at(affect.range) == "affect"
    assert affect.range.start.line == 6


async def test_safe_fixes_are_preferred(client: LanguageClient, workspace: Path):
    doc = Doc(client, workspace / "doubled.txt", "Take the the tablet with water.\n")
    repeated = _only(await doc.open(), "HL110")
    actions = await doc.actions(repeated)
    fixes = [a for a in actions if a.edit is not None and a.title.startswith("HL110: replace")]
    assert fixes and fixes[0].is_preferred
    after = await doc.apply(fixes[0])
    assert doc.text == "Take the tablet with water.\n"
    assert not [d for d in after if d.code == "HL110"]


@pytest.mark.parametrize("name, language, text, expected", [
    # Markdown: the comment ends the finding's line, with a reason to fill in.
    ("quote.md", "markdown", "# Mood\n\nSleep has a big affect on your mood.\n",
     r"affect on your mood\. <!-- healthlint-disable-line HL101 -- reason: [^>]+ -->\n"),
    # HTML: beside the finding, never inside a tag.
    ("page.html", "html", "<html><body><h1>Mood</h1>\n<p>Sleep has a big affect on <b>mood</b>.</p></body></html>\n",
     r"big <!-- healthlint-disable-line HL101 -- reason: [^>]+ -->"),
])
async def test_suppression_comment_with_a_reason(client: LanguageClient, workspace: Path, name, language, text, expected):
    doc = Doc(client, workspace / name, text, language)
    affect = _only(await doc.open(), "HL101")
    suppress = next(a for a in await doc.actions(affect) if "suppress" in a.title)
    after = await doc.apply(suppress)
    assert re.search(expected, doc.text), doc.text
    assert not [d for d in after if d.code in ("HL101", "HL903", "HL904")]


async def test_plain_text_offers_no_suppression(client: LanguageClient, workspace: Path):
    doc = Doc(client, workspace / "plain.txt", "Sleep has a big affect on mood.\n")
    affect = _only(await doc.open(), "HL101")
    assert not [a for a in await doc.actions(affect) if "suppress" in a.title]


async def test_add_word_to_the_word_list(client: LanguageClient, workspace: Path):
    doc = Doc(client, workspace / "words.txt", "Sleep well.\n\nDrink plenty of water and take zorblaxin every day.\n")
    spelling = [d for d in await doc.open() if d.code == "HL151"]
    assert [doc.at(d.range) for d in spelling] == ["zorblaxin"]
    action = next(a for a in await doc.actions(spelling[0]) if a.command is not None)
    assert action.title == 'Add "zorblaxin" to .healthlint-words.txt'
    client.diagnostics.pop(doc.uri, None)
    await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=action.command.command, arguments=action.command.arguments))
    assert (workspace / ".healthlint-words.txt").read_text(encoding="utf-8") == "zorblaxin\n"
    assert not [d for d in await doc.diagnostics() if d.code == "HL151"]


async def test_hover_shows_the_rationale(client: LanguageClient, workspace: Path):
    doc = Doc(client, workspace / "hover.txt", "Sleep well.\n\nSleep has a big affect on mood.\n")
    affect = _only(await doc.open(), "HL101")
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=doc.uri), position=types.Position(2, affect.range.start.character + 2)))
    from healthlint.engine.registry import find_rule

    rationale = find_rule("HL101").rationale
    assert "HL101 affect-as-noun" in hover.contents.value
    assert rationale.split(".")[0].replace("(", "\\(").replace(")", "\\)")[:40] in hover.contents.value
    nothing = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=doc.uri), position=types.Position(2, 1)))
    assert nothing is None


async def test_readability_summary_command(client: LanguageClient, workspace: Path):
    text = (ROOT / "samples" / "clinic-blog.txt").read_text(encoding="utf-8")
    doc = Doc(client, workspace / "readability.txt", text)
    await doc.open()
    summary = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="healthlint.readability", arguments=[doc.uri]))
    assert summary["metrics"]["words"] > 250
    assert summary["metrics"]["reading_grade"] > 8
    assert "above the target of 8" in summary["summary"]
    assert 0 <= summary["score"]["total"] <= 100


async def test_debounced_edits_publish_the_last_version(client: LanguageClient, workspace: Path):
    doc = Doc(client, workspace / "typing.txt", "Sleep well.\n")
    assert not [d for d in await doc.open() if d.code == "HL101"]
    for word in (" It", " has", " an", " affect"):
        end = types.Position(0, len(doc.text.rstrip("\n")))
        await doc.replace(types.Range(end, end), word, wait=False)
    diagnostics = await doc.diagnostics()
    assert doc.at(_only(diagnostics, "HL101").range) == "affect"


async def test_untitled_documents_use_their_language(client: LanguageClient):
    uri = "untitled:Untitled-1"
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="markdown", version=1, text="# Draft\n\nIt had an affect on me.\n")))
    while uri not in client.diagnostics:
        await asyncio.sleep(0.01)
    assert [d.code for d in client.diagnostics[uri] if d.code == "HL101"] == ["HL101"]


async def test_hostile_documents_and_settings_never_stop_the_server(client: LanguageClient, workspace: Path):
    bad = workspace / "bad"
    bad.mkdir()
    (bad / ".healthlint.toml").write_text("select = [\n", encoding="utf-8")  # not TOML
    doc = Doc(client, bad / "draft.txt", "It had an affect on me.\n")
    diagnostics = await doc.open()
    problem = [d for d in diagnostics if d.code is None]
    assert problem and "not valid TOML" in problem[0].message and problem[0].severity == types.DiagnosticSeverity.Error
    assert [d for d in diagnostics if d.code == "HL101"]  # linted with the defaults meanwhile

    for text in ("\x00\x01\x02" * 1000, "<" * 20000, "<a " * 5000 + "affect", "\ud800 lone surrogate", ""):
        odd = Doc(client, workspace / f"odd{len(text)}.html", text, "html")
        await odd.open()
    # Malformed settings and commands are logged and ignored.
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"healthlint": {"select": 5, "audience": "toddlers", "debounceMs": "soon", "languagetoolUrl": "http://evil.test", "x" * 10000: 1}}))
    assert await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="healthlint.addWord", arguments=[doc.uri, "../../etc/passwd"])) is None
    assert await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="healthlint.readability", arguments=[{"not": "a uri"}])) is None
    assert not (workspace / "etc").exists()
    # Still serving: a new document is linted.
    later = Doc(client, workspace / "later.txt", "It had an affect on me.\n")
    assert [d for d in await later.open() if d.code == "HL101"]


async def test_settings_from_the_nearest_config_and_the_client(client: LanguageClient, workspace: Path):
    quiet = workspace / "quiet"
    quiet.mkdir()
    (quiet / ".healthlint.toml").write_text('ignore = ["HL101"]\n', encoding="utf-8")
    text = "It had an affect on me, and I could of slept.\n"
    doc = Doc(client, quiet / "draft.txt", text)
    codes = {d.code for d in await doc.open()}
    assert "HL101" not in codes and "HL123" in codes

    client.diagnostics.pop(doc.uri, None)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"healthlint": {"ignore": ["could-of"], "debounceMs": 30}}))
    codes = {d.code for d in await doc.diagnostics()}
    assert "HL123" not in codes and "HL101" not in codes

    client.diagnostics.pop(doc.uri, None)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"healthlint": {"debounceMs": 30}}))
    assert "HL123" in {d.code for d in await doc.diagnostics()}


async def test_settings_files_changed_on_disk_apply(client: LanguageClient, workspace: Path):
    folder = workspace / "changing"
    folder.mkdir()
    settings = folder / ".healthlint.toml"
    settings.write_text('ignore = ["HL101"]\n', encoding="utf-8")
    doc = Doc(client, folder / "draft.txt", "It had an affect on me.\n")
    assert "HL101" not in {d.code for d in await doc.open()}
    settings.write_text("ignore = []\n", encoding="utf-8")
    client.diagnostics.pop(doc.uri, None)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=settings.as_uri(), type=types.FileChangeType.Changed)]))
    assert "HL101" in {d.code for d in await doc.diagnostics()}


async def test_documents_over_the_size_limit_get_one_message(client: LanguageClient, workspace: Path):
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"healthlint": {"maxChars": 1000, "debounceMs": 30}}))
    try:
        doc = Doc(client, workspace / "long.txt", "It had an affect on me. " * 100)
        diagnostics = await doc.open()
        assert len(diagnostics) == 1 and "maxChars" in diagnostics[0].message
    finally:
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"healthlint": {"debounceMs": 30}}))


@pytest_lsp.fixture(config=SERVER, loop_scope="module")
async def pulling_client(lsp_client: LanguageClient, tmp_path: Path):
    lsp_client.set_configuration({"ignore": ["could-of"]}, section="healthlint")
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(
            workspace=types.WorkspaceClientCapabilities(configuration=True),
            general=types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16]),
        ),
        workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name="workspace")],
        initialization_options={"healthlint": {"debounceMs": 30, "select": ["grammar"]}},
    ))
    yield
    await lsp_client.shutdown_session()


async def test_settings_pulled_with_workspace_configuration(pulling_client: LanguageClient, tmp_path: Path):
    doc = Doc(pulling_client, tmp_path / "draft.txt", "It had an affect on me, and I could of slept. Its a long day.\n")
    await doc.open()
    deadline = time.monotonic() + 60
    # The pulled settings arrive after initialized and re-lint: wait for them to apply.
    while "HL123" in {d.code for d in pulling_client.diagnostics.get(doc.uri, ())}:
        assert time.monotonic() < deadline
        await asyncio.sleep(0.02)
    codes = {d.code for d in await doc.diagnostics()}
    assert "HL123" not in codes  # ignored by the pulled settings
    assert "HL315" not in codes and "HL801" not in codes  # the initialization options still apply
    assert {"HL101", "HL104"} <= codes

    pulling_client.set_configuration({"ignore": []}, section="healthlint")
    pulling_client.diagnostics.pop(doc.uri, None)
    pulling_client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    while "HL123" not in {d.code for d in pulling_client.diagnostics.get(doc.uri, ())}:
        assert time.monotonic() < deadline
        await asyncio.sleep(0.02)


async def test_utf8_positions_when_the_client_prefers_them(pulling_client: LanguageClient, tmp_path: Path):
    """Helix and others offer UTF-8 first; the server agrees and counts bytes."""
    uri = (tmp_path / "bytes.txt").as_uri()
    text = "é😀 It had an affect on me.\n"
    pulling_client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="plaintext", version=1, text=text)))
    deadline = time.monotonic() + 60
    while not any(d.code == "HL101" for d in pulling_client.diagnostics.get(uri, ())):
        assert time.monotonic() < deadline
        await asyncio.sleep(0.02)
    affect = next(d for d in pulling_client.diagnostics[uri] if d.code == "HL101")
    start = len(text[: text.index("affect")].encode("utf-8"))
    assert affect.range == types.Range(types.Position(0, start), types.Position(0, start + 6))


async def test_a_word_document_is_diagnosed_at_paragraph_and_column_on_open(client: LanguageClient, workspace: Path):
    """An editor opening a .docx sends no usable text: the server reads the file, and places
    findings at (paragraph, character) as the command line does."""
    from docx_builder import new_document, to_bytes

    document = new_document(author="Dr A. Writer")
    document.add_paragraph("Knee pain")
    document.add_paragraph("")
    document.add_paragraph("Cold weather can have an affect on stiff knees.")
    path = workspace / "draft.docx"
    path.write_bytes(to_bytes(document))
    doc = Doc(client, path, "", language="docx")
    diagnostics = await doc.open()
    found = _only(diagnostics, "HL101")
    assert (found.range.start.line, found.range.start.character, found.range.end.character) == (2, 25, 31), [(d.code, d.message, d.range) for d in diagnostics]
