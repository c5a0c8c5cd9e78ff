"""The closing and salutation kinds a tester met on real Kamerbrieven, each on a letter of our own:
"mede namens" under a signer's role, the common shapes of Dutch signatories' names, and sidebar
text glued onto the salutation; with counter-cases that must not change."""

from __future__ import annotations

import pytest

from nlbrief.parse.closing import looks_like_name
from parse_helpers import BODY, SIDEBAR, body_text, parsed

HEAD = "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 14 maart 2024\n\n"
OPEN = HEAD + "Geachte voorzitter,\n\n" + BODY + "\n"
JUSTICE = "De Minister van Justitie en Veiligheid,"
ALSO = "mede namens de Minister van Binnenlandse Zaken en Koninkrijksrelaties,"
NAME = "D. Yeşilgöz-Zegerius"


# 1. "mede namens ..." under the signer's role: a closing line, no part of the role.

@pytest.mark.parametrize("greeting", ["Hoogachtend,\n\n", "Met vriendelijke groet,\n\n", ""])
def test_mede_namens_under_the_role_is_kept_in_the_closing_not_the_role_or_body(greeting: str) -> None:
    letter = parsed(OPEN + f"{greeting}{JUSTICE}\n{ALSO}\n\n{NAME}\n")
    assert letter.sender_role == ("De Minister van Justitie en Veiligheid",), greeting
    assert letter.signatory == (NAME,), greeting
    assert ALSO in letter.closing  # recorded with the closing lines, so nothing is lost
    assert "mede namens" not in body_text(letter) and "Yeşilgöz" not in body_text(letter)


@pytest.mark.parametrize("greeting", ["Hoogachtend,\n\n", ""])
def test_mede_namens_capitalised_and_wrapped_over_two_lines(greeting: str) -> None:
    closing = (
        f"{greeting}{JUSTICE}\n\nMede namens de minister voor Volkshuisvesting en\n\n"
        f"Ruimtelijke Ordening,\n\n\n\n{NAME}\n"
    )
    letter = parsed(OPEN + closing)
    assert letter.sender_role == ("De Minister van Justitie en Veiligheid",), greeting
    assert letter.signatory == (NAME,), greeting
    assert "Ruimtelijke Ordening," in letter.closing
    assert "Ordening" not in body_text(letter)


def test_mede_namens_under_a_wrapped_role() -> None:
    closing = (
        "Hoogachtend,\n\nDe Staatssecretaris van Sociale Zaken en\nWerkgelegenheid,\n"
        "mede namens de Minister voor Armoedebeleid, Participatie en Pensioenen,\n\nJ. Klijnsma\n"
    )
    letter = parsed(OPEN + closing)
    assert letter.sender_role == ("De Staatssecretaris van Sociale Zaken en Werkgelegenheid",)
    assert letter.signatory == ("J. Klijnsma",)


def test_mede_namens_on_the_role_line_itself_is_cut_off_the_role() -> None:
    letter = parsed(OPEN + f"Hoogachtend,\n\n{JUSTICE} {ALSO}\n\n{NAME}\n")
    assert letter.sender_role == ("De Minister van Justitie en Veiligheid",)
    assert letter.signatory == (NAME,)


@pytest.mark.parametrize("greeting", ["Hoogachtend,\n\n", ""])
def test_two_signatories_each_with_their_own_role_one_signing_mede_namens(greeting: str) -> None:
    closing = (
        f"{greeting}{JUSTICE}\n{ALSO}\n\n{NAME}\n\n"
        "De Staatssecretaris van Justitie en Veiligheid,\n\nE. van der Burg\n"
    )
    letter = parsed(OPEN + closing)
    assert letter.sender_role == (
        "De Minister van Justitie en Veiligheid", "De Staatssecretaris van Justitie en Veiligheid",
    ), greeting
    assert letter.signatory == (NAME, "E. van der Burg"), greeting
    assert "mede namens" not in body_text(letter)


