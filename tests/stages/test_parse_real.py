"""The real Kamerbrieven in ../shared/data/letters: every one parses and loses nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlbrief.accounting import check_document
from nlbrief.parse import parse_document
from nlbrief.read import read_path

LETTERS = Path(__file__).resolve().parents[3] / "shared" / "data" / "letters"

MIGRATION = "kst-2024-05-16-jenv-internationaal-migratiebeleid.txt"


def _real_letters(pattern: str) -> list[Path]:
    return sorted(LETTERS.glob(pattern)) if LETTERS.is_dir() else []


@pytest.mark.parametrize(
    "path", _real_letters("kst-*.txt") + _real_letters("kst-*.pdf"), ids=lambda p: p.name
)
def test_every_real_letter_parses_and_loses_nothing(path: Path) -> None:
    doc = read_path(path)
    letter = parse_document(doc)
    acc = check_document(doc, letter)
    assert acc.ok, acc.summary()
    assert letter.date, "every real letter carries a date"
    assert letter.sections and any(s.sentences for s in letter.sections)
    assert letter.sender_role and letter.signatory
    ids = [s.id for s in letter.iter_sentences()]
    assert len(ids) == len(set(ids))
    # footnote references point at footnotes that exist
    numbers = {f.number for f in letter.footnotes}
    assert {n for s in letter.iter_sentences() for n in s.footnote_refs} <= numbers


def test_real_letters_are_present_for_ci(letters_dir: Path) -> None:
    # Makes the skip visible: without ../shared the parametrised test above has no cases.
    assert len(list(letters_dir.glob("kst-*.txt"))) >= 10


def test_migration_letter_structure(letters_dir: Path) -> None:
    doc = read_path(letters_dir / MIGRATION)
    letter = parse_document(doc)
    assert check_document(doc, letter).ok
    assert letter.date == "2024-05-16"
    assert letter.place == "Den Haag"
    assert letter.addressee == "De Voorzitter van de Tweede Kamer der Staten-Generaal"
    assert letter.sender_role == ("De Staatssecretaris van Justitie en Veiligheid",)
    assert letter.signatory == ("E. van der Burg",)
    headings = [s.heading for s in letter.sections]
    assert headings == [
        None,
        "Gezamenlijke brief aan de Europese Commissie over out-of-the-box oplossingen in het asieldomein",
        "Voortgang afronding Asiel- en Migratiepact",
        "Ministeriële Conferentie over de implementatie van het Asiel- en Migratiepact in Gent",
        "Voortgang afronding herziene Schengengrenscode",
        "Ministeriële conferentie over brede partnerschappen in Kopenhagen",
        "Nederlandse prioriteiten in het kader van de nieuwe Europese Commissie",
    ]
    assert [f.number for f in letter.footnotes] == [1, 2, 3, 4, 5, 6, 7]
    assert letter.footnotes[0].text.startswith("Onder andere Kamerstukken 2023/2024 32 317, nr. 872")
    assert letter.footnotes[6].text == (
        "Kamerstukken 2023/2024, 19 637, nr. 3220 Motie van het lid Keijzer ingediend d.d. 26 maart 2024"
    )
    texts = [s.text for s in letter.iter_sentences()]
    # sentences whole across their page breaks (the footnote blocks cut them in the source)
    for whole in (
        "Twintig dagen na deze publicatie treden de betreffende verordeningen en de richtlijn in werking.",
        "Op 24 april jl. is het voorstel met een meerderheid van stemmen ook formeel aangenomen in de "
        "plenaire zitting van het Europees Parlement.",
        "U bent geïnformeerd over deze non-papers via de Geannoteerde Agenda van de JBZ-raad van 4–5 maart.",
    ):
        assert whole in texts
    # footnote markers leave the text and become references
    by_text = {s.text: s for s in letter.iter_sentences()}
    informed = next(s for t, s in by_text.items() if t.endswith("op verschillende momenten heb geïnformeerd."))
    assert informed.footnote_refs == (1,)
    assert not any(t.endswith((".1", ".2", ".3")) for t in texts)
    # hyphenation: joined where typesetting broke words, kept where the hyphen is real
    joined = " ".join(texts)
    assert "migratiebeleid" in joined and "Tegelijkertijd" in joined
    assert "Asiel- en Migratiepact" in joined and "collega-Ministers" in joined
    assert "EU-buitengrenzen" in joined and "out-of-the-box" in letter.sections[1].heading
    # citations and motions
    cited = {(c.session, c.dossier, c.number) for c in letter.citations}
    assert ("2023/2024", "32 317", "872") in cited and ("2023/2024", "19 637", "3220") in cited
    motions = {m.member: m for m in letter.motions}
    assert motions["Eerdmans"].dossier == "32 317" and motions["Eerdmans"].number == "813"
    assert motions["Eerdmans"].date == "2023-02-09"
    assert motions["Keijzer"].number == "3220" and motions["Keijzer"].date == "2024-03-26"


def test_house_style_letter_with_detached_footnotes(letters_dir: Path) -> None:
    letter = parse_document(read_path(letters_dir / "kst-vws-2025-09-08-aanbieding-azwa.txt"))
    assert [s.heading for s in letter.sections] == [
        None, "Belang van het AZWA", "Moties in relatie tot AZWA", "Vervolgproces AZWA",
    ]
    assert letter.salutation == "Geachte voorzitter,"
    assert letter.subject == "Aanbieding Aanvullend Zorg- en Welzijnsakkoord (AZWA)"
    assert letter.reference == "4204015-1087289-PDIZA"
    assert letter.sender_role == ("de minister van Volksgezondheid, Welzijn en Sport",)
    assert letter.signatory == ("Jan Anthonie Bruijn",)
    # the notes come after the signature, out of order, their numbers apart from their text
    assert [(f.number, f.text) for f in letter.footnotes] == [
        (1, "Kst. 36 725, nr. 29."),
        (2, "Kst. 25 424, nr. 744."),
        (3, "Kst. 29 689, nr. 1311 en Kst. 29 689, nr. 1313."),
    ]
    korte = next(s for s in letter.iter_sentences() if "De Korte" in s.text)
    assert korte.footnote_refs == (1,) and " 1 " not in korte.text
    assert "Pagina 1 van 2" in letter.furniture


@pytest.mark.parametrize("stem", ["kst-vws-2026-04-09-voortgang-iza-azwa", "kst-jenv-2011-03-01-draagmoederschap"])
def test_pdf_and_text_agree(letters_dir: Path, stem: str) -> None:
    from_text = parse_document(read_path(letters_dir / f"{stem}.txt"))
    from_pdf = parse_document(read_path(letters_dir / f"{stem}.pdf"))
    assert from_pdf.date == from_text.date
    assert from_pdf.signatory == from_text.signatory
    assert [f.number for f in from_pdf.footnotes] == [f.number for f in from_text.footnotes]
    assert from_pdf.source.format == "pdf"
    # the PDF's layout (italic headings) finds at least the headings the text finds
    assert {s.heading for s in from_text.sections} <= {s.heading for s in from_pdf.sections}


def _all_real_letters() -> list[Path]:
    if not LETTERS.is_dir():
        return []
    return sorted(p for p in LETTERS.rglob("kst-*") if p.suffix in (".txt", ".pdf"))


@pytest.mark.parametrize("path", _all_real_letters(), ids=lambda p: str(p.relative_to(LETTERS)))
def test_every_real_letter_parses_with_exit_0_and_nothing_lost(path: Path) -> None:
    """Every real letter, dev/ included (all three source layouts), through `nlbrief parse`."""
    import json

    from click.testing import CliRunner

    from nlbrief.cli import cli

    result = CliRunner().invoke(cli, ["parse", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output[-500:]
    data = json.loads(result.output)
    assert data["nothing_lost"] is True
    for sec in data["sections"]:  # the outline is a tree: parents come first and sit higher
        if sec["parent"] is not None:
            parent = data["sections"][sec["parent"] - 1]
            assert parent["index"] == sec["parent"] and parent["level"] < sec["level"]


def test_dev_letters_are_present_for_ci(letters_dir: Path) -> None:
    assert len(list((letters_dir / "dev").glob("kst-*.txt"))) >= 25


def test_mq9_body_is_free_of_sidebar_text(letters_dir: Path) -> None:
    doc = read_path(letters_dir / "kst-def-2022-01-06-gereedstelling-mq9-reaper.txt")
    letter = parse_document(doc)
    assert check_document(doc, letter).ok
    body = " ".join(s.text for s in letter.iter_sentences())
    for sidebar in ("Onze referentie", "BS2021027543", "Afschrift aan", "Postbus", "2500 EA",
                    "Bij beantwoording", "onze referentie en betreft", "vermelden", "Eerste Kamer",
                    "Staten-Generaal"):
        assert sidebar not in body, sidebar
    assert letter.reference == "BS2021027543" and letter.subject == "Gereedstelling MQ-9 Reaper"
    assert "Met deze brief informeer ik u dat Defensie vanaf begin februari 2022 de beschikking krijgt" in body


def test_water_letter_repeated_headings_sit_under_their_own_parents(letters_dir: Path) -> None:
    letter = parse_document(read_path(letters_dir / "kst-ienw-2022-11-25-water-en-bodem-sturend.txt"))
    problems = [s for s in letter.sections if s.heading == "Problematiek"]
    assert len(problems) == 6
    assert all(s.parent is not None for s in problems)
    assert len({s.parent for s in problems}) == 6
    by_index = {s.index: s for s in letter.sections}
    assert all(by_index[s.parent].level < s.level for s in problems)  # type: ignore[index]


def test_water_letter_markers_follow_the_running_order(letters_dir: Path) -> None:
    # "de Vewin en de VEMW 12 over", "het eerste advies 5 van", "de motie Grinwis 17,", "2022-20278":
    # each the marker of its note; a stray number earlier no longer blocks the markers after it
    letter = parse_document(read_path(letters_dir / "kst-ienw-2022-11-25-water-en-bodem-sturend.txt"))
    refs = {n: s.text for s in letter.iter_sentences() for n in s.footnote_refs}
    assert "advies van de Beleidstafel wateroverlast" in refs[5]
    assert "de Vewin en de VEMW over toepassing" in refs[12]
    assert "met de motie Grinwis, waarin" in refs[17]
    assert set(refs) == set(range(1, 28))
    assert "Stroomgebiedbeheerplannen 2022-2027, het 7e" in refs[8]  # printed "2022-20278"
