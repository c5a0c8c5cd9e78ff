"""Round 3: rules that over-fired or missed. A name with digits ("het ETS2") makes no footnotes
of a numbered list; a number after an abbreviation ("bijv. 3 instanties") is a fact, not a marker;
citations with sessions written with a dash, ranges in words, lower-case "kamerstuk" and older
Handelingen; sentences that end in a short month or "mln.". Every letter here is our own."""

from __future__ import annotations

import pytest

from nlbrief.mttext import render_citations
from nlbrief.text.citations import AANHANGSEL, HANDELINGEN, find_citations, find_motions
from nlbrief.text.markers import (
    Marker,
    choose_markers,
    find_glued_running_candidates,
    find_marker_candidates,
    find_running_candidates,
    glued_note_evidence,
)
from nlbrief.text.segment import split_sentences
from parse_helpers import parsed

HEAD = """Aan de Voorzitter van de Tweede Kamer der Staten-Generaal

Den Haag, 12 maart 2024

Geachte voorzitter,

"""
CLOSING = """
Hoogachtend,

De Minister van Volkshuisvesting,

J. de Wit
"""

# ---------------------------------------------------------------- 1. acronyms with a digit

SPOREN = HEAD + """Het kabinet werkt aan de invoering van het ETS2, het nieuwe emissiehandelssysteem voor
gebouwen en vervoer. Daarnaast speelt de herziening van de EPBD4. Dat vraagt veel van de
uitvoering door gemeenten.
De aanpak kent vier sporen, die hieronder worden toegelicht.
1 Beprijzing van emissies in de gebouwde omgeving
2 Normering van installaties en gebouwen
3 Subsidies voor huishoudens met een laag inkomen
4 Voorlichting aan huiseigenaren en huurders
Over de uitwerking van deze sporen informeer ik uw Kamer voor de zomer.
""" + CLOSING


def _texts(text: str) -> list[str]:
    return [s.text for s in parsed(text).iter_sentences()]


@pytest.mark.parametrize("names", [("ETS2", "EPBD4"), ("ETS2", "EPBD"), ("ETS", "EPBD4")])
def test_a_name_with_a_digit_makes_no_footnotes_of_a_numbered_list(names: tuple[str, str]) -> None:
    text = SPOREN.replace("ETS2", names[0]).replace("EPBD4", names[1])
    letter = parsed(text)
    assert letter.footnotes == ()
    texts = _texts(text)
    assert any(f"het {names[0]}, het nieuwe" in t for t in texts)
    assert f"Daarnaast speelt de herziening van de {names[1]}." in texts
    assert "Over de uitwerking van deze sporen informeer ik uw Kamer voor de zomer." in texts
    assert all(s.footnote_refs == () for s in letter.iter_sentences())


def test_an_acronym_marker_still_counts_beside_usual_markers() -> None:
    # counter-case: a marker of the usual shape for note 1 before it vouches for "ESPR2"
    text = HEAD + """De overheid koopt circulair in.1 We starten met textiel (via de ESPR2), verpakkingen
en elektrische apparaten.

1 Zie de Nationale Grondstoffenstrategie.
2 Ecodesign for Sustainable Products Regulation.
""" + CLOSING
    letter = parsed(text)
    assert [f.number for f in letter.footnotes] == [1, 2]
    refs = {s.text: s.footnote_refs for s in letter.iter_sentences()}
    assert refs["We starten met textiel (via de ESPR), verpakkingen en elektrische apparaten."] == (2,)


def test_glued_note_evidence() -> None:
    text = "het ETS2 en de EPBD4 en de periode 2022-20271, en de nota van 20232. Verder de ESPR3."
    glued = find_glued_running_candidates(text, {1, 2, 3, 4})
    assert [(m.number, m.acronym) for m in glued] == [(2, True), (4, True), (1, False), (2, False), (3, True)]
    # no usual markers: two glued to years in rising order vouch, and the acronyms with them
    assert glued_note_evidence([], glued) == glued
    # acronyms alone never; one year alone never
    assert glued_note_evidence([], [m for m in glued if m.acronym]) == []
    assert glued_note_evidence([], [m for m in glued if m.number == 1]) == []
    # usual markers: an acronym vouches only in rising order with one of them
    usual = [Marker(1, text.index("de periode"), text.index("de periode") + 1, True)]  # between EPBD4 and ESPR3
    kept = glued_note_evidence(usual, glued)
    assert [(m.number, m.acronym) for m in kept] == [(1, False), (2, False), (3, True)]


