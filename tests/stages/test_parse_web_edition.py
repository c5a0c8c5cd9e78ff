"""The third source layout, the official web edition saved as text: each rule on a small letter
of our own (issue 10)."""

from __future__ import annotations

from nlbrief.model.letter import Kamerstuk
from parse_helpers import parsed

BODY = (
    "Hierbij zend ik u het rapport over de bereikbaarheid van de regio toe. Het rapport is op "
    "verzoek van de vaste commissie opgesteld en geeft een overzicht van de knelpunten."
)


def web_letter(header: str, closing: str, notes: str = "", body: str = BODY) -> str:
    return (
        f"{header}\n\nAan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\n"
        f"Den Haag, 3 maart 2015\n\n{body}\n\n{closing}\n{notes}\nNaar boven"
    )


def test_dossier_and_title_on_one_line_then_number() -> None:
    text = web_letter(
        "36 410 Kabinetsformatie 2025\n\nNr. 12 BRIEF VAN DE MINISTER VAN FINANCIËN",
        "De Minister van Financiën, A. B. Jansen",
    )
    letter = parsed(text)
    assert letter.kamerstuk == Kamerstuk("II", None, ("36 410",), "12", "Kabinetsformatie 2025")
    assert letter.date == "2015-03-03" and letter.place == "Den Haag"
    assert letter.sender_role == ("De Minister van Financiën",)
    assert letter.signatory == ("A. B. Jansen",)
    assert "Naar boven" in letter.furniture
    # the paper's lines are metadata: no section, sentence or citation holds them
    assert all("Kabinetsformatie" not in s.text for sec in letter.sections for s in sec.sentences)
    assert not letter.citations and all(sec.heading is None for sec in letter.sections)


def test_older_layout_with_flattened_table_gives_the_session() -> None:
    text = web_letter(
        "Kamerstuk\n\nDatum publicatieOrganisatieVergaderjaarDossier- en ondernummer\n"
        "Tweede Kamer der Staten-Generaal2010-201132500-XII nr. 7\n\n32 500 XII\n"
        "Vaststelling van de begrotingsstaten van het Ministerie van Verkeer voor het jaar 2011\n\n"
        "nr. 7\nBRIEF VAN DE MINISTER VAN VERKEER",
        "De minister van Verkeer,\n\nK. de Boer",
    )
    ks = parsed(text).kamerstuk
    assert ks is not None
    assert (ks.chamber, ks.session, ks.dossiers, ks.number) == ("II", "2010/11", ("32 500 XII",), "7")
    assert ks.title == "Vaststelling van de begrotingsstaten van het Ministerie van Verkeer voor het jaar 2011"


def test_rijksbegroting_header_with_title_above() -> None:
    text = web_letter(
        "Direct naar (in deze pagina): inhoud, zoekveld of menu.\n\n  • Download PDF\n\n"
        "Vaststelling begroting Deltafonds 2019\n\n34 000 J 14 BRIEF VAN DE MINISTER VAN WATER\n\n"
        "Vergaderjaar 2018-2019\n\nNr. 14",
        "De Minister van Water,\nP. Visser",
    )
    letter = parsed(text)
    assert letter.kamerstuk == Kamerstuk("II", "2018/19", ("34 000 J",), "14", "Vaststelling begroting Deltafonds 2019")
    assert "Direct naar (in deze pagina): inhoud, zoekveld of menu." in letter.furniture


def test_two_dossiers_for_one_letter() -> None:
    text = web_letter(
        "31 839 Jeugdzorg\n\n32 202 Evaluatie van de Wet op de jeugdzorg\n\nNr. 9 BRIEF VAN DE MINISTER VOOR JEUGD",
        "De Minister voor Jeugd, M. Vos",
    )
    ks = parsed(text).kamerstuk
    assert ks is not None and ks.dossiers == ("31 839", "32 202") and ks.number == "9"


def test_eerste_kamer_paper_with_a_letter_number() -> None:
    text = (
        "34 550 Wijziging van de Wet dieren\n\nA BRIEF VAN DE MINISTER VAN LANDBOUW\n\nNr. A\n\n"
        "Aan de Voorzitter van de Eerste Kamer der Staten-Generaal\n\nDen Haag, 3 maart 2017\n\n"
        f"{BODY}\n\nDe Minister van Landbouw, C. Smit\n"
    )
    letter = parsed(text)
    assert letter.addressee == "De Voorzitter van de Eerste Kamer der Staten-Generaal"
    assert letter.kamerstuk is not None and letter.kamerstuk.chamber == "I" and letter.kamerstuk.number == "A"


def test_house_style_letter_has_no_kamerstuk() -> None:
    text = (
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\nPostbus 20018\n2500 EA  DEN HAAG\n\n"
        f"Datum 3 maart 2015\nBetreft Bereikbaarheid\n\nGeachte voorzitter,\n\n{BODY}\n\nHoogachtend,\n\n"
        "de minister van Infrastructuur,\n\nA. Bakker\n"
    )
    letter = parsed(text)
    assert letter.kamerstuk is None and letter.sender_role == ("de minister van Infrastructuur",)


def test_own_paper_cited_in_the_body_is_no_citation() -> None:
    body = BODY + " Deze brief (Kamerstuk 36 410, nr. 12) vervangt de vorige (Kamerstuk 36 410, nr. 11)."
    text = web_letter("36 410 Kabinetsformatie 2025\n\nNr. 12 BRIEF VAN DE MINISTER", "De Minister, A. Jansen", body=body)
    letter = parsed(text)
    assert [(c.dossier, c.number) for c in letter.citations] == [("36 410", "11")]


