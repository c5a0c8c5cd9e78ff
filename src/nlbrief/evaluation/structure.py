"""Scored parts about the parser: ``structure`` (against the references) and ``letters`` (a folder
of letters without references: parse status, nothing lost, counts, PDF/text agreement)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError
from ..model.report import LOWER, Part, Score
from ..read import LETTER_SUFFIXES
from .base import Context, Parsed, Scorer, register
from .dataset import EvalSet, SetItem, hash_files, sha256_file
from .metrics import (
    METADATA_FIELDS,
    PRF,
    citation_prf,
    footnote_prf,
    heading_prf,
    metadata_matches,
    motion_prf,
)

if TYPE_CHECKING:
    from ..model.letter import Letter

#: The PRF counts a structure item carries, summed over the set (micro-average).
_PRF_KEYS = ("headings", "footnotes", "footnote_texts", "citations", "motions")


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _prf(data: Mapping[str, Any]) -> PRF:
    return PRF(data["tp"], data["predicted"], data["expected"])


def _structure_prfs(letter: Letter | None, want: Mapping[str, Any]) -> dict[str, PRF]:
    got_headings = [s.heading for s in letter.sections] if letter else []
    got_notes = [(f.number, f.text) for f in letter.footnotes] if letter else []
    fn, fn_text = footnote_prf(got_notes, [(f["number"], f["text"]) for f in want["footnotes"]])
    return {
        "headings": heading_prf(got_headings, want["headings"]),
        "footnotes": fn,
        "footnote_texts": fn_text,
        "citations": citation_prf(letter, want) if letter else PRF(0, 0, len(want["citations"])),
        "motions": motion_prf(letter, want) if letter else PRF(0, 0, len(want["motions"])),
    }


@register
class StructureScorer(Scorer[SetItem]):
    """Parse results against the references' ``structure`` (micro-averaged over the set)."""

    name = "structure"

    def __init__(self, eval_set: EvalSet) -> None:
        self.eval_set = eval_set

    def items(self, ctx: Context) -> Sequence[tuple[str, SetItem]]:
        return [(item.name, item) for item in self.eval_set.items]

    def score_item(self, key: str, item: SetItem, ctx: Context) -> dict[str, Any]:
        want = item.reference["structure"]
        result = ctx.parse(item.name, item.letter)
        letter = result.letter
        got_headings = [s.heading for s in letter.sections] if letter else []
        prfs = _structure_prfs(letter, want)
        meta = metadata_matches(letter, want) if letter else {}
        n_sentences = sum(1 for _ in letter.iter_sentences()) if letter else 0
        return {
            "error": result.error,
            "nothing_lost": result.nothing_lost,
            "accounting": result.accounting,
            **{name: prf.to_dict() for name, prf in prfs.items()},
            "missing_headings": [x for x in want["headings"] if x not in got_headings],
            "extra_headings": [x for x in got_headings if x not in want["headings"]],
            "metadata": dict(meta),
            "metadata_mismatches": {k: {"got": _jsonable(getattr(letter, k)), "want": want.get(k)}
                                    for k, v in meta.items() if not v},
            "sentences": n_sentences,
            "sentences_bounds": [want["sentences_min"], want["sentences_max"]],
            "sentences_ok": want["sentences_min"] <= n_sentences <= want["sentences_max"],
        }

    def aggregate(self, details: Mapping[str, dict[str, Any]], ctx: Context) -> dict[str, Score]:
        total = {name: sum((_prf(d[name]) for d in details.values()), PRF()) for name in _PRF_KEYS}
        n = len(details)
        fields_ok = sum(sum(d["metadata"].values()) for d in details.values())
        fields_total = n * len(METADATA_FIELDS)
        h, fn = total["headings"], total["footnotes"]
        return {
            "heading_precision": Score(h.precision, n=h.predicted),
            "heading_recall": Score(h.recall, n=h.expected),
            "heading_f1": Score(h.f1, n=h.expected),
            "footnote_precision": Score(fn.precision, n=fn.predicted),
            "footnote_recall": Score(fn.recall, n=fn.expected),
            "footnote_f1": Score(fn.f1, n=fn.expected),
            "footnote_text_recall": Score(total["footnote_texts"].recall, n=total["footnote_texts"].expected),
            "metadata_exact": Score(fields_ok / fields_total if fields_total else 1.0, n=fields_total),
            "citation_f1": Score(total["citations"].f1, n=total["citations"].expected),
            "motion_f1": Score(total["motions"].f1, n=total["motions"].expected),
            "sentence_count_ok": Score(_share(details, "sentences_ok"), n=n),
            "nothing_lost": Score(_share(details, "nothing_lost"), n=n),
            "parse_errors": Score(float(sum(d["error"] is not None for d in details.values())), n=n, better=LOWER),
        }


