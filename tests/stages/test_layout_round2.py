"""Page furniture, sidebars, list items and line joining on letters of our own (round 2 of the
real-letter defects): the sidebar's address and the letter's reference inside body sentences,
bullet items without a full stop, elided compounds before a slash, Roman-numbered items."""

from __future__ import annotations

import pytest

from nlbrief.accounting import check_document
from nlbrief.model.letter import Letter, RawDocument, Source
from nlbrief.parse import parse_document
from nlbrief.parse.sidebar import own_references
from nlbrief.text.hyphenation import hyphen_decision, join_lines, word_counts
from parse_helpers import SIDEBAR, body_text, parsed

_CLOSING = "\nHoogachtend,\n\nde minister van Binnenlandse Zaken en\nKoninkrijksrelaties,\n\n\n\nA. Bakker\n"
# The first page's sidebar as a pdftotext-style extraction leaves it, letter-spaced, between two
# lines of one sentence ("... afhankelijk van andere" / <sidebar> / "landen voor ...").
_PAGE_ONE_SIDEBAR = (
    "Ministerie van\nInf rastructuur en\nWaterstaat\nRijnstraat 8\n2 5 15 XP D en Haag\n"
    "P ostbus 20901\n2 5 00 E X Den Haag\nT 0 7 0-456 0000\nKenmerk\nI E NW/BSK-2023/33017\n"
    "Bijlage(n)\n4\nP agina 1 van 3\n"
)
_RUNNING_SIDEBAR = "Ministerie van\nInf rastructuur en\nWaterstaat\nKenmerk\nI E NW/BSK-2023/33017\n"


def _house_letter(body: str) -> str:
    return (
        "> Retouradres Postbus 20901 2500 EX Den Haag\nDe voorzitter van de Tweede Kamer\n"
        "der Staten-Generaal\nPostbus 20018\n2500 EA DEN HAAG\nDatum 3 februari 2023\n"
        "Betreft Voortgang grondstoffenbeleid\nGeachte voorzitter,\n" + body + _CLOSING
    )


def _sentences(letter: Letter) -> list[str]:
    return [s.text for sec in letter.sections for s in sec.sentences]


def test_street_and_letter_spaced_postbus_between_the_lines_of_a_sentence_are_furniture() -> None:
    body = (
        "Met deze brief informeer ik u over het beleid voor grondstoffen en de voortgang ervan.\n"
        "De oorlog maakt eens te meer duidelijk hoe afhankelijk we als Nederland zijn van andere\n"
        + _PAGE_ONE_SIDEBAR
        + "landen voor onze grondstoffen. Versnellen van de transitie is daarom hard nodig.\n"
        + _RUNNING_SIDEBAR
        + "Het programma ligt op schema en de gemeenten hebben hun plannen ingediend.\n"
        "P agina 2 van 3\n"
    )
    letter = parsed(_house_letter(body))
    assert "zijn van andere landen voor onze grondstoffen." in body_text(letter)
    assert "Rijnstraat" not in body_text(letter) and "ostbus" not in body_text(letter)
    assert {"Rijnstraat 8", "P ostbus 20901"} <= set(letter.furniture)  # accounted, not lost
    assert letter.reference == "IENW/BSK-2023/33017"


def test_street_in_a_sentence_or_a_street_line_among_body_lines_stays_body() -> None:
    body = (
        "Het nieuwe kantoor staat aan de Rijnstraat 8 in Den Haag en opent in maart.\n\n"
        "De werkzaamheden vinden plaats op drie locaties in de gemeente, te weten op de\n"
        "Stationsweg 12\n"
        "en op twee terreinen langs het kanaal, waar de gemeente de grond al bezit.\n"
    )
    letter = parsed(_house_letter(body))
    text = body_text(letter)
    assert "aan de Rijnstraat 8 in Den Haag" in text
    assert "te weten op de Stationsweg 12 en op twee terreinen" in text  # no sidebar line beside it


def test_a_postbox_in_a_sentence_stays_body() -> None:
    body = "Reacties kunnen tot 1 mei worden gezonden aan het ministerie, Postbus 20901 in Den Haag.\n"
    assert "Postbus 20901 in Den Haag" in body_text(parsed(_house_letter(body)))


