"""The engines that run an encoder-decoder summariser for `seq2seq`: transformers and CTranslate2.

Both tokenise with the model's own tokenizer, special tokens included (BART's ``<s> ... </s>``:
CTranslate2 expects the source to end with ``</s>`` as well), decode with the model's generation
settings (beams, minimum length, length penalty, n-gram blocking) within a bound per input, and
stop a greedy decoding once its output starts looping (`nlbrief.mttext.find_repetition`, checked
every `LOOP_CHECK_EVERY` tokens). They differ only in `_decode`:

- `TransformersSeq2SeqEngine`: ``AutoModelForSeq2SeqLM.generate``, one input at a time;
- `CT2Seq2SeqEngine`: ``ctranslate2.Translator.translate_batch`` on the model converted once to
  int8 (`ctranslate2.resolve_ct2_model`), the inputs of a call together in batches of at most
  `DEFAULT_SEQ2SEQ_BATCH`, sorted by length.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..config import pick_device
from ..modelhub import ResolvedModel
from ..mttext import find_repetition
from .loading import load_pretrained, load_tokenizer, token_limit

#: How often (in new tokens) the loop guard decodes the output so far.
LOOP_CHECK_EVERY = 8
#: Inputs per ``translate_batch`` call: the pieces of the sections of a letter fit in one or two.
DEFAULT_SEQ2SEQ_BATCH = 16


@dataclass(frozen=True)
class Decoding:
    """The generation settings of the model (its generation config) that both engines honour."""

    beams: int = 1
    min_length: int = 0  # tokens, counting the decoder's start token (as transformers does)
    length_penalty: float = 1.0
    no_repeat_ngram_size: int = 0
    repetition_penalty: float = 1.0
    forced_bos: int | None = None  # a token id the output must start with (BART's <s>)

    @classmethod
    def of(cls, config: Mapping[str, Any]) -> Decoding:
        """The settings of a generation config (a dict; absent or null keys take the defaults)."""
        def get(key: str, default: Any) -> Any:
            value = config.get(key)
            return default if value is None else value

        return cls(beams=int(get("num_beams", 1)), min_length=int(get("min_length", 0)),
                   length_penalty=float(get("length_penalty", 1.0)),
                   no_repeat_ngram_size=int(get("no_repeat_ngram_size", 0)),
                   repetition_penalty=float(get("repetition_penalty", 1.0)),
                   forced_bos=config.get("forced_bos_token_id"))

    def min_length_for(self, bound: int) -> int:
        """The minimum length within a bound of ``bound`` new tokens: news summarisers ask for 50+
        tokens, and a smaller budget must win."""
        return min(self.min_length, bound // 2)


class Seq2SeqEngine(ABC):
    """Tokenises summariser inputs and decodes them (see the module docstring)."""

    name = "engine"
    batches = False  # decodes many inputs at once

    def __init__(self, resolved: ResolvedModel, device: str, threads: int) -> None:
        self.resolved = resolved
        self.device = device
        self.threads = threads
        self.calls = 0  # inputs decoded (tests count them)

    @property
    def tokenizer(self) -> Any:
        """The model's tokenizer, loaded once (with the model)."""
        return self._load()[0]

    @abstractmethod
    def _load(self) -> tuple[Any, Any]:
        """(tokenizer, model or translator), loaded once per process."""

    def load(self) -> None:
        """Load the tokenizer and the model now (see `Abstractor.load`)."""
        self._load()

    @property
    def limit(self) -> int:
        """The most tokens one input may have."""
        return token_limit(self.tokenizer)

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` as the model gets it (special tokens included)."""
        return len(self.tokenizer(text, add_special_tokens=True)["input_ids"])

    def generate(self, texts: Sequence[str], bounds: Sequence[int]) -> list[str]:
        """The decoded output of each input text (special tokens dropped, not cleaned), in order.

        Args:
            texts: the inputs, each within `limit` tokens.
            bounds: the most new tokens per input.
        """
        if not texts:
            return []
        ids = self._decode(list(texts), list(bounds))
        self.calls += len(texts)
        return [str(self.tokenizer.decode(out[:bound], skip_special_tokens=True))
                for out, bound in zip(ids, bounds, strict=True)]

    @abstractmethod
    def _decode(self, texts: list[str], bounds: list[int]) -> list[list[int]]:
        """New token ids of each input."""

    def describe(self) -> dict[str, Any]:
        return {"name": self.name}

    def loops(self, new_ids: list[int], source: str) -> bool:
        """Whether the output so far has started looping (checked every `LOOP_CHECK_EVERY` tokens)."""
        if not new_ids or len(new_ids) % LOOP_CHECK_EVERY:
            return False
        return find_repetition(self.tokenizer.decode(new_ids, skip_special_tokens=True), source) is not None


class TransformersSeq2SeqEngine(Seq2SeqEngine):
    """``AutoModelForSeq2SeqLM.generate`` with the model's generation config, one input at a time."""

    name = "transformers"

    def _load(self) -> tuple[Any, Any]:
        loaded: tuple[Any, Any] = load_pretrained(
            self.resolved, self.device, "AutoModelForSeq2SeqLM", purpose="summary", kind="a seq2seq summariser",
            hint="The seq2seq summariser needs an encoder-decoder model (AutoModelForSeq2SeqLM), such as BART or T5.",
        )
        return loaded

    @property
    def limit(self) -> int:
        tokenizer, model = self._load()
        return token_limit(tokenizer, model)

    def _decode(self, texts: list[str], bounds: list[int]) -> list[list[int]]:
        import torch
        from transformers import StoppingCriteria

        tokenizer, model = self._load()
        if self.threads:
            torch.set_num_threads(self.threads)
        decoding = Decoding.of(model.generation_config.to_dict())
        engine = self

        class _Stop(StoppingCriteria):
            def __init__(self, source: str) -> None:
                self.source = source

            def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
                new = input_ids[0, 1:].tolist()  # after the decoder's start token
                return torch.tensor([engine.loops(new, self.source)], device=input_ids.device)

        out: list[list[int]] = []
        for text, bound in zip(texts, bounds, strict=True):
            enc = tokenizer(text, return_tensors="pt").to(model.device)
            kwargs: dict[str, Any] = {"max_new_tokens": bound}
            if decoding.min_length > bound // 2:
                kwargs["min_length"] = decoding.min_length_for(bound)
            if decoding.beams == 1:  # greedy: stop a loop early
                kwargs["stopping_criteria"] = [_Stop(text)]
            with torch.inference_mode():
                result = model.generate(**enc, **kwargs)
            out.append(result[0, 1:].tolist())
        return out


class CT2Seq2SeqEngine(Seq2SeqEngine):
    """``ctranslate2.Translator.translate_batch`` on the int8 conversion, inputs sorted by length."""

    name = "ctranslate2"

    def __init__(self, resolved: ResolvedModel, device: str, threads: int, *,
                 compute_type: str | None = None, batch_size: int = DEFAULT_SEQ2SEQ_BATCH) -> None:
        from .ctranslate2 import DEFAULT_COMPUTE_TYPE

        super().__init__(resolved, device, threads)
        self.compute_type = compute_type or DEFAULT_COMPUTE_TYPE.get(device, "default")
        self.batch_size = max(1, batch_size)
        self.batches = self.batch_size > 1
        # The conversion carries the generation config (`modelhub.convert_model`); a CTranslate2
        # folder without one decodes greedily.
        path = resolved.path / "generation_config.json"
        try:
            self.decoding = Decoding.of(json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {})
        except (OSError, ValueError, TypeError):
            self.decoding = Decoding()

    def _load(self) -> tuple[Any, Any]:
        from .ctranslate2 import load_ct2_summariser

        return load_ct2_summariser(self.resolved, self.device, self.compute_type, self.threads,
                                   kind="Translator", what="seq2seq summariser",
                                   tokenizer=lambda r: load_tokenizer(r.path, "summary", r.model_id))

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "compute_type": self.compute_type, "batch_size": self.batch_size}

    def chunks(self, sources: Sequence[list[str]], bounds: Sequence[int]) -> list[list[int]]:
        """Indexes of the inputs in the batches they are decoded in: inputs with the same bound
        together (beam search runs a batch to its bound), sorted by length, `batch_size` at most."""
        order = sorted(range(len(sources)), key=lambda i: (bounds[i], len(sources[i])))
        out: list[list[int]] = []
        for i in order:
            if out and len(out[-1]) < self.batch_size and bounds[out[-1][0]] == bounds[i]:
                out[-1].append(i)
            else:
                out.append([i])
        return out

    def _decode(self, texts: list[str], bounds: list[int]) -> list[list[int]]:
        tokenizer, translator = self._load()
        sources = [tokenizer.convert_ids_to_tokens(tokenizer(t)["input_ids"]) for t in texts]
        decoding = self.decoding
        # transformers forces BART's <s> as the first new token; a target prefix does the same here.
        prefix = [] if decoding.forced_bos is None else [tokenizer.convert_ids_to_tokens(int(decoding.forced_bos))]
        out: dict[int, list[int]] = {}
        for chunk in self.chunks(sources, bounds):
            bound = bounds[chunk[0]]
            new: list[list[int]] = [[] for _ in chunk]  # the callback sees the prefix too

            def step(result: Any, chunk: list[int] = chunk, new: list[list[int]] = new) -> bool:
                ids = new[result.batch_id]
                ids.append(int(result.token_id))
                return self.loops(ids, texts[chunk[result.batch_id]])  # True: stop this input only

            results = translator.translate_batch(
                [sources[i] for i in chunk], target_prefix=[list(prefix) for _ in chunk] if prefix else None,
                beam_size=decoding.beams, length_penalty=decoding.length_penalty,
                no_repeat_ngram_size=decoding.no_repeat_ngram_size,
                repetition_penalty=decoding.repetition_penalty,
                # Lengths count the prefix, as transformers counts the forced <s> among the new tokens.
                max_decoding_length=bound, min_decoding_length=max(1, decoding.min_length_for(bound) - 1),
                max_input_length=0,  # the abstractor packs inputs within the limit: never truncate
                callback=step if decoding.beams == 1 else None,
            )
            for i, res in zip(chunk, results, strict=True):
                out[i] = list(tokenizer.convert_tokens_to_ids(res.hypotheses[0]))
        return [out[i] for i in range(len(texts))]


def build_seq2seq_engine(name: str, *, revision: str | None = None, device: str = "auto", threads: int = 0,
                         backend: str = "auto", batch_size: int = DEFAULT_SEQ2SEQ_BATCH) -> Seq2SeqEngine:
    """The engine for the seq2seq summariser ``name`` (resolved, and converted, now; loaded on first use).

    Args:
        name: a Hub id, a transformers folder or a CTranslate2 folder.
        backend: "auto", "ctranslate2" or "transformers" (`ctranslate2.pick_summary_engine`).
        batch_size: inputs per ``translate_batch`` (1: one by one).

    Raises:
        ConfigError / ModelNotFoundError / ModelLoadError: see `ctranslate2.pick_summary_engine`.
    """
    from .ctranslate2 import _pick_device, pick_summary_engine

    engine, resolved = pick_summary_engine(name, revision, backend)
    if engine == "transformers":
        return TransformersSeq2SeqEngine(resolved, pick_device(device), threads)
    return CT2Seq2SeqEngine(resolved, _pick_device(device), threads, batch_size=batch_size)
