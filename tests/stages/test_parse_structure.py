"""Structure a brief can stand on: section levels and parents, headings, tables and lists
(issue 10). Each rule on a small letter of our own."""

from __future__ import annotations

from nlbrief.accounting import check_nothing_lost
from nlbrief.model.letter import Letter
from nlbrief.parse import parse_text
from nlbrief.parse.sections import heading_level
from parse_helpers import outline
from parse_helpers import parsed as parsed_text

HEAD = "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 3 maart 2025\n\n"
CLOSE = "\nDe Minister van Infrastructuur en Waterstaat,\nJ. de Wit\n"
PROSE = (
    "Het programma ligt op schema en de waterschappen hebben hun plannen ingediend bij het rijk.\n"
    "De kosten bleven binnen het budget dat de Kamer vorig jaar heeft vastgesteld.\n"
)


def parsed(body: str) -> Letter:
    """The letter of ``body`` between the head and the closing, nothing lost."""
    return parsed_text(HEAD + body + CLOSE)


def test_heading_level_from_numbering() -> None:
    assert heading_level("2 Water en bodem") == 1
    assert heading_level("2.1 Grondwater") == 2
    assert heading_level("2.1.3 Zuid-Limburg") == 3
    assert heading_level("II. Uitvoering") == 1
    assert heading_level("Vraag 3") == 1
    assert heading_level("Problematiek") is None


def test_levels_and_parents_and_repeated_headings_stay_distinct() -> None:
    body = (
        "Met deze brief informeer ik u over het water.\n\n"
        "1 Grondwater\n\n" + PROSE + "\nProblematiek\n\n" + PROSE + "\nAanpak\n\n" + PROSE
        + "\n2 Oppervlaktewater\n\n" + PROSE + "\nProblematiek\n\n" + PROSE
        + "\n2.1 Rivieren\n\n" + PROSE
    )
    letter = parsed(body)
    assert outline(letter) == [
        (None, 1, None),
        ("1 Grondwater", 1, None),
        ("Problematiek", 2, 2),
        ("Aanpak", 2, 2),
        ("2 Oppervlaktewater", 1, None),
        ("Problematiek", 2, 5),
        ("2.1 Rivieren", 2, 5),
    ]
    problems = [s for s in letter.sections if s.heading == "Problematiek"]
    assert len(problems) == 2 and problems[0].parent != problems[1].parent


def test_heading_straight_under_a_heading_is_its_sub_heading() -> None:
    body = "Ik ga in op de vragen.\n\nSamenwerking\nMogelijkheden voor samenwerking\n" + PROSE + "\nFusies\n" + PROSE
    letter = parsed(body)
    assert outline(letter)[-3:] == [
        ("Samenwerking", 1, None), ("Mogelijkheden voor samenwerking", 2, 2), ("Fusies", 2, 2),
    ]


def test_no_heading_glued_to_a_sentence_or_ending_in_a_function_word() -> None:
    body = (
        "Het toestel is niet bewapend.\nDe kosten worden gedekt uit de\nDefensiebegroting van dit jaar.\n\n"
        "Stand van zaken\nDe bouw ligt op schema.\n"
    )
    letter = parsed(body)
    assert [s.heading for s in letter.sections] == [None, "Stand van zaken"]
    assert "De kosten worden gedekt uit de Defensiebegroting van dit jaar." in [
        s.text for s in letter.sections[0].sentences
    ]


def test_heading_before_a_paragraph_break_and_a_question_heading() -> None:
    body = (
        "Ouders willen hun kinderen graag zelf opvoeden en dat is ook het uitgangspunt.\n"
        "Draagmoederschap of adoptie?\n"
        "Het lijkt evident dat het kind genetisch materiaal heeft van de ouders die het opvoeden.\n"
        "Dat is echter niet altijd het geval.\n"
        "Motie Rog c.s. (omgekeerde toets)\n\n"
        "De enquête is begin september uitgevoerd.\n"
    )
    letter = parsed(body)
    assert [s.heading for s in letter.sections] == [
        None, "Draagmoederschap of adoptie?", "Motie Rog c.s. (omgekeerde toets)",
    ]