def test_the_letters_own_reference_glued_onto_a_body_line_on_a_later_page_is_furniture() -> None:
    # The read stage set the first page's sidebar aside (its furniture); on a later page pdfminer
    # glued the repeated reference onto the end of a body line.
    text = (
        "De Voorzitter van de Tweede Kamer\nder Staten-Generaal\nPostbus 20018\n2500 EA DEN HAAG\n\n"
        "Datum 9 april 2026\nBetreft Voortgang zorgakkoord\n\nGeachte voorzitter,\n\n"
        "Met deze brief informeer ik u over de voortgang van de afspraken in het zorgakkoord.\n\f"
        "De afspraken worden ondersteund door programma's, zoals Zorg voor 4367005-1095964-PDIZA\n"
        "Innoveren, de Vliegwielcoalitie en andere initiatieven in de regio.\n"
        "4367005-1095964-PDIZA Het programma loopt tot eind 2028 en wordt daarna geëvalueerd.\n"
        "In de brief 4367005-1095964-PDIZB over de begroting staat meer over de financiering.\n"
        + _CLOSING
    )
    doc = RawDocument(
        text=text,
        source=Source("<text>", "0" * 64, "pdf"),
        furniture=("Bezoekadres", "Parnassusplein 5", "Kenmerk", "4367005-1095964-PDIZA", "Pagina 1 van 2"),
    )
    letter = parse_document(doc, check_language=False)
    assert check_document(doc, letter).ok
    assert _sentences(letter)[1:] == [
        "De afspraken worden ondersteund door programma's, zoals Zorg voor Innoveren, de Vliegwielcoalitie "
        "en andere initiatieven in de regio.",
        "Het programma loopt tot eind 2028 en wordt daarna geëvalueerd.",
        # another letter's reference inside a sentence is a citation, never furniture
        "In de brief 4367005-1095964-PDIZB over de begroting staat meer over de financiering.",
    ]
    assert letter.furniture.count("4367005-1095964-PDIZA") == 3


def test_own_references_reads_values_after_their_labels_and_skips_prose() -> None:
    assert own_references(["Ons kenmerk", "", "I E NW/BSK-2022/283041", "Kenmerk 2024-0000123456"]) == [
        "IENW/BSK-2022/283041",
        "2024-0000123456",
    ]
    # a sentence that opens with the label's word, and a short count, are no reference
    assert own_references(["Kenmerk van deze aanpak is de samenwerking 2024", "Kenmerk", "12"]) == []


def test_interleaved_letterhead_with_its_postbox_and_postcode_is_unchanged() -> None:
    # the helper's letterhead stays as before: addressee and body intact
    letter = parsed(SIDEBAR + "Datum 4 maart 2024\nBetreft Woningbouw\n\nGeachte voorzitter,\n\n"
                    "Het programma ligt op schema en de gemeenten hebben hun plannen ingediend.\n" + _CLOSING)
    assert letter.addressee == "De Voorzitter van de Tweede Kamer der Staten-Generaal"
    assert _sentences(letter) == ["Het programma ligt op schema en de gemeenten hebben hun plannen ingediend."]


def _paragraphs(letter: Letter) -> list[tuple[str, str]]:
    return [(p.kind, " ".join(s.text for s in p.sentences)) for sec in letter.sections for p in sec.paragraphs]


_LEAD_IN = "Met deze brief informeer ik u over de maatregelen die het kabinet neemt voor de woningbouw:\n"
_AFTER = "De uitvoering start in 2025 en loopt door tot het einde van de kabinetsperiode in 2028.\n"


def test_a_bullet_item_without_a_full_stop_ends_before_a_capital_that_would_have_fitted() -> None:
    body = (
        _LEAD_IN + "• Snellere procedures\n• Meer geld voor gemeenten die de bouw van woningen willen\n"
        "versnellen in de komende jaren\n" + _AFTER
    )
    assert _paragraphs(parsed(_house_letter(body)))[1:] == [
        ("list", "• Snellere procedures"),
        ("list", "• Meer geld voor gemeenten die de bouw van woningen willen versnellen in de komende jaren"),
        ("text", _AFTER.strip()),
    ]


