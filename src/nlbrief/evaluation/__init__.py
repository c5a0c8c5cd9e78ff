"""The evaluation harness (``nlbrief eval``): structure, briefs and translations scored against references.

An evaluation set is a folder ``SET/letters/*.txt|pdf`` + ``SET/references/*.json`` (format in
``eval/README.md``), optionally with ``SET/thresholds.toml`` and ``SET/split.toml`` (tune/test).
`run_evaluation` scores, in parts (each a `Scorer` registered in `SCORERS`):

- ``structure``: every letter through `nlbrief.pipeline.load_letter`, against ``structure`` of its
  reference (headings, footnotes, metadata, citations, motions, sentence count, nothing lost);
- ``briefs.nl.extractive``: the Dutch extractive briefs (``--summariser none --lang nl``) against
  ``briefs.nl``, beside the lead, random and oracle baselines with the same sentence counts, and
  nlbrief minus lead per letter with a bootstrap interval, for all letters and per split; no model;
- ``briefs.<lang>.<summariser>``: the briefs the options ask for, when that is another pair
  (English needs a translation model, chat/seq2seq a summary model);
- ``translation``: a parallel test set (``--mt-src``/``--mt-ref``) through the translation stage,
  BLEU and chrF (sacrebleu) with coverage and numbers preserved;
- ``letters``: an extra folder of letters without references (``--letters-dir``);
- ``real.tune`` and ``real.heldout``: the parser on the real letters of ``../shared`` against
  ``SET/real/expected.json``, one part per split of ``SET/real/split.toml`` (the held-out one is
  the honest figure); skipped, saying why, where the letters are not there (``--real-letters``).

What needs a model that was not asked for is listed as a skipped part with the option that turns
it on. A model that is asked for but missing raises `ModelNotFoundError` before any work. The
`Report` (`nlbrief.model.report`) carries a signature (versions, backends, models and revisions,
prompt hashes, options, metric settings, the set's name and sha256), the threshold checks and,
against a baseline report, the regression checks; `Report.ok` is False when any check fails.

Modules: `dataset` (the set, references, split, parallel test sets), `thresholds` (bounds and
baseline comparisons), `base` (the `Scorer` base class, its registry, parsing through the
pipeline), `metrics` (the metric functions), `baselines` (lead, random, oracle), `structure`,
`briefs`, `translation` and `real` (the parts; `real_letters` holds the real-letter comparison
rules), `run` (the whole run).
"""

from __future__ import annotations

from ..model.report import Check, Part, Report, Score
from .base import SCORERS, Context, Parsed, Scorer, get_scorer, parse_file, register
from .briefs import BriefsScorer, brief_part_name, score_briefs
from .dataset import EvalSet, ParallelSet, SetItem, load_set, read_parallel
from .real import RealLettersScorer, real_parts
from .run import BASE_BRIEFS, EvalOptions, run_evaluation
from .structure import LettersDirScorer, StructureScorer, score_letters_dir, score_structure
from .thresholds import (
    Thresholds,
    check_thresholds,
    compare_to_baseline,
    load_report,
    load_thresholds,
)
from .translation import TranslationScorer, score_translation

__all__ = [
    "BASE_BRIEFS", "SCORERS", "BriefsScorer", "Check", "Context", "EvalOptions", "EvalSet", "LettersDirScorer",
    "ParallelSet", "Parsed", "Part", "RealLettersScorer", "Report", "Score", "Scorer", "SetItem", "StructureScorer", "Thresholds",
    "TranslationScorer", "brief_part_name", "check_thresholds", "compare_to_baseline", "get_scorer",
    "load_report", "load_set", "register", "load_thresholds", "parse_file", "read_parallel", "real_parts", "run_evaluation",
    "score_briefs", "score_letters_dir", "score_structure", "score_translation",
]
