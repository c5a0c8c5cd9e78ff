"""Self-contained selection: the sentences that must come with a sentence for it to stand alone.

Pure functions over a unit's sentences (`Item`) and their `Features`; `nlbrief.select` calls
`group_of` for each candidate. The rules (issue 11, from reading Kamerbrieven):

- a sentence that leans on the one before it (Dit, Deze, Daarnaast, Ook, In dat gesprek, De tweede
  motie, Hiermee ...: `nlbrief.salience.depends_on_previous`) comes with it, up to two back, within
  its section;
- a question (direct, or a member's reported question) comes with its answer, the next sentence,
  and is not briefed without one; an answer right after a question brings the question;
- a list comes whole, its lead-in and its items, or not at all: a list the parser marked
  (``Paragraph.kind`` "list" with ``lead_in``), or items recognised by their markers (dashes,
  bullets, numbers) after a lead-in that ends in a colon. Lists longer than `MAX_LIST_ITEMS` are
  not briefed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import salience

if TYPE_CHECKING:
    from .model.letter import Paragraph, Section, Sentence

#: A list is briefed whole (lead-in and items) or not at all; longer lists are not briefed.
MAX_LIST_ITEMS = 8

Group = list[tuple[int, str]]  # (index in the unit, why it came along; "" for the candidate itself)


@dataclass(frozen=True)
class Features:
    """Why a sentence scored what it did (``--explain`` prints these)."""

    centrality: float
    heading: float
    position: float
    cues: tuple[str, ...]
    cue: float
    penalties: tuple[str, ...]
    excluded: str | None
    score: float

    def describe(self) -> str:
        """One line: the score, then each feature."""
        out = [f"score {self.score:.3f}", f"centrality {self.centrality:.2f}", f"heading {self.heading:.2f}",
               f"position {self.position:.1f}"]
        if self.cues:
            out.append("cues " + "+".join(self.cues))
        if self.penalties:
            out.append("lowered: " + "+".join(self.penalties))
        if self.excluded:
            out.append("never selected: " + self.excluded)
        return ", ".join(out)


@dataclass(frozen=True)
class Item:
    """One sentence of a unit, where it sits, and its position feature."""

    sentence: Sentence
    section: Section
    paragraph: Paragraph
    position: float


def _same_section(items: Sequence[Item], a: int, b: int) -> bool:
    return items[a].section is items[b].section


def _bullet_run(k: int, items: Sequence[Item]) -> list[int]:
    """The consecutive list items (by their markers) around ``k`` within its section."""
    def item(j: int) -> bool:
        return _same_section(items, j, k) and salience.is_list_item(items[j].sentence.text)

    start, end = k, k
    while start > 0 and item(start - 1):
        start -= 1
    while end + 1 < len(items) and item(end + 1):
        end += 1
    return list(range(start, end + 1))


def _unmarked_list(k: int, items: Sequence[Item]) -> tuple[int | None, list[int]] | None:
    """A list the parser did not mark: (lead-in, items) for an item (by its marker) or a lead-in
    (it ends in a colon), else None."""
    text = items[k].sentence.text
    if salience.is_list_item(text):
        run = _bullet_run(k, items)
        before = run[0] - 1
        lead = before if before >= 0 and _same_section(items, before, k) \
            and salience.is_lead_in(items[before].sentence.text) else None
        if lead is None and len(run) == 1:
            return None  # one marked paragraph among prose ("• Niet afwentelen ..."): a sentence like any
        return lead, run
    if not salience.is_lead_in(text):
        return None
    nxt = k + 1
    if nxt >= len(items) or not _same_section(items, nxt, k):
        return k, []
    if salience.is_list_item(items[nxt].sentence.text):
        return k, _bullet_run(nxt, items)
    # No markers: the items are the next paragraph when the lead-in ends its own.
    if items[nxt].paragraph is items[k].paragraph:
        return k, []
    return k, [j for j in range(nxt, len(items)) if items[j].paragraph is items[nxt].paragraph]


def _marked_list(k: int, items: Sequence[Item], by_id: Mapping[str, int]) -> tuple[int | None, list[int]] | None:
    """A list the parser marked that ``k`` is an item or the lead-in of: (lead-in, items)."""
    item = items[k]
    para = item.paragraph
    if para.kind == "list":
        lead = by_id.get(para.lead_in) if para.lead_in is not None else None
        return lead, [by_id[s.id] for s in para.sentences if s.id in by_id]
    for p in item.section.paragraphs:
        if p.kind == "list" and p.lead_in == item.sentence.id:
            return k, [by_id[s.id] for s in p.sentences if s.id in by_id]
    return None


def list_group(k: int, items: Sequence[Item], by_id: Mapping[str, int]) -> Group | None:
    """The list ``k`` belongs to: lead-in first, then the items; None when ``k`` is no part of a
    list; [] when the list cannot be briefed whole (no items, too long)."""
    found = _marked_list(k, items, by_id) or _unmarked_list(k, items)
    if found is None:
        return None
    lead, members = found
    if not members or len(members) > MAX_LIST_ITEMS:
        return []
    head = [(lead, "lead-in of a list")] if lead is not None else []
    return head + [(j, "item of a list") for j in members if j != lead]


def _antecedents(k: int, items: Sequence[Item], features: Sequence[Features]) -> Group:
    out: Group = []
    j = k
    # Up to two sentences back, within the section: "Dit ..." after "Daarnaast ..." after the claim.
    while len(out) < 2 and j > 0 and "depends" in features[j].penalties and _same_section(items, j - 1, k):
        j -= 1
        out.insert(0, (j, f"antecedent of {items[k].sentence.id}"))
    return out


def _question_and_answer(k: int, first: int, items: Sequence[Item], features: Sequence[Features]) -> Group | None:
    """For a question its answer (None: it has none); for a sentence right after a question (and
    ``first`` of its group) that question."""
    sid = items[k].sentence.id
    if "question" in features[k].penalties:
        nxt = k + 1
        if nxt >= len(items) or not _same_section(items, nxt, k) or "question" in features[nxt].penalties:
            return None
        return [(nxt, f"answer to {sid}")]
    before = first - 1
    if first == k and before >= 0 and _same_section(items, before, k) and "question" in features[before].penalties:
        return [(before, f"question answered by {sid}")]
    return []


def group_of(k: int, items: Sequence[Item], features: Sequence[Features], by_id: Mapping[str, int]) -> Group:
    """The sentences that must come with sentence ``k`` for it to stand on its own, ``k`` included,
    in letter order; [] when it cannot stand at all (an excluded companion, a list too long, a
    question without an answer)."""
    listed = list_group(k, items, by_id)
    if listed is not None:
        return listed if all(features[j].excluded is None for j, _ in listed) else []
    before = _antecedents(k, items, features)
    qa = _question_and_answer(k, before[0][0] if before else k, items, features)
    if qa is None:
        return []
    group = sorted([*before, (k, ""), *qa])
    return [] if any(features[i].excluded for i, _ in group) else group


def effective_score(k: int, items: Sequence[Item], features: Sequence[Features], by_id: Mapping[str, int],
                    lead_in_penalty: float) -> float:
    """What a sentence is worth as a candidate: its score; for a part of a list that can be briefed
    whole, the best score in the list, its lead-in counted without ``lead_in_penalty`` (the items
    say what it means)."""
    if features[k].score <= 0:
        return 0.0
    listed = list_group(k, items, by_id)
    if not listed:
        return features[k].score
    return max(features[i].score / (lead_in_penalty if "lead-in" in features[i].penalties else 1.0)
               for i, _ in listed)
