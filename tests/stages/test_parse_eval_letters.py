"""Our own evaluation letters (eval/letters) parse into exactly the structure their references give."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlbrief.accounting import check_document
from nlbrief.parse import parse_document
from nlbrief.read import read_path

EVAL = Path(__file__).resolve().parents[2] / "eval"
REFERENCES = sorted((EVAL / "references").glob("*.json"))


@pytest.mark.parametrize("ref_path", REFERENCES, ids=lambda p: p.stem)
def test_eval_letter_structure(ref_path: Path) -> None:
    ref = json.loads(ref_path.read_text(encoding="utf-8"))
    want = ref["structure"]
    doc = read_path(EVAL / "letters" / ref["letter"])
    letter = parse_document(doc)
    assert check_document(doc, letter).ok
    assert [s.heading for s in letter.sections] == want["headings"]
    assert [(f.number, f.text) for f in letter.footnotes] == [(f["number"], f["text"]) for f in want["footnotes"]]
    for key in ("addressee", "place", "date", "subject", "reference"):
        assert getattr(letter, key) == want[key], key
    assert list(letter.sender_role) == want["sender_role"]
    assert list(letter.signatory) == want["signatory"]
    assert {(c.session, c.dossier, c.number) for c in letter.citations} == {
        (c["session"], c["dossier"], c["number"]) for c in want["citations"]
    }
    assert {(m.member, m.dossier, m.number, m.date) for m in letter.motions} == {
        (m["member"], m["dossier"], m["number"], m["date"]) for m in want["motions"]
    }
    # prose sentences: a table's rows are kept as sentences of their own "table" paragraph
    n = sum(len(p.sentences) for s in letter.sections for p in s.paragraphs if p.kind != "table")
    assert want["sentences_min"] <= n <= want["sentences_max"]


def test_there_are_at_least_eight_eval_letters() -> None:
    assert len(REFERENCES) >= 8
