"""The evaluation harness (``nlbrief eval``): structure, briefs and translations scored against references.

An evaluation set is a folder ``SET/letters/*.txt|pdf`` + ``SET/references/*.json`` (format in
``eval/README.md``), optionally with ``SET/thresholds.toml``. `run_evaluation` scores, in parts:

- ``structure``: every letter through read + parse, against ``structure`` of its reference
  (headings, footnotes, metadata, citations, motions, sentence count, nothing lost); no model;
- ``briefs.nl.extractive``: the Dutch extractive briefs (``--summariser none --lang nl``) against
  ``briefs.nl``; no model, so always scored;
- ``briefs.<lang>.<summariser>``: the briefs the options ask for, when that is another pair
  (English needs a translation model, chat/seq2seq a summary model);
- ``translation``: a parallel test set (``--mt-src``/``--mt-ref``) through the translation stage,
  BLEU and chrF (sacrebleu) with coverage and numbers preserved;
- ``letters``: an extra folder of letters without references (``--letters-dir``): parse status,
  nothing lost, counts, and agreement between the PDF and text versions of the same letter.

What needs a model that was not asked for is listed as a skipped part with the option that turns
it on. A model that is asked for but missing raises `ModelNotFoundError` before any work. The
`Report` carries a signature (versions, backends, models and revisions, prompt hashes, options,
metric settings, the set's name and sha256), the threshold checks and, against a baseline report,
the regression checks; `Report.ok` is False when any check fails.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .errors import ConfigError, InputError, NlbriefError
from .metrics import (
    BOOTSTRAP_SAMPLES,
    HIGHER,
    LOWER,
    METADATA_FIELDS,
    PRF,
    SEED,
    Score,
    bleu_chrf,
    bootstrap_rouge,
    citation_prf,
    faithfulness,
    footnote_prf,
    heading_prf,
    length_ratio,
    metadata_matches,
    metric_settings,
    motion_prf,
    normalise_space,
    numbers_preserved,
    provenance,
    rouge_f1,
    text_faithfulness,
    words,
)
from .read import LETTER_SUFFIXES
from .summarise import SummariseOptions
from .translate import TranslatorSettings

#: The always-scored brief part: needs no model at all.
BASE_BRIEFS = ("nl", "none")
THRESHOLDS_FILE = "thresholds.toml"
#: What the harness reads from a reference's ``structure``.
STRUCTURE_KEYS = (*METADATA_FIELDS, "headings", "footnotes", "citations", "motions", "sentences_min",
                  "sentences_max")
DEFAULT_TOLERANCE = 0.02
#: Float noise allowed when a value sits exactly on its bound.
_EPS = 1e-9

Progress = Callable[[str, int, int], None]  # (part, done, total)


# --- the evaluation set ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class SetItem:
    """One letter of a set and its reference (the parsed JSON)."""

    name: str
    letter: Path
    reference: dict[str, Any]


@dataclass(frozen=True)
class EvalSet:
    """A loaded evaluation set: its items and the sha256 over its files (letters and references)."""

    name: str
    root: Path
    items: tuple[SetItem, ...]
    sha256: str
    files: int

    @property
    def thresholds_path(self) -> Path | None:
        path = self.root / THRESHOLDS_FILE
        return path if path.is_file() else None


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hash_files(root: Path, digests: Mapping[Path, str]) -> str:
    """sha256 over (path relative to ``root``, sha256 of the content) of each file, in path order.

    ``digests`` maps each file to the sha256 of its content (computed where it was read anyway).
    """
    digest = hashlib.sha256()
    for rel, sha in sorted((path.relative_to(root).as_posix(), sha) for path, sha in digests.items()):
        digest.update(rel.encode("utf-8") + b"\0")
        digest.update(sha.encode("ascii") + b"\n")
    return digest.hexdigest()


def load_set(path: str | Path) -> EvalSet:
    """Read an evaluation set folder (see the module docstring).

    Raises:
        ConfigError: not a set folder, no references, or a reference naming a missing letter.
        InputError: a reference that is not valid JSON or lacks ``structure``/``briefs``.
    """
    root = Path(path).expanduser()
    letters, references = root / "letters", root / "references"
    if not letters.is_dir() or not references.is_dir():
        raise ConfigError(
            f"{root} is not an evaluation set: it needs a letters/ folder and a references/ folder "
            f"(see eval/README.md). Run from the nlbrief checkout (the set is eval/) or pass --set PATH."
        )
    ref_files = sorted(references.glob("*.json"))
    if not ref_files:
        raise ConfigError(f"{references} holds no references (*.json); see eval/README.md for the format.")
    items = []
    digests: dict[Path, str] = {}
    for ref_path in ref_files:
        try:
            raw = ref_path.read_bytes()
            data = json.loads(raw.decode("utf-8"))
        except (OSError, ValueError) as err:
            raise InputError(f"The reference {ref_path} is not valid JSON: {err}.") from None
        if not isinstance(data, dict) or not isinstance(data.get("structure"), dict) \
                or not isinstance(data.get("briefs"), dict):
            raise InputError(f"The reference {ref_path} lacks the keys 'structure' and 'briefs' "
                             f"(see eval/README.md for the format).")
        letter = letters / data.get("letter", f"{ref_path.stem}.txt")
        if not letter.is_file():
            raise ConfigError(f"The reference {ref_path.name} names the letter {letter.name}, "
                              f"which is not in {letters}.")
        missing = [k for k in STRUCTURE_KEYS if k not in data["structure"]]
        if missing:
            raise InputError(f"The reference {ref_path} lacks structure.{', structure.'.join(missing)} "
                             f"(see eval/README.md for the format).")
        items.append(SetItem(ref_path.stem, letter, data))
        digests[ref_path] = hashlib.sha256(raw).hexdigest()
        digests[letter] = _sha256(letter)
    return EvalSet(root.resolve().name, root, tuple(items), hash_files(root, digests), len(digests))


# --- the report -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Part:
    """One part of a report: its metrics, or why it was skipped."""

    name: str
    status: str = "scored"  # or "skipped"
    metrics: dict[str, Score] = field(default_factory=dict)
    reason: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    signature: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status, "reason": self.reason,
                "metrics": {k: v.to_dict() for k, v in self.metrics.items()},
                "signature": self.signature, "details": self.details}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Part:
        return cls(name=data["name"], status=data.get("status", "scored"),
                   metrics={k: Score.from_dict(v) for k, v in data.get("metrics", {}).items()},
                   reason=data.get("reason"), details=data.get("details", {}),
                   signature=data.get("signature", {}))


@dataclass(frozen=True)
class Check:
    """A threshold or baseline check of one metric (``metric`` is "part.name")."""

    kind: str  # "threshold" or "baseline"
    metric: str
    value: float | None
    limit: float
    op: str  # ">=" or "<="
    ok: bool
    note: str = ""


def _scored_metrics(parts: Sequence[Part]) -> dict[str, Score]:
    return {f"{p.name}.{k}": v for p in parts if p.status == "scored" for k, v in p.metrics.items()}


@dataclass(frozen=True)
class Report:
    """The outcome of `run_evaluation` (JSON round-trip through `to_json`/`from_json`)."""

    signature: dict[str, Any]
    parts: tuple[Part, ...]
    checks: tuple[Check, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def part(self, name: str) -> Part | None:
        return next((p for p in self.parts if p.name == name), None)

    def scored(self) -> list[Part]:
        return [p for p in self.parts if p.status == "scored"]

    def skipped(self) -> list[Part]:
        return [p for p in self.parts if p.status == "skipped"]

    def metrics(self) -> dict[str, Score]:
        """Every metric of the scored parts, keyed "part.metric"."""
        return _scored_metrics(self.parts)

    def to_dict(self) -> dict[str, Any]:
        return {"signature": self.signature, "ok": self.ok,
                "checks": [asdict(c) for c in self.checks], "notes": list(self.notes),
                "parts": [p.to_dict() for p in self.parts]}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent) + "\n"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        return cls(signature=data.get("signature", {}),
                   parts=tuple(Part.from_dict(p) for p in data.get("parts", ())),
                   checks=tuple(Check(**c) for c in data.get("checks", ())),
                   notes=tuple(data.get("notes", ())))

    @classmethod
    def from_json(cls, text: str) -> Report:
        return cls.from_dict(json.loads(text))


def load_report(path: str | Path) -> Report:
    """A report written by ``nlbrief eval --out`` (for ``--baseline``).

    Raises:
        InputError: missing, not JSON, or not a report.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "parts" not in data:
            raise ValueError("it has no 'parts'")
        return Report.from_dict(data)
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise InputError(f"{path} is not an evaluation report (the JSON of `nlbrief eval --out`): {err}.") from None


