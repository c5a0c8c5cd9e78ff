"""The translate stage: one target segment per source segment, splitting, checks, output, CLI."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from nlbrief.cli import cli
from nlbrief.cli.options import progress_callback
from nlbrief.glossary import GlossaryTranslator, default_glossary
from nlbrief.model.translation import Translation
from nlbrief.render.translation import render_translation
from nlbrief.translate import make_translator, translate_letter
from translation_helpers import EchoTranslator, make_letter


def all_ids(letter) -> list[str]:  # type: ignore[no-untyped-def]
    ids = ["subject"] if letter.subject else []
    for sec in letter.sections:
        if sec.heading is not None:
            ids.append(sec.heading_id)
        ids += [s.id for s in sec.sentences]
    return ids + [f.id for f in letter.footnotes]


def test_every_segment_gets_exactly_one_target_in_order() -> None:
    letter = make_letter()
    result = translate_letter(letter, EchoTranslator(transform=lambda s: f"<{s}>"))
    segments = result.segments()
    assert list(segments) == [i for i in all_ids(letter) if i != "subject"]
    c = result.coverage
    assert (c.segments, c.sentences, c.headings, c.footnotes) == (len(all_ids(letter)), 5, 2, 2)
    assert c.translated == c.segments and c.complete
    assert result.letter["subject_translation"] == "<Internationaal migratiebeleid>"
    s11 = segments["s1.1"]
    assert s11.source == letter.sentence_index()["s1.1"].text
    assert s11.text.startswith("<") and s11.text.endswith(">")


def test_an_empty_target_is_reported_and_the_letter_is_not_complete() -> None:
    result = translate_letter(make_letter(), EchoTranslator(transform=lambda s: "" if "2,5" in s else s))
    c = result.coverage
    assert c.empty == ("s1.2",)
    assert c.translated == c.segments - 1 and not c.complete


def test_heading_numbers_stay_out_of_the_model() -> None:
    echo = EchoTranslator(transform=str.upper)
    result = translate_letter(make_letter(), echo)
    assert result.sections[1].heading == "1. INLEIDING"
    assert result.sections[1].heading_source == "1. Inleiding"
    sent = [s for call in echo.calls for s in call]
    assert "Inleiding" in sent and "1. Inleiding" not in sent


def test_over_long_sentences_are_split_and_joined_never_truncated() -> None:
    echo = EchoTranslator(limit=20)  # asserts that nothing over the limit reaches it
    letter = make_letter()
    result = translate_letter(letter, echo)
    assert "s1.3" in result.coverage.split
    original = letter.sentence_index()["s1.3"].text
    assert result.segments()["s1.3"].text == " ".join(original.split())


def test_glossary_dates_citations_and_rule_only_footnotes() -> None:
    result = translate_letter(make_letter(), GlossaryTranslator(EchoTranslator(), default_glossary()))
    seg = result.segments()
    assert seg["s0.1"].text == "Hierbij informeer ik your House over de Justice and Home Affairs Council van 16 May 2024."
    assert "House of Representatives" in seg["s1.1"].text
    assert "Parliamentary Papers 2023/2024, 32 317, no. 872" in seg["s1.1"].text
    assert seg["f1"].text == "Parliamentary Papers II 2023/24, 32 317, no. 872."
    assert seg["f2"].text == "See https://www.tweedekamer.nl/kamerstukken/moties."
    assert result.coverage.by_rule == 2
    assert seg["s1.2"].text == "Het gaat om 2.5 miljoen euro en 1,234 aanvragen."  # repaired notation
    assert not result.coverage.number_problems


def test_missing_numbers_are_reported() -> None:
    drop = EchoTranslator(transform=lambda s: s.replace("872", "827").replace("2,5", "twee"))
    result = translate_letter(make_letter(), drop)
    problems = {p["id"]: p["missing"] for p in result.coverage.number_problems}
    assert problems["s1.1"] == ["872"]
    assert problems["s1.2"] == ["2,5 miljoen", "1.234"]  # no glossary wrapper: "1.234" is not repaired
    assert problems["f1"] == ["872"]


def test_term_problems_are_reported() -> None:
    forget = EchoTranslator(transform=lambda s: s.replace("House of Representatives", "Second Chamber"))
    result = translate_letter(make_letter(), GlossaryTranslator(forget, default_glossary()))
    terms = {p["id"]: p["problems"] for p in result.coverage.term_problems}
    assert "term 'Tweede Kamer' -> 'House of Representatives' missing" in terms["s1.1"]


def test_identical_pieces_are_translated_once_and_progress_is_reported() -> None:
    echo = EchoTranslator()
    letter = make_letter(extra_sentences=("Dit is dubbel.", "Dit is dubbel."))
    seen: list[tuple[int, int]] = []
    translate_letter(letter, echo, progress=lambda done, total: seen.append((done, total)))
    sent = [s for call in echo.calls for s in call]
    assert sent.count("Dit is dubbel.") == 1
    assert seen and seen[-1][0] == seen[-1][1]


def test_json_keys_and_round_trip() -> None:
    result = translate_letter(make_letter(), EchoTranslator())
    data = json.loads(result.to_json())
    assert set(data) == {"letter", "sections", "footnotes", "coverage", "signature", "nothing_lost"}
    assert set(data["sections"][1]) == {"index", "heading", "heading_source", "paragraphs"}
    assert set(data["sections"][1]["paragraphs"][0]["sentences"][0]) == {"id", "source", "text"}
    assert set(data["footnotes"][0]) == {"number", "source", "text"}
    assert data["signature"]["backend"] == "echo" and "nlbrief" in data["signature"]
    assert Translation.from_json(result.to_json()) == result


@pytest.mark.parametrize("backend,folder", [("marian", "marian"), ("ctranslate2", "marian-ct2")])
def test_tiny_models_end_to_end_with_cache_hits(tiny_models: Path, backend: str, folder: str) -> None:
    letter = make_letter()
    tr = make_translator(backend, str(tiny_models / folder), device="cpu", beam_size=1, max_input_tokens=24)
    first = translate_letter(letter, tr)
    assert first.coverage.complete
    assert first.coverage.split  # the long sentence is over 24 tokens
    assert first.signature["model"] == "marian" and first.signature["options"]["max_input_tokens"] == 24
    assert str(tiny_models) not in json.dumps(first.signature)  # no local path in an output
    again = translate_letter(letter, tr)
    assert set(again.coverage.cached) >= {"s0.1", "s1.1", "s1.3"}
    assert again.segments()["s1.3"].text == first.segments()["s1.3"].text
    assert tr.inner.hits > 0


def test_no_cache_translates_again(tiny_models: Path) -> None:
    tr = make_translator("ctranslate2", str(tiny_models / "marian-ct2"), device="cpu", cache=False)
    translate_letter(make_letter(), tr)
    assert not translate_letter(make_letter(), tr).coverage.cached


def test_html_is_escaped_and_self_contained() -> None:
    letter = make_letter(extra_sentences=("Een <script>alert(1)</script> & meer.",))
    html = render_translation(translate_letter(letter, EchoTranslator()), "html")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; meer" in html
    assert "http" not in html.split("<body>")[0]  # no external stylesheet or script
    assert 'id="s1.1"' in html and 'lang="nl"' in html


def test_markdown_is_the_english_letter() -> None:
    md = render_translation(translate_letter(make_letter(), EchoTranslator(transform=str.upper)), "md")
    assert md.startswith("# INTERNATIONAAL MIGRATIEBELEID")
    assert "## 1. INLEIDING" in md and "## Footnotes" in md


@pytest.mark.parametrize("fmt", ["md", "json", "html"])
def test_cli_translate(tiny_models: Path, tmp_path: Path, fmt: str) -> None:
    letter = tmp_path / "letter.json"
    letter.write_text(json.dumps(make_letter().to_dict()), encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(cli, [
        "translate", str(letter), "--translator", "ctranslate2", "--translation-model",
        str(tiny_models / "marian-ct2"), "--device", "cpu", "--format", fmt, "-o", str(out), "--beam-size", "1",
    ])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        assert Translation.from_json(text).coverage.complete
    elif fmt == "md":
        assert text.startswith("# ") and "## Footnotes" in text
    else:
        assert text.startswith("<!DOCTYPE html>") and 'id="s1.3"' in text
    assert "segments translated" in result.output


def test_cli_options_from_environment(tiny_models: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NLBRIEF_TRANSLATOR", "ctranslate2")
    monkeypatch.setenv("NLBRIEF_TRANSLATION_MODEL", str(tiny_models / "marian-ct2"))
    monkeypatch.setenv("NLBRIEF_BEAM_SIZE", "1")
    glossary = tmp_path / "g.tsv"
    glossary.write_text("stikstof\tnitrogen\tours\n", encoding="utf-8")
    letter = tmp_path / "letter.json"
    letter.write_text(json.dumps(make_letter().to_dict()), encoding="utf-8")
    result = CliRunner().invoke(cli, ["translate", str(letter), "--format", "json", "--quiet",
                                      "--glossary", str(glossary), "--no-cache"])
    assert result.exit_code == 0, result.output
    sig = json.loads(result.output)["signature"]
    assert sig["backend"] == "ctranslate2" and sig["options"]["beam_size"] == 1
    # the glossary by file name: a signature holds no local path
    assert "g.tsv" in sig["glossary"]["sources"] and "memory" not in sig
    assert str(tmp_path) not in json.dumps(sig)


def test_cli_unknown_translator_exit_2(tmp_path: Path) -> None:
    letter = tmp_path / "letter.json"
    letter.write_text(json.dumps(make_letter().to_dict()), encoding="utf-8")
    result = CliRunner().invoke(cli, ["translate", str(letter), "--translator", "deepl"])
    assert result.exit_code == 2
    assert "Valid translators: auto, ctranslate2, marian" in result.output


def test_progress_bar_only_on_a_terminal_and_not_when_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert progress_callback(quiet=False) is None  # not a terminal
    monkeypatch.setattr(sys, "stderr", Terminal())
    assert progress_callback(quiet=True) is None
    update = progress_callback(quiet=False)
    assert update is not None
    for done, total in [(0, 3), (3, 3), (0, 2), (1, 2), (2, 2)]:  # a finished bar, then a new one
        update(done, total)


def test_real_letter_through_the_parser(letters_dir: Path, tiny_models: Path) -> None:
    from nlbrief.parse import parse_path

    letter = parse_path(letters_dir / "kst-2024-05-16-jenv-internationaal-migratiebeleid.txt")
    tr = make_translator("ctranslate2", str(tiny_models / "marian-ct2"), device="cpu", beam_size=1, cache=False)
    result = translate_letter(letter, tr)
    assert result.coverage.complete
    assert result.coverage.sentences == sum(1 for _ in letter.iter_sentences())


def test_a_chat_model_as_the_translation_model_says_to_pass_a_translation_model(tiny_models: Path,
                                                                                 tmp_path: Path) -> None:
    letter = tmp_path / "letter.json"
    letter.write_text(json.dumps(make_letter().to_dict()), encoding="utf-8")
    result = CliRunner().invoke(cli, ["translate", str(letter), "--quiet", "--no-cache", "--translator", "ctranslate2",
                                      "--translation-model", str(tiny_models / "chat-ct2")])
    message = " ".join(result.stderr.split())
    assert result.exit_code != 0 and "Traceback" not in result.stderr
    assert "not an encoder-decoder one: pass a translation model with --translation-model" in message
    assert "Convert a model" not in message  # converting again would not help
