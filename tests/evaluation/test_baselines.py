"""The baselines (lead, random, oracle), the paired bootstrap, the Scorer base class and its registry,
and the tune/test split in a brief part."""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from letter_builder import MIGRATION_LIKE, build_letter
from nlbrief.backends.extractive import ExtractiveAbstractor
from nlbrief.errors import ConfigError
from nlbrief.evaluation import (
    SCORERS,
    Context,
    Scorer,
    get_scorer,
    load_set,
    register,
    score_briefs,
)
from nlbrief.evaluation.baselines import greedy_oracle, lead, oracle, random_n
from nlbrief.evaluation.metrics import bootstrap_mean
from nlbrief.model.report import Score
from nlbrief.summarise import SummariseOptions

EVAL = Path(__file__).resolve().parents[2] / "eval"


def test_lead_takes_the_first_n_of_each_section() -> None:
    letter = build_letter(MIGRATION_LIKE)
    got = lead(letter, {2: 2, 3: 1})
    assert got == [MIGRATION_LIKE[1][1][0][0], MIGRATION_LIKE[1][1][0][1], MIGRATION_LIKE[2][1][0][0]]
    assert lead(letter, {}) == []


def test_random_is_fixed_by_its_seed_and_keeps_the_counts() -> None:
    letter = build_letter(MIGRATION_LIKE)
    counts = {1: 1, 2: 3, 3: 2}
    first = random_n(letter, counts, seed=0)
    assert first == random_n(letter, counts, seed=0) and len(first) == 6
    assert any(random_n(letter, counts, seed=s) != first for s in range(1, 6))
    order = [s.text for s in letter.iter_sentences()]
    assert [order.index(t) for t in first] == sorted(order.index(t) for t in first)  # letter order


def test_greedy_oracle_finds_the_sentence_the_reference_repeats() -> None:
    sentences = ["De zon schijnt vandaag.", "Het kabinet verhoogt de subsidie met tien miljoen euro.",
                 "Dat is mooi."]
    reference = ["Het kabinet verhoogt de subsidie met tien miljoen euro."]
    assert greedy_oracle(sentences, reference, 1, "nl") == [1]
    assert greedy_oracle(sentences, reference, 5, "nl") == [0, 1, 2]  # never more than there are
    letter = build_letter(MIGRATION_LIKE)
    want = MIGRATION_LIKE[2][1][0][3]
    assert oracle(letter, {3: 1}, {3: [want]}, "nl") == [want]
    assert oracle(letter, {3: 1}, {}, "nl") == [MIGRATION_LIKE[2][1][0][0]]  # no reference: its lead


def test_paired_bootstrap_interval() -> None:
    wins = bootstrap_mean([0.05, 0.04, 0.06, 0.03, 0.05], samples=500, seed=1)
    assert wins.value == pytest.approx(0.046) and wins.low is not None and wins.low > 0 and wins.n == 5
    mixed = bootstrap_mean([0.10, -0.08, 0.02, -0.05, 0.01], samples=500, seed=1)
    assert mixed.low is not None and mixed.high is not None and mixed.low < 0 < mixed.high
    assert bootstrap_mean([0.1, 0.2], seed=3) == bootstrap_mean([0.1, 0.2], seed=3)
    assert bootstrap_mean([]) == Score(0.0, n=0) and bootstrap_mean([0.5]).low is None


def test_registry_holds_every_part_and_refuses_unknown_or_twice() -> None:
    assert {"structure", "briefs", "translation", "letters"} <= set(SCORERS)
    assert get_scorer("structure") is SCORERS["structure"]
    with pytest.raises(ConfigError, match="structure"):
        get_scorer("nope")
    with pytest.raises(ValueError):
        register(type("Again", (), {"name": "structure"}))


class _Lengths(Scorer[str]):
    """A part written for the test: the length of some words."""

    name = "lengths"

    def items(self, ctx: Context) -> Sequence[tuple[str, str]]:
        return [(w, w) for w in ("een", "twee", "drie")]

    def score_item(self, key: str, item: str, ctx: Context) -> dict[str, Any]:
        return {"length": len(item)}

    def aggregate(self, details: Mapping[str, dict[str, Any]], ctx: Context) -> dict[str, Score]:
        return {"mean": Score(sum(d["length"] for d in details.values()) / len(details), n=len(details))}


def test_the_base_class_writes_the_loop_once() -> None:
    calls: list[tuple[str, int, int]] = []
    part = _Lengths().score(Context(progress=lambda *a: calls.append(a)))
    assert part.name == "lengths" and part.metrics["mean"].value == pytest.approx(11 / 3)
    assert part.details == {"een": {"length": 3}, "twee": {"length": 4}, "drie": {"length": 4}}
    assert calls == [("lengths", 1, 3), ("lengths", 2, 3), ("lengths", 3, 3)]


def test_brief_part_reports_baselines_per_split(tmp_path: Path) -> None:
    root = tmp_path / "set"
    (root / "letters").mkdir(parents=True)
    (root / "references").mkdir()
    names = ("def-2025-11-20-munitievoorraden", "kgg-2026-01-29-netcongestie", "fin-2025-10-02-btw-fraude")
    for name in names:
        shutil.copy(EVAL / "letters" / f"{name}.txt", root / "letters")
        shutil.copy(EVAL / "references" / f"{name}.json", root / "references")
    (root / "split.toml").write_text(
        f'[letters]\n"{names[0]}" = "test"\n"{names[1]}" = "test"\n"{names[2]}" = "tune"\n', encoding="utf-8")
    eval_set = load_set(root)
    assert [i.split for i in eval_set.items] == ["test", "tune", "test"] and eval_set.splits() == ("tune", "test")
    part = score_briefs(eval_set, None, SummariseOptions(lang="nl", summariser="none"),
                        abstractor=ExtractiveAbstractor(), samples=50)
    systems = part.details["_systems"]
    assert list(systems) == ["all", "tune", "test"] and systems["test"]["letters"] == 2
    for group in systems.values():
        oracle_r2 = group["oracle"]["rouge2"]["value"]
        assert group["random"]["rouge2"]["value"] <= oracle_r2 and group["lead"]["rouge2"]["value"] <= oracle_r2
    m = part.metrics
    assert m["test.minus_lead_rouge2"].n == 2 and m["tune.rouge2"].n == 1
    per_letter = part.details[names[0]]
    assert m["minus_lead_rouge2"].value == pytest.approx(
        sum(d["rouge2"] - d["systems"]["lead"]["rouge2"] for k, d in part.details.items() if not k.startswith("_"))
        / 3)
    assert per_letter["split"] == "test"
    (root / "split.toml").write_text('[letters]\n"x" = "later"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="tune"):
        load_set(root)


def test_a_bound_on_a_split_the_set_lacks_is_noted_not_failed() -> None:
    from nlbrief.evaluation import Thresholds, check_thresholds
    from nlbrief.model.report import Part

    part = Part("briefs.nl.extractive", metrics={"rouge2": Score(0.4)})
    (check,) = check_thresholds([part], Thresholds(minimums={"briefs.nl.extractive.test.minus_lead_rouge2": 0.03}))
    assert check.ok and check.value is None and check.note == "no such split in this set"
    with pytest.raises(ConfigError, match="names no metric"):
        check_thresholds([part], Thresholds(minimums={"briefs.nl.extractive.rouge9": 0.03}))
