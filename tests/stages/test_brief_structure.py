"""The brief's structure: the web-intro overview, long letters as a tree with a table of contents,
the word budget, empty sections left out, and the English brief made of the same selection."""

from __future__ import annotations

import itertools

from nlbrief.backends.extractive import ExtractiveAbstractor
from nlbrief.evaluation.metrics import provenance
from nlbrief.model.letter import Letter, Paragraph, Section, Sentence, Source
from nlbrief.overview import overview_intro
from nlbrief.render.brief import to_markdown
from nlbrief.select import LONG_LETTER_WORDS, letter_words, select_letter
from nlbrief.summarise import SummariseOptions, summarise_letter
from translation_helpers import EchoTranslator

NL = SummariseOptions(lang="nl", summariser="none")


def section(index: int, heading: str | None, texts: list[str], level: int = 1, parent: int | None = None) -> Section:
    sentences = tuple(Sentence(f"s{index}.{k}", t) for k, t in enumerate(texts, start=1))
    return Section(index, heading, (Paragraph(sentences),) if sentences else (), level=level, parent=parent)


def letter_of(*sections: Section, subject: str | None = "Voortgang drinkwaterbronnen",
              roles: tuple[str, ...] = ("De Minister van Infrastructuur en Waterstaat",)) -> Letter:
    return Letter(source=Source("inline.txt", "0", "text"), sender_role=roles, signatory=("M. de Vries",),
                  subject=subject, date="2025-03-14", sections=sections)


SHORT = [
    section(1, None, ["Hierbij informeer ik u over de voortgang van de bescherming van drinkwaterbronnen.",
                      "Het kabinet heeft besloten per 1 januari 2026 in totaal € 40 miljoen uit te trekken voor "
                      "de bescherming van bronnen.",
                      "Het weer was de afgelopen maanden wisselend."]),
    section(2, "Vervolg", ["Ik informeer uw Kamer voor de zomer over de eerste resultaten van de gebiedsdossiers.",
                           "De gesprekken met de provincies verlopen in een goede sfeer."]),
]


# --- the overview ------------------------------------------------------------------------------

def test_overview_says_who_writes_about_what_and_what_is_decided() -> None:
    letter = letter_of(*SHORT)
    brief = summarise_letter(letter, NL, abstractor=ExtractiveAbstractor())
    intro, *rest = brief.overview_sentences
    assert intro.text == ("De minister van Infrastructuur en Waterstaat informeert de Kamer over voortgang "
                          "drinkwaterbronnen.")
    assert intro.sources == ("meta:sender", "meta:subject")
    assert len(brief.overview.split()) <= 60
    assert [s.sources for s in rest] and all(len(s.sources) == 1 for s in rest)
    assert "s1.2" in {s.sources[0] for s in rest}  # the decision, not the courtesy or the weather
    assert provenance(brief, letter).rate == 1.0  # the metadata ids count as sources


def test_overview_without_a_subject_takes_the_topic_from_the_framing_sentence() -> None:
    letter = letter_of(*SHORT, subject=None, roles=("DE MINISTER VAN DEFENSIE", "DE STAATSSECRETARIS VAN DEFENSIE"))
    intro = overview_intro(letter)
    assert intro.text == ("De minister van Defensie en de staatssecretaris van Defensie informeren de Kamer over de "
                          "voortgang van de bescherming van drinkwaterbronnen.")
    assert intro.sources == ("meta:sender", "s1.1")
    bare = letter_of(section(1, None, ["Het kabinet heeft besloten de regeling te verlengen."]), subject=None, roles=())
    assert overview_intro(bare).text == ""  # nothing the letter supports: no intro
    brief = summarise_letter(bare, NL, abstractor=ExtractiveAbstractor())
    assert [s.sources for s in brief.overview_sentences] == [("s1.1",)]
    assert provenance(brief, bare).rate == 1.0
    no_sender = letter_of(*SHORT, roles=())
    assert overview_intro(no_sender).text == "Het kabinet informeert de Kamer over voortgang drinkwaterbronnen."
    assert overview_intro(no_sender).sources == ("meta:subject",)


# --- long letters ------------------------------------------------------------------------------

_WORDS = ["waterschap", "provincie", "gemeente", "rivier", "dijk", "polder", "grondwater", "bodem", "landbouw",
          "natuur", "stad", "haven", "kust", "zandwinning", "drinkwater", "veen", "klei", "beek", "meer", "kanaal"]


def _filler(index: int, n: int) -> list[str]:
    """``n`` different sentences of about 14 words, unlike each other (no near-duplicates)."""
    pairs = list(itertools.permutations(_WORDS, 3))[index * 97:]
    return [f"In het gebied rond de {a} werkt de {b} met de {c} aan plan {index}.{k} voor de komende "
            f"jaren." for k, (a, b, c) in enumerate(pairs[:n], start=1)]


def long_letter() -> Letter:
    return letter_of(
        section(1, None, ["Hierbij informeer ik u over de herziening van het waterbeleid.", *_filler(1, 10)]),
        section(2, "1 Water en bodem sturend", _filler(2, 40)),
        section(3, "1.1 Grondwater", [*_filler(3, 40), "Het kabinet heeft besloten de grondwaterwinning in "
                                      "kwetsbare gebieden vanaf 1 januari 2027 te beperken."], level=2, parent=2),
        section(4, "1.2 Bodemdaling", _filler(4, 40), level=2, parent=2),
        section(5, "2 Uitvoering", _filler(5, 60)),
        section(6, "3 Leeg", []),
    )


