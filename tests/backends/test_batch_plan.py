"""The partition of chat prompts into CTranslate2 batches (a pure function of lengths and bounds)."""

from __future__ import annotations

import itertools

import pytest

from nlbrief.backends.batch_plan import CostModel, plan_batches


def _cost(batches: list[list[int]], lengths: list[int], new: int) -> float:
    return sum(CostModel().batch([lengths[i] for i in b], new) for b in batches)


def _splits(order: list[int]) -> list[list[list[int]]]:
    """Every split of a sorted order into consecutive groups (to check the plan is the cheapest)."""
    out = []
    for cuts in itertools.product((False, True), repeat=len(order) - 1):
        groups, cur = [], [order[0]]
        for cut, i in zip(cuts, order[1:], strict=True):
            if cut:
                groups.append(cur)
                cur = []
            cur.append(i)
        out.append([*groups, cur])
    return out


@pytest.mark.parametrize("lengths", [[268, 480, 426, 518, 510, 461, 389], [50, 60, 900, 910, 70], [400] * 5])
def test_the_plan_is_the_cheapest_split_and_never_dearer_than_one_by_one(lengths: list[int]) -> None:
    plan = plan_batches(lengths, [100] * len(lengths), max_batch=16, max_tokens=10**6)
    assert sorted(i for b in plan for i in b) == list(range(len(lengths)))
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    best = min(_cost(s, lengths, 100) for s in _splits(order))
    assert _cost(plan, lengths, 100) == pytest.approx(best)
    assert _cost(plan, lengths, 100) <= _cost([[i] for i in order], lengths, 100)


def test_equal_prompts_share_one_batch_and_a_far_longer_one_goes_alone() -> None:
    assert plan_batches([400] * 5, [100] * 5, max_batch=16, max_tokens=10**6) == [[0, 1, 2, 3, 4]]
    plan = plan_batches([400, 401, 1400, 402], [100] * 4, max_batch=16, max_tokens=10**6)
    assert plan == [[0, 1, 3], [2]]


def test_batch_size_and_memory_bounds_hold() -> None:
    lengths = [300] * 7
    assert all(len(b) <= 3 for b in plan_batches(lengths, [100] * 7, max_batch=3, max_tokens=10**6))
    plan = plan_batches(lengths, [100] * 7, max_batch=16, max_tokens=1600)  # 4 x (300 + 100)
    assert max(len(b) for b in plan) == 4
    assert plan_batches([5000, 10], [100, 100], max_batch=16, max_tokens=1000) == [[1], [0]]


def test_mismatched_bounds_are_refused() -> None:
    with pytest.raises(ValueError, match="one bound per prompt"):
        plan_batches([1, 2], [100], max_batch=4, max_tokens=100)
