"""The whole run of ``nlbrief eval``: which parts to score, the models they need, the checks."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..errors import ConfigError
from ..model.report import Check, Part, Report
from ..summarise import SummariseOptions
from ..translate import TranslatorSettings
from .base import Context, Progress, skipped
from .briefs import BriefsScorer
from .dataset import EvalSet, ParallelSet, load_set, read_parallel
from .metrics import BOOTSTRAP_SAMPLES, SEED, metric_settings
from .real import real_parts
from .structure import LettersDirScorer, StructureScorer
from .thresholds import (
    Thresholds,
    check_thresholds,
    compare_to_baseline,
    load_report,
    load_thresholds,
)
from .translation import TranslationScorer

if TYPE_CHECKING:
    from ..backends.base import Translator

#: The always-scored brief part: needs no model at all.
BASE_BRIEFS = ("nl", "none")


@dataclass(frozen=True)
class EvalOptions:
    """What `run_evaluation` scores and how (the options of ``nlbrief eval``)."""

    set_path: str = "eval"
    lang: str = "nl"
    summariser: str = "none"
    summary_model: str | None = None
    summary_backend: str = "auto"  # "auto", "ctranslate2" or "transformers"
    translator: TranslatorSettings = field(default_factory=TranslatorSettings)
    mt_src: str | None = None
    mt_ref: str | None = None
    mt_limit: int | None = None
    letters_dir: str | None = None
    real_letters: str | None = None  # None: ../shared/data/letters beside the checkout, if there
    thresholds: str | None = None  # None: SET/thresholds.toml where it exists
    baseline: str | None = None
    samples: int = BOOTSTRAP_SAMPLES
    seed: int = SEED

    def summarise_options(self) -> SummariseOptions:
        return SummariseOptions(lang=self.lang, summariser=self.summariser, summary_model=self.summary_model,
                                summary_backend=self.summary_backend, device=self.translator.device,
                                threads=self.translator.threads or 0)


def _skipped_parts(options: EvalOptions, mt: bool) -> list[Part]:
    from ..backends.seq2seq_common import DEFAULT_MODEL
    from ..backends.summary_common import DEFAULT_CHAT_MODELS, DEFAULT_SEQ2SEQ_MODEL

    out = []
    if options.lang != "en":
        out.append(skipped("briefs.en", (
            f"English briefs need a translation model ({DEFAULT_MODEL} by default): add --lang en "
            f"(and --translation-model ID|PATH for another model).")))
    if options.summariser == "none":
        out.append(skipped("briefs.abstractive", (
            f"abstractive briefs need a summary model: add --summariser chat (default "
            f"{DEFAULT_CHAT_MODELS['en']} for en, {DEFAULT_CHAT_MODELS['nl']} for nl) or --summariser "
            f"seq2seq ({DEFAULT_SEQ2SEQ_MODEL}, English only), and --summary-model ID|PATH for another.")))
    if not mt:
        out.append(skipped("translation", (
            f"translation needs a test set and a translation model: add --mt-src FILE --mt-ref FILE "
            f"(e.g. ../shared/data/mt/flores200-devtest.nld and .eng) and --translation-model ID|PATH "
            f"({DEFAULT_MODEL} by default).")))
    return out


def _models_and_prompts(parts: Sequence[Part]) -> tuple[list[dict[str, Any]], dict[str, str], dict[str, Any]]:
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
    return models, prompts, backends


def _translation_signature(translation: Part | None, settings: dict[str, Any], models: list[dict[str, Any]],
                           backends: dict[str, Any]) -> None:
    """Add the translation part's sacrebleu signatures, backend and model (in place)."""
    if translation is None:
        return
    settings["sacrebleu"] = translation.signature.get("sacrebleu", {})
    tr = translation.signature.get("translator") or {}
    backends["translation"] = tr
    entry = {"purpose": "translation", "model": tr.get("model"), "revision": tr.get("revision")}
    if tr.get("model") and entry not in models:
        models.append(entry)


def _set_signature(eval_set: EvalSet) -> dict[str, Any]:
    out: dict[str, Any] = {"name": eval_set.name, "sha256": eval_set.sha256, "files": eval_set.files,
                           "letters": len(eval_set.items)}
    if eval_set.splits():
        out["splits"] = {s: [i.name for i in eval_set.items if i.split == s] for s in eval_set.splits()}
    return out