# --- thresholds and baselines ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Thresholds:
    """Bounds per metric ("part.metric") and the tolerances of baseline comparisons."""

    minimums: dict[str, float] = field(default_factory=dict)
    maximums: dict[str, float] = field(default_factory=dict)
    tolerances: dict[str, float] = field(default_factory=dict)  # "part.metric" or "metric" -> tolerance
    default_tolerance: float = DEFAULT_TOLERANCE
    path: str | None = None
    sha256: str | None = None

    def tolerance(self, key: str) -> float:
        short = key.rsplit(".", 1)[-1]
        return self.tolerances.get(key, self.tolerances.get(short, self.default_tolerance))


def _number(value: Any, where: str, path: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{path}: {where} must be a number, not {value!r}.")
    return float(value)


def load_thresholds(path: str | Path) -> Thresholds:
    """Read a thresholds file (TOML; see eval/thresholds.toml).

    Tables name parts (``[structure]``, ``[briefs.nl.extractive]``); in them ``NAME_min`` and
    ``NAME_max`` bound the metric NAME, and ``NAME = true`` means the share NAME must be 1 (every
    letter). ``[tolerance]`` holds ``default`` and per-metric tolerances for ``--baseline``.

    Raises:
        ConfigError: unreadable file, bad TOML, or a key that is none of the above.
    """
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    path = Path(path)
    try:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"Cannot read the thresholds file {path}: {err}.") from None
    minimums: dict[str, float] = {}
    maximums: dict[str, float] = {}
    tolerances: dict[str, float] = {}
    default = DEFAULT_TOLERANCE

    def walk(table: Mapping[str, Any], prefix: str) -> None:
        for key, value in table.items():
            name = f"{prefix}.{key}"
            if isinstance(value, dict):
                walk(value, name)
            elif key.endswith("_min"):
                minimums[name[:-4]] = _number(value, name, path)
            elif key.endswith("_max"):
                maximums[name[:-4]] = _number(value, name, path)
            elif isinstance(value, bool):
                if value:
                    minimums[name] = 1.0
            else:
                raise ConfigError(f"{path}: {name} is not a bound: use NAME_min, NAME_max or NAME = true.")

    for key, value in data.items():
        if key == "tolerance":
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: [tolerance] must be a table.")
            for name, tol in value.items():
                if name == "default":
                    default = _number(tol, "tolerance.default", path)
                else:
                    tolerances[name] = _number(tol, f"tolerance.{name}", path)
        elif isinstance(value, dict):
            walk(value, key)
        else:
            raise ConfigError(f"{path}: {key} must sit in a table that names its part, e.g. [structure].")
    return Thresholds(minimums=minimums, maximums=maximums, tolerances=tolerances, default_tolerance=default,
                      path=str(path), sha256=hashlib.sha256(raw).hexdigest())


