"""The shared text helpers: the word tokenizer, the heading-number pattern, the number finder."""

from __future__ import annotations

import pytest

from nlbrief.text.numbers import canonical, find_number_words, find_numbers, number_to_english
from nlbrief.text.words import heading_level, split_heading_number, words


def test_one_tokenizer_for_words_compounds_and_numbers() -> None:
    assert words("De oud-minister gaf 2,5 mld. aan Noord-Holland's A2") == [
        "De", "oud-minister", "gaf", "2", "5", "mld", "aan", "Noord-Holland's", "A", "2"]
    assert words("Noord-Holland en e-mail", split_compounds=True) == ["Noord", "Holland", "en", "e", "mail"]
    assert words("١٢ en １２") == ["١٢", "en", "１２"]  # tokens; `numbers` takes only ASCII digits


@pytest.mark.parametrize(
    ("heading", "prefix", "rest", "level"),
    [("3.2 Migratie", "3.2 ", "Migratie", 2), ("1. Inleiding", "1. ", "Inleiding", 1),
     ("3 Migratie", "3 ", "Migratie", 1), ("2.1.4. Kosten", "2.1.4. ", "Kosten", 3),
     ("IV. Slot", "IV. ", "Slot", None), ("a) Eerste punt", "a) ", "Eerste punt", None),
     ("2024 in cijfers", "", "2024 in cijfers", None), ("Migratie", "", "Migratie", None)],
)
def test_heading_numbers(heading: str, prefix: str, rest: str, level: int | None) -> None:
    assert split_heading_number(heading) == (prefix, rest)
    assert heading_level(heading) == level


def test_canonical_numbers() -> None:
    assert canonical("1234.50") == "1234.5"
    assert canonical("007") == "7"
    assert canonical(1.5e9) == "1500000000"
    with pytest.raises(ValueError, match="not a number"):
        canonical("3.1.2")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("€ 1,5 miljard en 1.234.567 mensen", "nl", [("1,5", "1.5", "1500000000"), ("1.234.567", "1234567", "1234567")]),
        ("€1.5 billion and 1,234,567 people", "en", [("1.5", "1.5", "1500000000"), ("1,234,567", "1234567", "1234567")]),
        ("3 mln. en 4 mld.", "nl", [("3", "3", "3000000"), ("4", "4", "4000000000")]),
        ("€2.5m and 15 m of road", "en", [("2.5", "2.5", "2500000"), ("15", "15", "15")]),
        ("paragraaf 3.1 en dossier 32 317", "nl", [("3.1", "3.1", "3.1"), ("32 317", "32317", "32317")]),
        ("١٢ en １２ en 12", "nl", [("12", "12", "12")]),
        ("2 biljoen", "nl", [("2", "2", "2000000000000")]),
    ],
)
def test_find_numbers_with_scale_words(text: str, lang: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(n.raw, n.value, n.total) for n in find_numbers(text, lang)] == expected


def test_number_words_and_english_notation() -> None:
    assert [(n.raw, n.total) for n in find_number_words("twee miljoen en twintig")] == [
        ("twee", "2000000"), ("twintig", "20")]
    assert [n.value for n in find_number_words("een half", support=True)] == ["1", "0.5"]
    assert number_to_english("1.234.567") == "1,234,567"
    assert number_to_english("2,5") == "2.5"
    assert number_to_english("3.1") == "3.1"
