"""Kamerbrief salience and self-contained selection, on small letters written for these tests:
cues, courtesy, antecedents, questions with their answers, lists, tables and debris, --explain."""

from __future__ import annotations

import pytest

from letter_builder import build_letter
from nlbrief import salience
from nlbrief.backends.extractive import ExtractiveAbstractor
from nlbrief.model.letter import Letter, Paragraph, Section, Sentence, Source
from nlbrief.select import explain, select_letter
from nlbrief.summarise import SummariseOptions, summarise_letter


def letter_of(*sections: Section, subject: str | None = None,
              roles: tuple[str, ...] = ("De minister van Infrastructuur en Waterstaat",)) -> Letter:
    return Letter(source=Source("inline.txt", "0", "text"), sender_role=roles, subject=subject, date="2025-03-14",
                  sections=sections)


def para(section: int, start: int, *texts: str, kind: str = "text", lead_in: str | None = None) -> Paragraph:
    return Paragraph(tuple(Sentence(f"s{section}.{start + k}", t) for k, t in enumerate(texts)), kind, lead_in)


@pytest.mark.parametrize(("text", "cue"), [
    ("Ik heb besloten de regeling per 1 januari te verlengen.", "decision"),
    ("Het kabinet zal de Kamer voor de zomer informeren over de uitkomsten.", "commitment"),
    ("Ik informeer uw Kamer voor de zomer over de evaluatie.", "commitment"),
    ("De lidstaten verzoeken de Commissie een voorstel te doen.", "request"),
    ("Nederland heeft in de Raad benadrukt dat de afspraken moeten worden nagekomen.", "position"),
    ("Ik ben niet bereid de norm te verlagen.", "answer"),
    ("De motie-Bikker (Kamerstuk 36 200, nr. 12) vraagt om een onderzoek.", "motion"),
    ("Daarvoor is € 20 miljoen beschikbaar.", "amount"),
    ("Het rapport verschijnt op 1 juli 2025.", "date"),
])
def test_cues(text: str, cue: str) -> None:
    assert cue in salience.cues(text)


def test_plain_sentences_have_no_cues_and_courtesy_is_recognised() -> None:
    assert salience.cues("Het weer was de hele week wisselend.") == {}
    for text in ("Hierbij informeer ik u over de voortgang van het programma.",
                 "Ik zie de toekomst met vertrouwen tegemoet.",
                 "In deze brief ga ik in op de uitkomsten van het onderzoek."):
        assert salience.is_courtesy(text), text
    assert not salience.is_courtesy("Met partijen zal ik de voortgang bewaken en uw Kamer hierover informeren.")


def test_the_decisive_sentence_beats_courtesy_and_framing() -> None:
    # The "Vervolgproces": filler first, the commitment last.
    letter = build_letter([("Vervolgproces", [[
        "Ik zie de toekomst met vertrouwen tegemoet.",
        "Het was een bijzonder jaar voor alle betrokken partijen in de regio.",
        "Met partijen zal ik tijdens bestuurlijke overleggen de voortgang bewaken en uw Kamer hierover informeren.",
    ]])])
    assert select_letter(letter, ratio=0.3, max_sentences=1).section(1).kept == ("s1.3",)


def test_the_dutch_position_and_the_ask_are_kept() -> None:
    letter = build_letter([("Informele Raad", [[
        "De bijeenkomst vond plaats in een zaal van het stadhuis van de gastheer.",
        "Er waren vertegenwoordigers van veel landen en organisaties aanwezig bij het overleg.",
        "Nederland heeft in de discussie benadrukt dat terugkeer een gezamenlijke verantwoordelijkheid is.",
        "De lunch werd verzorgd door een lokale cateraar uit de omgeving van de stad.",
        "De lidstaten verzoeken de Commissie voor het einde van het jaar met een voorstel te komen.",
        "Na afloop was er gelegenheid voor gesprekken in de wandelgangen van het gebouw.",
    ]])])
    kept = select_letter(letter, ratio=0.34, max_sentences=2).section(1).kept
    assert kept == ("s1.3", "s1.5")


def test_a_sentence_that_leans_on_the_previous_one_brings_it() -> None:
    letter = build_letter([("Gesprek met de provincie", [[
        "Vorige maand was de gedeputeerde op bezoek in de provincie.",
        "In dat gesprek heb ik toegezegd dat het kabinet voor de zomer € 5 miljoen uittrekt voor de aanpak.",
        "Het regende vaak en het was soms wat fris buiten.",
    ]])])
    chosen = select_letter(letter, ratio=1.0, max_sentences=2).section(1)
    assert chosen.kept == ("s1.1", "s1.2")
    # Without room for its antecedent, the dependent sentence is not taken at all.
    alone = select_letter(letter, ratio=1.0, max_sentences=1).section(1)
    assert alone.kept in {("s1.1",), ("s1.3",)}


def test_a_dependent_sentence_that_does_not_fit_gives_way_to_one_that_stands_alone() -> None:
    letter = build_letter([("Moties", [[
        "De eerste motie vraagt om een verkenning van de regionale opvang.",
        "De tweede motie verzoekt de regering voor 1 juli 2025 met een wetsvoorstel te komen.",
        "Het kabinet voert de motie over de verkenning uit en stuurt de Kamer in het najaar de uitkomsten.",
    ]])])
    kept = select_letter(letter, ratio=0.3, max_sentences=1).section(1).kept
    assert kept == ("s1.3",)  # s1.2 scores well but needs s1.1: two sentences do not fit in one


