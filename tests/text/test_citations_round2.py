"""Citation and motion shapes found missing on real letters (round 2), each with a counter-case
that must not change. Every snippet here is our own."""

from __future__ import annotations

import pytest

from nlbrief.check import find_citation_keys
from nlbrief.model.letter import Footnote, Letter, Paragraph, Section, Sentence, Source
from nlbrief.mttext import render_citations
from nlbrief.parse.references import with_references
from nlbrief.text.citations import HANDELINGEN, find_citations, find_motions, normalise_dossier


def _papers(text: str) -> list[tuple[str | None, str, str | None]]:
    return [(c.session, c.dossier, c.number) for c in find_citations(text)]


# --- 1. budget chapters: a roman numeral with a letter -----------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(Kamerstuk 31 700 IXB, nr. 8)", [(None, "31 700 IXB", "8")]),
        ("Kamerstukken II 2012/13, 33 400 IXA, nr. 2", [("2012/2013", "33 400 IXA", "2")]),
        ("zie Kamerstuk 36 200 IX B, nr. 14.", [(None, "36 200 IXB", "14")]),
        ("Kamerstuk 36 600 XVI, nr. 7", [(None, "36 600 XVI", "7")]),
        ("Kamerstuk 36 600 VII, nr. 3", [(None, "36 600 VII", "3")]),
        ("Kamerstuk 36 600 A, nr. 5", [(None, "36 600 A", "5")]),
        ("Kamerstuk 36 600 J, nr. 5", [(None, "36 600 J", "5")]),
    ],
)
def test_budget_chapters_with_a_letter_are_part_of_the_dossier(text: str, expected: list[tuple]) -> None:
    assert _papers(text) == expected


def test_a_word_after_a_chapter_is_not_its_letter() -> None:
    # counter-case: "V De minister" is chapter V and a sentence going on, not chapter "VD"
    assert _papers("Kamerstuk 36 600 V De minister schrijft") == [(None, "36 600 V", None)]
    assert normalise_dossier("36 200 IX B") == "36 200 IXB"
    assert normalise_dossier("36 200 XVI") == "36 200 XVI"


# --- 2. a comma after the chamber --------------------------------------------------------------------

def test_comma_after_the_chamber() -> None:
    (c,) = find_citations("Zie Kamerstukken II, 2014–2015, 32 317, nr. 300.")
    assert (c.session, c.dossier, c.number) == ("2014/2015", "32 317", "300")
    assert c.text == "Kamerstukken 2014/2015, 32 317, nr. 300"
    (senate,) = find_citations("Kamerstukken I, 2016/17, 34 550, A")
    assert (senate.dossier, senate.number) == ("34 550", "A")


def test_chamber_without_comma_unchanged() -> None:
    assert _papers("Kamerstukken II 2009/10, 32 123 XVI, nr. 30") == [("2009/2010", "32 123 XVI", "30")]


# --- 3. Handelingen (plenary proceedings) ------------------------------------------------------------

def test_handelingen_with_item() -> None:
    (c,) = find_citations("zoals besproken (Handelingen II 2022/23, nr. 45, item 12).")
    assert (c.session, c.dossier, c.number) == ("2022/2023", HANDELINGEN, "45")
    assert c.text == "Handelingen II 2022/2023, nr. 45, item 12"
    assert c.raw == "Handelingen II 2022/23, nr. 45, item 12"


def test_handelingen_shapes_and_aanhangsel_apart() -> None:
    (c,) = find_citations("Handelingen I, 2019-2020, nr. 12, blz. 3-5")
    assert c.text == "Handelingen I 2019/2020, nr. 12, blz. 3-5"
    # counter-case: the Aanhangsel stays its own series and is not also read as Handelingen
    assert [(c.dossier, c.number) for c in find_citations("Aanhangsel Handelingen II 2021/22, nr. 1234")] == [
        ("Aanhangsel Handelingen", "1234")]
    # counter-case: "Handelingen" without a number names no paper
    assert find_citations("Dit staat in de Handelingen van de Tweede Kamer.") == []


