"""Faithfulness items, their support, sentence splitting and provenance alignment."""

from __future__ import annotations

import pytest

from nlbrief.check import (
    Evidence,
    align,
    find_entities,
    find_items,
    split_brief_sentences,
    unsupported_items,
)

NL = ("Op 14 mei jl. heeft de Raad met 2,5 miljoen euro ingestemd, zie Kamerstukken 2023/2024, 32 317, "
      "nr. 872. Twintig dagen later volgt publicatie. Eurocommissaris Johansson presenteerde het plan "
      "op de JBZ-Raad van 4–5 maart 2024.")
EN = ("On 14 May the Council agreed with 2.5 million euros, see Parliamentary Papers 2023/2024, 32 317, "
      "no. 872. Twenty days later follows publication. European Commissioner Johansson presented the "
      "plan at the Justice and Home Affairs Council of 4–5 March 2024.")


@pytest.fixture()
def evidence() -> Evidence:
    return Evidence.from_texts([NL], [EN])


@pytest.mark.parametrize(
    "sentence",
    [
        "The Council agreed on 14 May 2024.",  # year-less source date, the letter's year
        "It agreed on May 14, 2024 to spend 2,500,000 euros.",
        "Publication follows after twenty days.",
        "Publication follows after 20 days.",
        "Parliamentary Papers 32 317, no. 872 has the details.",
        "Johansson presented the plan on 5 March 2024 to the Justice and Home Affairs Council.",
        "The plan was discussed in March 2024.",
        "The European Commissioner spoke.",
        "Het plan werd op 5 maart 2024 besproken door Eurocommissaris Johansson.",
    ],
)
def test_supported(sentence: str, evidence: Evidence) -> None:
    lang = "nl" if " werd " in sentence else "en"
    assert unsupported_items(sentence, lang, evidence, letter_year=2024) == []


@pytest.mark.parametrize(
    ("sentence", "kind", "value"),
    [
        ("The Council agreed on 17 May 2024.", "date", "17 May 2024"),
        ("The Council agreed on 14 May 2023.", "date", "14 May 2023"),
        ("The Council agreed on 14 June.", "date", "14 June"),
        ("It spent 3.5 million euros.", "number", "3.5 million"),
        ("Publication follows after thirty days.", "number", "thirty"),
        ("See Parliamentary Papers 2023/2024, 32 317, no. 873.", "citation", "Parliamentary Papers 2023/2024, 32 317, no. 873"),
        ("See Kamerstukken 36 410, nr. 872.", "citation", "Kamerstukken 36 410, nr. 872"),
        ("President Macron presented the plan.", "entity", "President Macron"),
        ("The plan came from the UNHCR.", "entity", "UNHCR"),
    ],
)
def test_unsupported(sentence: str, kind: str, value: str, evidence: Evidence) -> None:
    found = [(i.kind, i.value) for i in unsupported_items(sentence, "en", evidence, letter_year=2024)]
    assert found == [(kind, value)]


def test_a_citation_of_several_papers_supports_each() -> None:
    evidence = Evidence.from_texts(["Zie Kamerstukken 2017-2018, 31 293/31 289, nrs. 390 en 391."])
    for cited in ("31 289, no. 391", "31 293, no. 390", "31 293"):
        assert unsupported_items(f"See Parliamentary Papers {cited}.", "en", evidence) == []
    bad = unsupported_items("See Parliamentary Papers 31 289, no. 392.", "en", evidence)
    assert [(i.kind, i.value) for i in bad] == [("citation", "Parliamentary Papers 31 289, no. 392")]


def test_items_are_counted_once_per_span() -> None:
    items = find_items("See Parliamentary Papers 2023/2024, 32 317, no. 872 of 16 May 2024, about 40 cases.", "en")
    assert [(i.kind, i.value) for i in items] == [
        ("citation", "Parliamentary Papers 2023/2024, 32 317, no. 872"),
        ("date", "16 May 2024"),
        ("number", "40"),
    ]


def test_dutch_items() -> None:
    items = find_items("Het kabinet trekt per 1 januari 2025 in totaal 1.234,5 miljoen euro uit (kst. 29 247, nr. 480).", "nl")
    assert [(i.kind, i.value) for i in items] == [
        ("date", "1 januari 2025"),
        ("number", "1.234,5 miljoen"),
        ("citation", "kst. 29 247, nr. 480"),
    ]


@pytest.mark.parametrize(
    ("text", "entities"),
    [
        ("Denmark organised a conference with Italy and the IOM in Copenhagen.", ["Italy", "IOM", "Copenhagen"]),
        ("The European Commission met State Secretary Van der Burg.", ["European Commission", "State Secretary Van der Burg"]),
        ("In June the EU-wide plan follows.", ["EU-wide"]),
        ("De Staatssecretaris sprak met de Tweede Kamer.", ["Staatssecretaris", "Tweede Kamer"]),
        # a currency code is the unit of an amount (the number check covers it), never a name
        ("The cabinet spends EUR 1.5 billion with the EIB.", ["EIB"]),
        ("The fund of EUR-Lex is not EURO.", ["EUR-Lex", "EURO"]),
    ],
)
def test_entities_by_rule(text: str, entities: list[str]) -> None:
    assert [e for _, _, e in find_entities(text)] == entities


def test_split_keeps_english_abbreviations_together() -> None:
    text = "See Parliamentary Papers 32 317, no. 872. The cabinet agreed, e.g. on 16 May 2024. Mr. Smith left."
    assert split_brief_sentences(text, "en") == [
        "See Parliamentary Papers 32 317, no. 872.",
        "The cabinet agreed, e.g. on 16 May 2024.",
        "Mr. Smith left.",
    ]
    assert split_brief_sentences("Zie nr. 872. Het kabinet stemde in.", "nl") == ["Zie nr. 872.", "Het kabinet stemde in."]
    assert split_brief_sentences("  ", "en") == []


CANDIDATES = [
    ("s2.1", "The European Parliament adopted the Asylum and Migration Pact on 10 April 2024."),
    ("s2.2", "On 14 May 2024 the Council also agreed by a qualified majority."),
    ("s2.4", "Twenty days after publication the regulations enter into force."),
]


def test_align_picks_the_overlapping_sources() -> None:
    assert align("The Council agreed by qualified majority on 14 May 2024.", CANDIDATES, "en") == ("s2.2",)
    both = align("Parliament adopted the pact in April and the Council agreed in May.", CANDIDATES, "en")
    assert set(both) >= {"s2.1", "s2.2"} and "s2.4" not in both


def test_align_falls_back_to_all_candidates_never_empty() -> None:
    assert align("Something else entirely happened.", CANDIDATES, "en") == ("s2.1", "s2.2", "s2.4")
    assert align("", CANDIDATES, "en") == ("s2.1", "s2.2", "s2.4")
    assert align("Anything.", [], "en") == ()


def test_align_in_dutch() -> None:
    candidates = [("s1.1", "Het Europees Parlement nam het pact aan."), ("s1.2", "De Raad stemde op 14 mei in.")]
    assert align("De Raad stemde in op 14 mei.", candidates, "nl") == ("s1.2",)