def test_a_chain_of_acronyms_alone_anchors_no_markers() -> None:
    text = "het ETS2 en de EPBD4 zijn regels."
    running = find_running_candidates(text, {2, 4})
    assert [m.number for m in running] == [2, 4]
    assert choose_markers([], [2, 4], running) == []


# ---------------------------------------------------------------- 2. numbers after abbreviations

AFTER_ABBREVIATIONS = HEAD + """De kosten bedragen ca. 3 mld. Daarnaast is er een tekort.1 Dat tekort wordt aangevuld
door o.a. 2 gemeenten en de provincie.2 Het kabinet vraagt bijv. 3 instanties om advies. In
totaal gaat het om resp. 2 en 4 miljoen euro. De Raad heeft op 12 juni jl. 3 aanbevelingen
gedaan. Dit geldt voor art. 3 van de wet.3

1 Zie de Voorjaarsnota.
2 Zie de Miljoenennota.
3 Zie het advies van de Raad van State.
""" + CLOSING


def test_a_number_after_an_abbreviation_is_a_fact_not_a_marker() -> None:
    letter = parsed(AFTER_ABBREVIATIONS)
    refs = {s.text: s.footnote_refs for s in letter.iter_sentences()}
    assert refs["De kosten bedragen ca. 3 mld."] == ()
    assert refs["Dat tekort wordt aangevuld door o.a. 2 gemeenten en de provincie."] == (2,)
    assert refs["Het kabinet vraagt bijv. 3 instanties om advies."] == ()
    assert refs["In totaal gaat het om resp. 2 en 4 miljoen euro."] == ()
    assert refs["De Raad heeft op 12 juni jl. 3 aanbevelingen gedaan."] == ()
    assert refs["Dit geldt voor art. 3 van de wet."] == (3,)


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Het kabinet vraagt bijv. 3 instanties om advies.", []),
        ("Het kabinet vraagt bijv.3 instanties om advies.", []),
        ("De kosten bedragen ca. 3 mld. Daarnaast", []),
        ("De kosten bedragen ca.3 mld. Daarnaast", []),
        ("aangevuld door o.a. 2 gemeenten", []),
        ("aangevuld door o.a.2 gemeenten", []),
        ("op 12 juni jl. 3 aanbevelingen", []),
        # counter-cases: an abbreviation that may end a sentence, a marker closing it
        ("het debat van 14 mei jl. 1\nCijfers over schulden", [1]),
        ("het debat van 14 mei jl. 1 De cijfers", [1]),
        ("het debat van 14 mei jl.1 De cijfers", [1]),
        ("de motie van het lid Bikker c.s.3, en de brief", [3]),
        ("het debat van 14 mei jl.2\nDe cijfers", [2]),
    ],
)
def test_markers_after_an_abbreviation(text: str, numbers: list[int]) -> None:
    assert [m.number for m in find_marker_candidates(text, {1, 2, 3})] == numbers


def test_a_spaced_marker_after_jl_at_a_line_end_is_kept() -> None:
    text = HEAD + """Daarmee kom ik de toezegging na uit het commissiedebat van 14 mei jl. 1
Cijfers over schulden
Het aantal huishoudens met schulden daalt.2

1 Toezegging gedaan tijdens het commissiedebat van 14 mei 2024.
2 CBS, 2024.
""" + CLOSING
    letter = parsed(text)
    assert [f.number for f in letter.footnotes] == [1, 2]
    refs = {s.text: s.footnote_refs for s in letter.iter_sentences()}
    assert refs["Daarmee kom ik de toezegging na uit het commissiedebat van 14 mei jl."] == (1,)


# ---------------------------------------------------------------- 3. and 4. citations


def _cites(text: str) -> list[tuple[str | None, str, str | None]]:
    return [(c.session, c.dossier, c.number) for c in find_citations(text)]


def test_a_session_with_a_dash_is_never_a_paper_number() -> None:
    text = "Kamerstukken 2019-2020, 35 300 VI, nr. 7 en 2020-2021, 35 570 VI, nr. 3."
    assert _cites(text) == [("2019/2020", "35 300 VI", "7"), ("2020/2021", "35 570 VI", "3")]
    # also with a slash, and after a list of numbers
    text = "Kamerstukken 2019/20, 35 300 VI, nrs. 7 en 8 en 2020/21, 35 570 VI, nr. 3."
    assert _cites(text) == [
        ("2019/2020", "35 300 VI", "7"), ("2019/2020", "35 300 VI", "8"), ("2020/2021", "35 570 VI", "3"),
    ]


