"""The engines that run an instruction model for the `chat` summariser: transformers and CTranslate2.

Both load their model once per process (`loading.cached_load`), lazily on the first prompt, and
share the tokenizer's work: the chat template renders the prompt, the special tokens are what
letter text must not contain, the eos tokens end a brief. They differ only in `_decode`:

- `TransformersChatEngine`: ``AutoModelForCausalLM.generate``, one prompt at a time, float32 on CPU;
- `CT2ChatEngine`: ``ctranslate2.Generator.generate_batch`` on the model converted once to int8
  (`ctranslate2.resolve_ct2_model`), all prompts of a call together, sorted by length (measured in
  scripts/bench_summarise.py: see the README).

Decoding is greedy, bounded per prompt, and stopped for a prompt once its output starts looping
(`nlbrief.mttext.find_repetition`, checked every `LOOP_CHECK_EVERY` tokens).
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

from ..config import pick_device
from ..errors import ModelLoadError
from ..modelhub import ResolvedModel
from ..mttext import find_repetition
from .batch_plan import plan_batches
from .loading import cached_load, load_model, load_tokenizer, quiet_transformers, token_limit

#: How often (in new tokens) the loop guard decodes the output so far.
LOOP_CHECK_EVERY = 8
#: Prompts per ``generate_batch`` call: the sections of a letter (or of a few) fit in one.
DEFAULT_CHAT_BATCH = 16
#: Tokens a ``generate_batch`` call holds: the prompts times (the longest prompt plus the new
#: tokens). Measured at Qwen2.5-1.5B's size, 100 new tokens, over the 1.6 GB of int8 weights: 1, 2,
#: 4 and 7 prompts of 400 tokens add 0.34, 0.75, 1.10 and 1.46 GB, 4 of 800 add 1.66 GB, 7 of 268
#: 1.50 GB: memory grows mostly with the prompts in a batch, less with their length. This bound
#: (4 prompts of 400, 3 of 560) keeps a summarise run, both models loaded, under 3 GB.
DEFAULT_BATCH_TOKENS = 2000


class ChatEngine(ABC):
    """Tokenises chat prompts and decodes them greedily (see the module docstring)."""

    name = "engine"
    batches = False  # decodes many prompts at once

    def __init__(self, resolved: ResolvedModel, device: str, threads: int, *,
                 fixed_new_tokens: int | None = None) -> None:
        self.resolved = resolved
        self.device = device
        self.threads = threads
        #: Benchmarks only: every answer exactly this many tokens (no end token, no loop guard), so
        #: that random weights do not change the work.
        self.fixed_new_tokens = fixed_new_tokens
        self.calls = 0  # prompts decoded
        self.prompt_lengths: list[int] = []  # tokens of each prompt decoded (benchmarks report them)

    def load(self) -> None:
        """Load the tokenizer and the model now (see `Abstractor.load`)."""
        self._load()

    @abstractmethod
    def _load(self) -> tuple[Any, Any]:
        """(tokenizer, model or generator), loaded once per process."""

    # -- the tokenizer -----------------------------------------------------------------------------
    @property
    def tokenizer(self) -> Any:
        """The model's tokenizer (with its chat template), loaded once (with the model)."""
        return self._load()[0]

    @property
    def limit(self) -> int:
        """The most tokens a prompt and its answer may have together."""
        return token_limit(self.tokenizer)

    @property
    def special_tokens(self) -> tuple[str, ...]:
        """Every special token of the tokenizer: strings letter text must not contain."""
        tok = self.tokenizer
        found = set(tok.all_special_tokens)
        for added in getattr(tok, "added_tokens_decoder", {}).values():
            if getattr(added, "special", False):
                found.add(str(added.content))
        return tuple(sorted((t for t in found if t), key=len, reverse=True))

    def encode(self, messages: list[dict[str, str]]) -> list[int]:
        """The prompt's token ids: the model's chat template with the assistant turn opened."""
        # enable_thinking=False: templates with a reasoning mode (Qwen3) answer directly; others
        # ignore the variable.
        enc = self.tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=True,
                                                 return_dict=True, enable_thinking=False)
        ids = enc["input_ids"]
        if ids and isinstance(ids[0], list):
            ids = ids[0]
        return [int(i) for i in ids]

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def end_ids(self) -> list[int]:
        """The token ids that end an answer: the tokenizer's eos and the generation config's."""
        ids = {self.tokenizer.eos_token_id}
        path = self.resolved.path / "generation_config.json"
        if path.is_file():
            try:
                eos = json.loads(path.read_text(encoding="utf-8")).get("eos_token_id")
            except (OSError, ValueError):
                eos = None
            ids.update(eos if isinstance(eos, list) else [eos])
        return sorted(int(i) for i in ids if isinstance(i, int))

    # -- decoding ----------------------------------------------------------------------------------
    def generate(self, prompts: Sequence[list[int]], bounds: Sequence[int], sources: Sequence[str]) -> list[str]:
        """The decoded answer of each prompt (special tokens dropped), in order.

        Args:
            prompts: token ids of each prompt (`encode`).
            bounds: the most new tokens per prompt.
            sources: the text each prompt condenses (the loop guard ignores repeats of it).
        """
        if not prompts:
            return []
        if self.fixed_new_tokens:
            bounds = [self.fixed_new_tokens] * len(prompts)
        ids = self._decode(list(prompts), list(bounds), list(sources))
        self.calls += len(prompts)
        self.prompt_lengths += [len(p) for p in prompts]
        return [str(self.tokenizer.decode(out[:bound], skip_special_tokens=True))
                for out, bound in zip(ids, bounds, strict=True)]

    @abstractmethod
    def _decode(self, prompts: list[list[int]], bounds: list[int], sources: list[str]) -> list[list[int]]:
        """New token ids of each prompt."""

    def describe(self) -> dict[str, Any]:
        return {"name": self.name}

    def loops(self, new_ids: list[int], source: str) -> bool:
        """Whether the answer so far has started looping (checked every `LOOP_CHECK_EVERY` tokens)."""
        if self.fixed_new_tokens or not new_ids or len(new_ids) % LOOP_CHECK_EVERY:
            return False
        text = self.tokenizer.decode(new_ids, skip_special_tokens=True)
        return find_repetition(text, source) is not None