def test_one_line_closings_role_with_comma_and_two_signatories() -> None:
    text = web_letter(
        "21 501-20 Europese Raad\n\nNr. 865 BRIEF VAN DE MINISTER-PRESIDENT",
        "De Minister-President, Minister van Algemene Zaken, M. Rutte\n\n"
        "De Staatssecretaris van Buitenlandse Zaken, (w.g.) A. de Vries",
    )
    letter = parsed(text)
    assert letter.kamerstuk is not None and letter.kamerstuk.dossiers == ("21 501-20",)
    assert letter.sender_role == ("De Minister-President, Minister van Algemene Zaken", "De Staatssecretaris van Buitenlandse Zaken")
    assert letter.signatory == ("M. Rutte", "A. de Vries")
    assert all(sec.heading is None for sec in letter.sections)  # a closing line is no heading


def test_lower_case_role_and_name_before_role_kept_as_printed() -> None:
    letter = parsed(web_letter("28 385 Mest\n\nNr. 8 BRIEF", "de staatssecretaris van Landbouw en Innovatie,\n\nH. Boer"))
    assert letter.sender_role == ("de staatssecretaris van Landbouw en Innovatie",)
    letter = parsed(web_letter("28 385 Mest\n\nNr. 8 BRIEF", "Carola Smit\nMinister van Landbouw, Natuur en Voedselkwaliteit"))
    assert letter.sender_role == ("Minister van Landbouw, Natuur en Voedselkwaliteit",)
    assert letter.signatory == ("Carola Smit",)


def test_x_noot_blocks_with_the_number_on_its_own_line_and_a_glued_marker() -> None:
    body = (
        "Naar aanleiding van een motie van de leden Smit en Bakker1, stuur ik u het rapport toe2. "
        "De aanbevelingen vragen om nadere afstemming met de gemeenten."
    )
    notes = "\n\nX Noot\n1\n\nKamerstuk 33 836, nr. 37\n\nX Noot\n2\n\nRaadpleegbaar via www.tweedekamer.nl.\n"
    letter = parsed(web_letter("33 836 Familierecht\n\nNr. 65 BRIEF", "De Minister voor Rechtsbescherming, F. Smit", notes, body))
    assert [(f.number, f.text) for f in letter.footnotes] == [
        (1, "Kamerstuk 33 836, nr. 37"), (2, "Raadpleegbaar via www.tweedekamer.nl."),
    ]
    assert letter.signatory == ("F. Smit",)
    refs = [n for sec in letter.sections for s in sec.sentences for n in s.footnote_refs]
    assert refs == [1, 2]
    assert "X Noot" in letter.furniture and "Naar boven" in letter.furniture


def test_xnoot_label_is_no_signatory() -> None:
    notes = "\n\nXNoot\n1\n\nTer inzage gelegd bij het Centraal Informatiepunt Tweede Kamer.\n"
    body = BODY + " Het rapport is bijgevoegd.1"
    letter = parsed(web_letter("27 658 Zuiderzeelijn\n\nnr. 43\nBRIEF", "De minister van Verkeer en Waterstaat,\n\nC. Eurlings", notes, body))
    assert letter.signatory == ("C. Eurlings",)
    assert [f.number for f in letter.footnotes] == [1]


def test_inline_noot_line_is_a_footnote() -> None:
    body = BODY + " Hierbij bied ik u de startbeslissing alsnog aan1."
    text = web_letter("34 775 A Infrastructuurfonds\n\nNr. 52 BRIEF", "De Minister van Water,\nC. Wijk", "\nNoot 1: Raadpleegbaar via www.tweedekamer.nl", body)
    letter = parsed(text)
    assert [(f.number, f.text) for f in letter.footnotes] == [(1, "Raadpleegbaar via www.tweedekamer.nl")]
    assert "Noot" in letter.furniture


def test_note_referenced_twice() -> None:
    body = (
        "Het eerste rapport1 is in maart verschenen. Het tweede deel van hetzelfde rapport1 "
        "volgt in het najaar, zo heeft de commissie laten weten."
    )
    notes = "\n\nX Noot\n1\n\nRaadpleegbaar via www.tweedekamer.nl.\n"
    letter = parsed(web_letter("33 000 Rapporten\n\nNr. 3 BRIEF", "De Minister van Water, C. Wijk", notes, body))
    assert [f.number for f in letter.footnotes] == [1]
    assert letter.unassigned == ()


def test_notes_in_the_older_bracket_style() -> None:
    body = "Het rapport is gereed.1) De Kamer (zie bijlage 2) ontvangt het rapport voor de zomer."
    letter = parsed(web_letter("34 000 Rapporten\n\nNr. 12 BRIEF", "De Minister van Financiën, A. B. Jansen",
                               "\n1) Kamerstuk 34 000, nr. 11\n", body))
    assert [(f.number, f.text) for f in letter.footnotes] == [(1, "Kamerstuk 34 000, nr. 11")]
    sents = [(s.text, s.footnote_refs) for sec in letter.sections for s in sec.sentences]
    assert sents[0] == ("Het rapport is gereed.", (1,))
    assert sents[1][0] == "De Kamer (zie bijlage 2) ontvangt het rapport voor de zomer."


def test_misspelled_role_kept_as_printed() -> None:
    letter = parsed(web_letter("34 000 Rapporten\n\nNr. 12 BRIEF", "De Minster van Financiën, A. B. Jansen"))
    assert letter.sender_role == ("De Minster van Financiën",) and letter.signatory == ("A. B. Jansen",)
    letter = parsed(web_letter("34 000 Rapporten\n\nNr. 12 BRIEF", "de staatsecretaris van Financiën,\n\nB. de Vries"))
    assert letter.sender_role == ("de staatsecretaris van Financiën",) and letter.signatory == ("B. de Vries",)
