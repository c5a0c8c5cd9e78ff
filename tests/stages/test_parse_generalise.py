"""Failure kinds the parser met on real letters it was not tuned on, each on a letter of our own:
wrapped signatory roles, subjects running into the next field, subject label variants,
capitalised months, interleaved references and detached footnote markers (issue 10)."""

from __future__ import annotations

from parse_helpers import BODY, SIDEBAR, body_text, parsed

HEAD = "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 21 juni 2016\n\n"


# 1. A signatory's role wrapped over two lines in the closing.

def test_role_wrapped_after_en_without_a_greeting() -> None:
    text = HEAD + BODY + "\nDe Staatssecretaris van Sociale Zaken en\nWerkgelegenheid,\n\nJ. Klijnsma\n"
    letter = parsed(text)
    assert letter.sender_role == ("De Staatssecretaris van Sociale Zaken en Werkgelegenheid",)
    assert letter.signatory == ("J. Klijnsma",)
    assert "Werkgelegenheid" not in body_text(letter)


def test_role_wrapped_after_a_word_it_cannot_end_with_and_no_comma() -> None:
    for closing in ("Hoogachtend,\n\n", ""):
        text = HEAD + BODY + f"\n{closing}De Staatssecretaris van Sociale Zaken en\nWerkgelegenheid\n\nJ. Klijnsma\n"
        letter = parsed(text)
        assert letter.sender_role == ("De Staatssecretaris van Sociale Zaken en Werkgelegenheid",), closing
        assert letter.signatory == ("J. Klijnsma",), closing


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
    # the copy signed by its writer's name alone, no role: still the cover letter's signature
    signed_by_name = HEAD + COVER + "Geachte heer De Vries,\n\n" + COPY_BODY + "Met vriendelijke groet,\n\nA. de Groot\n"
    letter = parsed(signed_by_name)
    assert (letter.sender_role, letter.signatory) == (("De Staatssecretaris van Sociale Zaken en Werkgelegenheid",), ("J. Klijnsma",))


def test_a_role_named_in_running_prose_far_from_the_end_is_no_signature() -> None:
    prose = (
        "De minister van Financiën heeft op 3 mei het voorstel toegelicht, en de Kamer nam\n"
        "het daarna aan zonder stemming.\n\n"
    )
    text = HEAD + prose + COPY_BODY + "Hoogachtend,\n\nDe minister van Financiën,\n\nA. B. Jansen\n"
    letter = parsed(text)
    assert letter.sender_role == ("De minister van Financiën",) and letter.signatory == ("A. B. Jansen",)
    assert body_text(letter).startswith("De minister van Financiën heeft op 3 mei")


# 2. A subject that runs into the next letterhead field.

SIGNED = "\nGeachte voorzitter,\n\n" + BODY + "\nHoogachtend,\n\nde minister,\n\nA. Bakker\n"


def subject_of(letterhead: str) -> str | None:
    return parsed(SIDEBAR + letterhead + SIGNED).subject


def test_subject_stops_at_a_field_label_glued_onto_its_line() -> None:
    for glued in ("Uw brief 12 februari 2024", "Uw kenmerk 2024Z01234", "Bijlage(n) 2", "Bijlagen 3",
                  "Antwoordbrief aan de gemeente Utrecht", "Kopie aan de gemeente Utrecht"):
        assert subject_of(f"Datum 4 maart 2024\nBetreft Voortgang woningbouw {glued}\n") == "Voortgang woningbouw"


def test_a_label_word_inside_the_subject_is_kept() -> None:
    # "Inlichtingen-" and "Kenmerken" are words of the subject, not labels standing on their own
    subject = subject_of("Datum 4 maart 2024\nBetreft Kenmerken van de Algemene Inlichtingen- en Veiligheidsdienst\n")
    assert subject == "Kenmerken van de Algemene Inlichtingen- en Veiligheidsdienst"


def test_subject_stops_at_a_label_or_sidebar_line_after_it() -> None:
    for after in ("Uw brief van 12 februari 2024", "Antwoordbrief aan de gemeente Utrecht",
                  "Kopie aan\nde gemeente Utrecht", "Uw kenmerk\n2024Z01234", "Directie Woningmarkt\nTurfmarkt 147",
                  "Rijnstraat 50", "Behandeld door\nmr. A. Jansen", "richten aan het retouradres\nmet vermelding van de datum"):
        assert subject_of(f"Datum 4 maart 2024\nBetreft Voortgang woningbouw\n{after}\n") == "Voortgang woningbouw"
    # a real second line still continues the subject
    wrapped = subject_of("Datum 4 maart 2024\nBetreft Voortgang woningbouw in de regio en de\nProvincie Utrecht\n")
    assert wrapped == "Voortgang woningbouw in de regio en de Provincie Utrecht"


