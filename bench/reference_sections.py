"""How many articles' reference sections the content test (issue 26, item 9) changes.

Compares reference sections found with and without the test that a section's entries read
as references. Usage: python bench/reference_sections.py [folder of articles]
"""

from __future__ import annotations

import sys
from pathlib import Path

from healthlint.analysis import citations as cit
from healthlint.document import load_bytes

folder = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "eval" / "articles")
paths = sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".html", ".txt"))
kept_test = cit._holds_references
changed, found_before, found_after = [], 0, 0
for path in paths:
    doc, _ = load_bytes(path.read_bytes(), str(path))
    after = cit._find_section(doc)
    cit._holds_references = lambda section: True
    before = cit._find_section(doc)
    cit._holds_references = kept_test
    found_before += bool(before)
    found_after += bool(after)
    if [id(b) for b in before] != [id(b) for b in after]:
        changed.append((path.name, len(before), len(after)))
print(f"{len(paths)} articles: reference section in {found_before} before, {found_after} after; {len(changed)} changed")
for name, before, after in changed[:20]:
    print(f"  {name}: {before} -> {after} blocks")
