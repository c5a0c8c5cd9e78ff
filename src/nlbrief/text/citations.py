"""Citations of parliamentary papers, motions and commitments in Kamerbrief text. Pure functions.

Parliamentary papers are cited in many shapes: "Kamerstukken 2023/2024, 32 317, nr. 872",
"Kamerstukken II 2009/10, 32 123 XVI, nr. 30", "Kamerstuk 33009, nr. 117", "kst. 29 247, nr. 480",
"Tweede Kamer, vergaderjaar 2017-2018, 31 293/31 289, nr. 390". They are normalised to
``Kamerstukken <session>, <dossier>, nr. <number>`` with session "2023/2024" and dossier "32 317".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dutch import parse_date

_PREFIX = (
    r"(?:Kamerstukken|Kamerstuk|Kst\.|kst\.|KST\.?|Tweede\s+Kamer,\s+vergaderjaar|"
    r"Handelingen|Eerste\s+Kamer,\s+vergaderjaar)"
)
_DOSSIER = r"\d{2}\s?\d{3}(?:[ -](?:[IVXLC]{1,6}|[A-Z](?![\w.]))(?![\w]))?"
CITATION_RE = re.compile(
    rf"(?P<prefix>{_PREFIX})"
    r"(?:\s+(?P<chamber>II|I)(?=\s))?"
    r"(?:\s*,?\s*(?P<session>(?:19|20)\d\d\s*[/–-]\s*(?:(?:19|20)\d\d|\d\d))(?!\d))?"
    r"\s*,?\s*"
    rf"(?P<dossier>{_DOSSIER})(?:\s*/\s*(?P<dossier2>{_DOSSIER}))?"
    r"(?:\s*,\s*|\s+)(?:(?:nr|nrs|nummer)\.?\s*(?P<number>\d+[A-Za-z]?)"
    r"(?:\s*(?:en|,)\s*(?P<number2>\d+[A-Za-z]?)(?!\s*[/.]?\d))?)?"
)

# A member's name: capitalised words and the particles between them ("Van der Staaij",
# "Westerveld-Van den Hul", "El Abassi"), joined by spaces or hyphens.
_PARTICLE = r"(?:van|de|der|den|ter|ten|te|in\s+'t|van\s+'t)"
_NAME_TOKEN = rf"(?:[A-Z][\w'’]*(?:\.(?=[\s-]))?|{_PARTICLE}(?=[\s-]+[A-Za-z]))"
_NAME = rf"[A-Z][\w'’]*(?:[\s-]+{_NAME_TOKEN}){{0,5}}"
MOTION_RE = re.compile(
    rf"\b[Mm]oties?\b(?:\s+van)?\s+(?:(?:het|de)\s+)?(?:lid|leden)\s+"
    rf"(?P<members>{_NAME}(?:\s*(?:,|en)\s*{_NAME})*)(?:\s+c\.s\.)?"
    rf"|\b[Mm]otie[- ](?P<short>{_NAME})(?:\s+c\.s\.)?"
)
_COMMITMENT_RE = re.compile(
    r"\b(?:toezegging(?:en)?|toegezegd|toe\s+te\s+zeggen|zeg(?:t|gen)?\s+(?:ik|wij|we|het\s+kabinet)\s+toe|"
    r"(?:ik|wij|we|het\s+kabinet)\s+zeg(?:t|gen)?\s+toe)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CitationMatch:
    start: int
    end: int
    raw: str
    text: str  # normalised
    session: str | None
    dossier: str
    number: str | None


def normalise_session(raw: str) -> str:
    """ "2009/10" -> "2009/2010", "2017-2018" -> "2017/2018"."""
    first, second = re.split(r"\s*[/–-]\s*", raw.strip())
    if len(second) == 2:
        second = first[:2] + second
    return f"{first}/{second}"


def normalise_dossier(raw: str) -> str:
    """ "33009" -> "33 009", "32 123XVI" -> "32 123 XVI"."""
    m = re.match(r"(\d{2})\s?(\d{3})(?:[ -]?(.+))?$", raw.strip())
    if not m:
        return raw.strip()
    base = f"{m.group(1)} {m.group(2)}"
    return f"{base} {m.group(3).strip()}" if m.group(3) else base


def find_citations(text: str) -> list[CitationMatch]:
    """Every parliamentary-paper citation in ``text`` (one per number when "nrs. 1 en 2")."""
    found: list[CitationMatch] = []
    for m in CITATION_RE.finditer(text):
        if m.group("prefix").startswith("Handelingen") and not m.group("number"):
            continue
        session = normalise_session(m.group("session")) if m.group("session") else None
        dossiers = [normalise_dossier(m.group("dossier"))]
        if m.group("dossier2"):
            dossiers.append(normalise_dossier(m.group("dossier2")))
        dossier = " / ".join(dossiers)
        numbers: list[str | None] = [m.group("number")] if m.group("number") else [None]
        if m.group("number2"):
            numbers.append(m.group("number2"))
        for number in numbers:
            norm = f"Kamerstukken {session}, {dossier}" if session else f"Kamerstukken {dossier}"
            if number:
                norm += f", nr. {number}"
            found.append(CitationMatch(m.start(), m.end(), m.group(0), norm, session, dossier, number))
    return found


@dataclass(frozen=True)
class MotionMatch:
    start: int
    end: int
    member: str | None
    date: str | None


def find_motions(text: str) -> list[MotionMatch]:
    """Motions named in ``text`` ("de motie van het lid Eerdmans", "motie-Rog"), with a date if given."""
    found: list[MotionMatch] = []
    for m in MOTION_RE.finditer(text):
        member = m.group("members") or m.group("short")
        if member:
            member = re.sub(r"\s+", " ", member).strip().rstrip(",.;:")
            # Words after the name that are not part of it ("Keijzer hierover") are lower case and
            # already excluded; a trailing capitalised sentence opener is not a name.
            member = re.sub(r"[\s-]+(?:In|De|Het|Een|Dit|Deze|Daarom|Ook|Met|Ik)$", "", member)
            member = re.sub(r"[\s-]+(?:van|de|der|den|ter|ten|te)$", "", member).rstrip(",.;: ")
        # The date it was submitted, when the same sentence gives it right after the name.
        tail = re.split(r";|\.\s+[A-Z]", text[m.end() : m.end() + 130], maxsplit=1)[0]
        found.append(MotionMatch(m.start(), m.end(), member, submission_date(tail)))
    return found


_SUBMITTED_RE = re.compile(
    r"(?:\b(?:ingediend|aangenomen)\b(?:\s+(?:op|d\.d\.|tijdens[^.]{0,60}?op))?|\bd\.d\.)\s+(.{0,40})", re.I
)


def submission_date(text: str) -> str | None:
    """The date a motion was submitted, from a note such as "Ingediend d.d. 12 maart 2024."."""
    m = _SUBMITTED_RE.search(text)
    return parse_date(m.group(1)) if m else None


def mentions_commitment(text: str) -> bool:
    """Whether a sentence mentions a commitment (toezegging) to parliament."""
    return bool(_COMMITMENT_RE.search(text))
