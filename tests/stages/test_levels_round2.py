"""Section levels, round 2 (`nlbrief.parse.levels`): the unnumbered closing chapters after a
numbered letter's last part return to the top level, and a scheme of headings that every numbered
part repeats takes the same level in each part. Each rule on a letter of our own, with the
counter-cases that must keep their levels."""

from __future__ import annotations

from nlbrief.backends.extractive import ExtractiveAbstractor
from nlbrief.model.letter import Letter, Paragraph, Section, Sentence
from nlbrief.parse.levels import (
    calls_itself_a_chapter,
    closing_restart,
    is_closing_heading,
    recurring_headings,
)
from nlbrief.select import LONG_LETTER_WORDS, letter_words, units
from nlbrief.summarise import SummariseOptions, summarise_letter
from parse_helpers import outline
from parse_helpers import parsed as parsed_text

HEAD = "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 3 maart 2025\n\n"
CLOSE = "\nDe Minister van Infrastructuur en Waterstaat,\nJ. de Wit\n"
PROSE = (
    "Het programma ligt op schema en de waterschappen hebben hun plannen ingediend bij het rijk.\n"
    "De kosten bleven binnen het budget dat de Kamer vorig jaar heeft vastgesteld.\n"
)
NAMES = {"1.1": "Zoet water", "1.2": "Bodem", "1.3": "Grondwater", "2.1": "Laagveen", "2.2": "Zandgronden"}
OPENING = "Met deze brief informeer ik u over het beleid voor water en bodem.\n"


def parsed(body: str) -> Letter:
    """The letter of ``body`` between the head and the closing, nothing lost."""
    return parsed_text(HEAD + body + CLOSE)


def place(letter: Letter, heading: str) -> list[tuple[int, int | None]]:
    """(level, parent) of every section under ``heading``, in order."""
    return [(s.level, s.parent) for s in letter.sections if s.heading == heading]


def part(number: str, *, sub_before_last: bool = False, prose: str = PROSE) -> str:
    """A numbered part with the scheme Knelpunten / Maatregelen / Gevolgen; "Knelpunten" opens a
    group of sub-headings, and with ``sub_before_last`` "Maatregelen" ends in a sub-heading with
    text too, straight above "Gevolgen"."""
    maatregelen = ("Maatregelen\nZuinig met water\n" + prose + "\n") if sub_before_last else ("Maatregelen\n" + prose + "\n")
    return (
        f"{number} {NAMES[number]}\n\n"
        "Knelpunten\nMinder water, meer vraag\n" + prose + "\n"
        "Zeespiegelstijging\n" + prose + "\n"
        + maatregelen
        + "Gevolgen\n" + prose + "\n"
    )


# --- the closing chapters of a numbered letter ------------------------------------------------------

def test_chapters_after_the_last_parts_closing_scheme_heading_return_to_the_top_level() -> None:
    body = (
        OPENING + "\n1 Water\n\n" + part("1.1") + part("1.2", sub_before_last=True)
        + "2 Gebieden\n\n" + part("2.1") + part("2.2", sub_before_last=True)
        + "Samen werken aan realisatie\n" + PROSE + "\nBorging\n" + PROSE + "\nTot slot\n" + PROSE
    )
    letter = parsed(body)
    for heading in ("Samen werken aan realisatie", "Borging", "Tot slot"):
        assert place(letter, heading) == [(1, None)], outline(letter)
    # the last part keeps its own scheme
    last_part = next(s.index for s in letter.sections if s.heading == "2.2 Zandgronden")
    assert place(letter, "Gevolgen")[-1] == (3, last_part)


def test_a_closing_genre_heading_after_the_last_part_returns_to_the_top_level() -> None:
    body = (
        OPENING + "\n1 Aanleiding\n\n" + PROSE + "\n2 Aanpak\n\n" + PROSE
        + "\nPlanning\n\n" + PROSE + "\nHoe nu verder\n\n" + PROSE + "\nFinanciering\n\n" + PROSE
    )
    letter = parsed(body)
    aanpak = next(s.index for s in letter.sections if s.heading == "2 Aanpak")
    assert place(letter, "Planning") == [(2, aanpak)]  # before the closing chapter: still in part 2
    assert place(letter, "Hoe nu verder") == [(1, None)]
    assert place(letter, "Financiering") == [(1, None)]  # after a closing chapter: beside it


def test_a_section_that_calls_itself_a_chapter_returns_to_the_top_level() -> None:
    body = (
        OPENING + "\n1 Aanleiding\n\n" + PROSE + "\n2 Aanpak\n\n" + PROSE
        + "\nBorging en monitoring\n\nIn dit hoofdstuk gaan we in op de borging van de keuzes.\n" + PROSE
    )
    letter = parsed(body)
    assert place(letter, "Borging en monitoring") == [(1, None)]


