"""Extractive selection: the sentences of each section that a brief should rest on.

Works on the Dutch text of a parsed `Letter`, needs no model and is deterministic. Each sentence of
a section gets a score from four features, then the best ones within the budget are kept and
returned in source order:

- centrality (weight 0.35): TextRank over the cosine similarities of TF-IDF vectors within the
  section. Terms are Snowball-stemmed Dutch words without stop words; IDF is computed over all
  sentences of the letter, so words that every section repeats count for little;
- heading overlap (0.15): cosine similarity to the section heading, which names its topic;
- position (0.15): the first sentence of a section (1.0) or of a paragraph (0.6) often states
  what follows;
- cues (0.35): what a reader of a Kamerbrief looks for: decisions ("besloten", "aangenomen",
  "ingestemd"), the government speaking ("het kabinet", "ik", "de regering"), motions and
  commitments ("motie", "toezegging"), dates, numbers and cited papers.

Very short sentences are damped (they rarely carry a fact on their own) and a candidate that
nearly repeats a sentence already kept is skipped.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import ConfigError
from .text.dutch import STOP_WORDS_NL, find_dates, stem
from .text.numbers import find_numbers_nl
from .text.words import words

if TYPE_CHECKING:
    import numpy as np

    from .model.letter import Letter, Section

#: Default share of a section's sentences to keep (``--ratio``).
DEFAULT_RATIO = 0.3
#: Default cap on kept sentences per section (``--max-sentences``).
DEFAULT_MAX_SENTENCES = 5

WEIGHTS: dict[str, float] = {"centrality": 0.35, "heading": 0.15, "position": 0.15, "cues": 0.35}
_DAMPING = 0.85  # TextRank's usual damping factor
_REDUNDANT = 0.8  # cosine above which a candidate repeats a kept sentence
_SHORT_WORDS = 6  # sentences shorter than this are damped by half

_CITATION_RE = re.compile(r"\b(?:Kamerstuk(?:ken)?|kst\.)", re.IGNORECASE)

# Cue patterns on the lower-cased sentence, with their weights; the cue feature is the capped sum of
# the weights of the groups that match. One combined pattern: one scan per sentence.
_CUE_GROUPS: tuple[tuple[str, str, float], ...] = (
    # Decisions and outcomes.
    ("decision",
     r"besloten|besluit|besluiten|beslist|ingestemd|instemmen|aangenomen|akkoord|gekozen|kies|kiest|"
     r"vastgesteld|voornemen|voorgenomen|ingevoerd|invoeren|goedgekeurd|verworpen|afgewezen|"
     r"toegekend|uitgetrokken|beschikbaar gesteld|uitgevoerd|ten uitvoering|afgerond|beschouw", 0.4),
    # Motions, commitments, requests of parliament.
    ("parliament", r"motie|moties|toezegging|toezeggingen|toegezegd|verzoek|gevraagd|amendement", 0.4),
    # The government as actor.
    ("actor", r"het kabinet|dit kabinet|de regering|ik|wij|de minister|de staatssecretaris", 0.3),
    # Plans and next steps.
    ("plan",
     r"zal|zullen|ga|gaat|gaan|wil|willen|streef|streeft|verwacht|voor de zomer|naar verwachting|"
     r"uiterlijk|informeer|informeren|geïnformeerd", 0.2),
)
_CUES_RE = re.compile("|".join(rf"\b(?P<{name}>{alts})\b" for name, alts, _ in _CUE_GROUPS))
_CUE_WEIGHTS = {name: weight for name, _, weight in _CUE_GROUPS}


@dataclass(frozen=True)
class SectionSelection:
    """The ranking of one section: every sentence id best first, its score, and the kept ids."""

    index: int
    ranked: tuple[str, ...]
    scores: tuple[float, ...]  # aligned with ``ranked``
    kept: tuple[str, ...]  # in source order

    def score(self, sentence_id: str) -> float:
        return self.scores[self.ranked.index(sentence_id)]


@dataclass(frozen=True)
class Selection:
    """The extractive selection of a whole letter, one `SectionSelection` per section."""

    sections: tuple[SectionSelection, ...]
    ratio: float
    max_sentences: int

    def section(self, index: int) -> SectionSelection:
        for sec in self.sections:
            if sec.index == index:
                return sec
        raise KeyError(index)

    def kept_ids(self) -> list[str]:
        """Every kept id, in letter order."""
        return [sid for sec in self.sections for sid in sec.kept]


def terms(text: str) -> list[str]:
    """The content terms of a Dutch text: lower-cased, stop words out, Snowball-stemmed."""
    out = []
    for word in words(text.lower()):
        if word in STOP_WORDS_NL or (len(word) < 2 and not word.isdigit()):
            continue
        out.append(word if word.isdigit() else stem(word))
    return out


def cue_score(text: str) -> float:
    """The cue feature of one sentence, in [0, 1]."""
    found = {m.lastgroup for m in _CUES_RE.finditer(text.lower())}
    score = sum(_CUE_WEIGHTS[name] for name in found if name)
    if find_dates(text):
        score += 0.3
    if find_numbers_nl(text):
        score += 0.2
    if _CITATION_RE.search(text):
        score += 0.2
    return min(score, 1.0)


def textrank(similarity: np.ndarray, damping: float = _DAMPING) -> np.ndarray:
    """PageRank over a symmetric similarity matrix (zero diagonal); scores sum to 1.

    Solved exactly, ``(I - d Tᵀ) r = (1 - d) / n``, rather than by power iteration: one linear
    solve is faster for the few hundred sentences a section has at most.
    """
    import numpy as np

    n = similarity.shape[0]
    if n == 0:
        return np.zeros(0)
    weights = similarity.copy()
    # A sentence that shares no term with any other links to all of them equally.
    weights[weights.sum(axis=1) == 0] = 1.0
    np.fill_diagonal(weights, 0.0)
    out_weight = weights.sum(axis=1)
    out_weight[out_weight == 0] = 1.0  # a single sentence: no links at all
    transition = weights / out_weight[:, None]
    rank = np.linalg.solve(np.eye(n) - damping * transition.T, np.full(n, (1 - damping) / n))
    return rank / rank.sum()


def check_budget(ratio: float, max_sentences: int) -> None:
    """Raises ConfigError for a ``--ratio`` or ``--max-sentences`` out of range."""
    if not 0 < ratio <= 1:
        raise ConfigError(f"--ratio must be above 0 and at most 1, not {ratio}.")
    if max_sentences < 1:
        raise ConfigError(f"--max-sentences must be at least 1, not {max_sentences}.")


def _budget(n: int, ratio: float, max_sentences: int) -> int:
    return 0 if n == 0 else max(1, min(max_sentences, math.ceil(ratio * n - 1e-9)))


def select_letter(
    letter: Letter, *, ratio: float = DEFAULT_RATIO, max_sentences: int = DEFAULT_MAX_SENTENCES
) -> Selection:
    """Rank the sentences of every section and keep the best within the budget.

    Args:
        letter: the parsed letter (Dutch).
        ratio: share of each section's sentences to keep, in (0, 1]; at least one is kept.
        max_sentences: most sentences kept per section.

    Returns:
        A `Selection`: per section every sentence id ranked best first, the scores, and the kept
        ids in source order.

    Raises:
        ConfigError: a budget out of range.
    """
    check_budget(ratio, max_sentences)
    # Per section: the terms of each sentence, then of the heading (the last row).
    section_terms = [[terms(s.text) for s in sec.sentences] + [terms(sec.heading or "")] for sec in letter.sections]
    # Document frequency over every sentence and heading of the letter.
    df: dict[str, int] = {}
    n_docs = 0
    for docs in section_terms:
        for t in docs:
            n_docs += 1
            for term in set(t):
                df[term] = df.get(term, 0) + 1
    idf = {term: math.log((1 + n_docs) / (1 + d)) + 1.0 for term, d in df.items()}

    sections = tuple(
        _select_section(sec, docs, idf, ratio, max_sentences)
        for sec, docs in zip(letter.sections, section_terms, strict=True)
    )
    return Selection(sections=sections, ratio=ratio, max_sentences=max_sentences)


def _vectors(docs: list[list[str]], idf: dict[str, float]) -> np.ndarray:
    import numpy as np

    vocab: dict[str, int] = {}
    for doc in docs:
        for term in doc:
            vocab.setdefault(term, len(vocab))
    matrix = np.zeros((len(docs), max(len(vocab), 1)))
    for row, doc in enumerate(docs):
        for term in doc:
            matrix[row, vocab[term]] += idf.get(term, 1.0)
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    return matrix / norms[:, None]


def _select_section(
    section: Section,
    docs: list[list[str]],
    idf: dict[str, float],
    ratio: float,
    max_sentences: int,
) -> SectionSelection:
    """``docs``: the terms of each sentence, then of the heading."""
    import numpy as np

    sentences = section.sentences
    n = len(sentences)
    if n == 0:
        return SectionSelection(section.index, (), (), ())

    vectors = _vectors(docs, idf)
    sent_vecs, heading_vec = vectors[:n], vectors[n]
    similarity = sent_vecs @ sent_vecs.T
    np.fill_diagonal(similarity, 0.0)
    rank = textrank(similarity)
    centrality = rank / rank.max() if n > 1 else np.ones(1)
    heading = sent_vecs @ heading_vec

    position = np.zeros(n)
    i = 0
    for p_index, para in enumerate(section.paragraphs):
        for s_index, _ in enumerate(para.sentences):
            if p_index == 0 and s_index == 0:
                position[i] = 1.0
            elif s_index == 0:
                position[i] = 0.6
            i += 1
    cues = np.array([cue_score(s.text) for s in sentences])
    length = np.array([0.5 if len(words(s.text)) < _SHORT_WORDS else 1.0 for s in sentences])

    scores = length * (
        WEIGHTS["centrality"] * centrality
        + WEIGHTS["heading"] * heading
        + WEIGHTS["position"] * position
        + WEIGHTS["cues"] * cues
    )
    # Rounded, so that the order is the same on platforms whose last floating-point bits differ;
    # best first, ties to the earlier sentence.
    scores = np.round(scores, 9)
    order = sorted(range(n), key=lambda k: (-float(scores[k]), k))

    budget = _budget(n, ratio, max_sentences)
    kept: list[int] = []
    for k in order:
        if len(kept) == budget:
            break
        if any(similarity[k, j] > _REDUNDANT for j in kept):
            continue
        kept.append(k)
    return SectionSelection(
        index=section.index,
        ranked=tuple(sentences[k].id for k in order),
        scores=tuple(float(scores[k]) for k in order),
        kept=tuple(sentences[k].id for k in sorted(kept)),
    )
