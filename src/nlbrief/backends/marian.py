"""`marian`: translation with transformers (MarianMT by default; any seq2seq translation model).

The model directory comes from `nlbrief.modelhub.resolve_model` (local folder, Hub cache, or a
bounded download), so transformers itself only ever reads local files. Weights load from
safetensors where present, never with remote code.
"""

from __future__ import annotations

from typing import Any

from ..config import pick_device
from ..modelhub import ResolvedModel, resolve_model
from .base import register_translator
from .loading import load_pretrained, token_limit
from .seq2seq_common import DEFAULT_MODEL, DecodeOptions, Seq2SeqTranslator, TranslatorOptions


class MarianTranslator(Seq2SeqTranslator):
    """transformers ``generate()`` on batches sorted by length, padded per batch."""

    name = "marian"

    def __init__(self, resolved: ResolvedModel, options: TranslatorOptions) -> None:
        tokenizer, model = load_pretrained(
            resolved, options.device, "AutoModelForSeq2SeqLM", purpose="translation", kind="an encoder-decoder model",
            hint="The marian backend needs a Hugging Face encoder-decoder model (MarianMT, NLLB, M2M-100, "
                 "mBART); for a CTranslate2 folder use --translator ctranslate2.",
        )
        self.model = model
        super().__init__(resolved, tokenizer, options, token_limit(tokenizer, model))
        self._specials = set(tokenizer.all_special_ids)
        self._forced_bos = (
            tokenizer.convert_tokens_to_ids(self.codes.target_token) if self.codes else None
        )

    def _decode(self, batch: list[list[int]], opts: DecodeOptions) -> list[list[int]]:
        import torch

        if self.options.threads:
            torch.set_num_threads(self.options.threads)
        pad = self.tokenizer.pad_token_id
        width = max(len(ids) for ids in batch)
        input_ids = torch.full((len(batch), width), pad, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for row, ids in enumerate(batch):
            input_ids[row, : len(ids)] = torch.tensor(ids, dtype=torch.long)
            mask[row, : len(ids)] = 1
        kwargs: dict[str, Any] = {
            "num_beams": opts.beam_size,
            "max_new_tokens": max(opts.max_new_tokens),
            "do_sample": False,
            # MarianMT's generation config forces </s> into the last slot: an output that ran into
            # the bound would then look one token short of it, and the guard would miss it.
            "forced_eos_token_id": None,
        }
        if opts.min_new_tokens:
            kwargs["min_new_tokens"] = opts.min_new_tokens
        if opts.no_repeat_ngram_size:
            kwargs["no_repeat_ngram_size"] = opts.no_repeat_ngram_size
        if opts.repetition_penalty != 1.0:
            kwargs["repetition_penalty"] = opts.repetition_penalty
        if self._forced_bos is not None:
            kwargs["forced_bos_token_id"] = self._forced_bos
        device = self.model.device
        with torch.inference_mode():
            out = self.model.generate(input_ids=input_ids.to(device), attention_mask=mask.to(device), **kwargs)
        rows = out.tolist()
        result = []
        for k, row in enumerate(rows):
            ids = [t for t in row[1:] if t not in self._specials]  # row[0] is the decoder start
            result.append(ids[: opts.max_new_tokens[k]])
        return result


@register_translator("marian")
def make_marian_translator(
    model: str | None = None, *, revision: str | None = None, device: str = "auto", **options: Any
) -> MarianTranslator:
    """Build the transformers translator (default model Helsinki-NLP/opus-mt-nl-en).

    ``options`` are those of `TranslatorOptions.from_arguments`: beam_size, batch_size, threads,
    max_input_tokens, max_new_tokens, min_new_tokens, guard, and backend extras.
    """
    resolved = resolve_model(model or DEFAULT_MODEL, revision=revision, purpose="translation")
    return MarianTranslator(resolved, TranslatorOptions.from_arguments(pick_device(device), **options))