def test_the_closing_chapters_are_briefed_as_top_level_units() -> None:
    filler = "".join(
        f"In deelgebied {k} werken provincie en waterschap samen aan maatregel {k} voor het grondwater.\n"
        f"Voor de uitvoering van maatregel {k} is in {2000 + k} een bedrag van {k} miljoen euro nodig.\n"
        for k in range(1, 40)
    )
    body = (
        OPENING + "\n1 Water\n\n" + part("1.1", prose=filler) + part("1.2", prose=filler, sub_before_last=True)
        + "Samen werken aan realisatie\n" + filler + "\nTot slot\n"
        + "Het kabinet stuurt de Kamer voor de zomer van 2026 een uitvoeringsagenda.\n"
    )
    letter = parsed(body)
    assert letter_words(letter) > LONG_LETTER_WORDS
    closing = [s.index for s in letter.sections if s.heading in ("Samen werken aan realisatie", "Tot slot")]
    assert [[s.index for s in u] for u in units(letter, tree=True) if u[0].index in closing] == [[i] for i in closing]
    brief = summarise_letter(letter, SummariseOptions(lang="nl", summariser="none"), abstractor=ExtractiveAbstractor())
    tot_slot = closing[-1]
    cited = {i for s in brief.sections if s.index == tot_slot for x in s.sentences for i in x.sources}
    assert cited == {f"s{tot_slot}.1"}  # its sentence in a section of its own, not under "1.2"


# --- a scheme repeated in sibling parts -----------------------------------------------------------

def test_a_scheme_heading_takes_the_same_level_in_every_sibling_part() -> None:
    # "Maatregelen" opens a group in 1.1 and has text of its own in 1.2; "Gevolgen" follows a
    # sub-heading with text in 1.2 only: each still sits straight under its part in both
    body = OPENING + "\n1 Water\n\n" + part("1.1") + part("1.2", sub_before_last=True) + "2 Uitvoering\n\n" + PROSE
    letter = parsed(body)
    parts = [s.index for s in letter.sections if s.heading and s.heading.startswith("1.")]
    for heading in ("Knelpunten", "Maatregelen", "Gevolgen"):
        assert place(letter, heading) == [(3, parts[0]), (3, parts[1])], outline(letter)
    # the sub-headings sit under the scheme heading before them
    knelpunten = [s.index for s in letter.sections if s.heading == "Knelpunten"]
    assert place(letter, "Zeespiegelstijging") == [(4, knelpunten[0]), (4, knelpunten[1])]
    maatregelen = [s.index for s in letter.sections if s.heading == "Maatregelen"]
    assert place(letter, "Zuinig met water") == [(4, maatregelen[1])]


def test_recurring_headings_need_a_scheme_of_two_texts_each_once_per_part() -> None:
    def sec(index: int, heading: str) -> Section:
        return Section(index, heading, (Paragraph((Sentence(f"s{index}.1", "Tekst."),)),))

    numbered = ["1 A", "X", "Y", "Z", "Z", "2 B", "X", "Y", "Z"]
    assert recurring_headings([sec(k + 1, h) for k, h in enumerate(numbered)]) == {"x", "y"}
    assert recurring_headings([sec(k + 1, h) for k, h in enumerate(["1 A", "Planning", "2 B", "Planning"])]) == set()


def test_closing_heading_and_chapter_words() -> None:
    assert is_closing_heading("Tot slot") and is_closing_heading("Hoe nu verder?")
    assert is_closing_heading("Financiering") and is_closing_heading("Vervolgstappen")
    assert not is_closing_heading("Vervolg van de pilot") and not is_closing_heading("Financiering van de zorg")
    chapter = Section(1, "Borging", (Paragraph((Sentence("s1.1", "In dit hoofdstuk gaan we in op de borging."),)),))
    aside = Section(2, "Borging", (Paragraph((Sentence("s2.1", "De borging loopt."),
                                             Sentence("s2.2", "Zie ook het vorige hoofdstuk."))),))
    assert calls_itself_a_chapter(chapter) and not calls_itself_a_chapter(aside)


# --- counter-cases: what must keep its level -------------------------------------------------------

def test_an_unnumbered_sub_heading_inside_a_numbered_part_stays_inside_it() -> None:
    body = (
        OPENING + "\n1 Aanleiding\n\n" + PROSE + "\nFinanciering\n\n" + PROSE + "\n2 Aanpak\n\n" + PROSE
        + "\nPlanning\n\n" + PROSE + "\nVervolg van de pilot\n\n" + PROSE
    )
    letter = parsed(body)
    first, second = (s.index for s in letter.sections if s.heading in ("1 Aanleiding", "2 Aanpak"))
    assert place(letter, "Financiering") == [(2, first)]  # a genre heading before the last part: inside
    assert place(letter, "Planning") == [(2, second)]
    assert place(letter, "Vervolg van de pilot") == [(2, second)]
    assert closing_restart(letter.sections) is None


