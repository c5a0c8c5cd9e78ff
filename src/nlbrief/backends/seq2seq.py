"""`seq2seq`: briefs from an encoder-decoder summariser (AutoModelForSeq2SeqLM + generate).

The default, ``sshleifer/distilbart-cnn-12-6``, is an English news summariser: it gets the selected
sentences as one article (no heading, no instructions: such models were never trained on any) and
writes English only. Asking it for a Dutch brief is an error; with ``--summary-model`` a Dutch (or
multilingual) seq2seq summariser can be named instead. Input longer than the encoder's limit is
condensed in pieces, never truncated.
"""

from __future__ import annotations

from typing import Any

from ..config import pick_device
from ..errors import ConfigError
from ..modelhub import ResolvedModel, resolve_model
from .base import Abstractor, SectionInput, register_abstractor
from .loading import load_pretrained, token_limit
from .summary_common import (
    DEFAULT_SEQ2SEQ_MODEL,
    clean_output,
    max_new_tokens_for,
    pack,
    piece_budget,
    repetition_stopper,
)


def load_summariser(resolved: ResolvedModel, device: str) -> tuple[Any, Any]:
    """(tokenizer, model) of a seq2seq summariser directory, loaded once per process and device."""
    return load_pretrained(
        resolved, device, "AutoModelForSeq2SeqLM", purpose="summary", kind="a seq2seq summariser",
        hint="The seq2seq summariser needs an encoder-decoder model (AutoModelForSeq2SeqLM), such as BART or T5.",
    )


class Seq2SeqAbstractor(Abstractor):
    """Condenses the selected sentences of a section as one article."""

    name = "seq2seq"

    def __init__(self, resolved: ResolvedModel, *, device: str = "cpu", threads: int = 0) -> None:
        self.resolved = resolved
        self.device = device
        self.threads = threads
        self.calls = 0  # generate() calls (tests count them)

    def condense(self, section: SectionInput) -> str:
        if not section.sentences:
            return ""
        tokenizer, model = load_summariser(self.resolved, self.device)
        limit = token_limit(tokenizer, model)

        def count(text: str) -> int:
            return len(tokenizer(text, add_special_tokens=True)["input_ids"])

        groups = pack(list(section.sentences), lambda group: count(" ".join(group)) <= limit, count, limit)
        words = piece_budget(section.max_words, len(groups))
        outputs = [self._generate(tokenizer, model, " ".join(g), words, section.lang) for g in groups]
        return " ".join(o for o in outputs if o)

    def describe(self) -> dict[str, Any]:
        return {
            "backend": self.name,
            **self.resolved.describe(),
            "options": {"device": self.device, "decoding": "the model's generation config", "threads": self.threads},
        }

    def _generate(self, tokenizer: Any, model: Any, text: str, words: int, lang: str) -> str:
        import torch

        if self.threads:
            torch.set_num_threads(self.threads)
        bound = max_new_tokens_for(words, lang)
        enc = tokenizer(text, return_tensors="pt").to(model.device)
        kwargs: dict[str, Any] = {"max_new_tokens": bound}
        # News summarisers ask for 50+ tokens; a smaller budget must win.
        min_length = int(getattr(model.generation_config, "min_length", 0) or 0)
        if min_length > bound // 2:
            kwargs["min_length"] = bound // 2
        if int(getattr(model.generation_config, "num_beams", 1) or 1) == 1:  # greedy: stop a loop early
            kwargs["stopping_criteria"] = [repetition_stopper(tokenizer, 1, text)]
        with torch.inference_mode():
            out = model.generate(**enc, **kwargs)
        self.calls += 1
        return clean_output(tokenizer.decode(out[0], skip_special_tokens=True), text)


@register_abstractor("seq2seq")
def make_seq2seq_abstractor(
    model: str | None = None,
    *,
    lang: str = "en",
    revision: str | None = None,
    device: str = "auto",
    threads: int = 0,
    **_: Any,
) -> Seq2SeqAbstractor:
    """Build the seq2seq summariser (default sshleifer/distilbart-cnn-12-6, English only)."""
    if model is None and lang != "en":
        raise ConfigError(
            f"The default seq2seq summariser ({DEFAULT_SEQ2SEQ_MODEL}) writes English only, so it "
            f"cannot make --lang {lang} briefs. Use --summariser chat (an instruction model that "
            f"writes Dutch) or --summariser none, or name a {lang} seq2seq summariser with "
            f"--summary-model."
        )
    resolved = resolve_model(model or DEFAULT_SEQ2SEQ_MODEL, revision=revision, purpose="summary")
    return Seq2SeqAbstractor(resolved, device=pick_device(device), threads=threads)
