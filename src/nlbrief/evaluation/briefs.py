"""The brief parts (``briefs.<lang>.<summariser>``): each letter's brief against its reference.

ROUGE per letter (the section briefs together against the reference sections together), per
section (matched by heading) and for the overview; length ratio; provenance; faithfulness (the
stage's nlbrief.check flags); for Dutch also the checker on the references themselves, and the
baselines of `nlbrief.evaluation.baselines` (lead, random, oracle with nlbrief's sentence counts)
with a paired comparison nlbrief minus lead per letter, for the whole set and for each split.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..model.report import LOWER, Part, Score
from . import baselines
from .base import Context, Parsed, Scorer, register
from .dataset import EvalSet, SetItem
from .metrics import (
    ROUGE_TYPES,
    bootstrap_mean,
    bootstrap_rouge,
    faithfulness,
    length_ratio,
    normalise_space,
    provenance,
    rouge_f1,
    text_faithfulness,
    words,
)

if TYPE_CHECKING:
    from ..backends.base import Abstractor, Translator
    from ..model.brief import Brief, SectionBrief
    from ..model.letter import Letter
    from ..summarise import SummariseOptions

#: The systems of the comparison table, nlbrief first.
SYSTEMS = ("nlbrief", *baselines.BASELINES)


def brief_part_name(lang: str, summariser: str) -> str:
    """"briefs.nl.extractive" for ``--summariser none``, else "briefs.<lang>.<summariser>"."""
    return f"briefs.{lang}.{'extractive' if summariser == 'none' else summariser}"


def _match_sections(brief_sections: Sequence[SectionBrief],
                    ref_sections: Sequence[Mapping[str, Any]]) -> list[SectionBrief | None]:
    """For each reference section, the brief section with the same (source) heading, or None."""
    pool: dict[str | None, list[SectionBrief]] = defaultdict(list)
    for sec in brief_sections:
        pool[normalise_space(sec.heading_source)].append(sec)
    found = (pool[normalise_space(ref.get("heading"))] for ref in ref_sections)
    return [same.pop(0) if same else None for same in found]


def _rouge(scores: Mapping[str, Any]) -> dict[str, float]:
    return {name: float(scores[name]) for name in ROUGE_TYPES}


# --- the baselines of one letter ------------------------------------------------------------------

def _section_counts(brief: Brief, letter: Letter) -> dict[int, int]:
    """How many sentences of each letter section the brief rests on (its selected sentences)."""
    section_of = {s.id: sec.index for sec in letter.sections for s in sec.sentences}
    counts: dict[int, int] = defaultdict(int)
    for sec in brief.sections:
        for selected in sec.selected:
            if selected.id in section_of:
                counts[section_of[selected.id]] += 1
    return dict(counts)


def _references_by_section(letter: Letter, ref_sections: Sequence[Mapping[str, Any]],
                           lang: str) -> dict[int, list[str]]:
    from ..check import split_brief_sentences

    by_heading = {normalise_space(r.get("heading")): r["text"] for r in ref_sections}
    out = {}
    for sec in letter.sections:
        text = by_heading.get(normalise_space(sec.heading))
        if text:
            out[sec.index] = split_brief_sentences(text, lang)
    return out


def baseline_scores(letter: Letter, brief: Brief, ref_sections: Sequence[Mapping[str, Any]],
                    ref_all: Sequence[str], lang: str) -> dict[str, dict[str, float]]:
    """Letter-level ROUGE F1 of lead-N, random-N (mean over the seeds) and oracle-N, N per section
    as many as ``brief`` selected there."""
    counts = _section_counts(brief, letter)
    randoms = [rouge_f1(ref_all, baselines.random_n(letter, counts, seed), lang) for seed in baselines.RANDOM_SEEDS]
    refs = _references_by_section(letter, ref_sections, lang)
    return {
        "lead": rouge_f1(ref_all, baselines.lead(letter, counts), lang),
        "random": {name: sum(r[name] for r in randoms) / len(randoms) for name in ROUGE_TYPES},
        "oracle": rouge_f1(ref_all, baselines.oracle(letter, counts, refs, lang), lang),
    }


# --- the part -------------------------------------------------------------------------------------

@register
class BriefsScorer(Scorer[SetItem]):
    """Each letter's brief made by the summarise stage, scored against ``briefs.<lang>``."""

    name = "briefs"

    def __init__(self, eval_set: EvalSet, options: SummariseOptions, *, abstractor: Abstractor,
                 translator: Translator | None = None) -> None:
        self.eval_set = eval_set
        self.options = options
        self.abstractor = abstractor
        self.translator = translator
        self.brief_signature: dict[str, Any] = {}

    def part_name(self) -> str:
        return brief_part_name(self.options.lang, self.options.summariser)

    def items(self, ctx: Context) -> Sequence[tuple[str, SetItem]]:
        return [(item.name, item) for item in self.eval_set.items]

    def _brief(self, letter: Letter | None) -> Brief | None:
        from ..summarise import summarise_letter

        if letter is None:
            return None
        brief = summarise_letter(letter, self.options, abstractor=self.abstractor, translator=self.translator)
        if not self.brief_signature:
            self.brief_signature = dict(brief.signature)
        return brief

    def score_item(self, key: str, item: SetItem, ctx: Context) -> dict[str, Any]:
        from ..check import split_brief_sentences

        lang = self.options.lang
        ref = item.reference["briefs"].get(lang)
        if ref is None:
            raise InputError(f"The reference {item.name}.json has no briefs.{lang}; see eval/README.md.")
        parsed = ctx.parse(item.name, item.letter)
        brief = self._brief(parsed.letter)
        sections, ref_all = _section_details(brief, ref["sections"], lang)
        got_all = [s.text for sec in (brief.sections if brief else ()) for s in sec.sentences]
        ref_overview = split_brief_sentences(ref.get("overview", ""), lang)
        got_overview = [s.text for s in brief.overview_sentences] if brief else []
        entry: dict[str, Any] = {
            **rouge_f1(ref_all, got_all, lang),
            "length_ratio": length_ratio(words(" ".join(got_all)), words(" ".join(ref_all))),
            "words": words(" ".join(got_all)), "split": item.split, "error": parsed.error,
            "overview": {**rouge_f1(ref_overview, got_overview, lang), "text": " ".join(got_overview)},
            "sections": sections,
        }
        entry.update(_checks(brief, parsed, ref_overview + ref_all, lang))
        if lang == "nl" and brief is not None and parsed.letter is not None:
            entry["systems"] = baseline_scores(parsed.letter, brief, ref["sections"], ref_all, lang)
        return entry

    def aggregate(self, details: Mapping[str, dict[str, Any]], ctx: Context) -> dict[str, Score]:
        letters = list(details.values())
        sections = [s for d in letters for s in d["sections"]]
        metrics: dict[str, Score] = {}
        for prefix, items in (("", letters), ("section_", sections), ("overview_", [d["overview"] for d in letters])):
            for rouge_type, score in bootstrap_rouge([_rouge(x) for x in items], samples=ctx.samples,
                                                     seed=ctx.seed).items():
                metrics[f"{prefix}{rouge_type}"] = score
        metrics.update(_brief_counts(letters, self.options.lang))
        metrics.update(_paired_metrics(details, self.eval_set, ctx))
        return metrics

    def extra_details(self, details: Mapping[str, dict[str, Any]], ctx: Context) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if self.options.lang == "nl":
            kinds: dict[str, int] = defaultdict(int)
            for d in details.values():
                for kind, count in d.get("reference_flags", {}).items():
                    kinds[kind] += count
            extra["_reference_flags"] = dict(kinds)
        systems = systems_table(details, self.eval_set, ctx)
        if systems:
            extra["_systems"] = systems
        return extra

    def signature(self, ctx: Context) -> dict[str, Any]:
        sig = dict(self.brief_signature)
        if self.options.lang == "nl":
            sig["baselines"] = {"systems": list(baselines.BASELINES), "random_seeds": list(baselines.RANDOM_SEEDS),
                                "oracle": "greedy ROUGE-1+ROUGE-2 F1 per section, N as nlbrief",
                                "paired": "nlbrief minus lead per letter, percentile bootstrap"}
        return sig


