"""The letter's own parliamentary paper, as the official web edition prints it above the letter.

Shapes seen on officielebekendmakingen.nl and rijksbegroting.nl (each line may stand alone):

* ``21 501-20 Europese Raad`` / ``Nr. 865 BRIEF VAN DE MINISTER-PRESIDENT ...`` (dossier and
  title on one line, then the number);
* ``31 700 IXB`` / ``Vaststelling van de begrotingsstaten ...`` / ``nr. 10`` / ``BRIEF VAN ...``
  (the older layout, under a flattened table ``Tweede Kamer der Staten-Generaal2008-200931700-IXB
  nr. 10`` that holds the session);
* ``Vaststelling begroting Infrastructuurfonds 2018`` / ``34775 A 52 BRIEF VAN ...`` /
  ``Vergaderjaar 2017-2018`` / ``Nr. 52`` (rijksbegroting: the title above the header line);
* two dossiers for one letter (two dossier lines before the number), and Eerste Kamer papers,
  whose numbers are letters (``Nr. A``, ``34 550, A``).

These lines are letterhead (metadata), never body text and never a citation.
"""

from __future__ import annotations

import re

from ..model.letter import Kamerstuk

# "21 501-20", "31 700 IXB", "34775 A", "35 300 V", "36 410" (a dossier starts a line)
_DOSSIER = r"(?P<dossier>\d{2}\s?\d{3}(?:-\d{1,3})?(?:[ -](?:[IVXLC]{1,6}[A-Z]?|[A-Z]))?)"
_DOSSIER_LINE_RE = re.compile(rf"^{_DOSSIER}(?:\s+(?P<title>\S.*))?$")
_NUMBER = r"(?P<number>\d{1,4}[a-z]?|[A-Z]{1,2})"
_NUMBER_LINE_RE = re.compile(rf"^[Nn]r\.?\s*{_NUMBER}(?:\s+(?P<brief>(?:BRIEF|Brief)\b.*))?$")
# "34775 A 52 BRIEF VAN DE MINISTER ..." (rijksbegroting) and "34 550, A BRIEF VAN ..."
_HEADER_LINE_RE = re.compile(rf"^{_DOSSIER},?\s+{_NUMBER}\s+(?:BRIEF|Brief)\b")
_BRIEF_RE = re.compile(r"^(?:BRIEF|Brief)\s+VAN\b|^BRIEF\b")
_SESSION_RE = re.compile(r"(?:[Vv]ergaderjaar\s+|Generaal)((?:19|20)\d\d)\s*[-–/]\s*((?:19|20)\d\d|\d\d(?!\d))")
_FIRST_KAMER_RE = re.compile(r"\bEerste\s+Kamer\b")
_STOP_RE = re.compile(r"^(?:Aan\s+)?(?:de|De)\s+[Vv]oorzitter\b|^[A-Z][\w' .-]{1,40},\s+\d{1,2}\s+\w+\s+\d{4}$")


def _dossier(raw: str) -> str:
    """"34775 A" -> "34 775 A", "21 501-20" stays: the spaced form papers are cited by."""
    raw = re.sub(r"\s+", " ", raw.strip())
    return re.sub(r"^(\d{2})\s?(\d{3})", r"\1 \2", raw)


class _Header:
    """What the header lines say so far."""

    def __init__(self, head: list[str]) -> None:
        self.head = head
        self.dossiers: list[str] = []
        self.title: str | None = None
        self.number: str | None = None
        self.session: str | None = None

    def read(self, k: int, t: str) -> None:
        """Take in header line ``k`` (text ``t``)."""
        sm = _SESSION_RE.search(t)
        if sm and self.session is None:
            self.session = f"{sm.group(1)}/{sm.group(2)[-2:]}"
        if self.number is not None:
            return
        hm = _HEADER_LINE_RE.match(t)
        nm = _NUMBER_LINE_RE.match(t)
        dm = _DOSSIER_LINE_RE.match(t)
        if hm:
            self.dossiers.append(_dossier(hm.group("dossier")))
            self.number = hm.group("number")
            self.title = self.title or _title_above(self.head, k)
        elif nm and self.dossiers:
            self.number = nm.group("number")
        elif dm and not _BRIEF_RE.search(t):
            self.dossiers.append(_dossier(dm.group("dossier")))
            self.title = self.title or dm.group("title") or _title_below(self.head, k)


def find_kamerstuk(lines: list[str]) -> Kamerstuk | None:
    """The paper printed above the letter in ``lines`` (the letterhead, in order), or None when
    no dossier with a paper number is printed there (house-style letters)."""
    head: list[str] = []
    to_first = False  # the paper is the Eerste Kamer's
    for t in lines:
        to_first = to_first or bool(_FIRST_KAMER_RE.search(t))
        if _STOP_RE.match(t):
            break
        head.append(t)
    header = _Header(head)
    for k, t in enumerate(head):
        header.read(k, t)
    number = header.number
    if not header.dossiers or number is None:
        return None
    chamber = "I" if number.isalpha() and number.isupper() or to_first else "II"
    return Kamerstuk(chamber, header.session, tuple(header.dossiers), number, header.title)


def _title_below(head: list[str], k: int) -> str | None:
    """The dossier title on the line after a bare dossier number ("31 700 IXB" / "Vaststelling ...")."""
    if k + 1 < len(head):
        nxt = head[k + 1]
        if not (_NUMBER_LINE_RE.match(nxt) or _DOSSIER_LINE_RE.match(nxt) or _BRIEF_RE.match(nxt)):
            return nxt
    return None


def _title_above(head: list[str], k: int) -> str | None:
    """The title printed above a "34775 A 52 BRIEF VAN ..." line (rijksbegroting)."""
    if k == 0:
        return None
    prev = head[k - 1]
    if _SESSION_RE.search(prev) or _NUMBER_LINE_RE.match(prev) or "PDF" in prev or prev.endswith("menu."):
        return None
    return prev

