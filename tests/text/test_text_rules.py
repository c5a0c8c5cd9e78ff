"""Pure text rules: sentence segmentation, de-hyphenation, citations, motions, dates."""

from __future__ import annotations

import pytest

from nlbrief.text.citations import find_citations, find_motions, mentions_commitment
from nlbrief.text.dutch import date_to_english, find_dates, parse_date, parse_field_date
from nlbrief.text.hyphenation import hyphen_decision, join_lines, word_counts
from nlbrief.text.markers import choose_markers, find_marker_candidates, remove_markers
from nlbrief.text.segment import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dit is zin één. Dit is zin twee.", ["Dit is zin één.", "Dit is zin twee."]),
        ("Op 15 mei jl. stuurde ik de brief. De Commissie antwoordde.",
         ["Op 15 mei jl. stuurde ik de brief.", "De Commissie antwoordde."]),
        ("De brief die ik 15 mei jl. samen met Italië stuurde.", ["De brief die ik 15 mei jl. samen met Italië stuurde."]),
        ("Zie Kamerstukken 2023/2024, 32 317, nr. 872. Daarna volgt meer.",
         ["Zie Kamerstukken 2023/2024, 32 317, nr. 872.", "Daarna volgt meer."]),
        ("Dit geldt o.a. voor Nederland en i.v.m. de planning t.a.v. België.", ["Dit geldt o.a. voor Nederland en i.v.m. de planning t.a.v. België."]),
        ("De motie d.d. 9 februari 2023 is uitgevoerd. Ik ga verder.", ["De motie d.d. 9 februari 2023 is uitgevoerd.", "Ik ga verder."]),
        ("Namens E. van der Burg en drs. V.L.W.A. Heijnen schrijf ik dit.", ["Namens E. van der Burg en drs. V.L.W.A. Heijnen schrijf ik dit."]),
        ("Het betreft art. 3 en blz. 12 van het rapport, resp. bijlage 2.", ["Het betreft art. 3 en blz. 12 van het rapport, resp. bijlage 2."]),
        ("De JBZ-Raad van 4–5 maart 2024 sprak erover. Ik was erbij.", ["De JBZ-Raad van 4–5 maart 2024 sprak erover.", "Ik was erbij."]),
        ("Is dat wenselijk? Nee. Het kabinet kiest anders!", ["Is dat wenselijk?", "Nee.", "Het kabinet kiest anders!"]),
        ("Het bedrag is € 12,5 miljoen (zie bijv. tabel 1). Dat is 3,4 procent.", ["Het bedrag is € 12,5 miljoen (zie bijv. tabel 1).", "Dat is 3,4 procent."]),
        ("„Wij doen mee.” Dat zei de minister.", ["„Wij doen mee.”", "Dat zei de minister."]),
        ("Drie punten: • eerste punt • tweede punt", ["Drie punten:", "• eerste punt", "• tweede punt"]),
        ("", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == expected


def test_spans_point_into_the_text() -> None:
    text = "Eerste zin.  Tweede zin?  Derde"
    for span in split_sentences(text):
        assert text[span.start : span.end] == span.text


@pytest.mark.parametrize(
    ("head", "tail", "decision"),
    [
        ("migratie-", "beleid", "join"),
        ("Tegelij-", "kertijd", "join"),
        ("Asiel-", "en", "space"),
        ("zorg-", "of", "space"),
        ("collega-", "Ministers", "keep"),
        ("EU-", "buitengrenzen", "keep"),
        ("AZWA-", "afspraak", "keep"),
        ("out-of-", "the-box", "keep"),
        ("2024-", "2029", "keep"),
        ("zee-", "egel", "keep"),
        ("media-", "aandacht", "keep"),
        ("operati-", "onele", "join"),
        ("e-", "mail", "keep"),
    ],
)
def test_hyphen_decisions(head: str, tail: str, decision: str) -> None:
    assert hyphen_decision(head, tail) == decision


def test_document_evidence_overrides_rules() -> None:
    evidence = word_counts("het kennis-instituut en nog eens het kennis-instituut")
    assert hyphen_decision("kennis-", "instituut", evidence) == "keep"
    evidence = word_counts("de zeeegel")
    assert hyphen_decision("zee-", "egel", evidence) == "join"


def test_join_lines() -> None:
    lines = ["Een cruciale stap voor het migratie-", "beleid en het Asiel- en", "Migratiepact van de collega-", "Ministers."]
    assert join_lines(lines) == "Een cruciale stap voor het migratiebeleid en het Asiel- en Migratiepact van de collega-Ministers."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kamerstukken 2023/2024, 32 317, nr. 872", [("2023/2024", "32 317", "872")]),
        ("Kamerstukken 2023/2024 32 317, nr. 872", [("2023/2024", "32 317", "872")]),
        ("Kamerstukken 2023/2024,\n32 317, nr. 872", [("2023/2024", "32 317", "872")]),
        ("Kamerstukken II 2009/10, 32 123 XVI, nr. 30", [("2009/2010", "32 123 XVI", "30")]),
        ("kst. 29 247, nr. 480", [(None, "29 247", "480")]),
        ("Kst. 36 725, nrs. 29 en 30", [(None, "36 725", "29"), (None, "36 725", "30")]),
        ("Kamerstuk 33009, nr. 117", [(None, "33 009", "117")]),
        ("Kamerstuk 36 200 XVI, nr. 12", [(None, "36 200 XVI", "12")]),
        ("Tweede Kamer, vergaderjaar 2017-2018, 31 293/31 289, nr. 390", [("2017/2018", "31 293 / 31 289", "390")]),
        ("In 2024 kwamen 32 317 mensen.", []),
    ],
)
def test_citations(text: str, expected: list[tuple]) -> None:
    found = find_citations(text)
    assert [(c.session, c.dossier, c.number) for c in found] == expected
    for c in found:
        assert c.text.startswith("Kamerstukken") and c.dossier in c.text


