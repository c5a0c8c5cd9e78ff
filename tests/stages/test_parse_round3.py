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


NOTES_HEAD = ("Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\nPostbus 20018\n2500 EA Den Haag\n\n"
              "Den Haag, 3 maart 2024\n\nBetreft: Voortgang klimaatbeleid\n\nGeachte voorzitter,\n\n")
NOTES_TAIL = "\n\nHoogachtend,\n\nde minister van Klimaat en Groene Groei,\n\nJ. de Vries\n\n"


def _refs(body: str, notes: str) -> dict[str, tuple[int, ...]]:
    letter = parsed(NOTES_HEAD + body + NOTES_TAIL + notes)
    return {s.text: s.footnote_refs for s in letter.iter_sentences()}


def test_a_marker_glued_after_jl_or_cs_before_a_lower_case_word_is_a_marker() -> None:
    notes = "1 Kamerstuk 32 813, nr. 1300\n2 Kamerstuk 32 813, nr. 1310\n3 Kamerstuk 32 813, nr. 1320\n"
    refs = _refs("In mijn brief van 14 mei jl.1 heb ik u geïnformeerd over het systeem. De motie van het lid "
                 "Bontenbal c.s.2 verzoekt de regering om een overzicht. Het fonds is groot.3", notes)
    assert refs["In mijn brief van 14 mei jl. heb ik u geïnformeerd over het systeem."] == (1,)
    assert refs["De motie van het lid Bontenbal c.s. verzoekt de regering om een overzicht."] == (2,)
    # after an abbreviation that never ends a clause, a glued number before a word stays a fact
    refs = _refs("Het systeem is ingevoerd.1 Het kabinet vraagt bijv.3 instanties om advies. Dat helpt.2",
                 "1 Kamerstuk 32 813, nr. 1300\n2 Kamerstuk 32 813, nr. 1310\n")
    assert refs["Het kabinet vraagt bijv.3 instanties om advies."] == ()


def test_acronyms_numbered_like_notes_keep_their_digits() -> None:
    # "het ETS1 en het ETS2" are names: taking their digits for markers would change them, so a
    # run of acronyms alone never places notes ("de CSRD1 en de ESPR2" stays as printed too)
    notes = "1 Kamerstuk 21 501-33, nr. 1040.\n2 Kamerstuk 21 501-33, nr. 1051.\n"
    refs = _refs("Het kabinet steunt het ETS1 voor industrie en het ETS2 voor gebouwen. Dat helpt.", notes)
    assert refs["Het kabinet steunt het ETS1 voor industrie en het ETS2 voor gebouwen."] == ()


def test_a_ministry_written_whole_in_an_address_list_or_above_a_heading_stays_body() -> None:
    listing = (HEAD + "Vragen kunt u richten aan:\n\nMinisterie van Landbouw, Visserij, Voedselzekerheid en Natuur\n"
               "Bezuidenhoutseweg 73\n2594 AC Den Haag\n\nHet loket is op werkdagen open.\n" + SIGNED)
    assert "Ministerie van Landbouw, Visserij, Voedselzekerheid en Natuur" in body_text(parsed(listing))
    # the sidebar's broken name runs on only while its line is unfinished: a line after it is no part
    after = (HEAD + BODY + "Ministerie van\nInfrastructuur en\nWaterstaat\nWaterveiligheid Zuidwestelijke Delta\n"
             "Rijnstraat 8\n2515 XP Den Haag\nDe dijkversterkingen worden in 2026 afgerond.\n" + SIGNED)
    assert "Waterveiligheid Zuidwestelijke Delta" in body_text(parsed(after))


def test_phrase_words_continuing_a_sentence_under_the_sidebar_phrase_stay_body() -> None:
    text = (HEAD + "Correspondentie uitsluitend\nrichten aan het retouradres\n\nGeachte voorzitter,\n\n"
            "Zorgaanbieders die het niet eens zijn met de vaststelling kunnen bezwaar maken\n"
            "met vermelding van de datum\nen het kenmerk van deze\nbeschikking.\n" + SIGNED)
    assert ("kunnen bezwaar maken met vermelding van de datum en het kenmerk van deze beschikking."
            in body_text(parsed(text)))


def test_a_role_in_capitals_wrapped_over_two_lines_and_its_signatory() -> None:
    for role, whole in (("DE MINISTER VAN LANDBOUW, VISSERIJ,\nVOEDSELZEKERHEID EN NATUUR,",
                         "DE MINISTER VAN LANDBOUW, VISSERIJ, VOEDSELZEKERHEID EN NATUUR"),
                        ("DE MINISTER VAN BINNENLANDSE ZAKEN EN\nKONINKRIJKSRELATIES,",
                         "DE MINISTER VAN BINNENLANDSE ZAKEN EN KONINKRIJKSRELATIES")):
        letter = parsed(HEAD + BODY + "\nHoogachtend,\n\n" + role + "\n\nFemke Wiersma\n")
        assert (letter.sender_role, letter.signatory) == ((whole,), ("Femke Wiersma",)), role
    # a name in capitals with initials under a role in capitals is the signatory
    letter = parsed(HEAD + BODY + "\nHoogachtend,\n\nDE MINISTER VAN FINANCIËN,\n\nW.B. HOEKSTRA\n")
    assert (letter.sender_role, letter.signatory) == (("DE MINISTER VAN FINANCIËN",), ("W.B. HOEKSTRA",))
