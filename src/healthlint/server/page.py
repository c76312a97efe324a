"""The check page: a form (paste or upload, audience, keyphrase) and, after a check, the
HTML report's own file section (highlights in place, readability panel, findings list).

The page loads only its own two assets, and its Content-Security-Policy says so: scripts
and styles from this server only, no inline script, no frames, no connections elsewhere,
forms posted only back here. The report's few inline style attributes (gauge and bar
widths) are each allowed by their hash, so no other inline style can apply.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re

from .. import __version__
from ..config import AUDIENCES
from ..formatters.html_format import _data, _file_section, _filters  # the HTML report's own pieces
from ..linting import Report
from .settings import upload_suffixes

NOTHING_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
_PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'"
)
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
_AUDIENCE_LABELS = {
    "patient": "Patients (reading grade 8)",
    "patient-strict": "Patients, plain (grade 6)",
    "professional": "Health professionals (no readability rules)",
}
_FORMAT_LABELS = {"": "Detect", "text": "Plain text", "markdown": "Markdown", "html": "HTML"}

STYLE = """
.checkform{max-width:1280px;margin:0 0 24px}
.checkform label.big{display:block;font-weight:600;margin-bottom:6px}
.checkform textarea{width:100%;min-height:14em;font:15px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:10px;border:1px solid var(--line);border-radius:6px;resize:vertical}
.checkform .row{display:flex;flex-wrap:wrap;gap:12px 20px;align-items:end;margin-top:12px}
.checkform .row label{display:flex;flex-direction:column;font-size:13px;color:var(--muted);gap:4px}
.checkform select,.checkform input[type=text]{font:inherit;font-size:14px;padding:5px 8px;border:1px solid var(--line);border-radius:6px;color:var(--ink);min-width:14em}
.checkform button{font:600 15px system-ui,sans-serif;background:var(--accent);color:#fff;border:0;border-radius:6px;padding:8px 22px;cursor:pointer}
.checkform button:focus{outline:3px solid #8fd3cf}
.checkform .hint{font-size:13px;color:var(--muted);margin:8px 0 0}
.problem{background:var(--err-bg);color:var(--err);border-radius:6px;padding:8px 12px;margin:0 0 16px}
"""


def _option(value: str, label: str, chosen: str) -> str:
    selected = " selected" if value == chosen else ""
    return f'<option value="{html.escape(value)}"{selected}>{html.escape(label)}</option>'


def _form(text: str, fields: dict[str, str]) -> str:
    audiences = _option("", "From the article's front matter, else patients", fields.get("audience", "")) + "".join(
        _option(name, _AUDIENCE_LABELS.get(name, name), fields.get("audience", "")) for name in AUDIENCES
    )
    formats = "".join(_option(value, label, fields.get("format", "")) for value, label in _FORMAT_LABELS.items())
    accept = ",".join(upload_suffixes())
    return (
        '<form class="card checkform" method="post" action="/check#file-0" enctype="multipart/form-data">'
        '<label class="big" for="draft">Paste a draft</label>'
        f'<textarea id="draft" name="text" spellcheck="false">{html.escape(text)}</textarea>'
        '<div class="row">'
        f'<label>Or upload a file ({html.escape(", ".join(upload_suffixes()))})<input id="file" type="file" name="file" accept="{html.escape(accept)}"></label>'
        f'<label>Pasted text is<select id="format" name="format">{formats}</select></label>'
        f'<label>Audience<select id="audience" name="audience">{audiences}</select></label>'
        f'<label>Focus keyphrase (optional)<input id="keyphrase" type="text" name="keyphrase" value="{html.escape(fields.get("keyphrase", ""))}"></label>'
        '<button id="check" type="submit">Check</button></div>'
        '<p class="hint">Checked on this computer by healthlint; nothing is sent anywhere else. An uploaded file is used instead of the pasted text.</p>'
        "</form>"
    )


def render(text: str = "", fields: dict[str, str] | None = None, result=None, error: str | None = None) -> str:
    fields = fields or {}
    problem = f'<div class="problem" role="alert">{html.escape(error)}</div>' if error else ""
    filters = results = scripts = ""
    if result is not None:
        report = Report(files=[result])
        filters = _filters(report)
        results = _file_section(0, result)
        scripts = f'<script type="application/json" id="findings">{_data(report)}</script><script src="/assets/report.js"></script>'
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>healthlint check page</title><link rel="stylesheet" href="/assets/report.css"></head><body>'
        f'<header class="top"><div class="title"><b>healthlint</b> check page <span class="muted">· healthlint {html.escape(__version__)}</span></div>{filters}</header>'
        f'<main>{_form(text, fields)}{problem}{results}</main><div id="pop" class="pop" hidden></div>{scripts}</body></html>\n'
    )


def policy(document: str) -> str:
    """The page's Content-Security-Policy, allowing exactly the inline style attributes it holds."""
    values = sorted({html.unescape(value) for value in _STYLE_ATTRIBUTE.findall(document)})
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(v.encode()).digest()).decode()}'" for v in values)
    return _PAGE_POLICY + (f"; style-src-attr 'unsafe-hashes' {hashes}" if hashes else "; style-src-attr 'none'")


def response(document: str, status: int = 200, headers: dict[str, str] | None = None):
    from starlette.responses import HTMLResponse

    headers = {"content-security-policy": policy(document), "cache-control": "no-store", **(headers or {})}
    return HTMLResponse(document, status_code=status, headers=headers)
