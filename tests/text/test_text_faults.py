"""Text faults that users of PDF extractors report (issue 10): each kind fixed, each shared case a
test (../shared/data/cases, skipped with the reason where absent) and a second case of our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlbrief.accounting import check_document, check_nothing_lost
from nlbrief.check import Evidence, unsupported_items
from nlbrief.glossary import load_glossary, parse_glossary, prepare
from nlbrief.model.letter import Letter
from nlbrief.mttext import missing_numbers
from nlbrief.parse import parse_document, parse_text
from nlbrief.read import read_path
from nlbrief.text.citations import find_citations
from nlbrief.text.hyphenation import join_lines, word_counts
from nlbrief.text.normalise import expand_ligatures, join_soft_hyphens
from nlbrief.text.segment import split_sentences
from nlbrief.translate import translate_letter
from translation_helpers import EchoTranslator

CASES = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "cases"
LIGATURE_GLYPHS = "".join(chr(c) for c in range(0xFB00, 0xFB07))


@pytest.fixture(scope="module")
def cases() -> Path:
    if not CASES.is_dir():
        pytest.skip(f"text-fault cases not available: {CASES} does not exist (CI has it)")
    return CASES


def _parse_case(cases: Path, name: str) -> Letter:
    doc = read_path(cases / name)
    letter = parse_document(doc)
    assert check_document(doc, letter).ok, check_document(doc, letter).summary()
    return letter


def _sentences(letter: Letter) -> list[str]:
    return [s.text for sec in letter.sections for s in sec.sentences]


def _letter(body: str) -> Letter:
    text = f"Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 12 maart 2026\n\n{body}\n"
    letter = parse_text(text)
    assert check_nothing_lost(text, letter).ok, check_nothing_lost(text, letter).summary()
    return letter


# --- soft hyphens --------------------------------------------------------------------------------

def test_case_soft_hyphen_line_end(cases: Path) -> None:
    sents = _sentences(_parse_case(cases, "soft-hyphen-line-end.txt"))
    assert sents[0].endswith(" van maatschappelijk vastgoed.")
    assert sents[1] == "De uitvoeringsorganisaties krijgen daarvoor in 2026 extra middelen."
    assert any("arbeidsmarkt" in s for s in sents)
    assert not any("\u00ad" in s for s in sents)


def test_own_soft_hyphens_line_end_own_line_and_inside() -> None:
    letter = _letter("De gemeen\u00ad\nteraad stemt in met het be\u00ad\nleid. Het woning\n\u00ad\nbouw"
                     "programma en de stik\u00adstof\u00adregels blijven.\n\nDe Minister van Financiën,\n\nP. Jansen")
    assert _sentences(letter) == [
        "De gemeenteraad stemt in met het beleid.", "Het woningbouwprogramma en de stikstofregels blijven.",
    ]


def test_soft_hyphen_rules_keep_the_line_structure() -> None:
    assert join_soft_hyphens("de maatschap\u00ad\npelijk vastgoed\nx") == "de maatschappelijk\nvastgoed\nx"
    assert join_soft_hyphens("uitvoerings\n\u00ad\norganisaties krijgen") == "uitvoeringsorganisaties\nkrijgen"
    assert join_soft_hyphens("woord\u00ad\n\nNieuwe alinea") == "woord\n\nNieuwe alinea"  # a paragraph stays


# --- ligatures -----------------------------------------------------------------------------------

def test_case_ligatures_and_the_glossary(cases: Path) -> None:
    sents = _sentences(_parse_case(cases, "ligatures.txt"))
    assert not any(set(s) & set(LIGATURE_GLYPHS) for s in sents)
    joined = " ".join(sents)
    assert all(w in joined for w in ("BNC-fiche", "financiële", "officiële"))
    glossary = load_glossary(cases / "ligatures-glossary.tsv")
    plain = "Hierbij stuur ik u het BNC-fiche over het voorstel voor een flexibele begrotingsregel."  # typed
    matched = {t.dutch for s in sents for t in prepare(s, glossary).terms}
    assert matched == {t.dutch for t in prepare(plain, glossary).terms} == {"BNC-fiche", "flexibele begrotingsregel"}


def test_own_ligatures_every_glyph() -> None:
    assert expand_ligatures("\ufb00 \ufb01 \ufb02 \ufb03 \ufb04 \ufb05 \ufb06") == "ff fi fl ffi ffl st st"
    letter = _letter("De e\ufb00ecten van de o\ufb03ciële \ufb02exwoningen zijn bekend.\n\n"
                     "De Minister van Financiën,\n\nP. Jansen")
    assert _sentences(letter) == ["De effecten van de officiële flexwoningen zijn bekend."]
    glossary = parse_glossary("flexwoningen\tflexible homes\n")
    assert [t.dutch for t in prepare(_sentences(letter)[0], glossary).terms] == ["flexwoningen"]


# --- footnote markers glued to the next word -------------------------------------------------------

def test_case_marker_glued_to_next_word(cases: Path) -> None:
    letter = _parse_case(cases, "marker-glued-to-next-word.txt")
    sents = [s for sec in letter.sections for s in sec.sentences]
    by_text = {s.text: s.footnote_refs for s in sents}
    first = next(s for s in by_text if s.endswith("in het commissiedebat over de woningbouw."))
    assert tuple(by_text[first]) == (1,)
    assert any(s.startswith("In dat debat is gevraagd") for s in by_text)
    reserved = next(s for s in by_text if s.endswith("gereserveerd."))
    assert tuple(by_text[reserved]) == (2,)
    assert [f.number for f in letter.footnotes] == [1, 2]
    assert "Kamerstuk 32 847, nr. 1120" in letter.footnotes[0].text
    assert "Voorjaarsnota" in letter.footnotes[1].text
    assert [(c.dossier, c.number) for c in letter.citations] == [("32 847", "1120")]


def test_a_list_label_after_a_semicolon_is_no_marker() -> None:
    letter = _letter("Er zijn twee punten: 1. Vermindering van gebruik; 2. Substitutie van grondstoffen.\n\n"
                     "2 Kamerstuk 32 852, nr. 1.\n\nDe Minister van Financiën,\n\nP. Jansen")
    assert "1. Vermindering van gebruik; 2. Substitutie van grondstoffen." in _sentences(letter)


def test_own_markers_glued_to_the_next_word() -> None:
    letter = _letter("Het kabinet heeft de motie uitgevoerd.3Daarmee is het verzoek afgedaan. "
                     "De kosten zijn gedekt.4Het Rijk betaalt.\n\n"
                     "3 Kamerstuk 36 410, nr. 5.\n\n4 Zie de Miljoenennota.\n\n"
                     "De Minister van Financiën,\n\nP. Jansen")
    refs = {s.text: tuple(s.footnote_refs) for sec in letter.sections for s in sec.sentences}
    assert refs == {"Het kabinet heeft de motie uitgevoerd.": (3,), "Daarmee is het verzoek afgedaan.": (),
                    "De kosten zijn gedekt.": (4,), "Het Rijk betaalt.": ()}
    assert [f.number for f in letter.footnotes] == [3, 4]


# --- abbreviations that can end a sentence --------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("De bijdrage bedraagt ca. 3 mld. Daarnaast komt er geld bij.",
         ["De bijdrage bedraagt ca. 3 mld.", "Daarnaast komt er geld bij."]),
        ("De bijdrage bedraagt 3 mld. euro per jaar.", ["De bijdrage bedraagt 3 mld. euro per jaar."]),
        ("Er wonen ong. 2 mln. mensen. Ook de rest telt.", ["Er wonen ong. 2 mln. mensen.", "Ook de rest telt."]),
        ("Het gaat om 2 mln. Ook de rest telt.", ["Het gaat om 2 mln.", "Ook de rest telt."]),
        ("Boeken, kranten enz. De rest volgt.", ["Boeken, kranten enz.", "De rest volgt."]),
        ("Zie artikel 3, tweede lid. De wet is helder.", ["Zie artikel 3, tweede lid.", "De wet is helder."]),
        ("Dat zei de prof. Hij was duidelijk.", ["Dat zei de prof.", "Hij was duidelijk."]),
        ("Dat zei prof. De Vries gisteren.", ["Dat zei prof. De Vries gisteren."]),
    ],
)
def test_abbreviations_that_may_end_a_sentence(text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == expected


# --- titles and eras --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    ["Mgr. Jansen opende de bijeenkomst.", "In 300 v. Chr. bouwde men hier een tempel.",
     "Dit betreft o.m. De Nederlandsche Bank en de AFM.", "Zie N°. 12 van de lijst.",
     "Het gaat om 50 n. Chr. Romeinse vondsten."],
)
def test_title_and_era_abbreviations_do_not_end_a_sentence(text: str) -> None:
    assert [s.text for s in split_sentences(text)] == [text]


# --- list items ---------------------------------------------------------------------------------------

def test_case_lettered_list_items(cases: Path) -> None:
    sents = _sentences(_parse_case(cases, "lettered-list-items.txt"))
    for item in ("a. De uitbreiding van de capaciteit in de opvang.", "b. De versnelling van de procedures bij de IND.",
                 "c. Een betere verdeling over de provincies."):
        assert item in sents
    assert not any(s.endswith((" a.", " b.", " c.")) for s in sents)
    assert any(s.startswith("Het kabinet neemt drie maatregelen: 1. een") and s.endswith("de uitvoering.")
               for s in sents)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("De maatregelen zijn: 1. Het Rijk betaalt. 2. De provincie voert uit.",
         ["De maatregelen zijn:", "1. Het Rijk betaalt.", "2. De provincie voert uit."]),
        ("Twee punten. a) Het budget groeit. b) De regels worden eenvoudiger.",
         ["Twee punten.", "a) Het budget groeit.", "b) De regels worden eenvoudiger."]),
        ("a. De eerste stap volgt in mei.", ["a. De eerste stap volgt in mei."]),
        ("Het budget steeg tot 3. De rest volgt.", ["Het budget steeg tot 3.", "De rest volgt."]),
        ("We doen: 1. meer, 2. sneller en 3. beter.", ["We doen: 1. meer, 2. sneller en 3. beter."]),
        # a number after an abbreviation or in brackets is no label: found on the tune letters
        ("Zie Kamerstuk 31 700, nr. 8. Mede namens de minister meld ik dit.",
         ["Zie Kamerstuk 31 700, nr. 8.", "Mede namens de minister meld ik dit."]),
        ("Ik sprak erover (Kamerstuk 27 658, nr. 42). Ik heb toen overleg gevoerd.",
         ["Ik sprak erover (Kamerstuk 27 658, nr. 42).", "Ik heb toen overleg gevoerd."]),
    ],
)
def test_own_list_items(text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == expected


# --- quotation marks -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("De Raad was positief. „Wij steunen dit plan”, aldus de voorzitter.",
         ["De Raad was positief.", "„Wij steunen dit plan”, aldus de voorzitter."]),
        ("Dat is ,,onaanvaardbaar''. ,,Wij gaan door'', zei hij.",
         ["Dat is ,,onaanvaardbaar''.", ",,Wij gaan door'', zei hij."]),
        ("Het is af. ‘Een nieuw begin’ heet het rapport.", ["Het is af.", "‘Een nieuw begin’ heet het rapport."]),
        ("Het rapport heet “Een nieuw begin. ” Daarna volgt meer.",
         ["Het rapport heet “Een nieuw begin. ”", "Daarna volgt meer."]),
        ("Hij zei: „Dit is goed.” Daarna ging hij.", ["Hij zei: „Dit is goed.”", "Daarna ging hij."]),
    ],
)
def test_quotation_marks(text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == expected


# --- real hyphens at a line end ---------------------------------------------------------------------

def test_case_line_end_real_hyphens(cases: Path) -> None:
    joined = " ".join(_sentences(_parse_case(cases, "line-end-real-hyphens.txt")))
    for word in ("2024-2029", "COVID-19", "Noord-Holland", "oud-minister", "mbo-studenten", "cao-afspraken",
                 "niet-naleving", "ggz-instellingen"):
        assert word in joined


def test_own_line_end_real_hyphens_with_list_and_evidence() -> None:
    text = ["De ex-", "minister en de vice-", "premier spraken met hbo-", "docenten over de pro-",
            "blemen van het pro-", "gramma en de btw-", "verhoging; de kpi-", "rapportage volgt."]
    evidence = word_counts("De minister ging naar de kpi-normen en het programma.")
    assert join_lines(text, evidence) == (
        "De ex-minister en de vice-premier spraken met hbo-docenten over de problemen van het programma "
        "en de btw-verhoging; de kpi-rapportage volgt.")
    # A syllable break after a listed prefix is joined: "oud-" + "ste", "oud-" + "heid".
    assert join_lines(["de oud-", "ste vondst uit de oud-", "heid"]) == "de oudste vondst uit de oudheid"


# --- citations -------------------------------------------------------------------------------------

def test_case_citation_lists_and_series(cases: Path) -> None:
    letter = _parse_case(cases, "citation-lists-and-series.txt")
    assert [(c.dossier, c.number) for c in letter.citations] == [
        ("21 501-02", "3105"), ("36 600 V", "12"), ("36 600 V", "15"),
        ("29 544", "1201"), ("29 544", "1205"), ("29 544", "1210"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(Kamerstuk 21 501-20, nrs. 2001, 2002, 2003 en 2004)",
         [("21 501-20", "2001"), ("21 501-20", "2002"), ("21 501-20", "2003"), ("21 501-20", "2004")]),
        ("Kamerstukken 36 410, nrs. 5 t/m 7", [("36 410", "5"), ("36 410", "6"), ("36 410", "7")]),
        ("zie Aanhangsel Handelingen II 2021/22, nr. 1234.", [("Aanhangsel Handelingen", "1234")]),
        ("Kamerstukken I 2016/17, 34 550, A en Kamerstukken I 2017/18, 34 775 VI, B.",
         [("34 550", "A"), ("34 775 VI", "B")]),
        ("Kamerstuk 32 317, nr. 5, 12 maart 2024", [("32 317", "5")]),
    ],
)
def test_own_citation_lists_series_aanhangsel_and_senate_letters(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(c.dossier, c.number) for c in find_citations(text)] == expected


def test_senate_and_aanhangsel_normal_forms() -> None:
    (senate,) = find_citations("Kamerstukken I 2016/17, 34 550, A")
    assert senate.text == "Kamerstukken I 2016/2017, 34 550, A" and senate.session == "2016/2017"
    (question,) = find_citations("Aanhangsel Handelingen II 2021/22, nr. 1234")
    assert question.text == "Aanhangsel Handelingen II 2021/2022, nr. 1234"


# --- scale words in the faithfulness check and the translation number check ------------------------

RAIL = "Het kabinet trekt in 2026 € 1,5 miljard uit voor de verbetering van het spoor."


@pytest.mark.parametrize(
    ("source", "brief", "flagged"),
    [
        (RAIL, "The cabinet sets aside €1.5 million in 2026 for the railways.", ["1.5 million"]),
        (RAIL, "The cabinet sets aside €1.5 billion in 2026 for the railways.", []),
        (RAIL, "The cabinet sets aside €1,500,000,000 in 2026 for the railways.", []),
        ("Voor de regeling is 2,5 miljoen euro beschikbaar.", "The scheme has 2.5 billion euros.", ["2.5 billion"]),
        ("Voor de regeling is 2,5 miljoen euro beschikbaar.", "The scheme has 2.5 million euros.", []),
        ("Er is 3 mld. extra.", "There is 3 million extra.", ["3 million"]),
        ("Er is 3 mln. extra.", "There is €3m extra.", []),
        ("Er gaan 40 duizend banen weg.", "40 thousand jobs go.", []),
        ("Er gaan 40 duizend banen weg.", "40 million jobs go.", ["40 million"]),
    ],
)
def test_faithfulness_check_reads_scale_words(source: str, brief: str, flagged: list[str]) -> None:
    items = unsupported_items(brief, "en", Evidence.from_texts(nl=[source]), letter_year=2026)
    assert [i.value for i in items if i.kind == "number"] == flagged


@pytest.mark.parametrize(
    ("source", "target", "missing"),
    [
        (RAIL, "In 2026 the cabinet allocates €1.5 million to improving the railways.", ["1,5 miljard"]),
        (RAIL, "In 2026 the cabinet allocates €1.5 billion to improving the railways.", []),
        ("Voor de regeling is 2,5 miljoen euro beschikbaar.", "2.5 billion euros is available.", ["2,5 miljoen"]),
        ("Er is 3 mld. extra.", "There is 3 billion extra.", []),
        ("Er is 3 mld. extra.", "There is 3 million extra.", ["3 mld"]),
        ("Er gaan 40 duizend banen weg.", "40,000 jobs go.", []),
        ("Het kost 2 biljoen.", "It costs 2 billion.", ["2 biljoen"]),
    ],
)
def test_translation_number_check_reads_scale_words(source: str, target: str, missing: list[str]) -> None:
    assert missing_numbers(source, target) == missing


def test_scale_word_errors_reach_the_translation_coverage() -> None:
    letter = _letter(f"{RAIL}\n\nDe Minister van Infrastructuur en Waterstaat,\n\nP. Jansen")
    wrong = EchoTranslator(transform=lambda s: s.replace("€ 1,5 miljard", "€1.5 million"))
    right = EchoTranslator(transform=lambda s: s.replace("€ 1,5 miljard", "€1.5 billion"))
    problems = translate_letter(letter, wrong).coverage.number_problems
    assert [p["missing"] for p in problems] == [["1,5 miljard"]]
    assert translate_letter(letter, right).coverage.number_problems == ()
