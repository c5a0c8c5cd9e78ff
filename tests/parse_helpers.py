"""Shared pieces of the parser tests' own letters: a house-style sidebar, a body paragraph, and
`parsed`, which parses a text and asserts that nothing was lost."""

from __future__ import annotations

from nlbrief.accounting import check_nothing_lost
from nlbrief.model.letter import Letter
from nlbrief.parse import parse_text

#: The house-style letterhead as pdfminer interleaves it with the ministry's name.
SIDEBAR = (
    "> Retouradres Postbus 20011 2500 EA Den Haag\n"
    "Ministerie van\n"
    "Aan de Voorzitter van de Tweede Kamer\n"
    "Binnenlandse Zaken en\n"
    "der Staten-Generaal\n"
    "Koninkrijksrelaties\n"
    "Postbus 20018\n"
    "2500 EA  DEN HAAG\n"
)
#: A body paragraph wrapped over three lines.
BODY = (
    "Met deze brief informeer ik u over de voortgang van het programma voor betaalbare\n"
    "woningen in de regio. Het programma ligt op schema en de gemeenten hebben hun\n"
    "plannen ingediend.\n"
)


def parsed(text: str) -> Letter:
    """The letter parsed from ``text``; fails the test when the nothing-lost check does."""
    letter = parse_text(text)
    acc = check_nothing_lost(text, letter)
    assert acc.ok, acc.summary()
    return letter


def body_text(letter: Letter) -> str:
    """Every body sentence of ``letter``, joined with spaces."""
    return " ".join(s.text for sec in letter.sections for s in sec.sentences)


def outline(letter: Letter) -> list[tuple[str | None, int, int | None]]:
    """(heading, level, parent) of every section of ``letter``."""
    return [(s.heading, s.level, s.parent) for s in letter.sections]
