"""The seq2seq summariser on both engines (transformers and CTranslate2), on the trained tiny BART.

`tiny_models.build_seq2seq` trains the tiny BART until greedy decoding answers any input with
`SEQ2SEQ_ANSWER` (behind a label that the cleaning removes), so both engines must write exactly
`SEQ2SEQ_CLEAN`; ``seq2seq-ct2`` is its int8 conversion, and ``--summary-backend auto`` converts the
transformers folder on first use into the test's own cache.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from letter_builder import LETTER_TEXT, MIGRATION_LIKE, build_letter
from nlbrief import config
from nlbrief.backends import get_abstractor
from nlbrief.backends.base import SectionInput
from nlbrief.backends.seq2seq import Seq2SeqAbstractor
from nlbrief.backends.seq2seq_engines import CT2Seq2SeqEngine
from nlbrief.cli import cli
from nlbrief.errors import ConfigError, ModelLoadError
from nlbrief.summarise import SummariseOptions, summarise_letter
from tiny_models import SEQ2SEQ_CLEAN
from translation_helpers import EchoTranslator

ENGINES = ("transformers", "ctranslate2")
SENTENCES = ("The cabinet informs the motion on 16 May 2024.",
             "The House of Representatives discusses the proposal before the summer.")


def s2s(tiny_models: Path, engine: str, **options: Any) -> Seq2SeqAbstractor:
    folder = tiny_models / ("seq2seq-ct2" if engine == "ctranslate2" else "seq2seq")
    abstractor = get_abstractor("seq2seq", model=str(folder), lang="en", device="cpu", backend=engine, **options)
    assert isinstance(abstractor, Seq2SeqAbstractor)
    return abstractor


def section(sentences: tuple[str, ...] = SENTENCES, max_words: int = 40) -> SectionInput:
    return SectionInput(heading="The proposal", sentences=sentences, lang="en", max_words=max_words)


#: Over the tiny encoder's 256 tokens: condensed in pieces.
LONG = tuple(f"{s} It is sentence number {i} of a long section." for i, s in enumerate(SENTENCES * 6))


@pytest.mark.parametrize("engine", ENGINES)
def test_both_engines_write_the_trained_answer_cleaned(tiny_models: Path, engine: str) -> None:
    abstractor = s2s(tiny_models, engine)
    assert abstractor.condense(section()) == SEQ2SEQ_CLEAN  # "Summary:" is gone
    assert abstractor.calls == 1
    # Every piece of a section too long for the encoder is condensed, none truncated.
    long = abstractor.condense(section(LONG))
    pieces = abstractor.calls - 1
    assert pieces > 1 and long == " ".join([SEQ2SEQ_CLEAN] * pieces)
    assert abstractor.condense(section(())) == ""
    info = abstractor.describe()
    assert info["backend"] == "seq2seq" and info["engine"]["name"] == engine
    assert abstractor.batches == (engine == "ctranslate2")


def test_auto_converts_once_into_the_cache_and_signs_the_brief(tiny_models: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    abstractor = get_abstractor("seq2seq", model=str(tiny_models / "seq2seq"), lang="en", device="cpu")
    assert abstractor.describe()["engine"]["name"] == "ctranslate2"
    assert "converting the summary model" in capsys.readouterr().err
    assert (config.converted_models_dir() / "seq2seq-int8" / "model.bin").is_file()
    again = get_abstractor("seq2seq", model=str(tiny_models / "seq2seq"), lang="en", device="cpu")
    assert "converting" not in capsys.readouterr().err  # the conversion is reused
    letter = build_letter(MIGRATION_LIKE)
    options = SummariseOptions(lang="en", summariser="seq2seq", ratio=0.5, max_sentences=3)
    brief = summarise_letter(letter, options, abstractor=again, translator=EchoTranslator())
    assert brief.signature["summariser"]["engine"]["name"] == "ctranslate2"
    assert SEQ2SEQ_CLEAN in [s.text for sec in brief.sections for s in sec.sentences]


def test_batched_sections_give_the_same_briefs_as_one_by_one(tiny_models: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    batches: list[list[int]] = []
    real = CT2Seq2SeqEngine.chunks

    def spy(self: CT2Seq2SeqEngine, *args: Any) -> list[list[int]]:
        out = real(self, *args)
        batches.extend(out)
        return out

    monkeypatch.setattr(CT2Seq2SeqEngine, "chunks", spy)
    sections = [section(), section(()), section(LONG), section(SENTENCES[:1])]
    batched = s2s(tiny_models, "ctranslate2")
    together = batched.condense_batch(sections)
    # One translate_batch per bound: the two short sections together, the long section's pieces
    # (each with its share of the budget) together.
    assert len(batches) == 2 and len(batches[0]) + len(batches[1]) == batched.calls
    assert min(len(b) for b in batches) == 2
    one_by_one = s2s(tiny_models, "ctranslate2", batch_size=1)
    assert not one_by_one.batches
    assert together == [one_by_one.condense(s) for s in sections]
    assert together == s2s(tiny_models, "transformers").condense_batch(sections)
    assert together[1] == "" and together[2] == " ".join([SEQ2SEQ_CLEAN] * (batched.calls - 2))


def with_generation(model: Path, out: Path, **settings: Any) -> Path:
    """A copy of a model folder with these generation settings added to its generation config."""
    shutil.copytree(model, out)
    path = out / "generation_config.json"
    path.write_text(json.dumps({**json.loads(path.read_text(encoding="utf-8")), **settings}), encoding="utf-8")
    return out


def test_beam_search_settings_of_the_model_run_on_both_engines(tiny_models: Path, tmp_path: Path) -> None:
    beams = with_generation(tiny_models / "seq2seq", tmp_path / "beams", num_beams=3, length_penalty=2.0,
                            no_repeat_ngram_size=3, min_length=4)
    for engine in ENGINES:
        abstractor = get_abstractor("seq2seq", model=str(beams), lang="en", device="cpu", backend=engine)
        assert abstractor.describe()["engine"]["name"] == engine
        if isinstance(abstractor.engine, CT2Seq2SeqEngine):  # the settings travelled with the conversion
            assert (abstractor.engine.decoding.beams, abstractor.engine.decoding.no_repeat_ngram_size) == (3, 3)
        assert abstractor.condense(section()) == SEQ2SEQ_CLEAN


def test_legacy_generation_settings_in_config_json_travel_with_the_conversion(tiny_models: Path,
                                                                              tmp_path: Path) -> None:
    legacy = tmp_path / "legacy"
    shutil.copytree(tiny_models / "seq2seq", legacy)
    settings = json.loads((legacy / "generation_config.json").read_text(encoding="utf-8"))
    (legacy / "generation_config.json").unlink()
    data = json.loads((legacy / "config.json").read_text(encoding="utf-8"))
    (legacy / "config.json").write_text(json.dumps({**data, **settings, "num_beams": 2}), encoding="utf-8")
    abstractor = get_abstractor("seq2seq", model=str(legacy), lang="en", device="cpu", backend="ctranslate2")
    assert isinstance(abstractor.engine, CT2Seq2SeqEngine)
    assert abstractor.engine.decoding.beams == 2 and abstractor.engine.decoding.forced_bos == 0
    assert abstractor.condense(section()) == SEQ2SEQ_CLEAN


def unconvertible(tiny_models: Path, out: Path) -> Path:
    """A tiny PLBart summariser (with the tiny BART's tokenizer): transformers runs it, and
    CTranslate2 4.x has no converter for its architecture."""
    from transformers import PLBartConfig, PLBartForConditionalGeneration

    cfg = json.loads((tiny_models / "seq2seq" / "config.json").read_text(encoding="utf-8"))
    keys = ("vocab_size", "d_model", "encoder_layers", "decoder_layers", "encoder_attention_heads",
            "decoder_attention_heads", "encoder_ffn_dim", "decoder_ffn_dim", "max_position_embeddings",
            "bos_token_id", "pad_token_id", "eos_token_id", "decoder_start_token_id")
    PLBartForConditionalGeneration(PLBartConfig(**{k: cfg[k] for k in keys})).save_pretrained(out)
    for name in ("tokenizer.json", "tokenizer_config.json", "generation_config.json"):
        shutil.copy(tiny_models / "seq2seq" / name, out / name)
    return out


def test_a_model_ctranslate2_cannot_convert(tiny_models: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    plbart = unconvertible(tiny_models, tmp_path / "plbart")
    auto = get_abstractor("seq2seq", model=str(plbart), lang="en", device="cpu")
    assert auto.describe()["engine"]["name"] == "transformers"  # auto: not even tried
    assert "converting" not in capsys.readouterr().err
    assert isinstance(auto.condense(section()), str)
    with pytest.raises(ModelLoadError, match="Could not convert"):
        get_abstractor("seq2seq", model=str(plbart), lang="en", device="cpu", backend="ctranslate2")
    # A supported architecture whose configuration the converter cannot read (a BART config saved
    # by transformers 5 lacks normalize_before): auto says so and runs it on transformers.
    bart = tmp_path / "bart5"
    shutil.copytree(tiny_models / "seq2seq", bart)
    data = json.loads((bart / "config.json").read_text(encoding="utf-8"))
    data.pop("normalize_before")
    (bart / "config.json").write_text(json.dumps(data), encoding="utf-8")
    fallback = get_abstractor("seq2seq", model=str(bart), lang="en", device="cpu")
    assert fallback.describe()["engine"]["name"] == "transformers"
    assert "Running it on transformers instead" in capsys.readouterr().err
    assert fallback.condense(section()) == SEQ2SEQ_CLEAN
    with pytest.raises(ModelLoadError, match="normalize_before"):
        get_abstractor("seq2seq", model=str(bart), lang="en", device="cpu", backend="ctranslate2")


def test_cli_exit_code_for_a_model_ctranslate2_cannot_convert(tiny_models: Path, tmp_path: Path) -> None:
    plbart = unconvertible(tiny_models, tmp_path / "plbart")
    letter = tmp_path / "letter.txt"
    letter.write_text(LETTER_TEXT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["summarise", str(letter), "--summariser", "seq2seq", "--summary-model",
                                      str(plbart), "--summary-backend", "ctranslate2", "--lang", "en",
                                      "--translation-model", str(tiny_models / "marian"), "--device", "cpu",
                                      "--no-cache"])
    assert result.exit_code == ModelLoadError.exit_code == 2
    assert "Could not convert" in result.output and "Traceback" not in result.output


def test_a_ctranslate2_folder_cannot_run_on_transformers(tiny_models: Path) -> None:
    with pytest.raises(ConfigError, match="is a CTranslate2 model"):
        get_abstractor("seq2seq", model=str(tiny_models / "seq2seq-ct2"), lang="en", device="cpu",
                       backend="transformers")


def test_a_looping_decoder_is_stopped_early_on_both_engines(tiny_models: Path, tmp_path: Path) -> None:
    import torch
    from transformers import AutoConfig, BartForConditionalGeneration

    # Random weights that can never say </s> (nor another special token): the output loops.
    looping = tmp_path / "looping"
    shutil.copytree(tiny_models / "seq2seq", looping)
    torch.manual_seed(1)
    model = BartForConditionalGeneration(AutoConfig.from_pretrained(looping))
    with torch.no_grad():
        model.final_logits_bias[0, :5] = -10.0
    model.save_pretrained(looping)
    for engine in ENGINES:
        abstractor = get_abstractor("seq2seq", model=str(looping), lang="en", device="cpu", backend=engine)
        texts = abstractor.engine.generate(list(SENTENCES), [200, 200])
        assert all(0 < len(abstractor.engine.tokenizer(t)["input_ids"]) < 40 for t in texts), (engine, texts)
