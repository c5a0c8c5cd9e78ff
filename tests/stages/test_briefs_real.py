"""The Dutch extractive briefs of the real letters in ../shared ("tune" letters of eval/real/split.toml
only: the held-out ones are scored by `nlbrief eval`, never read by tests that shape rules)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from nlbrief.backends.extractive import ExtractiveAbstractor
from nlbrief.model.brief import Brief
from nlbrief.model.letter import Letter
from nlbrief.pipeline import load_letter
from nlbrief.summarise import SummariseOptions, summarise_letter

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SPLIT = Path(__file__).resolve().parents[2] / "eval" / "real" / "split.toml"
# Independent of nlbrief.salience on purpose: what a reader would call debris.
URL = re.compile(r"https?://|www\.", re.IGNORECASE)
PAGE = re.compile(r"\bPagina \d+ van \d+\b", re.IGNORECASE)
GLUED = re.compile(r"[a-zà-ÿ]{3,}[.,;:]?\d{1,2}\s+[A-Za-z]")
COLUMNS = re.compile(r"\S(?: {3,}|\t)\S")


def tune_letters(root: Path) -> list[Path]:
    split = tomllib.loads(SPLIT.read_text(encoding="utf-8"))["letters"]
    return [root / name for name, part in sorted(split.items()) if part == "tune" and name.endswith(".txt")
            and (root / name).is_file()]


def brief_of(path: Path) -> tuple[Letter, Brief]:
    letter = load_letter(path).letter
    return letter, summarise_letter(letter, SummariseOptions(lang="nl", summariser="none"),
                                    abstractor=ExtractiveAbstractor())


def brief_words(brief: Brief) -> int:
    return sum(len(s.text.split()) for sec in brief.sections for s in sec.sentences) + len(brief.overview.split())


def test_the_three_longest_letters_get_condensed_briefs(letters_dir: Path) -> None:
    paths = sorted(letters_dir.glob("*.txt"), key=lambda p: -len(p.read_text(encoding="utf-8").split()))[:3]
    for path in paths:
        words = len(path.read_text(encoding="utf-8").split())
        letter, brief = brief_of(path)
        body = sum(len(s.text.split()) for s in letter.iter_sentences())
        n = brief_words(brief)
        assert n <= 1000 and n <= 0.15 * body <= 0.15 * words, (path.name, n, body)
        assert all(sec.sentences for sec in brief.sections), path.name  # no empty sections


def test_no_brief_holds_debris(letters_dir: Path) -> None:
    paths = tune_letters(letters_dir)
    assert len(paths) >= 20
    for path in paths:
        letter, brief = brief_of(path)
        tables = {s.id for sec in letter.sections for p in sec.paragraphs if p.kind == "table" for s in p.sentences}
        furniture = {" ".join(f.split()) for f in letter.furniture if len(f.split()) >= 3}
        sentences = [*brief.overview_sentences, *(s for sec in brief.sections for s in sec.sentences)]
        for s in sentences:
            where = f"{path.name}: {s.text[:80]}"
            assert not URL.search(s.text), where
            assert not PAGE.search(s.text), where
            assert not GLUED.search(s.text), where
            assert not COLUMNS.search(s.text), where
            assert not tables & set(s.sources), where
            assert not any(f in " ".join(s.text.split()) for f in furniture), where


@pytest.mark.parametrize("name", ["kst-vws-2025-09-08-aanbieding-azwa.txt"])
def test_the_decisive_follow_up_is_kept(letters_dir: Path, name: str) -> None:
    # The example: "Vervolgproces" briefed as filler only, without the commitment.
    _, brief = brief_of(letters_dir / name)
    text = " ".join(s.text for sec in brief.sections for s in sec.sentences)
    assert "de voortgang bewaken en uw Kamer hierover informeren" in text
    assert "Ik zie de toekomst met vertrouwen tegemoet" not in text
