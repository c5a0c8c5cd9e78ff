"""The PDFium reader on the real PDFs: structure at least as good as the pdfplumber reader gave.

tests/stages/data/pdf_structure.json holds, per real PDF, the hand-checked headings, and the
footnote numbers and metadata; where the pdfplumber reader (before PDFium) got the headings wrong,
its list is recorded beside them, and the new reader must score at least its heading F1.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlbrief.accounting import check_document
from nlbrief.parse import parse_document
from nlbrief.read import read_path

DATA = json.loads((Path(__file__).parent / "data" / "pdf_structure.json").read_text(encoding="utf-8"))
EXPECTED: dict[str, dict] = DATA["letters"]
METADATA = ("date", "subject", "reference", "sender_role", "signatory")


def heading_f1(found: list[str], truth: list[str]) -> float:
    """F1 of the found headings against the true ones (as multisets of exact strings)."""
    if not found and not truth:
        return 1.0
    rest = list(truth)
    hits = 0
    for h in found:
        if h in rest:
            rest.remove(h)
            hits += 1
    if not hits:
        return 0.0
    precision, recall = hits / len(found), hits / len(truth)
    return 2 * precision * recall / (precision + recall)


def test_f1_counts_misses_and_extras() -> None:
    assert heading_f1(["a", "b"], ["a", "b"]) == 1.0
    assert heading_f1(["a", "x"], ["a", "b"]) == 0.5
    assert heading_f1([], ["a"]) == 0.0


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_real_pdf_structure_is_kept(letters_dir: Path, rel: str) -> None:
    path = letters_dir / rel
    if not path.exists():
        pytest.skip(f"{rel} is not in {letters_dir}")
    expected = EXPECTED[rel]
    doc = read_path(path)
    assert doc.source.format == "pdf" and len(doc.pages) == expected["pages"]
    letter = parse_document(doc)
    assert check_document(doc, letter).ok, "nothing lost"
    headings = [s.heading for s in letter.sections if s.heading]
    truth = expected["headings"]
    baseline = heading_f1(expected.get("pdfplumber_headings", truth), truth)
    assert heading_f1(headings, truth) >= baseline, headings
    assert [f.number for f in letter.footnotes] == expected["footnotes"]
    got = {"date": letter.date, "subject": letter.subject, "reference": letter.reference,
           "sender_role": list(letter.sender_role), "signatory": list(letter.signatory)}
    for field in METADATA:
        if expected[field]:  # where the pdfplumber reader found nothing, anything found is better
            assert got[field] == expected[field], field


def test_every_real_pdf_has_expectations(letters_dir: Path) -> None:
    found = {str(p.relative_to(letters_dir)) for p in letters_dir.rglob("*.pdf")}
    assert found <= set(EXPECTED), f"write the structure of {sorted(found - set(EXPECTED))} first"