def test_handelingen_rendered_in_english() -> None:
    (r,) = render_citations("Zie Handelingen II 2022/23, nr. 45, item 12.")
    assert r.english == "Proceedings II 2022/23, no. 45, item 12"


def _letter(sentences: list[str], notes: tuple[Footnote, ...] = ()) -> Letter:
    sents = tuple(Sentence(f"s1.{k + 1}", t, (1,) if notes and k == 0 else ()) for k, t in enumerate(sentences))
    return Letter(Source("-", "0", "text"), sections=(Section(1, None, (Paragraph(sents),)),), footnotes=notes)


def test_handelingen_items_kept_apart_and_never_a_motions_paper() -> None:
    letter = with_references(_letter([
        "In het debat (Handelingen II 2022/23, nr. 45, item 12) is de motie van het lid Jansen ingediend.",
        "Later (Handelingen II 2022/23, nr. 45, item 14) volgde de stemming.",
        "Zie ook Handelingen II 2023/24, nr. 45, item 12.",
    ]))
    assert [c.text for c in letter.citations] == [
        "Handelingen II 2022/2023, nr. 45, item 12",
        "Handelingen II 2022/2023, nr. 45, item 14",
        "Handelingen II 2023/2024, nr. 45, item 12",
    ]
    (motion,) = letter.motions
    assert (motion.member, motion.dossier, motion.number) == ("Jansen", None, None)


def test_motion_still_takes_its_kamerstuk_beside_handelingen() -> None:
    letter = with_references(_letter([
        "De motie van het lid Jansen (Kamerstuk 36 410, nr. 7) is aangenomen (Handelingen II 2023/24, nr. 12, item 3).",
    ]))
    (motion,) = letter.motions
    assert (motion.dossier, motion.number) == ("36 410", "7")


# --- 4. ranges after "nr." and two dossiers ---------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kamerstuk 32 317, nr. 1-3", [(None, "32 317", "1"), (None, "32 317", "2"), (None, "32 317", "3")]),
        ("Kamerstukken 32 317, nrs. 10–12", [(None, "32 317", "10"), (None, "32 317", "11"), (None, "32 317", "12")]),
        ("Kamerstuk 32 317, nr. 5 t/m 6", [(None, "32 317", "5"), (None, "32 317", "6")]),
        ("Kamerstukken 36 410 en 36 411", [(None, "36 410", None), (None, "36 411", None)]),
        ("(Kamerstukken 36 410 en 36 411).", [(None, "36 410", None), (None, "36 411", None)]),
        # a number after two dossiers is one paper in both, as with the slash
        ("Kamerstukken II 2017/18, 31 293 en 31 289, nr. 390", [("2017/2018", "31 293 / 31 289", "390")]),
        ("Kamerstukken 29 544, nr. 1201 en 31 311, nr. 250", [(None, "29 544", "1201"), (None, "31 311", "250")]),
        ("Kamerstukken 2023/24, 29 544, nr. 1201; 31 311, nrs. 250 en 251",
         [("2023/2024", "29 544", "1201"), (None, "31 311", "250"), (None, "31 311", "251")]),
    ],
)
def test_ranges_and_several_dossiers(text: str, expected: list[tuple]) -> None:
    assert _papers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # counter-cases: numbers after a citation that are no papers
        ("Kamerstuk 36 410 en 12 000 woningen", [(None, "36 410", None)]),
        ("Kamerstuk 36 410, nr. 5 en 12 000 woningen", [(None, "36 410", "5")]),
        ("Kamerstuk 32 317, nr. 5, 12 maart 2024", [(None, "32 317", "5")]),
        ("Kamerstukken 36 410, nrs. 5 en 7", [(None, "36 410", "5"), (None, "36 410", "7")]),
    ],
)
def test_numbers_that_are_no_papers_stay_out(text: str, expected: list[tuple]) -> None:
    assert _papers(text) == expected


def test_continued_list_spans_and_checker_keys() -> None:
    text = "Zie Kamerstukken 29 544, nr. 1201 en 31 311, nr. 250."
    spans = sorted({(c.start, c.end) for c in find_citations(text)})
    assert [text[s:e] for s, e in spans] == ["Kamerstukken 29 544, nr. 1201", "31 311, nr. 250"]
    keys = [k for _, _, _, ks in find_citation_keys(text) for k in ks]
    assert keys == [("29 544", "1201"), ("31 311", "250")]


