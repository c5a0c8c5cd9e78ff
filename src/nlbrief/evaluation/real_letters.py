"""Score the parser on the real letters against hand-checked expectations (issue 10).

The real Kamerbrieven in ``../shared/data/letters`` (and ``dev/``) are split in
``eval/real/split.toml`` into "tune" letters (read while writing parser rules) and "heldout"
letters (kept aside: their score is the honest figure). ``eval/real/expected.json`` holds what a
careful reader gets out of each file, written by reading the letters, not from the parser::

    {"letters": {"dev/kst-....txt": {
        "date": "2020-01-14",                      # ISO 8601
        "sender_role": ["De Minister van ..."],    # as printed, trailing comma dropped
        "signatory": ["S.A. Blok"],
        "subject": null,                           # Betreft/Onderwerp value, or null
        "reference": null,                         # Kenmerk/Ons kenmerk/Onze referentie, or null
        "kamerstuk": {"chamber": "II", "session": "2011/12", "dossiers": ["30 573"],
                      "number": "92", "title": "Migratiebeleid"},   # or null
        "headings": ["..."],                       # section headings in order ([] for none)
        "footnotes": [{"number": 1, "start": "first ~40 characters"}],
        "note": "why a judgement call went this way"}}}

A key left out of an expectation is not scored for that letter.

How values are compared (all comparisons are of normalised text, see `normalise`):

- text fields (date, subject, reference): equal after normalising; ``None`` equals only ``None``;
- lists (sender_role, signatory): the same length and equal item by item, in order;
- kamerstuk: both absent, or chamber, session, dossiers, number and title each equal; sessions
  are compared in the form "2011/12" (so "2011-2012" and "2011/2012" match), dossiers with their
  spaces removed ("35300V" = "35 300 V");
- headings: the parser's headings (the opening text's ``None`` left out) against the expected
  ones as multisets: true positives, predicted and expected counts per letter, micro-averaged
  into precision/recall/F1 per split;
- footnotes: right when the parser found exactly the expected note numbers and each note's
  normalised text starts with the expected start (normalised);
- nothing lost: the pipeline's nothing-lost check passed (a parse error counts as lost).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model.letter import Footnote, Kamerstuk, Letter
    from ..pipeline import LoadedLetter

#: The metadata fields scored per letter, in report order.
METADATA_FIELDS = ("date", "sender_role", "signatory", "subject", "reference", "kamerstuk")
#: The splits of ``split.toml``.
SPLITS = ("tune", "heldout")

_TRAILING = ".,;:"
_SPACES = re.compile(r"\s+")
_SLASH = re.compile(r"\s*/\s*")
_SESSION = re.compile(r"^(\d{4})\s*[-/\u2013]\s*(\d{2}|\d{4})$")


def normalise(text: str | None) -> str | None:
    """Text as compared: NFKC, case-folded, whitespace runs collapsed to one space, spaces around
    "/" removed, trailing ``. , ; :`` and spaces dropped. ``None`` stays ``None``."""
    if text is None:
        return None
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _SLASH.sub("/", _SPACES.sub(" ", text))
    return text.strip().rstrip(_TRAILING).strip()


def normalise_session(session: str | None) -> str | None:
    """A vergaderjaar as "2011/12" ("2011-2012", "2011/2012", "2011–12" all give it)."""
    if session is None:
        return None
    match = _SESSION.match(session.strip())
    if not match:
        return normalise(session)
    return f"{match.group(1)}/{match.group(2)[-2:]}"


def same_text(got: str | None, want: str | None) -> bool:
    """Equal after `normalise` (``None`` equals only ``None``)."""
    return normalise(got) == normalise(want)


def same_list(got: Sequence[str], want: Sequence[str]) -> bool:
    """Same length and `same_text` item by item, in order."""
    return len(got) == len(want) and all(same_text(g, w) for g, w in zip(got, want))


def same_kamerstuk(got: Kamerstuk | None, want: Mapping[str, Any] | None) -> bool:
    """The letter's own paper against its expectation (see the module docstring)."""
    if got is None or want is None:
        return got is None and want is None
    dossiers = [re.sub(r"\s+", "", d).upper() for d in want.get("dossiers", [])]
    return (
        same_text(got.chamber, want.get("chamber"))
        and normalise_session(got.session) == normalise_session(want.get("session"))
        and [re.sub(r"\s+", "", d).upper() for d in got.dossiers] == dossiers
        and same_text(got.number, want.get("number"))
        and same_text(got.title, want.get("title"))
    )


