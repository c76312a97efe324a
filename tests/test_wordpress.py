"""WordPress WXR exports: one document per post, positions in the export, streaming."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import ROOT, source_slice

from healthlint.analysis.metadata import trust
from healthlint.cli import main
from healthlint.config import Config
from healthlint.document.wordpress import is_export, load_posts
from healthlint.linting import lint_bytes, lint_file

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
\t<title>Cascade Joint Center</title>
\t<wp:wxr_version>1.2</wp:wxr_version>
\t<wp:author><wp:author_login><![CDATA[mlopez]]></wp:author_login><wp:author_display_name><![CDATA[Maria Lopez, PT]]></wp:author_display_name></wp:author>
"""
TAIL = "</channel>\n</rss>\n"


def item(slug: str, content: str, *, title: str = "Knee pain", kind: str = "post", status: str = "publish", creator: str = "mlopez",
         date: str = "2024-03-01 10:00:00", modified: str | None = None, meta: dict[str, str] | None = None, post_id: int = 1, cdata: bool = True) -> str:
    body = f"<![CDATA[{content}]]>" if cdata else content
    extra = f"\t\t<wp:post_modified><![CDATA[{modified}]]></wp:post_modified>\n" if modified else ""
    for key, value in (meta or {}).items():
        extra += f"\t\t<wp:postmeta>\n\t\t\t<wp:meta_key><![CDATA[{key}]]></wp:meta_key>\n\t\t\t<wp:meta_value><![CDATA[{value}]]></wp:meta_value>\n\t\t</wp:postmeta>\n"
    return (
        f"\t<item>\n\t\t<title><![CDATA[{title}]]></title>\n\t\t<link>https://clinic.example/{slug}/</link>\n"
        f"\t\t<dc:creator><![CDATA[{creator}]]></dc:creator>\n\t\t<content:encoded>{body}</content:encoded>\n"
        f"\t\t<wp:post_id>{post_id}</wp:post_id>\n\t\t<wp:post_date><![CDATA[{date}]]></wp:post_date>\n{extra}"
        f"\t\t<wp:post_name><![CDATA[{slug}]]></wp:post_name>\n\t\t<wp:status><![CDATA[{status}]]></wp:status>\n"
        f"\t\t<wp:post_type><![CDATA[{kind}]]></wp:post_type>\n\t</item>\n"
    )


def export(*items: str) -> str:
    return HEAD + "".join(items) + TAIL


BLOCK_POST = (
    "<!-- wp:paragraph -->\n<p>Extra weight may be having an affect on your knees.</p>\n<!-- /wp:paragraph -->\n\n"
    '<!-- wp:heading -->\n<h2 class="wp-block-heading">When to rest</h2>\n<!-- /wp:heading -->'
)
STANDARD = export(
    item("walking-knee-pain", BLOCK_POST, title="Walking &amp; knee pain", modified="2024-05-02 09:30:00", post_id=12,
         meta={"_yoast_wpseo_focuskw": "knee pain", "_yoast_wpseo_metadesc": "Walking eases knee pain: how far to walk, how often, and when to rest."}),
    item("about", "Sleep has a big affect on mood &amp;amp; pain.\n\nExercise give you energy.", title="About us", kind="page",
         status="draft", creator="admin", post_id=14, cdata=False),
    item("knee-jpg", "an affect in an attachment", kind="attachment", status="inherit", post_id=15),
    item("12-revision-v1", "an affect in a revision", kind="revision", status="inherit", post_id=16),
    item("menu", "", kind="nav_menu_item", post_id=17),
)
GRAMMAR = Config(select=("HL101", "HL120"))


