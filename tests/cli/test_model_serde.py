"""The generic to-dict / from-dict of the data model: the JSON is unchanged, and a JSON value of
the wrong shape is one clear InputError that names the place, never a crash (issue 14)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlbrief.cli import cli  # noqa: E402
from nlbrief.errors import InputError  # noqa: E402
from nlbrief.model.brief import Brief, BriefSentence, Flag, SectionBrief, SelectedSentence  # noqa: E402
from nlbrief.model.letter import Kamerstuk, Letter  # noqa: E402
from nlbrief.model.serde import MAX_DEPTH, SchemaError  # noqa: E402
from nlbrief.model.translation import Coverage  # noqa: E402
from translation_helpers import make_letter  # noqa: E402


def test_letter_json_keeps_its_documented_key_order() -> None:
    data = make_letter().to_dict()
    assert list(data)[:9] == ["source", "addressee", "place", "date", "sender_role", "signatory", "subject",
                              "reference", "kamerstuk"]
    sec = data["sections"][1]
    assert list(sec) == ["index", "heading", "kind", "level", "parent", "paragraphs"]
    assert list(sec["paragraphs"][0]) == ["kind", "lead_in", "sentences"]
    assert sec["paragraphs"][0]["sentences"][0] == {
        "id": "s1.1", "text": sec["paragraphs"][0]["sentences"][0]["text"], "footnote_refs": [1]}
    assert Letter.from_dict(json.loads(json.dumps(data))) == make_letter()


def test_nested_optional_dataclass_and_tuples_round_trip() -> None:
    letter = Letter(source=make_letter().source, kamerstuk=Kamerstuk("II", "2024/25", ("36 410", "21 501-20"), "12", "T"))
    data = json.loads(json.dumps(letter.to_dict()))
    assert data["kamerstuk"]["dossiers"] == ["36 410", "21 501-20"]
    assert Letter.from_dict(data) == letter


def test_brief_json_has_derived_keys_and_round_trips() -> None:
    brief = Brief(letter={"subject": "x"}, lang="en", sections=(SectionBrief(
        1, "H", "K", (BriefSentence("A b.", ("s1.1",)),), (Flag("number", "3", 0),),
        (SelectedSentence("s1.1", "A b."),)),), overview_sentences=(BriefSentence("O.", ("s1.1",)),))
    data = json.loads(brief.to_json())
    assert data["overview"] == "O." and data["sections"][0]["text"] == "A b."
    assert list(data["sections"][0])[:5] == ["index", "kind", "heading", "heading_source", "text"]
    assert Brief.from_dict(data) == brief


def test_coverage_keeps_its_own_layout() -> None:
    cov = Coverage(segments=2, translated=2, split=("s1.1",), number_problems=({"id": "s1.1", "missing": ["3"]},))
    data = cov.to_dict()
    assert data["split"] == 1 and data["ids"]["split"] == ["s1.1"]
    assert Coverage.from_dict(data) == cov
    with pytest.raises(SchemaError, match="coverage.segments"):
        Coverage.from_dict({**data, "segments": "two"})


@pytest.mark.parametrize(("mutate", "where"), [
    (lambda d: [d], "must be a JSON object, not an array"),
    (lambda d: {**d, "sections": {"a": 1}}, "Letter.sections must be a JSON array"),
    (lambda d: {**d, "source": None}, "Letter.source must be a JSON object, not null"),
    (lambda d: {k: v for k, v in d.items() if k != "source"}, "lacks the key 'source'"),
    (lambda d: _set(d, "footnotes", 0, "number", "<script>alert(1)</script>"), "Letter.footnotes[0].number must be an integer"),
    (lambda d: _set(d, "sections", 1, "index", "<script>"), "Letter.sections[1].index must be an integer"),
    (lambda d: _set(d, "sections", 1, "index", True), "must be an integer, not true/false"),
    (lambda d: _set(d, "sections", 0, "paragraphs", [{"sentences": [{"id": "s", "text": 3}]}]), "sentences[0].text must be a string"),
])
def test_wrong_shapes_are_one_input_error(mutate, where) -> None:  # type: ignore[no-untyped-def]
    data = mutate(make_letter().to_dict())
    with pytest.raises(InputError, match=re.escape(where)):
        Letter.from_dict(data)


def _set(data: dict, key: str, i: int, field: str, value: object) -> dict:  # type: ignore[type-arg]
    data[key][i][field] = value
    return data


def test_deep_nesting_is_refused_not_a_crash() -> None:
    deep: object = "x"
    for _ in range(MAX_DEPTH + 5):
        deep = {"a": deep}
    brief = json.loads(Brief(letter={}, lang="en", sections=()).to_json())
    brief["signature"] = deep
    with pytest.raises(SchemaError, match="nests deeper"):
        Brief.from_dict(brief)
    with pytest.raises(SchemaError):
        Letter.from_dict({"source": deep})


@pytest.mark.parametrize("payload", [
    "[1, 2, 3]", "[" * 100_000 + "]" * 100_000, '{"source": {"path": 1, "sha256": "x", "format": "text"}}',
])
@pytest.mark.parametrize("command", [["summarise", "--lang", "nl", "--summariser", "none"],
                                     ["translate", "--format", "html"]])
def test_cli_bad_parsed_json_is_one_paragraph_exit_2(tmp_path: Path, payload: str, command: list[str]) -> None:
    path = tmp_path / "letter.json"
    path.write_text(payload, encoding="utf-8")
    result = CliRunner().invoke(cli, [command[0], str(path), *command[1:], "-q"])
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert "Traceback" not in text and "is not a parsed letter" in text


def test_optional_keys_are_written_only_when_set() -> None:
    from nlbrief.model.letter import Footnote

    assert Footnote(1, "Zie.").to_dict() == {"number": 1, "text": "Zie."}
    assert Footnote(1, "Zie.", "01").to_dict() == {"number": 1, "text": "Zie.", "label": "01"}
    assert Footnote.from_dict({"number": 1, "text": "Zie.", "label": "01"}).label == "01"
