"""Round 4 over-fires: `nlbrief.text.spacing` never joins two longer tokens ("ten minste", "samen
werken", "daar naast" stay, even where the letter writes them together elsewhere);
`nlbrief.parse.levels` lifts no topical sub-heading or recurring part heading to the top level as a
closing chapter."""

from __future__ import annotations

import pytest

from nlbrief.accounting import check_nothing_lost
from nlbrief.model.letter import Letter
from nlbrief.parse import parse_text
from nlbrief.parse.levels import closing_restart, recurring_headings
from nlbrief.text.hyphenation import word_counts
from nlbrief.text.spacing import close_letter_gaps

# Dutch pairs written apart that the letter also writes together, with another meaning or as
# another spelling: two longer tokens are never joined.
_TOGETHER = ("Samenwerken, tenminste, vaststellen, terzake, meevallen, hoogwater, Tenslotte, daarnaast, "
             "bekendgemaakt, blootgesteld, uiteengezet en inwoners.\n")


def _closed(text: str, letter: str) -> str:
    return close_letter_gaps(text, word_counts(letter + "\n" + text))


@pytest.mark.parametrize(
    "text",
    [
        "Het kabinet wil samen werken met gemeenten aan een betere aanpak.",
        "Wij zullen dit jaar ten minste twee keer rapporteren.",
        "Wij willen het plan vast stellen.",
        "De gemeente kan ter zake beslissen.",
        "Het ministerie verwacht dat de kosten mee vallen.",
        "In het hoog water seizoen is het druk.",
        "Ten slotte",
        "De dijk blijft staan en daar naast komt een nieuw gemaal.",
        "De regels zijn bekend gemaakt en de risico's uiteen gezet.",
        "Ondernemers en inw oners houden rekening.",  # a miss, never a wrong word
    ],
)
def test_two_longer_tokens_are_never_joined(text: str) -> None:
    letter = "We w erken aan ‘w ater en bodem’ met onz e partners: werken, water, onze.\n"
    assert _closed(text, letter + _TOGETHER) == text


# --- closing chapters (`nlbrief.parse.levels.closing_restart`) -----------------------------------

_HEAD = "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 3 maart 2024\n\n"
_CLOSE = "\nHoogachtend,\n\nde minister van Volksgezondheid, Welzijn en Sport,\n\nJ. de Vries\n"


def _parsed(body: str) -> Letter:
    text = _HEAD + "Geachte voorzitter,\n\nIn deze brief informeer ik u over het programma.\n\n" + body + _CLOSE
    letter = parse_text(text)
    acc = check_nothing_lost(text, letter)
    assert acc.ok, acc.summary()
    return letter


def _levels(letter: Letter) -> list[tuple[str | None, int]]:
    return [(s.heading, s.level) for s in letter.sections if s.heading is not None]


def _pilot(number: int, name: str) -> str:
    return (
        f"{number}. Pilot {name}\n\nResultaten\n\nDe pilot {name} heeft resultaten opgeleverd in vier gemeenten.\n\n"
        f"Vervolg\n\nDe pilot {name} wordt in 2025 uitgebreid naar tien gemeenten.\n\n"
    )


def test_a_heading_that_recurs_in_the_parts_is_no_closing_chapter() -> None:
    # "Vervolg" ends every part: in the last part too it is that part's own section
    pilots = _pilot(1, "wijkzorg") + _pilot(2, "thuiszorg") + _pilot(3, "mantelzorg")
    letter = _parsed(pilots)
    levels = _levels(letter)
    assert [lv for h, lv in levels if h == "Vervolg"] == [2, 2, 2], levels
    assert closing_restart(letter.sections, recurring_headings(letter.sections)) is None
    # a chapter after the last part's closing scheme heading is the letter's own (the water
    # letter's pattern), while that scheme heading stays in its part
    levels = _levels(_parsed(pilots + "Planning\n\nDe pilots lopen tot eind 2025 door.\n\n"))
    assert [lv for h, lv in levels if h == "Vervolg"] == [2, 2, 2] and ("Planning", 1) in levels, levels
    # also where only that one heading recurs (no scheme of two texts)
    body = "".join(
        f"{k}. Pilot {n}\n\nDe pilot {n} loopt.\n\nVervolg\n\nDe pilot {n} wordt uitgebreid.\n\n"
        for k, n in ((1, "wijkzorg"), (2, "thuiszorg"), (3, "mantelzorg"))
    )
    assert [lv for h, lv in _levels(_parsed(body)) if h == "Vervolg"] == [2, 2, 2]


def test_a_topical_closing_word_followed_by_ordinary_topics_stays_in_its_part() -> None:
    body = (
        "1. Doelen\n\nHet programma heeft drie doelen die in deze brief aan bod komen.\n\n"
        "2. Investeringen\n\nHet kabinet investeert in drie onderdelen van het programma.\n\n"
        "Woningbouw\n\nEr worden 100.000 woningen gebouwd in de komende jaren.\n\n"
        "Financiering\n\nDe woningbouw wordt gefinancierd uit het Volkshuisvestingsfonds.\n\n"
        "Infrastructuur\n\nVoor de ontsluiting van de woningen wordt geïnvesteerd in wegen.\n\n"
        "Energie\n\nOok het elektriciteitsnet wordt verzwaard in deze gebieden.\n\n"
    )
    levels = _levels(_parsed(body))
    for heading in ("Woningbouw", "Financiering", "Infrastructuur", "Energie"):
        assert (heading, 2) in levels, levels
    # counter-case: the same word as the letter's last chapter, or before an unambiguous closer,
    # still returns to the top level
    ending = "Financiering\n\nDe kosten worden gedekt uit de begroting.\n\nTot slot\n\nIk informeer u in mei.\n\n"
    levels = _levels(_parsed(body.split("Financiering")[0] + ending))
    assert ("Woningbouw", 2) in levels and ("Financiering", 1) in levels and ("Tot slot", 1) in levels, levels


def test_an_unambiguous_closer_returns_to_the_top_level_even_before_a_topic() -> None:
    body = (
        "1. Doelen\n\nHet programma heeft drie doelen.\n\n2. Uitvoering\n\nGemeenten voeren het uit.\n\n"
        "Knelpunten\n\nGemeenten melden tekorten aan personeel.\n\n"
        "Ten slotte\n\nIk zal u voor de zomer opnieuw informeren.\n\n"
    )
    levels = _levels(_parsed(body))
    assert ("Knelpunten", 2) in levels and ("Ten slotte", 1) in levels, levels