def _section_details(brief: Brief | None, ref_secs: Sequence[Mapping[str, Any]],
                     lang: str) -> tuple[list[dict[str, Any]], list[str]]:
    from ..check import split_brief_sentences

    matched = _match_sections(brief.sections if brief else (), ref_secs)
    out = []
    ref_all: list[str] = []
    for ref_sec, sec in zip(ref_secs, matched):
        got = [s.text for s in sec.sentences] if sec else []
        want = split_brief_sentences(ref_sec["text"], lang)
        ref_all += want
        out.append({"heading": ref_sec.get("heading"), "found": sec is not None, "words": words(" ".join(got)),
                    "reference_words": words(ref_sec["text"]), **rouge_f1(want, got, lang), "text": " ".join(got)})
    return out, ref_all


def _checks(brief: Brief | None, parsed: Parsed, references: Sequence[str], lang: str) -> dict[str, Any]:
    """Provenance and faithfulness of the brief; for Dutch the checker on the references too."""
    out: dict[str, Any] = {}
    letter = parsed.letter
    if brief is not None and letter is not None:
        prov, faith = provenance(brief, letter), faithfulness(brief)
        out.update({"sentences": prov.sentences, "provenance_valid": prov.valid,
                    "unknown_ids": list(prov.unknown_ids), "unsupported_sentences": faith.unsupported,
                    "flags": faith.by_kind})
    if lang == "nl" and letter is not None:
        # The checker on the hand-written references: each flag there is a false alarm.
        ref_faith = text_faithfulness(references, lang, letter)
        out.update({"reference_sentences": ref_faith.sentences, "reference_unsupported": ref_faith.unsupported,
                    "reference_flags": ref_faith.by_kind})
    return out