def test_annex_count_glued_onto_the_subject_is_cut_only_when_it_stands_nowhere_else() -> None:
    assert subject_of("Bijlage(n)\nDatum 4 maart 2024\nBetreft Voortgang woningbouw 2\n") == "Voortgang woningbouw"
    # the count under its label: the subject's own number stays
    kept = subject_of("Bijlage(n)\n2\nDatum 4 maart 2024\nBetreft Voortgang woningbouw fase 2\n")
    assert kept == "Voortgang woningbouw fase 2"
    assert subject_of("Datum 4 maart 2024\nBetreft Voortgang woningbouw fase 2\n") == "Voortgang woningbouw fase 2"


# 3. The subject's label as letters print it.

def test_subject_label_variants() -> None:
    for letterhead in (
        "Datum 4 maart 2024\nBetreft: Voortgang woningbouw\n",
        "Datum 4 maart 2024\nBetreft : Voortgang woningbouw\n",
        "Datum 4 maart 2024\nOnderwerp: Voortgang woningbouw\n",
        "Datum\t4 maart 2024\nBetreft\tVoortgang woningbouw\n",
        "Datum      4 maart 2024\nBetreft      Voortgang woningbouw\n",
        "DATUM 4 maart 2024\nBETREFT Voortgang woningbouw\n",
        "Datum 4 maart 2024\nBETREFT: Voortgang woningbouw\n",
        "Datum 4 maart 2024\nBetreft\nVoortgang woningbouw\n",
        "Datum 4 maart 2024\nBetreft:\n\nVoortgang woningbouw\n",
        "Datum 4 maart 2024\nInzake: Voortgang woningbouw\n",
        "Datum 4 maart 2024\nInzake   Voortgang woningbouw\n",
    ):
        letter = parsed(SIDEBAR + letterhead + SIGNED)
        assert (letter.subject, letter.date) == ("Voortgang woningbouw", "2024-03-04"), letterhead


def test_labelled_subject_under_the_place_and_date_line_is_letterhead_not_a_heading() -> None:
    for label in ("Onderwerp: ", "Betreft\n", "Inzake\n\n"):
        text = (
            HEAD.replace("21 juni 2016", "4 maart 2024")
            + f"{label}Voortgang woningbouw in de regio en de\nprovincie Utrecht\n\n" + BODY
            + "\nDe minister van Binnenlandse Zaken en Koninkrijksrelaties,\n\nA. Bakker\n"
        )
        letter = parsed(text)
        assert letter.subject == "Voortgang woningbouw in de regio en de provincie Utrecht", label
        assert all(sec.heading is None for sec in letter.sections), label
        assert body_text(letter).startswith("Met deze brief"), label


def test_place_and_date_line_with_a_weekday_or_an_unhyphenated_gravenhage() -> None:
    for line, place in (("Den Haag, donderdag 7 februari 2013", "Den Haag"),
                        ("'s Gravenhage, 7 Februari 2013", "'s Gravenhage")):
        letter = parsed(HEAD.replace("Den Haag, 21 juni 2016", line) + BODY + "\nDe minister van Financiën,\n\nA. B. Jansen\n")
        assert (letter.date, letter.place) == ("2013-02-07", place), line
        assert body_text(letter).startswith("Met deze brief"), line


def test_a_subject_after_a_colon_under_the_place_and_date_line_may_start_lower_case() -> None:
    text = (HEAD.replace("21 juni 2016", "7 Februari 2013") + "Betreft: wachtlijsten in de jeugdzorg\n\n" + BODY
            + "\nDe minister van Financiën,\n\nA. B. Jansen\n")
    letter = parsed(text)
    assert letter.subject == "wachtlijsten in de jeugdzorg"
    assert all(sec.heading is None for sec in letter.sections)


