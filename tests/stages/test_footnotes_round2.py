"""Footnotes, round 2: links wrapped inside a note, list labels that are no markers, a marker glued
to an acronym, list items over lines and notes whose markers all follow a number. Every letter
here is our own."""

from __future__ import annotations

import pytest
from parse_helpers import parsed

from nlbrief.parse.footnotes import link_continues

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
