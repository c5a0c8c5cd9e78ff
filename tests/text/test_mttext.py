"""Pure text helpers of the translate stage (nlbrief.mttext): table-driven."""

from __future__ import annotations

import pytest

from nlbrief import mttext


def words(text: str) -> int:
    return len(text.split())


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("kort zinnetje", 5, ["kort zinnetje"]),
        ("een twee drie; vier vijf zes", 4, ["een twee drie;", "vier vijf zes"]),
        ("een twee drie, maar vier vijf zes", 4, ["een twee drie,", "maar vier vijf zes"]),
        ("een twee, drie vier, vijf zes", 4, ["een twee, drie vier,", "vijf zes"]),
        ("a b c d e f g", 3, ["a b c", "d e f", "g"]),
        ("", 3, []),
    ],
)
def test_split_for_limit(text: str, limit: int, expected: list[str]) -> None:
    assert mttext.split_for_limit(text, words, limit) == expected


def test_split_never_drops_text_and_respects_the_limit() -> None:
    text = ("De minister zegt, dat het kabinet het voorstel steunt; maar de Kamer wil meer weten, "
            "zodat er een brief komt - met cijfers over 2024 en 2025 " * 5).strip()
    pieces = mttext.split_for_limit(text, words, 7)
    assert " ".join(pieces) == " ".join(text.split())
    assert all(words(p) <= 7 for p in pieces)


def test_split_keeps_protected_spans_whole() -> None:
    text = "Zie Kamerstukken 2023/2024, 32 317, nr. 872, en verder de brief"
    start = text.index("Kamerstukken")
    end = text.index("872") + 3
    pieces = mttext.split_for_limit(text, words, 7, [(start, end)])
    assert any("Kamerstukken 2023/2024, 32 317, nr. 872" in p for p in pieces)


def test_word_windows_keep_protected_spans_whole() -> None:
    text = "een twee drie Tweede Kamer vier vijf"
    start = text.index("Tweede")
    pieces = mttext.split_for_limit(text, words, 4, [(start, start + len("Tweede Kamer"))])
    assert pieces == ["een twee drie", "Tweede Kamer vier vijf"]


def test_one_long_word_is_cut_into_character_windows() -> None:
    chars = len
    pieces = mttext.split_for_limit("x" * 25, chars, 10)
    assert pieces == ["x" * 10, "x" * 10, "x" * 5]


@pytest.mark.parametrize(
    ("text", "source", "expected"),
    [
        ("the the the the end", "", "the"),
        ("Annex Annex Annex Annex", "Bijlage", "Annex"),
        ("the House of the House of the House of", "", "the House of"),
        ("a normal sentence about the House.", "", None),
        ("no no no", "", None),  # three single words is not yet a loop
        ("ha ha ha ha", "ha ha ha ha", None),  # the source repeats it too
        ("alalalalalalalalal", "", "al"),
    ],
)
def test_find_repetition(text: str, source: str, expected: str | None) -> None:
    assert mttext.find_repetition(text, source) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Annex Annex Annex Annex Annex", "Annex"),
        ("The report of the report of the report of the year.", "The report of the year."),
        ("nothing to cut", "nothing to cut"),
    ],
)
def test_cut_repetition(text: str, expected: str) -> None:
    assert mttext.cut_repetition(text) == expected


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("3.2 Migratie", ("3.2 ", "Migratie")),
        ("1. Inleiding", ("1. ", "Inleiding")),
        ("IV. Conclusie", ("IV. ", "Conclusie")),
        ("a) Eerste punt", ("a) ", "Eerste punt")),
        ("Inleiding", ("", "Inleiding")),
        ("2024 in cijfers", ("", "2024 in cijfers")),
    ],
)
def test_split_heading_number(heading: str, expected: tuple[str, str]) -> None:
    assert mttext.split_heading_number(heading) == expected


@pytest.mark.parametrize(
    ("source", "target", "missing"),
    [
        ("Het gaat om 2,5 miljoen.", "It is 2.5 million.", []),
        ("Er zijn 1.234 aanvragen.", "There are 1,234 applications.", []),
        ("Er zijn 1.234 aanvragen.", "There are 1234 applications.", []),
        ("Kamerstukken 2023/2024, 32 317, nr. 872", "Parliamentary Papers 2023/2024, 32 317, no. 872", []),
        ("Kamerstukken 2023/2024, 32 317, nr. 872", "Parliamentary Papers 2023/2024, 32317, no. 872", []),
        ("Op 16 mei 2024 en 17 mei 2024.", "On 16 May 2024.", ["17", "2024"]),
        ("Het gaat om 2,5 miljoen.", "It is 25 million.", ["2,5 miljoen"]),
        ("In 12% van de gevallen.", "In 12 percent of cases.", []),
        ("Geen getallen.", "No numbers.", []),
        ("Zie paragraaf 3.1 en 1.2.3.", "See section 3.1 and 1.2.3.", []),
        ("Zie paragraaf 3.10.", "See section 3.10.", []),
        ("Zie paragraaf 3.1.", "See section 3.", ["3.1"]),
        # decimals at the end of a sentence: the full stop ends it, it is no part of the number
        ("Het bedraagt € 1.234.567,89.", "It amounts to €1,234,567.89.", []),
        ("Het bedraagt € 2.500,50.", "It amounts to €2,500.", ["2.500,50"]),
    ],
)
def test_missing_numbers(source: str, target: str, missing: list[str]) -> None:
    assert mttext.missing_numbers(source, target) == missing


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("2,5 miljoen", "2,5 million", "2.5 million"),
        ("1.234 aanvragen", "1.234 applications", "1,234 applications"),
        ("1.234.567 euro", "1.234.567 euros", "1,234,567 euros"),
        ("2,5 miljoen", "2.5 million", "2.5 million"),
        ("versie 3.2", "version 3.2", "version 3.2"),
        ("€ 15.000 en € 5.000", "€ 15,000 and € 5.000", "€ 15,000 and € 5,000"),  # "5,000" inside "15,000"
    ],
)
def test_repair_numbers(source: str, target: str, expected: str) -> None:
    assert mttext.repair_numbers(source, target) == expected


