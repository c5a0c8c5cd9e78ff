"""Stray spaces inside words, as PDF extraction leaves them ("o nttrekkingen", "w e", "onz e"):
closed where the letter itself writes the joined word whole (`nlbrief.text.spacing`), never where
a short token is a word, a label, an initial, a unit or an elision."""

from __future__ import annotations

from collections import Counter

import pytest

from nlbrief.text.hyphenation import join_lines, word_counts
from nlbrief.text.spacing import SHORT_WORDS, close_letter_gaps, is_fragment, joins_gap
from parse_helpers import SIDEBAR, body_text, parsed

# A letter text of our own: each broken word is also written whole somewhere else in it.
_LETTER = (
    "Met deze brief informeer ik u over onze aanpak van water en bodem. De onttrekkingen van\n"
    "grondwater nemen toe. We werken met de inwoners aan maatwerk, zodat we de bodem beschermen\n"
    "en grotere risico's vast voorkomen. Ook de Kaderrichtlijn Water helpt daarbij. Dit is een\n"
    "belangrijke stap naar een vitale bodem en een peilverhoging waar dat kan.\n"
)
_EVIDENCE = word_counts(_LETTER)


def _closed(text: str, letter: str = _LETTER) -> str:
    return close_letter_gaps(text, word_counts(letter + "\n" + text))


@pytest.mark.parametrize(
    ("broken", "whole"),
    [
        ("liepen de o nttrekkingen van grondwater", "liepen de onttrekkingen van grondwater"),
        ("waarbij w e ook richting geven", "waarbij we ook richting geven"),  # two fragments
        ("het oppervlaktewater van onz e grote rivieren", "het oppervlaktewater van onze grote rivieren"),
        ("4. We w erken toe naar een doel", "4. We werken toe naar een doel"),
        ("om ‘w ater en bodem sturend’ vorm te geven", "om ‘water en bodem sturend’ vorm te geven"),
        ("(c) w ater beter laten infiltreren", "(c) water beter laten infiltreren"),  # label kept
        ("Voor de Ka derrichtlijn Water geldt", "Voor de Kaderrichtlijn Water geldt"),  # capitalised
        ("op zee ee n vergroting", "op zee een vergroting"),  # "zee ee" stays, "ee n" closes
        ("Als de bode m is aangetast", "Als de bodem is aangetast"),
        ("de bodem herstellen, bescherme n en", "de bodem herstellen, beschermen en"),
        ("ruimte voor ma atwerk.", "ruimte voor maatwerk."),  # closing punctuation kept
        # two longer tokens ("inw oners") are never joined: tests/stages/test_regress_round4.py
    ],
)
def test_a_stray_space_closes_where_the_letter_writes_the_word_whole(broken: str, whole: str) -> None:
    assert _closed(broken) == whole


@pytest.mark.parametrize(
    "text",
    [
        "Ik stuur u deze brief.",  # "u" is a word
        "Het Gerechtshof 's-Gravenhage en 's avonds de raad.",  # elision, hyphen
        "a. De uitbreiding van de regeling.",  # a list label with its full stop
        "Stuur de e-mail naar de minister.",  # "e-" is no fragment
        "De aanbesteding gaat in 2 ronden.",
        "De minister gaat op de hoogte houden.",
        "Het advies van J. de Vries en J de Vries.",  # initials
        "De onderdelen A en B, en b en c van het besluit.",  # labels ("ben" is a word of the letter)
        "Een dijk van 5 m aan de kust en het 7 e actieprogramma.",  # a unit ("maan"!) and an ordinal
        "De vergoeding is ca 85% van de kosten, zie nr 5 en het po en vo.",  # abbreviations
        "De vergoeding voor het ov en de ov er baat bij.",  # "ov" is an abbreviation, not "over"
        "Wie ziek te worden vreest.",  # "ziek" and "te" are words; "ziekte" stays two
        "Wat er met het water en de zorg en gebeurt.",  # "water", "zorgen" are words, so are the parts
        "Het bedrijf UP V en het EX D verhaal.",  # capitals: acronyms and postcodes
    ],
)
def test_short_words_labels_initials_units_and_abbreviations_stay(text: str) -> None:
    letter = _LETTER + "Ik ben er. Het water, de ziekte, de zorgen, de upv, de exd, de maan en de ovens.\n"
    assert _closed(text, letter) == text