def field_right(letter: Letter, name: str, want: Any) -> bool:
    """Whether metadata field ``name`` (one of `METADATA_FIELDS`) of ``letter`` matches ``want``."""
    if name == "kamerstuk":
        return same_kamerstuk(letter.kamerstuk, want)
    if name in ("sender_role", "signatory"):
        return same_list(getattr(letter, name), want)
    return same_text(getattr(letter, name), want)


@dataclass(frozen=True)
class HeadingCounts:
    """Heading matches of one letter (or summed): true positives, predicted, expected."""

    matched: int = 0
    predicted: int = 0
    expected: int = 0

    def __add__(self, other: HeadingCounts) -> HeadingCounts:
        return HeadingCounts(self.matched + other.matched, self.predicted + other.predicted,
                             self.expected + other.expected)

    @property
    def precision(self) -> float:
        """Matched / predicted; 1.0 when nothing was predicted."""
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        """Matched / expected; 1.0 when nothing was expected."""
        return self.matched / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall (1.0 when both sets are empty)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def heading_counts(got: Iterable[str | None], want: Sequence[str]) -> HeadingCounts:
    """Match the parser's headings (``None`` left out) against the expected ones as multisets of
    normalised text."""
    got_norm = Counter(normalise(h) for h in got if h is not None)
    want_norm = Counter(normalise(h) for h in want)
    matched = sum((got_norm & want_norm).values())
    return HeadingCounts(matched, sum(got_norm.values()), sum(want_norm.values()))


def footnotes_right(got: Sequence[Footnote], want: Sequence[Mapping[str, Any]]) -> bool:
    """Exactly the expected note numbers, each with a text starting as expected (normalised)."""
    texts = {f.number: normalise(f.text) or "" for f in got}
    if sorted(texts) != sorted(int(w["number"]) for w in want) or len(texts) != len(got):
        return False
    return all(texts[int(w["number"])].startswith(normalise(w["start"]) or "") for w in want)


@dataclass(frozen=True)
class LetterScore:
    """One letter's row: each scored field right (True) or wrong (False)."""

    name: str
    split: str
    fields: dict[str, bool] = field(default_factory=dict)  # metadata fields + "footnotes"
    headings: HeadingCounts | None = None
    nothing_lost: bool = False
    error: str | None = None  # a parse error, one line
    wrong: dict[str, Any] = field(default_factory=dict)  # field -> what the parser gave
    notes_expected: int = 0  # how many footnotes the expectation lists

    def to_dict(self) -> dict[str, Any]:
        """JSON form of the row."""
        heads = self.headings
        return {
            "name": self.name, "split": self.split, "fields": self.fields,
            "headings": None if heads is None else {
                "matched": heads.matched, "predicted": heads.predicted, "expected": heads.expected},
            "nothing_lost": self.nothing_lost, "error": self.error, "wrong": self.wrong,
            "notes_expected": self.notes_expected,
        }


def _got_value(letter: Letter, name: str) -> Any:
    if name == "kamerstuk":
        return None if letter.kamerstuk is None else letter.metadata()["kamerstuk"]
    if name == "footnotes":
        return [{"number": f.number, "start": f.text[:40]} for f in letter.footnotes]
    value = getattr(letter, name)
    return list(value) if isinstance(value, tuple) else value


def _scored_fields(letter: Letter, want: Mapping[str, Any]) -> dict[str, bool]:
    fields = {k: field_right(letter, k, want[k]) for k in METADATA_FIELDS if k in want}
    if "footnotes" in want:
        fields["footnotes"] = footnotes_right(letter.footnotes, want["footnotes"])
    return fields