def _share(details: Mapping[str, Mapping[str, Any]], key: str) -> float:
    return sum(bool(d[key]) for d in details.values()) / len(details) if details else 1.0


def score_structure(eval_set: EvalSet, parsed: Mapping[str, Parsed] | None = None) -> Part:
    """The ``structure`` part of ``eval_set`` (letters parsed here unless ``parsed`` has them)."""
    return StructureScorer(eval_set).score(Context(parsed=dict(parsed or {})))


# --- a folder of letters without references -----------------------------------------------------

def _letter_counts(result: Parsed) -> dict[str, Any]:
    letter = result.letter
    return {
        "parsed": letter is not None, "error": result.error, "nothing_lost": result.nothing_lost,
        "accounting": result.accounting,
        "sections": len(letter.sections) if letter else 0,
        "footnotes": len(letter.footnotes) if letter else 0,
        "sentences": sum(1 for _ in letter.iter_sentences()) if letter else 0,
        "unassigned": len(letter.unassigned) if letter else 0,
    }


@register
class LettersDirScorer(Scorer[Path]):
    """Reference-free structure checks on every .txt/.pdf letter directly in a folder.

    Parse status, nothing lost, counts of sections, footnotes, sentences and unassigned lines, and,
    where a letter is there as both PDF and text, how well the two parses agree (headings and
    footnotes, F1 of one against the other).
    """

    name = "letters"

    def __init__(self, path: str | Path) -> None:
        root = Path(path).expanduser()
        if not root.is_dir():
            raise ConfigError(f"--letters-dir {root} is not a folder.")
        self.files = sorted(p for p in root.iterdir() if p.is_file() and p.suffix.lower() in LETTER_SUFFIXES)
        if not self.files:
            raise ConfigError(f"--letters-dir {root} holds no letters (*.txt or *.pdf).")
        self.root = root
        self.pairs = (PRF(), PRF(), 0)  # heading and footnote agreement, pairs compared

    def items(self, ctx: Context) -> Sequence[tuple[str, Path]]:
        return [(file.name, file) for file in self.files]

    def score_item(self, key: str, item: Path, ctx: Context) -> dict[str, Any]:
        return _letter_counts(ctx.parse(str(item.resolve()), item))

    def _agreement(self, details: Mapping[str, dict[str, Any]], ctx: Context) -> tuple[PRF, PRF, int]:
        by_stem: dict[str, dict[str, Letter | None]] = defaultdict(dict)
        for file in self.files:
            by_stem[file.stem][file.suffix.lower()] = ctx.parsed[str(file.resolve())].letter
        agree_h = agree_f = PRF()
        pairs = 0
        for stem, versions in sorted(by_stem.items()):
            txt, pdf = versions.get(".txt"), versions.get(".pdf")
            if txt is None or pdf is None:
                continue
            pairs += 1
            h = heading_prf([s.heading for s in pdf.sections], [s.heading for s in txt.sections])
            f, _ = footnote_prf([(x.number, x.text) for x in pdf.footnotes],
                                [(x.number, x.text) for x in txt.footnotes])
            agree_h, agree_f = agree_h + h, agree_f + f
            details[f"{stem}.pdf"]["agreement_with_txt"] = {"headings_f1": h.f1, "footnotes_f1": f.f1}
        return agree_h, agree_f, pairs

    def aggregate(self, details: Mapping[str, dict[str, Any]], ctx: Context) -> dict[str, Score]:
        n = len(details)
        ok = [d for d in details.values() if d["parsed"]]
        metrics = {
            "letters": Score(float(n), n=n, better=None),
            "parsed": Score(len(ok) / n, n=n),
            "nothing_lost": Score(_share(details, "nothing_lost"), n=n),
            **{name: Score(float(sum(d[name] for d in ok)), n=n, better=None)
               for name in ("sections", "footnotes", "sentences")},
            "unassigned": Score(float(sum(d["unassigned"] for d in ok)), n=n, better=LOWER),
        }
        agree_h, agree_f, pairs = self._agreement(details, ctx)
        if pairs:
            metrics["pdf_txt_heading_f1"] = Score(agree_h.f1, n=pairs)
            metrics["pdf_txt_footnote_f1"] = Score(agree_f.f1, n=pairs)
        return metrics

    def signature(self, ctx: Context) -> dict[str, Any]:
        digests = {file: ctx.parsed[str(file.resolve())].sha256 or sha256_file(file) for file in self.files}
        return {"folder": self.root.resolve().name, "sha256": hash_files(self.root, digests), "files": len(self.files)}


def score_letters_dir(path: str | Path, ctx: Context | None = None) -> Part:
    """The ``letters`` part for the folder ``path`` (see `LettersDirScorer`).

    Raises:
        ConfigError: ``path`` is not a folder or holds no letters.
    """
    return LettersDirScorer(path).score(ctx or Context())