def test_list_labels_and_sentences_with_a_marker_are_no_headings() -> None:
    body = (
        "Voorbeelden van maatregelen zijn:\n1: Vermindering gebruik grondstoffen:\n"
        "- In 2030 koopt de overheid veel meer circulair in.\n2: Substitutie\n"
        "- We zetten in op hernieuwbare grondstoffen.\n\n"
        "Met deze bijlage geven we invulling aan een motie van Kamerlid Mulder\n(CDA).1\n"
        "De voorgestelde maatregelen hebben gevolgen voor de handhaving.\n\n1 Kamerstuk 32 852, nr. 200\n"
    )
    letter = parsed(body)
    assert all(s.heading is None for s in letter.sections)
    assert [f.number for f in letter.footnotes] == [1]


def test_table_by_columns_and_by_rows_is_a_table_paragraph() -> None:
    body = (
        "In de tabel staat de toeslag per school:\n\nAantal\nleerlingen\n25\n50\n75\n\n"
        "Bedrag\n(nieuw)\n€ 145.000\n€ 115.000\n€ 85.000\n\nPagina 1 van 2\n\f"
        "Overige vragen\n\nEenpitters en kleine scholen\nDe heer Heerema vroeg naar eenpitters.\n\n"
        "Jaar    Verzoeken    Bedrag\n2022    4.150        212\n2023    5.020        268\n\n"
        "Het aantal verzoeken stijgt elk jaar.\n\nPagina 2 van 2\n"
    )
    letter = parsed(body)
    tables = [p for s in letter.sections for p in s.paragraphs if p.kind == "table"]
    assert [[x.text for x in p.sentences] for p in tables] == [
        ["Aantal", "leerlingen", "25", "50", "75", "Bedrag", "(nieuw)", "€ 145.000", "€ 115.000", "€ 85.000"],
        ["Jaar    Verzoeken    Bedrag", "2022    4.150        212", "2023    5.020        268"],
    ]
    assert [s.heading for s in letter.sections] == [None, "Overige vragen", "Eenpitters en kleine scholen"]
    prose = [x.text for s in letter.sections for p in s.paragraphs if p.kind == "text" for x in p.sentences]
    assert "Het aantal verzoeken stijgt elk jaar." in prose and not any("€" in t for t in prose)


def test_list_items_hang_from_their_lead_in() -> None:
    body = (
        "Het kabinet neemt de volgende maatregelen:\n"
        "• een verplicht percentage hernieuwbare grondstoffen;\n"
        "• een heffing op nieuwe kunststoffen;\n"
        "• meer circulair inkopen door de overheid.\n\n"
        "De maatregelen gaan in 2026 in.\n"
    )
    letter = parsed(body)
    paras = letter.sections[0].paragraphs
    lead = paras[0].sentences[-1]
    assert lead.text == "Het kabinet neemt de volgende maatregelen:"
    items = [p for p in paras if p.kind == "list"]
    assert len(items) == 3 and all(p.lead_in == lead.id for p in items)
    assert paras[-1].kind == "text" and paras[-1].lead_in is None


