"""Dutch-language facts nlbrief relies on: month names, dates, abbreviations. Pure functions."""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS_NL: dict[str, int] = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
MONTHS_EN: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
# Abbreviated months as they appear in footnotes and tables ("9 feb. 2023").
MONTH_ABBREVIATIONS_NL: dict[str, int] = {
    "jan": 1, "feb": 2, "febr": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}

_MONTH_RE = "|".join(sorted(MONTHS_NL, key=len, reverse=True))
#: "16 mei 2024", "4–5 maart 2024" (the first day of a range is kept apart), "1 maart" (no year).
DATE_RE = re.compile(
    rf"\b(?P<day>[0-3]?\d)(?:\s*[–-]\s*(?P<day2>[0-3]?\d))?\s+(?P<month>{_MONTH_RE})"
    rf"(?:\s+(?P<year>(?:19|20)\d\d))?\b",
    re.IGNORECASE,
)

#: Abbreviations of the genre that end in a full stop but do not end a sentence.
ABBREVIATIONS: frozenset[str] = frozenset(
    """
    jl as nr nrs o.a d.d i.v.m t.a.v m.b.t bijv e.a resp art mr dr drs prof blz ir ing
    i.c ca vs etc enz e.d d.w.z z.g.n zgn m.i.v m.n t.b.v i.s.m i.o.m p.m a.s z.s.m o.b.v
    v.w.b i.h.k.v i.p.v incl excl min sr jr mevr dhr kst vgl zie evt mld mln mrd
    bv nl ggz pag par lid sub red e.v a.i c.s
    """.split()
)


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    text: str
    iso: str | None  # None when the year is missing
    day: int
    month: int
    year: int | None


def find_dates(text: str) -> list[DateMatch]:
    """Every Dutch date in ``text`` ("16 mei 2024", "4–5 maart 2024"), with its ISO form."""
    found: list[DateMatch] = []
    for m in DATE_RE.finditer(text):
        day = int(m.group("day"))
        month = MONTHS_NL[m.group("month").lower()]
        year = int(m.group("year")) if m.group("year") else None
        if not 1 <= day <= 31:
            continue
        iso = f"{year:04d}-{month:02d}-{day:02d}" if year else None
        found.append(DateMatch(m.start(), m.end(), m.group(0), iso, day, month, year))
    return found


def parse_date(text: str) -> str | None:
    """The ISO form of the first complete Dutch date in ``text``, or None."""
    for match in find_dates(text):
        if match.iso:
            return match.iso
    return None


def date_to_english(match: DateMatch) -> str:
    """Render a Dutch date in English: "16 mei 2024" -> "16 May 2024", "4–5 maart" -> "4–5 March"."""
    m = DATE_RE.fullmatch(match.text)
    days = str(match.day)
    if m and m.group("day2"):
        days = f"{match.day}–{int(m.group('day2'))}"
    out = f"{days} {MONTHS_EN[match.month - 1]}"
    return f"{out} {match.year}" if match.year else out
