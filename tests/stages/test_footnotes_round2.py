"""Footnotes, round 2: links wrapped inside a note, list labels that are no markers, a marker glued
to an acronym, list items over lines and notes whose markers all follow a number. Every letter
here is our own."""

from __future__ import annotations

import pytest

from nlbrief.parse.footnotes import link_continues
from nlbrief.text.markers import choose_markers, find_marker_candidates, find_running_candidates
from nlbrief.text.segment import split_sentences
from parse_helpers import parsed

HEAD = """Aan de Voorzitter van de Tweede Kamer der Staten-Generaal

Den Haag, 3 februari 2025

"""
CLOSING = """
De Minister van Klimaat en Groene Groei,
J. de Wit
"""

LINKS = HEAD + """Met deze brief informeer ik uw Kamer over de brochures.1 Ook stuur ik u de
handreiking voor scholen.2 De cijfers van Eurostat staan online.3 Het rapport van
het waterschap is openbaar.4 De motie ligt bij de Kamer.5 Het advies volgt.6

1 Samen werken aan krimp (2016)
https://www.rijksoverheid.nl/onderwerpen/krimp/documenten/brochures/2016/11
/01/samen-werken-aan-krimp. Een tweede brochure volgt.
2 Zie https://www.voorbeeld.nl/sites/default/files/publicaties/20180101%20Handr
eiking%20fusie%20van%20scholen.pdf
3 Eurostat: https://ec.europa.eu/eurostat/statistics -
explained/index.php?title=Land_cover_statistics
4 https://www.waterschap.nl/publish/pages/117157/eindrapportage_sturen_met_bedrijv
enproef_spengen_2017_2022.pdf
5 https://www.tweedekamer.nl/kamerstukken/moties/detail?id=2022Z10845&did=2022D222
49; hieruit: de regering wordt verzocht de kosten in kaart te brengen.
6 https://www.provincie.nl/Onderwerpen/Ruimtelijke_inrichting/Omgevingsverorde
ning
""" + CLOSING


def test_links_wrapped_inside_a_note_are_joined_without_a_space() -> None:
    notes = {f.number: f.text for f in parsed(LINKS).footnotes}
    assert notes[1] == (
        "Samen werken aan krimp (2016) https://www.rijksoverheid.nl/onderwerpen/krimp/documenten/"
        "brochures/2016/11/01/samen-werken-aan-krimp. Een tweede brochure volgt."
    )
    assert notes[2] == (
        "Zie https://www.voorbeeld.nl/sites/default/files/publicaties/"
        "20180101%20Handreiking%20fusie%20van%20scholen.pdf"
    )
    assert notes[3] == "Eurostat: https://ec.europa.eu/eurostat/statistics-explained/index.php?title=Land_cover_statistics"
    assert notes[4].endswith("/eindrapportage_sturen_met_bedrijvenproef_spengen_2017_2022.pdf")
    assert notes[5] == (
        "https://www.tweedekamer.nl/kamerstukken/moties/detail?id=2022Z10845&did=2022D22249; "
        "hieruit: de regering wordt verzocht de kosten in kaart te brengen."
    )
    assert notes[6] == "https://www.provincie.nl/Onderwerpen/Ruimtelijke_inrichting/Omgevingsverordening"


LINK_THEN_WORDS = HEAD + """Met deze brief informeer ik uw Kamer over de brochures.1 Ook stuur ik u de
handreiking voor scholen.2 De cijfers staan online.3

1 Zie https://www.rijksoverheid.nl/onderwerpen/krimp/documenten/brochures
voor meer informatie over de aanpak.
2 Zie https://www.voorbeeld.nl/handreiking-scholen-en-besturen-2018
(geraadpleegd op 3 mei 2024).
3 Zie www.cbs.nl
geraadpleegd.
""" + CLOSING