def test_aanhangsel_questions_and_answers() -> None:
    text = (
        "Tweede Kamer der Staten-Generaal\n\nVergaderjaar 2020–2021\n\n2\n\nAanhangsel van de Handelingen\n\n"
        "Vragen gesteld door de leden der Kamer, met de daarop door de\nregering gegeven antwoorden\n\n3235\n"
        "Vragen van het lid Jansen aan de Minister van Financiën over de rente\n(ingezonden 3 juni 2021).\n"
        "Antwoord van Minister Smit (Financiën)\n(ontvangen 21 juni 2021).\n"
        "Vraag 1\nKlopt het dat beide regelingen een lening zijn?\nAntwoord 1\nJa. Beide zijn leningen.\n\n"
        "Tweede Kamer, vergaderjaar 2020–2021, Aanhangsel\n\n1\n\n\fVraag 2\nWaarom is de rente 2%?\n"
        "Antwoord 2\nDat is aangesloten bij de markt.\n"
    )
    letter = parse_text(text)
    assert check_nothing_lost(text, letter).ok
    assert letter.date == "2021-06-21"
    assert [s.heading for s in letter.sections] == ["Vraag 1", "Antwoord 1", "Vraag 2", "Antwoord 2"]
    assert "Tweede Kamer, vergaderjaar 2020–2021, Aanhangsel" in letter.furniture


def test_motions_each_on_their_own_as_printed() -> None:
    body = (
        "De door uw Kamer aangenomen moties over de regie bij de regio (motie-Cramer/Roefs) "
        "(Kamerstuk 27 658, nr. 40) en over het spoor (motie Koopmans) (Kamerstuk 27 658, nr. 41) "
        "voer ik uit.\n\nOok geef ik invulling aan de motie Bontenbal/Grinwis (Kamerstuk 32 813, nr. 952).\n\n"
        "Als laatste reageer ik op twee moties van het lid El Abassi.1 Beide moties ontraad ik.\n\n"
        "Motie Heerema-Rog (steekproef reclame)\n\nDe steekproef is uitgevoerd.\n\n"
        "1 Kamerstuk 29 689, nr. 1311 en Kamerstuk 29 689, nr. 1313\n"
    )
    letter = parsed(body)
    got = [(m.member, m.dossier, m.number) for m in letter.motions]
    assert got == [
        ("Cramer/Roefs", "27 658", "40"),
        ("Koopmans", "27 658", "41"),
        ("Bontenbal/Grinwis", "32 813", "952"),
        ("El Abassi", "29 689", "1311"),
        ("El Abassi", "29 689", "1313"),
        ("Heerema-Rog", None, None),
    ]
    assert letter.motions[-1].where == "h2"  # named in a heading


def test_notes_with_a_glued_link_number_a_broken_link_and_text_above_the_number() -> None:
    text = (
        "> Retouradres Postbus 16375 2500 BJ Den Haag\n\nAan de voorzitter van de Tweede Kamer der Staten-Generaal\n"
        "Postbus 20018\n2500 EA DEN HAAG\n\nDatum 3 oktober 2018\nBetreft Leerlingendaling\n\n"
        "Voor het po en het vo zijn brochures gepubliceerd waarin de opties zijn uitgewerkt.1\n"
        "Samen aan de slag met leerlingendaling in het primair onderwijs (2016)\n"
        "https://www.rijksoverheid.nl/onderwerpen/leerlingendaling/documenten/brochures/2016/11\n"
        "/01/samen-aan-de-slag-met-leerlingendaling\n1\n\nPagina 1 van 2\n\f"
        "De commissie adviseert over de regio.2 Ik volg dat advies graag op met de besturen.3\n\n"
        "De enquête is begin september uitgevoerd onder de besturen van de scholen in\nde regio.\n2\n"
        "3https://www.noord-\nholland.nl/krimp\n\nPagina 2 van 2\n\n"
        "De minister voor Basis- en Voortgezet Onderwijs en Media,\n\nArie Slob\n"
    )
    letter = parse_text(text)
    assert check_nothing_lost(text, letter).ok
    notes = {f.number: f.text for f in letter.footnotes}
    assert sorted(notes) == [1, 2, 3]
    assert notes[1].startswith("Samen aan de slag met leerlingendaling")
    assert notes[2].startswith("De enquête is begin september")
    assert notes[3] == "https://www.noord-holland.nl/krimp"  # a link's own hyphen kept


