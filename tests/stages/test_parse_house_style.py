"""House-style one-pagers as pdfminer extracts them: the letterhead interleaved with the ministry's
name, sidebar lines and values between the body's lines (issue 10). Letters of our own."""

from __future__ import annotations

from nlbrief.model.letter import Letter
from parse_helpers import BODY, SIDEBAR, parsed


def sentences(letter: Letter) -> list[str]:
    return [s.text for sec in letter.sections for s in sec.sentences]


def test_interleaved_letterhead_gives_addressee_and_bijlagen_cut_by_datum() -> None:
    text = (
        SIDEBAR + "Ons kenmerk\n2024-0000123456\nBijlage(n)\n"
        "Datum 4 maart 2024\n2\nBetreft Voortgang woningbouw\n\nGeachte voorzitter,\n\n" + BODY
        + "\nHoogachtend,\n\nde minister van Binnenlandse Zaken en\nKoninkrijksrelaties,\n\n\n\n\n\nA. Bakker\n"
    )
    letter = parsed(text)
    assert letter.addressee == "De Voorzitter van de Tweede Kamer der Staten-Generaal"
    assert letter.date == "2024-03-04"
    assert letter.subject == "Voortgang woningbouw"
    assert letter.reference == "2024-0000123456"
    assert letter.sender_role == ("de minister van Binnenlandse Zaken en Koninkrijksrelaties",)
    assert letter.signatory == ("A. Bakker",)  # after six blank lines left for the signature


def test_subject_interleaved_with_a_sidebar_label_and_its_value() -> None:
    text = (
        SIDEBAR + "Kenmerk\n7654321-000-XY\n\nDatum 16 februari 2024 Uw brief\n\n"
        "Betreft Aanbieding rapport van de Commissie voor Advies en\nBijlage(n)\n"
        "Bijstand voor de regio\n2\n\nGeachte voorzitter,\n\n" + BODY + "\nHoogachtend,\n\nde minister,\n\nA. Bakker\n"
    )
    assert parsed(text).subject == "Aanbieding rapport van de Commissie voor Advies en Bijstand voor de regio"


def test_onderwerp_for_betreft_and_reference_between_subject_lines() -> None:
    text = (
        SIDEBAR + "Datum 13 april 2024\n\nOns kenmerk\nOnderwerp Nadere onderbouwing verschillen regimes\n"
        "ABC-DEF / 18055724\nEuropees Nederland en Caribisch Nederland\n\nGeachte Voorzitter,\n\n" + BODY
        + "\n\nCarola Smit\nMinister van Landbouw, Natuur en Voedselkwaliteit\n"
    )
    letter = parsed(text)
    assert letter.subject == "Nadere onderbouwing verschillen regimes Europees Nederland en Caribisch Nederland"
    assert letter.reference == "ABC-DEF / 18055724"
    assert letter.signatory == ("Carola Smit",)


def test_subject_wrapping_over_lines_with_blank_lines_and_no_salutation() -> None:
    text = (
        SIDEBAR + "Onze referentie\nWJZ/1215050(8154)\n\nDatum 3 juli 2024\n"
        "Betreft Ontwerpbesluit houdende wijziging van diverse algemene maatregelen\n\n"
        "van bestuur op het terrein van het primair en voortgezet onderwijs voor\n\n"
        "Europees en Caribisch Nederland in verband met enkele wetstechnische\n\nverbeteringen\n\n\n"
        "Hierbij zend ik u het ontwerpbesluit houdende wijziging van diverse algemene\n"
        "maatregelen van bestuur op het terrein van het primair en voortgezet onderwijs.\n\n"
        "De Staatssecretaris van Onderwijs,\nCultuur en Wetenschap,\n\n\n\n\nSander Dekker\n"
    )
    letter = parsed(text)
    assert letter.subject == (
        "Ontwerpbesluit houdende wijziging van diverse algemene maatregelen van bestuur op het terrein "
        "van het primair en voortgezet onderwijs voor Europees en Caribisch Nederland in verband met "
        "enkele wetstechnische verbeteringen"
    )
    assert sentences(letter)[0].startswith("Hierbij zend ik u")
    assert all(sec.heading is None for sec in letter.sections)
    assert letter.sender_role == ("De Staatssecretaris van Onderwijs, Cultuur en Wetenschap",)
    assert letter.signatory == ("Sander Dekker",)