def test_a_scheme_closer_without_text_keeps_its_sub_headings() -> None:
    # "Gevolgen" ends every earlier part, but in the last one it opens a group: what follows is its own
    body = (
        OPENING + "\n1 Water\n\n" + part("1.1") + part("1.2")
        + "1.3 Grondwater\n\nKnelpunten\n" + PROSE + "\nGevolgen\nVoor de landbouw\n" + PROSE
        + "\nVoor de natuur\n" + PROSE
    )
    letter = parsed(body)
    gevolgen = [s.index for s in letter.sections if s.heading == "Gevolgen"][-1]
    assert place(letter, "Voor de landbouw") == [(4, gevolgen)]
    assert place(letter, "Voor de natuur") == [(4, gevolgen)]


def test_a_heading_shared_by_two_parts_alone_is_no_scheme() -> None:
    body = (
        OPENING + "\n1 Aanleiding\n\nUitvoering\nPlanning\n" + PROSE
        + "\n2 Aanpak\n\nPlanning\n\n" + PROSE
    )
    letter = parsed(body)
    uitvoering = next(s.index for s in letter.sections if s.heading == "Uitvoering")
    aanpak = next(s.index for s in letter.sections if s.heading == "2 Aanpak")
    assert place(letter, "Planning") == [(3, uitvoering), (2, aanpak)]


def test_a_letter_without_numbering_keeps_its_levels() -> None:
    body = (
        OPENING + "\nSamenwerking\nMogelijkheden voor samenwerking\n" + PROSE + "\nFusies\n" + PROSE
        + "\nSchaalgrootte\n" + PROSE
    )
    letter = parsed(body)
    assert closing_restart(letter.sections) is None
    assert outline(letter) == [
        (None, 1, None),
        ("Samenwerking", 1, None),
        ("Mogelijkheden voor samenwerking", 2, 2),
        ("Fusies", 2, 2),
        ("Schaalgrootte", 2, 2),
    ]


def test_sub_headings_that_recur_in_every_part_stay_sub_headings() -> None:
    # "Korte termijn" straight under "Maatregelen" and "Lange termijn" beside it, in both parts
    def sub_part(number: str, extra: str = "") -> str:
        return (
            f"{number} {NAMES[number]}\n\nKnelpunten\n" + PROSE + "\nMaatregelen\nKorte termijn\n" + PROSE
            + "\nLange termijn\n" + PROSE + extra + "\nGevolgen\n" + PROSE + "\n"
        )

    letter = parsed(OPENING + "\n1 Water\n\n" + sub_part("1.1") + sub_part("1.2", "\nInnovatie\n" + PROSE)
                    + "2 Uitvoering\n\n" + PROSE)
    maatregelen = [s.index for s in letter.sections if s.heading == "Maatregelen"]
    assert place(letter, "Korte termijn") == [(4, m) for m in maatregelen], outline(letter)
    assert place(letter, "Lange termijn") == [(4, m) for m in maatregelen]
    assert place(letter, "Innovatie") == [(4, maatregelen[1])]
    assert recurring_headings(letter.sections) == {"knelpunten", "maatregelen", "gevolgen"}
    parts = [s.index for s in letter.sections if s.heading and s.heading.startswith("1.")]
    assert place(letter, "Gevolgen") == [(3, parts[0]), (3, parts[1])]


def test_a_text_that_only_ever_follows_a_recurring_sub_heading_is_left_to_the_layout() -> None:
    # "Gevolgen" straight after "Lange termijn" in every part could be its sibling: no scheme
    # heading, so it keeps the level the layout gives (beside "Lange termijn"), as before
    def sub_part(number: str) -> str:
        return (
            f"{number} {NAMES[number]}\n\nKnelpunten\n" + PROSE + "\nMaatregelen\nKorte termijn\n" + PROSE
            + "\nLange termijn\n" + PROSE + "\nGevolgen\n" + PROSE + "\n"
        )

    letter = parsed(OPENING + "\n1 Water\n\n" + sub_part("1.1") + sub_part("1.2") + "2 Uitvoering\n\n" + PROSE)
    assert recurring_headings(letter.sections) == {"knelpunten", "maatregelen"}
    maatregelen = [s.index for s in letter.sections if s.heading == "Maatregelen"]
    assert place(letter, "Gevolgen") == [(4, m) for m in maatregelen]