def _holds(value: float, op: str, limit: float) -> bool:
    return value >= limit - _EPS if op == ">=" else value <= limit + _EPS


def _split_key(key: str, parts: Sequence[Part]) -> tuple[Part | None, str]:
    for part in sorted(parts, key=lambda p: -len(p.name)):
        if key.startswith(part.name + "."):
            return part, key[len(part.name) + 1:]
    return None, key.rsplit(".", 1)[-1]


def check_thresholds(parts: Sequence[Part], thresholds: Thresholds) -> list[Check]:
    """Check every bound against the scored parts; bounds of parts that did not run are noted, not failed.

    Raises:
        ConfigError: a bound names a metric that its (scored) part does not have.
    """
    checks = []
    scored = [p for p in parts if p.status == "scored"]
    bounds = [(k, v, ">=") for k, v in thresholds.minimums.items()] + \
             [(k, v, "<=") for k, v in thresholds.maximums.items()]
    for key, limit, op in bounds:
        part, metric = _split_key(key, scored)
        if part is None:
            checks.append(Check("threshold", key, None, limit, op, True, "not run"))
            continue
        if metric not in part.metrics:
            raise ConfigError(
                f"{thresholds.path}: {key} names no metric of the part {part.name} "
                f"(its metrics: {', '.join(sorted(part.metrics))})."
            )
        value = part.metrics[metric].value
        checks.append(Check("threshold", key, value, limit, op, _holds(value, op, limit)))
    return checks


def compare_to_baseline(report_parts: Sequence[Part], baseline: Report, thresholds: Thresholds) -> list[Check]:
    """A check per metric with a direction that both runs scored: it fails when the metric got worse
    by more than its tolerance. Metrics only in the baseline are noted as not compared."""
    now = _scored_metrics(report_parts)
    checks = []
    for key, old in baseline.metrics().items():
        if old.better not in (HIGHER, LOWER):
            continue
        tol = thresholds.tolerance(key)
        if key not in now:
            checks.append(Check("baseline", key, None, old.value, "", True, "not in this run"))
            continue
        value = now[key].value
        limit, op = (old.value - tol, ">=") if old.better == HIGHER else (old.value + tol, "<=")
        note = f"baseline {old.value:.4g}, tolerance {tol:g}"
        checks.append(Check("baseline", key, value, limit, op, _holds(value, op, limit), note))
    return checks


# --- options --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EvalOptions:
    """What `run_evaluation` scores and how (the options of ``nlbrief eval``)."""

    set_path: str = "eval"
    lang: str = "nl"
    summariser: str = "none"
    summary_model: str | None = None
    translator: TranslatorSettings = field(default_factory=TranslatorSettings)
    mt_src: str | None = None
    mt_ref: str | None = None
    mt_limit: int | None = None
    letters_dir: str | None = None
    thresholds: str | None = None  # None: SET/thresholds.toml where it exists
    baseline: str | None = None
    samples: int = BOOTSTRAP_SAMPLES
    seed: int = SEED

    def summarise_options(self) -> SummariseOptions:
        return SummariseOptions(lang=self.lang, summariser=self.summariser, summary_model=self.summary_model,
                                device=self.translator.device, threads=self.translator.threads or 0)


