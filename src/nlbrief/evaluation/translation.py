"""The ``translation`` part: a parallel test set through the translation stage, BLEU and chrF
(sacrebleu) with coverage and numbers preserved."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..model.report import LOWER, Part, Score
from .base import Context, Scorer, register
from .dataset import ParallelSet
from .metrics import bleu_chrf, numbers_preserved

if TYPE_CHECKING:
    from ..backends.base import Translator
    from ..model.letter import Letter


def lines_letter(lines: Sequence[str], name: str) -> Letter:
    """A one-section letter whose sentences are the lines, so that the translation stage takes them as is."""
    from ..model.letter import Letter, Paragraph, Section, Sentence, Source

    sentences = tuple(Sentence(f"s1.{k}", line) for k, line in enumerate(lines, start=1))
    return Letter(source=Source(name, "", "text"), sections=(Section(1, None, (Paragraph(sentences),)),))


@register
class TranslationScorer(Scorer[ParallelSet]):
    """The whole test set is one item: the stage translates it in one call (batched)."""

    name = "translation"

    def __init__(self, data: ParallelSet, translator: Translator) -> None:
        self.data = data
        self.translator = translator
        self.sacrebleu: dict[str, str] = {}
        self.scores: dict[str, Score] = {}

    def items(self, ctx: Context) -> Sequence[tuple[str, ParallelSet]]:
        return [(self.data.name, self.data)]

    def score_item(self, key: str, item: ParallelSet, ctx: Context) -> dict[str, Any]:
        from ..translate import translate_letter

        progress = ctx.progress
        report = (lambda done, total: progress("translation", done, total)) if progress is not None else None
        result = translate_letter(lines_letter(item.sources, item.name), self.translator, progress=report)
        segments = result.segments()
        hyps = [segments[f"s1.{k}"].text for k in range(1, len(item.sources) + 1)]
        self.scores, self.sacrebleu = bleu_chrf(hyps, item.references, samples=ctx.samples)
        kept, total = numbers_preserved(item.sources, hyps)
        c = result.coverage
        # Ids only, no text: a test set's licence may not allow copying its lines into a report.
        return {"lines": len(hyps), "segments": c.segments, "translated": c.translated, "empty": len(c.empty),
                "split": len(c.split), "guarded": len(c.guarded), "by_rule": c.by_rule,
                "numbers_kept": kept, "numbers": total,
                "number_problems": [dict(p) for p in c.number_problems[:20]],
                "split_ids": list(c.split), "guarded_ids": list(c.guarded)}

    def aggregate(self, details: Mapping[str, dict[str, Any]], ctx: Context) -> dict[str, Score]:
        d = details[self.data.name]
        n = d["lines"]
        return {
            "bleu": self.scores["bleu"],
            "chrf": self.scores["chrf"],
            "translated": Score(d["translated"] / d["segments"] if d["segments"] else 1.0, n=d["segments"]),
            "empty": Score(float(d["empty"]), n=n, better=LOWER),
            "split": Score(float(d["split"]), n=n, better=None),
            "guarded": Score(float(d["guarded"]), n=n, better=None),
            "by_rule": Score(float(d["by_rule"]), n=n, better=None),
            "numbers_preserved": Score(d["numbers_kept"] / d["numbers"] if d["numbers"] else 1.0, n=d["numbers"]),
        }

    def signature(self, ctx: Context) -> dict[str, Any]:
        from ..translate import signature as translation_signature

        data = self.data
        return {"test_set": {"name": data.name, "sha256": data.sha256, "lines": len(data.sources),
                             "total_lines": data.total_lines},
                "translator": translation_signature(self.translator),
                "sacrebleu": self.sacrebleu}

    def score(self, ctx: Context) -> Part:
        part = super().score(ctx)
        # The test set's one item: its details are the part's (as reports have always had them).
        return Part(part.name, metrics=part.metrics, details=part.details[self.data.name], signature=part.signature)


def score_translation(data: ParallelSet, translator: Translator, *, ctx: Context | None = None,
                      samples: int | None = None) -> Part:
    """Translate the source lines through `nlbrief.translate.translate_letter` and score them."""
    ctx = ctx or Context()
    if samples is not None:
        ctx.samples = samples
    return TranslationScorer(data, translator).score(ctx)
