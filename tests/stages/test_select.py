"""Extractive selection: deterministic, within the budget, in source order, sensible."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from letter_builder import MIGRATION_LIKE, build_letter
from nlbrief.errors import ConfigError
from nlbrief.select import cue_score, select_letter, terms, textrank


def _expected(n: int, ratio: float, max_sentences: int) -> int:
    return 0 if n == 0 else max(1, min(max_sentences, math.ceil(ratio * n - 1e-9)))


def test_deterministic() -> None:
    first = select_letter(build_letter(MIGRATION_LIKE))
    second = select_letter(build_letter(MIGRATION_LIKE))
    assert first == second


def test_same_selection_whatever_the_hash_seed() -> None:
    # Sets and dicts of terms must not decide the order: run under two other hash seeds.
    script = ("import sys; sys.path.insert(0, 'tests'); from letter_builder import MIGRATION_LIKE, build_letter; "
              "from nlbrief.select import select_letter; s = select_letter(build_letter(MIGRATION_LIKE)); "
              "print([(x.ranked, x.scores) for x in s.sections])")
    root = Path(__file__).resolve().parents[2]
    outs = {
        subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    }
    selection = select_letter(build_letter(MIGRATION_LIKE))
    assert outs == {f"{[(x.ranked, x.scores) for x in selection.sections]}\n"}


# MIGRATION_LIKE has sections of 2, 7 and 5 sentences.
@pytest.mark.parametrize(
    ("ratio", "max_sentences", "kept"),
    [(0.3, 5, [1, 3, 2]), (0.5, 2, [1, 2, 2]), (1.0, 10, [2, 7, 5]), (0.01, 3, [1, 1, 1]), (1.0, 1, [1, 1, 1])],
)
def test_budget_per_section(ratio: float, max_sentences: int, kept: list[int]) -> None:
    letter = build_letter(MIGRATION_LIKE)
    selection = select_letter(letter, ratio=ratio, max_sentences=max_sentences)
    assert [len(selection.section(sec.index).kept) for sec in letter.sections] == kept


def test_kept_in_source_order_and_ranking_complete() -> None:
    letter = build_letter(MIGRATION_LIKE)
    selection = select_letter(letter, ratio=0.6, max_sentences=4)
    for sec in letter.sections:
        chosen = selection.section(sec.index)
        order = [s.id for s in sec.sentences]
        assert sorted(chosen.ranked, key=order.index) == order  # every sentence ranked once
        assert list(chosen.kept) == sorted(chosen.kept, key=order.index)
        assert set(chosen.kept) <= set(chosen.ranked)
        assert list(chosen.scores) == sorted(chosen.scores, reverse=True)
    assert selection.kept_ids() == [i for sec in selection.sections for i in sec.kept]


def test_decisions_dates_and_numbers_beat_filler() -> None:
    letter = build_letter([
        ("Besluit", [[
            "Het weer was de hele week wisselend en soms ook wat fris.",
            "Het kabinet heeft besloten per 1 januari 2025 in totaal 40 miljoen euro uit te trekken.",
            "Er waren in die periode veel andere zaken die aandacht vroegen.",
        ]]),
    ])
    chosen = select_letter(letter, ratio=0.3, max_sentences=1).section(1)
    assert chosen.kept == ("s1.2",)


def test_near_duplicates_are_not_kept_twice() -> None:
    same = "Het kabinet steunt de motie over de opvang van asielzoekers in de regio."
    letter = build_letter([(None, [[same, same, "De Raad stemde op 14 mei 2024 in met het pact."]])])
    chosen = select_letter(letter, ratio=1.0, max_sentences=2).section(1)
    assert len(chosen.kept) == 2
    assert not {"s1.1", "s1.2"} <= set(chosen.kept)


def test_heading_without_sentences_keeps_nothing() -> None:
    letter = build_letter([(None, [["Eerste zin van de brief over het beleid."]]), ("Lege kop", [])])
    selection = select_letter(letter)
    assert selection.section(2).kept == ()
    assert selection.section(1).kept == ("s1.1",)


@pytest.mark.parametrize(("ratio", "max_sentences"), [(0, 5), (1.5, 5), (-0.1, 5), (0.3, 0)])
def test_bad_budget_is_a_config_error(ratio: float, max_sentences: int) -> None:
    with pytest.raises(ConfigError):
        select_letter(build_letter(MIGRATION_LIKE), ratio=ratio, max_sentences=max_sentences)


def test_terms_drop_stop_words_and_stem() -> None:
    assert terms("De lidstaten en de lidstaat") == ["lidstat", "lidstat"]
    assert "het" not in terms("het kabinet")


def test_cue_score_is_bounded() -> None:
    assert cue_score("Het weer was mooi.") == 0.0
    assert 0 < cue_score("Het kabinet heeft op 16 mei 2024 besloten de motie uit te voeren, Kamerstukken 32 317.") <= 1.0


def test_textrank_sums_to_one_and_prefers_the_hub() -> None:
    import numpy as np

    sim = np.array([[0, 1, 1], [1, 0, 0], [1, 0, 0]], dtype=float)
    rank = textrank(sim)
    assert rank.sum() == pytest.approx(1.0)
    assert rank[0] > rank[1] == pytest.approx(rank[2])


def test_every_real_letter(letters_dir: Path) -> None:
    from nlbrief.pipeline import load_letter
    from nlbrief.select import letter_words, word_count

    for path in sorted(letters_dir.glob("*.txt")):
        letter = load_letter(path).letter
        selection = select_letter(letter)
        for unit in selection.sections:
            members = {s.id for index in unit.members for s in letter.section(index).sentences}
            # A list (lead-in and items) takes two sentences of the budget, whatever its length.
            in_lists = {i for group in unit.groups for i in group}
            cost = len(set(unit.kept) - in_lists) + sum(min(len(g), 2) for g in unit.groups)
            assert cost <= _expected(len(members), 0.3, 5 * len(unit.members)), path.name
            assert set(unit.kept) <= members
        if selection.max_words is not None:  # a long letter: the word budget holds
            index = letter.sentence_index()
            assert sum(word_count(index[i].text) for i in selection.kept_ids()) <= selection.max_words
            assert selection.max_words <= min(1000, 0.15 * letter_words(letter))


def _one_section_letter(n: int):  # type: ignore[no-untyped-def]
    import random

    from nlbrief.parse import parse_text

    rng = random.Random(7)
    vocab = ["kabinet", "kamer", "minister", "beleid", "brief", "motie", "zorg", "water", "bodem",
             "onderwijs", "woningbouw", "stikstof", "asiel", "defensie", "energie", "netcongestie"]
    body = " ".join(f"Het {rng.choice(vocab)} {rng.choice(vocab)} en de {rng.choice(vocab)} zijn {k}."
                    for k in range(n))
    return parse_text(f"Geachte voorzitter,\n\n{body}\n\nHoogachtend,\n\nDe minister van Financiën,\n\nA. Jansen\n")


def test_similarity_is_windowed_for_huge_sections(monkeypatch: pytest.MonkeyPatch) -> None:
    """A section with more sentences than the window is compared window by window: memory bounded
    by the window (a generated 6 MB text once asked for a 107 GB matrix), and still a selection."""
    import nlbrief.select as select

    letter = _one_section_letter(130)
    monkeypatch.setattr(select, "WINDOW", 50)
    shapes: list[tuple[int, ...]] = []
    real = select._similarity_and_heading

    def spy(items, headings, idf):  # type: ignore[no-untyped-def]
        similarity, heading = real(items, headings, idf)
        shapes.extend(block.shape for block in similarity.blocks)
        assert len(heading) == len(items)
        return similarity, heading

    monkeypatch.setattr(select, "_similarity_and_heading", spy)
    selection = select.select_letter(letter)
    assert shapes and max(max(s) for s in shapes) <= 50
    assert any(len(shape) == 2 and shape[0] < 50 for shape in shapes)  # the last, partial window
    assert selection.kept_ids() and set(selection.kept_ids()) <= {s.id for s in letter.iter_sentences()}


def test_within_one_window_the_similarity_is_the_full_matrix() -> None:
    import numpy as np

    import nlbrief.select as select

    letter = _one_section_letter(40)
    items = select._items(list(letter.sections))
    idf: dict[str, float] = {}
    similarity, _ = select._similarity_and_heading(items, {letter.sections[0].index: []}, idf)
    vectors = select._vectors([select.terms(i.sentence.text) for i in items], idf)
    full = vectors @ vectors.T
    np.fill_diagonal(full, 0.0)
    assert len(similarity.blocks) == 1 and np.allclose(similarity.blocks[0], full)
    assert similarity[0, 1] == pytest.approx(full[0, 1])