def test_a_sentence_opening_with_a_label_word_under_the_place_and_date_line_is_body() -> None:
    for opening in ("Kenmerk van deze aanpak is dat de gemeenten zelf plannen maken voor de regio.",
                    "Betreft het verzoek van uw commissie, dan kan ik u het volgende melden.",
                    "Inzake Schiphol heb ik uw Kamer op 3 maart over de geluidsnormen bericht."):
        text = HEAD + opening + "\n\n" + BODY + "\nDe minister van Financiën,\n\nA. B. Jansen\n"
        letter = parsed(text)
        assert body_text(letter).startswith(opening), opening
        assert letter.subject is None and letter.reference is None


def test_inzake_before_a_capital_opening_a_wrapped_paragraph_is_body_not_the_subject() -> None:
    for opening in ("Inzake Jeugdzorg Nederland heb ik het volgende\nbesloten. Dit besluit geldt per direct.",
                    "Inzake Schiphol merk ik op dat het kabinet de\nmotie uitvoert."):
        text = (HEAD.replace("21 juni 2016", "7 Februari 2013") + opening + "\n\n" + BODY
                + "\nDe minister van Financiën,\n\nA. B. Jansen\n")
        letter = parsed(text)
        assert letter.subject is None, opening
        assert body_text(letter).startswith(opening.replace("\n", " ")), opening


def test_stacked_labels_a_subject_with_a_field_glued_on_or_between_its_lines() -> None:
    stacked = "Kenmerk\n1234567-7654321-TST\n\nDatum\nBetreft\n\n7 februari 2013\n"
    for value, subject in (
        ("Voortgang wachtlijsten jeugdzorg Bijlage(n) 2\n", "Voortgang wachtlijsten jeugdzorg"),
        ("Voortgang wachtlijsten jeugdzorg Uw brief 3 maart 2013\n", "Voortgang wachtlijsten jeugdzorg"),
        ("Voortgang wachtlijsten\nBijlage(n)\n2\njeugdzorg in Caribisch Nederland\n",
         "Voortgang wachtlijsten jeugdzorg in Caribisch Nederland"),
    ):
        letter = parsed(SIDEBAR + stacked + value + SIGNED)
        assert (letter.subject, letter.date, letter.reference) == (subject, "2013-02-07", "1234567-7654321-TST"), value


def test_a_label_word_inside_a_subject_on_the_label_line_stays_in_the_subject() -> None:
    for subject in ("Beantwoording vragen over Bijlage 2 bij de Voorjaarsnota",
                    "Reactie op Uw brief over de wachtlijsten", "Wijziging Bijlagen Besluit jeugdzorg",
                    "Kenmerk van de regeling 2024 wijzigen"):
        assert subject_of(f"Datum 4 maart 2024\nBetreft: {subject}\n") == subject
    # a field's value to the line end is a glued field, not the subject's
    for glued in ("Uw brief 3 maart 2024", "Bijlage(n) 2", "Ons kenmerk DGAN-DAD / 18055724"):
        assert subject_of(f"Datum 4 maart 2024\nBetreft: Voortgang woningbouw {glued}\n") == "Voortgang woningbouw"


def test_inzake_opening_a_sentence_is_no_subject_label() -> None:
    text = (
        SIDEBAR + "Datum 4 maart 2024\n\n"
        "Inzake de motie van het lid Jansen over betaalbare woningen deel ik u het volgende mee.\n"
        "Het programma ligt op schema en de gemeenten hebben hun plannen ingediend.\n\n"
        "De minister van Binnenlandse Zaken en Koninkrijksrelaties,\n\nA. Bakker\n"
    )
    letter = parsed(text)
    assert letter.subject is None
    assert body_text(letter).startswith("Inzake de motie van het lid Jansen")


# 4. A date printed with a capitalised month.

def test_capitalised_month_in_the_place_and_date_line() -> None:
    for line, iso in (("Den Haag, 7 Februari 2013", "2013-02-07"), ("Den Haag, 7 MAART 2015", "2015-03-07"),
                      ("'s-Gravenhage, 12 Oktober 2010", "2010-10-12")):
        text = (
            "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\nPostbus 20018\n2500 EA DEN HAAG\n\n"
            f"{line}\n\n" + BODY + "\nDe minister van Binnenlandse Zaken en Koninkrijksrelaties,\n\nA. Bakker\n"
        )
        letter = parsed(text)
        assert letter.date == iso, line
        assert line in letter.letterhead
        assert all(sec.heading is None for sec in letter.sections), line


