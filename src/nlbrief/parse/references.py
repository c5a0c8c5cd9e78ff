"""Citations, motions and commitments found in the sentences, headings and footnotes of a letter."""

from __future__ import annotations

from dataclasses import replace

from ..model.letter import Citation, Commitment, Letter, Motion, Sentence
from ..text.citations import find_citations, find_motions, mentions_commitment, submission_date


class _Collector:
    """Gathers citations (one per dossier and number), motions and commitments."""

    def __init__(self, letter: Letter) -> None:
        self.citations: dict[tuple[str, str | None], Citation] = {}
        self.motions: list[Motion] = []
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
            cites = [c for c in local if c.number] or [
                c for n in s.footnote_refs for c in self.footnote_cites.get(n, []) if c.number
            ]
            cite = _nearest_citation(s.text, mm.start, local) if local else (cites[0] if len(cites) == 1 else None)
            date = mm.date or next(
                (d for n in s.footnote_refs if (d := submission_date(self.notes.get(n, "")))), None
            )
            self.motions.append(_motion(mm.member, cite, date, s.id))
        if mentions_commitment(s.text):
            self.commitments.append(Commitment(s.text, s.id))

    def footnote_motions(self, number: int, text: str, where: str) -> None:
        cites = self.footnote_cites.get(number, [])
        for mm in find_motions(text):
            cite = _nearest_citation(text, mm.start, cites) if cites else None
            self.motions.append(_motion(mm.member, cite, mm.date, where))
        if mentions_commitment(text):
            self.commitments.append(Commitment(text, where))


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


def _nearest_citation(text: str, pos: int, cites: list[Citation]) -> Citation | None:
    """The citation closest before ``pos`` in ``text`` (else the first after it)."""
    spans = [(m.start, m) for m in find_citations(text)]
    before = [m for s, m in spans if s <= pos]
    pick = before[-1] if before else (spans[0][1] if spans else None)
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


def merge_motions(motions: list[Motion]) -> list[Motion]:
    """One entry per motion: mentions of the same member (and paper) are merged, richest first."""
    merged: list[Motion] = []
    for m in motions:
        k = next((k for k, old in enumerate(merged) if _same_motion(m, old)), None)
        if k is None:
            merged.append(m)
            continue
        old = merged[k]
        merged[k] = Motion(old.member, old.dossier or m.dossier, old.number or m.number, old.date or m.date, old.where)
    return merged