def brief_part_name(lang: str, summariser: str) -> str:
    """"briefs.nl.extractive" for ``--summariser none``, else "briefs.<lang>.<summariser>"."""
    return f"briefs.{lang}.{'extractive' if summariser == 'none' else summariser}"


# --- parsing once ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Parsed:
    letter: Any  # Letter | None
    nothing_lost: bool
    error: str | None = None
    accounting: str = ""
    sha256: str | None = None  # of the file's bytes, where it could be read


def parse_file(path: Path) -> Parsed:
    """Read and parse one letter; a letter that fails is recorded with its error, not raised."""
    from .accounting import check_document
    from .parse import parse_document
    from .read import read_path

    try:
        doc = read_path(path)
        letter = parse_document(doc)
    except NlbriefError as err:
        return Parsed(None, False, " ".join(str(err).split()))
    acc = check_document(doc, letter)
    return Parsed(letter, acc.ok, None, acc.summary(), doc.source.sha256)


# --- structure ------------------------------------------------------------------------------------------

def score_structure(eval_set: EvalSet, parsed: Mapping[str, Parsed]) -> Part:
    """Parse results against the references' ``structure`` (micro-averaged over the set)."""
    headings = footnotes = footnote_texts = citations = motions = PRF()
    fields_ok = fields_total = lost_ok = count_ok = errors = 0
    details: dict[str, Any] = {}
    for item in eval_set.items:
        want = item.reference["structure"]
        result = parsed[item.name]
        letter = result.letter
        got_headings = [s.heading for s in letter.sections] if letter else []
        got_notes = [(f.number, f.text) for f in letter.footnotes] if letter else []
        h = heading_prf(got_headings, want["headings"])
        fn, fn_text = footnote_prf(got_notes, [(f["number"], f["text"]) for f in want["footnotes"]])
        meta = metadata_matches(letter, want) if letter else {}
        cit = citation_prf(letter, want) if letter else PRF(0, 0, len(want["citations"]))
        mot = motion_prf(letter, want) if letter else PRF(0, 0, len(want["motions"]))
        n_sentences = sum(1 for _ in letter.iter_sentences()) if letter else 0
        in_bounds = want["sentences_min"] <= n_sentences <= want["sentences_max"]
        headings, footnotes, footnote_texts = headings + h, footnotes + fn, footnote_texts + fn_text
        citations, motions = citations + cit, motions + mot
        fields_ok += sum(meta.values())
        fields_total += len(METADATA_FIELDS)
        lost_ok += result.nothing_lost
        count_ok += in_bounds
        errors += result.error is not None
        details[item.name] = {
            "error": result.error,
            "nothing_lost": result.nothing_lost,
            "accounting": result.accounting,
            "headings": h.to_dict(),
            "missing_headings": [x for x in want["headings"] if x not in got_headings],
            "extra_headings": [x for x in got_headings if x not in want["headings"]],
            "footnotes": fn.to_dict(),
            "metadata": dict(meta),
            "metadata_mismatches": {k: {"got": _jsonable(getattr(letter, k)), "want": want.get(k)}
                                    for k, v in meta.items() if not v},
            "citations": cit.to_dict(),
            "motions": mot.to_dict(),
            "sentences": n_sentences,
            "sentences_bounds": [want["sentences_min"], want["sentences_max"]],
        }
    n = len(eval_set.items)
    metrics = {
        "heading_precision": Score(headings.precision, n=headings.predicted),
        "heading_recall": Score(headings.recall, n=headings.expected),
        "heading_f1": Score(headings.f1, n=headings.expected),
        "footnote_precision": Score(footnotes.precision, n=footnotes.predicted),
        "footnote_recall": Score(footnotes.recall, n=footnotes.expected),
        "footnote_f1": Score(footnotes.f1, n=footnotes.expected),
        "footnote_text_recall": Score(footnote_texts.recall, n=footnote_texts.expected),
        "metadata_exact": Score(fields_ok / fields_total if fields_total else 1.0, n=fields_total),
        "citation_f1": Score(citations.f1, n=citations.expected),
        "motion_f1": Score(motions.f1, n=motions.expected),
        "sentence_count_ok": Score(count_ok / n if n else 1.0, n=n),
        "nothing_lost": Score(lost_ok / n if n else 1.0, n=n),
        "parse_errors": Score(float(errors), n=n, better=LOWER),
    }
    return Part("structure", metrics=metrics, details=details)


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


# --- briefs ---------------------------------------------------------------------------------------------

def _match_sections(brief_sections: Sequence[Any], ref_sections: Sequence[Mapping[str, Any]]) -> list[Any]:
    """For each reference section, the brief section with the same (source) heading, or None."""
    pool: dict[str | None, list[Any]] = defaultdict(list)
    for sec in brief_sections:
        pool[normalise_space(sec.heading_source)].append(sec)
    found = (pool[normalise_space(ref.get("heading"))] for ref in ref_sections)
    return [same.pop(0) if same else None for same in found]


