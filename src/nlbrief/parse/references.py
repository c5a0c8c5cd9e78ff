"""Citations, motions and commitments found in the sentences, headings and footnotes of a letter."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import replace
from typing import TypeVar

from ..model.letter import Citation, Commitment, Letter, Motion, Sentence
from ..text.citations import (
    SESSION_SERIES,
    CitationMatch,
    find_citations,
    find_motions,
    mentions_commitment,
    submission_date,
)

_C = TypeVar("_C", Citation, CitationMatch)


class _Collector:
    """Gathers citations (one per dossier and number), motions and commitments."""

    def __init__(self, letter: Letter) -> None:
        self.citations: dict[tuple[str, str | None], Citation] = {}
        # each motion with its group: motions named together ("twee moties van ...") never merge
        self.motions: list[tuple[Motion, int | None]] = []
        self.commitments: list[Commitment] = []
        self.notes = {fn.number: fn.text for fn in letter.footnotes}
        self.footnote_cites: dict[int, list[Citation]] = {}

    def add_citations(self, text: str, where: str, matches: list[CitationMatch] | None = None) -> list[Citation]:
        """The citations in ``text`` (``matches``: its `find_citations`, when already found),
        recorded once per paper (the first place that cites it, with the session where any
        mention gives it)."""
        found = []
        for c in find_citations(text) if matches is None else matches:
            cit = Citation(c.text, c.session, c.dossier, c.number, where)
            # A dossier and number name one paper; the Handelingen restart their numbers every
            # session and have items within a number, so there the whole citation does.
            key = (c.text, c.number) if c.dossier in SESSION_SERIES else (c.dossier, c.number)
            old = self.citations.get(key)
            if old is None:
                self.citations[key] = cit
            elif old.session is None and c.session:
                self.citations[key] = Citation(cit.text, cit.session, cit.dossier, cit.number, old.where)
            found.append(cit)
        return found

    def sentence(self, s: Sentence) -> None:
        matches = find_citations(s.text)  # once per sentence, not once per motion
        # a motion's paper is a Kamerstuk, never the proceedings of the debate it was moved in
        local = _papers(self.add_citations(s.text, s.id, matches))
        cited = _Cited(s.text, _papers(matches), local)
        for mm in find_motions(s.text):
            noted = [c for n in s.footnote_refs for c in self.footnote_cites.get(n, []) if c.number]
            date = mm.date or self._noted_date(s)
            member = _as_printed(s.text, mm.member, mm.end)
            cites = [c for c in local if c.number] or noted
            count = _count_before(s.text, mm.start)
            if count > 1:  # "twee moties van het lid El Abassi": each its own, with its own paper
                group = len(self.motions)
                for k in range(count):
                    cite = cites[k] if len(cites) >= count else None
                    self.motions.append((_motion(member, cite, date, s.id), group))
                continue
            cite = cited.nearest(mm.start, mm.end) if local else _only(cites)
            self.motions.append((_motion(member, cite, date, s.id), None))
        if mentions_commitment(s.text):
            self.commitments.append(Commitment(s.text, s.id))

    def _noted_date(self, s: Sentence) -> str | None:
        """The submission date a note of ``s`` gives ("Ingediend d.d. 12 maart 2024.")."""
        return next((d for n in s.footnote_refs if (d := submission_date(self.notes.get(n, "")))), None)

    def heading_motions(self, heading: str, where: str) -> None:
        """A motion named in a heading ("Motie Heerema-Rog (steekproef reclame)") counts."""
        for mm in find_motions(heading):
            self.motions.append((_motion(_as_printed(heading, mm.member, mm.end), None, mm.date, where), None))

    def footnote_motions(self, number: int, text: str, where: str) -> None:
        cites = self.footnote_cites.get(number, [])
        cited = _Cited(text, _papers(find_citations(text)) if cites else [], cites)
        for mm in find_motions(text):
            cite = cited.nearest(mm.start, mm.end) if cites else None
            self.motions.append((_motion(_as_printed(text, mm.member, mm.end), cite, mm.date, where), None))
        if mentions_commitment(text):
            self.commitments.append(Commitment(text, where))


# A joint motion: "motie-Cramer/Roefs", "de motie Bontenbal/Grinwis", "Motie Kaya en Van Oosten".
_NAME = r"(?:[A-Z][\w'’-]*\s+)?(?:(?:van|de|der|den|ter|ten)\s+)*[A-Z][\w'’-]*"
_JOINT_RE = re.compile(rf"(?:\s*/\s*{_NAME}|\s+en\s+(?=[A-Z]){_NAME})+")
_COUNT_RE = re.compile(r"\b(twee|drie|vier|vijf|beide)\s+$", re.IGNORECASE)
_COUNTS = {"twee": 2, "beide": 2, "drie": 3, "vier": 4, "vijf": 5}


def _as_printed(text: str, member: str | None, end: int) -> str | None:
    """The member(s) as printed: a joint motion's other names after a slash kept."""
    if member is None:
        return None
    joint = _JOINT_RE.match(text, end)
    if not joint or " en " in member:
        return member
    return member + re.sub(r"\s*/\s*", "/", joint.group(0))