class TransformersChatEngine(ChatEngine):
    """``AutoModelForCausalLM.generate``, one prompt at a time (float32 on CPU)."""

    name = "transformers"

    def _load(self) -> tuple[Any, Any]:
        resolved, device = self.resolved, self.device

        def load() -> tuple[Any, Any]:
            import torch

            quiet_transformers()
            tokenizer = _chat_tokenizer(resolved)
            # float32 on CPU: bfloat16 matmuls are slow on CPUs without native support.
            model = load_model(
                resolved, device, "AutoModelForCausalLM", purpose="summary", kind="a chat model",
                hint="The chat summariser needs a causal language model with a chat template "
                     "(AutoModelForCausalLM).",
                dtype=torch.bfloat16 if device == "cuda" else torch.float32,
            )
            return tokenizer, model

        loaded: tuple[Any, Any] = cached_load(("chat", str(resolved.path), device), load)
        return loaded

    @property
    def limit(self) -> int:
        tokenizer, model = self._load()
        return token_limit(tokenizer, model)

    def _decode(self, prompts: list[list[int]], bounds: list[int], sources: list[str]) -> list[list[int]]:
        import torch
        from transformers import StoppingCriteria

        tokenizer, model = self._load()
        if self.threads:
            torch.set_num_threads(self.threads)
        engine = self

        class _Stop(StoppingCriteria):
            def __init__(self, start: int, source: str) -> None:
                self.start, self.source = start, source

            def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
                new = input_ids[0, self.start:].tolist()
                return torch.tensor([engine.loops(new, self.source)], device=input_ids.device)

        pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
        out: list[list[int]] = []
        for prompt, bound, source in zip(prompts, bounds, sources, strict=True):
            ids = torch.tensor([prompt], dtype=torch.long, device=model.device)
            with torch.inference_mode():
                result = model.generate(
                    input_ids=ids, attention_mask=torch.ones_like(ids), max_new_tokens=bound,
                    min_new_tokens=bound if self.fixed_new_tokens else None,
                    do_sample=False, pad_token_id=pad, eos_token_id=self.end_ids(),
                    stopping_criteria=[_Stop(len(prompt), source)],
                )
            out.append([t for t in result[0, len(prompt):].tolist() if t not in self.end_ids()])
        return out