def test_a_long_letter_is_briefed_per_top_level_section_within_its_budget() -> None:
    letter = long_letter()
    n_words = letter_words(letter)
    assert n_words > LONG_LETTER_WORDS
    brief = summarise_letter(letter, NL, abstractor=ExtractiveAbstractor())
    assert [s.index for s in brief.sections] == [1, 2, 5]  # sub-sections folded in, the empty one left out
    sources = {i for s in brief.sections[1].sentences for i in s.sources}
    assert any(i.startswith(("s3.", "s4.")) for i in sources)  # sub-section sentences keep their own ids
    assert "s3.41" in sources  # the decision in a sub-section is found
    words = sum(len(s.text.split()) for sec in brief.sections for s in sec.sentences)
    total = words + len(brief.overview.split())
    assert total <= 1000 and total <= 0.15 * n_words
    md = to_markdown(brief)
    # the letter's own numbering, once, and no index of ours beside it ("1. Opening" above "2 Uitvoering")
    assert "## Inhoud" in md and "- Opening" in md and "- 2 Uitvoering" in md and "1. Opening" not in md
    assert "geen zinnen" not in md


def test_max_words_sets_the_budget_for_any_letter() -> None:
    letter = long_letter()
    brief = summarise_letter(letter, SummariseOptions(lang="nl", summariser="none", budget_words=100),
                             abstractor=ExtractiveAbstractor())
    assert sum(len(s.text.split()) for sec in brief.sections for s in sec.sentences) <= 100
    assert brief.signature["selection"]["max_words"] == 100 and brief.signature["selection"]["tree"] is True
    short = letter_of(*SHORT)
    assert select_letter(short).max_words is None and not select_letter(short).tree
    small = select_letter(short, max_words=20)
    index = short.sentence_index()
    assert sum(len(index[i].text.split()) for i in small.kept_ids()) <= 20


def test_english_extractive_brief_translates_the_same_selection() -> None:
    letter = letter_of(*SHORT)
    nl = summarise_letter(letter, NL, abstractor=ExtractiveAbstractor())
    tr = EchoTranslator(transform=lambda s: f"EN {s}")
    en = summarise_letter(letter, SummariseOptions(lang="en", summariser="none"), abstractor=ExtractiveAbstractor(),
                          translator=tr)
    assert [[x.id for x in s.selected] for s in en.sections] == [[x.id for x in s.selected] for s in nl.sections]
    assert all(s.text.startswith("EN ") for sec in en.sections for s in sec.sentences)
    assert en.overview_sentences[0].text.startswith("EN De minister van Infrastructuur en Waterstaat informeert")


def test_levels_come_from_heading_numbers_when_the_parser_gives_none() -> None:
    from nlbrief.select import section_levels, units

    letter = letter_of(
        section(1, None, ["Eerste zin van de brief over het beleid."]),
        section(2, "Uitgangspunten", ["Een zin."]),
        section(3, "1. Water en bodem", ["Een zin."]),
        section(4, "1.1 Grondwater", ["Een zin."]),
        section(5, "Problematiek", ["Een zin."]),
        section(6, "2. Uitvoering", ["Een zin."]),
    )
    assert section_levels(letter) == {1: 1, 2: 1, 3: 1, 4: 2, 5: 3, 6: 1}
    assert [[s.index for s in unit] for unit in units(letter, tree=True)] == [[1], [2], [3, 4, 5], [6]]
    assert [[s.index for s in unit] for unit in units(letter, tree=False)] == [[1], [2], [3], [4], [5], [6]]


def test_html_shows_the_folded_sub_sections_that_a_brief_cites() -> None:
    from nlbrief.render.brief import to_html

    letter = long_letter()
    brief = summarise_letter(letter, NL, abstractor=ExtractiveAbstractor())
    page = to_html(brief, letter)
    assert 'id="src-s3.41"' in page


def test_the_topic_may_follow_a_clause() -> None:
    letter = letter_of(section(1, None, [
        "In deze brief informeer ik u, mede namens de Minister van Buitenlandse Zaken, over een aantal "
        "ontwikkelingen in het internationaal migratiebeleid.",
        "Ook ga ik in op de uitvoering van twee moties."]), subject=None)
    assert overview_intro(letter).text.endswith(
        "informeert de Kamer over een aantal ontwikkelingen in het internationaal migratiebeleid.")


def test_a_unit_the_word_budget_leaves_out_is_named_never_lost_silently() -> None:
    from dataclasses import replace

    letter = long_letter()
    tight = summarise_letter(letter, replace(NL, budget_words=40), abstractor=ExtractiveAbstractor())
    briefed = {s.index for s in tight.sections}
    left = tight.signature["selection"]["left_out"]
    assert left and all(u["index"] not in briefed for u in left)  # every unit either briefed or named
    md = to_markdown(tight)
    assert "Niet samengevat binnen het woordbudget van 40 woorden" in md
    assert all(str(u["heading"] or "Opening") in md for u in left)
    line = next(x for x in md.splitlines() if "woordbudget" in x)
    assert not any(f"{u['index']}. " in line for u in left)  # the letter numbers its headings: no index of ours
    ample = summarise_letter(letter, NL, abstractor=ExtractiveAbstractor())
    assert ample.signature["selection"]["left_out"] == [] and "woordbudget" not in to_markdown(ample)
