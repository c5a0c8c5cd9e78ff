"""Citations, motions and commitments found in the sentences, headings and footnotes of a letter."""

from __future__ import annotations

import re
from dataclasses import replace

from ..model.letter import Citation, Commitment, Letter, Motion, Sentence
from ..text.citations import find_citations, find_motions, mentions_commitment, submission_date


class _Collector:
    """Gathers citations (one per dossier and number), motions and commitments."""

    def __init__(self, letter: Letter) -> None:
        self.citations: dict[tuple[str, str | None], Citation] = {}
        # each motion with its group: motions named together ("twee moties van ...") never merge
        self.motions: list[tuple[Motion, int | None]] = []
        self.commitments: list[Commitment] = []
        self.notes = {fn.number: fn.text for fn in letter.footnotes}
        self.footnote_cites: dict[int, list[Citation]] = {}

    def add_citations(self, text: str, where: str) -> list[Citation]:
        """The citations in ``text``, recorded once per paper (the first place that cites it,
        with the session where any mention gives it)."""
        found = []
        for c in find_citations(text):
            cit = Citation(c.text, c.session, c.dossier, c.number, where)
            key = (c.dossier, c.number)
            old = self.citations.get(key)
            if old is None:
                self.citations[key] = cit
            elif old.session is None and c.session:
                self.citations[key] = Citation(cit.text, cit.session, cit.dossier, cit.number, old.where)
            found.append(cit)
        return found

    def sentence(self, s: Sentence) -> None:
        local = self.add_citations(s.text, s.id)
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
            cite = _nearest_citation(s.text, mm.start, mm.end, local) if local else _only(cites)
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
        for mm in find_motions(text):
            cite = _nearest_citation(text, mm.start, mm.end, cites) if cites else None
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
        col.footnote_cites[fn.number] = col.add_citations(fn.text, fn.id)
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


def _nearest_citation(text: str, pos: int, end: int, cites: list[Citation]) -> Citation | None:
    """The citation of the motion named at ``pos:end`` in ``text``: the one right after the name
    ("(motie Koopmans) (Kamerstuk 27 658, nr. 41)"), else the closest before, else the first."""
    spans = [(m.start, m) for m in find_citations(text)]
    right_after = [m for s, m in spans if end <= s <= end + 30 and "motie" not in text[end:s].lower()]
    before = [m for s, m in spans if s <= pos]
    pick = right_after[0] if right_after else before[-1] if before else (spans[0][1] if spans else None)
    if pick is None:
        return None
    for c in cites:
        if c.dossier == pick.dossier and c.number == pick.number:
            return c
    return None


def _same_motion(a: Motion, b: Motion) -> bool:
    """Two mentions of one motion: the same member, and no paper that tells them apart."""
    same_member = bool(a.member and b.member and a.member.lower() == b.member.lower())
    compatible = (not a.number or not b.number or a.number == b.number) and (
        not a.dossier or not b.dossier or a.dossier == b.dossier
    )
    return same_member and compatible


def merge_motions(motions: list[tuple[Motion, int | None]]) -> list[Motion]:
    """One entry per motion: mentions of the same member (and paper) are merged, richest first;
    motions named together (the same group) stay apart."""
    merged: list[tuple[Motion, int | None]] = []
    for m, group in motions:
        k = next(
            (k for k, (old, g) in enumerate(merged) if (group is None or g != group) and _same_motion(m, old)),
            None,
        )
        if k is None:
            merged.append((m, group))
            continue
        old, g = merged[k]
        merged[k] = (Motion(old.member, old.dossier or m.dossier, old.number or m.number, old.date or m.date, old.where), g)
    return [m for m, _ in merged]
