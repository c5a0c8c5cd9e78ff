"""`chat`: briefs from an instruction model through its chat template, prompts from `prompts/`.

The model is found by `nlbrief.modelhub.resolve_model` (a local folder, the Hub cache, or a
bounded download) and loaded from that folder with ``AutoModelForCausalLM``; never with remote
code. Decoding is greedy by default, bounded by the word budget, and stopped when the output starts
looping. Letter text reaches the model only inside the ``<document>`` block of the prompt (see
`nlbrief.prompts`). A section whose prompt would not fit the model's context is condensed in
pieces, so nothing is truncated.
"""

from __future__ import annotations

from typing import Any

from ..config import pick_device
from ..errors import ModelLoadError
from ..modelhub import ResolvedModel, resolve_model
from ..prompts import PromptTemplate, load_prompt
from .base import SectionInput, register_abstractor
from .loading import cached_load, load_model, load_tokenizer, quiet_transformers, token_limit
from .summary_common import (
    DEFAULT_CHAT_MODELS,
    clean_output,
    max_new_tokens_for,
    pack,
    piece_budget,
    repetition_stopper,
)

#: How an absent context value reads in the prompt.
_ABSENT = {"en": "(not given)", "nl": "(niet vermeld)"}
_OPENING = {"en": "(opening text, no heading)", "nl": "(openingstekst, zonder kop)"}


def load_chat_model(resolved: ResolvedModel, device: str) -> tuple[Any, Any]:
    """(tokenizer, model) of an instruction model directory, loaded once per process and device."""

    def load() -> tuple[Any, Any]:
        import torch

        quiet_transformers()
        tokenizer = load_tokenizer(resolved.path, "summary", resolved.model_id)
        if not getattr(tokenizer, "chat_template", None):
            raise ModelLoadError(
                f"The summary model {resolved.model_id} ({resolved.path}) has no chat template, so it "
                f"is not an instruction (chat) model. Pass one with --summary-model (for example "
                f"{DEFAULT_CHAT_MODELS['en']}), or use --summariser seq2seq or --summariser none."
            )
        # float32 on CPU: bfloat16 matmuls are slow on CPUs without native support.
        model = load_model(
            resolved, device, "AutoModelForCausalLM", purpose="summary", kind="a chat model",
            hint="The chat summariser needs a causal language model with a chat template "
                 "(AutoModelForCausalLM).",
            dtype=torch.bfloat16 if device == "cuda" else torch.float32,
        )
        if tokenizer.pad_token_id is None:
            tokenizer.pad_token = tokenizer.eos_token
        return tokenizer, model

    return cached_load(("chat", str(resolved.path), device), load)


