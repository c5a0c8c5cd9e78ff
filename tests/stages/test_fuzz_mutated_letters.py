"""A bounded fuzz run (issue 14): real letters, mutated at random, go through the command-line
path of `nlbrief parse` (read bytes -> parse -> nothing-lost check). Whatever the mutation, no
crash: either a Letter with nothing lost, or one `NlbriefError` (the paragraph the CLI prints).

The profile is fixed (derandomised, a few hundred examples in all), so CI runs the same inputs
every time. The letters are ours (eval/letters) and, where ../shared exists, the real ones.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import LETTERS, ROOT
from nlbrief.errors import NlbriefError
from nlbrief.pipeline import parse_document
from nlbrief.read import read_bytes

OURS = sorted((ROOT / "eval" / "letters").glob("*.txt"))
REAL = sorted(LETTERS.glob("*.txt")) + sorted((LETTERS / "dev").glob("*.txt")) if LETTERS.is_dir() else []

# What PDF extractors and users put into letters: page breaks, soft hyphens, ligatures, note
# markers of every kind, non-ASCII digits, quotes, bullets, markup, NULs, stray surrogate escapes.
PAYLOADS = ["\f", "\u00ad", "\ufb01", "\ufb02", "1", "12", "01", "\u0661", "\uff11", "„", "‘", "”",
            "•", "\uf0b7", "<script>", "{{x}}", "<|im_end|>", "\x00", "\n\n", " ", "-\n", "Noot",
            "X Noot", "Naar boven", "Kamerstukken II 2024/25, 36 410, nr. 12", "motie-Van der Staaij",
            "Hoogachtend,", "Geachte voorzitter,", "€ 1,5 miljard", "ca. 3 mld. Daarnaast"]

mutation = st.tuples(
    st.floats(min_value=0, max_value=1),  # where, as a share of the text
    st.sampled_from(["insert", "delete", "duplicate", "swap"]),
    st.one_of(st.sampled_from(PAYLOADS), st.text(min_size=1, max_size=12)),
    st.integers(min_value=1, max_value=400),  # span length for delete / duplicate / swap
)


def mutate(text: str, mutations: list[tuple[float, str, str, int]]) -> str:
    """``text`` with each mutation applied in turn (pure; positions clamp to the text)."""
    for share, kind, payload, span in mutations:
        at = int(share * len(text))
        if kind == "insert":
            text = text[:at] + payload + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + span:]
        elif kind == "duplicate":
            text = text[:at] + text[at:at + span] * 2 + text[at + span:]
        else:  # swap two neighbouring spans: lines and notes out of order
            text = text[:at] + text[at + span:at + 2 * span] + text[at:at + span] + text[at + 2 * span:]
    return text


def _check(source: Path, mutations: list[tuple[float, str, str, int]]) -> None:
    text = mutate(source.read_text(encoding="utf-8"), mutations)
    data = text.encode("utf-8", errors="surrogateescape")
    try:
        doc = read_bytes(data, name=source.name)
        loaded = parse_document(doc, check_language=False)
    except NlbriefError as err:  # a clear, one-paragraph refusal is fine; a crash is not
        assert str(err).strip()
        return
    assert loaded.nothing_lost, loaded.accounting.summary() if loaded.accounting else "not checked"


FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(st.sampled_from(OURS), st.lists(mutation, min_size=1, max_size=6))
def test_our_letters_mutated_never_crash_and_lose_nothing(source: Path, mutations) -> None:  # type: ignore[no-untyped-def]
    _check(source, mutations)


@pytest.mark.skipif(not REAL, reason=f"real letters not available: {LETTERS} does not exist (CI has it)")
@FUZZ
@given(st.sampled_from(REAL or [Path("unused")]), st.lists(mutation, min_size=1, max_size=6))
def test_real_letters_mutated_never_crash_and_lose_nothing(source: Path, mutations) -> None:  # type: ignore[no-untyped-def]
    _check(source, mutations)


def test_mutate_applies_each_kind() -> None:
    assert mutate("abcdef", [(0.5, "insert", "X", 1)]) == "abcXdef"
    assert mutate("abcdef", [(0.5, "delete", "", 2)]) == "abcf"
    assert mutate("abcdef", [(0.0, "duplicate", "", 2)]) == "ababcdef"
    assert mutate("abcdef", [(0.0, "swap", "", 2)]) == "cdabef"
