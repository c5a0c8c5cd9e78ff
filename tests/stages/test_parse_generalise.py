"""Failure kinds the parser met on real letters it was not tuned on, each on a letter of our own:
wrapped signatory roles, subjects running into the next field, subject label variants,
capitalised months, interleaved references and detached footnote markers (issue 10)."""

from __future__ import annotations

from nlbrief.accounting import check_nothing_lost
from nlbrief.model.letter import Letter
from nlbrief.parse import parse_text

HEAD = "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 21 juni 2016\n\n"
BODY = (
    "Met deze brief informeer ik u over de voortgang van het programma voor betaalbare\n"
    "woningen in de regio. Het programma ligt op schema en de gemeenten hebben hun\n"
    "plannen ingediend.\n"
)


def parsed(text: str) -> Letter:
    letter = parse_text(text)
    acc = check_nothing_lost(text, letter)
    assert acc.ok, acc.summary()
    return letter


def body_text(letter: Letter) -> str:
    return " ".join(s.text for sec in letter.sections for s in sec.sentences)


# 1. A signatory's role wrapped over two lines in the closing.

def test_role_wrapped_after_en_without_a_greeting() -> None:
    text = HEAD + BODY + "\nDe Staatssecretaris van Sociale Zaken en\nWerkgelegenheid,\n\nJ. Klijnsma\n"
    letter = parsed(text)
    assert letter.sender_role == ("De Staatssecretaris van Sociale Zaken en Werkgelegenheid",)
    assert letter.signatory == ("J. Klijnsma",)
    assert "Werkgelegenheid" not in body_text(letter)


def test_role_wrapped_with_blank_lines_between_as_pdfminer_leaves_them() -> None:
    text = (
        HEAD + "Geachte voorzitter,\n\n" + BODY + "\nHoogachtend,\n\n"
        "De minister van Binnenlandse Zaken en\n\nKoninkrijksrelaties,\n\n\n\n\ndrs. R. Jansen\n"
    )
    letter = parsed(text)
    assert letter.sender_role == ("De minister van Binnenlandse Zaken en Koninkrijksrelaties",)
    assert letter.signatory == ("drs. R. Jansen",)


COVER = (
    "Hierbij zend ik u een afschrift van mijn reactie aan de Stichting Budgetbeheer over\n"
    "armoede en koopkracht, zoals toegezegd in het algemeen overleg van 2 juni jongstleden.\n\n"
    "De Staatssecretaris van Sociale Zaken en\nWerkgelegenheid,\n\n(w.g.) J. Klijnsma\n\n"
)
COPY_BODY = "".join(
    f"In punt {k} van uw brief vraagt u naar de koopkracht van huishoudens met een laag\n"
    "inkomen, en ik antwoord u daarop uitvoerig in deze alinea.\n\n"
    for k in range(1, 25)
)


def test_afschrift_cover_letter_signed_above_the_copy_it_sends_on() -> None:
    # the copy opens with its own salutation and ends with a greeting no role follows: neither is
    # the letter's; the cover text and its wrapped signature are
    text = (
        HEAD + COVER + "Geachte heer De Vries,\n\n" + COPY_BODY
        + "Met vriendelijke groet,\n\nnamens deze,\nde directeur Participatie,\n\ndrs. A. de Groot\n"
    )
    letter = parsed(text)
    assert letter.sender_role == ("De Staatssecretaris van Sociale Zaken en Werkgelegenheid",)
    assert letter.signatory == ("J. Klijnsma",)
    assert letter.salutation is None and letter.date == "2016-06-21"
    assert body_text(letter).startswith("Hierbij zend ik u een afschrift")
    assert "In punt 24 van uw brief" in body_text(letter)  # the copy is kept, after the closing


def test_a_role_named_in_running_prose_far_from_the_end_is_no_signature() -> None:
    prose = (
        "De minister van Financiën heeft op 3 mei het voorstel toegelicht, en de Kamer nam\n"
        "het daarna aan zonder stemming.\n\n"
    )
    text = HEAD + prose + COPY_BODY + "Hoogachtend,\n\nDe minister van Financiën,\n\nA. B. Jansen\n"
    letter = parsed(text)
    assert letter.sender_role == ("De minister van Financiën",) and letter.signatory == ("A. B. Jansen",)
    assert body_text(letter).startswith("De minister van Financiën heeft op 3 mei")