@pytest.mark.parametrize(
    ("text", "cites"),
    [
        # counter-cases: numbers that are papers stay papers
        ("Kamerstuk 36 410, nr. 5 en 6.", [(None, "36 410", "5"), (None, "36 410", "6")]),
        ("Kamerstuk 31 839, nr. 1999-2000 was een oud stuk.", [(None, "31 839", "1999"), (None, "31 839", "2000")]),
        ("Kamerstuk 36 410, nr. 5 en 12 000 euro.", [(None, "36 410", "5")]),
        ("Kamerstukken 2019/20, 35 300, nrs. 7, 8 en 9.",
         [("2019/2020", "35 300", "7"), ("2019/2020", "35 300", "8"), ("2019/2020", "35 300", "9")]),
    ],
)
def test_paper_numbers_that_are_no_session_stay(text: str, cites: list[tuple[str | None, str, str | None]]) -> None:
    assert _cites(text) == cites


@pytest.mark.parametrize(
    ("text", "cites"),
    [
        ("Kamerstuk 31 839 nrs. 920 tot en met 922.",
         [(None, "31 839", "920"), (None, "31 839", "921"), (None, "31 839", "922")]),
        ("Kamerstukken II 2023/24, 36 200 VII, nr. 2 en nr. 5.",
         [("2023/2024", "36 200 VII", "2"), ("2023/2024", "36 200 VII", "5")]),
        ("Zie kamerstuk 32 813, nr. 5.", [(None, "32 813", "5")]),
        ("Zie de kamerstukken 32 813 en 32 852.", [(None, "32 813", None), (None, "32 852", None)]),
        ("Handelingen II 2008/09, blz. 5678.", [("2008/2009", HANDELINGEN, None)]),
        ("Handelingen II, vergaderjaar 2008–2009, nr. 45.", [("2008/2009", HANDELINGEN, "45")]),
        ("Aanhangsel van de Handelingen, vergaderjaar 2021-2022, nr. 1234.", [("2021/2022", AANHANGSEL, "1234")]),
    ],
)
def test_citations_once_missed(text: str, cites: list[tuple[str | None, str, str | None]]) -> None:
    assert _cites(text) == cites


def test_paged_handelingen_keep_their_page_and_numbers_of_other_things_are_no_citations() -> None:
    assert [c.text for c in find_citations("Handelingen II 2008/09, blz. 5678.")] == [
        "Handelingen II 2008/2009, blz. 5678"
    ]
    # counter-cases: a session and no page or number is no citation; a count is no paper
    assert find_citations("In de Handelingen van 2008/09 staat het.") == []
    assert find_citations("In 2023 is 32 317 keer een aanvraag gedaan, tot en met 5 mei.") == []
    assert find_citations("Het kamerstuk is in 2023 verschenen.") == []


def test_citations_in_english_render_the_new_words() -> None:
    assert [r.english for r in render_citations("Zie kamerstuk 31 839, nrs. 920 tot en met 922.")] == [
        "Parliamentary Paper 31 839, nos. 920 to 922"
    ]
    assert [r.english for r in render_citations("Handelingen II, vergaderjaar 2008–2009, nr. 45.")] == [
        "Proceedings II, session 2008–2009, no. 45"
    ]


def test_two_motions_each_with_its_paper() -> None:
    text = HEAD + (
        "De moties van de leden Bikker (Kamerstuk 36 200, nr. 3) en Ceder (Kamerstuk 36 200, nr. 4) "
        "vragen dit. De motie van het lid ’t Hoen vraagt iets anders. De motie van het lid 't Hart "
        "vraagt weer iets anders.\n"
    ) + CLOSING
    motions = [(m.member, m.dossier, m.number) for m in parsed(text).motions]
    assert motions == [("Bikker", "36 200", "3"), ("Ceder", "36 200", "4"), ("’t Hoen", None, None), ("'t Hart", None, None)]


def test_a_list_of_motions_each_after_its_paper() -> None:
    text = (
        "De moties van de leden Bikker (Kamerstuk 36 200, nr. 3), Ceder (Kamerstuk 36 200, nr. 4) "
        "en Dassen c.s. (Kamerstuk 36 200, nr. 5) vragen dit."
    )
    assert [(m.member, text[m.start : m.end]) for m in find_motions(text)] == [
        ("Bikker", "moties van de leden Bikker"), ("Ceder", "Ceder"), ("Dassen", "Dassen c.s."),
    ]