# --- 5. motions --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "member", "date"),
    [
        ("Ik ga in op een motie van Tweede Kamerlid Mulder (CDA) over de zorg.", "Mulder", None),
        ("Hiermee voer ik de motie van het Kamerlid Van Dijk uit.", "Van Dijk", None),
        ("de motie van de Kamerleden Jansen en De Vries", "Jansen en De Vries", None),
        ("de motie van de heer Van der Vlies over", "Van der Vlies", None),
        ("Met de motie van het lid Van Haga van 12 maart 2024 vraagt de Kamer", "Van Haga", "2024-03-12"),
        ("de motie-Van Haga d.d. 3 april 2024", "Van Haga", "2024-04-03"),
        ("de motie Bikker c.s. (CU) van 5 juni 2023 vraagt", "Bikker", "2023-06-05"),
        ("De motie-Van Haga vraagt om een onderzoek.", "Van Haga", None),
        ("de motie van de leden Jansen en De Vries vraagt", "Jansen en De Vries", None),
        ("de gewijzigde motie van het lid Omtzigt over toeslagen", "Omtzigt", None),
        ("In de motie Bikker c.s. wordt gevraagd", "Bikker", None),
        ("de motie In 't Veld over", "In 't Veld", None),
    ],
)
def test_motion_shapes(text: str, member: str, date: str | None) -> None:
    (m,) = find_motions(text)
    assert (m.member, m.date) == (member, date)


@pytest.mark.parametrize(
    "text",
    [
        "Een motie is een verzoek van de Kamer aan de regering.",
        "Over de motie In de Kamer is veel gezegd.",
        "Met deze motie Ik ben het eens.",
        "De Kamer heeft de motie De Kamer verzocht aangenomen.",
        "De aangenomen motie van de Kamer vraagt om een brief.",
        "Er zijn moties van Kamerleden ingediend.",
    ],
)
def test_motion_in_general_is_no_motion(text: str) -> None:
    assert find_motions(text) == []


def test_date_later_in_the_sentence_is_not_the_motions() -> None:
    # counter-case: the date of the letter, not right after the name
    (m,) = find_motions("de motie van het lid Van Haga over de brief van 12 maart 2024")
    assert m.date is None
    (m,) = find_motions("Motie van het lid Eerdmans, ingediend d.d. 9 februari 2023")
    assert m.date == "2023-02-09"


@pytest.mark.parametrize(
    ("english", "key"),
    [
        ("Parliamentary Papers 31 700 IXB, no. 8", ("31 700", "8")),
        ("Parliamentary Papers II 2012/13, 36 200 IX B, no. 14", ("36 200", "14")),
        ("Parliamentary Papers 36 600 XVI, no. 7", ("36 600", "7")),
        # counter-case: a lower-case word after the dossier is no chapter letter
        ("Parliamentary Paper 36 410 in no way", ("36 410", None)),
    ],
)
def test_checker_reads_budget_chapters_in_english(english: str, key: tuple[str, str | None]) -> None:
    (found,) = find_citation_keys(english)
    assert found[3] == (key,)


def test_handelingen_page_rendered_in_english() -> None:
    (r,) = render_citations("Zie Handelingen I 2019/20, nr. 12, blz. 3-5.")
    assert r.english == "Proceedings I 2019/20, no. 12, p. 3-5"


def test_a_list_of_three_after_a_singular_nr_gives_each_paper() -> None:
    from nlbrief.text.citations import find_citations

    found = [(c.dossier, c.number) for c in find_citations("Zie Kamerstuk 36 410 XIV, nr. 920, 921 en 922.")]
    assert found == [("36 410 XIV", "920"), ("36 410 XIV", "921"), ("36 410 XIV", "922")]
    # two numbers after "nr." may be a paper and a year: one paper
    assert [(c.dossier, c.number) for c in find_citations("Kamerstuk 36 410, nr. 12, 2023 en verder")] == [("36 410", "12")]
