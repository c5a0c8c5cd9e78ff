"""`chat`: briefs from an instruction model through its chat template, prompts from `prompts/`.

The model is found by `nlbrief.modelhub.resolve_model` (a local folder, the Hub cache, or a
bounded download). Two engines run it (`chat_engines`): transformers (``AutoModelForCausalLM``,
one prompt at a time) and CTranslate2 (the model converted once to int8 into nlbrief's cache,
every prompt of a call decoded together with ``generate_batch``, sorted by length). ``backend``
"auto" takes CTranslate2 where it is installed. Both build prompts with the model's own chat
template through its tokenizer, decode greedily within the word budget, stop when the output
starts looping, and clean the output the same way, so they give the same briefs.

Letter text reaches the model only inside the ``<document>`` block of the prompt (see
`nlbrief.prompts`), with every special token of the model's tokenizer (``<|im_end|>``,
``<|im_start|>`` ...) neutralised, so a letter cannot open or close a turn. A section whose prompt
would not fit the model's context is condensed in pieces, so nothing is truncated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import ModelLoadError
from ..prompts import PromptTemplate, load_prompt
from .base import Abstractor, SectionInput, register_abstractor
from .chat_engines import DEFAULT_CHAT_BATCH, ChatEngine, build_chat_engine
from .summary_common import (
    DEFAULT_CHAT_MODELS,
    join_by_owner,
    max_new_tokens_for,
    pack,
    piece_budget,
)

#: How an absent context value reads in the prompt.
_ABSENT = {"en": "(not given)", "nl": "(niet vermeld)"}
_OPENING = {"en": "(opening text, no heading)", "nl": "(openingstekst, zonder kop)"}


@dataclass(frozen=True)
class _Job:
    """One prompt to decode: a section (or a piece of one) and its bound."""

    owner: int  # index of the section in the call
    prompt: list[int]
    bound: int
    source: str  # the sentences it condenses (the loop guard compares with them)


class ChatAbstractor(Abstractor):
    """Condenses sections with an instruction model; `overview` has its own prompt."""

    name = "chat"
    writes_overview = True

    def __init__(self, engine: ChatEngine, prompts: dict[str, PromptTemplate], *, lang: str) -> None:
        self.engine = engine
        self.prompts = {p.name: p for p in prompts.values()}  # by name: "section-en", ...
        self.lang = lang
        self.batches = engine.batches  # CTranslate2 decodes the sections of a call together

    @property
    def calls(self) -> int:
        """Prompts decoded so far (tests count them)."""
        return self.engine.calls

    # -- prompts -----------------------------------------------------------------------------------
    def messages(self, kind: str, section: SectionInput, sentences: Sequence[str] | None = None,
                 max_words: int | None = None) -> list[dict[str, str]]:
        """The chat messages for one section (``kind="section"``) or the overview."""
        lang = section.lang
        name = f"{kind}-{lang}"
        if name not in self.prompts:  # a section in another language than the one built for
            self.prompts[name] = load_prompt(kind, lang)
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
        return self.prompts[name].render(specials=self.engine.special_tokens, **values)

    # -- the protocol ------------------------------------------------------------------------------
    def load(self) -> None:
        self.engine.load()

    def condense(self, section: SectionInput) -> str:
        return self._run("section", [section])[0]

    def condense_batch(self, sections: Sequence[SectionInput]) -> list[str]:
        """The briefs of several sections (of one letter or of several), decoded together."""
        return self._run("section", sections)

    def overview(self, section: SectionInput) -> str:
        """One paragraph for the whole letter; ``section.sentences`` are the section briefs."""
        return self._run("overview", [section])[0]

    def describe(self) -> dict[str, Any]:
        return {
            "backend": self.name,
            **self.engine.resolved.describe(),
            "engine": self.engine.describe(),
            "prompts": {p.name: p.sha256 for p in self.prompts.values()},
            "options": {"device": self.engine.device, "decoding": "greedy", "threads": self.engine.threads},
        }

    # -- the work ----------------------------------------------------------------------------------
    def _run(self, kind: str, sections: Sequence[SectionInput]) -> list[str]:
        jobs = [job for owner, section in enumerate(sections) for job in self._jobs(kind, owner, section)]
        texts = self.engine.generate([j.prompt for j in jobs], [j.bound for j in jobs], [j.source for j in jobs])
        return join_by_owner([j.owner for j in jobs], [j.source for j in jobs], texts, len(sections))

    def _jobs(self, kind: str, owner: int, section: SectionInput) -> list[_Job]:
        """The prompts of one section: one, or one per piece where the whole would not fit."""
        if not section.sentences:
            return []
        engine = self.engine
        limit = engine.limit
        bound = max_new_tokens_for(section.max_words, section.lang)

        def length(sentences: list[str]) -> int:
            return len(engine.encode(self.messages(kind, section, sentences)))

        fixed = length([""])
        if fixed + bound > limit:
            raise ModelLoadError(
                f"The context of the summary model {engine.resolved.model_id} ({limit} tokens) is too "
                f"small for the prompt ({fixed} tokens) and a brief of {bound} tokens. Use a model "
                f"with a longer context, a smaller --max-words, or --summariser none."
            )
        groups = pack(list(section.sentences), lambda group: length(group) + bound <= limit,
                      engine.count_tokens, limit - fixed - bound)
        words = piece_budget(section.max_words, len(groups))
        bound = min(bound, max_new_tokens_for(words, section.lang))
        return [_Job(owner, engine.encode(self.messages(kind, section, group, words)), bound, " ".join(group))
                for group in groups]


@register_abstractor("chat")
def make_chat_abstractor(
    model: str | None = None,
    *,
    lang: str = "en",
    revision: str | None = None,
    device: str = "auto",
    threads: int = 0,
    backend: str = "auto",
    batch_size: int = DEFAULT_CHAT_BATCH,
    fixed_new_tokens: int | None = None,
    **_: Any,
) -> ChatAbstractor:
    """Build the chat summariser (default model per language: see `summary_common`; prompts from
    `nlbrief.prompts.prompts_dir`).

    Args:
        backend: "auto" (CTranslate2 where installed, else transformers), "ctranslate2" or
            "transformers".
        batch_size: prompts per CTranslate2 ``generate_batch`` (1: one by one).
        fixed_new_tokens: benchmarks only: every answer exactly this many tokens.

    Raises:
        ConfigError: an unknown backend; ModelNotFoundError / ModelLoadError: see `build_chat_engine`.
    """
    # Prompts first: a bad template fails before a model is looked for or downloaded.
    prompts = {kind: load_prompt(kind, lang) for kind in ("section", "overview")}
    name = model or DEFAULT_CHAT_MODELS.get(lang, DEFAULT_CHAT_MODELS["en"])
    engine = build_chat_engine(name, revision=revision, device=device, threads=threads, backend=backend,
                               batch_size=batch_size, fixed_new_tokens=fixed_new_tokens)
    return ChatAbstractor(engine, prompts, lang=lang)