class ChatAbstractor:
    """Condenses a section with an instruction model; `overview` writes the letter's overview."""

    name = "chat"
    extractive = False

    def __init__(self, resolved: ResolvedModel, prompts: dict[str, PromptTemplate], *, lang: str,
                 device: str = "cpu", threads: int = 0) -> None:
        self.resolved = resolved
        self.prompts = {p.name: p for p in prompts.values()}  # by name: "section-en", ...
        self.lang = lang
        self.device = device
        self.threads = threads
        self.calls = 0  # generate() calls (tests count them)

    # -- prompts -----------------------------------------------------------------------------------
    def messages(self, kind: str, section: SectionInput, sentences: list[str] | None = None,
                 max_words: int | None = None) -> list[dict[str, str]]:
        """The chat messages for one section (``kind="section"``) or the overview."""
        lang = section.lang
        name = f"{kind}-{lang}"
        if name not in self.prompts:  # a section in another language than the one built for
            self.prompts[name] = load_prompt(kind, lang)
        prompt = self.prompts[name]
        absent = _ABSENT.get(lang, _ABSENT["en"])
        ctx = section.context
        values: dict[str, Any] = {
            "max_words": max_words or section.max_words,
            "sender": ctx.get("sender") or absent,
            "date": ctx.get("date") or absent,
            "subject": ctx.get("subject") or absent,
        }
        lines = "\n".join(f"- {s}" for s in (section.sentences if sentences is None else sentences))
        if kind == "section":
            values["heading"] = section.heading or _OPENING.get(lang, _OPENING["en"])
            values["sentences"] = lines
        else:
            values["briefs"] = lines
        return prompt.render(**values)

    # -- the protocol ------------------------------------------------------------------------------
    def condense(self, section: SectionInput) -> str:
        return self._run("section", section)

    def overview(self, section: SectionInput) -> str:
        """One paragraph for the whole letter; ``section.sentences`` are the section briefs."""
        return self._run("overview", section)

    def describe(self) -> dict[str, Any]:
        return {
            "backend": self.name,
            **self.resolved.describe(),
            "prompts": {p.name: p.sha256 for p in self.prompts.values()},
            "options": {"device": self.device, "decoding": "greedy", "threads": self.threads},
        }

    # -- the work ----------------------------------------------------------------------------------
    def _encode(self, tokenizer: Any, messages: list[dict[str, str]]) -> Any:
        # enable_thinking=False: templates with a reasoning mode (Qwen3) answer directly; others
        # ignore the variable.
        return tokenizer.apply_chat_template(
            messages, add_generation_prompt=True, tokenize=True, return_dict=True,
            return_tensors="pt", enable_thinking=False,
        )

    def _run(self, kind: str, section: SectionInput) -> str:
        if not section.sentences:
            return ""
        tokenizer, model = load_chat_model(self.resolved, self.device)
        limit = token_limit(tokenizer, model)
        bound = max_new_tokens_for(section.max_words, section.lang)

        def length(sentences: list[str]) -> int:
            return int(self._encode(tokenizer, self.messages(kind, section, sentences))["input_ids"].shape[1])

        fixed = length([""])
        if fixed + bound > limit:
            raise ModelLoadError(
                f"The context of the summary model {self.resolved.model_id} ({limit} tokens) is too "
                f"small for the prompt ({fixed} tokens) and a brief of {bound} tokens. Use a model "
                f"with a longer context, a smaller --max-words, or --summariser none."
            )
        groups = pack(
            list(section.sentences),
            lambda group: length(group) + bound <= limit,
            lambda text: len(tokenizer(text, add_special_tokens=False)["input_ids"]),
            limit - fixed - bound,
        )
        words = piece_budget(section.max_words, len(groups))
        bound = min(bound, max_new_tokens_for(words, section.lang))
        outputs = [self._generate(tokenizer, model, kind, section, group, words, bound) for group in groups]
        return " ".join(o for o in outputs if o)

    def _generate(self, tokenizer: Any, model: Any, kind: str, section: SectionInput,
                  sentences: list[str], words: int, bound: int) -> str:
        import torch

        if self.threads:
            torch.set_num_threads(self.threads)
        enc = self._encode(tokenizer, self.messages(kind, section, sentences, words)).to(model.device)
        prompt_length = enc["input_ids"].shape[1]
        source = " ".join(sentences)
        with torch.inference_mode():
            out = model.generate(
                **enc,
                max_new_tokens=bound,
                do_sample=False,
                pad_token_id=tokenizer.pad_token_id,
                stopping_criteria=[repetition_stopper(tokenizer, prompt_length, source)],
            )
        self.calls += 1
        text = tokenizer.decode(out[0, prompt_length:], skip_special_tokens=True)
        return clean_output(text, source)


@register_abstractor("chat")
def make_chat_abstractor(
    model: str | None = None,
    *,
    lang: str = "en",
    revision: str | None = None,
    device: str = "auto",
    threads: int = 0,
    **_: Any,
) -> ChatAbstractor:
    """Build the chat summariser (default model per language: see `summary_common`; prompts from
    `nlbrief.prompts.prompts_dir`)."""
    # Prompts first: a bad template fails before a model is looked for or downloaded.
    prompts = {kind: load_prompt(kind, lang) for kind in ("section", "overview")}
    name = model or DEFAULT_CHAT_MODELS.get(lang, DEFAULT_CHAT_MODELS["en"])
    resolved = resolve_model(name, revision=revision, purpose="summary")
    return ChatAbstractor(resolved, prompts, lang=lang, device=pick_device(device), threads=threads)
