"""The real-letter scorer (nlbrief/evaluation/real_letters.py) and its expectations file."""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from pathlib import Path

import pytest

from nlbrief.evaluation.real_letters import (
    METADATA_FIELDS,
    aggregate,
    footnotes_right,
    format_rows,
    format_table,
    heading_counts,
    load_expectations,
    load_split,
    normalise,
    same_kamerstuk,
    score_letter,
    score_letters,
)
from nlbrief.model.letter import Footnote, Kamerstuk
from nlbrief.pipeline import LoadedLetter, load_letter

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "eval" / "real"
OURS = "ienw-2025-03-14-drinkwaterbronnen"


def _expectation_of_ours() -> dict:
    """The expectation of one of our eval letters, from its hand-written reference."""
    ref = json.loads((ROOT / "eval" / "references" / f"{OURS}.json").read_text(encoding="utf-8"))["structure"]
    want = {k: ref[k] for k in ("date", "sender_role", "signatory", "subject", "reference")}
    want["kamerstuk"] = None
    want["headings"] = [h for h in ref["headings"] if h is not None]
    want["footnotes"] = [{"number": f["number"], "start": f["text"][:40]} for f in ref["footnotes"]]
    return want


@pytest.fixture(scope="module")
def ours() -> LoadedLetter:
    return load_letter(ROOT / "eval" / "letters" / f"{OURS}.txt")


def test_our_letter_scores_right_and_a_wrong_field_counts_wrong(ours: LoadedLetter) -> None:
    want = _expectation_of_ours()
    row = score_letter(OURS, "tune", ours, want)
    assert row.fields == {k: True for k in (*METADATA_FIELDS, "footnotes")}
    assert row.headings is not None and row.headings.matched == row.headings.expected == 5
    assert row.nothing_lost and row.wrong == {}

    wrong = {**want, "signatory": ["P. de Vries"], "footnotes": want["footnotes"][:2],
             "headings": [*want["headings"][:4], "Een kop die er niet staat"]}
    row = score_letter(OURS, "heldout", ours, wrong)
    assert row.fields["signatory"] is False and row.wrong["signatory"] == ["M.C. van Dalen"]
    assert row.fields["footnotes"] is False  # a third note the expectation does not have
    assert row.fields["date"] is True and row.fields["sender_role"] is True
    score = aggregate([row], "heldout")
    assert score.field_accuracy["signatory"] == (0, 1)
    assert score.field_accuracy["date"] == (1, 1)
    assert (score.headings.matched, score.headings.predicted, score.headings.expected) == (4, 5, 5)
    assert score.headings.f1 == pytest.approx(0.8)
    assert score.footnotes_with_notes == (0, 1)
    assert aggregate([row], "tune").letters == 0
    table = format_table([score])
    assert "signatory" in table and "0.000 (0/1)" in table and "0.800" in table
    rows = format_rows([row])
    assert "heldout" in rows and "4/5/5" in rows and "signatory" in rows


def test_a_key_left_out_is_not_scored_and_a_parse_error_is_wrong(ours: LoadedLetter) -> None:
    want = {"date": "2025-03-14", "headings": ["Tot slot"]}
    row = score_letter(OURS, "tune", ours, want)
    assert set(row.fields) == {"date"}
    failed = score_letter(OURS, "tune", None, want, "not Dutch")
    assert failed.fields == {"date": False} and failed.error == "not Dutch"
    assert failed.headings is not None and failed.headings.expected == 1 and not failed.nothing_lost


def test_score_letters_parses_through_a_loader_and_keeps_splits_apart(ours: LoadedLetter, tmp_path: Path) -> None:
    from nlbrief.errors import InputError

    def loader(path: Path) -> LoadedLetter:
        if path.name == "bad.txt":
            raise InputError("bad.txt is not a letter.")
        return ours

    split = {"a.txt": "tune", "bad.txt": "tune", "h.txt": "heldout", "none.txt": "tune"}
    expected = {"a.txt": {"date": "2025-03-14"}, "bad.txt": {"date": "2025-03-14"},
                "h.txt": {"date": "2024-01-01"}}
    rows = score_letters(tmp_path, split, expected, splits=("tune",), loader=loader)
    assert [(r.name, r.fields["date"], r.error) for r in rows] == [
        ("a.txt", True, None), ("bad.txt", False, "bad.txt is not a letter.")]
    rows = score_letters(tmp_path, split, expected, splits=("tune", "heldout"), loader=loader)
    assert aggregate(rows, "heldout").field_accuracy["date"] == (0, 1)
    assert aggregate(rows, "tune").errors == 1