def score_briefs(
    eval_set: EvalSet,
    parsed: Mapping[str, Parsed],
    options: SummariseOptions,
    *,
    abstractor: Any,
    translator: Any = None,
    samples: int = BOOTSTRAP_SAMPLES,
    seed: int = SEED,
    progress: Progress | None = None,
) -> Part:
    """Make each letter's brief with the summarise stage and score it against ``briefs.<lang>``.

    ROUGE per letter (the section briefs together against the reference sections together), per
    section (matched by heading) and for the overview; length ratio; provenance; faithfulness (the
    stage's nlbrief.check flags); for Dutch also the checker on the references themselves.
    """
    from .check import split_brief_sentences
    from .summarise import summarise_letter

    lang = options.lang
    name = brief_part_name(lang, options.summariser)
    per_letter: list[dict[str, float]] = []
    per_section: list[dict[str, float]] = []
    per_overview: list[dict[str, float]] = []
    ratios: list[float] = []
    sentences = valid = unsupported = flags = ref_sentences = ref_unsupported = 0
    ref_kinds: dict[str, int] = defaultdict(int)
    signature: dict[str, Any] = {}
    details: dict[str, Any] = {}
    for done, item in enumerate(eval_set.items, start=1):
        ref = item.reference["briefs"].get(lang)
        if ref is None:
            raise InputError(f"The reference {item.name}.json has no briefs.{lang}; see eval/README.md.")
        letter = parsed[item.name].letter
        brief = summarise_letter(letter, options, abstractor=abstractor, translator=translator) if letter else None
        if brief is not None and not signature:
            signature = brief.signature
        ref_secs = ref["sections"]
        matched = _match_sections(brief.sections if brief else (), ref_secs)
        sec_details = []
        ref_all: list[str] = []
        for ref_sec, sec in zip(ref_secs, matched):
            got = [s.text for s in sec.sentences] if sec else []
            want = split_brief_sentences(ref_sec["text"], lang)
            ref_all += want
            scores = rouge_f1(want, got, lang)
            per_section.append(scores)
            sec_details.append({"heading": ref_sec.get("heading"), "found": sec is not None,
                                "words": words(" ".join(got)), "reference_words": words(ref_sec["text"]),
                                **scores, "text": " ".join(got)})
        got_all = [s.text for sec in (brief.sections if brief else ()) for s in sec.sentences]
        letter_scores = rouge_f1(ref_all, got_all, lang)
        per_letter.append(letter_scores)
        ref_overview = split_brief_sentences(ref.get("overview", ""), lang)
        got_overview = [s.text for s in brief.overview_sentences] if brief else []
        overview_scores = rouge_f1(ref_overview, got_overview, lang)
        per_overview.append(overview_scores)
        ratio = length_ratio(words(" ".join(got_all)), words(" ".join(ref_all)))
        ratios.append(ratio)
        entry: dict[str, Any] = {**letter_scores, "length_ratio": ratio, "error": parsed[item.name].error,
                                 "overview": {**overview_scores, "text": " ".join(got_overview)},
                                 "sections": sec_details}
        if brief is not None:
            prov = provenance(brief, letter)
            faith = faithfulness(brief)
            sentences += prov.sentences
            valid += prov.valid
            unsupported += faith.unsupported
            flags += sum(faith.by_kind.values())
            entry.update({"sentences": prov.sentences, "provenance_valid": prov.valid,
                          "unknown_ids": list(prov.unknown_ids), "unsupported_sentences": faith.unsupported,
                          "flags": faith.by_kind})
        if lang == "nl" and letter is not None:
            # The checker on the hand-written references: each flag there is a false alarm.
            ref_faith = text_faithfulness(ref_overview + ref_all, lang, letter)
            ref_sentences += ref_faith.sentences
            ref_unsupported += ref_faith.unsupported
            for kind, count in ref_faith.by_kind.items():
                ref_kinds[kind] += count
            entry["reference_flags"] = ref_faith.by_kind
        details[item.name] = entry
        if progress is not None:
            progress(name, done, len(eval_set.items))

    metrics: dict[str, Score] = {}
    for prefix, items in (("", per_letter), ("section_", per_section), ("overview_", per_overview)):
        for rouge_type, score in bootstrap_rouge(items, samples=samples, seed=seed).items():
            metrics[f"{prefix}{rouge_type}"] = score
    n = len(eval_set.items)
    metrics["length_ratio"] = Score(sum(ratios) / n if n else 0.0, n=n, better=None)
    metrics["provenance_valid"] = Score(valid / sentences if sentences else 1.0, n=sentences)
    metrics["unsupported_rate"] = Score(unsupported / sentences if sentences else 0.0, n=sentences, better=LOWER)
    metrics["flags"] = Score(float(flags), n=sentences, better=None)
    metrics["brief_sentences"] = Score(float(sentences), n=n, better=None)
    if lang == "nl":
        metrics["reference_unsupported_rate"] = Score(ref_unsupported / ref_sentences if ref_sentences else 0.0,
                                                      n=ref_sentences, better=None)
        details["_reference_flags"] = dict(ref_kinds)
    return Part(name, metrics=metrics, details=details, signature=dict(signature))