def test_box_title_is_recorded_as_such_not_a_heading() -> None:
    wide = (
        "In het missiegedreven innovatiebeleid werken overheid, bedrijfsleven, kennisinstellingen en andere\n"
        "stakeholders samen aan innovatie voor economische en maatschappelijke impact. Dit doen we aan\n"
        "de hand van missies, ofwel moonshots. We dagen innovatoren uit om met concrete oplossingen te\n"
        "komen voor de uitdagingen waar Nederland voor staat.\n"
    )
    column = (  # the letter's own text column, narrower than the box
        "Het kabinet zet het innovatiebeleid voort en herijkt de missies op\n"
        "vier punten. Daarbij is er geen uniforme aanpak die overal werkt in\n"
        "de economie, want elke transitie vraagt om een eigen aanpak met de\n"
        "partners in het veld.\n"
    )
    body = column * 3 + "\nMissiegedreven innovatiebeleid\n" + wide + "\nHerijking missies\n\n" + column * 3
    letter = parsed(body)
    assert [s.heading for s in letter.sections] == [None, "Herijking missies"]
    boxes = [p for p in letter.sections[0].paragraphs if p.kind == "box"]
    assert len(boxes) == 1 and boxes[0].sentences[0].text == "Missiegedreven innovatiebeleid"
    assert boxes[0].sentences[1].text.startswith("In het missiegedreven innovatiebeleid werken")


def test_group_headings_are_siblings_and_their_headings_sit_under_them() -> None:
    body = (
        "Met deze brief informeer ik u over het water.\n\n1.1 Grondwater\n\n"
        "Problematiek\n\nMinder water\n\n" + PROSE + "\nZeespiegelstijging\n\n" + PROSE
        + "\nStructurerende keuzes\n\nVoldoende water\n\n" + PROSE
        + "\nInzet\n\nZuinig met water\n\n" + PROSE
    )
    letter = parsed(body)
    assert outline(letter)[1:] == [
        ("1.1 Grondwater", 2, None),
        ("Problematiek", 3, 2),
        ("Minder water", 4, 3),
        ("Zeespiegelstijging", 4, 3),
        ("Structurerende keuzes", 3, 2),
        ("Voldoende water", 4, 6),
        ("Inzet", 3, 2),
        ("Zuinig met water", 4, 8),
    ]


def test_two_short_lines_are_two_headings_and_a_long_heading_wraps() -> None:
    body = (
        "Met deze brief informeer ik u over het beleid voor water en bodem in de komende jaren.\n\n"
        "Maatregelen\nZuinig met water\n\n" + PROSE
        + "De kosten blijven binnen de begroting.\n"
        "Duurzaam bouwen met een landelijke maatlat voor een groene en klimaatadaptieve\n"
        "gebouwde omgeving\n" + PROSE
    )
    letter = parsed(body)
    assert [s.heading for s in letter.sections] == [
        None, "Maatregelen", "Zuinig met water",
        "Duurzaam bouwen met een landelijke maatlat voor een groene en klimaatadaptieve gebouwde omgeving",
    ]


def test_a_heading_recurring_on_a_few_pages_is_no_sidebar() -> None:
    sidebar = "Ministerie van\nInfrastructuur en\nWaterstaat\n"
    pages = []
    for n, (group, head) in enumerate([("Inzet", "Zuinig met water"), ("Maatregelen", "Bodem"),
                                       ("Inzet", "Vitale bodems"), ("Slot", "Tot slot")], start=1):
        pages.append(sidebar + f"{group}\n{head}\n" + PROSE + f"\nPagina {n} van 4\n\f")
    letter = parsed("Met deze brief informeer ik u over water en bodem.\n\n" + "".join(pages))
    headings = [s.heading for s in letter.sections if s.heading]
    assert headings.count("Inzet") == 2 and "Zuinig met water" in headings
    assert letter.furniture.count("Waterstaat") == 4  # the sidebar on every page is furniture
