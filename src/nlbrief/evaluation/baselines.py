"""Baselines a brief must beat, with the same number of sentences per section as nlbrief kept.

- ``lead``: the first N sentences of each section (the usual news-summarisation baseline: in
  this genre a section's first sentences often state its topic);
- ``random``: N sentences of each section drawn at random, the mean over `RANDOM_SEEDS` fixed
  seeds (what selection is worth without any rule);
- ``oracle``: greedy oracle-N, an upper bound for extractive selection: per section, add the
  sentence that raises ROUGE-1 + ROUGE-2 F1 against that section's reference most, N times
  (the greedy labelling of Nallapati et al. 2017, "SummaRuNNer", and Liu & Lapata 2019).

All three are pure functions of the letter, the per-section counts and (for the oracle) the
reference sentences; nothing here reads files.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from .metrics import rouge_tokenizer

if TYPE_CHECKING:
    from ..model.letter import Letter

BASELINES = ("lead", "random", "oracle")
RANDOM_SEEDS: tuple[int, ...] = (0, 1, 2, 3, 4)


def section_texts(letter: Letter) -> dict[int, list[str]]:
    """Each section's sentence texts in letter order, by section index."""
    return {sec.index: [s.text for s in sec.sentences] for sec in letter.sections}


def lead(letter: Letter, counts: Mapping[int, int]) -> list[str]:
    """The first ``counts[i]`` sentences of each section ``i``, in letter order."""
    texts = section_texts(letter)
    return [t for index, sents in texts.items() for t in sents[: counts.get(index, 0)]]


def random_n(letter: Letter, counts: Mapping[int, int], seed: int) -> list[str]:
    """``counts[i]`` sentences of each section drawn with ``random.Random(seed)``, in letter order."""
    rng = random.Random(seed)
    out: list[str] = []
    for index, sents in section_texts(letter).items():
        n = min(counts.get(index, 0), len(sents))
        out += [sents[k] for k in sorted(rng.sample(range(len(sents)), n))]
    return out


def _ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[k:k + n]) for k in range(len(tokens) - n + 1))


def _f1(overlap: int, predicted: int, expected: int) -> float:
    if not overlap:
        return 0.0
    p, r = overlap / predicted, overlap / expected
    return 2 * p * r / (p + r)


def _gain(candidate: Sequence[str], reference: Sequence[str]) -> float:
    """ROUGE-1 + ROUGE-2 F1 of token lists (clipped n-gram overlap, as rouge-score counts it)."""
    total = 0.0
    for n in (1, 2):
        c, r = _ngrams(candidate, n), _ngrams(reference, n)
        total += _f1(sum((c & r).values()), sum(c.values()), sum(r.values()))
    return total


def greedy_oracle(sentences: Sequence[str], reference: Sequence[str], n: int, lang: str) -> list[int]:
    """Indices (sorted) of ``n`` sentences picked greedily to maximise ROUGE-1 + ROUGE-2 F1 against
    ``reference``; ties go to the earlier sentence. Tokens as `nlbrief.evaluation.metrics` counts them."""
    tokenizer = rouge_tokenizer(lang)
    tokens = [tokenizer.tokenize(s) for s in sentences]
    ref = [t for s in reference for t in tokenizer.tokenize(s)]
    picked: list[int] = []
    for _ in range(min(n, len(sentences))):
        best = max((k for k in range(len(sentences)) if k not in picked),
                   key=lambda k: (_gain([t for j in sorted([*picked, k]) for t in tokens[j]], ref), -k))
        picked.append(best)
    return sorted(picked)


def oracle(letter: Letter, counts: Mapping[int, int], references: Mapping[int, Sequence[str]],
           lang: str) -> list[str]:
    """Greedy oracle-N per section against ``references[i]`` (the reference sentences of section
    ``i``; a section without one gets its lead)."""
    out: list[str] = []
    for index, sents in section_texts(letter).items():
        n = counts.get(index, 0)
        ref = references.get(index)
        chosen = greedy_oracle(sents, ref, n, lang) if ref else list(range(min(n, len(sents))))
        out += [sents[k] for k in chosen]
    return out