# --- translation ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ParallelSet:
    """The first ``limit`` lines of an aligned source/reference pair."""

    name: str
    sources: tuple[str, ...]
    references: tuple[str, ...]
    sha256: str
    total_lines: int


def read_parallel(src: str | Path, ref: str | Path, limit: int | None = None) -> ParallelSet:
    """Read aligned files (one sentence a line).

    Raises:
        InputError: a file is missing or unreadable, or the two differ in line count.
    """
    texts = []
    for path in (Path(src), Path(ref)):
        try:
            texts.append(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"Cannot read the translation test file {path}: {err}.") from None
    src_lines, ref_lines = (t.splitlines() for t in texts)
    if len(src_lines) != len(ref_lines):
        raise InputError(f"{src} has {len(src_lines)} lines but {ref} has {len(ref_lines)}: "
                         f"--mt-src and --mt-ref must be aligned line by line.")
    if limit is not None:
        src_lines, ref_lines = src_lines[:limit], ref_lines[:limit]
    digest = hashlib.sha256()
    for line in (*src_lines, "\0", *ref_lines):
        digest.update(line.encode("utf-8") + b"\n")
    name = Path(src).stem if Path(src).stem == Path(ref).stem else f"{Path(src).name}+{Path(ref).name}"
    return ParallelSet(name, tuple(src_lines), tuple(ref_lines), digest.hexdigest(), len(texts[0].splitlines()))


def _lines_letter(lines: Sequence[str], name: str) -> Any:
    """A one-section letter whose sentences are the lines, so that the translation stage takes them as is."""
    from .model.letter import Letter, Paragraph, Section, Sentence, Source

    sentences = tuple(Sentence(f"s1.{k}", line) for k, line in enumerate(lines, start=1))
    return Letter(source=Source(name, "", "text"), sections=(Section(1, None, (Paragraph(sentences),)),))


def score_translation(data: ParallelSet, translator: Any, *, samples: int = BOOTSTRAP_SAMPLES,
                      progress: Progress | None = None) -> Part:
    """Translate the source lines through `nlbrief.translate.translate_letter` and score them."""
    from .translate import signature as translation_signature
    from .translate import translate_letter

    letter = _lines_letter(data.sources, data.name)
    report = (lambda done, total: progress("translation", done, total)) if progress else None
    result = translate_letter(letter, translator, progress=report)
    segments = result.segments()
    hyps = [segments[f"s1.{k}"].text for k in range(1, len(data.sources) + 1)]
    scores, signatures = bleu_chrf(hyps, data.references, samples=samples)
    kept, total = numbers_preserved(data.sources, hyps)
    c = result.coverage
    n = len(hyps)
    metrics = {
        "bleu": scores["bleu"],
        "chrf": scores["chrf"],
        "translated": Score(c.translated / c.segments if c.segments else 1.0, n=c.segments),
        "empty": Score(float(len(c.empty)), n=n, better=LOWER),
        "split": Score(float(len(c.split)), n=n, better=None),
        "guarded": Score(float(len(c.guarded)), n=n, better=None),
        "by_rule": Score(float(c.by_rule), n=n, better=None),
        "numbers_preserved": Score(kept / total if total else 1.0, n=total),
    }
    # Ids only, no text: a test set's licence may not allow copying its lines into a report.
    details = {"lines": n, "number_problems": [dict(p) for p in c.number_problems[:20]],
               "split_ids": list(c.split), "guarded_ids": list(c.guarded)}
    signature = {"test_set": {"name": data.name, "sha256": data.sha256, "lines": n, "total_lines": data.total_lines},
                 "translator": translation_signature(translator),
                 "sacrebleu": signatures}
    return Part("translation", metrics=metrics, details=details, signature=signature)


# --- a folder of letters without references -------------------------------------------------------------



