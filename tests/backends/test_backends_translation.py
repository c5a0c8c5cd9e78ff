"""The marian and ctranslate2 backends on the tiny models, through the same loading code as real ones."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from nlbrief.backends import get_translator
from nlbrief.backends.seq2seq_common import LANGUAGE_CODES, language_codes_for
from nlbrief.errors import UnknownBackendError
from nlbrief.glossary import default_glossary, prepare

SENTENCES = ["De Tweede Kamer ontving de brief.", "", "Inleiding", "Het kabinet steunt de motie op 16 mei 2024."]


@pytest.fixture(params=["marian", "ctranslate2"])
def backend(request: pytest.FixtureRequest, tiny_models: Path):  # type: ignore[no-untyped-def]
    folder = "marian" if request.param == "marian" else "marian-ct2"
    return get_translator(request.param, model=str(tiny_models / folder), device="cpu", beam_size=2)


def never_ending(backend):  # type: ignore[no-untyped-def]
    """The backend with its real decoder kept from saying </s> before the length bound, as a model
    that loops does (the tiny model itself ends after about eight tokens)."""
    decode = backend._decode
    backend._decode = lambda batch, opts: decode(batch, replace(opts, min_new_tokens=max(opts.max_new_tokens)))
    return backend


def test_one_output_per_input_in_order(backend) -> None:  # type: ignore[no-untyped-def]
    # Decoded to each input's own length bound: the tiny model writes the same tokens for every
    # input, so only their number tells the outputs apart.
    out = never_ending(backend).translate(SENTENCES)
    assert len(out) == len(SENTENCES)
    assert out[1] == ""  # empty in, empty out, no model call
    assert all(isinstance(t, str) and t for i, t in enumerate(out) if i != 1)
    # order: the batch is sorted by length inside, and every output goes back to its input
    assert backend.translate(SENTENCES[::-1]) == out[::-1]


def test_describe_names_backend_model_and_options(backend) -> None:  # type: ignore[no-untyped-def]
    info = backend.describe()
    assert info["backend"] == backend.name
    assert info["model"] == "marian"
    assert info["options"]["beam_size"] == 2


def test_the_tiny_model_ends_its_output(backend) -> None:  # type: ignore[no-untyped-def]
    results = backend.translate_segments(SENTENCES)
    assert not any(r.guarded for r in results)  # no output ran into the bound: no second decoding


def test_output_length_is_bounded_and_guard_reports(backend) -> None:  # type: ignore[no-untyped-def]
    # A decoder that never says </s>: the runaway-length bound must stop the output.
    results = never_ending(backend).translate_segments(["Inleiding"])
    bound = backend._bound(backend.count_tokens("Inleiding"))
    out_tokens = len(backend.tokenizer(results[0].text, add_special_tokens=False)["input_ids"])
    assert out_tokens <= bound + 2  # detokenising and re-tokenising may merge or split a piece
    assert results[0].guarded and "runaway" in (results[0].note or "")


def test_input_limit_and_token_counter(backend, tiny_models: Path) -> None:  # type: ignore[no-untyped-def]
    assert backend.max_input_tokens == 128  # the tiny model's limit
    assert backend.count_tokens("Inleiding") >= 2  # pieces + </s>
    long = " ".join(["Het kabinet steunt de motie."] * 60)
    with pytest.raises(ValueError, match="split it first"):
        backend.translate([long])  # the backend never truncates silently


def test_max_input_tokens_option(tiny_models: Path) -> None:
    tr = get_translator("ctranslate2", model=str(tiny_models / "marian-ct2"), device="cpu", max_input_tokens=24)
    assert tr.max_input_tokens == 24


def test_models_load_once_per_process(tiny_models: Path) -> None:
    a = get_translator("marian", model=str(tiny_models / "marian"), device="cpu")
    b = get_translator("marian", model=str(tiny_models / "marian"), device="cpu", beam_size=1)
    assert a.model is b.model
    c = get_translator("ctranslate2", model=str(tiny_models / "marian-ct2"), device="cpu")
    d = get_translator("ctranslate2", model=str(tiny_models / "marian-ct2"), device="cpu", beam_size=1)
    assert c.translator is d.translator


def test_ctranslate2_converts_a_transformers_folder_once(tiny_models: Path, tmp_path: Path) -> None:
    tr = get_translator("ctranslate2", model=str(tiny_models / "marian"), device="cpu")
    assert (tr.resolved.path / "model.bin").is_file()
    again = get_translator("ctranslate2", model=str(tiny_models / "marian"), device="cpu")
    assert again.resolved.path == tr.resolved.path
    assert tr.translate(["De brief."])[0]


def test_unknown_backend_lists_the_valid_ones() -> None:
    with pytest.raises(UnknownBackendError) as info:
        get_translator("deepl")
    assert "ctranslate2" in str(info.value) and "marian" in str(info.value)


def test_language_codes_registry() -> None:
    class NllbTokenizerFast:  # only the class name matters
        pass

    class M2M100Tokenizer:
        pass

    class MarianTokenizer:
        pass

    assert language_codes_for(NllbTokenizerFast()) == LANGUAGE_CODES["Nllb"]
    assert language_codes_for(M2M100Tokenizer()).target_token == "__en__"
    assert language_codes_for(MarianTokenizer()) is None


PREPARED = [
    "De House of Representatives ontving op 16 May 2024 de brief (Parliamentary Papers 2023/2024, 32 317, no. 872).",
    "Het gaat om 2.5 miljoen euro en 1,234 aanvragen van de Justice and Home Affairs Council.",
]


@pytest.mark.parametrize("folder", ["marian", "marian-ct2"])
def test_rule_renderings_survive_tokenisation(tiny_models: Path, folder: str) -> None:
    """What the glossary wrapper puts into the source is made of pieces the vocabulary has: it
    tokenises without <unk> and detokenises to itself (for ct2: via the token strings it gets)."""
    from nlbrief.backends.loading import load_tokenizer

    tok = load_tokenizer(tiny_models / folder)
    for text in PREPARED + [prepare("Hierbij informeer ik uw Kamer over de motie.", default_glossary()).text]:
        ids = tok(text)["input_ids"]
        assert tok.unk_token_id not in ids, tok.convert_ids_to_tokens(ids)
        tokens = tok.convert_ids_to_tokens(ids)
        assert tokens[-1] == "</s>"  # CTranslate2 gets the source with </s>
        assert tok.decode(tok.convert_tokens_to_ids(tokens), skip_special_tokens=True) == text


def test_opaque_placeholders_would_not_survive(tiny_models: Path) -> None:
    """Why nlbrief uses no placeholders such as ⟦1⟧: the vocabulary has no piece for them."""
    from nlbrief.backends.loading import load_tokenizer

    tok = load_tokenizer(tiny_models / "marian")
    ids = tok("Zie ⟦1⟧ hier.")["input_ids"]
    assert tok.unk_token_id in ids
    assert "⟦1⟧" not in tok.decode(ids, skip_special_tokens=True)


class LoopingDecoder:
    """Stands in for the model inside a real backend: loops on the first pass, and on the guarded
    retry either recovers (``recover=True``) or loops again."""

    def __init__(self, backend, recover: bool) -> None:  # type: ignore[no-untyped-def]
        self.backend = backend
        self.recover = recover
        self.passes: list[int] = []

    def __call__(self, batch, opts):  # type: ignore[no-untyped-def]
        self.passes.append(opts.no_repeat_ngram_size)
        tok = self.backend.tokenizer
        clean = opts.no_repeat_ngram_size and self.recover
        text = "The Senate agrees." if clean else "The Senate the Senate the Senate the Senate agrees."
        return [tok(text, add_special_tokens=False)["input_ids"][: opts.max_new_tokens[k]] for k in range(len(batch))]


@pytest.mark.parametrize("recover", [True, False])
def test_repetition_guard_retries_and_cuts(tiny_models: Path, recover: bool) -> None:
    tr = get_translator("ctranslate2", model=str(tiny_models / "marian-ct2"), device="cpu", max_new_tokens=60)
    fake = LoopingDecoder(tr, recover)
    tr._decode = fake  # type: ignore[method-assign]
    [result] = tr.translate_segments(["De Eerste Kamer stemt in."])
    assert result.guarded and "repetition" in (result.note or "")
    assert fake.passes == [0, 3]  # a second pass with no repeated 3-grams
    assert result.text == "The Senate agrees."  # recovered, or the loop cut to one occurrence
    assert ("fixed by retry" if recover else "still after retry") in (result.note or "")


def test_runaway_length_is_bounded_by_the_source_length(tiny_models: Path) -> None:
    tr = get_translator("ctranslate2", model=str(tiny_models / "marian-ct2"), device="cpu", beam_size=1)
    n = tr.count_tokens("Inleiding")
    assert tr._bound(n) == 2 * n + 10 < tr.model_limit
    [result] = never_ending(tr).translate_segments(["Inleiding"])
    # the bound stops the decoder, the guard retries, and says so
    assert result.guarded and "runaway" in (result.note or "") and "still after retry" in (result.note or "")
    assert len(tr.tokenizer(result.text, add_special_tokens=False)["input_ids"]) <= tr._bound(n) + 2


@pytest.mark.parametrize(("batch_type", "expected"), [("examples", [2, 2, 1]), ("tokens", [5])])
def test_batches_are_sorted_by_length(tiny_models: Path, batch_type: str, expected: list[int]) -> None:
    tr = get_translator("ctranslate2", model=str(tiny_models / "marian-ct2"), device="cpu", beam_size=1,
                        batch_size=2, batch_type=batch_type)
    decode = tr._decode
    seen: list[list[int]] = []
    tr._decode = lambda batch, opts: seen.append([len(ids) for ids in batch]) or decode(batch, opts)  # type: ignore[method-assign]
    texts = ["De brief van de minister over de begroting.", "Inleiding", "Het kabinet steunt de motie.",
             "De Kamer.", "Op 16 mei 2024 besprak de Tweede Kamer het voorstel van de commissie uitvoerig."]
    out = tr.translate(texts)
    assert len(out) == len(texts)
    assert [len(b) for b in seen] == expected  # "tokens": CTranslate2 cuts the batches itself
    flat = [n for b in seen for n in b]
    assert flat == sorted(flat) == sorted(tr.count_tokens(t) for t in texts)


def test_a_conversion_is_reused_only_for_the_same_folder(tiny_models: Path, tmp_path: Path) -> None:
    import shutil

    from nlbrief.modelhub import conversion_info

    first, second = tmp_path / "a" / "marian", tmp_path / "b" / "marian"  # same folder name
    for folder in (first, second):
        shutil.copytree(tiny_models / "marian", folder)
    a = get_translator("ctranslate2", model=str(first), device="cpu")
    assert conversion_info(a.resolved.path)["source_path"] == str(first.resolve())
    b = get_translator("ctranslate2", model=str(second), device="cpu")
    assert conversion_info(b.resolved.path)["source_path"] == str(second.resolve())


def test_ctranslate2_asks_ctranslate2_for_the_device() -> None:
    from nlbrief.backends.ctranslate2 import _pick_device, import_ctranslate2
    from nlbrief.errors import ConfigError

    assert _pick_device("cpu") == "cpu"
    with pytest.raises(ConfigError, match="Unknown device"):
        _pick_device("tpu")
    if import_ctranslate2().get_cuda_device_count() > 0:
        assert _pick_device("auto") == _pick_device("cuda") == "cuda"
    else:
        assert _pick_device("auto") == "cpu"
        with pytest.raises(ConfigError, match="no CUDA device"):
            _pick_device("cuda")
