"""Missing models: every one named at once with its size and one command; exit code 4; the right
advice from `models pull` and `models convert` (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from nlbrief.cli import cli
from nlbrief.errors import EXIT_MODEL_MISSING

ROOT = Path(__file__).resolve().parents[2]
LETTER = ROOT / "eval" / "letters" / "ienw-2025-03-14-drinkwaterbronnen.txt"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, " ".join(result.output.split())


def test_summarise_names_every_missing_model_with_sizes_and_one_command() -> None:
    code, err = _run("summarise", str(LETTER), "--lang", "en", "-q")
    assert code == EXIT_MODEL_MISSING == 4
    assert "Qwen/Qwen2.5-1.5B-Instruct (about 3.1 GB)" in err
    assert "Helsinki-NLP/opus-mt-nl-en (about 0.3 GB)" in err
    assert "`nlbrief models pull`" in err  # no id: the defaults, both at once
    assert "Traceback" not in err and "--lang nl --summariser none" in err


def test_a_wrong_letter_path_is_exit_2_not_4(tmp_path: Path) -> None:
    code, _ = _run("summarise", str(tmp_path / "nope.txt"), "--lang", "en", "-q")
    assert code == 2


def test_pull_advice_does_not_call_a_summary_model_a_translation_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    code, err = _run("models", "pull", "Qwen/Qwen2.5-1.5B-Instruct")
    assert code == 4
    assert "translation model" not in err.replace("--translation-model PATH for a translation model", "")
    assert "nlbrief models pull Qwen" not in err  # not the command that just failed
    assert "about 3.1 GB" in err and "--summary-model PATH" in err
    for option in ("--translation-model", "--summary-model"):  # options of other commands, said so
        assert f"{option} PATH for a" in err


def test_pull_with_no_id_fetches_the_defaults() -> None:
    code, err = _run("models", "pull")
    assert code == 4 and "downloading Helsinki-NLP/opus-mt-nl-en (about 0.3 GB)" in err


def test_convert_a_missing_folder_says_it_does_not_exist() -> None:
    code, err = _run("models", "convert", "./missing")
    assert code == 4
    assert "./missing does not exist" in err and "could not be downloaded" not in err


def test_models_to_download_are_returned_for_an_announcement(monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    from nlbrief import modelhub
    from nlbrief.cli.options import announce_downloads

    monkeypatch.setattr(modelhub, "_offline", lambda: False)
    monkeypatch.setattr(modelhub, "endpoint_reachable", lambda *a, **k: None)
    needed = [("summary", "Qwen/Qwen2.5-1.5B-Instruct"), ("translation", "Helsinki-NLP/opus-mt-nl-en")]
    downloads = modelhub.require_models(needed, command="nlbrief summarise --lang en")
    assert downloads == needed
    announce_downloads(downloads)
    err = capsys.readouterr().err
    assert "the summary model Qwen/Qwen2.5-1.5B-Instruct (about 3.1 GB) on first use" in err
    assert "Helsinki-NLP/opus-mt-nl-en (about 0.3 GB)" in err


def test_an_unknown_translator_is_reported_before_any_model() -> None:
    code, err = _run("translate", str(LETTER), "--translator", "deepl", "-q")
    assert code == 2 and "Valid translators: auto, ctranslate2, marian" in err