def test_comparisons() -> None:
    assert normalise("  De Minister van\nFinanciën, ") == "de minister van financiën"
    assert normalise("DGAN-DAD / 18055724") == normalise("DGAN-DAD/18055724")
    got = Kamerstuk("II", "2011-2012", ("30573",), "92", "Migratiebeleid")
    want = {"chamber": "II", "session": "2011/12", "dossiers": ["30 573"], "number": "92", "title": "Migratiebeleid"}
    assert same_kamerstuk(got, want)
    assert not same_kamerstuk(got, {**want, "number": "93"})
    assert not same_kamerstuk(None, want) and same_kamerstuk(None, None)
    assert heading_counts([None, "Inleiding", "Slot"], ["inleiding", "Tot slot"]).matched == 1
    notes = (Footnote(1, "Kamerstuk 33 836, nr. 37."), Footnote(2, "Raadpleegbaar via www.tweedekamer.nl"))
    assert footnotes_right(notes, [{"number": 1, "start": "Kamerstuk 33 836"}, {"number": 2, "start": "Raadpleegbaar"}])
    assert not footnotes_right(notes, [{"number": 1, "start": "Kamerstuk 33 836"}])
    assert not footnotes_right(notes[:1], [{"number": 1, "start": "Kamerstuk 29"}])
    assert footnotes_right((), [])


_FIELD_TYPES = {"date": (str, type(None)), "subject": (str, type(None)), "reference": (str, type(None)),
                "sender_role": (list,), "signatory": (list,), "kamerstuk": (dict, type(None)),
                "headings": (list,), "footnotes": (list,), "note": (str,)}


def test_expected_json_covers_split_toml_and_is_well_formed() -> None:
    split = load_split(REAL / "split.toml")
    expected = load_expectations(REAL / "expected.json")
    assert sorted(expected) == sorted(split), "expected.json and split.toml must name the same letters"
    assert sum(v == "heldout" for v in split.values()) == 10
    for name, want in expected.items():
        assert set(want) <= set(_FIELD_TYPES), f"{name}: unknown keys {set(want) - set(_FIELD_TYPES)}"
        for key, value in want.items():
            assert isinstance(value, _FIELD_TYPES[key]), f"{name}: {key} has the wrong type"
        if want.get("date") is not None:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", want["date"]), name
        for key in ("sender_role", "signatory", "headings"):
            assert all(isinstance(x, str) and x.strip() for x in want.get(key, [])), f"{name}: {key}"
        if "sender_role" in want and "signatory" in want and want["signatory"]:
            assert len(want["sender_role"]) == len(want["signatory"]), name
        for role in want.get("sender_role", []):
            assert not role.rstrip().endswith(","), f"{name}: trailing comma in {role!r}"
        numbers = [f["number"] for f in want.get("footnotes", [])]
        assert numbers == sorted(set(numbers)), f"{name}: footnote numbers"
        assert all(isinstance(f.get("start"), str) and f["start"] for f in want.get("footnotes", [])), name
        paper = want.get("kamerstuk")
        if paper is not None:
            assert set(paper) == {"chamber", "session", "dossiers", "number", "title"}, name
            assert paper["chamber"] in ("I", "II") and paper["dossiers"], name


def test_every_split_letter_exists(letters_dir: Path) -> None:
    missing = [n for n in load_split(REAL / "split.toml") if not (letters_dir / n).is_file()]
    assert missing == []


def test_the_script_prints_the_tune_table(capsys: pytest.CaptureFixture[str], letters_dir: Path) -> None:
    spec = importlib.util.spec_from_file_location("score_real_letters", ROOT / "scripts" / "score_real_letters.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--letters", str(letters_dir), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["splits"]) == {"tune"}
    assert all(row["split"] == "tune" for row in data["letters"])
    assert module.main(["--letters", str(letters_dir / "nowhere")]) == 2


def _squash(text: str) -> str:
    """Text without whitespace, soft hyphens and hyphens, case-folded: survives line wraps,
    letter-spaced extraction ("I E NW") and line-end hyphenation."""
    return re.sub(r"[\s\u00ad-]+", "", unicodedata.normalize("NFKC", text)).casefold()


def test_expected_values_are_printed_in_the_letters(letters_dir: Path) -> None:
    """A typo catcher for the hand-written expectations: every expected string is in its letter
    (or, where the extraction interleaved it with other lines, each of its words is)."""
    bad = []
    for name, want in load_expectations(REAL / "expected.json").items():
        if not name.endswith(".txt"):
            continue
        text = _squash((letters_dir / name).read_text(encoding="utf-8"))
        values = [want.get("subject"), want.get("reference"), *want.get("sender_role", []),
                  *want.get("signatory", []), *want.get("headings", []),
                  *(f["start"] for f in want.get("footnotes", [])),
                  (want.get("kamerstuk") or {}).get("title")]
        for value in filter(None, values):
            if _squash(value) not in text and not all(_squash(w) in text for w in value.split()):
                bad.append((name, value))
    assert bad == []
