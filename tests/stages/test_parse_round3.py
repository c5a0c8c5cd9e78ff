"""Defects a second tester found in the parser, each on a letter text of our own with a counter-case:
sidebar phrases that also read as prose, bullets standing on a line of their own, upper-case Roman
list labels, and a lettered list's last item."""

from __future__ import annotations

from parse_helpers import BODY, body_text, parsed

HEAD = "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 3 februari 2025\n\n"
SIGNED = "\nDe minister van Binnenlandse Zaken en Koninkrijksrelaties,\n\nA. Bakker\n"


def test_sidebar_phrase_words_in_prose_stay_body_and_the_sidebar_phrase_is_still_furniture() -> None:
    prose = (
        "De overige vragen van de commissie zal ik in een aparte\nbrief behandelen.\n"
        "Daarnaast stuur ik de Kamer een overzicht van alle aanvragen,\nmet vermelding van de datum\n"
        "van binnenkomst en de stand van zaken.\n"
    )
    letter = parsed(HEAD + prose + SIGNED)
    assert "zal ik in een aparte brief behandelen." in body_text(letter)
    assert "alle aanvragen, met vermelding van de datum van binnenkomst" in body_text(letter)
    sidebar = ("Correspondentie uitsluitend\nrichten aan het retouradres\nmet vermelding van de datum\n"
               "en het kenmerk van deze\nbrief.\n\n")
    letter = parsed(HEAD + sidebar + BODY + SIGNED)
    assert "vermelding" not in body_text(letter) and "kenmerk van deze" not in body_text(letter)


BULLETS_APART = (
    "Met deze brief informeer ik u over de voortgang van het programma. De volgende punten zijn van belang:\n\n"
    "•\nSnellere procedures\n\n•\nMeer capaciteit bij gemeenten\n\n•\nBetere monitoring\n\n"
)


def test_items_after_a_bullet_on_a_line_of_its_own_are_list_items_not_headings() -> None:
    letter = parsed(HEAD + BULLETS_APART + "Het programma ligt op schema en de gemeenten hebben hun plannen ingediend.\n" + SIGNED)
    assert [sec.heading for sec in letter.sections] == [None]
    items = [s.text for p in letter.sections[0].paragraphs if p.kind == "list" for s in p.sentences]
    assert items == ["Snellere procedures", "Meer capaciteit bij gemeenten", "Betere monitoring"]
    # a heading after the list, under a finished sentence, is still a heading
    later = parsed(HEAD + BULLETS_APART + "Het programma ligt op schema.\n\nVervolg\n\n" + BODY + SIGNED)
    assert [sec.heading for sec in later.sections] == [None, "Vervolg"]


def test_upper_case_roman_labels_open_list_items_and_never_end_a_sentence_alone() -> None:
    options = (
        "Er zijn drie opties onderzocht door de werkgroep:\nI. Het huidige stelsel blijft bestaan.\n"
        "II. Het stelsel wordt aangepast, zodat gemeenten meer ruimte krijgen.\n"
        "III. Een geheel nieuw stelsel wordt ingevoerd.\nHet kabinet kiest voor optie II.\n"
    )
    letter = parsed(HEAD + options + SIGNED)
    texts = [s.text for s in letter.iter_sentences()]
    assert "I. Het huidige stelsel blijft bestaan." in texts
    assert "II. Het stelsel wordt aangepast, zodat gemeenten meer ruimte krijgen." in texts
    assert "III. Een geheel nieuw stelsel wordt ingevoerd." in texts
    assert not any(t in ("II.", "III.", "I.") for t in texts)
    kinds = {s.text[:4]: p.kind for sec in letter.sections for p in sec.paragraphs for s in p.sentences}
    assert kinds["II. "] == kinds["III."] == "list"
    # an initial before a name stays with it, as before
    signed = parsed(HEAD + "Het rapport is opgesteld door I. Jansen van het ministerie.\n" + SIGNED)
    assert "Het rapport is opgesteld door I. Jansen van het ministerie." in [s.text for s in signed.iter_sentences()]


def test_the_ministrys_name_above_its_address_never_runs_on_into_the_note_above_it() -> None:
    page = (
        HEAD + "Met deze brief informeer ik uw Kamer over de voortgang van de Kaderrichtlijn Water.1 De\n"
        "uitstoot daalt sinds 2019, maar nog niet genoeg volgens de laatste cijfers van het RIVM.2\n"
        "1 Kamerstukken II 2022/23, 27 625, nr. 600.\n2 Zie https://www.rivm.nl/publicaties/water\n"
        "Ministerie van\nInfrastructuur en\nWaterstaat\nRijnstraat 8\n2515 XP Den Haag\nPostbus 20901\n"
        "2500 EX Den Haag\n\f" + BODY + SIGNED
    )
    letter = parsed(page)
    notes = {f.number: f.text for f in letter.footnotes}
    assert notes[2] == "Zie https://www.rivm.nl/publicaties/water"
    assert "Waterstaat" not in body_text(letter)
    # in prose, a ministry is text
    prose = parsed(HEAD + "Het advies komt van het\nMinisterie van Financiën\nen is gisteren verschenen.\n" + SIGNED)
    assert "Het advies komt van het Ministerie van Financiën en is gisteren verschenen." in body_text(prose)


def test_a_ministry_named_in_prose_before_a_page_footer_stays_body() -> None:
    text = (HEAD + "De aanpak is uitgewerkt door het\nMinisterie van Infrastructuur en Waterstaat\nPagina 1 van 2\n"
            "in samenwerking met de provincies.\n" + SIGNED)
    letter = parsed(text)
    assert "uitgewerkt door het Ministerie van Infrastructuur en Waterstaat in samenwerking met de provincies." \
        in body_text(letter)
