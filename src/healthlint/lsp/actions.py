"""Code actions: a finding's suggestions as quick fixes, a suppression comment, a new word.

- Each suggestion replaces the finding's text. Suggestions of rules whose fixes are safe
  (form only, as ``check --fix`` applies them) are marked preferred, so that an editor's
  "fix all" or "apply preferred fix" key takes them; a fix that may change the meaning
  (affect -> effect) is offered but never preferred.
- In Markdown and HTML, ``<!-- healthlint-disable-line CODE -- reason: ... -->`` is added on
  the finding's line, in the project's directive syntax (document/directives.py). Plain
  text has no comments, so no suppression is offered there.
- A spelling finding offers to add its word to ``.healthlint-words.txt`` through the
  ``healthlint.addWord`` command, which the server carries out.
"""

from __future__ import annotations

import re

from lsprotocol import types

from ..engine.finding import Finding
from ..engine.registry import find_rule
from .diagnostics import finding_range, to_diagnostic
from .session import SPELLING_RULES, Linted, word_of

ADD_WORD = "healthlint.addWord"
READABILITY = "healthlint.readability"
REASON = "reason: say why this is right here"
_MAX_SUGGESTIONS = 5
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


def code_actions(linted: Linted, findings: list[Finding], uri: str, docs_url: str) -> list[types.CodeAction]:
    out: list[types.CodeAction] = []
    for finding in findings:
        diagnostic = to_diagnostic(linted.index, finding, docs_url)
        out += _replacements(finding, diagnostic, uri)
    for finding in findings:
        diagnostic = to_diagnostic(linted.index, finding, docs_url)
        suppress = _suppression(linted, finding, diagnostic, uri)
        if suppress is not None:
            out.append(suppress)
        if finding.rule in SPELLING_RULES:
            word = word_of(linted, finding.start, finding.end)
            if word is not None:
                out.append(types.CodeAction(
                    title=f'Add "{word}" to .healthlint-words.txt',
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    command=types.Command(title="Add to the word list", command=ADD_WORD, arguments=[uri, word]),
                ))
    return out


def _replacements(finding: Finding, diagnostic: types.Diagnostic, uri: str) -> list[types.CodeAction]:
    rule = find_rule(finding.rule)
    safe = rule is not None and rule.fix == "safe"
    out = []
    for number, suggestion in enumerate(finding.suggestions[:_MAX_SUGGESTIONS]):
        shown = suggestion.replace("\n", " ")
        title = f'{finding.rule}: replace with "{shown}"' if suggestion else f"{finding.rule}: remove"
        out.append(types.CodeAction(
            title=title,
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic],
            is_preferred=safe and number == 0,
            edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(range=diagnostic.range, new_text=suggestion)]}),
        ))
    return out


def _suppression(linted: Linted, finding: Finding, diagnostic: types.Diagnostic, uri: str) -> types.CodeAction | None:
    comment = f"<!-- healthlint-disable-line {finding.rule} -- {REASON} -->"
    if linted.format == "markdown":
        if _in_front_matter(linted, finding.line):
            return None
        if not linted.index.line_text(finding.line - 1).strip():
            return None
        at = linted.index.line_end(finding.line)
        new_text = " " + comment
    elif linted.format == "html":
        if linted.doc is None or _inside_markup(linted.doc.source.text, finding.start):
            return None
        at = finding_range(linted.index, finding).start
        new_text = comment
    else:
        return None
    position = types.Position(at.line, at.character)
    return types.CodeAction(
        title=f"{finding.rule}: suppress on this line (with a reason)",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(range=types.Range(position, position), new_text=new_text)]}),
    )


def _in_front_matter(linted: Linted, line: int) -> bool:
    """Whether healthlint's 1-based ``line`` is in YAML front matter, where a comment would
    break the YAML."""
    lines = linted.index.lines
    if not lines or lines[0].lstrip("\ufeff").rstrip() != "---":
        return False
    for number in range(1, len(lines)):
        if _FRONT_MATTER_END.match(lines[number]):
            return line <= number + 1
    return True


def _inside_markup(text: str, offset: int) -> bool:
    """Whether ``offset`` of an HTML source is inside a tag, a declaration or a comment,
    where a comment cannot go."""
    before = text[:offset]
    if before.rfind("<") > before.rfind(">"):
        return True
    return text.startswith("<", offset) or before.rfind("<!--") > before.rfind("-->")
