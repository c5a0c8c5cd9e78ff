"""What the transformers and CTranslate2 translators share.

Both translate token sequences with an encoder-decoder model; they differ only in how one batch is
decoded. `Seq2SeqTranslator` holds everything else: sorting by length, batching with padding per
batch, the runaway-length bound, the repetition guard and its retry, the input limit and token
counter that the translate stage uses to split over-long sentences, and language codes for
multilingual models (NLLB, M2M-100, mBART-50).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..modelhub import ResolvedModel
from ..mttext import cut_repetition, find_repetition
from .base import SegmentResult, Translator

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-nl-en"
DEFAULT_BEAM_SIZE = 4  # the opus-mt default
DEFAULT_BATCH_SIZE = 16

#: Output length bound: at most ``ratio * source tokens + margin`` new tokens (and the model limit).
LENGTH_RATIO = 2.0
LENGTH_MARGIN = 10
#: What the guard retries with: no repeated 3-grams and a mild repetition penalty.
GUARD_NO_REPEAT_NGRAM = 3
GUARD_REPETITION_PENALTY = 1.3


@dataclass(frozen=True)
class LanguageCodes:
    """How a multilingual model is told the languages: source code, target code, target token."""

    source: str
    target: str
    target_token: str


#: Multilingual tokenizers, keyed by the start of their class name. Bilingual models need nothing.
LANGUAGE_CODES: dict[str, LanguageCodes] = {
    "Nllb": LanguageCodes("nld_Latn", "eng_Latn", "eng_Latn"),
    "M2M100": LanguageCodes("nl", "en", "__en__"),
    "MBart": LanguageCodes("nl_XX", "en_XX", "en_XX"),  # mBART-50 too
}


def language_codes_for(tokenizer: Any) -> LanguageCodes | None:
    """The language codes a tokenizer needs, or None for a bilingual model such as MarianMT."""
    name = type(tokenizer).__name__
    for prefix, codes in LANGUAGE_CODES.items():
        if name.startswith(prefix):
            return codes
    return None


@dataclass(frozen=True)
class DecodeOptions:
    beam_size: int
    max_new_tokens: list[int]  # per example
    min_new_tokens: int
    no_repeat_ngram_size: int = 0
    repetition_penalty: float = 1.0


@dataclass
class TranslatorOptions:
    """Options common to the seq2seq backends (what goes into the signature and the cache key)."""

    device: str = "cpu"
    beam_size: int = DEFAULT_BEAM_SIZE
    batch_size: int = DEFAULT_BATCH_SIZE
    threads: int = 0  # 0: the library's default
    max_input_tokens: int | None = None  # None: the model's limit
    max_new_tokens: int | None = None  # None: bounded by the source length
    min_new_tokens: int = 0
    guard: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_arguments(
        cls,
        device: str,
        *,
        beam_size: int | None = None,
        batch_size: int | None = None,
        threads: int | None = 0,
        max_input_tokens: int | None = None,
        max_new_tokens: int | None = None,
        min_new_tokens: int | None = 0,
        guard: bool = True,
        **extra: Any,
    ) -> TranslatorOptions:
        """The options of a backend factory's arguments: defaults where one is None, other backend
        options (compute type, ...) into ``extra`` where they are given."""
        return cls(
            device=device,
            beam_size=beam_size or DEFAULT_BEAM_SIZE,
            batch_size=batch_size or DEFAULT_BATCH_SIZE,
            threads=threads or 0,
            max_input_tokens=max_input_tokens,
            max_new_tokens=max_new_tokens,
            min_new_tokens=min_new_tokens or 0,
            guard=guard,
            extra={k: v for k, v in extra.items() if v is not None},
        )

    def public(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k != "extra"}
        data.update(self.extra)
        return data


class Seq2SeqTranslator(Translator):
    """Base of the encoder-decoder translators; subclasses implement `_decode`."""

    name = "seq2seq"

    def __init__(self, resolved: ResolvedModel, tokenizer: Any, options: TranslatorOptions,
                 model_limit: int) -> None:
        self.resolved = resolved
        self.tokenizer = tokenizer
        self.options = options
        self.codes = language_codes_for(tokenizer)
        if self.codes is not None:
            tokenizer.src_lang = self.codes.source
            if hasattr(tokenizer, "tgt_lang"):
                tokenizer.tgt_lang = self.codes.target
        self.model_limit = model_limit
        self.retries = 0  # segments the guard decoded a second time

    # -- what the translate stage needs to split over-long input --------------------------------
    @property
    def max_input_tokens(self) -> int:
        """The most source tokens (specials included) one segment may have."""
        limit = self.model_limit
        if self.options.max_input_tokens:
            limit = min(limit, self.options.max_input_tokens)
        return limit

    def count_tokens(self, text: str) -> int:
        """Source tokens of ``text``, specials (language code, ``</s>``) included."""
        return len(self._encode(text))

    # -- the protocol ----------------------------------------------------------------------------
    def describe(self) -> dict[str, Any]:
        return {"backend": self.name, **self.resolved.describe(), "options": self.options.public()}

    # -- the work --------------------------------------------------------------------------------
    def translate_segments(self, sentences: Sequence[str]) -> list[SegmentResult]:
        """Translate one-to-one, in order; empty input gives empty output without the model."""
        results = [SegmentResult(s) for s in sentences]  # empty ones stay as they are
        encoded = {i: self._encode(s) for i, s in enumerate(sentences) if s.strip()}
        for ids in encoded.values():
            if len(ids) > self.max_input_tokens:
                # The stage splits first; reaching this is a caller bug, not a reason to truncate.
                raise ValueError(
                    f"segment of {len(ids)} tokens exceeds the input limit of {self.max_input_tokens}; "
                    "split it first (nlbrief.translate does)"
                )
        order = sorted(encoded, key=lambda i: len(encoded[i]))
        size = max(1, self._examples_per_batch(len(order)))
        for start in range(0, len(order), size):
            batch = order[start:start + size]
            done = self._translate_batch([encoded[i] for i in batch], [sentences[i] for i in batch])
            for i, result in zip(batch, done, strict=True):
                results[i] = result
        return results

    def _examples_per_batch(self, total: int) -> int:
        """How many segments one `_decode` call gets (``total``: how many there are in all)."""
        return self.options.batch_size

    def _bound(self, source_len: int) -> int:
        if self.options.max_new_tokens:
            return self.options.max_new_tokens
        return max(1, min(self.model_limit, int(math.ceil(LENGTH_RATIO * source_len)) + LENGTH_MARGIN))

    def _translate_batch(self, batch: list[list[int]], sources: list[str]) -> list[SegmentResult]:
        bounds = [self._bound(len(ids)) for ids in batch]
        opts = DecodeOptions(self.options.beam_size, bounds, self.options.min_new_tokens)
        results: list[SegmentResult] = []
        retry: list[int] = []
        for k, out in enumerate(self._decode(batch, opts)):
            text = self._detok(out)
            problem = self._problem(text, len(out), sources[k], len(batch[k]), bounds[k])
            results.append(SegmentResult(text, note=problem))
            if problem and self.options.guard:
                retry.append(k)
        if retry:
            self.retries += len(retry)
            guard = DecodeOptions(self.options.beam_size, [bounds[k] for k in retry], self.options.min_new_tokens,
                                  GUARD_NO_REPEAT_NGRAM, GUARD_REPETITION_PENALTY)
            for k, out in zip(retry, self._decode([batch[k] for k in retry], guard), strict=True):
                text = self._detok(out)
                problem = self._problem(text, len(out), sources[k], len(batch[k]), bounds[k])
                if problem:
                    # Still looping: keep the text up to where the loop starts.
                    text = cut_repetition(text, sources[k])
                results[k] = SegmentResult(text, guarded=True, note=f"{results[k].note}; " + (
                    "still after retry" if problem else "fixed by retry"))
        return results

    def _problem(self, text: str, out_len: int, source: str, source_len: int, bound: int) -> str | None:
        if self.options.min_new_tokens >= bound:  # fixed-length decoding (benchmarks): nothing to guard
            return None
        if out_len >= bound:
            return f"runaway length ({out_len} tokens for {source_len})"
        loop = find_repetition(text, source)
        return f"repetition ({loop!r})" if loop else None

    def _encode(self, text: str) -> list[int]:
        return list(self.tokenizer(text, add_special_tokens=True)["input_ids"])

    def _detok(self, ids: list[int]) -> str:
        return str(self.tokenizer.decode(ids, skip_special_tokens=True)).strip()

    def _decode(self, batch: list[list[int]], opts: DecodeOptions) -> list[list[int]]:
        """Decode one batch of source ids into target ids (without specials at the ends)."""
        raise NotImplementedError

