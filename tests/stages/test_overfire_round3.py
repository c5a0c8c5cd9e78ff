"""Round 3: rules that over-fired or missed. A name with digits ("het ETS2") makes no footnotes
of a numbered list; a number after an abbreviation ("bijv. 3 instanties") is a fact, not a marker;
citations with sessions written with a dash, ranges in words, lower-case "kamerstuk" and older
Handelingen; sentences that end in a short month or "mln.". Every letter here is our own."""

from __future__ import annotations

import pytest

from nlbrief.text.markers import (
    Marker,
    choose_markers,
    find_glued_running_candidates,
    find_marker_candidates,
    find_running_candidates,
    glued_note_evidence,
)
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