def test_citation_normal_form() -> None:
    (c,) = find_citations("zie Kamerstukken 2023/2024 32 317, nr. 872.")
    assert c.text == "Kamerstukken 2023/2024, 32 317, nr. 872"


@pytest.mark.parametrize(
    ("text", "member", "date"),
    [
        ("Motie van het lid Eerdmans, ingediend d.d. 9 februari 2023", "Eerdmans", "2023-02-09"),
        ("de motie van het lid Keijzer hierover", "Keijzer", None),
        ("de motie van het lid De Korte wordt", "De Korte", None),
        ("de motie-Van der Staaij over", "Van der Staaij", None),
        ("de motie van de leden Jansen en El Yassini, ingediend op 3 maart 2025", "Jansen en El Yassini", "2025-03-03"),
        ("twee moties van het lid El Abassi. De eerste", "El Abassi", None),
    ],
)
def test_motions(text: str, member: str, date: str | None) -> None:
    (m,) = find_motions(text)
    assert (m.member, m.date) == (member, date)


def test_commitments() -> None:
    assert mentions_commitment("Zoals toegezegd in het debat informeer ik u.")
    assert mentions_commitment("Met deze brief doe ik de toezegging gestand.")
    assert not mentions_commitment("De Commissie zet de verkenning voort.")


def test_dates() -> None:
    assert parse_date("Den Haag, 16 mei 2024") == "2024-05-16"
    (d,) = find_dates("de JBZ-Raad van 4–5 maart 2024")
    assert d.iso == "2024-03-04" and date_to_english(d) == "4–5 March 2024"
    (d,) = find_dates("op 28 november jl.")
    assert d.iso is None and date_to_english(d) == "28 November"
    assert parse_date("geen datum hier") is None


def test_markers_glued_and_detached() -> None:
    text = "heb geïnformeerd.1 De brief is uitgevoerd.2 Het lid De Korte 3 wordt genoemd in 4 jaar."
    chosen = choose_markers(find_marker_candidates(text, {1, 2, 3, 4}), [1, 2, 3, 4])
    assert [m.number for m in chosen] == [1, 2, 3]  # "in 4 jaar" is a number, not a marker
    clean, refs = remove_markers(text, chosen)
    assert clean == "heb geïnformeerd. De brief is uitgevoerd. Het lid De Korte wordt genoemd in 4 jaar."
    assert [n for _, n in refs] == [1, 2, 3]


def test_markers_are_not_taken_from_numbers_that_are_not_notes() -> None:
    text = "AZWA-afspraak E6 en CW3.1 en 1,5 miljoen en versie 2.1 en nr. 3 gelden."
    assert find_marker_candidates(text, {1, 2, 3, 5, 6}) == []