class CT2ChatEngine(ChatEngine):
    """``ctranslate2.Generator.generate_batch`` on the int8 conversion, prompts sorted by length."""

    name = "ctranslate2"

    def __init__(self, resolved: ResolvedModel, device: str, threads: int, *,
                 compute_type: str | None = None, batch_size: int = DEFAULT_CHAT_BATCH,
                 fixed_new_tokens: int | None = None) -> None:
        from .ctranslate2 import DEFAULT_COMPUTE_TYPE

        super().__init__(resolved, device, threads, fixed_new_tokens=fixed_new_tokens)
        self.compute_type = compute_type or DEFAULT_COMPUTE_TYPE.get(device, "default")
        self.batch_size = max(1, batch_size)
        self.batch_tokens = DEFAULT_BATCH_TOKENS
        self.batches = self.batch_size > 1

    def _load(self) -> tuple[Any, Any]:
        from .ctranslate2 import load_ct2_summariser

        return load_ct2_summariser(self.resolved, self.device, self.compute_type, self.threads,
                                   kind="Generator", what="chat model", tokenizer=_chat_tokenizer)

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "compute_type": self.compute_type, "batch_size": self.batch_size,
                "batch_tokens": self.batch_tokens}

    def chunks(self, prompts: Sequence[list[int]], bounds: Sequence[int]) -> list[list[int]]:
        """Indexes of the prompts, sorted by length, in the batches they are decoded in.

        `nlbrief.backends.batch_plan.plan_batches`: the split with the least estimated time,
        at most `batch_size` prompts and `batch_tokens` tokens held (prompts and answers) per batch.
        """
        return plan_batches([len(p) for p in prompts], bounds, max_batch=self.batch_size,
                            max_tokens=self.batch_tokens)

    def _decode(self, prompts: list[list[int]], bounds: list[int], sources: list[str]) -> list[list[int]]:
        tokenizer, generator = self._load()
        out: dict[int, list[int]] = {}
        for chunk in self.chunks(prompts, bounds):
            new: list[list[int]] = [[] for _ in chunk]

            def step(result: Any, chunk: list[int] = chunk, new: list[list[int]] = new) -> bool:
                ids = new[result.batch_id]
                ids.append(int(result.token_id))
                k = chunk[result.batch_id]
                return len(ids) >= bounds[k] or self.loops(ids, sources[k])

            results = generator.generate_batch(
                [tokenizer.convert_ids_to_tokens(prompts[i]) for i in chunk],
                max_length=max(bounds[i] for i in chunk), beam_size=1, sampling_topk=1,
                min_length=self.fixed_new_tokens or 0,
                include_prompt_in_result=False, end_token=self.end_ids(), callback=step,
            )
            for i, res in zip(chunk, results, strict=True):
                out[i] = list(res.sequences_ids[0])
        return [out[i] for i in range(len(prompts))]


def _chat_tokenizer(resolved: ResolvedModel) -> Any:
    tokenizer = load_tokenizer(resolved.path, "summary", resolved.model_id)
    if not getattr(tokenizer, "chat_template", None):  # a fact about the files, not a capability
        raise ModelLoadError(
            f"The summary model {resolved.model_id} ({resolved.path}) has no chat template, so it "
            f"is not an instruction (chat) model. Pass one with --summary-model, or use "
            f"--summariser seq2seq or --summariser none."
        )
    return tokenizer


def build_chat_engine(name: str, *, revision: str | None = None, device: str = "auto", threads: int = 0,
                      backend: str = "auto", batch_size: int = DEFAULT_CHAT_BATCH,
                      fixed_new_tokens: int | None = None) -> ChatEngine:
    """The engine for the chat model ``name`` (resolved now; loaded, and converted, on first use).

    Args:
        name: a Hub id, a transformers folder or a CTranslate2 folder.
        backend: "auto", "ctranslate2" or "transformers" (`ctranslate2.pick_summary_engine`).
        batch_size: prompts per ``generate_batch`` (1: one by one).
        fixed_new_tokens: benchmarks only: every answer exactly this long.

    Raises:
        ConfigError / ModelNotFoundError / ModelLoadError: see `ctranslate2.pick_summary_engine`.
    """
    from .ctranslate2 import _pick_device, pick_summary_engine

    engine, resolved = pick_summary_engine(name, revision, backend)
    if engine == "transformers":
        return TransformersChatEngine(resolved, pick_device(device), threads, fixed_new_tokens=fixed_new_tokens)
    return CT2ChatEngine(resolved, _pick_device(device), threads, batch_size=batch_size,
                         fixed_new_tokens=fixed_new_tokens)