def test_a_gap_stays_without_the_whole_word_elsewhere_in_the_letter() -> None:
    # "he vige" is a broken "hevige", but the letter never writes it whole: no evidence, no join
    assert close_letter_gaps("als gevolg van he vige regenval", _EVIDENCE) == "als gevolg van he vige regenval"
    assert close_letter_gaps("de o nttrekkingen", None) == "de o nttrekkingen"
    assert close_letter_gaps("de o nttrekkingen", Counter()) == "de o nttrekkingen"


def test_two_words_stay_two_where_the_letter_writes_them_together() -> None:
    # "kleine scholentoeslag" with "kleinescholentoeslag" elsewhere: no fragment, no join
    letter = "De kleinescholentoeslag en de kleine scholen. De kleine scholentoeslag blijft."
    assert close_letter_gaps("De kleine scholentoeslag blijft.", word_counts(letter)) == (
        "De kleine scholentoeslag blijft."
    )
    # also where "kleine" occurs only there
    letter = "De kleinescholentoeslag en de scholentoeslag. De kleine scholentoeslag blijft."
    assert close_letter_gaps("De kleine scholentoeslag blijft.", word_counts(letter)) == (
        "De kleine scholentoeslag blijft."
    )


def test_only_a_single_space_is_closed() -> None:
    evidence = word_counts("De onttrekkingen nemen toe.")
    assert close_letter_gaps("de o  nttrekkingen", evidence) == "de o  nttrekkingen"


def test_fragment_and_joins_gap_shapes() -> None:
    assert is_fragment("w") and is_fragment("ee") and is_fragment("ls")
    assert not any(is_fragment(w) for w in ("u", "de", "en", "te", "op", "in", "a", "po", "nr", "wat"))
    assert {"u", "de", "en", "op", "te", "in", "a"} <= SHORT_WORDS
    evidence = word_counts("Dat geldt als regel en als uitzondering.")
    assert joins_gap("a", "ls", evidence)  # "a" is a word, "ls" a fragment: "die a ls bijlage"
    assert not joins_gap("a", "ls", evidence, before="5")  # after a number: a unit or label
    assert not joins_gap("’s", "als", word_counts("de sals"))  # an elision


def test_join_lines_closes_gaps_also_over_a_line_break() -> None:
    lines = ["De o", "nttrekkingen van grondwater nemen toe en de w e ook."]
    evidence = word_counts("De onttrekkingen zijn groot. We zien het.\n" + "\n".join(lines))
    assert join_lines(lines, evidence) == "De onttrekkingen van grondwater nemen toe en de we ook."
    assert join_lines(lines) == "De o nttrekkingen van grondwater nemen toe en de w e ook."  # no evidence


def test_a_parsed_letter_has_its_broken_words_closed_and_nothing_lost() -> None:
    text = (
        SIDEBAR
        + "Datum 4 maart 2024\nBetreft Water en bodem\n\nGeachte voorzitter,\n\n"
        + _LETTER
        + "\nOp de zandgronden liepen de o nttrekkingen van grondwater tegen grenzen aan. Daarom\n"
        "verkennen w e hoe we onz e bodem beter beschermen, a. met maatwerk en b. met regels.\n"
        "\nHoogachtend,\n\nde minister,\n\nA. Bakker\n"
    )
    body = body_text(parsed(text))  # `parsed` asserts the nothing-lost accounting
    assert "liepen de onttrekkingen van grondwater" in body
    assert "verkennen we hoe we onze bodem beter beschermen, a. met maatwerk en b. met regels." in body