def _brief_counts(letters: Sequence[Mapping[str, Any]], lang: str) -> dict[str, Score]:
    n = len(letters)
    sentences = sum(d.get("sentences", 0) for d in letters)
    valid = sum(d.get("provenance_valid", 0) for d in letters)
    unsupported = sum(d.get("unsupported_sentences", 0) for d in letters)
    flags = sum(sum(d.get("flags", {}).values()) for d in letters)
    out = {
        "length_ratio": Score(sum(d["length_ratio"] for d in letters) / n if n else 0.0, n=n, better=None),
        "provenance_valid": Score(valid / sentences if sentences else 1.0, n=sentences),
        "unsupported_rate": Score(unsupported / sentences if sentences else 0.0, n=sentences, better=LOWER),
        "flags": Score(float(flags), n=sentences, better=None),
        "brief_sentences": Score(float(sentences), n=n, better=None),
    }
    if lang == "nl":
        ref_sentences = sum(d.get("reference_sentences", 0) for d in letters)
        ref_bad = sum(d.get("reference_unsupported", 0) for d in letters)
        out["reference_unsupported_rate"] = Score(ref_bad / ref_sentences if ref_sentences else 0.0,
                                                  n=ref_sentences, better=None)
    return out


# --- systems side by side, and the paired comparison ----------------------------------------------

def _groups(details: Mapping[str, Mapping[str, Any]], eval_set: EvalSet) -> dict[str, list[Mapping[str, Any]]]:
    """The letters with baseline scores: all of them, then each split's."""
    scored = [d for d in details.values() if "systems" in d]
    groups = {"all": scored}
    for split in eval_set.splits():
        groups[split] = [d for d in scored if d.get("split") == split]
    return {name: group for name, group in groups.items() if group}


def _paired(group: Sequence[Mapping[str, Any]], ctx: Context) -> dict[str, Score]:
    return {name: bootstrap_mean([d[name] - d["systems"]["lead"][name] for d in group],
                                 samples=ctx.samples, seed=ctx.seed) for name in ROUGE_TYPES}


def systems_table(details: Mapping[str, Mapping[str, Any]], eval_set: EvalSet,
                  ctx: Context) -> dict[str, dict[str, Any]]:
    """Per group of letters ("all", "tune", "test"): each system's ROUGE with bootstrap intervals,
    and nlbrief minus lead (paired, per letter), as JSON-able dicts."""
    out: dict[str, dict[str, Any]] = {}
    for name, group in _groups(details, eval_set).items():
        rows: dict[str, Any] = {"letters": len(group)}
        for system in SYSTEMS:
            items = [_rouge(d if system == "nlbrief" else d["systems"][system]) for d in group]
            scores = bootstrap_rouge(items, samples=ctx.samples, seed=ctx.seed)
            rows[system] = {k: v.to_dict() for k, v in scores.items()}
        rows["minus_lead"] = {k: v.to_dict() for k, v in _paired(group, ctx).items()}
        out[name] = rows
    return out


def _paired_metrics(details: Mapping[str, Mapping[str, Any]], eval_set: EvalSet, ctx: Context) -> dict[str, Score]:
    """``minus_lead_<rouge>`` over all letters and ``<split>.minus_lead_<rouge>`` per split: what
    thresholds can bound (the baselines' own numbers are in the details, informative only)."""
    out: dict[str, Score] = {}
    for name, group in _groups(details, eval_set).items():
        prefix = "" if name == "all" else f"{name}."
        for rouge_type, score in _paired(group, ctx).items():
            out[f"{prefix}minus_lead_{rouge_type}"] = score
        if name != "all":
            nlbrief = bootstrap_rouge([_rouge(d) for d in group], samples=ctx.samples, seed=ctx.seed)
            out.update({f"{prefix}{k}": v for k, v in nlbrief.items()})
    return out


def score_briefs(eval_set: EvalSet, parsed: Mapping[str, Parsed] | None, options: SummariseOptions, *,
                 abstractor: Abstractor, translator: Translator | None = None, ctx: Context | None = None,
                 samples: int | None = None, seed: int | None = None) -> Part:
    """The brief part of ``options`` (see `BriefsScorer`); letters parsed here unless ``parsed`` or
    ``ctx`` has them."""
    ctx = ctx or Context(parsed=dict(parsed or {}))
    if samples is not None:
        ctx.samples = samples
    if seed is not None:
        ctx.seed = seed
    return BriefsScorer(eval_set, options, abstractor=abstractor, translator=translator).score(ctx)