def _count_before(text: str, start: int) -> int:
    """How many motions "twee moties van ..." names (1 when no number word stands before)."""
    m = _COUNT_RE.search(text[max(0, start - 12) : start])
    return _COUNTS[m.group(1).lower()] if m else 1


def _papers(cites: list[_C]) -> list[_C]:
    """The Kamerstukken among citations: a motion's paper is never the proceedings (Handelingen)
    of the debate it was moved in, nor an Aanhangsel."""
    return [c for c in cites if c.dossier not in SESSION_SERIES]


def _only(cites: list[Citation]) -> Citation | None:
    """The one citation, when there is exactly one."""
    return cites[0] if len(cites) == 1 else None


def _motion(member: str | None, cite: Citation | None, date: str | None, where: str) -> Motion:
    return Motion(member, cite.dossier if cite else None, cite.number if cite else None, date, where)


def with_references(letter: Letter) -> Letter:
    """``letter`` with the citations, motions and commitments found in its sentences, headings
    and footnotes."""
    col = _Collector(letter)
    for fn in letter.footnotes:
        col.footnote_cites[fn.number] = _papers(col.add_citations(fn.text, fn.id))
    for sec in letter.sections:
        if sec.heading:
            col.add_citations(sec.heading, sec.heading_id)
            col.heading_motions(sec.heading, sec.heading_id)
        for s in sec.sentences:
            col.sentence(s)
    for fn in letter.footnotes:
        col.footnote_motions(fn.number, fn.text, fn.id)
    own = letter.kamerstuk
    # the letter's own paper is its identifier (metadata), never one of its citations
    cites = [
        c for c in col.citations.values()
        if own is None or not (c.number == own.number and c.dossier in own.dossiers)
    ]
    return replace(
        letter,
        citations=tuple(cites),
        motions=tuple(merge_motions(col.motions)),
        commitments=tuple(col.commitments),
    )


class _Cited:
    """The citations of one text, found once, for the motions named in it: looking them up again
    per motion made parsing quadratic in the number of motions."""

    def __init__(self, text: str, matches: list[CitationMatch], cites: list[Citation]) -> None:
        self.text = text
        self.matches = sorted(matches, key=lambda m: m.start)
        self.starts = [m.start for m in self.matches]
        self.by_paper: dict[tuple[str, str | None], Citation] = {}
        for c in cites:
            self.by_paper.setdefault((c.dossier, c.number), c)

    def nearest(self, pos: int, end: int) -> Citation | None:
        """The citation of the motion named at ``pos:end``: the one right after the name ("(motie
        Koopmans) (Kamerstuk 27 658, nr. 41)"), else the closest before, else the first."""
        pick = None
        for k in range(bisect_left(self.starts, end), bisect_right(self.starts, end + 30)):
            if "motie" not in self.text[end:self.starts[k]].lower():
                pick = self.matches[k]
                break
        if pick is None and self.matches:
            k = bisect_right(self.starts, pos)
            pick = self.matches[k - 1] if k else self.matches[0]
        return self.by_paper.get((pick.dossier, pick.number)) if pick is not None else None