def score_letters_dir(path: str | Path, progress: Progress | None = None) -> Part:
    """Reference-free structure checks on every .txt/.pdf letter directly in ``path``.

    Parse status, nothing lost, counts of sections, footnotes, sentences and unassigned lines, and,
    where a letter is there as both PDF and text, how well the two parses agree (headings and
    footnotes, F1 of one against the other).

    Raises:
        ConfigError: ``path`` is not a folder or holds no letters.
    """
    root = Path(path).expanduser()
    if not root.is_dir():
        raise ConfigError(f"--letters-dir {root} is not a folder.")
    files = sorted(p for p in root.iterdir() if p.is_file() and p.suffix.lower() in LETTER_SUFFIXES)
    if not files:
        raise ConfigError(f"--letters-dir {root} holds no letters (*.txt or *.pdf).")
    parsed: dict[str, Parsed] = {}
    details: dict[str, Any] = {}
    for done, file in enumerate(files, start=1):
        result = parse_file(file)
        parsed[file.name] = result
        letter = result.letter
        details[file.name] = {
            "parsed": letter is not None, "error": result.error, "nothing_lost": result.nothing_lost,
            "accounting": result.accounting,
            "sections": len(letter.sections) if letter else 0,
            "footnotes": len(letter.footnotes) if letter else 0,
            "sentences": sum(1 for _ in letter.iter_sentences()) if letter else 0,
            "unassigned": len(letter.unassigned) if letter else 0,
        }
        if progress is not None:
            progress("letters", done, len(files))
    agree_h = agree_f = PRF()
    pairs = 0
    by_stem: dict[str, dict[str, Any]] = defaultdict(dict)
    for file in files:
        by_stem[file.stem][file.suffix.lower()] = parsed[file.name].letter
    for stem, versions in sorted(by_stem.items()):
        txt, pdf = versions.get(".txt"), versions.get(".pdf")
        if txt is None or pdf is None:
            continue
        pairs += 1
        h = heading_prf([s.heading for s in pdf.sections], [s.heading for s in txt.sections])
        f, _ = footnote_prf([(x.number, x.text) for x in pdf.footnotes], [(x.number, x.text) for x in txt.footnotes])
        agree_h, agree_f = agree_h + h, agree_f + f
        details[f"{stem}.pdf"]["agreement_with_txt"] = {"headings_f1": h.f1, "footnotes_f1": f.f1}
    n = len(files)
    ok = [d for d in details.values() if d["parsed"]]
    metrics = {
        "letters": Score(float(n), n=n, better=None),
        "parsed": Score(len(ok) / n, n=n),
        "nothing_lost": Score(sum(d["nothing_lost"] for d in details.values()) / n, n=n),
        "sections": Score(float(sum(d["sections"] for d in ok)), n=n, better=None),
        "footnotes": Score(float(sum(d["footnotes"] for d in ok)), n=n, better=None),
        "sentences": Score(float(sum(d["sentences"] for d in ok)), n=n, better=None),
        "unassigned": Score(float(sum(d["unassigned"] for d in ok)), n=n, better=LOWER),
    }
    if pairs:
        metrics["pdf_txt_heading_f1"] = Score(agree_h.f1, n=pairs)
        metrics["pdf_txt_footnote_f1"] = Score(agree_f.f1, n=pairs)
    digests = {file: parsed[file.name].sha256 or _sha256(file) for file in files}
    signature = {"folder": root.resolve().name, "sha256": hash_files(root, digests), "files": n}
    return Part("letters", metrics=metrics, details=details, signature=signature)


# --- the whole run --------------------------------------------------------------------------------------

def _skipped_parts(options: EvalOptions, mt: bool) -> list[Part]:
    from .backends.seq2seq_common import DEFAULT_MODEL
    from .backends.summary_common import DEFAULT_CHAT_MODELS, DEFAULT_SEQ2SEQ_MODEL

    out = []
    if options.lang != "en":
        out.append(Part("briefs.en", "skipped", reason=(
            f"English briefs need a translation model ({DEFAULT_MODEL} by default): add --lang en "
            f"(and --translation-model ID|PATH for another model).")))
    if options.summariser == "none":
        out.append(Part("briefs.abstractive", "skipped", reason=(
            f"abstractive briefs need a summary model: add --summariser chat (default "
            f"{DEFAULT_CHAT_MODELS['en']} for en, {DEFAULT_CHAT_MODELS['nl']} for nl) or --summariser "
            f"seq2seq ({DEFAULT_SEQ2SEQ_MODEL}, English only), and --summary-model ID|PATH for another.")))
    if not mt:
        out.append(Part("translation", "skipped", reason=(
            f"translation needs a test set and a translation model: add --mt-src FILE --mt-ref FILE "
            f"(e.g. ../shared/data/mt/flores200-devtest.nld and .eng) and --translation-model ID|PATH "
            f"({DEFAULT_MODEL} by default).")))
    return out


