"""The HTML report: self-contained, every finding highlighted on the text it names, filters and panels present."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from click.testing import CliRunner

from healthlint.cli import main

ARTICLE = (
    "# Sleep and mood\n\n"
    "Sleep has a big affect on mood &amp; *energy*. Take 5mg at night.\n\n"
    "- People who sleep well feel better.\n"
)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.external: list[str] = []
        self.marks: list[tuple[int, str, str]] = []  # (file number, data-f, text)
        self._file = -1
        self._mark: list[str] | None = None
        self._ids = ""
        self.checkboxes: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("src", "href"):
            value = attrs.get(key) or ""
            if tag in ("script", "link", "img", "iframe") and value and not value.startswith(("#", "data:")):
                self.external.append(value)
        if tag == "link":
            self.external.append(attrs.get("href", ""))
        if tag == "section" and "data-file" in attrs:
            self._file = int(attrs["data-file"])
        if tag == "mark" and "whole" not in attrs.get("class", ""):
            self._mark, self._ids = [], attrs["data-f"]
        if tag == "input" and attrs.get("data-filter"):
            self.checkboxes.append((attrs["data-filter"], attrs["value"]))

    def handle_endtag(self, tag):
        if tag == "mark" and self._mark is not None:
            self.marks.append((self._file, self._ids, "".join(self._mark)))
            self._mark = None

    def handle_data(self, data):
        if self._mark is not None:
            self._mark.append(data)


def _report(tmp_path, monkeypatch, *extra):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Take 10mg daily.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "a.md", "b.txt", "--format", "html", "--isolated", "--select", "HL101,HL701,HL801", *extra])
    return result.output


def test_report_is_self_contained_and_highlights_each_finding_on_its_text(tmp_path, monkeypatch):
    page = _report(tmp_path, monkeypatch)
    collector = _Collector()
    collector.feed(page)
    assert collector.external == []
    assert "http://" not in page and "https://" not in page and "@import" not in page and "url(" not in page
    data = json.loads(re.search(r'<script type="application/json" id="findings">(.*?)</script>', page, re.S).group(1))
    texts = {}
    for file_no, ids, text in collector.marks:
        for i in ids.split():
            texts.setdefault((file_no, int(i)), []).append(text)
    by_rule = {f["rule"]: i for i, f in enumerate(data[0])}
    assert "".join(texts[0, by_rule["HL101"]]) == "affect"
    assert "".join(texts[0, by_rule["HL701"]]) == "5mg"
    second = {f["rule"]: i for i, f in enumerate(data[1])}
    assert "".join(texts[1, second["HL701"]]) == "10mg"  # findings are numbered within their file


def test_report_has_filters_panels_and_an_index_for_many_files(tmp_path, monkeypatch):
    page = _report(tmp_path, monkeypatch)
    collector = _Collector()
    collector.feed(page)
    assert ("sev", "warning") in collector.checkboxes and ("cat", "grammar") in collector.checkboxes
    assert '<section class="card index">' in page  # two files: an index
    for panel in ("Score", "Readability", "Findings by category", "Findings", "Top terms", "Citations"):
        assert f"<h3>{panel}</h3>" in page



def test_findings_outside_the_prose_are_listed_above_the_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.html").write_text("<html><head><title>Hi</title></head><body><p>Some text.</p></body></html>", encoding="utf-8")
    page = CliRunner().invoke(main, ["check", "c.html", "--format", "html", "--isolated", "--select", "HL310"]).output
    top = page.split('<div class="page-level">', 1)[1].split("</div>", 1)[0]
    assert "HL310" in top


def test_script_cannot_be_ended_by_a_finding_message(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.html").write_text("<p>It has a big affect </script><script>alert(1)</script>.</p>", encoding="utf-8")
    page = CliRunner().invoke(main, ["check", "x.html", "--format", "html", "--isolated"]).output
    assert "<script>alert(1)</script>" not in page
    assert page.count("<script") == 2  # the data and the report's own script


def test_page_level_findings_on_a_text_file_do_not_paint_its_title(tmp_path, monkeypatch):
    """Issue 26, item 14: 'no author' is anchored to the title line for editors, but the
    HTML report lists it for the page instead of marking the title as wrong."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.txt").write_text("Knee pain relief\n\nKnee pain is common. It has a big affect on sleep.\n", encoding="utf-8")
    page = CliRunner().invoke(main, ["check", "t.txt", "--format", "html", "--isolated", "--select", "HL101,HL801,HL315,HL809"]).output
    collector = _Collector()
    collector.feed(page)
    data = json.loads(re.search(r'<script type="application/json" id="findings">(.*?)</script>', page, re.S).group(1))
    marked = {data[0][int(i)]["rule"] for _, ids, _ in collector.marks for i in ids.split()}
    assert marked == {"HL101"}  # only the real problem in the text is painted
    top = page.split('<div class="page-level">', 1)[1].split("</ul>", 1)[0]
    assert "HL801" in top and "HL315" in top


def test_paragraph_badges_show_rule_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    long_paragraph = "Sleep helps " + "and sleep helps " * 12 + "in order to rest.\n"
    (tmp_path / "p.md").write_text("# Sleep\n\n" + long_paragraph, encoding="utf-8")
    page = CliRunner().invoke(main, ["check", "p.md", "--format", "html", "--isolated", "--select", "HL203"]).output
    badge = re.search(r'<mark class="f whole[^"]*"[^>]*>([^<]*)</mark>', page)
    assert badge and badge.group(1) == "long-sentence"