def _same_motion(a: Motion, b: Motion) -> bool:
    """Two mentions of one motion: the same member, and no paper that tells them apart."""
    same_member = bool(a.member and b.member and a.member.lower() == b.member.lower())
    compatible = (not a.number or not b.number or a.number == b.number) and (
        not a.dossier or not b.dossier or a.dossier == b.dossier
    )
    return same_member and compatible


class _MemberMotions:
    """The merged motions of one member, indexed so that finding the first one a new mention
    belongs to takes near-constant time (comparing every motion with every other was quadratic).

    A mention carries a paper (dossier and number), a dossier only, or nothing; it joins the first
    entry it is compatible with (`_same_motion`) outside its own group. Entries with both parts
    are looked up by paper, entries by dossier; the few with a part missing are scanned. Lists
    hold indexes in order; skipping the entries of a mention's own group takes at most a few steps
    (a group is "twee/drie/vier/vijf moties" of one sentence).
    """

    def __init__(self) -> None:
        self.order: list[int] = []
        self.full: dict[tuple[str, str], list[int]] = {}
        self.by_dossier: dict[str, list[int]] = {}
        self.partial: list[int] = []

    def find(self, m: Motion, group: int | None, merged: list[tuple[Motion, int | None]]) -> int | None:
        """The index of the first entry ``m`` (named in ``group``) belongs to, or None."""
        def allowed(k: int) -> bool:
            return group is None or merged[k][1] != group

        if not m.dossier and not m.number:
            candidates = self.order  # compatible with every entry of the member
        elif m.dossier and m.number:
            candidates = self.full.get((m.dossier, m.number), [])
        elif m.dossier:
            candidates = self.by_dossier.get(m.dossier, [])
        else:  # a number without a dossier: citations always have one, so this is rare
            candidates = [k for k in self.order if _same_motion(m, merged[k][0])]
        indexed = next((k for k in candidates if allowed(k)), None)
        scanned = [k for k in self.partial if allowed(k) and _same_motion(m, merged[k][0])]
        found = scanned + ([indexed] if indexed is not None else [])
        return min(found) if found else None

    def record(self, k: int, motion: Motion, *, new: bool, was: Motion | None = None) -> None:
        if new:
            self.order.append(k)
        if motion.dossier and motion.number and not (was and was.dossier and was.number):
            if not new:
                self.partial.remove(k)
            insort(self.full.setdefault((motion.dossier, motion.number), []), k)
        elif new:
            self.partial.append(k)
        if motion.dossier and not (was and was.dossier):
            insort(self.by_dossier.setdefault(motion.dossier, []), k)


def merge_motions(motions: list[tuple[Motion, int | None]]) -> list[Motion]:
    """One entry per motion: mentions of the same member (and paper) are merged, richest first;
    motions named together (the same group) stay apart. Linear in the number of mentions (see
    `_MemberMotions`)."""
    merged: list[tuple[Motion, int | None]] = []
    members: dict[str, _MemberMotions] = {}
    for m, group in motions:
        if not m.member:
            merged.append((m, group))  # a motion without a member is never merged
            continue
        index = members.setdefault(m.member.lower(), _MemberMotions())
        k = index.find(m, group, merged)
        if k is None:
            merged.append((m, group))
            index.record(len(merged) - 1, m, new=True)
            continue
        old, g = merged[k]
        new = Motion(old.member, old.dossier or m.dossier, old.number or m.number, old.date or m.date, old.where)
        merged[k] = (new, g)
        index.record(k, new, new=False, was=old)
    return [m for m, _ in merged]