def test_a_question_comes_with_its_answer_and_never_alone() -> None:
    letter = build_letter([("Vragen uit het debat", [
        ["De heer Kwint vroeg of ik bereid ben de bekostiging van kleine scholen voor 2026 te herzien.",
         "Ik ben daartoe bereid en stuur uw Kamer voor de zomer een voorstel."],
        ["Het lid Westerveld vroeg naar de stand van zaken van de motie over samenwerkingsscholen?"],
    ])])
    chosen = select_letter(letter, ratio=1.0, max_sentences=5).section(1)
    assert chosen.kept == ("s1.1", "s1.2")  # the last question has no answer: not briefed
    assert chosen.reasons == {"s1.1": "question answered by s1.2"}


def test_a_list_is_briefed_whole_or_not_at_all() -> None:
    section = Section(1, "Maatregelen", (
        para(1, 1, "Het kabinet neemt vanaf 1 januari 2026 drie maatregelen tegen btw-fraude:"),
        para(1, 2, "een strengere toets bij de registratie;", "het vasthouden van teruggaven tot acht weken;",
             "een groter analyseteam.", kind="list", lead_in="s1.1"),
        para(1, 5, "De lunch werd verzorgd door een lokale cateraar uit de omgeving van de stad."),
    ))
    letter = letter_of(section)
    chosen = select_letter(letter, ratio=0.4, max_sentences=2).section(1)
    assert chosen.kept == ("s1.1", "s1.2", "s1.3", "s1.4") and chosen.groups == (("s1.1", "s1.2", "s1.3", "s1.4"),)
    brief = summarise_letter(letter, SummariseOptions(lang="nl", summariser="none"), abstractor=ExtractiveAbstractor())
    (sentence,) = brief.sections[0].sentences
    assert sentence.sources == ("s1.1", "s1.2", "s1.3", "s1.4")
    assert sentence.text == ("Het kabinet neemt vanaf 1 januari 2026 drie maatregelen tegen btw-fraude: een strengere "
                             "toets bij de registratie; het vasthouden van teruggaven tot acht weken; een groter "
                             "analyseteam.")
    # Nine items are too many to brief whole: then the list is left out, lead-in included.
    long_list = Section(1, "Maatregelen", (
        para(1, 1, "Het kabinet neemt vanaf 1 januari 2026 negen maatregelen tegen btw-fraude:"),
        para(1, 2, *(f"maatregel nummer {k} met een korte omschrijving;" for k in range(1, 10)), kind="list",
             lead_in="s1.1"),
        para(1, 11, "De Belastingdienst heeft in 2024 in totaal 4.200 verzoeken onderzocht."),
    ))
    kept = select_letter(letter_of(long_list), ratio=1.0, max_sentences=5).section(1).kept
    assert kept == ("s1.11",)


def test_an_unmarked_bullet_list_is_recognised_by_its_markers() -> None:
    letter = build_letter([("Maatregelen", [
        ["De belangrijkste maatregelen zijn:"],
        ["– een strengere toets bij de registratie van nieuwe ondernemers;",
         "– een uitbreiding van het team met 60 fte in 2025;",
         "– nauwere samenwerking met de FIOD."],
        ["Het weer was de hele week wisselend en soms ook wat fris."],
    ])])
    chosen = select_letter(letter, ratio=0.4, max_sentences=2).section(1)
    assert chosen.kept == ("s1.1", "s1.2", "s1.3", "s1.4")


def test_tables_urls_furniture_and_glued_markers_are_never_selected() -> None:
    section = Section(1, "Cijfers", (
        para(1, 1, "Jaar    Verzoeken    Bedrag (€ mln)", "2023    1.240    38,5", kind="table"),
        para(1, 3, "2024 1.410 52,0 13 %"),
        para(1, 4, "Zie https://www.rijksoverheid.nl/documenten/rapport-2025 voor het besluit van 2025."),
        para(1, 5, "Pagina 3 van 12 Het kabinet besloot tot 40 miljoen euro."),
        para(1, 6, "Dit is in 2024 besloten en aan uw Kamer gemeld.1 De uitvoering volgt in 2025."),
        para(1, 7, "Het kabinet heeft besloten in 2025 in totaal € 40 miljoen extra uit te trekken."),
    ))
    letter = letter_of(section)
    chosen = select_letter(letter, ratio=1.0, max_sentences=10).section(1)
    assert chosen.kept == ("s1.7",)
    assert {chosen.features[i].excluded for i in ("s1.1", "s1.2", "s1.3", "s1.4", "s1.5", "s1.6")} == {
        "table", "table-row", "url", "furniture", "note-marker"}


def test_explain_shows_each_kept_sentence_with_its_features() -> None:
    letter = build_letter([("Vervolg", [[
        "Vorige week was de gedeputeerde op bezoek in de regio.",
        "In dat gesprek heb ik toegezegd dat het kabinet voor de zomer € 5 miljoen uittrekt.",
    ]])])
    text = explain(letter, select_letter(letter, ratio=1.0, max_sentences=2))
    assert "[1] Vervolg" in text and "s1.2: score" in text and "cues " in text
    assert "amount" in text and "commitment" in text and "lowered: depends" in text
    assert "In dat gesprek heb ik toegezegd" in text


def test_summarise_explain_prints_the_features_on_stderr() -> None:
    from pathlib import Path

    from click.testing import CliRunner

    from nlbrief.cli import cli

    letter = Path(__file__).resolve().parents[2] / "eval" / "letters" / "fin-2025-10-02-btw-fraude.txt"
    result = CliRunner().invoke(cli, ["summarise", str(letter), "--lang", "nl", "--summariser", "none", "--explain",
                                      "--quiet"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("Selection: ") and "s5.1: score" in result.stderr
    assert "cues " in result.stderr and "kept as item of a list" in result.stderr
    assert "score" not in result.stdout.split("---")[0]  # the brief itself is unchanged
