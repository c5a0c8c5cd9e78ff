"""The parts ``real.tune`` and ``real.heldout``: the parser on the real letters of ``../shared``
against the hand-checked expectations of ``SET/real/expected.json`` (`nlbrief.evaluation.real_letters`
holds the comparison rules), one part per split of ``SET/real/split.toml``, so that the held-out
figure is reported on its own. Letters are parsed through `nlbrief.pipeline` (the run's `Context`)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..model.report import LOWER, Part, Score
from .base import Context, Scorer, register, skipped
from .real_letters import (
    SPLITS,
    LetterScore,
    aggregate,
    load_expectations,
    load_split,
    score_letter,
)

#: Where a set keeps its real-letter split and expectations.
REAL_DIR = "real"


def default_letters_dir(set_root: Path) -> Path:
    """``../shared/data/letters`` beside the checkout that holds the set (``eval/`` in the checkout)."""
    return set_root.resolve().parent.parent / "shared" / "data" / "letters"


@register
class RealLettersScorer(Scorer[str]):
    """One split of the real letters: per-field accuracy, heading P/R/F1, nothing lost, errors."""

    name = "real"

    def __init__(self, letters_dir: Path, split_map: Mapping[str, str], expected: Mapping[str, Mapping[str, Any]],
                 split: str, digests: Mapping[str, str] | None = None) -> None:
        self.letters_dir = letters_dir
        self.split_map = split_map
        self.expected = expected
        self.split = split
        self.digests = dict(digests or {})
        self.rows: list[LetterScore] = []

    def part_name(self) -> str:
        return f"real.{self.split}"

    def wanted(self) -> list[str]:
        """The letters of this split that have expectations (file names under ``letters_dir``)."""
        return [name for name, part in sorted(self.split_map.items()) if part == self.split and name in self.expected]

    def missing(self) -> list[str]:
        """The letters of this split that are not in ``letters_dir``: left out, and named in the
        signature (a folder holding only some letters must not score the rest as parse errors)."""
        return [name for name in self.wanted() if not (self.letters_dir / name).is_file()]

    def items(self, ctx: Context) -> Sequence[tuple[str, str]]:
        missing = set(self.missing())
        return [(name, name) for name in self.wanted() if name not in missing]

    def score_item(self, key: str, item: str, ctx: Context) -> dict[str, Any]:
        from ..pipeline import LoadedLetter

        path = self.letters_dir / item
        parsed = ctx.parse(str(path.resolve()), path)
        loaded = LoadedLetter(parsed.letter, parsed.nothing_lost) if parsed.letter is not None else None
        row = score_letter(item, self.split, loaded, self.expected[item], parsed.error)
        self.rows.append(row)
        return row.to_dict()

    def aggregate(self, details: Mapping[str, dict[str, Any]], ctx: Context) -> dict[str, Score]:
        s = aggregate(self.rows, self.split)
        n = s.letters
        metrics = {f"{name}_accuracy": Score(right / scored, n=scored)
                   for name, (right, scored) in s.field_accuracy.items() if scored}
        right, scored = s.footnotes_with_notes
        if scored:
            metrics["footnotes_with_notes_accuracy"] = Score(right / scored, n=scored)
        h = s.headings
        metrics.update({
            "heading_precision": Score(h.precision, n=h.predicted),
            "heading_recall": Score(h.recall, n=h.expected),
            "heading_f1": Score(h.f1, n=h.expected),
            "nothing_lost": Score(s.nothing_lost / n if n else 1.0, n=n),
            "parse_errors": Score(float(s.errors), n=n, better=LOWER),
        })
        return metrics

    def signature(self, ctx: Context) -> dict[str, Any]:
        return {"letters_dir": str(self.letters_dir), "letters": sum(1 for _ in self.items(ctx)),
                "letters_missing": self.missing(), **self.digests}


def real_parts(set_root: Path, letters_dir: str | None, ctx: Context) -> list[Part]:
    """The real-letter parts of a set that has ``real/split.toml`` and ``real/expected.json`` (none
    for a set without them); skipped, with the option that turns them on, where the letters folder
    is not there."""
    real = set_root / REAL_DIR
    split_path, expected_path = real / "split.toml", real / "expected.json"
    if not split_path.is_file() or not expected_path.is_file():
        return []
    folder = Path(letters_dir).expanduser() if letters_dir else default_letters_dir(set_root)
    if not folder.is_dir():
        reason = (f"the real letters are not there ({folder}): pass --real-letters DIR (the "
                  f"../shared/data/letters folder) to score the parser on them.")
        return [skipped(f"real.{split}", reason) for split in SPLITS]
    split_map, expected = load_split(split_path), load_expectations(expected_path)
    digests = {"split_sha256": hashlib.sha256(split_path.read_bytes()).hexdigest(),
               "expected_sha256": hashlib.sha256(expected_path.read_bytes()).hexdigest()}
    parts = []
    for split in SPLITS:
        scorer = RealLettersScorer(folder, split_map, expected, split, digests)
        if scorer.wanted() and len(scorer.missing()) == len(scorer.wanted()):
            parts.append(skipped(f"real.{split}", f"none of the {len(scorer.wanted())} {split} letters is in "
                                 f"{folder}: pass --real-letters DIR (the ../shared/data/letters folder)."))
        else:
            parts.append(scorer.score(ctx))
    return parts