def test_a_bullet_item_without_a_full_stop_ends_across_a_page_break() -> None:
    body = _LEAD_IN + "• Snellere procedures\n• Meer geld voor gemeenten\nPagina 1 van 2\n" + _AFTER
    assert _paragraphs(parsed(_house_letter(body)))[-1] == ("text", _AFTER.strip())


def test_a_bullet_item_wrapping_onto_a_capital_or_after_its_lone_bullet_stays_one_item() -> None:
    # a full-width line wraps onto a proper noun; a bullet glyph on a line of its own, its text after
    body = (
        _LEAD_IN + "• Afspraken over de bouw van woningen en de financiering daarvan met de\n"
        "Vereniging van Nederlandse Gemeenten en de provincies\n•\n"
        "Meer geld voor gemeenten die de bouw van woningen willen versnellen in de\nkomende jaren\n" + _AFTER
    )
    assert _paragraphs(parsed(_house_letter(body)))[1:] == [
        ("list", "• Afspraken over de bouw van woningen en de financiering daarvan met de Vereniging van "
                 "Nederlandse Gemeenten en de provincies"),
        ("list", "Meer geld voor gemeenten die de bouw van woningen willen versnellen in de komende jaren"),
        ("text", _AFTER.strip()),
    ]


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        # a hyphen before a slash elides a compound's shared part: a real hyphen on either side
        # of the line break, and the slash binds both lines without a space
        (["de (politiek-", "/bestuurlijke) afweging"], "de (politiek-/bestuurlijke) afweging"),
        (["aanpassing van wet-/", "regelgeving"], "aanpassing van wet-/regelgeving"),
        (["de zorg en/", "of de ondersteuning"], "de zorg en/of de ondersteuning"),
        # two adjectives side by side keep their hyphen ("politiek-bestuurlijke")
        (["de (politiek-", "bestuurlijke) situatie"], "de (politiek-bestuurlijke) situatie"),
        (["een juridisch-", "technische toets"], "een juridisch-technische toets"),
        # counter-cases: a suspended compound keeps its space, a link its space, words their join
        (["in wet-", "en regelgeving"], "in wet- en regelgeving"),
        (["in wet- en", "regelgeving"], "in wet- en regelgeving"),
        (["zie www.rijksoverheid.nl/", "voor meer"], "zie www.rijksoverheid.nl/ voor meer"),
        (["een publiek-", "rechtelijke taak"], "een publiekrechtelijke taak"),
        (["de poli-", "tieke partijen"], "de politieke partijen"),
        (["een prak-", "tische oplossing"], "een praktische oplossing"),
        (["de elek-", "trische auto"], "de elektrische auto"),
    ],
)
def test_hyphens_before_a_slash_and_between_adjectives_are_real(lines: list[str], joined: str) -> None:
    assert join_lines(lines, word_counts("\n".join(lines))) == joined


def test_the_document_still_decides_for_two_adjectives_written_whole_elsewhere() -> None:
    evidence = word_counts("de sociaaleconomische positie en de politiekbestuurlijke verhoudingen")
    assert hyphen_decision("politiek-", "bestuurlijke", evidence) == "join"
    assert hyphen_decision("politiek-", "bestuurlijke") == "keep"


def test_an_adjective_pair_over_a_line_break_in_a_letter_keeps_its_hyphen() -> None:
    body = (
        "De timing is mede gebaseerd op de verkiezingen op Aruba en de (politiek-\n"
        "bestuurlijke) situatie van Sint Maarten na de orkaan, en op de aanpassing van wet-/\n"
        "regelgeving die daarna volgt.\n"
    )
    assert body_text(parsed(_house_letter(body))) == (
        "De timing is mede gebaseerd op de verkiezingen op Aruba en de (politiek-bestuurlijke) situatie van "
        "Sint Maarten na de orkaan, en op de aanpassing van wet-/regelgeving die daarna volgt."
    )


_ROMAN_LEAD_IN = "Het kabinet neemt de volgende maatregelen om de woningbouw in de regio te versnellen:\n"