def test_a_link_that_ends_its_line_keeps_the_space_before_words() -> None:
    notes = {f.number: f.text for f in parsed(LINK_THEN_WORDS).footnotes}
    assert notes[1] == (
        "Zie https://www.rijksoverheid.nl/onderwerpen/krimp/documenten/brochures voor meer informatie over de aanpak."
    )
    assert notes[2] == "Zie https://www.voorbeeld.nl/handreiking-scholen-en-besturen-2018 (geraadpleegd op 3 mei 2024)."
    assert notes[3] == "Zie www.cbs.nl geraadpleegd."


@pytest.mark.parametrize(
    ("prev", "nxt", "joined"),
    [
        ("https://www.x.nl/brochures/2016/11", "/01/samen", True),  # a path goes on
        ("https://www.x.nl/a%20Handr", "eiking%20MR.pdf", True),  # an escaped space in the rest
        ("https://www.x.nl/documenten/publicaties/2021/12/06/brie", "fadvies-van-de-commissaris", True),
        ("https://www.x.nl/detail?id=2022Z10845&did=2022D222", "49; hieruit:", True),
        ("https://www.x.nl/statistics -", "explained/index.php?title=x", True),
        # ordinary words, a new link, a closed link, or a short link followed by one word: a space
        ("https://www.x.nl/rapport", "voor meer informatie", False),
        ("https://www.x.nl/rapport", "https://www.y.nl/", False),
        ("Zie https://www.x.", "nl/onderwerpen/krimp/brochures", True),
        ("Zie https://www.x.nl/rapport.", "Samen sterker", False),
        ("Zie https://www.x.nl/documenten/publicaties/rapport.", "samen", False),
        ("Zie www.cbs.nl", "bezocht", False),
        ("https://www.x.nl/documenten/publicaties/rapport", "geraadpleegd.", False),
        ("de kosten van het rapport", "/01/samen", False),  # no link on the line before
        ("https://www.x.nl/statistics -", "en verder", False),
        ("https://www.x.nl/a", "en/of de website", False),
    ],
)
def test_link_continues(prev: str, nxt: str, joined: bool) -> None:
    assert link_continues(prev, nxt) is joined


LABELS = HEAD + """Voorbeelden van maatregelen in het programma zijn:
1: Minder grondstoffen:
- In 2030 koopt de overheid veel meer circulair in.1 Daarmee voorkomen we dat
grondstoffen onnodig worden gebruikt en kunnen we de kosten beter meenemen.
2: Substitutie
- We starten met textiel (via de ESPR2), verpakkingen en elektrische apparaten.
De uitstoot van CO2, stikstof en fijnstof daalt daardoor.
3: Levensduur
- We stimuleren het hergebruik van kleding.3

1 Zie ook de Nationale Grondstoffenstrategie.
2 Ecodesign for Sustainable Products Regulation
3 Kamerstuk 32 852, nr. 200.
""" + CLOSING


def _refs(text: str) -> dict[str, tuple[int, ...]]:
    return {s.text: s.footnote_refs for s in parsed(text).iter_sentences()}


def test_a_list_label_with_a_colon_is_no_marker_and_an_acronym_carries_one() -> None:
    refs = _refs(LABELS)
    assert refs["2: Substitutie"] == ()
    assert refs["Daarmee voorkomen we dat grondstoffen onnodig worden gebruikt en kunnen we de kosten beter meenemen."] == ()
    assert refs["- We starten met textiel (via de ESPR), verpakkingen en elektrische apparaten."] == (2,)
    assert [s for s in refs if "meenemen.:" in s] == []


def test_a_formula_or_a_recurring_acronym_with_digits_is_no_marker() -> None:
    # without the acronym's marker, "CO2," between notes 1 and 3 is still no marker (two capitals)
    refs = _refs(LABELS.replace("ESPR2", "ESPR"))
    assert refs["De uitstoot van CO2, stikstof en fijnstof daalt daardoor."] == ()
    assert 2 not in {n for r in refs.values() for n in r}
    # the same acronym with the same digits twice is a name ("NUTS2"), not a marker printed once
    refs = _refs(LABELS.replace("apparaten.\n", "apparaten (ESPR2).\n"))
    assert refs["- We starten met textiel (via de ESPR2), verpakkingen en elektrische apparaten (ESPR2)."] == ()


