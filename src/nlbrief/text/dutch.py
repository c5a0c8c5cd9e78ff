"""Dutch-language facts nlbrief relies on: month names, dates, abbreviations, stop words, and the
Snowball stemmer. Pure functions."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

MONTHS_NL: dict[str, int] = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
MONTHS_EN: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
#: The short forms of the months in common Dutch use ("7 sept. 2013", "12 okt 2015"), both the
#: three-letter ones and the longer variants ("febr", "sept"); "maart" is "mrt"; "mei" has none.
MONTH_ABBREVIATIONS_NL: dict[str, int] = {
    "jan": 1, "feb": 2, "febr": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}
_MONTH_RE = "|".join(sorted(MONTHS_NL, key=len, reverse=True))
_MONTH_ABBR_RE = "|".join(sorted(MONTH_ABBREVIATIONS_NL, key=len, reverse=True))
#: "16 mei 2024", "4–5 maart 2024" (the first day of a range is kept apart), "1 maart" (no year);
#: the month also capitalised ("7 Februari 2013", "7 MAART 2015"), in patterns built on
#: ``DATE_RE.pattern`` too (the inline flag travels with the pattern, the compile flag does not).
#: A short month ("7 sept. 2013") counts only with its year: "3 apr" alone is too weak a sign.
#: The day may carry an ordinal suffix ("1e maart 2024", "2de", "1ste").
DATE_RE = re.compile(
    rf"\b(?P<day>[0-3]?\d)(?:ste|de|e)?(?:\s*[–-]\s*(?P<day2>[0-3]?\d))?\s+"
    rf"(?P<month>(?i:{_MONTH_RE})|(?i:{_MONTH_ABBR_RE})\.?(?=\s+(?:19|20)\d\d\b))"
    rf"(?:\s+(?P<year>(?:19|20)\d\d))?\b",
    re.IGNORECASE,
)
#: A date in figures, day first as the Dutch write it: "07-02-2013", "7-2-2013", "07.02.2013",
#: "7/2/2013". Read only where a letter's date stands (the "Datum" field, the place-and-date line),
#: never in body text, where such figures can be other things.
NUMERIC_DATE_RE = re.compile(r"\b(?P<day>[0-3]?\d)(?P<sep>[-./])(?P<month>[01]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)\b")

#: Abbreviations of the genre that end in a full stop but do not end a sentence.
ABBREVIATIONS: frozenset[str] = frozenset(
    """
    jl as nr nrs o.a d.d i.v.m t.a.v m.b.t bijv e.a resp art mr dr drs prof blz ir ing
    i.c ca vs etc enz e.d d.w.z z.g.n zgn m.i.v m.n t.b.v i.s.m i.o.m p.m a.s z.s.m o.b.v
    v.w.b i.h.k.v i.p.v incl excl min sr jr mevr dhr kst vgl zie evt mld mln mrd
    bv nl ggz pag par lid sub red e.v a.i c.s
    mgr o.m chr n° ds e.o ong d.m.v i.h.a m.a.w t.z.t
    """.split()
) | frozenset(MONTH_ABBREVIATIONS_NL)
#: Titles before a name ("prof. De Vries", "Mgr. Jansen"): a capitalised particle after one
#: starts a surname, not a sentence.
TITLES: frozenset[str] = frozenset("mr dr drs prof ir ing mgr mevr dhr ds sr jr".split())

#: Dutch function words, left out of content terms (`nlbrief.select`'s TF-IDF vectors, alignment of
#: brief sentences). Cue words such as "ik" and "kabinet" are not here: selection scores them as cues.
STOP_WORDS_NL: frozenset[str] = frozenset(
    """
    aan al alle alleen als alsmede alsook andere anders ben bij bijvoorbeeld binnen daar daarbij
    daardoor daarin daarmee daarna daarnaast daarom daarop daartoe daarvan daarvoor dan dat de den
    der deze die dit doch doen door dus een eens eerder eigen en enkele er erg ervan even geen ge
    geweest haar had hadden heb hebben heeft hem hen het hier hierbij hierin hiermee hiervan
    hiervoor hij hoe hoewel hun iemand ik in is ja je jl kan kon konden kunnen maar me meer mede
    men met mij mijn moet moeten na naar naast niet nog nu of om omdat ons onze ook op over per
    reeds sinds te tegen ten ter tijdens toch toe tot u uit uw van veel via voor vooral waar
    waarbij waardoor waarin waarmee waarop wat we wel welke werd werden wie wij wil willen word
    wordt worden zal ze zelf zich zij zijn zo zoals zodat zonder zou zouden zulke zullen as nr
    wij onder tussen elk elke ieder iedere beide hierover daarover waarover echter verder tevens
    alsnog inmiddels momenteel zowel
    """.split()
)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball stem of a lower-cased Dutch word ("besluiten" -> "besluit")."""
    return str(_dutch_stemmer().stem(word))