@pytest.mark.parametrize(
    ("target", "english", "expected"),
    [
        ("On May 16, 2024 the Council met.", "16 May 2024", "On 16 May 2024 the Council met."),
        ("On the 16th of May 2024.", "16 May 2024", "On the 16 May 2024."),
        ("Op 16 mei 2024.", "16 May 2024", "Op 16 May 2024."),
        ("On 16 May 2024.", "16 May 2024", "On 16 May 2024."),
        ("On 4 July.", "4 July", "On 4 July."),
        ("On July 4th.", "4 July", "On 4 July."),
        ("Nothing here.", "16 May 2024", "Nothing here."),
        # a range with a hyphen or spaces where the rendering has an en dash
        ("The council of 4-5 March met.", "4–5 March", "The council of 4–5 March met."),
        ("The council of 4 - 5 maart 2024 met.", "4–5 March 2024", "The council of 4–5 March 2024 met."),
    ],
)
def test_repair_date(target: str, english: str, expected: str) -> None:
    assert mttext.repair_date(target, english) == expected


@pytest.mark.parametrize(
    ("raw", "english"),
    [
        ("Kamerstukken 2023/2024, 32 317, nr. 872", "Parliamentary Papers 2023/2024, 32 317, no. 872"),
        ("Kamerstukken II 2009/10, 32 123 XVI, nr. 30", "Parliamentary Papers II 2009/10, 32 123 XVI, no. 30"),
        ("Kamerstuk 33009, nr. 117", "Parliamentary Paper 33009, no. 117"),
        ("Kamerstukken 29 247, nrs. 1 en 2", "Parliamentary Papers 29 247, nos. 1 and 2"),
    ],
)
def test_citation_to_english(raw: str, english: str) -> None:
    assert mttext.citation_to_english(raw) == english


def test_renderings_find_dates_and_citations_without_overlap() -> None:
    text = "Op 16 mei 2024 verscheen Kamerstukken 2023/2024, 32 317, nr. 872."
    found = mttext.renderings(text)
    assert [(r.kind, r.english) for r in found] == [
        ("date", "16 May 2024"),
        ("citation", "Parliamentary Papers 2023/2024, 32 317, no. 872"),
    ]
    assert mttext.apply_renderings(text, found) == (
        "Op 16 May 2024 verscheen Parliamentary Papers 2023/2024, 32 317, no. 872."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kamerstukken II 2023/24, 32 317, nr. 872.", "Parliamentary Papers II 2023/24, 32 317, no. 872."),
        ("Zie https://www.tweedekamer.nl/x.", "See https://www.tweedekamer.nl/x."),
        ("16 mei 2024", "16 May 2024"),
        ("12.", "12."),
        ("De Kamer is geïnformeerd.", None),
    ],
)
def test_rule_only(text: str, expected: str | None) -> None:
    assert mttext.rule_only(text) == expected


@pytest.mark.parametrize(
    ("source", "english"),
    [
        ("Zie ook Handelingen II, vergaderjaar 2021-2022, nr. 45, blz. 12-15.",
         "See also Proceedings II, session 2021-2022, no. 45, p. 12-15."),
        ("Zie o.a. Kamerstuk 35 334, nr. 12 en Kamerstuk 21 501-20, nr. 1234.",
         "See e.g. Parliamentary Paper 35 334, no. 12 and Parliamentary Paper 21 501-20, no. 1234."),
        ("Kamerstukken II 2021/22, 35 925 VII, nr. 7, blz. 4.", "Parliamentary Papers II 2021/22, 35 925 VII, no. 7, p. 4."),
        # a web address keeps its words: "/en/" is a path, not "and"
        ("Zie https://www.rijksoverheid.nl/en/documenten en www.x.nl/en",
         "See https://www.rijksoverheid.nl/en/documenten and www.x.nl/en"),
    ],
)
def test_rule_only_segments_leave_no_dutch_glue_words(source: str, english: str) -> None:
    assert mttext.rule_only(source) == english