def test_subject_above_its_label_and_sidebar_woven_through_the_body() -> None:
    text = (
        "> Retouradres Postbus 20701 2500 ES Den Haag\nde Voorzitter van de Tweede Kamer\n"
        "der Staten-Generaal\n\nMinisterie van Defensie\nDatum 6 januari 2022 MPC 58 B\nPostbus 20701\n"
        "Gereedstelling onbemand vliegtuig\nBetreft\n2500 ES Den Haag\nwww.defensie.nl\n\n\n"
        "Met deze brief informeer ik u dat Defensie vanaf februari de\n\n"
        "beschikking krijgt over een onbemand vliegtuig.\nOnze referentie\n"
        "Het toestel wordt ontplooid op de Forward Operating Location (FOL) BS2021027543\n"
        "op de luchthaven Hato op Curaçao.\nAfschrift aan\nde Voorzitter van de Eerste\n"
        "Er is voor Curaçao gekozen vanwege de gunstige\nKamer der Staten-Generaal\n"
        "weersomstandigheden en het beschikbare luchtruim.\nPostbus 20017\n"
        "Het toestel is niet bewapend.\n2500 EA Den Haag\n\n\nBij beantwoording datum,\n"
        "De kosten worden gedekt uit de\nonze referentie en betreft\nDefensiebegroting.\nvermelden.\n\n"
        "DE MINISTER VAN DEFENSIE\n\n\n\nH. Kamp\n"
    )
    letter = parsed(text)
    assert letter.subject == "Gereedstelling onbemand vliegtuig"
    assert letter.reference == "BS2021027543"
    assert sentences(letter) == [
        "Met deze brief informeer ik u dat Defensie vanaf februari de beschikking krijgt over een onbemand vliegtuig.",
        "Het toestel wordt ontplooid op de Forward Operating Location (FOL) op de luchthaven Hato op Curaçao.",
        "Er is voor Curaçao gekozen vanwege de gunstige weersomstandigheden en het beschikbare luchtruim.",
        "Het toestel is niet bewapend.",
        "De kosten worden gedekt uit de Defensiebegroting.",
    ]
    assert letter.sender_role == ("DE MINISTER VAN DEFENSIE",) and letter.signatory == ("H. Kamp",)


def test_standard_sidebar_phrases_are_furniture_not_headings() -> None:
    text = (
        SIDEBAR + "Ons kenmerk\n2041383\n\nDatum 10 februari 2017 1\n\nOnderwerp Wob-verzoeken\n\n"
        "Bij beantwoording de datum\nen ons kenmerk vermelden.\n\nWilt u slechts één zaak in uw\n\n"
        "brief behandelen.\n\n\n" + BODY + "\nDe Minister van Veiligheid en Justitie,\n\n\n\nS.A. Blok\n"
    )
    letter = parsed(text)
    assert all(sec.heading is None for sec in letter.sections)
    assert "Wilt u slechts één zaak in uw" in letter.furniture + letter.letterhead
    assert sentences(letter)[0].startswith("Met deze brief")
    assert letter.subject == "Wob-verzoeken" and letter.date == "2017-02-10"


def test_web_copy_of_a_ministry_letter_title_and_glued_kenmerk() -> None:
    text = (
        "Uitstelbrief op kamervragen over de jeugdzorg\n\nDe Voorzitter van de Tweede Kamer\n"
        "der Staten-Generaal\nPostbus 20018\n2500 EA DEN HAAG\n\n"
        "DLZ/KZ-U-2904719 De vragen van het Kamerlid Jansen over de jeugdzorg kunnen tot mijn spijt "
        "niet binnen de gebruikelijke termijn worden beantwoord.\n\n"
        "De beantwoording zal plaatshebben omstreeks 20 januari.\n\n"
        "de staatssecretaris van Volksgezondheid,\nWelzijn en Sport,\n\nmw. dr. J. Smit\n"
    )
    letter = parsed(text)
    assert letter.subject == "Uitstelbrief op kamervragen over de jeugdzorg"
    assert letter.reference == "DLZ/KZ-U-2904719"
    assert letter.date is None
    assert sentences(letter)[0].startswith("De vragen van het Kamerlid Jansen")
    assert letter.sender_role == ("de staatssecretaris van Volksgezondheid, Welzijn en Sport",)
    assert letter.signatory == ("mw. dr. J. Smit",)


def test_kenmerk_glued_to_the_subject_and_website_to_the_date_and_a_note_after_the_signature() -> None:
    text = (
        SIDEBAR + "Datum 4 maart 2024 www.rijksoverheid.nl\nBetreft Voortgang woningbouw Ons kenmerk 2024-0000123456\n\n"
        "Geachte voorzitter,\n\n" + BODY.replace("ingediend.", "ingediend.1")
        + "\nHoogachtend,\n\nDe minister van Binnenlandse Zaken en Koninkrijksrelaties,\n\nA. Bakker\n\n"
        "De staatssecretaris van Binnenlandse Zaken en Koninkrijksrelaties,\n\nB. de Jong\n\n"
        "1 Kamerstuk 32 847, nr. 1100\n"
    )
    letter = parsed(text)
    assert letter.date == "2024-03-04"
    assert (letter.subject, letter.reference) == ("Voortgang woningbouw", "2024-0000123456")
    assert letter.signatory == ("A. Bakker", "B. de Jong")  # two signatories, each role then name
    assert [(f.number, f.text) for f in letter.footnotes] == [(1, "Kamerstuk 32 847, nr. 1100")]


def test_letter_spaced_kenmerk_is_closed_up() -> None:
    text = (
        SIDEBAR + "Kenmerk\nI E NW/BSK-2023/33017\n\nDatum 3 februari 2023\nBetreft Circulaire economie\n\n"
        "Geachte voorzitter,\n\n" + BODY + "\nHoogachtend,\n\nDE STAATSSECRETARIS VAN INFRASTRUCTUUR EN WATERSTAAT\n\n"
        "drs. V.L.W.A. Heijnen\n"
    )
    letter = parsed(text)
    assert letter.reference == "IENW/BSK-2023/33017"
    assert letter.sender_role == ("DE STAATSSECRETARIS VAN INFRASTRUCTUUR EN WATERSTAAT",)
    assert letter.signatory == ("drs. V.L.W.A. Heijnen",)
