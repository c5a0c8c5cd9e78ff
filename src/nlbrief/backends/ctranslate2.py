"""`ctranslate2`: a CTranslate2 conversion of a seq2seq translation model, int8 by default on CPU.

Tokenisation uses the model's own Hugging Face tokenizer (saved into the converted folder by
`nlbrief models convert`); the source tokens end with ``</s>`` as the model was trained.

``--translation-model`` may name a converted folder, a transformers folder or a Hub id: the last
two are converted once into ``config.converted_models_dir()`` and the conversion is reused.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..config import pick_device
from ..errors import ConfigError, ModelLoadError
from ..modelhub import (
    ResolvedModel,
    conversion_info,
    convert_model,
    default_conversion_dir,
    find_in_cache,
    resolve_model,
)
from .base import register_translator
from .loading import cached_load, check_weights, load_tokenizer, quiet_transformers, token_limit
from .seq2seq_common import DEFAULT_MODEL, DecodeOptions, Seq2SeqTranslator, TranslatorOptions

#: Default compute type per device.
DEFAULT_COMPUTE_TYPE = {"cpu": "int8", "cuda": "int8_float16"}
#: "examples" (batches of batch_size sentences) or "tokens" (batches of batch_tokens tokens). Measured
#: (scripts/bench_translate.py, beam 4): 16 sentences per batch was as fast as any setting within the
#: noise of a shared machine and stays under 500 MB; 32/64 sentences or 1024 tokens need 0.5-0.9 GB.
DEFAULT_BATCH_TYPE = "examples"
#: Tokens per batch where batch_type is "tokens".
DEFAULT_BATCH_TOKENS = 1024
#: What `--summary-backend` may name: the engine that runs a chat or seq2seq summariser.
SUMMARY_BACKENDS = ("auto", "ctranslate2", "transformers")


def import_ctranslate2(purpose: str = "translation") -> Any:
    """Import ctranslate2 (with a clear error where it is not installed).

    ``CT2_USE_MKL`` is left to the user and the library: on a 2-core Xeon (AVX-512 VNNI) forcing
    it to 0 or 1 was not clearly faster than CTranslate2's own choice (scripts/bench_translate.py),
    and on a 2-core AMD EPYC forcing it to 1 made the chat model 13 times slower (7.7 s against
    98.6 s for 400 prompt and 50 new tokens), where the default took the fast path.

    Args:
        purpose: "translation" or "summary": the model it is for (the advice differs).

    Raises:
        ModelLoadError: the package is not installed.
    """
    try:
        import ctranslate2  # type: ignore[import-untyped]
    except ImportError:
        other = "--summary-backend transformers" if purpose == "summary" else "--translator marian"
        raise ModelLoadError(
            f"The ctranslate2 backend needs the ctranslate2 package: pip install 'nlbrief[ct2]', "
            f"or use {other}."
        ) from None
    return ctranslate2


def resolve_ct2_model(name: str | None, revision: str | None = None, quantization: str = "int8", *,
                      purpose: str = "translation", resolved: ResolvedModel | None = None) -> ResolvedModel:
    """A CTranslate2 folder for ``name``: as given, an earlier conversion, or a new conversion.

    A new conversion goes into ``config.converted_models_dir()`` once (a note on stderr says
    where, and how long it took); later runs reuse it without the Hub cache or network.

    Args:
        name: a Hub id, a transformers folder or a CTranslate2 folder (None: the default translator).
        purpose: "translation" or "summary" (for messages).
        resolved: ``name`` already resolved by the caller.

    Raises:
        ModelNotFoundError / ModelLoadError: the model is missing or cannot be converted.
    """
    name = name or DEFAULT_MODEL
    if revision is None and not Path(name).expanduser().is_dir():
        previous = default_conversion_dir(name, quantization)
        if (previous / "model.bin").is_file():  # a Hub id converted before: no cache or network needed,
            # unless the Hub cache now holds another revision of it (looked up locally, no network)
            cached = find_in_cache(name)
            if cached is None or conversion_info(previous).get("revision") == cached.name:
                return resolve_model(str(previous))
    resolved = resolved or resolve_model(name, revision=revision, purpose=purpose)
    if (resolved.path / "model.bin").is_file():
        return resolved
    target = default_conversion_dir(resolved.model_id, quantization)
    if _converted_from(target, resolved):
        return resolve_model(str(target))
    check_weights(resolved, purpose)
    import_ctranslate2(purpose)
    from filelock import FileLock

    target.parent.mkdir(parents=True, exist_ok=True)
    # Batch workers may all need the conversion at once: one converts, the others wait and reuse
    # it. It is written into a folder of its own and renamed into place, so that a conversion
    # cut short (killed, disk full) never stands where a finished one would.
    with FileLock(f"{target}.lock"):
        if _converted_from(target, resolved):
            return resolve_model(str(target))
        print(f"nlbrief: converting the {purpose} model {resolved.model_id} to CTranslate2 ({quantization}) "
              f"in {target} (once; later runs reuse it) ...", file=sys.stderr, flush=True)
        started = time.monotonic()
        partial = target.parent / f".{target.name}.partial-{os.getpid()}"
        shutil.rmtree(partial, ignore_errors=True)
        try:
            convert_model(str(resolved.path), partial, quantization=quantization, force=True)
            shutil.rmtree(target, ignore_errors=True)
            os.replace(partial, target)
        finally:
            shutil.rmtree(partial, ignore_errors=True)
    print(f"nlbrief: converted in {time.monotonic() - started:.0f} s: {target}", file=sys.stderr, flush=True)
    return resolve_model(str(target))


def _converted_from(target: Path, resolved: ResolvedModel) -> bool:
    """Whether ``target`` holds a finished conversion of this very model: the same folder (a Hub
    snapshot's folder names its revision) and the same revision or local fingerprint, so that two
    local models sharing a folder name, or one changed in place, never share a conversion."""
    info = conversion_info(target)
    return ((target / "model.bin").is_file() and info.get("source_path") == str(resolved.path.resolve())
            and info.get("revision") == resolved.revision)


def load_ct2_summariser(resolved: ResolvedModel, device: str, compute_type: str, threads: int, *,
                        kind: str, what: str, tokenizer: Callable[[ResolvedModel], Any]) -> tuple[Any, Any]:
    """(tokenizer, ``ctranslate2.<kind>``) of a converted summary model, loaded once per process.

    Args:
        kind: "Generator" (a chat model) or "Translator" (a seq2seq summariser).
        what: the model's name in messages ("chat model", "seq2seq summariser").
        tokenizer: loads the model's tokenizer (and checks it fits the kind).

    Raises:
        ModelLoadError: ctranslate2 is missing, or the folder holds no model it can load.
    """
    def load() -> tuple[Any, Any]:
        ct2 = import_ctranslate2("summary")
        quiet_transformers()
        tok = tokenizer(resolved)
        try:
            model = getattr(ct2, kind)(str(resolved.path), device=device, compute_type=compute_type,
                                       inter_threads=1, intra_threads=threads or 0)
        except (RuntimeError, ValueError) as err:
            advice = _wrong_kind_advice(str(err)) or (
                "Convert one with `nlbrief models convert MODEL`, or use --summary-backend transformers.")
            raise ModelLoadError(
                f"Could not load the CTranslate2 {what} in {resolved.path}: {' '.join(str(err).split())[:300]}. "
                f"{advice}"
            ) from None
        return tok, model

    loaded: tuple[Any, Any] = cached_load((f"{kind}-ct2", str(resolved.path), device, compute_type, threads), load)
    return loaded


def _wrong_kind_advice(error: str) -> str | None:
    """What to do when CTranslate2 refuses a model of the other kind (its own messages, 4.x), else
    None: converting again would not help, another model would."""
    if "cannot be used as a sequence-to-sequence model" in error:
        return ("It is a decoder-only (chat) model, not an encoder-decoder one: pass a translation "
                "model with --translation-model (such as Helsinki-NLP/opus-mt-nl-en), or a seq2seq "
                "summariser with --summary-model.")
    if "cannot be used as a sequence generator" in error:
        return ("It is an encoder-decoder (translation or seq2seq) model, not a chat model: pass an "
                "instruction model with --summary-model, or use --summariser seq2seq.")
    return None


def ct2_supports(resolved: ResolvedModel) -> bool:
    """Whether CTranslate2 is installed and can convert (or already holds) this model."""
    try:
        import ctranslate2.converters.transformers as converters  # type: ignore[import-untyped]
    except ImportError:
        return False
    if (resolved.path / "model.bin").is_file():
        return True
    try:
        from transformers.models.auto.configuration_auto import CONFIG_MAPPING_NAMES

        model_type = json.loads((resolved.path / "config.json").read_text(encoding="utf-8")).get("model_type")
    except (OSError, ValueError, ImportError):
        return False
    return CONFIG_MAPPING_NAMES.get(str(model_type)) in getattr(converters, "_MODEL_LOADERS", {})


def pick_summary_engine(name: str, revision: str | None, backend: str) -> tuple[str, ResolvedModel]:
    """The engine (`--summary-backend`) that runs the summary model ``name``, and the folder it loads.

    "auto" takes CTranslate2 where it is installed and its converters support the architecture
    (`ct2_supports`), converting the model once (`resolve_ct2_model`); where that conversion fails
    (a configuration the converter cannot read), a note on stderr says so and transformers runs it.

    Returns:
        ("ctranslate2", the converted folder) or ("transformers", the transformers folder).

    Raises:
        ConfigError: an unknown backend, or a CTranslate2 folder with the transformers backend.
        ModelNotFoundError / ModelLoadError: the model is missing, or (backend "ctranslate2")
            cannot be converted.
    """
    if backend not in SUMMARY_BACKENDS:
        raise ConfigError(f"--summary-backend must be one of {', '.join(SUMMARY_BACKENDS)}, not {backend!r}.")
    resolved = resolve_model(name, revision=revision, purpose="summary")
    if backend == "auto" and not ct2_supports(resolved):
        backend = "transformers"
    if backend == "transformers":
        if (resolved.path / "model.bin").is_file():
            raise ConfigError(f"{resolved.path} is a CTranslate2 model: use --summary-backend ctranslate2.")
        return backend, resolved
    try:
        return backend, resolve_ct2_model(name, revision, purpose="summary", resolved=resolved)
    except ModelLoadError as err:
        if backend != "auto":
            raise
        print(f"nlbrief: {str(err).rstrip('. ')}. Running it on transformers instead (--summary-backend auto).",
              file=sys.stderr, flush=True)
        return "transformers", resolved


class CTranslate2Translator(Seq2SeqTranslator):
    """``ctranslate2.Translator.translate_batch`` on batches sorted by length."""

    name = "ctranslate2"

    def __init__(self, resolved: ResolvedModel, options: TranslatorOptions) -> None:
        ct2 = import_ctranslate2()
        self.compute_type = str(options.extra.get("compute_type") or DEFAULT_COMPUTE_TYPE.get(options.device, "default"))
        self.batch_type = str(options.extra.get("batch_type") or DEFAULT_BATCH_TYPE)
        self.batch_tokens = int(options.extra.get("batch_tokens") or DEFAULT_BATCH_TOKENS)
        options.extra["compute_type"] = self.compute_type
        options.extra["batch_type"] = self.batch_type
        key = ("ctranslate2", str(resolved.path), options.device, self.compute_type, options.threads)

        def load() -> tuple[Any, Any]:
            quiet_transformers()
            tokenizer = load_tokenizer(resolved.path, "translation", resolved.model_id)
            try:
                translator = ct2.Translator(
                    str(resolved.path), device=options.device, compute_type=self.compute_type,
                    inter_threads=1, intra_threads=options.threads or 0,
                )
            except (RuntimeError, ValueError) as err:
                advice = _wrong_kind_advice(str(err)) or "Convert a model with `nlbrief models convert MODEL --out DIR`."
                raise ModelLoadError(
                    f"Could not load the CTranslate2 model in {resolved.path}: "
                    f"{' '.join(str(err).split())[:300]}. {advice}"
                ) from None
            return tokenizer, translator

        tokenizer, self.translator = cached_load(key, load)
        super().__init__(resolved, tokenizer, options, token_limit(tokenizer))
        self._prefix = [self.codes.target_token] if self.codes else None

    def _examples_per_batch(self, total: int) -> int:
        # With batch_type "tokens" CTranslate2 sorts and cuts the batches itself: hand it everything.
        return total if self.batch_type == "tokens" else self.options.batch_size

    def _decode(self, batch: list[list[int]], opts: DecodeOptions) -> list[list[int]]:
        source = [self.tokenizer.convert_ids_to_tokens(ids) for ids in batch]
        extra = len(self._prefix) if self._prefix else 0
        kwargs: dict[str, Any] = {
            "beam_size": opts.beam_size,
            "max_decoding_length": max(opts.max_new_tokens) + extra,
            "min_decoding_length": opts.min_new_tokens + extra if opts.min_new_tokens else 1,
            "max_input_length": 0,  # the stage has split over-long input: never truncate
            "no_repeat_ngram_size": opts.no_repeat_ngram_size,
            "repetition_penalty": opts.repetition_penalty,
        }
        if self.batch_type == "tokens":
            kwargs.update(max_batch_size=self.batch_tokens, batch_type="tokens")
        if self._prefix:
            kwargs["target_prefix"] = [list(self._prefix) for _ in source]
        results = self.translator.translate_batch(source, **kwargs)
        out = []
        for k, res in enumerate(results):
            tokens = res.hypotheses[0][extra:]
            out.append(self.tokenizer.convert_tokens_to_ids(tokens)[: opts.max_new_tokens[k]])
        return out


@register_translator("ctranslate2")
def make_ctranslate2_translator(
    model: str | None = None, *, revision: str | None = None, device: str = "auto", **options: Any
) -> CTranslate2Translator:
    """Build the CTranslate2 translator (int8 on CPU; a Hub id or transformers folder is converted once).

    ``options`` are those of `TranslatorOptions.from_arguments`, plus compute_type, batch_type and
    batch_tokens.
    """
    resolved = resolve_ct2_model(model, revision)
    return CTranslate2Translator(resolved, TranslatorOptions.from_arguments(_pick_device(device), **options))


def _pick_device(requested: str | None) -> str:
    """`config.pick_device`, but asking CTranslate2 about CUDA, not torch: importing torch alone
    costs a few hundred MB, and a CPU build of torch would deny a GPU that CTranslate2 can use."""
    requested = (requested or "auto").lower()
    if requested not in ("auto", "cuda"):
        return pick_device(requested)  # "cpu", or the error for an unknown device
    if import_ctranslate2().get_cuda_device_count() > 0:
        return "cuda"
    if requested == "cuda":
        raise ConfigError(
            "--device cuda was asked for, but CTranslate2 sees no CUDA device on this machine. "
            "Use --device cpu (or auto), or install a CUDA build of CTranslate2."
        )
    return "cpu"