def score_letter(name: str, split: str, loaded: LoadedLetter | None, want: Mapping[str, Any],
                 error: str | None = None) -> LetterScore:
    """Score one parsed letter (``None`` when it failed to parse: every field it has is wrong)."""
    expected_heads = len(want["headings"]) if "headings" in want else None
    notes = len(want.get("footnotes", ()))
    if loaded is None:
        fields = {k: False for k in (*METADATA_FIELDS, "footnotes") if k in want}
        heads = None if expected_heads is None else HeadingCounts(0, 0, expected_heads)
        return LetterScore(name, split, fields, heads, False, error or "not parsed", notes_expected=notes)
    letter = loaded.letter
    fields = _scored_fields(letter, want)
    wrong = {k: _got_value(letter, k) for k, ok in fields.items() if not ok}
    heads = None
    if expected_heads is not None:
        heads = heading_counts((s.heading for s in letter.sections), want["headings"])
        if heads.matched != max(heads.predicted, heads.expected):
            wrong["headings"] = [s.heading for s in letter.sections if s.heading is not None]
    return LetterScore(name, split, fields, heads, loaded.nothing_lost is True, error, wrong, notes)


@dataclass(frozen=True)
class SplitScore:
    """The figures of one split."""

    split: str
    letters: int
    field_accuracy: dict[str, tuple[int, int]]  # field -> (right, scored)
    headings: HeadingCounts
    nothing_lost: int
    errors: int
    footnotes_with_notes: tuple[int, int] = (0, 0)  # (right, scored) over letters that have notes

    def to_dict(self) -> dict[str, Any]:
        """JSON form: accuracies as fractions with their counts."""
        return {
            "split": self.split, "letters": self.letters,
            "fields": {k: {"accuracy": _share(r, n), "right": r, "scored": n}
                       for k, (r, n) in self.field_accuracy.items()},
            "heading_precision": self.headings.precision, "heading_recall": self.headings.recall,
            "heading_f1": self.headings.f1,
            "headings": {"matched": self.headings.matched, "predicted": self.headings.predicted,
                         "expected": self.headings.expected},
            "footnotes_with_notes": {"accuracy": _share(*self.footnotes_with_notes),
                                     "right": self.footnotes_with_notes[0],
                                     "scored": self.footnotes_with_notes[1]},
            "nothing_lost": self.nothing_lost, "errors": self.errors,
        }


def _share(right: int, scored: int) -> float | None:
    return right / scored if scored else None


def aggregate(rows: Sequence[LetterScore], split: str) -> SplitScore:
    """Per-field accuracy over the letters of ``split`` that have the field (footnotes also over
    only the letters whose expectation lists notes), heading micro-P/R/F1, the number of letters
    with nothing lost and the number that failed to parse."""
    mine = [r for r in rows if r.split == split]
    accuracy: dict[str, tuple[int, int]] = {}
    for key in (*METADATA_FIELDS, "footnotes"):
        scored = [r.fields[key] for r in mine if key in r.fields]
        accuracy[key] = (sum(scored), len(scored))
    heads = sum((r.headings for r in mine if r.headings is not None), HeadingCounts())
    noted = [r.fields["footnotes"] for r in mine if "footnotes" in r.fields and r.notes_expected]
    return SplitScore(split, len(mine), accuracy, heads, sum(r.nothing_lost for r in mine),
                      sum(r.error is not None for r in mine), (sum(noted), len(noted)))


# --- files: split, expectations, the parse -------------------------------------------------


def load_split(path: Path) -> dict[str, str]:
    """``split.toml``'s ``[letters]`` table: file name (relative to the letters folder) -> split.

    Raises:
        ValueError: a split other than "tune" or "heldout".
    """
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    table = tomllib.loads(path.read_text(encoding="utf-8"))["letters"]
    bad = {k: v for k, v in table.items() if v not in SPLITS}
    if bad:
        raise ValueError(f"{path}: unknown split for {sorted(bad)}; use one of {SPLITS}")
    return {str(k): str(v) for k, v in table.items()}


