"""Scores for the evaluation harness: pure functions on top of rouge-score, sacrebleu and nlbrief.check.

Nothing here reads files or loads models; `nlbrief.evaluation` feeds it letters, briefs and
references. Every function returns plain numbers or the frozen dataclasses below, and
`metric_settings` gives the strings that go into a report's signature, so that a score can be
reproduced.

ROUGE (rouge-score) is F1 of ROUGE-1, ROUGE-2 and ROUGE-Lsum with stemming. rouge-score's own
tokenizer keeps only ``[a-z0-9]`` and its stemmer is Porter's (English), which would cut Dutch words
at every ë, ï or é and stem them by English rules. So:

- English text uses rouge-score's `DefaultTokenizer` with the Porter stemmer (the usual ROUGE setup,
  comparable to published numbers);
- Dutch text uses `DutchRougeTokenizer`: lower-cased Unicode words and numbers (NFC, letters with
  diacritics kept), each word longer than three letters stemmed by the Snowball Dutch stemmer of
  nltk (which rouge-score already depends on; it needs no downloaded data). Like rouge-score, words
  of three letters or fewer are not stemmed.

ROUGE-Lsum reads one sentence per line: briefs give their sentences, references are split with
`nlbrief.check.split_brief_sentences`. Confidence intervals come from rouge-score's
`BootstrapAggregator` with a fixed seed; the reported value is the plain mean.

BLEU and chrF are sacrebleu's corpus scores with its bootstrap interval (sacrebleu's fixed seed)
and its signature strings.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from typing import TYPE_CHECKING, Any

from ..model.report import Score
from ..text.dutch import stem as stem_nl
from ..text.words import words as split_words

if TYPE_CHECKING:
    from ..model.brief import Brief
    from ..model.letter import Letter

ROUGE_TYPES: tuple[str, ...] = ("rouge1", "rouge2", "rougeLsum")
#: Bootstrap resamples, confidence level and seed of every interval (they go into the signature).
BOOTSTRAP_SAMPLES = 1000
CONFIDENCE = 0.95
SEED = 0
#: The metadata fields of a reference's ``structure`` compared by exact match.
METADATA_FIELDS: tuple[str, ...] = ("addressee", "place", "date", "subject", "reference", "sender_role",
                                    "signatory")



# --- the result types -------------------------------------------------------------------------------

@dataclass(frozen=True)
class PRF:
    """Counts for precision, recall and F1: matched, predicted, expected. Adds up (micro-average)."""

    tp: int = 0
    predicted: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        # Nothing predicted and nothing expected is a perfect answer, not a division by zero.
        if self.predicted == 0:
            return 1.0 if self.expected == 0 else 0.0
        return self.tp / self.predicted

    @property
    def recall(self) -> float:
        if self.expected == 0:
            return 1.0 if self.predicted == 0 else 0.0
        return self.tp / self.expected

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r > 0 else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.predicted + other.predicted, self.expected + other.expected)

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "predicted": self.predicted, "expected": self.expected,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class Provenance:
    """Brief sentences whose sources are all sentence ids of the letter (and at least one)."""

    sentences: int
    valid: int
    unknown_ids: tuple[str, ...] = ()  # cited ids that the letter does not have
    unsourced: int = 0  # sentences that cite nothing

    @property
    def rate(self) -> float:
        return self.valid / self.sentences if self.sentences else 1.0


@dataclass(frozen=True)
class Faithfulness:
    """Brief sentences with at least one item that nlbrief.check found unsupported."""

    sentences: int
    unsupported: int
    by_kind: dict[str, int] = field(default_factory=dict)  # flagged items per kind

    @property
    def rate(self) -> float:
        return self.unsupported / self.sentences if self.sentences else 0.0


# --- ROUGE --------------------------------------------------------------------------------------------



class DutchRougeTokenizer:
    """Lower-cased Unicode words and numbers, Snowball-stemmed (Dutch) when longer than three letters.

    What `RougeScorer` needs of a tokenizer is ``tokenize``; rouge-score's base class is not
    inherited because its module imports nltk and numpy (imported when ROUGE runs, not before).
    """

    def __init__(self, use_stemmer: bool = True) -> None:
        self.use_stemmer = use_stemmer

    def tokenize(self, text: str) -> list[str]:
        words = split_words(unicodedata.normalize("NFC", text).lower(), split_compounds=True)
        if not self.use_stemmer:
            return words
        return [stem_nl(w) if len(w) > 3 and not w.isdigit() else w for w in words]


def rouge_tokenizer(lang: str) -> Any:
    """The tokenizer ROUGE uses for ``lang`` (see the module docstring)."""
    if lang == "nl":
        return DutchRougeTokenizer(use_stemmer=True)
    from rouge_score.tokenizers import DefaultTokenizer  # type: ignore[import-untyped]

    return DefaultTokenizer(use_stemmer=True)


@lru_cache(maxsize=4)
def _scorer(lang: str) -> Any:
    from rouge_score import rouge_scorer  # type: ignore[import-untyped]

    return rouge_scorer.RougeScorer(list(ROUGE_TYPES), tokenizer=rouge_tokenizer(lang))


def as_lines(sentences: Iterable[str]) -> str:
    """Sentences as ROUGE-Lsum wants them: one per line, inner line breaks flattened."""
    return "\n".join(" ".join(s.split()) for s in sentences if s.strip())


def rouge_f1(reference: Sequence[str], prediction: Sequence[str], lang: str) -> dict[str, float]:
    """ROUGE F1 of one prediction against one reference, both given as lists of sentences.

    An empty prediction (or reference) scores 0.0 on every type.
    """
    scores = _scorer(lang).score(as_lines(reference), as_lines(prediction))
    return {name: float(scores[name].fmeasure) for name in ROUGE_TYPES}


@contextmanager
def _seeded_numpy(seed: int) -> Iterator[None]:
    # rouge-score's bootstrap draws from numpy's global generator: seed it for this call only.
    import numpy as np

    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def bootstrap_rouge(
    items: Sequence[Mapping[str, float]],
    *,
    samples: int = BOOTSTRAP_SAMPLES,
    confidence: float = CONFIDENCE,
    seed: int = SEED,
) -> dict[str, Score]:
    """Mean ROUGE F1 over ``items`` (each a `rouge_f1` result) with a bootstrap interval.

    The interval is rouge-score's `BootstrapAggregator` with numpy seeded to ``seed`` (so the same
    items give the same interval); the value is the plain mean. No items: 0.0 with ``n`` 0.
    """
    if not items:
        return {name: Score(0.0, n=0) for name in ROUGE_TYPES}
    from rouge_score import scoring  # type: ignore[import-untyped]

    aggregator = scoring.BootstrapAggregator(confidence_interval=confidence, n_samples=samples)
    for item in items:
        aggregator.add_scores({name: scoring.Score(item[name], item[name], item[name]) for name in ROUGE_TYPES})
    with _seeded_numpy(seed):
        result = aggregator.aggregate()
    out = {}
    for name in ROUGE_TYPES:
        mean = sum(item[name] for item in items) / len(items)
        agg = result[name]
        out[name] = Score(mean, float(agg.low.fmeasure), float(agg.high.fmeasure), len(items))
    return out


def bootstrap_mean(values: Sequence[float], *, samples: int = BOOTSTRAP_SAMPLES, confidence: float = CONFIDENCE,
                   seed: int = SEED) -> Score:
    """The mean of ``values`` with a percentile bootstrap interval (numpy generator seeded with ``seed``).

    Used for paired comparisons: ``values`` are per-letter differences (system minus baseline), so
    an interval above zero says the system wins on resamples of the letters, not only on average
    (Koehn 2004, "Statistical significance tests for machine translation evaluation", paired
    bootstrap). No values: 0.0 with ``n`` 0; one value: no interval.
    """
    import numpy as np

    if not values:
        return Score(0.0, n=0)
    data = np.asarray(values, dtype=float)
    mean = float(data.mean())
    if len(data) < 2:
        return Score(mean, n=1)
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, len(data), size=(samples, len(data)))].mean(axis=1)
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return Score(mean, float(low), float(high), len(data))


def rouge_signature(lang: str, *, samples: int = BOOTSTRAP_SAMPLES, confidence: float = CONFIDENCE,
                    seed: int = SEED) -> str:
    """What reproduces a ROUGE number, sacrebleu-style: version, types, tokenizer, stemmer, bootstrap."""
    tok = "unicode-words+nfc" if lang == "nl" else "rouge-score-default"
    stem = f"snowball-dutch(nltk {_version('nltk')})" if lang == "nl" else "porter"
    return (f"rouge-score:{_version('rouge-score')}|types:{','.join(ROUGE_TYPES)}|measure:f1|lang:{lang}|"
            f"tok:{tok}|stem:{stem}|lsum:sentence-per-line|bs:{samples}|ci:{confidence:g}|seed:{seed}")


def words(text: str) -> int:
    """Words as people count them: whitespace-separated."""
    return len(text.split())


def length_ratio(prediction_words: int, reference_words: int) -> float:
    """Brief length over reference length, in words (0.0 against an empty reference)."""
    return prediction_words / reference_words if reference_words else 0.0


# --- briefs: provenance and faithfulness --------------------------------------------------------------

def _brief_sentences(brief: Brief) -> Iterator[tuple[str, int, Any]]:
    for k, sentence in enumerate(brief.overview_sentences):
        yield "overview", k, sentence
    for sec in brief.sections:
        for k, sentence in enumerate(sec.sentences):
            yield f"s{sec.index}", k, sentence


def provenance(brief: Brief, letter: Letter) -> Provenance:
    """Which brief sentences (overview and sections) cite only sentence ids the letter has (or
    the metadata pseudo-ids of `nlbrief.overview.META_SOURCES` for metadata the letter has)."""
    from ..overview import META_SOURCES

    # Metadata a sentence may cite (the overview's intro): only where the letter has it.
    meta = {"meta:subject": bool(letter.subject), "meta:sender": bool(letter.sender_role)}
    known = set(letter.sentence_index()) | {m for m in META_SOURCES if meta.get(m)}
    total = valid = unsourced = 0
    unknown: list[str] = []
    for _, _, sentence in _brief_sentences(brief):
        total += 1
        bad = [i for i in sentence.sources if i not in known]
        unknown.extend(i for i in bad if i not in unknown)
        if not sentence.sources:
            unsourced += 1
        elif not bad:
            valid += 1
    return Provenance(total, valid, tuple(unknown), unsourced)


def faithfulness(brief: Brief) -> Faithfulness:
    """The share of brief sentences with an unsupported number, date, citation or entity.

    It reads the flags that `nlbrief.check` put on the brief (the summarise stage checks every
    sentence against its own sources): a sentence with at least one flag counts once.
    """
    flagged: set[tuple[str, int]] = {("overview", f.sentence) for f in brief.overview_flags}
    kinds: Counter[str] = Counter(f.kind for f in brief.overview_flags)
    for sec in brief.sections:
        flagged |= {(f"s{sec.index}", f.sentence) for f in sec.flags}
        kinds.update(f.kind for f in sec.flags)
    total = sum(1 for _ in _brief_sentences(brief))
    return Faithfulness(total, len(flagged), dict(sorted(kinds.items())))


def _letter_evidence(letter: Letter) -> Any:
    """`nlbrief.check.Evidence` of the whole letter: every sentence, heading, footnote and its metadata."""
    from ..check import Evidence, dossier_base
    from ..text.dutch import format_date

    texts = [s.text for s in letter.iter_sentences()]
    texts += [sec.heading for sec in letter.sections if sec.heading]
    texts += [fn.text for fn in letter.footnotes]
    texts += [letter.addressee or "", letter.place or "", letter.subject or "", format_date(letter.date, "nl") or "",
              *letter.sender_role, *letter.signatory]
    cited = [(dossier_base(c.dossier.split(" / ")[0]), c.number) for c in letter.citations]
    return Evidence.from_texts(texts, (), cited)


def text_faithfulness(sentences: Sequence[str], lang: str, letter: Letter) -> Faithfulness:
    """`faithfulness` for free text (a reference brief) checked by nlbrief.check against the whole letter.

    Used to calibrate the checker: the hand-written references state only facts of their letter,
    so what it flags there is a false alarm (or a slip in the reference).
    """
    from ..check import unsupported_items

    evidence = _letter_evidence(letter)
    year = int(letter.date[:4]) if letter.date and letter.date[:4].isdigit() else None
    kinds: Counter[str] = Counter()
    bad = 0
    for sentence in sentences:
        items = unsupported_items(sentence, lang, evidence, year)
        kinds.update(item.kind for item in items)
        bad += bool(items)
    return Faithfulness(len(sentences), bad, dict(sorted(kinds.items())))


# --- structure ----------------------------------------------------------------------------------------

def prf(predicted: Iterable[Hashable], expected: Iterable[Hashable]) -> PRF:
    """Precision/recall counts of two multisets (an item predicted twice but expected once counts once)."""
    pred, exp = Counter(predicted), Counter(expected)
    return PRF(sum((pred & exp).values()), sum(pred.values()), sum(exp.values()))


def normalise_space(text: str | None) -> str | None:
    """Runs of whitespace as one space (None stays None): how headings and footnotes are compared."""
    return " ".join(text.split()) if text is not None else None


def heading_prf(predicted: Sequence[str | None], expected: Sequence[str | None]) -> PRF:
    """Section headings as multisets; the opening text (None) is a section like any other."""
    return prf((normalise_space(h) for h in predicted), (normalise_space(h) for h in expected))


def footnote_prf(predicted: Sequence[tuple[int, str]], expected: Sequence[tuple[int, str]]) -> tuple[PRF, PRF]:
    """Footnotes: (number and text both right, text found whatever its number)."""
    norm = normalise_space
    numbered = prf(((n, norm(t)) for n, t in predicted), ((n, norm(t)) for n, t in expected))
    texts = prf((norm(t) for _, t in predicted), (norm(t) for _, t in expected))
    return numbered, texts


def metadata_matches(letter: Letter, structure: Mapping[str, Any]) -> dict[str, bool]:
    """Exact match of each metadata field (lists compared as lists, in order)."""
    out = {}
    for name in METADATA_FIELDS:
        got = getattr(letter, name)
        want = structure.get(name)
        if isinstance(got, tuple):
            out[name] = list(got) == list(want or [])
        else:
            out[name] = got == want
    return out


def citation_prf(letter: Letter, structure: Mapping[str, Any]) -> PRF:
    """Cited papers as sets of (session, dossier, number)."""
    got = {(c.session, c.dossier, c.number) for c in letter.citations}
    want = {(c["session"], c["dossier"], c["number"]) for c in structure.get("citations", ())}
    return prf(got, want)


def motion_prf(letter: Letter, structure: Mapping[str, Any]) -> PRF:
    """Motions as sets of (member, dossier, number, date)."""
    got = {(m.member, m.dossier, m.number, m.date) for m in letter.motions}
    want = {(m["member"], m["dossier"], m["number"], m["date"]) for m in structure.get("motions", ())}
    return prf(got, want)


# --- translation ----------------------------------------------------------------------------------------

def bleu_chrf(hypotheses: Sequence[str], references: Sequence[str], *,
              samples: int = BOOTSTRAP_SAMPLES) -> tuple[dict[str, Score], dict[str, str]]:
    """Corpus BLEU and chrF (sacrebleu defaults, one reference) with bootstrap intervals.

    Returns:
        ({"bleu": Score, "chrf": Score}, {"bleu": signature, "chrf": signature}); the interval is
        sacrebleu's bootstrap mean ± its half-width, with sacrebleu's fixed seed.
    """
    from sacrebleu.metrics import BLEU, CHRF

    if len(hypotheses) != len(references):
        raise ValueError(f"{len(hypotheses)} hypotheses for {len(references)} references")
    scores: dict[str, Score] = {}
    signatures: dict[str, str] = {}
    for name, metric in (("bleu", BLEU()), ("chrf", CHRF())):
        if hypotheses:
            # sacrebleu's bootstrap needs at least two lines to resample.
            n_bootstrap = samples if len(hypotheses) > 1 else 1
            try:
                result = metric.corpus_score(list(hypotheses), [list(references)], n_bootstrap=n_bootstrap)
            except TypeError:
                # sacrebleu 2.6's chrF bootstrap fails in statistics.mean when some resample shares
                # no character n-gram with its references (a 0.0 among numpy floats): the score
                # stands, without an interval (and a fresh metric signs it without "bs:").
                n_bootstrap = 1
                metric = type(metric)()
                result = metric.corpus_score(list(hypotheses), [list(references)])
            low = high = None
            if n_bootstrap > 1:  # sacrebleu keeps the bootstrap mean and half-width to itself
                low, high = float(result._mean - result._ci), float(result._mean + result._ci)
            scores[name] = Score(float(result.score), low, high, len(hypotheses))
        else:
            scores[name] = Score(0.0, n=0)
            metric.corpus_score([""], [[""]])  # sacrebleu signs only a metric that has scored
        signatures[name] = metric.get_signature().format()
    return scores, signatures


def numbers_preserved(sources: Sequence[str], targets: Sequence[str]) -> tuple[int, int]:
    """(numbers of the Dutch sources found in their English targets, numbers in the sources)."""
    from ..mttext import missing_numbers
    from ..text.numbers import find_numbers_nl

    total = missing = 0
    for source, target in zip(sources, targets):
        total += len(find_numbers_nl(source))
        missing += len(missing_numbers(source, target))
    return total - missing, total


# --- settings for the signature -----------------------------------------------------------------------

def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not-installed"


def metric_settings(langs: Iterable[str] = ("nl",), *, samples: int = BOOTSTRAP_SAMPLES,
                    confidence: float = CONFIDENCE, seed: int = SEED) -> dict[str, Any]:
    """The metric settings of a report (sacrebleu's own signatures are added where BLEU ran)."""
    return {
        "rouge": {lang: rouge_signature(lang, samples=samples, confidence=confidence, seed=seed)
                  for lang in sorted(set(langs))},
        "faithfulness": "nlbrief.check flags (numbers, dates, citations, entities) per brief sentence",
        "provenance": "every brief sentence cites at least one sentence id and all ids exist in the letter",
        "structure": "headings and footnotes as multisets (micro-averaged P/R/F1, whitespace-normalised); "
                     "citations and motions as sets; metadata exact match; nothing-lost accounting",
        "bootstrap": {"samples": samples, "confidence": confidence, "seed": seed},
        "packages": {name: _version(name) for name in ("rouge-score", "nltk", "sacrebleu")},
    }