@lru_cache(maxsize=1)
def _dutch_stemmer() -> Any:
    # nltk comes with rouge-score; its Snowball stemmer needs no downloaded data.
    from nltk.stem.snowball import DutchStemmer  # type: ignore[import-untyped]

    return DutchStemmer()


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    text: str
    iso: str | None  # None when the year is missing
    day: int
    month: int
    year: int | None
    day2: int | None = None  # the last day of a range ("4–5 maart": 5)


def find_dates(text: str) -> list[DateMatch]:
    """Every Dutch date in ``text`` ("16 mei 2024", "4–5 maart 2024"), with its ISO form (None
    without a year, or for a day the calendar lacks: "31 februari 2013")."""
    found: list[DateMatch] = []
    for m in DATE_RE.finditer(text):
        day = int(m.group("day"))
        month = month_number(m.group("month"))
        year = int(m.group("year")) if m.group("year") else None
        if not 1 <= day <= 31:
            continue
        iso = f"{year:04d}-{month:02d}-{day:02d}" if year and _real_day(year, month, day) else None
        day2 = int(m.group("day2")) if m.group("day2") else None
        found.append(DateMatch(m.start(), m.end(), m.group(0), iso, day, month, year, day2))
    return found


def _real_day(year: int, month: int, day: int) -> bool:
    """Whether the day exists in the calendar ("31 februari 2013" does not: no ISO form for it)."""
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def month_number(name: str) -> int:
    """1-12 for a Dutch month name or its short form, any case, with or without the full stop
    ("maart", "Sept.", "OKT"). Raises KeyError for any other word."""
    low = name.lower().rstrip(".")
    return MONTHS_NL.get(low) or MONTH_ABBREVIATIONS_NL[low]


def parse_date(text: str) -> str | None:
    """The ISO form of the first complete, existing Dutch date in ``text``, or None."""
    for match in find_dates(text):
        if match.iso:
            return match.iso
    return None


#: An ISO 8601 date ("2013-02-07"), as web copies print the date field.
_ISO_DATE_RE = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")


def parse_field_date(text: str) -> str | None:
    """The ISO form of a letter's date field: a date in words (`parse_date`), else one in figures,
    day first ("07-02-2013" -> "2013-02-07") or ISO 8601 ("2013-02-07"); None where none gives a
    day the calendar has."""
    found = parse_date(text)
    if found:
        return found
    m = NUMERIC_DATE_RE.search(text) or _ISO_DATE_RE.search(text)
    if not m:
        return None
    day, month, year = int(m.group("day")), int(m.group("month")), int(m.group("year"))
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and _real_day(year, month, day) else None


def date_to_english(match: DateMatch) -> str:
    """Render a Dutch date in English: "16 mei 2024" -> "16 May 2024", "4–5 maart" -> "4–5 March"."""
    days = f"{match.day}–{match.day2}" if match.day2 else str(match.day)
    out = f"{days} {MONTHS_EN[match.month - 1]}"
    return f"{out} {match.year}" if match.year else out


def format_date(iso: str | None, lang: str) -> str | None:
    """"2024-05-16" -> "16 May 2024" (en) or "16 mei 2024" (nl)."""
    if not iso:
        return None
    try:
        year, month, day = (int(p) for p in iso.split("-"))
    except ValueError:
        return iso
    names = MONTHS_EN if lang == "en" else tuple(MONTHS_NL)
    return f"{day} {names[month - 1]} {year}"