def write(tmp_path, text: str, name: str = "export.xml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_post_and_a_page_are_two_documents_and_affect_is_found_in_place(tmp_path):
    path = write(tmp_path, STANDARD, "site.wordpress.2024-06-01")  # found by content, not by name
    result = lint_file(path, GRAMMAR, "site.export")
    assert not result.errors
    posts = result.reported()
    assert [p.path for p in posts] == ["site.export#walking-knee-pain", "site.export#about"]
    assert [p.sections["wordpress"]["type"] for p in posts] == ["post", "page"]
    assert posts[0].sections["wordpress"] == {"slug": "walking-knee-pain", "title": "Walking & knee pain", "link": "https://clinic.example/walking-knee-pain/",
                                              "status": "publish", "type": "post", "id": "12", "file": "site.export"}
    raw = STANDARD
    for post, expected in ((posts[0], ["affect"]), (posts[1], ["affect", "Exercise give"])):
        found = [source_slice(raw, f.line, f.column, f.end_line, f.end_column) for f in post.findings]
        assert found == expected
    affect = posts[0].findings[0]
    line = raw.split("\n")[affect.line - 1]
    assert line == "<p>Extra weight may be having an affect on your knees.</p>"
    assert (affect.line, affect.column) == (raw.split("\n").index(line) + 1, line.index("affect") + 1)


def test_entity_escaped_content_maps_through_the_entities():
    # The page's content is not CDATA: '&amp;amp;' in the file is '&amp;' in the HTML, '&' in prose.
    posts = list(load_posts(lambda: __import__("io").BytesIO(STANDARD.encode()), "x.xml"))
    page = posts[1]
    assert [b.text for b in page.blocks] == ["About us", "Sleep has a big affect on mood & pain.", "Exercise give you energy."]
    block = page.blocks[1]
    start, end = block.source_span(block.text.index("&"), block.text.index("&") + 1)
    assert page.source.text[start:end] == "&amp;amp;"


def test_author_dates_title_and_yoast_fields_are_read():
    posts = list(load_posts(lambda: __import__("io").BytesIO(STANDARD.encode()), "x.xml"))
    post, page = posts
    found = trust(post)
    assert found.author == ["Maria Lopez, PT"]  # the login mapped to the display name
    assert (str(found.published), str(found.modified)) == ("2024-03-01", "2024-05-02")
    assert trust(page).author == ["admin"]
    assert post.metadata["keyphrase"] == "knee pain"
    assert post.metadata["description"].startswith("Walking eases knee pain")
    assert post.title == "Walking & knee pain"
    assert [(b.kind, b.level) for b in post.blocks] == [("heading", 1), ("paragraph", 0), ("heading", 2)]
    # Block-editor comments are markup: no prose, no directives.
    assert not any("wp:" in b.text for b in post.blocks)


def test_metadata_and_seo_rules_read_the_export(tmp_path):
    path = write(tmp_path, STANDARD)
    posts = lint_file(path, Config(select=("metadata", "seo", "HL321")), "export.xml").reported()
    post_rules = {f.rule: f for f in posts[0].findings}
    assert "HL801" not in post_rules and "HL804" not in post_rules  # author and date were read
    # Yoast's description is 70 characters: too short, reported on its meta_value line.
    description = post_rules["HL311"]
    assert "<wp:meta_value><![CDATA[Walking eases" in STANDARD.split("\n")[description.line - 1]
    assert "HL321" not in {f.rule for f in posts[0].findings if "title" in f.message}  # the keyphrase is in the title
    page_rules = {f.rule for f in posts[1].findings}
    assert "HL311" in page_rules  # no Yoast description at all


def test_classic_editor_blank_lines_are_paragraphs():
    content = "First paragraph has no tags.\nIts second line.\n\n<strong>Second</strong> paragraph.\n\n\n<ul>\n<li>An item</li>\n</ul>"
    posts = list(load_posts(lambda: __import__("io").BytesIO(export(item("classic", content)).encode()), "x.xml"))
    assert [(b.kind, b.text) for b in posts[0].blocks[1:]] == [
        ("paragraph", "First paragraph has no tags. Its second line."),
        ("paragraph", "Second paragraph."),
        ("list_item", "An item"),
    ]


def test_shortcode_tags_are_markup_and_captions_prose():
    content = '[caption id="attachment_5" align="alignnone" width="300"]<img src="k.jpg" alt="Knee"> Icing a knee[/caption]\n\nSee [1] and [gallery ids="1,2"].'
    posts = list(load_posts(lambda: __import__("io").BytesIO(export(item("sc", content)).encode()), "x.xml"))
    assert [b.text for b in posts[0].blocks[1:]] == ["Icing a knee", "See [1] and ."]
    block = posts[0].blocks[1]
    start, end = block.source_span(0, len(block.text))
    assert posts[0].source.text[start:end] == "Icing a knee"


def test_cdata_split_across_sections_and_crlf_line_ends(tmp_path):
    # WordPress splits ']]>' inside content into two CDATA sections.
    content = "<p>Odd ]]]]><![CDATA[> text. Sleep has a big affect on mood.</p>"
    raw = export(item("split", content)).replace("\n", "\r\n")
    path = tmp_path / "export.xml"
    path.write_bytes(raw.encode())
    [post] = lint_file(path, GRAMMAR, "export.xml").reported()
    [finding] = post.findings
    assert source_slice(raw, finding.line, finding.column, finding.end_line, finding.end_column) == "affect"


def test_slugless_drafts_and_repeated_slugs_get_distinct_names(tmp_path):
    raw = export(item("", "Draft text.", status="draft", post_id=30), item("same", "One.", post_id=31), item("same", "Two.", kind="page", post_id=32),
                 item("gone", "Trashed.", status="trash", post_id=33))
    names = [r.path for r in lint_file(write(tmp_path, raw), GRAMMAR, "e.xml").reported()]
    assert names == ["e.xml#post-30", "e.xml#same", "e.xml#same~32"]


def test_a_broken_export_keeps_the_posts_before_the_break_and_exits_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    raw = export(item("first", "Sleep has a big affect on mood.")) .replace(TAIL, "\t<item><title>broken</item>\n" + TAIL)
    write(tmp_path, raw)
    (tmp_path / "notes.txt").write_text("Sleep has a big affect on mood.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "json", "--select", "HL101", "export.xml", "notes.txt"])
    assert result.exit_code == 2
    assert "export.xml: the export is not well-formed XML at line" in result.stderr
    paths = [f["path"] for f in json.loads(result.stdout)["files"]]
    assert paths == ["export.xml#first", "export.xml", "notes.txt"]


@pytest.mark.parametrize("attack", [
    '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE rss SYSTEM "http://127.0.0.1:9/wxr.dtd">',
])
def test_dtds_and_entities_are_refused(tmp_path, attack):
    raw = STANDARD.replace("<rss", attack + "\n<rss", 1).replace("Extra weight", "&b; &x; Extra weight")
    result = lint_file(write(tmp_path, raw), GRAMMAR, "export.xml")
    assert [e["message"] for e in result.errors] == ["a WordPress export has no DOCTYPE; refusing one (it could define entities)"]
    assert result.reported() == [result]  # nothing read from a document that declares entities


def test_detection_is_by_content():
    assert is_export(STANDARD.encode()[:4096])
    assert not is_export(b'<?xml version="1.0"?><rss version="2.0"><channel><title>A feed</title></channel></rss>')
    assert not is_export(b"<html><body>http://wordpress.org/export/1.2/</body></html>")


def test_reports_group_by_post_and_the_html_index_is_worst_first(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    worse = item("worse", "Sleep has a big affect on mood. Exercise give you energy. An affect again.", post_id=40)
    write(tmp_path, export(item("fine", "Sleep helps your mood.", post_id=41), worse))
    args = ["check", "--select", "HL101,HL120", "export.xml"]
    text = CliRunner().invoke(main, args).stdout
    assert 'export.xml#fine: no problems\n  WordPress post · publish · "Knee pain"' in text
    assert text.index("export.xml#fine") < text.index("export.xml#worse:")
    html = CliRunner().invoke(main, [*args, "--format", "html"]).stdout
    posts_table = html[html.index("Posts, worst first") : html.index("</table>", html.index("Posts, worst first"))]
    assert posts_table.index(">worse<") < posts_table.index(">fine<")
    markdown = CliRunner().invoke(main, [*args, "--format", "markdown"]).stdout
    table = markdown[markdown.index("| Post (worst first) |") :]
    assert table.index("| export.xml#worse |") < table.index("| export.xml#fine |")
    report = json.loads(CliRunner().invoke(main, [*args, "--format", "json"]).stdout)
    jsonschema.validate(report, json.loads((ROOT / "docs" / "json-report.schema.json").read_text()))
    assert [f["wordpress"]["slug"] for f in report["files"]] == ["fine", "worse"]


def test_sarif_and_github_annotations_point_at_the_export_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, STANDARD)
    sarif = json.loads(CliRunner().invoke(main, ["check", "--format", "sarif", "--select", "HL101", "export.xml"]).stdout)
    locations = [r["locations"][0]["physicalLocation"] for r in sarif["runs"][0]["results"]]
    assert {loc["artifactLocation"]["uri"] for loc in locations} == {"export.xml"}
    affect_lines = [n for n, line in enumerate(STANDARD.split("\n"), 1) if "big affect" in line or "an affect on your" in line]
    assert sorted(loc["region"]["startLine"] for loc in locations) == affect_lines
    github = CliRunner().invoke(main, ["check", "--format", "github", "--select", "HL101", "export.xml"]).stdout
    assert github.count("file=export.xml,line=") == 2


def test_fix_leaves_exports_alone_and_stdin_is_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, STANDARD)
    result = CliRunner().invoke(main, ["check", "--fix", "--unsafe-fixes", "--select", "HL101", "export.xml"])
    assert "leaves WordPress exports unchanged" in result.stderr
    assert path.read_text(encoding="utf-8") == STANDARD
    piped = CliRunner().invoke(main, ["check", "--format", "json", "--select", "HL101", "-"], input=STANDARD)
    assert [f["path"] for f in json.loads(piped.stdout)["files"]] == ["-#walking-knee-pain", "-#about"]
    assert [f.path for f in lint_bytes(STANDARD.encode(), "x.xml", GRAMMAR).reported()] == ["x.xml#walking-knee-pain", "x.xml#about"]


def test_folders_include_exports_but_not_other_xml(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, STANDARD, "export.xml")
    write(tmp_path, '<?xml version="1.0"?><urlset></urlset>', "sitemap.xml")
    result = CliRunner().invoke(main, ["check", "--format", "json", "--select", "HL101", "."])
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == ["export.xml#walking-knee-pain", "export.xml#about"]


_MEMORY_PROBE = textwrap.dedent("""
    import resource, sys
    from pathlib import Path
    from healthlint.config import Config
    from healthlint.linting import lint_file
    from healthlint.document import wordpress  # imports done before the baseline
    import lxml.etree, bs4
    lint_file(Path(sys.argv[2]), Config(select=("HL101",)), "small")  # warm up: rules, packs, parsers
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = lint_file(Path(sys.argv[1]), Config(select=("HL101",)), "big")
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(len(result.reported()), sum(len(r.findings) for r in result.reported()), (after - before) // 1024)
""")


def test_a_large_export_is_read_in_bounded_memory(tmp_path):
    # 50 MB: a few hundred posts (linted) among many large revisions and attachments
    # (skipped), as real exports are. Peak memory must not follow the file's size.
    paragraph = "<p>Walking helps knees. Sleep has a big affect on mood. " + "Rest and ice help too. " * 40 + "</p>\n"
    post = item("p{n}", paragraph * 3, post_id=0)
    revision = item("r{n}", paragraph * 60, kind="revision", status="inherit", post_id=0)
    path = tmp_path / "big.xml"
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        n = 0
        while out.tell() < 50 * 1024 * 1024:
            n += 1
            out.write((post if n % 20 == 0 else revision).replace("{n}", str(n)))
        out.write(TAIL)
    small = write(tmp_path, STANDARD, "small.xml")
    size_mb = path.stat().st_size // (1024 * 1024)
    probe = subprocess.run([sys.executable, "-c", _MEMORY_PROBE, str(path), str(small)], capture_output=True, text=True, timeout=600)
    assert probe.returncode == 0, probe.stderr
    posts, findings, grown_mb = map(int, probe.stdout.split())
    assert posts == n // 20 and findings == 3 * posts
    assert size_mb >= 50
    print(f"{size_mb} MB export, {posts} posts: peak memory grew {grown_mb} MB")
    assert grown_mb < 20, f"peak memory grew {grown_mb} MB reading a {size_mb} MB export"


def test_worker_processes_return_each_posts_result_in_order(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, STANDARD, "a-export.xml")
    for n in range(8):
        (tmp_path / f"note{n}.txt").write_text("Sleep has a big affect on mood.\n", encoding="utf-8")
    runs = [CliRunner().invoke(main, ["check", "--format", "json", "--select", "HL101", "--jobs", jobs, "."]).stdout for jobs in ("1", "2")]
    assert runs[0] == runs[1]
    paths = [f["path"] for f in json.loads(runs[1])["files"]]
    assert paths[:2] == ["a-export.xml#walking-knee-pain", "a-export.xml#about"] and len(paths) == 10


def test_lint_text_reads_an_export_too():
    from healthlint import lint_text

    result = lint_text(STANDARD, path="pasted.xml", config=GRAMMAR)
    assert [r.path for r in result.reported()] == ["pasted.xml#walking-knee-pain", "pasted.xml#about"]


def test_a_line_too_long_to_hold_is_an_input_error(tmp_path, monkeypatch):
    import healthlint.document.wordpress as wordpress

    monkeypatch.setattr(wordpress, "MAX_LINE_BYTES", 200)
    long_post = item("long", "<p>Sleep has a big affect on mood. " + "Rest helps. " * 40 + "</p>", post_id=50)
    result = lint_file(write(tmp_path, export(item("short", "Sleep has a big affect on mood."), long_post)), GRAMMAR, "e.xml")
    assert [r.path for r in result.parts] == ["e.xml#short"]
    assert "is over 200 bytes; WordPress writes one element per line" in result.errors[0]["message"]


@pytest.mark.parametrize("grow", ["content", "postmeta", "comments"])
def test_a_post_over_max_file_size_is_an_error_of_its_own_and_the_others_are_linted(tmp_path, monkeypatch, grow):
    """--max-file-size bounds each post: a larger <item> (one long content, thousands of
    postmeta rows, text between comments) is reported by name and not linted."""
    monkeypatch.chdir(tmp_path)
    filler = "Rest and ice help too. " * 4000  # about 92 KB
    if grow == "content":
        huge = item("huge", f"<p>Sleep has a big affect on mood. {filler}</p>", post_id=61)
    elif grow == "postmeta":
        huge = item("huge", "Sleep has a big affect on mood.", post_id=61, meta={f"key{n}": "value " * 10 for n in range(2000)})
    else:
        huge = item("huge", "Sleep has a big affect on mood." + "<!-- more -->Rest helps. " * 5000, post_id=61, cdata=False)
    raw = export(item("before", "Sleep has a big affect on mood.", post_id=60), huge, item("after", "Exercise give you energy.", post_id=62))
    write(tmp_path, raw)
    result = CliRunner().invoke(main, ["check", "--format", "json", "--select", "HL101,HL120", "--max-file-size", "0.05", "export.xml"])
    assert result.exit_code == 2
    files = {f["path"]: f for f in json.loads(result.stdout)["files"]}
    assert list(files) == ["export.xml#before", "export.xml#huge", "export.xml#after"]
    assert [f["rule"] for f in files["export.xml#before"]["findings"]] == ["HL101"]
    assert [f["rule"] for f in files["export.xml#after"]["findings"]] == ["HL120"]
    huge_result = files["export.xml#huge"]
    assert huge_result["findings"] == [] and huge_result["format"] is None
    [error] = huge_result["errors"]
    assert error["message"].startswith("this post's <item> is larger than 0.05 MiB") and "--max-file-size" in error["message"]
    assert huge_result["wordpress"] == {"slug": "huge", "title": "", "link": "", "status": "publish", "type": "post", "id": "61", "file": "export.xml"}
    assert "export.xml#huge: this post's <item> is larger than 0.05 MiB" in result.stderr
    schema = json.loads((ROOT / "docs" / "json-report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(result.stdout), schema)
    # Under the limit, the same post is linted as any other.
    assert "export.xml#huge" not in CliRunner().invoke(main, ["check", "--format", "json", "--select", "HL101", "export.xml"]).stderr


_ONE_HUGE_POST = textwrap.dedent("""
    import resource, sys
    from pathlib import Path
    from healthlint.config import Config
    from healthlint.linting import lint_file
    from healthlint.document import wordpress
    import lxml.etree, bs4
    lint_file(Path(sys.argv[2]), Config(select=("HL101",)), "small")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = lint_file(Path(sys.argv[1]), Config(select=("HL101",), max_file_size=2.0), "big")
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(" ".join(r.path for r in result.reported()), (after - before) // 1024)
""")


def test_one_huge_post_is_not_held_in_memory_whole(tmp_path):
    """A 60 MB <item> (text between comments: no text node is over libxml2's 10 MB) with a
    2 MiB max-file-size: it is dropped while it is read, not parsed into a 60 MB tree."""
    piece = "Rest and ice help too. " * 45_000 + "<!-- more -->"  # about 1 MB
    path = tmp_path / "big.xml"
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD + item("first", "Sleep has a big affect on mood.", post_id=1))
        out.write(item("huge", "HUGE", post_id=2, cdata=False).replace("HUGE", piece * 60))
        out.write(item("last", "Sleep has a big affect on mood.", post_id=3) + TAIL)
    small = write(tmp_path, STANDARD, "small.xml")
    probe = subprocess.run([sys.executable, "-c", _ONE_HUGE_POST, str(path), str(small)], capture_output=True, text=True, timeout=600)
    assert probe.returncode == 0, probe.stderr
    *paths, grown_mb = probe.stdout.split()
    assert paths == ["big#first", "big#huge", "big#last"]
    print(f"one 60 MB post: peak memory grew {grown_mb} MB")
    assert int(grown_mb) < 25, f"peak memory grew {grown_mb} MB reading one 60 MB post"
