"""`nlbrief summarise` end to end: the real migration letter, the tiny models, every format, and a
missing model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from letter_builder import INJECTION, LETTER_TEXT
from nlbrief.cli import cli
from nlbrief.parse import parse_path
from summary_helpers import MIGRATION_LETTER


@pytest.fixture()
def letter_file(tmp_path: Path) -> Path:
    path = tmp_path / "brief.txt"
    path.write_text(LETTER_TEXT, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def shared_memory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One translation memory for the module: the second English run reuses the first's work."""
    return tmp_path_factory.mktemp("tm") / "memory.sqlite3"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["summarise", *args])
    return result.exit_code, result.stdout, result.stderr


def assert_valid_brief(data: dict, letter_path: Path, lang: str) -> None:  # type: ignore[type-arg]
    letter = parse_path(letter_path)
    assert data["lang"] == lang
    # One brief section per section with a selection (empty ones are left out), in letter order;
    # a long letter's sub-sections are folded into their top-level section.
    indices = [s["index"] for s in data["sections"]]
    assert indices == sorted(indices) and set(indices) <= {s.index for s in letter.sections}
    all_ids = {s.id for s in letter.iter_sentences()}
    for sec in data["sections"]:
        source = letter.section(sec["index"])
        assert sec["heading_source"] == source.heading
        assert sec["sentences"], f"section {sec['index']} has no brief"
        for sentence in sec["sentences"]:
            assert sentence["sources"] and set(sentence["sources"]) <= all_ids
        assert sec["text"] == " ".join(s["text"] for s in sec["sentences"])
    kept = {s["id"] for sec in data["sections"] for s in sec["selected"]}
    intro, *rest = data["overview_sentences"]
    assert set(intro["sources"]) <= all_ids | {"meta:subject", "meta:sender"}
    assert all(set(s["sources"]) <= kept for s in rest)


def test_missing_summary_model_is_a_clear_error(letter_file: Path) -> None:
    # Offline (conftest sets HF_HUB_OFFLINE) with an empty cache: the summary model is looked up
    # before anything is loaded, so the answer comes at once instead of a hanging download.
    code, out, err = run(str(letter_file), "--lang", "en")
    assert code == 4 and out == ""
    assert "Traceback" not in err
    assert "Qwen/Qwen2.5-1.5B-Instruct" in err and "nlbrief models pull" in err
    assert "--summariser none" in err and "--lang nl" in err


def test_missing_translation_model_is_a_clear_error(letter_file: Path) -> None:
    code, _, err = run(str(letter_file), "--lang", "en", "--summariser", "none")
    assert code == 4 and "Traceback" not in err
    assert "Helsinki-NLP/opus-mt-nl-en" in err and "--lang nl" in err


def test_dutch_seq2seq_default_is_refused(letter_file: Path) -> None:
    code, _, err = run(str(letter_file), "--lang", "nl", "--summariser", "seq2seq")
    assert code == 2 and "English only" in err


def test_real_letter_dutch_extractive_json(letters_dir: Path) -> None:
    path = letters_dir / MIGRATION_LETTER
    code, out, err = run(str(path), "--lang", "nl", "--summariser", "none", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert len(data["sections"]) == 7  # the opening text and the six headed sections
    assert data["sections"][0]["heading"] is None
    assert all(s["heading"] for s in data["sections"][1:])
    assert_valid_brief(data, path, "nl")
    assert data["letter"]["date"] == "2024-05-16"
    assert any(c["text"] == "Kamerstukken 2023/2024, 32 317, nr. 872" for c in data["citations"])
    assert {m["member"] for m in data["motions"]} >= {"Keijzer", "Eerdmans"}
    assert data["signature"]["models"] == []


@pytest.mark.parametrize("fmt", ["md", "json", "html"])
def test_each_format(letter_file: Path, tmp_path: Path, fmt: str) -> None:
    out_file = tmp_path / f"brief.{fmt}"
    code, out, err = run(str(letter_file), "--lang", "nl", "--summariser", "none", "--format", fmt,
                         "-o", str(out_file), "--max-sentences", "2")
    assert code == 0, err
    assert out == ""
    text = out_file.read_text(encoding="utf-8")
    if fmt == "json":
        assert_valid_brief(json.loads(text), letter_file, "nl")
    elif fmt == "md":
        assert text.startswith("# Samenvatting") and "[s2." in text
    else:
        assert text.startswith("<!DOCTYPE html>") and 'data-src="s2.' in text
    assert "3 sections" in err


def test_markdown_is_the_default_on_stdout(letter_file: Path) -> None:
    code, out, _ = run(str(letter_file), "--lang", "nl", "--summariser", "none", "--quiet")
    assert code == 0 and out.startswith("# Samenvatting")


@pytest.mark.parametrize("summariser", ["chat", "seq2seq"])
def test_real_letter_english_on_tiny_models(summariser: str, letters_dir: Path, tiny_models: Path,
                                            shared_memory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NLBRIEF_TM", str(shared_memory))
    model = tiny_models / summariser
    path = letters_dir / MIGRATION_LETTER
    code, out, err = run(str(path), "--lang", "en", "--summariser", summariser, "--summary-model", str(model),
                         "--translation-model", str(tiny_models / "marian"), "--beam-size", "1",
                         "--device", "cpu", "--format", "json", "--section-words", "20", "--max-sentences", "3")
    assert code == 0, err
    data = json.loads(out)
    assert len(data["sections"]) == 7
    assert_valid_brief(data, path, "en")
    signature = data["signature"]
    assert signature["summariser"]["backend"] == summariser
    assert [m["purpose"] for m in signature["models"]] == ["summary", "translation"]
    # --translator and --summary-backend default to auto: CTranslate2 (installed here) ran.
    assert signature["translator"]["backend"] == "ctranslate2"
    if summariser == "chat":
        assert set(signature["prompts"]) == {"section-en", "overview-en"}
        assert signature["summariser"]["engine"]["name"] == "ctranslate2"


def test_injection_is_data_and_the_brief_keeps_its_format(letter_file: Path, tiny_models: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from nlbrief.backends.chat import ChatAbstractor

    sent: list[list[dict[str, str]]] = []
    original = ChatAbstractor.messages

    def spy(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        messages = original(self, *args, **kwargs)
        sent.append(messages)
        return messages

    monkeypatch.setattr(ChatAbstractor, "messages", spy)
    code, out, err = run(str(letter_file), "--lang", "nl", "--summariser", "chat", "--summary-model",
                         str(tiny_models / "chat"), "--device", "cpu", "--format", "json", "--ratio", "1")
    assert code == 0, err
    data = json.loads(out)
    assert_valid_brief(data, letter_file, "nl")
    assert any(s["id"] == "s3.3" and s["text"] == INJECTION for s in data["sections"][2]["selected"])
    carrying = [m for m in sent if INJECTION in m[1]["content"]]
    assert carrying
    for system, user in carrying:
        assert INJECTION not in system["content"]
        text = user["content"]
        assert text.index("<document>") < text.index(INJECTION) < text.index("</document>")
        assert text.count("</document>") == 1