def test_short_month_figures_and_no_comma_after_the_seat_of_government() -> None:
    for line, place, iso in (("Den Haag, 7 sept. 2013", "Den Haag", "2013-09-07"),
                             ("Den Haag, 12 OKT 2015", "Den Haag", "2015-10-12"),
                             ("Den Haag, 07-02-2013", "Den Haag", "2013-02-07"),
                             ("Den Haag, 2013-02-07", "Den Haag", "2013-02-07"),
                             ("'s-Gravenhage, 7.2.2013", "'s-Gravenhage", "2013-02-07"),
                             ("Den Haag 7 februari 2013", "Den Haag", "2013-02-07"),
                             ("'s Gravenhage  14 mei 2019", "'s Gravenhage", "2019-05-14")):
        text = (
            "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\nPostbus 20018\n2500 EA DEN HAAG\n\n"
            f"{line}\n\n" + BODY + "\nDe minister van Binnenlandse Zaken en Koninkrijksrelaties,\n\nA. Bakker\n"
        )
        letter = parsed(text)
        assert (letter.date, letter.place) == (iso, place), line
        assert all(sec.heading is None for sec in letter.sections), line


def test_a_date_in_figures_the_calendar_lacks_or_a_body_line_ending_in_a_date_gives_no_date() -> None:
    text = SIDEBAR + "\nDatum 31-02-2013\nBetreft Voortgang woningbouw\n" + SIGNED
    assert parsed(text).date is None
    labelled = parsed(SIDEBAR + "\nDatum 07-02-2013\nBetreft Voortgang woningbouw\n" + SIGNED)
    assert labelled.date == "2013-02-07" and labelled.subject == "Voortgang woningbouw"
    # Without the comma only the seat of government is a place: "Utrecht 7 maart 2015" is a line of prose.
    prose = parsed(HEAD + "Het besluit viel in\n"
                   "Utrecht 7 maart 2015\n\n" + BODY + "\nDe minister van Financiën,\n\nA. B. Jansen\n")
    assert prose.date == "2016-06-21" and prose.place == "Den Haag"


def test_a_date_alone_in_capitals_is_the_date_and_no_heading() -> None:
    text = SIDEBAR + "\n7 MAART 2015\n\nBetreft Voortgang woningbouw\n" + SIGNED
    letter = parsed(text)
    assert letter.date == "2015-03-07" and letter.subject == "Voortgang woningbouw"
    body = "Toelichting\n\n" + BODY + "\n7 MAART 2015\n\nMet deze brief informeer ik u verder over de planning.\n"
    later = parsed(HEAD + body + "\nDe minister van Financiën,\n\nA. B. Jansen\n")
    assert [sec.heading for sec in later.sections] == ["Toelichting"]  # the date line heads no section


# 5. The reference interleaved with the addressee's lines.

def test_reference_is_the_code_between_the_addressee_lines() -> None:
    for label, code in (("Kenmerk", "2016-0000123456"), ("Ons kenmerk", "DGB/2016/123"), ("Onze referentie", "5687928/11")):
        text = (
            f"> Retouradres Postbus 20011 2500 EA Den Haag\n{label}\n"
            f"Aan de Voorzitter van de Tweede Kamer der Staten-\n{code}\nGeneraal\nPostbus 20018\n2500 EA  DEN HAAG\n"
            "Datum 4 maart 2024\nBetreft Voortgang woningbouw\n" + SIGNED
        )
        letter = parsed(text)
        assert letter.reference == code, label
        assert letter.addressee == "De Voorzitter van de Tweede Kamer der Staten-Generaal"


def test_reference_under_a_four_line_address_and_stacked_labels() -> None:
    text = (
        "Kenmerk\nAan de Voorzitter van de Tweede Kamer\nder Staten-Generaal\nPostbus 20018\n2500 EA  DEN HAAG\n"
        "DGB/2016/123\nDatum 4 maart 2024\nBetreft Voortgang woningbouw\n" + SIGNED
    )
    assert parsed(text).reference == "DGB/2016/123"
    stacked = "Kenmerk\nUw kenmerk\n2016-0000123456\n2016Z01234\nDatum 4 maart 2024\nBetreft Voortgang woningbouw\n"
    assert parsed(stacked + SIGNED).reference == "2016-0000123456"


