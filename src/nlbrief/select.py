"""Extractive selection: the sentences of a letter that its brief rests on.

Works on the Dutch text of a parsed `Letter`, needs no model and is deterministic. It selects per
*unit*: each section of a short letter; for a letter over `LONG_LETTER_WORDS` words each top-level
section with its sub-sections folded in (`Section.level`/`parent`), so that a long letter is
briefed as a tree. Every sentence of a unit gets explainable features (`Features`):

- centrality (weight 0.3): TextRank over the cosine similarities of TF-IDF vectors within the unit.
  Terms are Snowball-stemmed Dutch words without stop words; IDF is computed over all sentences of
  the letter, so words that every section repeats count for little;
- heading overlap (0.1): cosine similarity to the section's heading, which names its topic;
- position (0.15): the first sentence of a section (1.0), of a sub-section (0.8) or of a
  paragraph (0.6) often states what follows;
- cues (0.45): the Kamerbrief salience of `nlbrief.salience` (decisions, commitments, requests,
  the government's position, answers, motions and papers, amounts, dates and deadlines);

then multiplied down for what a reader does not need on its own: courtesy and framing, a question
(it comes with its answer), a list lead-in, a very short sentence, a sentence that leans on the one
before it. Table rows (``Paragraph.kind`` "table", or rows of numbers), URLs, page furniture and
glued note markers are never selected.

Sentences are kept as *groups*, best group first, so that each kept sentence stands on its own:
a sentence that leans on the previous one (Dit, Deze, Daarnaast, Ook, In dat gesprek ...) comes
with it; a question comes with its answer; a list comes as its lead-in plus its items, or not at
all. A unit keeps at most its sentence budget (``ratio`` of its sentences, at least one, at most
``max_sentences``); a group that does not fit is passed over for the next. A word budget (by
default for long letters: at most `BUDGET_SHARE` of the letter's words and at most `BUDGET_CAP`,
less the overview's `OVERVIEW_WORDS`) is shared over the whole letter: first each unit's best
group in order of score, then the rest, so that a budget too small for every unit leaves out the
least salient ones. A candidate that nearly repeats a kept sentence is skipped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import salience
from .errors import ConfigError
from .grouping import Features, Item, effective_score, group_of
from .text.dutch import STOP_WORDS_NL, stem
from .text.words import heading_level, words

if TYPE_CHECKING:
    import numpy as np

    from .model.letter import Letter, Section

#: Default share of a unit's sentences to keep (``--ratio``).
DEFAULT_RATIO = 0.3
#: Default cap on kept sentences per unit (``--max-sentences``).
DEFAULT_MAX_SENTENCES = 5
#: Letters over this many words are briefed per top-level section, within a word budget.
LONG_LETTER_WORDS = 2500
#: The default word budget of a long letter's brief: this share of its words, at most `BUDGET_CAP`.
BUDGET_SHARE = 0.15
BUDGET_CAP = 1000
#: The overview's words, kept out of the section budget so that the whole brief stays within it.
OVERVIEW_WORDS = 60

WEIGHTS: dict[str, float] = {"centrality": 0.3, "heading": 0.1, "position": 0.15, "cues": 0.45}
#: Factors for what a reader does not need on its own (see the module docstring).
PENALTIES: dict[str, float] = {"courtesy": 0.25, "question": 0.4, "lead-in": 0.3, "short": 0.5, "fragment": 0.5,
                               "caption": 0.3,
                               "depends": 0.85}
_DAMPING = 0.85  # TextRank's usual damping factor
_REDUNDANT = 0.8  # cosine above which a candidate repeats a kept sentence
_SHORT_WORDS = 6  # sentences shorter than this are damped



@dataclass(frozen=True)
class SectionSelection:
    """The ranking of one unit (a section, or a top-level section with its sub-sections).

    ``ranked``: every sentence id best first, with ``scores``; ``kept``: the kept ids in letter
    order; ``members``: the sections of the unit (its own index first); ``reasons``: for a kept
    sentence that came with another, why ("antecedent of s3.4", "answer to s2.1", "item of the list
    of s4.2"); ``groups``: kept ids that make one brief sentence (a list's lead-in and items).
    """

    index: int
    ranked: tuple[str, ...]
    scores: tuple[float, ...]  # aligned with ``ranked``
    kept: tuple[str, ...]  # in source order
    members: tuple[int, ...] = ()
    features: Mapping[str, Features] = field(default_factory=dict)
    reasons: Mapping[str, str] = field(default_factory=dict)
    groups: tuple[tuple[str, ...], ...] = ()

    def score(self, sentence_id: str) -> float:
        return self.scores[self.ranked.index(sentence_id)]


@dataclass(frozen=True)
class Selection:
    """The extractive selection of a whole letter, one `SectionSelection` per unit."""

    sections: tuple[SectionSelection, ...]
    ratio: float
    max_sentences: int
    max_words: int | None = None  # the word budget applied to the sections (None: none)
    tree: bool = False  # briefed per top-level section
    letter_words: int = 0

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
    """The cue feature of one sentence, in [0, 1] (see `nlbrief.salience`)."""
    return salience.cue_weight(salience.cues(text))


def word_count(text: str) -> int:
    """Words as the budget counts them (and people do): whitespace-separated."""
    return len(text.split())


def textrank(similarity: np.ndarray, damping: float = _DAMPING) -> np.ndarray:
    """PageRank over a symmetric similarity matrix (zero diagonal); scores sum to 1.

    Solved exactly, ``(I - d Tᵀ) r = (1 - d) / n``, rather than by power iteration: one linear
    solve is faster for the few hundred sentences a unit has at most.
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


def check_budget(ratio: float, max_sentences: int, max_words: int | None = None) -> None:
    """Raises ConfigError for a ``--ratio``, ``--max-sentences`` or ``--max-words`` out of range."""
    if not 0 < ratio <= 1:
        raise ConfigError(f"--ratio must be above 0 and at most 1, not {ratio}.")
    if max_sentences < 1:
        raise ConfigError(f"--max-sentences must be at least 1, not {max_sentences}.")
    if max_words is not None and max_words < 10:
        raise ConfigError(f"--max-words must be at least 10, not {max_words}.")


def _budget(n: int, ratio: float, max_sentences: int) -> int:
    return 0 if n == 0 else max(1, min(max_sentences, math.ceil(ratio * n - 1e-9)))


def letter_words(letter: Letter) -> int:
    """The words of the letter's body sentences."""
    return sum(word_count(s.text) for s in letter.iter_sentences())


def default_word_budget(n_words: int) -> int | None:
    """The default section budget: None up to `LONG_LETTER_WORDS`, else `BUDGET_SHARE` of the
    words, at most `BUDGET_CAP`, less `OVERVIEW_WORDS` (the overview comes on top)."""
    if n_words <= LONG_LETTER_WORDS:
        return None
    return max(OVERVIEW_WORDS, min(BUDGET_CAP, int(BUDGET_SHARE * n_words)) - OVERVIEW_WORDS)


def section_levels(letter: Letter) -> dict[int, int]:
    """Each section's level: the parser's where it gives any (a level above 1 or a parent), else
    inferred from the headings' numbering ("3" is 1, "3.2" is 2; `nlbrief.text.words.heading_level`):
    an unnumbered heading after a numbered one sits one level below it; before the first numbered
    heading, every section is a top-level one."""
    if any(sec.level > 1 or sec.parent is not None for sec in letter.sections):
        return {sec.index: sec.level for sec in letter.sections}
    out: dict[int, int] = {}
    last: int | None = None  # the level of the last numbered heading
    for sec in letter.sections:
        numbered = heading_level(sec.heading) if sec.heading else None
        if numbered is not None:
            last = numbered
            out[sec.index] = numbered
        else:
            out[sec.index] = 1 if last is None or sec.heading is None else last + 1
    return out


def units(letter: Letter, tree: bool) -> list[list[Section]]:
    """The sections briefed together: each alone, or (``tree``) each top-level section with every
    section below it (by ``parent``, else by level: see `section_levels`)."""
    if not tree:
        return [[sec] for sec in letter.sections]
    levels = section_levels(letter)
    top_of: dict[int, int] = {}
    out: dict[int, list[Section]] = {}
    current: int | None = None
    for sec in letter.sections:
        if sec.parent is not None and sec.parent in top_of:
            top = top_of[sec.parent]
        elif levels[sec.index] > 1 and current is not None:
            top = current
        else:
            top = current = sec.index
        top_of[sec.index] = top
        out.setdefault(top, []).append(sec)
    return list(out.values())


# --- one unit: sentences, features, groups --------------------------------------------------------

def _items(unit: Sequence[Section]) -> list[Item]:
    out = []
    for s_index, sec in enumerate(unit):
        for p_index, para in enumerate(sec.paragraphs):
            for k, sentence in enumerate(para.sentences):
                if p_index == 0 and k == 0:
                    position = 1.0 if s_index == 0 else 0.8
                else:
                    position = 0.6 if k == 0 else 0.0
                out.append(Item(sentence, sec, para, position))
    return out


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


#: Sentences compared with each other at most: a unit with more is cut into windows of this many
#: consecutive sentences, compared within their window only. Real letters stay far below it (a
#: 32-page letter has about 1,000 sentences in all); without the bound a generated 1 MB text of
#: one section needed 16 GB, and 6 MB a 107 GB similarity matrix.
WINDOW = 1000


class _Similarity:
    """Cosine similarity of a unit's sentences, held as one dense block per window of `WINDOW`
    consecutive sentences (float64, at most ``WINDOW`` squared per block): sentences in different
    windows count as unrelated. For a unit within one window this is the full matrix, as before."""

    def __init__(self, blocks: list[np.ndarray]) -> None:
        self.blocks = blocks

    def __getitem__(self, pair: tuple[int, int]) -> float:
        k, j = pair
        if k // WINDOW != j // WINDOW:
            return 0.0
        return float(self.blocks[k // WINDOW][k % WINDOW, j % WINDOW])

    def among(self, idx: Sequence[int]) -> np.ndarray:
        """The matrix among ``idx`` (sorted indices of one window)."""
        import numpy as np

        block, base = self.blocks[idx[0] // WINDOW], (idx[0] // WINDOW) * WINDOW
        local = [k - base for k in idx]
        return block[np.ix_(local, local)]


def _similarity_and_heading(items: Sequence[Item], headings: dict[int, list[str]],
                            idf: dict[str, float]) -> tuple[_Similarity, np.ndarray]:
    """The windowed sentence similarity and each sentence's cosine similarity to its section's
    heading terms (shape ``(n,)``). Memory is bounded by `WINDOW`, not by the unit's size."""
    import numpy as np

    blocks: list[np.ndarray] = []
    heading = np.zeros(len(items))
    for start in range(0, len(items), WINDOW):
        window = items[start:start + WINDOW]
        m = len(window)
        docs = [terms(item.sentence.text) for item in window] + list(headings.values())
        vectors = _vectors(docs, idf)
        heading_row = {index: m + k for k, index in enumerate(headings)}
        sent_vecs = vectors[:m]
        heading[start:start + m] = [float(sent_vecs[k] @ vectors[heading_row[item.section.index]])
                                    for k, item in enumerate(window)]
        block = sent_vecs @ sent_vecs.T
        np.fill_diagonal(block, 0.0)
        blocks.append(block)
    return _Similarity(blocks), heading


def _penalties(text: str) -> tuple[str, ...]:
    out = []
    if salience.is_courtesy(text):
        out.append("courtesy")
    if salience.is_question(text):
        out.append("question")
    if salience.is_lead_in(text):
        out.append("lead-in")
    if len(words(text)) < _SHORT_WORDS:
        out.append("short")
    if salience.is_fragment(text) and not salience.is_list_item(text):
        out.append("fragment")
    if salience.is_caption(text) and not salience.is_list_item(text):
        out.append("caption")
    if salience.depends_on_previous(text):
        out.append("depends")
    return tuple(out)


def _centrality(items: Sequence[Item], similarity: _Similarity) -> np.ndarray:
    """TextRank within each section of the unit, scaled to a maximum of 1 per section: how central
    a sentence is to its own (sub-)section. Per section rather than over a folded unit, because one
    solve over the few hundred sentences of a long chapter costs the cube of their number."""
    import numpy as np

    out = np.ones(len(items))
    blocks: dict[tuple[int, int], list[int]] = {}
    for k, item in enumerate(items):
        blocks.setdefault((item.section.index, k // WINDOW), []).append(k)
    for idx in blocks.values():
        if len(idx) > 1:
            rank = textrank(similarity.among(idx))
            out[idx] = rank / rank.max()
    return out


def _features(items: Sequence[Item], similarity: _Similarity, heading: np.ndarray) -> list[Features]:
    centrality = _centrality(items, similarity)
    out = []
    for k, item in enumerate(items):
        text = item.sentence.text
        found = salience.cues(text)
        cue = salience.cue_weight(found)
        penalties = _penalties(text)
        excluded = "table" if item.paragraph.kind == "table" else salience.excluded(text)
        base = (WEIGHTS["centrality"] * float(centrality[k]) + WEIGHTS["heading"] * float(heading[k])
                + WEIGHTS["position"] * item.position + WEIGHTS["cues"] * cue)
        factor = math.prod(PENALTIES[p] for p in penalties)
        # Rounded, so that the order is the same on platforms whose last floating-point bits differ.
        score = 0.0 if excluded else round(base * factor, 9)
        out.append(Features(round(float(centrality[k]), 6), round(float(heading[k]), 6), item.position,
                            tuple(sorted(found)), round(cue, 6), penalties, excluded, score))
    return out


@dataclass
class _Unit:
    """One unit while the letter's budget is shared out."""

    members: list[Section]
    items: list[Item]
    features: list[Features]
    similarity: _Similarity
    budget: int
    order: list[int]
    effective: list[float] = field(default_factory=list)  # aligned with ``items``: the candidate scores
    kept: dict[int, str] = field(default_factory=dict)  # index -> reason ("" for a chosen one)
    groups: list[list[int]] = field(default_factory=list)
    next: int = 0  # position in ``order`` of the next candidate
    by_id: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {item.sentence.id: i for i, item in enumerate(self.items)}

    def word_cost(self, group: Sequence[int]) -> int:
        return sum(word_count(self.items[i].sentence.text) for i in group if i not in self.kept)

    def candidate(self) -> tuple[float, list[tuple[int, str]]] | None:
        """The best group not yet tried that fits the sentence budget, with its score."""
        while self.next < len(self.order):
            k = self.order[self.next]
            self.next += 1
            if k in self.kept or self.effective[k] <= 0:
                continue
            group = group_of(k, self.items, self.features, self.by_id)
            new = [(i, r) for i, r in group if i not in self.kept]
            cost = _cost(new)
            if not new or len(self.kept) + cost > self.budget:
                continue
            if any(self.similarity[k, j] > _REDUNDANT for j in self.kept):
                continue
            return self.effective[k], new
        return None

    def keep(self, group: Sequence[tuple[int, str]]) -> None:
        for i, reason in group:
            self.kept[i] = reason
        if any(r.startswith(("lead-in", "item")) for _, r in group):
            self.groups.append(sorted(i for i, _ in group))


def _cost(group: Sequence[tuple[int, str]]) -> int:
    """Sentences a group takes of the unit's budget: a list counts as its lead-in and one more."""
    if any(r.startswith(("lead-in", "item")) for _, r in group):
        return min(len(group), 2)
    return len(group)


def _unit(members: list[Section], idf: dict[str, float], ratio: float, max_sentences: int) -> _Unit:

    items = _items(members)
    n = len(items)
    if n == 0:
        return _Unit(members, [], [], _Similarity([]), 0, [], [])
    headings = {sec.index: terms(" ".join(h for h in (members[0].heading, sec.heading) if h)) for sec in members}
    similarity, heading = _similarity_and_heading(items, headings, idf)
    features = _features(items, similarity, heading)
    by_id = {item.sentence.id: i for i, item in enumerate(items)}
    effective = [effective_score(k, items, features, by_id, PENALTIES["lead-in"]) for k in range(n)]
    order = sorted(range(n), key=lambda k: (-effective[k], k))  # best first, ties to the earlier
    # A folded unit may keep up to ``max_sentences`` per section it holds; the word budget bounds the whole.
    budget = _budget(n, ratio, max_sentences * len(members))
    return _Unit(members, items, features, similarity, budget, order, effective)


def _share_budget(built: Sequence[_Unit], max_words: int | None) -> None:
    """Keep groups: first each unit's best in order of score, then the best remaining overall,
    while the word budget (if any) holds."""
    left = max_words if max_words is not None else math.inf
    first = sorted(((c, u) for u in built if (c := u.candidate()) is not None), key=lambda x: -x[0][0])
    pending: list[tuple[tuple[float, list[tuple[int, str]]], _Unit]] = []
    for (score, group), unit in first:
        cost = unit.word_cost([i for i, _ in group])
        if cost <= left:
            unit.keep(group)
            left -= cost
            pending.append(((score, group), unit))
    active = [u for _, u in pending]
    while active:
        candidates = [(c, u) for u in active if (c := u.candidate()) is not None]
        active = [u for _, u in candidates]
        for (_, group), unit in sorted(candidates, key=lambda x: -x[0][0]):
            cost = unit.word_cost([i for i, _ in group])
            if cost <= left:
                unit.keep(group)
                left -= cost


def _selection(unit: _Unit) -> SectionSelection:
    items = unit.items
    index = unit.members[0].index
    kept = sorted(unit.kept)
    return SectionSelection(
        index=index,
        ranked=tuple(items[k].sentence.id for k in unit.order),
        scores=tuple(unit.effective[k] for k in unit.order),
        kept=tuple(items[k].sentence.id for k in kept),
        members=tuple(sec.index for sec in unit.members),
        features={item.sentence.id: f for item, f in zip(items, unit.features, strict=True)},
        reasons={items[k].sentence.id: unit.kept[k] for k in kept if unit.kept[k]},
        groups=tuple(tuple(items[k].sentence.id for k in g) for g in unit.groups),
    )


def select_letter(
    letter: Letter,
    *,
    ratio: float = DEFAULT_RATIO,
    max_sentences: int = DEFAULT_MAX_SENTENCES,
    max_words: int | None = None,
) -> Selection:
    """Rank the sentences of every unit and keep the best groups within the budgets.

    Args:
        letter: the parsed letter (Dutch).
        ratio: share of each unit's sentences to keep, in (0, 1]; at least one group is tried.
        max_sentences: most sentences kept per unit.
        max_words: the word budget of all kept sentences together (None: `default_word_budget`).

    Returns:
        A `Selection`: per unit every sentence id ranked best first, the scores, the features,
        and the kept ids in source order.

    Raises:
        ConfigError: a budget out of range.
    """
    check_budget(ratio, max_sentences, max_words)
    n_words = letter_words(letter)
    tree = n_words > LONG_LETTER_WORDS
    budget = max_words if max_words is not None else default_word_budget(n_words)
    # Document frequency over every sentence and heading of the letter.
    docs = [terms(s.text) for s in letter.iter_sentences()] + [terms(sec.heading or "") for sec in letter.sections]
    df: dict[str, int] = {}
    for doc in docs:
        for term in set(doc):
            df[term] = df.get(term, 0) + 1
    idf = {term: math.log((1 + len(docs)) / (1 + d)) + 1.0 for term, d in df.items()}
    built = [_unit(members, idf, ratio, max_sentences) for members in units(letter, tree)]
    _share_budget(built, budget)
    return Selection(tuple(_selection(u) if u.items else _empty(u) for u in built), ratio, max_sentences,
                     budget, tree, n_words)


def _empty(unit: _Unit) -> SectionSelection:
    return SectionSelection(unit.members[0].index, (), (), (), tuple(sec.index for sec in unit.members))


def explain(letter: Letter, selection: Selection) -> str:
    """What ``--explain`` prints: per unit, each kept sentence with its features and, where it came
    with another, why."""
    index = letter.sentence_index()
    lines = [f"Selection: {selection.letter_words} words in the letter; "
             + (f"word budget {selection.max_words}" if selection.max_words else "no word budget")
             + ("; briefed per top-level section" if selection.tree else "")]
    for unit in selection.sections:
        if not unit.kept:
            continue
        heading = letter.section(unit.index).heading or "(opening)"
        folded = f" (with sections {', '.join(map(str, unit.members[1:]))})" if len(unit.members) > 1 else ""
        lines.append(f"[{unit.index}] {heading}{folded}")
        for sid in unit.kept:
            why = unit.reasons.get(sid)
            lines.append(f"  {sid}: {unit.features[sid].describe()}" + (f"; kept as {why}" if why else ""))
            lines.append(f"      {index[sid].text}")
    return "\n".join(lines) + "\n"
