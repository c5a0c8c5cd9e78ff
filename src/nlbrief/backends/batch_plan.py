"""Which prompts CTranslate2 decodes together: the partition with the least estimated time.

``ctranslate2.Generator.generate_batch`` reads the prompts of a batch at once only up to the
shortest one; the rest of each longer prompt goes through the decoding loop one token per step,
as slow as generating (CTranslate2's documentation of ``generate_batch``, and its issue #1480).
Batching saves time because one decoding step for B prompts costs much less than B steps for one
(the int8 weights are read once per step). So prompts of about the same length should share a
batch, and a prompt far longer than the others should not. `plan_batches` finds the cheapest
split of the prompts, sorted by length, into consecutive groups under a simple cost model:

    time(batch) = prefill * shortest * B + (longest - shortest + new) * (1 + growth * log2(B))

in units of one decoding step of one prompt: ``prefill`` is the cost of reading one prompt token
at once, ``growth`` how a step slows with more prompts, ``new`` the most tokens a prompt of the
batch may generate. The defaults are measured with `generate_batch` on a 2-core x86 CPU (AVX-512)
with a Qwen2.5-1.5B-size model in int8, 100 new tokens: one step 0.115 s for one prompt, 1.36,
1.65 and 1.83 times that for 2, 4 and 7; reading prompts at once about 0.004 s a token; a step of
the tail of a longer prompt costs a full step. The partition is exact (dynamic programming over the
sorted prompts), so under the model it is never worse than one prompt at a time.

Memory grows with the prompts of a batch and, less, with their length (see
`chat_engines.DEFAULT_BATCH_TOKENS` for the figures), so `plan_batches` bounds the prompts times
(the longest prompt plus the new tokens).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class CostModel:
    """The cost of a ``generate_batch`` call, in decoding steps of one prompt (see the module)."""

    prefill: float = 0.035
    growth: float = 0.33

    def batch(self, lengths: Sequence[int], new: int) -> float:
        """Estimated time of one batch of prompts of these token lengths, ``new`` tokens each."""
        shortest, longest, size = min(lengths), max(lengths), len(lengths)
        return self.prefill * shortest * size + (longest - shortest + new) * (1 + self.growth * math.log2(size))


def plan_batches(lengths: Sequence[int], bounds: Sequence[int], *, max_batch: int, max_tokens: int,
                 cost: CostModel | None = None) -> list[list[int]]:
    """Indexes of the prompts, in the batches to decode them in (shortest prompts first).

    Args:
        lengths: the token length of each prompt.
        bounds: the most new tokens each prompt may generate (same order).
        max_batch: at most this many prompts in a batch.
        max_tokens: at most this many tokens held per batch: the prompts times (the longest prompt
            plus its bound), which bounds the key-value cache; a prompt longer than this goes
            alone.
        cost: the cost model (default: `CostModel()`).

    Returns:
        Batches of indexes into ``lengths``; every index exactly once; within a batch and across
        batches the prompts are sorted by length.

    Raises:
        ValueError: if ``lengths`` and ``bounds`` differ in length or ``max_batch`` < 1.
    """
    if len(lengths) != len(bounds) or max_batch < 1:
        raise ValueError("plan_batches: one bound per prompt and max_batch >= 1 are required")
    model = cost or CostModel()
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    best = [0.0] + [float("inf")] * len(order)  # best[j]: the cheapest plan of the first j prompts
    start = [0] * (len(order) + 1)  # where the last batch of that plan begins
    for j in range(1, len(order) + 1):
        for i in range(j - 1, max(j - max_batch, 0) - 1, -1):
            group = order[i:j]
            new = max(bounds[k] for k in group)
            if len(group) > 1 and (lengths[order[j - 1]] + new) * len(group) > max_tokens:
                break  # a longer batch only holds more (memory)
            time = best[i] + model.batch([lengths[k] for k in group], new)
            if time < best[j]:
                best[j], start[j] = time, i
    batches: list[list[int]] = []
    j = len(order)
    while j > 0:
        batches.append(order[start[j]:j])
        j = start[j]
    return batches[::-1]
