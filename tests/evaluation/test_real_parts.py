"""The real-letter parts of `nlbrief eval` (real.tune, real.heldout) on a small set of ours: each split
scored on its own through EXPECT's comparison rules, skipped with a reason where the letters are absent."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from nlbrief.evaluation import EvalOptions, run_evaluation

EVAL = Path(__file__).resolve().parents[2] / "eval"
LETTER = "def-2025-11-20-munitievoorraden"
EXPECTED = {
    "date": "2025-11-20", "sender_role": ["De Staatssecretaris van Defensie"], "signatory": ["G.J. Hoekstra-Brink"],
    "subject": None, "reference": None, "kamerstuk": None,
    "headings": ["Stand van de voorraden", "Contracten en leveringen",
                 "Samenwerking met Duitsland en andere bondgenoten bij de munitieproductie", "Motie Van Rijswijk"],
    "footnotes": [{"number": 1, "start": "Kamerstuk 36 600 X, nr. 15."},
                  {"number": 2, "start": "Zie de Defensie Industrie Strategie"},
                  {"number": 3, "start": "Hiermee wordt ook invulling gegeven aan"}],
}


@pytest.fixture()
def real_set(tmp_path: Path) -> tuple[Path, Path]:
    """A set with real/split.toml and real/expected.json, and a letters folder with two files: one
    "tune", one "heldout" whose expectation has a wrong date."""
    root = tmp_path / "set"
    (root / "letters").mkdir(parents=True)
    (root / "references").mkdir()
    shutil.copy(EVAL / "letters" / f"{LETTER}.txt", root / "letters")
    shutil.copy(EVAL / "references" / f"{LETTER}.json", root / "references")
    letters = tmp_path / "letters"
    (letters / "dev").mkdir(parents=True)
    shutil.copy(EVAL / "letters" / f"{LETTER}.txt", letters / "a.txt")
    shutil.copy(EVAL / "letters" / f"{LETTER}.txt", letters / "dev" / "b.txt")
    (root / "real").mkdir()
    (root / "real" / "split.toml").write_text('[letters]\n"a.txt" = "tune"\n"dev/b.txt" = "heldout"\n',
                                              encoding="utf-8")
    wrong = {**EXPECTED, "date": "1999-01-01"}
    (root / "real" / "expected.json").write_text(
        json.dumps({"letters": {"a.txt": EXPECTED, "dev/b.txt": wrong}}), encoding="utf-8")
    return root, letters


def test_each_split_is_its_own_part(real_set: tuple[Path, Path]) -> None:
    root, letters = real_set
    report = run_evaluation(EvalOptions(set_path=str(root), real_letters=str(letters), samples=20))
    tune, heldout = report.part("real.tune"), report.part("real.heldout")
    assert tune is not None and heldout is not None and tune.status == heldout.status == "scored"
    for name in ("date_accuracy", "sender_role_accuracy", "signatory_accuracy", "footnotes_accuracy",
                 "heading_f1", "nothing_lost"):
        assert tune.metrics[name].value == 1.0, name
    assert heldout.metrics["date_accuracy"].value == 0.0 and heldout.metrics["heading_f1"].value == 1.0
    assert heldout.metrics["parse_errors"].value == 0 and heldout.metrics["date_accuracy"].n == 1
    assert heldout.details["dev/b.txt"]["wrong"] == {"date": "2025-11-20"}
    assert len(tune.signature["split_sha256"]) == 64 and tune.signature["letters"] == 1


def test_without_the_letters_the_parts_are_skipped_with_the_option_that_turns_them_on(
        real_set: tuple[Path, Path], tmp_path: Path) -> None:
    root, _ = real_set
    report = run_evaluation(EvalOptions(set_path=str(root), real_letters=str(tmp_path / "gone"), samples=20))
    for name in ("real.tune", "real.heldout"):
        part = report.part(name)
        assert part is not None and part.status == "skipped" and "--real-letters" in (part.reason or "")


def test_a_set_without_real_expectations_has_no_real_parts(real_set: tuple[Path, Path]) -> None:
    root, letters = real_set
    shutil.rmtree(root / "real")
    report = run_evaluation(EvalOptions(set_path=str(root), real_letters=str(letters), samples=20))
    assert not [p for p in report.parts if p.name.startswith("real.")]


def test_letters_missing_from_the_folder_are_left_out_and_named_never_scored_as_parse_errors(
        real_set: tuple[Path, Path]) -> None:
    root, letters = real_set
    (letters / "dev" / "b.txt").unlink()  # a folder holding only the tune letters
    report = run_evaluation(EvalOptions(set_path=str(root), real_letters=str(letters), samples=20))
    tune, heldout = report.part("real.tune"), report.part("real.heldout")
    assert tune is not None and tune.status == "scored" and tune.metrics["parse_errors"].value == 0
    assert heldout is not None and heldout.status == "skipped"
    assert "none of the 1 heldout letters" in (heldout.reason or "") and "--real-letters" in (heldout.reason or "")
    # some letters of a split there, some not: the present ones scored, the others named
    split = root / "real" / "split.toml"
    split.write_text(split.read_text(encoding="utf-8") + '"c.txt" = "tune"\n', encoding="utf-8")
    expected = json.loads((root / "real" / "expected.json").read_text(encoding="utf-8"))
    expected["letters"]["c.txt"] = EXPECTED
    (root / "real" / "expected.json").write_text(json.dumps(expected), encoding="utf-8")
    report = run_evaluation(EvalOptions(set_path=str(root), real_letters=str(letters), samples=20))
    tune = report.part("real.tune")
    assert tune is not None and tune.status == "scored"
    assert tune.signature["letters"] == 1 and tune.signature["letters_missing"] == ["c.txt"]
    assert tune.metrics["parse_errors"].value == 0 and tune.metrics["nothing_lost"].value == 1.0
