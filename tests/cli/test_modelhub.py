"""Model resolution: local folders, the Hugging Face cache, and a fast, clear error offline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from hub_helpers import COMMIT, fake_hub_cache
from nlbrief import modelhub
from nlbrief.cli import cli
from nlbrief.errors import ModelLoadError, ModelNotFoundError


def test_local_directory_is_used_as_is(tiny_models: Path) -> None:
    resolved = modelhub.resolve_model(str(tiny_models / "marian"))
    assert resolved.source == "local"
    assert resolved.path == (tiny_models / "marian").resolve()
    assert resolved.revision is not None and re.fullmatch(r"local:[0-9a-f]{12}", resolved.revision)


def test_a_local_folder_changed_in_place_or_of_the_same_name_gets_another_revision(tiny_models: Path,
                                                                                  tmp_path: Path) -> None:
    import shutil

    first, second = tmp_path / "run1" / "final", tmp_path / "run2" / "final"
    shutil.copytree(tiny_models / "marian", first)
    shutil.copytree(tiny_models / "seq2seq", second)
    a, b = modelhub.resolve_model(str(first)), modelhub.resolve_model(str(second))
    assert a.model_id == b.model_id == "final" and a.revision != b.revision
    assert modelhub.resolve_model(str(first)).revision == a.revision  # stable while unchanged
    (first / "generation_config.json").write_text("{}", encoding="utf-8")
    assert modelhub.resolve_model(str(first)).revision != a.revision


def test_conversion_remembers_its_model(tiny_models: Path) -> None:
    resolved = modelhub.resolve_model(str(tiny_models / "marian-ct2"))
    assert resolved.model_id == "marian"
    assert (tiny_models / "marian-ct2" / modelhub.CONVERSION_INFO).is_file()


def test_directory_without_a_model(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="no config.json"):
        modelhub.resolve_model(str(tmp_path))


def test_hub_id_found_in_the_cache(tiny_models: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    snapshot = fake_hub_cache(tmp_path / "hf", tiny_models / "marian")
    resolved = modelhub.resolve_model("Helsinki-NLP/opus-mt-nl-en")
    assert (resolved.source, resolved.revision, resolved.path) == ("cache", COMMIT, snapshot)
    listed = {m.model_id: m for m in modelhub.list_cached_models()}
    assert listed["Helsinki-NLP/opus-mt-nl-en"].revisions == (COMMIT,)


def test_incomplete_cache_entry_is_not_a_model(tiny_models: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    snapshot = fake_hub_cache(tmp_path / "hf", tiny_models / "marian")
    (snapshot / "model.safetensors").unlink()  # only the config was ever fetched
    with pytest.raises(ModelNotFoundError):
        modelhub.resolve_model("Helsinki-NLP/opus-mt-nl-en")


@pytest.mark.parametrize(("purpose", "option"), [("translation", "--translation-model"), ("summary", "--summary-model")])
def test_offline_error_says_how_to_get_the_model(purpose: str, option: str) -> None:
    with pytest.raises(ModelNotFoundError) as info:
        modelhub.resolve_model("Helsinki-NLP/opus-mt-nl-en", purpose=purpose)
    message = str(info.value)
    assert "'Helsinki-NLP/opus-mt-nl-en'" in message
    assert "nlbrief models pull Helsinki-NLP/opus-mt-nl-en" in message
    assert option in message and "HF_HOME" in message
    assert "HF_HUB_OFFLINE" in message


def test_unreachable_hub_without_offline_flag_fails_fast_and_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    # HF_HUB_OFFLINE unset, and an endpoint that refuses connections (loopback only).
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    with pytest.raises(ModelNotFoundError, match="unreachable"):
        modelhub.resolve_model("Helsinki-NLP/opus-mt-nl-en")


def test_path_that_does_not_exist() -> None:
    with pytest.raises(ModelNotFoundError, match="does not exist"):
        modelhub.resolve_model("./models/nowhere")


def test_cli_exit_code_4_and_one_paragraph(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import json

    from translation_helpers import make_letter

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    letter = tmp_path / "letter.json"
    letter.write_text(json.dumps(make_letter().to_dict()), encoding="utf-8")
    result = CliRunner().invoke(cli, ["translate", str(letter), "--device", "cpu"])
    assert result.exit_code == 4
    assert "nlbrief models pull Helsinki-NLP/opus-mt-nl-en" in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_models_convert_and_list(tiny_models: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["models", "convert", str(tiny_models / "marian"), "--quantization", "int16"])
    assert result.exit_code == 0, result.output
    out = Path(result.output.strip().splitlines()[-1])
    assert (out / "model.bin").is_file() and (out / "source.spm").is_file()
    listed = runner.invoke(cli, ["models", "list", "--json"])
    assert str(out) in listed.output
    again = runner.invoke(cli, ["models", "convert", str(tiny_models / "marian"), "--quantization", "int16"])
    assert again.exit_code == 2 and "--force" in again.output


def test_models_pull_offline_is_a_clear_error() -> None:
    result = CliRunner().invoke(cli, ["models", "pull", "Helsinki-NLP/opus-mt-nl-en"])
    assert result.exit_code == 4
    assert "HF_HUB_OFFLINE" in result.output
