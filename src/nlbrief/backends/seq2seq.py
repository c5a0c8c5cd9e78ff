"""`seq2seq`: briefs from an encoder-decoder summariser, on transformers or CTranslate2.

The default, ``sshleifer/distilbart-cnn-12-6``, is an English news summariser: it gets the selected
sentences as one article (no heading, no instructions: such models were never trained on any) and
writes English only. Asking it for a Dutch brief is an error; with ``--summary-model`` a Dutch (or
multilingual) seq2seq summariser can be named instead. Input longer than the encoder's limit is
condensed in pieces, never truncated.

Two engines run the model (`seq2seq_engines`): transformers (``AutoModelForSeq2SeqLM.generate``, one
input at a time) and CTranslate2 (the model converted once to int8 into nlbrief's cache, the pieces
of every section of a call decoded together with ``translate_batch``). ``backend`` "auto" takes
CTranslate2 where it is installed and its converters support the architecture (BART, T5, Pegasus,
mBART ...). Both decode with the model's generation settings and clean the output the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError
from ..modelhub import ResolvedModel
from .base import Abstractor, SectionInput, register_abstractor
from .seq2seq_engines import DEFAULT_SEQ2SEQ_BATCH, Seq2SeqEngine, build_seq2seq_engine
from .summary_common import (
    DEFAULT_SEQ2SEQ_MODEL,
    join_by_owner,
    max_new_tokens_for,
    pack,
    piece_budget,
)


@dataclass(frozen=True)
class _Piece:
    """One input to decode: a section, or a piece of one that would not fit the encoder whole."""

    owner: int  # index of the section in the call
    text: str
    bound: int  # the most new tokens


class Seq2SeqAbstractor(Abstractor):
    """Condenses the selected sentences of a section as one article."""

    name = "seq2seq"

    def __init__(self, engine: Seq2SeqEngine) -> None:
        self.engine = engine
        self.batches = engine.batches  # CTranslate2 decodes the sections of a call together

    @property
    def resolved(self) -> ResolvedModel:
        return self.engine.resolved

    @property
    def calls(self) -> int:
        """Inputs decoded so far (tests count them)."""
        return self.engine.calls

    def load(self) -> None:
        self.engine.load()

    def condense(self, section: SectionInput) -> str:
        return self._run([section])[0]

    def condense_batch(self, sections: Sequence[SectionInput]) -> list[str]:
        """The briefs of several sections (of one letter or of several), decoded together."""
        return self._run(sections)

    def describe(self) -> dict[str, Any]:
        return {
            "backend": self.name,
            **self.resolved.describe(),
            "engine": self.engine.describe(),
            "options": {"device": self.engine.device, "decoding": "the model's generation config",
                        "threads": self.engine.threads},
        }

    def _run(self, sections: Sequence[SectionInput]) -> list[str]:
        pieces = [piece for owner, section in enumerate(sections) for piece in self._pieces(owner, section)]
        texts = self.engine.generate([p.text for p in pieces], [p.bound for p in pieces])
        return join_by_owner([p.owner for p in pieces], [p.text for p in pieces], texts, len(sections))

    def _pieces(self, owner: int, section: SectionInput) -> list[_Piece]:
        """The inputs of one section: its sentences as one text, or in pieces where they would not
        fit the encoder (each piece then gets its share of the word budget)."""
        if not section.sentences:
            return []
        engine = self.engine
        limit = engine.limit
        groups = pack(list(section.sentences), lambda group: engine.count_tokens(" ".join(group)) <= limit,
                      engine.count_tokens, limit)
        bound = max_new_tokens_for(piece_budget(section.max_words, len(groups)), section.lang)
        return [_Piece(owner, " ".join(group), bound) for group in groups]


@register_abstractor("seq2seq")
def make_seq2seq_abstractor(
    model: str | None = None,
    *,
    lang: str = "en",
    revision: str | None = None,
    device: str = "auto",
    threads: int = 0,
    backend: str = "auto",
    batch_size: int = DEFAULT_SEQ2SEQ_BATCH,
    **_: Any,
) -> Seq2SeqAbstractor:
    """Build the seq2seq summariser (default sshleifer/distilbart-cnn-12-6, English only).

    Args:
        backend: "auto" (CTranslate2 where installed and the architecture is supported, else
            transformers), "ctranslate2" or "transformers".
        batch_size: inputs per CTranslate2 ``translate_batch`` (1: one by one).

    Raises:
        ConfigError: a Dutch brief from the English-only default model, or an unknown backend.
        ModelNotFoundError / ModelLoadError: see `seq2seq_engines.build_seq2seq_engine`.
    """
    if model is None and lang != "en":
        raise ConfigError(
            f"The default seq2seq summariser ({DEFAULT_SEQ2SEQ_MODEL}) writes English only, so it "
            f"cannot make --lang {lang} briefs. Use --summariser chat (an instruction model that "
            f"writes Dutch) or --summariser none, or name a {lang} seq2seq summariser with "
            f"--summary-model."
        )
    engine = build_seq2seq_engine(model or DEFAULT_SEQ2SEQ_MODEL, revision=revision, device=device,
                                  threads=threads, backend=backend, batch_size=batch_size)
    return Seq2SeqAbstractor(engine)
