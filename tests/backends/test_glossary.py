"""The glossary: TSV format, the built-in parliamentary vocabulary, and the wrapper around a backend."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlbrief.errors import ConfigError
from nlbrief.glossary import (
    GlossaryTranslator,
    build_glossary,
    check_and_repair,
    default_glossary,
    load_glossary,
    parse_glossary,
    prepare,
)
from translation_helpers import EchoTranslator

ISSUE_TERMS = {
    "Tweede Kamer": "House of Representatives",
    "Eerste Kamer": "Senate",
    "Kamerstukken": "Parliamentary Papers",
    "motie": "motion",
    "toezegging": "commitment",
    "Staatssecretaris": "State Secretary",
    "JBZ-Raad": "Justice and Home Affairs Council",
}


def test_default_glossary_has_the_issue_terms_each_with_a_source() -> None:
    glossary = default_glossary()
    by_dutch = {e.dutch: e for e in glossary.entries}
    for dutch, english in ISSUE_TERMS.items():
        assert by_dutch[dutch].english == english
    assert all(e.note.strip() for e in glossary.entries), "every entry says where its rendering comes from"


def test_parse_header_comments_and_notes() -> None:
    g = parse_glossary("# comment\ndutch\tenglish\tsource\nmotie\tmotion\ttk.nl\n\nbrief\tletter\n")
    assert [(e.dutch, e.english, e.note) for e in g.entries] == [("motie", "motion", "tk.nl"), ("brief", "letter", "")]


def test_bad_line_names_the_line() -> None:
    with pytest.raises(ConfigError, match="line 2"):
        parse_glossary("motie\tmotion\nonly-one-column\n", "x.tsv")


def test_unreadable_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="Cannot read"):
        load_glossary(tmp_path / "missing.tsv")


def test_user_glossary_wins_and_adds(tmp_path: Path) -> None:
    user = tmp_path / "mine.tsv"
    user.write_text("motie\tparliamentary motion\tour house style\nstikstof\tnitrogen\tours\n", encoding="utf-8")
    g = build_glossary(user)
    by_dutch = {e.dutch: e.english for e in g.entries}
    assert by_dutch["motie"] == "parliamentary motion"
    assert by_dutch["stikstof"] == "nitrogen"
    assert by_dutch["Tweede Kamer"] == "House of Representatives"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("De Tweede Kamer nam de motie aan.", "De House of Representatives nam de motion aan."),
        ("Motie aangenomen.", "Motion aangenomen."),  # lower-case terms also match sentence-initially
        ("De motievoorstellen.", "De motievoorstellen."),  # no match inside a compound
        ("Tweede Kamer der Staten-Generaal", "House of Representatives of the States General"),  # longest wins
        ("Uw Kamer ontvangt de brief.", "Your House ontvangt de brief."),
        ("tweede kamer", "tweede kamer"),  # capitalised terms match exactly
    ],
)
def test_prepare_puts_english_terms_into_the_source(text: str, expected: str) -> None:
    assert prepare(text, default_glossary()).text == expected


def test_prepare_renders_dates_and_citations_and_leaves_urls() -> None:
    p = prepare("Op 16 mei 2024 (Kamerstukken 2023/2024, 32 317, nr. 872), zie https://x.nl/motie.",
                default_glossary())
    assert p.text == ("Op 16 May 2024 (Parliamentary Papers 2023/2024, 32 317, no. 872), "
                      "zie https://x.nl/motie.")


def test_check_and_repair_fixes_variants_and_reports_missing_terms() -> None:
    p = prepare("De motie van 16 mei 2024 kost 2,5 miljoen.", default_glossary())
    text, problems = check_and_repair(p, "The proposal of May 16, 2024 costs 2,5 million.")
    assert text == "The proposal of 16 May 2024 costs 2.5 million."
    assert problems == ["term 'motie' -> 'motion' missing"]


def test_wrapper_sends_prepared_text_and_renders_rule_only_segments() -> None:
    echo = EchoTranslator()
    wrapped = GlossaryTranslator(echo, default_glossary())
    out = wrapped.translate_segments(["De Eerste Kamer stemt.", "Kamerstukken II 2023/24, 32 317, nr. 872.", ""])
    assert [r.text for r in out] == ["De Senate stemt.", "Parliamentary Papers II 2023/24, 32 317, no. 872.", ""]
    assert echo.calls == [["De Senate stemt."]]  # the citation and the empty segment needed no model
    assert wrapped.describe()["glossary"]["entries"] == len(default_glossary().entries)
    assert wrapped.count_tokens("De Eerste Kamer") == echo.count_tokens("De Senate")


def test_a_term_inside_a_bare_web_address_is_left_alone() -> None:
    from nlbrief.glossary import parse_glossary

    glossary = parse_glossary("Rijksoverheid\tGovernment of the Netherlands\tours\n")
    assert glossary.find("Zie Rijksoverheid.nl.") == []
    assert glossary.find("Zie www.rijksoverheid.nl/onderwerpen en rijksoverheid.nl") == []
    hits = glossary.find("Dat doet de Rijksoverheid. De Rijksoverheid, zo beslist zij.")
    assert [(a, b) for a, b, _ in hits] == [(12, 25), (30, 43)]  # before a full stop or a comma it is the term