def test_a_reference_label_without_a_code_after_it_gives_no_reference() -> None:
    for after in ("Aan de Voorzitter van de Tweede Kamer\nder Staten-Generaal\n2500 EA DEN HAAG",
                  "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal"):
        text = f"Kenmerk\n{after}\nDatum 4 maart 2024\nBetreft Voortgang woningbouw\n" + SIGNED
        assert parsed(text).reference is None, after
    assert parsed("Kenmerk Aan de Voorzitter van de Tweede Kamer\nDatum 4 maart 2024\n" + SIGNED).reference is None
    # the reference of the letter answered is not the letter's own
    assert parsed("Kenmerk afzender\n2024-0000123\nDatum 4 maart 2024\n" + SIGNED).reference is None


# 6. Footnote markers standing apart after a lower-case word.

MARKED = """Aan de Voorzitter van de Tweede Kamer der Staten-Generaal

Den Haag, 3 februari 2025

Met deze brief informeer ik uw Kamer over de stand van zaken van het
programma Veilige Netten.1 Ook ga ik in op het advies 2 van de Raad en de
reactie van VEMW 3 over de kosten van netverzwaring. De motie Grinwis 4,
die vraagt om een versnelling, voer ik uit. In artikel 5 van de wet staat
dat 5 van de 6 netbeheerders in 2024 over 12 projecten rapporteren.5 Het
rapport van de commissie 6 van deskundigen volgt later.

1 Kamerstukken 2023/2024, 35 900, nr. 12
2 Advies van de Raad van State, 12 maart 2024.
3 Brief van VEMW van 4 april 2024.
4 Kamerstuk 35 900, nr. 18.
5 Rapportage netbeheerders 2024.
6 Commissie deskundigen netten.

De Minister van Klimaat en Groene Groei,
J. de Wit
"""


def test_detached_markers_after_lower_case_words_fit_the_running_order() -> None:
    letter = parsed(MARKED)
    assert [f.number for f in letter.footnotes] == [1, 2, 3, 4, 5, 6]
    refs = {s.text: s.footnote_refs for s in letter.iter_sentences()}
    assert refs["Ook ga ik in op het advies van de Raad en de reactie van VEMW over de kosten van netverzwaring."] == (2, 3)
    assert refs["De motie Grinwis, die vraagt om een versnelling, voer ik uit."] == (4,)
    assert refs["Het rapport van de commissie van deskundigen volgt later."] == (6,)
    # the genuine numbers stay: "artikel 5 van", "5 van de 6", "in 2024 over", "12 projecten"
    assert refs["In artikel 5 van de wet staat dat 5 van de 6 netbeheerders in 2024 over 12 projecten rapporteren."] == (5,)


def test_addressee_without_the_article() -> None:
    text = HEAD.replace("Aan de Voorzitter", "Voorzitter") + BODY + "\nDe minister van Financiën,\n\nA. B. Jansen\n"
    letter = parsed(text)
    assert letter.addressee == "Voorzitter van de Tweede Kamer der Staten-Generaal"
    assert body_text(letter).startswith("Met deze brief")


def test_namens_deze_under_the_role_is_no_part_of_it() -> None:
    text = HEAD + BODY + "\nde minister van Volksgezondheid, Welzijn en Sport,\nnamens deze,\n\nJan de Vries\n"
    letter = parsed(text)
    assert letter.sender_role == ("de minister van Volksgezondheid, Welzijn en Sport",)
    assert letter.signatory == ("Jan de Vries",)


def test_a_marker_glued_to_a_span_of_years_fits_the_running_order() -> None:
    text = MARKED.replace("De motie Grinwis 4,", "De plannen 2022-20274,").replace(
        "dat 5 van de 6 netbeheerders in 2024", "dat 5 van de 6 netbeheerders in 2023-2024")
    letter = parsed(text)
    refs = {s.text: s.footnote_refs for s in letter.iter_sentences()}
    assert refs["De plannen 2022-2027, die vraagt om een versnelling, voer ik uit."] == (4,)
    # a span with nothing glued on stays as it is, and a span whose end comes before its start is no span
    assert "in 2023-2024 over 12 projecten" in " ".join(refs)
    backwards = parsed(MARKED.replace("De motie Grinwis 4,", "De plannen 2022-20194,"))
    assert not any(s.footnote_refs == (4,) for s in backwards.iter_sentences())