@pytest.mark.parametrize("greeting", ["Hoogachtend,\n\n", ""])
def test_mede_namens_two_colleagues_on_two_lines(greeting: str) -> None:
    closing = (
        f"{greeting}{JUSTICE}\nmede namens de Minister van Financiën,\n"
        f"en de Minister van Binnenlandse Zaken en Koninkrijksrelaties,\n\n{NAME}\n"
    )
    letter = parsed(OPEN + closing)
    assert letter.sender_role == ("De Minister van Justitie en Veiligheid",), greeting
    assert letter.signatory == (NAME,), greeting
    assert "Koninkrijksrelaties" not in body_text(letter)


@pytest.mark.parametrize("greeting", ["Met vriendelijke groet,\n\n", ""])
def test_mede_namens_under_a_role_printed_below_the_name(greeting: str) -> None:
    closing = f"{greeting}{NAME}\nMinister van Justitie en Veiligheid\n{ALSO.rstrip(',')}\n"
    letter = parsed(OPEN + closing)
    assert letter.sender_role == ("Minister van Justitie en Veiligheid",), greeting
    assert letter.signatory == (NAME,), greeting
    assert "mede namens" not in body_text(letter)


def test_mede_namens_in_capitals_and_without_a_comma_before_a_full_first_name() -> None:
    caps = parsed(OPEN + f"DE MINISTER VAN JUSTITIE EN VEILIGHEID,\nMEDE NAMENS DE MINISTER VAN FINANCIËN,\n\n{NAME}\n")
    assert (caps.sender_role, caps.signatory) == (("DE MINISTER VAN JUSTITIE EN VEILIGHEID",), (NAME,))
    plain = parsed(OPEN + f"{JUSTICE}\nmede namens de Staatssecretaris van Infrastructuur en Waterstaat\n\nMona Keijzer\n")
    assert (plain.sender_role, plain.signatory) == (("De Minister van Justitie en Veiligheid",), ("Mona Keijzer",))


def test_two_signatories_without_a_greeting_the_first_with_a_wrapped_mede_namens() -> None:
    closing = (
        f"{JUSTICE}\n\nMede namens de minister voor Volkshuisvesting en\n\nRuimtelijke Ordening,\n\n{NAME}\n\n"
        "De Staatssecretaris van Justitie en Veiligheid,\n\nE. van der Burg\n"
    )
    letter = parsed(OPEN + closing)
    assert letter.signatory == (NAME, "E. van der Burg")
    assert letter.sender_role[0] == "De Minister van Justitie en Veiligheid"
    assert "Ordening" not in body_text(letter)


def test_mede_namens_in_running_prose_stays_body_text() -> None:
    # counter-case: the words in a sentence, also at the start of a wrapped line, are body text
    prose = (
        "Ik stuur u deze brief mede namens de Minister van Financiën. De minister van Financiën\n"
        "mede namens wie ik schrijf, heeft de cijfers nagekeken en goedgekeurd voor publicatie.\n\n"
    )
    letter = parsed(OPEN + prose + f"Hoogachtend,\n\n{JUSTICE}\n\n{NAME}\n")
    assert letter.sender_role == ("De Minister van Justitie en Veiligheid",)
    assert letter.signatory == (NAME,)
    body = body_text(letter)
    assert "Ik stuur u deze brief mede namens de Minister van Financiën." in body
    assert "mede namens wie ik schrijf" in body


def test_mede_namens_line_without_a_role_above_it_stays_body_text() -> None:
    # counter-case: only straight under a role is the line part of the closing
    text = OPEN + "mede namens de gemeenten in de regio,\n\nHoogachtend,\n\n" + f"{JUSTICE}\n\n{NAME}\n"
    letter = parsed(text)
    assert "mede namens de gemeenten in de regio," in body_text(letter)
    assert letter.signatory == (NAME,)


# 2. The common shapes of Dutch signatories' names.