@pytest.mark.parametrize("blank", ["", "\n"])
def test_roman_numbered_items_are_list_items_like_the_first(blank: str) -> None:
    body = (
        _ROMAN_LEAD_IN + blank + "i. Snellere procedures voor de bouw van woningen.\n" + blank
        + "ii. Meer geld voor gemeenten.\n" + blank + "iii. Betere afspraken met de provincies.\n" + blank
        + "iv. Een fonds voor de bouw van woningen.\n" + blank + _AFTER
    )
    letter = parsed(_house_letter(body))
    assert _paragraphs(letter)[1:] == [
        ("list", "i. Snellere procedures voor de bouw van woningen."),
        ("list", "ii. Meer geld voor gemeenten."),
        ("list", "iii. Betere afspraken met de provincies."),
        ("list", "iv. Een fonds voor de bouw van woningen."),
        ("text", _AFTER.strip()),
    ]
    lead_in = letter.sections[0].paragraphs[0].sentences[-1].id
    assert {p.lead_in for p in letter.sections[0].paragraphs[1:5]} == {lead_in}


@pytest.mark.parametrize("labels", [("a.", "b.", "c."), ("i.", "ii.", "iii."), ("(i)", "(ii)", "(iii)"), ("1.", "2.", "3.")])
def test_labelled_items_after_a_colon_and_full_stops_are_items_of_their_own(labels: tuple[str, str, str]) -> None:
    a, b, c = labels
    body = (
        _ROMAN_LEAD_IN + f"{a} snellere procedures voor de bouw van woningen.\n{b} meer geld voor gemeenten.\n"
        f"{c} betere afspraken met de provincies.\n" + _AFTER
    )
    assert _paragraphs(parsed(_house_letter(body)))[1:] == [
        ("list", f"{a} snellere procedures voor de bouw van woningen."),
        ("list", f"{b} meer geld voor gemeenten."),
        ("list", f"{c} betere afspraken met de provincies."),
        ("text", _AFTER.strip()),
    ]


def test_items_ending_in_a_semicolon_stay_one_list_paragraph_after_the_lead_in() -> None:
    # "a. ...; b. ... en c. ..." reads as one enumeration (and the briefs quote it whole); only
    # the lead-in's colon parts it from the list
    body = (
        _ROMAN_LEAD_IN + "a. snellere procedures voor de bouw van woningen;\nb. meer geld voor gemeenten en\n"
        "c. betere afspraken met de provincies.\n" + _AFTER
    )
    assert _paragraphs(parsed(_house_letter(body)))[1:] == [
        ("list", "a. snellere procedures voor de bouw van woningen; b. meer geld voor gemeenten en "
                 "c. betere afspraken met de provincies."),
        ("text", _AFTER.strip()),
    ]


def test_a_label_or_abbreviation_at_a_line_start_inside_a_sentence_stays_in_it() -> None:
    # no sentence end, clause or colon before the line: "a. en b." is a reference to parts, not an item
    body = (
        "Het kabinet neemt maatregelen voor de woningbouw en verwijst daarbij naar de onderdelen\n"
        "a. en b. van de regeling, die in de komende jaren worden aangepast, onder meer\n"
        "i.v.m. de stikstofregels in de regio.\n" + _AFTER
    )
    assert _paragraphs(parsed(_house_letter(body))) == [
        ("text", "Het kabinet neemt maatregelen voor de woningbouw en verwijst daarbij naar de onderdelen a. en b. "
                 "van de regeling, die in de komende jaren worden aangepast, onder meer i.v.m. de stikstofregels "
                 "in de regio."),
        ("text", _AFTER.strip()),
    ]


@pytest.mark.parametrize(("written", "iso"), [("1e maart 2024", "2024-03-01"), ("2de maart 2024", "2024-03-02"),
                                              ("21ste maart 2024", "2024-03-21")])
def test_a_place_and_date_with_an_ordinal_day_is_the_date_not_a_heading(written: str, iso: str) -> None:
    text = (
        "Aan de Voorzitter van de Tweede Kamer\nder Staten-Generaal\nPostbus 20018\n2500 EA DEN HAAG\n\n"
        f"Den Haag, {written}\n\nIn het 2e kwartaal van 2024 start de bouw van de eerste woningen in de regio.\n\n"
        "De minister van Binnenlandse Zaken,\n\n\n\nA. Bakker\n"
    )
    letter = parsed(text)
    assert (letter.place, letter.date) == ("Den Haag", iso)
    assert [sec.heading for sec in letter.sections] == [None]
    assert _sentences(letter) == ["In het 2e kwartaal van 2024 start de bouw van de eerste woningen in de regio."]