def test_detached_markers_after_a_lower_case_word_only_where_the_running_order_vouches() -> None:
    from nlbrief.text.markers import find_running_candidates

    text = ("het programma.1 Het advies 2 van de Raad volgt. In artikel 3 van de wet staat dat 3 van de 5 "
            "leden in 2013 over ruim 3 jaar de reactie 3 van het lid geven.4 En de commissie 5 van ons.")
    numbers = [1, 2, 3, 4, 5]
    running = find_running_candidates(text, set(numbers))
    assert [(m.number, text[m.start - 7 : m.start - 1]) for m in running] == [(2, "advies"), (3, "eactie"), (5, "missie")]
    chosen = choose_markers(find_marker_candidates(text, set(numbers)), numbers, running)
    assert [(m.number, m.glued) for m in chosen] == [(1, True), (2, False), (3, False), (4, True), (5, False)]
    assert text[chosen[2].start - 8 : chosen[2].end] == "reactie 3"  # not "artikel 3" or "3 van de 5"
    # out of order, or with no marker found by its shape to anchor it, a running candidate is no marker
    only_running = "het advies 2 van de Raad en de reactie 3 van het lid."
    assert choose_markers([], [2, 3], find_running_candidates(only_running, {2, 3})) == []
    late = "het advies 2 van de Raad.1 En verder."  # 2 before 1: against the running order
    assert [m.number for m in choose_markers(find_marker_candidates(late, {1, 2}), [1, 2],
                                             find_running_candidates(late, {1, 2}))] == [1]


def test_a_count_after_a_sentence_opening_word_or_in_a_proportion_is_no_marker() -> None:
    for text in ("het advies.1 In 3 van de 5 gemeenten is de wachttijd korter.",
                 "het advies.1 Bij 3 gemeenten is de wachttijd korter.",
                 "het advies.1 Op 3 locaties gaat het mis.", "het advies.1 Het gaat om 2 op de 3 scholen."):
        chosen = choose_markers(find_marker_candidates(text, {1, 2, 3}), [1, 2, 3])
        assert [m.number for m in chosen] == [1], text
    # a name before it still makes a marker: "De Korte 2 wordt"
    text = "het besluit.1 Het lid De Korte 2 wordt gehoord."
    assert [m.number for m in choose_markers(find_marker_candidates(text, {1, 2}), [1, 2])] == [1, 2]


def test_a_stray_glued_number_does_not_block_the_markers_after_the_real_one() -> None:
    # taking the glued "pagina.2" for note 2 (the first glued candidate) left note 3 without a marker
    text = "het besluit.1 Het lid De Korte 2 wordt gehoord. De wet is klaar.3 Zie de tabel op pagina.2 hier."
    chosen = choose_markers(find_marker_candidates(text, {1, 2, 3}), [1, 2, 3])
    assert [(m.number, text[m.start - 6 : m.start]) for m in chosen] == [(1, "sluit."), (2, "Korte "), (3, "klaar.")]
    # with a real glued marker for 2 in its place, the glued one still wins over a spaced one
    text = "het besluit.1 Het lid De Korte 2 wordt gehoord, het plan.2 De wet is klaar.3"
    assert [m.glued for m in choose_markers(find_marker_candidates(text, {1, 2, 3}), [1, 2, 3])] == [True] * 3


def test_a_day_the_calendar_lacks_has_no_iso_date() -> None:
    from nlbrief.text.dutch import parse_date

    assert parse_date("Den Haag, 31 februari 2013") is None
    assert parse_date("Den Haag, 29 februari 2024") == "2024-02-29"  # a leap year
    assert parse_date("Den Haag, 31 april 2013, of 7 mei 2013") == "2013-05-07"


def test_short_month_names_count_with_a_year_and_do_not_end_a_sentence() -> None:
    (d,) = find_dates("Op 7 sept. 2013 besloot de raad.")
    assert (d.text, d.iso, date_to_english(d)) == ("7 sept. 2013", "2013-09-07", "7 September 2013")
    assert [x.iso for x in find_dates("van 3 Febr 2011 tot 12 OKT. 2015")] == ["2011-02-03", "2015-10-12"]
    assert find_dates("Punt 3 apr de zaak") == []  # a short month without a year is too weak a sign
    assert [s.text for s in split_sentences("De raad besloot op 7 sept. 2013 tot uitstel. Dat is gemeld.")] == [
        "De raad besloot op 7 sept. 2013 tot uitstel.", "Dat is gemeld."]


def test_dates_in_figures_are_read_only_as_a_date_field() -> None:
    assert parse_field_date("07-02-2013") == "2013-02-07"  # day first, as the Dutch write it
    assert parse_field_date("7/2/2013") == parse_field_date("7.2.2013") == "2013-02-07"
    assert parse_field_date("7-2/2013") is None  # mixed separators are no date
    assert parse_field_date("13-13-2013") is None and parse_field_date("29-02-2013") is None
    assert parse_field_date("9 mei 2016") == "2016-05-09"
    assert parse_field_date("2013-02-07") == "2013-02-07" and parse_field_date("2013-02-30") is None  # ISO 8601
    assert parse_date("07-02-2013") is None and find_dates("artikel 07-02-2013") == []