def test_a_spaced_marker_before_a_colon_after_a_word_stays_a_marker() -> None:
    text = "Zo schrijft de Raad 2: De kosten stijgen. Het is klaar. 3: Levensduur"
    found = [(mk.number, text[mk.start - 5 : mk.end + 2]) for mk in find_marker_candidates(text, {2, 3})]
    assert found == [(2, "Raad 2: ")]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "De maatregelen zijn: 1. Vermindering gebruik grondstoffen; 2. Substitutie; "
            "3. Levensduurverlenging en 4. Hoogwaardige verwerking. Daarna volgt de uitwerking.",
            ["De maatregelen zijn:",
             "1. Vermindering gebruik grondstoffen; 2. Substitutie; 3. Levensduurverlenging en 4. Hoogwaardige verwerking.",
             "Daarna volgt de uitwerking."],
        ),
        (
            "a. Minder grondstoffen; b. Hergebruik of c. Recycling. Dat is de volgorde.",
            ["a. Minder grondstoffen; b. Hergebruik of c. Recycling.", "Dat is de volgorde."],
        ),
        # no label before it: the number ends its sentence
        (
            "Het aantal steeg van 3 naar 5 en 4. Daarna daalde het.",
            ["Het aantal steeg van 3 naar 5 en 4.", "Daarna daalde het."],
        ),
        (
            "Dat zijn er 2. De kosten liepen op met 2 miljoen en 3. Daarna volgt de rest.",
            ["Dat zijn er 2.", "De kosten liepen op met 2 miljoen en 3.", "Daarna volgt de rest."],
        ),
    ],
)
def test_the_last_list_item_after_en_keeps_its_label(text: str, sentences: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == sentences


AFTER_NUMBERS = HEAD + """Met deze brief informeer ik uw Kamer over de Stroomgebiedbeheerplannen voor de
periode 2022-20271, die in december zijn vastgesteld. Het kabinet heeft dit
uitgewerkt in de nota van 20232. De uitvoering ligt op schema.

1 Stroomgebiedbeheerplannen 2022-2027.
2 Kamerstuk 27 625, nr. 600.
""" + CLOSING


def test_notes_whose_markers_all_follow_a_number_are_found() -> None:
    letter = parsed(AFTER_NUMBERS)
    assert [(f.number, f.text) for f in letter.footnotes] == [
        (1, "Stroomgebiedbeheerplannen 2022-2027."),
        (2, "Kamerstuk 27 625, nr. 600."),
    ]
    refs = {s.text: s.footnote_refs for s in letter.iter_sentences()}
    assert refs["Het kabinet heeft dit uitgewerkt in de nota van 2023."] == (2,)
    assert refs[
        "Met deze brief informeer ik uw Kamer over de Stroomgebiedbeheerplannen voor de periode 2022-2027, "
        "die in december zijn vastgesteld."
    ] == (1,)


def test_numbered_lines_without_a_glued_marker_stay_body() -> None:
    text = AFTER_NUMBERS.replace("2022-20271,", "2022-2027,").replace("20232.", "2023.")
    letter = parsed(text)
    assert letter.footnotes == ()
    assert "1 Stroomgebiedbeheerplannen 2022-2027." in [s.text for s in letter.iter_sentences()]


def test_one_glued_running_candidate_alone_anchors_nothing() -> None:
    text = "de periode 2022-20271, en de nota van 2023. Verder 20251 woningen en in 20230. De ESPR2 en CO2."
    running = find_running_candidates(text, {1, 2})
    assert [(m.number, text[m.start - 4 : m.end]) for m in running] == [(1, "20271"), (2, "ESPR2")]
    assert choose_markers([], [1, 2], running[:1]) == []
    # a year and an acronym are not enough either (the footnote finder's evidence, one rule):
    assert choose_markers([], [1, 2], running) == []
    # two glued to years are, and then an acronym goes with them
    text = "de periode 2022-20271, en de nota van 20232. De ESPR3 en CO2."
    running = find_running_candidates(text, {1, 2, 3})
    assert [m.number for m in choose_markers([], [1, 2, 3], running)] == [1, 2, 3]