def _options_signature(options: EvalOptions) -> dict[str, Any]:
    translator = asdict(options.translator)
    translator.pop("quiet", None)
    if not translator.get("extra"):
        translator.pop("extra", None)  # listed only where set: a plain run's signature keeps its keys
    return {"lang": options.lang, "summariser": options.summariser, "summary_model": options.summary_model,
            "summary_backend": options.summary_backend,
            "translator": translator, "mt_limit": options.mt_limit}


def _signature(options: EvalOptions, eval_set: EvalSet, parts: Sequence[Part],
               thresholds: Thresholds | None) -> dict[str, Any]:
    settings = metric_settings({"nl"} | {options.lang}, samples=options.samples, seed=options.seed)
    scored = {p.name: p for p in parts if p.status == "scored"}
    translation = scored.get("translation")
    models, prompts, backends = _models_and_prompts(parts)
    _translation_signature(translation, settings, models, backends)
    extra = scored.get("letters")
    thresholds_sig = None
    if thresholds is not None and thresholds.path:
        thresholds_sig = {"file": Path(thresholds.path).name, "sha256": thresholds.sha256}
    return {
        "nlbrief": __version__,
        "set": _set_signature(eval_set),
        "letters_dir": extra.signature if extra is not None else None,
        "mt": translation.signature.get("test_set") if translation is not None else None,
        "parts": [p.name for p in parts if p.status == "scored"],
        "skipped": [p.name for p in parts if p.status == "skipped"],
        "backends": backends,
        "models": models,
        "prompts": prompts,
        "options": _options_signature(options),
        "metrics": settings,
        "thresholds": thresholds_sig,
        "python": sys.version.split()[0],
    }


def _parallel_set(options: EvalOptions) -> ParallelSet | None:
    if bool(options.mt_src) != bool(options.mt_ref):
        raise ConfigError("--mt-src and --mt-ref go together: the source file and its reference translation.")
    if options.mt_limit is not None and options.mt_limit < 1:
        raise ConfigError(f"--mt-limit must be at least 1, not {options.mt_limit}.")
    if options.mt_src and options.mt_ref:
        return read_parallel(options.mt_src, options.mt_ref, options.mt_limit)
    return None


def _checks(options: EvalOptions, eval_set: EvalSet, parts: Sequence[Part],
            thresholds: Thresholds | None) -> tuple[list[Check], list[str]]:
    baseline = load_report(options.baseline) if options.baseline else None
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
    return checks, notes


def run_evaluation(options: EvalOptions, progress: Progress | None = None) -> Report:
    """Score everything the options ask for, plus everything that needs no model.

    Raises:
        ConfigError, InputError: a bad set, thresholds file, baseline or test file.
        ModelNotFoundError: a model that was asked for (or a default one that is needed) is missing;
            raised before any letter is scored.
    """
    from ..summarise import build_abstractor, build_translator

    eval_set = load_set(options.set_path)
    thresholds_path = options.thresholds if options.thresholds is not None else eval_set.thresholds_path
    thresholds = load_thresholds(thresholds_path) if thresholds_path else None
    if options.baseline:
        load_report(options.baseline)  # a bad baseline fails before any work
    mt = _parallel_set(options)

    requested = (options.lang, options.summariser)
    summarise_options = options.summarise_options()
    base_options = SummariseOptions(lang=BASE_BRIEFS[0], summariser=BASE_BRIEFS[1])
    # Models first: a missing one fails before any letter is scored.
    abstractor = build_abstractor(summarise_options)
    base_abstractor = abstractor if requested == BASE_BRIEFS else build_abstractor(base_options)
    translator: Translator | None = (build_translator(options.translator)
                                     if options.lang == "en" or mt is not None else None)
    if progress is not None and (translator is not None or options.summariser != "none"):
        progress("models", 1, 1)

    ctx = Context(samples=options.samples, seed=options.seed, progress=progress)
    parts = [StructureScorer(eval_set).score(ctx),
             BriefsScorer(eval_set, base_options, abstractor=base_abstractor).score(ctx)]
    if requested != BASE_BRIEFS:
        parts.append(BriefsScorer(eval_set, summarise_options, abstractor=abstractor,
                                  translator=translator if options.lang == "en" else None).score(ctx))
    if mt is not None and translator is not None:
        parts.append(TranslationScorer(mt, translator).score(ctx))
    if options.letters_dir:
        parts.append(LettersDirScorer(options.letters_dir).score(ctx))
    parts.extend(real_parts(eval_set.root, options.real_letters, ctx))
    parts.extend(_skipped_parts(options, mt is not None))
    checks, notes = _checks(options, eval_set, parts, thresholds)
    return Report(_signature(options, eval_set, parts, thresholds), tuple(parts), tuple(checks), tuple(notes))