@pytest.mark.parametrize(
    ("text", "members"),
    [
        # counter-cases: one motion of two members with their parties; a single motion and a paper
        ("De motie van de leden Bikker (CU) en Ceder (SGP) vraagt dit.", ["Bikker"]),
        ("De motie van het lid Bikker (Kamerstuk 36 200, nr. 3) en Ceder vraagt dit.", ["Bikker"]),
        ("De moties van de leden Bikker (CU) en Ceder (SGP) vragen dit.", ["Bikker"]),
        ("De motie 't is laat.", []),
    ],
)
def test_no_second_motion_without_a_paper_between(text: str, members: list[str]) -> None:
    assert [m.member for m in find_motions(text)] == members


# ---------------------------------------------------------------- 5. sentences


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Het overleg vond plaats op 7 sept. De minister was aanwezig.",
         ["Het overleg vond plaats op 7 sept.", "De minister was aanwezig."]),
        ("Het aantal was 3 mln. Daarna daalde het.", ["Het aantal was 3 mln.", "Daarna daalde het."]),
        ("Het bedrag was 2 mld. Sindsdien is het gestegen.", ["Het bedrag was 2 mld.", "Sindsdien is het gestegen."]),
        ("De brief is van 3 febr. Hierna volgt de reactie.", ["De brief is van 3 febr.", "Hierna volgt de reactie."]),
        # counter-cases: the date goes on, no day before the month, no opener after it
        ("Het overleg vond plaats op 7 sept. 2013 in Den Haag.", ["Het overleg vond plaats op 7 sept. 2013 in Den Haag."]),
        ("Op 7 sept. Jansen sprak.", ["Op 7 sept. Jansen sprak."]),
        ("Het gaat om 3 mln. euro. Daarna volgt meer.", ["Het gaat om 3 mln. euro.", "Daarna volgt meer."]),
        ("Zie bijv. Daarna de rest.", ["Zie bijv. Daarna de rest."]),
    ],
)
def test_a_short_month_or_mln_ends_a_sentence_before_an_opener(text: str, sentences: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == sentences


LIST_ABOVE_NOTES = HEAD + """Het tekort is opgelopen.1 Het kabinet werkt aan de invoering van het ETS2, het nieuwe
emissiehandelssysteem. Dat vraagt veel van de uitvoering door gemeenten.2
De aanpak kent drie sporen, die hieronder worden toegelicht.
1 Beprijzing van emissies in de gebouwde omgeving
2 Normering van installaties en gebouwen
3 Subsidies voor huishoudens met een laag inkomen
Over de uitwerking van deze sporen informeer ik uw Kamer voor de zomer.

1 Zie de Voorjaarsnota.
2 Zie de Miljoenennota.
""" + CLOSING


def test_a_numbered_list_above_the_notes_stays_body() -> None:
    letter = parsed(LIST_ABOVE_NOTES)
    assert [(f.number, f.text) for f in letter.footnotes] == [(1, "Zie de Voorjaarsnota."), (2, "Zie de Miljoenennota.")]
    texts = [s.text for s in letter.iter_sentences()]
    assert "Over de uitwerking van deze sporen informeer ik uw Kamer voor de zomer." in texts
    assert not any("Beprijzing" in f.text for f in letter.footnotes)


def test_notes_at_a_page_end_after_the_prose_stay_notes() -> None:
    # counter-case: notes right under the prose (no blank line), numbered upwards, a later note
    # after a blank line numbered higher
    text = LIST_ABOVE_NOTES.replace(
        "1 Beprijzing van emissies in de gebouwde omgeving\n2 Normering van installaties en gebouwen\n"
        "3 Subsidies voor huishoudens met een laag inkomen\nOver de uitwerking van deze sporen informeer ik "
        "uw Kamer voor de zomer.\n\n1 Zie de Voorjaarsnota.\n2 Zie de Miljoenennota.\n",
        "Over de uitwerking informeer ik uw Kamer voor de zomer.3\n1 Zie de Voorjaarsnota.\n"
        "2 Zie de Miljoenennota.\n\n3 Zie de Voorjaarsnota 2025.\n",
    )
    assert "3 Zie de Voorjaarsnota 2025." in text
    letter = parsed(text)
    assert [f.number for f in letter.footnotes] == [1, 2, 3]