def load_expectations(path: Path) -> dict[str, dict[str, Any]]:
    """``expected.json``'s ``letters`` object: file name -> expectation."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): dict(v) for k, v in data["letters"].items()}


Loader = Callable[[Path], "LoadedLetter"]


def _default_loader(path: Path) -> LoadedLetter:
    from ..pipeline import load_letter

    return load_letter(path)


def score_letters(letters_dir: Path, split: Mapping[str, str], expected: Mapping[str, Mapping[str, Any]],
                  *, splits: Sequence[str] = ("tune",), loader: Loader | None = None) -> list[LetterScore]:
    """Parse every letter of the chosen ``splits`` that has an expectation, through
    `nlbrief.pipeline.load_letter` (or ``loader``), and score it. A parse error becomes a row
    with its one-line message; letters without an expectation are skipped."""
    from ..errors import NlbriefError

    load = loader or _default_loader
    rows = []
    for name, part in split.items():
        if part not in splits or name not in expected:
            continue
        try:
            loaded: LoadedLetter | None = load(letters_dir / name)
            error = None
        except NlbriefError as err:
            loaded, error = None, str(err).splitlines()[0] if str(err) else type(err).__name__
        rows.append(score_letter(name, part, loaded, expected[name], error))
    return rows


def format_table(scores: Sequence[SplitScore]) -> str:
    """A plain-text table: one row per figure, one column per split."""
    lines = ["figure".ljust(22) + "".join(s.split.rjust(16) for s in scores)]

    def cell(right: int, scored: int) -> str:
        return f"{right / scored:.3f} ({right}/{scored})" if scored else "-"

    for key in (*METADATA_FIELDS, "footnotes"):
        lines.append(key.ljust(22) + "".join(cell(*s.field_accuracy[key]).rjust(16) for s in scores))
    lines.append(" (letters with notes)".ljust(22) + "".join(
        cell(*s.footnotes_with_notes).rjust(16) for s in scores))
    heads = [s.headings for s in scores]
    lines.append("heading precision".ljust(22) + "".join(
        f"{h.precision:.3f} ({h.matched}/{h.predicted})".rjust(16) for h in heads))
    lines.append("heading recall".ljust(22) + "".join(
        f"{h.recall:.3f} ({h.matched}/{h.expected})".rjust(16) for h in heads))
    lines.append("heading F1".ljust(22) + "".join(f"{h.f1:.3f}".rjust(16) for h in heads))
    lines.append("nothing lost".ljust(22) + "".join(cell(s.nothing_lost, s.letters).rjust(16) for s in scores))
    lines.append("parse errors".ljust(22) + "".join(str(s.errors).rjust(16) for s in scores))
    return "\n".join(lines)


def format_rows(rows: Sequence[LetterScore]) -> str:
    """One line per letter: split, fields right/scored, headings matched/predicted/expected,
    nothing lost, and the names of the wrong fields."""
    out = [f"{'split':8} {'fields':>6} {'headings':>10} {'lost':>4}  letter  (wrong)"]
    for row in rows:
        heads = row.headings
        head = "-" if heads is None else f"{heads.matched}/{heads.predicted}/{heads.expected}"
        right = f"{sum(row.fields.values())}/{len(row.fields)}"
        lost = "ok" if row.nothing_lost else "LOST"
        wrong = ", ".join(row.wrong) if not row.error else f"parse error: {row.error}"
        out.append(f"{row.split:8} {right:>6} {head:>10} {lost:>4}  {row.name}  {wrong}".rstrip())
    return "\n".join(out)


def format_failures(rows: Sequence[LetterScore]) -> str:
    """One line per wrong field of each letter: what the parser gave."""
    out = []
    for row in rows:
        if row.error:
            out.append(f"{row.split:8} {row.name}: parse error: {row.error}")
        for key, value in row.wrong.items():
            out.append(f"{row.split:8} {row.name}: {key} = {json.dumps(value, ensure_ascii=False)}")
        if not row.nothing_lost and not row.error:
            out.append(f"{row.split:8} {row.name}: nothing-lost check failed")
    return "\n".join(out)


__all__ = [
    "METADATA_FIELDS", "SPLITS", "HeadingCounts", "LetterScore", "SplitScore", "aggregate",
    "field_right", "footnotes_right", "format_failures", "format_rows", "format_table", "heading_counts",
    "load_expectations", "load_split", "normalise", "normalise_session", "same_kamerstuk",
    "same_list", "same_text", "score_letter", "score_letters",
]