def _signature(
    options: EvalOptions,
    eval_set: EvalSet,
    parts: Sequence[Part],
    thresholds: Thresholds | None,
) -> dict[str, Any]:
    langs = {"nl"} | {options.lang}
    settings = metric_settings(langs, samples=options.samples, seed=options.seed)
    translation = next((p for p in parts if p.name == "translation" and p.status == "scored"), None)
    if translation is not None:
        settings["sacrebleu"] = translation.signature.get("sacrebleu", {})
    models: list[dict[str, Any]] = []
    prompts: dict[str, str] = {}
    backends: dict[str, Any] = {}
    for part in parts:
        sig = part.signature
        for model in sig.get("models", ()):
            if model not in models:
                models.append(model)
        prompts.update(sig.get("prompts", {}) or {})
        if part.name.startswith("briefs.") and sig:
            backends[part.name] = {"summariser": sig.get("summariser"), "translator": sig.get("translator")}
    if translation is not None:
        tr = translation.signature.get("translator") or {}
        backends["translation"] = tr
        entry = {"purpose": "translation", "model": tr.get("model"), "revision": tr.get("revision")}
        if tr.get("model") and entry not in models:
            models.append(entry)
    translator = asdict(options.translator)
    translator.pop("quiet", None)
    if not translator.get("extra"):
        translator.pop("extra", None)  # listed only where set: a plain run's signature keeps its keys
    extra = next((p for p in parts if p.name == "letters" and p.status == "scored"), None)
    return {
        "nlbrief": __version__,
        "set": {"name": eval_set.name, "sha256": eval_set.sha256, "files": eval_set.files,
                "letters": len(eval_set.items)},
        "letters_dir": extra.signature if extra is not None else None,
        "mt": translation.signature.get("test_set") if translation is not None else None,
        "parts": [p.name for p in parts if p.status == "scored"],
        "skipped": [p.name for p in parts if p.status == "skipped"],
        "backends": backends,
        "models": models,
        "prompts": prompts,
        "options": {"lang": options.lang, "summariser": options.summariser,
                    "summary_model": options.summary_model, "translator": translator,
                    "mt_limit": options.mt_limit},
        "metrics": settings,
        "thresholds": {"file": Path(thresholds.path).name, "sha256": thresholds.sha256}
        if thresholds is not None and thresholds.path else None,
        "python": sys.version.split()[0],
    }


def run_evaluation(options: EvalOptions, progress: Progress | None = None) -> Report:
    """Score everything the options ask for, plus everything that needs no model.

    Raises:
        ConfigError, InputError: a bad set, thresholds file, baseline or test file.
        ModelNotFoundError: a model that was asked for (or a default one that is needed) is missing;
            raised before any letter is scored.
    """
    from .summarise import build_abstractor, build_translator

    eval_set = load_set(options.set_path)
    thresholds_path = options.thresholds if options.thresholds is not None else eval_set.thresholds_path
    thresholds = load_thresholds(thresholds_path) if thresholds_path else None
    baseline = load_report(options.baseline) if options.baseline else None
    if bool(options.mt_src) != bool(options.mt_ref):
        raise ConfigError("--mt-src and --mt-ref go together: the source file and its reference translation.")
    if options.mt_limit is not None and options.mt_limit < 1:
        raise ConfigError(f"--mt-limit must be at least 1, not {options.mt_limit}.")
    mt = read_parallel(options.mt_src, options.mt_ref, options.mt_limit) if options.mt_src and options.mt_ref else None

    requested = (options.lang, options.summariser)
    summarise_options = options.summarise_options()
    base_options = SummariseOptions(lang=BASE_BRIEFS[0], summariser=BASE_BRIEFS[1])
    # Models first: a missing one fails before any letter is scored.
    abstractor = build_abstractor(summarise_options)
    base_abstractor = abstractor if requested == BASE_BRIEFS else build_abstractor(base_options)
    translator = build_translator(options.translator) if options.lang == "en" or mt is not None else None
    if progress is not None and (translator is not None or options.summariser != "none"):
        progress("models", 1, 1)

    parsed: dict[str, Parsed] = {}
    for done, item in enumerate(eval_set.items, start=1):
        parsed[item.name] = parse_file(item.letter)
        if progress is not None:
            progress("structure", done, len(eval_set.items))
    parts = [score_structure(eval_set, parsed)]
    parts.append(score_briefs(eval_set, parsed, base_options, abstractor=base_abstractor,
                              samples=options.samples, seed=options.seed, progress=progress))
    if requested != BASE_BRIEFS:
        parts.append(score_briefs(eval_set, parsed, summarise_options, abstractor=abstractor,
                                  translator=translator if options.lang == "en" else None,
                                  samples=options.samples, seed=options.seed, progress=progress))
    if mt is not None:
        parts.append(score_translation(mt, translator, samples=options.samples, progress=progress))
    if options.letters_dir:
        parts.append(score_letters_dir(options.letters_dir, progress=progress))
    parts.extend(_skipped_parts(options, mt is not None))

    checks: list[Check] = []
    notes: list[str] = []
    if thresholds is not None:
        checks.extend(check_thresholds(parts, thresholds))
    if baseline is not None:
        checks.extend(compare_to_baseline(parts, baseline, thresholds or Thresholds()))
        old_set = baseline.signature.get("set", {}).get("sha256")
        if old_set and old_set != eval_set.sha256:
            notes.append(f"The baseline was scored on another version of the set (sha256 {old_set[:12]}, "
                         f"now {eval_set.sha256[:12]}): differences may come from the set, not the code.")
    return Report(_signature(options, eval_set, parts, thresholds), tuple(parts), tuple(checks), tuple(notes))