@pytest.mark.parametrize("name", [
    "E.J. (Eddy) van Hijum", "J.A. (Hans) Vijlbrief", "Mona Keijzer", "drs. P. de Jonge",
    "mr. dr. A. Bakker", "M.C.G. Keijzer", "A.Th.B. Bijleveld-Schouten", "Ch. Schouten",
    "D. Yeşilgöz-Zegerius", "prof. dr. ir. J. van den Berg", "E. d'Hondt", "drs. Ch.J.M. Hermans MBA",
])
@pytest.mark.parametrize("greeting", ["Hoogachtend,\n\n", ""])
def test_common_name_shapes_are_taken_as_the_signatory(name: str, greeting: str) -> None:
    text = OPEN + f"{greeting}De Minister van Sociale Zaken en Werkgelegenheid,\n\n{name}\n"
    letter = parsed(text)
    assert letter.sender_role == ("De Minister van Sociale Zaken en Werkgelegenheid",), (name, greeting)
    assert letter.signatory == (name,), greeting
    assert name not in body_text(letter)


@pytest.mark.parametrize("line", [
    "E.J. (Eddy) van Hijum sprak", "(Eddy)", "Zie ook (bijlage)", "(Zie Bijlage)", "van de",
])
def test_a_line_with_a_word_in_brackets_is_no_name(line: str) -> None:
    assert not looks_like_name(line)


def test_a_body_line_with_a_name_in_brackets_stays_body() -> None:
    prose = (
        "Het advies van de commissie onder leiding van\n"
        "E.J. (Eddy) van Hijum is als bijlage bij deze brief gevoegd en openbaar gemaakt.\n\n"
    )
    letter = parsed(OPEN + prose + f"Hoogachtend,\n\n{JUSTICE}\n\n{NAME}\n")
    assert letter.signatory == (NAME,)
    assert "E.J. (Eddy) van Hijum is als bijlage" in body_text(letter)


def test_sidebar_letter_with_bracketed_first_name_signs() -> None:
    text = SIDEBAR + "\n" + OPEN + "De Minister van Sociale Zaken\nen Werkgelegenheid,\n\nE.J. (Eddy) van Hijum\n"
    letter = parsed(text)
    assert letter.signatory == ("E.J. (Eddy) van Hijum",)


# 3. Sidebar text glued onto the salutation.

@pytest.mark.parametrize("glued", [
    "met vermelding van de datum", "richten aan het retouradres", "Postbus 20011 2500 EA Den Haag",
])
def test_a_sidebar_phrase_glued_onto_the_salutation_is_cut_off_as_furniture(glued: str) -> None:
    text = SIDEBAR + "\n" + HEAD + f"Geachte voorzitter, {glued}\n\n" + BODY + f"\nHoogachtend,\n\n{JUSTICE}\n\n{NAME}\n"
    letter = parsed(text)
    assert letter.salutation == "Geachte voorzitter,"
    assert glued in letter.furniture
    assert glued not in body_text(letter)
    assert body_text(letter).startswith("Met deze brief informeer ik u")


@pytest.mark.parametrize("salutation", ["Geachte heer, mevrouw,", "Geachte voorzitter, beste Martin,"])
def test_other_text_after_the_salutations_comma_stays(salutation: str) -> None:
    letter = parsed(HEAD + f"{salutation}\n\n" + BODY + f"\nHoogachtend,\n\n{JUSTICE}\n\n{NAME}\n")
    assert letter.salutation == salutation


@pytest.mark.parametrize("heading", ["Stand van Zaken in de Regio Noord", "Zicht op Herstel"])
def test_an_annex_heading_under_the_signature_is_no_second_name(heading: str) -> None:
    # counter-case for the wider name shapes: capitalised headings after the closing stay headings
    text = OPEN + f"Hoogachtend,\n\n{JUSTICE}\n\n{NAME}\n\n\n{heading}\n\n" + BODY
    letter = parsed(text)
    assert letter.signatory == (NAME,)
    assert heading in [s.heading for s in letter.sections]


def test_a_mede_namens_line_under_prose_ending_in_a_comma_does_not_take_the_signature_back() -> None:
    # counter-case: only under a role does the walk back over the signatures step over the line
    text = (
        OPEN + "Ik dank de gemeenten voor hun inzet, en ik schrijf u,\nmede namens de provincies,\n\n"
        f"{JUSTICE}\n\n{NAME}\n"
    )
    letter = parsed(text)
    assert (letter.sender_role, letter.signatory) == (("De Minister van Justitie en Veiligheid",), (NAME,))
    assert "mede namens de provincies," in body_text(letter)
