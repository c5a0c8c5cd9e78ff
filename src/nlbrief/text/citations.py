"""Citations of parliamentary papers, motions and commitments in Kamerbrief text. Pure functions.

Parliamentary papers are cited in many shapes: "Kamerstukken 2023/2024, 32 317, nr. 872",
"Kamerstukken II 2009/10, 32 123 XVI, nr. 30", "Kamerstuk 33009, nr. 117", "kst. 29 247, nr. 480",
"Tweede Kamer, vergaderjaar 2017-2018, 31 293/31 289, nr. 390". They are normalised to
``Kamerstukken <session>, <dossier>, nr. <number>`` with session "2023/2024" and dossier "32 317".
The proceedings are cited by session and number, "Handelingen II 2022/23, nr. 45, item 12": their
dossier is the series (`HANDELINGEN`, `AANHANGSEL`), their text keeps chamber, session and item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dutch import find_dates, parse_date

_PREFIX = (
    r"(?:[Kk]amerstukken|[Kk]amerstuk|Kst\.|kst\.|KST\.?|Tweede\s+Kamer,\s+vergaderjaar|"
    r"Handelingen|Eerste\s+Kamer,\s+vergaderjaar)"
)
# "32 317", "33009", "32 123 XVI", "36 600 V", "21 501-02" (a series: the EU Council papers), and
# the budget chapters a roman numeral with a letter gives ("31 700 IXB", "36 200 IX B", "IXA"):
# the letter counts only where no word goes on after it ("36 600 V De minister" is chapter V).
_DOSSIER = (
    r"\d{2}\s?\d{3}(?:-\d{2}(?!\d))?"
    r"(?:[ -](?:[IVXLC]{1,6}(?:\s?[A-Z](?![\w.]))?(?!\w)|[A-Z](?![\w.])))?"
)
_SESSION = r"(?P<session>(?:19|20)\d\d\s*[/–-]\s*(?:(?:19|20)\d\d|\d\d))(?!\d)"
# One paper number; a list after "nrs." ("nrs. 1201, 1205 en 1210"), not a date or session after it.
_NUMBER = r"\d+[A-Za-z]?(?![\w/])(?!\s*[/.]?\d)"
# A session written with a dash or slash ("2020-2021", "2020/21") is never a paper number: after
# "nr. 7 en" it opens the next citation ("... nr. 7 en 2020-2021, 35 570 VI, nr. 3").
_NO_SESSION = r"(?!(?:19|20)\d\d\s*[/–-]\s*(?:(?:19|20)\d\d|\d\d)(?!\d))"
_MONTHS_AHEAD = r"(?!\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\b)"
# A range of papers: "5 t/m 7", "5 tot en met 7", "1-3", "1–3" (read by `_expand_ranges`).
_THROUGH = r"(?:[-–]|t/m|tot\s+en\s+met)"
_RANGE_AHEAD = rf"(?=\s*\d+\s*{_THROUGH}\s*\d)"
# A list of three or more after a singular "nr." ("nr. 920, 921 en 922"); two ("nr. 12, 2023")
# may be a paper and a year.
_LIST_AHEAD = r"(?=\s*\d+[A-Za-z]?\s*,\s*\d+[A-Za-z]?\s*(?:,|en)\s*\d)"
# The paper number(s) after a dossier: "nr. 872", "nr. 29 en 30", "nrs. 1201, 1205 en 1210",
# "nrs. 5 t/m 7", "nr. 1-3" and "nr. 920, 921 en 922" (a range or a list of three after "nr." is
# read as "nrs."), "nr. 2 en nr. 5".
_PAPER_NUMBERS = (
    rf"(?:\s*,\s*|\s+)(?:(?:nrs\.?|(?:nr|nummer)\.?(?:{_RANGE_AHEAD}|{_LIST_AHEAD}))\s*"
    rf"(?P<numbers>{_NUMBER}{_MONTHS_AHEAD}"
    rf"(?:\s*(?:,|en|{_THROUGH})\s*{_NO_SESSION}{_NUMBER}{_MONTHS_AHEAD})*)"
    rf"|(?:nr|nummer)\.?\s*(?P<number>{_NUMBER})"
    rf"(?:\s*en\s*(?:(?:nr|nummer)\.?\s*)?(?P<number2>{_NO_SESSION}{_NUMBER}))?)"
)
# A second dossier after "en" ("Kamerstukken 36 410 en 36 411") only where no lower-case word goes on
# after it ("Kamerstuk 36 410 en 12 000 woningen" names one paper); "nr." and "en" may.
_AND_DOSSIER = rf"\s+(?P<joiner>en)\s+(?P<dossier_and>{_DOSSIER})(?!\s+(?!(?:en|nrs?|nummer)\b)[a-z])"
CITATION_RE = re.compile(
    rf"(?P<prefix>{_PREFIX})"
    r"(?:\s+(?P<chamber>II|I)(?=[\s,]))?"
    rf"(?:\s*,?\s*{_SESSION})?"
    r"\s*,?\s*"
    rf"(?P<dossier>{_DOSSIER})(?:\s*/\s*(?P<dossier2>{_DOSSIER})|{_AND_DOSSIER})?"
    r"(?:"
    rf"{_PAPER_NUMBERS}"
    # An Eerste Kamer paper is a letter: "Kamerstukken I 2016/17, 34 550, A".
    r"|\s*,\s*(?P<letter>[A-Z]{1,2})(?![\w'’])"
    r")?"
)
# The next paper of a list that names its dossier again: "Kamerstukken 29 544, nr. 1201 en 31 311,
# nr. 250". It needs its own number: "nr. 5 en 12 000 euro" goes on with no paper. It may give
# its own session: "Kamerstukken 2019-2020, 35 300 VI, nr. 7 en 2020-2021, 35 570 VI, nr. 3".
CONTINUED_RE = re.compile(
    rf"\s*(?:,|;|\ben\b)\s*(?:{_SESSION}\s*,?\s*)?(?P<dossier>{_DOSSIER}){_PAPER_NUMBERS}"
)
# "Handelingen II 2022/23, nr. 45, item 12" (the plenary proceedings, numbered per session, an item
# or page within) and "Aanhangsel Handelingen II 2021/22, nr. 1234" (answers to written questions);
# the session also after "vergaderjaar" ("Handelingen II, vergaderjaar 2008–2009, nr. 45"). Before
# 2011 the Handelingen were paged through the session: "Handelingen II 2008/09, blz. 5678" (a
# session and a page, no number: the page is kept in the text).
_PAGE = r"(?:blz\.|pag\.|p\.)\s*\d+(?:\s*[-–]\s*\d+)?(?!\d)"
PROCEEDINGS_RE = re.compile(
    r"(?P<appendix>Aanhangsel\s+(?:van\s+de\s+)?)?Handelingen(?:\s+(?P<chamber>II|I)(?=[\s,]))?"
    rf"(?:(?:\s*,?\s*(?:vergaderjaar\s+)?{_SESSION})?\s*,?\s*(?:nr|nummer)\.?\s*(?P<number>\d+)(?![\w/])"
    rf"(?P<item>\s*,\s*(?:item\s*\d+(?:\s*[-–]\s*\d+)?(?!\d)|{_PAGE}))?"
    rf"|\s*,?\s*(?:vergaderjaar\s+)?(?P<paged_session>(?:19|20)\d\d\s*[/–-]\s*(?:(?:19|20)\d\d|\d\d))(?!\d)"
    rf"(?P<page>\s*,\s*{_PAGE}))"
)
AANHANGSEL = "Aanhangsel Handelingen"
HANDELINGEN = "Handelingen"
#: The series numbered per session (a number names a paper only with its session), not dossiers.
SESSION_SERIES = (AANHANGSEL, HANDELINGEN)


# A member's name: capitalised words and the particles between them ("Van der Staaij",
# "Westerveld-Van den Hul", "El Abassi"), joined by spaces or hyphens.
_PARTICLE = r"(?:van|de|der|den|ter|ten|te|in\s+'t|van\s+'t|'t)"
_NAME_TOKEN = rf"(?:[A-Z][\w'’]*(?:\.(?=[\s-]))?|{_PARTICLE}(?=[\s-]+[A-Za-z]))"
_NAME = rf"[A-Z][\w'’]*(?:[\s-]+{_NAME_TOKEN}){{0,5}}"
# After "het lid" a name may open with its particle: "het lid ’t Hoen" (either apostrophe).
_MEMBER = rf"(?:['’]t\s+)?{_NAME}"
# Who moved it: "het lid", "de leden", "(het) (Tweede) Kamerlid", "de Kamerleden", "de heer", "mevrouw".
_MOVER = r"(?:(?:het|de)\s+)?(?:(?:(?:Tweede|Eerste)\s+)?[Kk]amer)?(?:lid|leden)|de\s+heer|mevrouw"
# "motie Bikker" names a member only where the word after "motie" can be a name: not a sentence
# opener, a pronoun or an institution ("de motie In de Kamer", "Met deze motie Ik"); "In 't Veld" is.
_NOT_A_NAME = (
    r"(?!(?:In(?!\s+'t\b)|Het|Een|Dit|Dat|Deze|Die|Daarom|Daarmee|Ook|Met|Ik|Wij|We|Zij|Hij|U|"
    r"Kamer|Tweede|Eerste|Wet|De\s+(?:Kamer|regering|minister|staatssecretaris))\b)"
)
MOTION_RE = re.compile(
    rf"\b[Mm]oties?\b(?:\s+van)?\s+(?:{_MOVER})\s+"
    rf"(?P<members>{_MEMBER}(?:\s*(?:,|en)\s*{_MEMBER})*)(?:\s+c\.s\.)?"
    rf"|\b[Mm]otie[- ]{_NOT_A_NAME}(?P<short>{_NAME})(?:\s+c\.s\.)?"
)
# "De moties van de leden Bikker (Kamerstuk 36 200, nr. 3) en Ceder (Kamerstuk 36 200, nr. 4)":
# after "moties", a paper in brackets and then a further name is a further motion, its paper
# after its own name (a party in brackets, "Bikker (CU) en Ceder (SGP)", is one motion's movers).
_PAPER_IN_BRACKETS = rf"\((?=[^()]{{0,40}}(?:{_PREFIX}|\bnr\.?\s*\d))[^()]{{1,80}}\)"
_NEXT_MOTION_RE = re.compile(rf"\s*{_PAPER_IN_BRACKETS}\s*(?:,|en)\s+(?P<member>{_MEMBER})(?:\s+c\.s\.)?")
# A date right after the name, the party or "c.s.": "motie van het lid Van Haga van 12 maart 2024",
# "motie-Bikker (CU) d.d. 3 maart 2025"; a date later in the sentence may be another's.
_DATE_AFTER_NAME_RE = re.compile(r"\s*(?:\([^()]{1,40}\)\s*)?(?:c\.s\.\s*)?,?\s*(?:van|d\.d\.|op)\s+(?=\d)")
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
    """ "33009" -> "33 009", "32 123XVI" -> "32 123 XVI", "21 501-02" -> "21 501-02", and a budget
    chapter as one word: "36 200 IX B" -> "36 200 IXB" (it is printed both ways)."""
    m = re.match(r"(\d{2})\s?(\d{3})(-\d{2}(?!\d))?(?:[ -]?(.+))?$", raw.strip())
    if not m:
        return raw.strip()
    base = f"{m.group(1)} {m.group(2)}{m.group(3) or ''}"
    if not m.group(4):
        return base
    part = re.sub(r"^([IVXLC]+)\s+([A-Z])$", r"\1\2", m.group(4).strip())
    return f"{base} {part}"


def _numbers(m: re.Match[str]) -> list[str | None]:
    """The paper numbers of one citation match: one, two ("nr. 29 en 30"), a list ("nrs. 1201,
    1205 en 1210", a range "t/m" or "1-3" read as its papers) or an Eerste Kamer letter ("A")."""
    if m.group("numbers"):
        return _expand_ranges(m.group("numbers"))
    if m.group("number"):
        return [m.group("number"), *([m.group("number2")] if m.group("number2") else [])]
    groups = m.groupdict()
    if groups.get("letter") and (m.group("chamber") == "I" or m.group("prefix").startswith("Eerste")):
        return [m.group("letter")]
    return [None]


def _expand_ranges(listed: str) -> list[str | None]:
    """ "1201, 1205 en 1210" -> the three; "5 t/m 7" and "5-7" -> 5, 6, 7 (a range of at most 20
    papers; a longer one, or one that runs backwards, gives its two ends)."""
    out: list[str | None] = []
    listed = re.sub(r"\s*tot\s+en\s+met\s*", " t/m ", listed)
    for part in re.split(r"\s*(?:,|\ben\b)\s*", listed):
        ends = re.findall(r"\d+[A-Za-z]?", part)
        if len(ends) == 2 and ends[0].isdigit() and ends[1].isdigit() and 0 < int(ends[1]) - int(ends[0]) <= 20:
            out.extend(str(k) for k in range(int(ends[0]), int(ends[1]) + 1))
        else:
            out.extend(ends)
    return out


def _normal_form(session: str | None, dossier: str, number: str | None, senate: bool) -> str:
    head = "Kamerstukken I" if senate else "Kamerstukken"
    norm = f"{head} {session}, {dossier}" if session else f"{head} {dossier}"
    if number and number.isalpha():
        return f"{norm}, {number}"  # an Eerste Kamer letter: "Kamerstukken I 2016/2017, 34 550, A"
    return f"{norm}, nr. {number}" if number else norm


def _match_end(m: re.Match[str], numbers: list[str | None]) -> int:
    # A letter that was not taken as an Eerste Kamer paper is not part of the citation.
    last = "dossier2" if m.group("dossier2") else "dossier_and" if m.group("dossier_and") else "dossier"
    return m.end(last) if m.group("letter") and numbers == [None] else m.end()


def _dossiers(m: re.Match[str], numbers: list[str | None]) -> list[str]:
    """The dossier(s) a match names, one entry per citation: a joint paper "31 293/31 289" (or
    "31 293 en 31 289, nr. 390") is one, "Kamerstukken 36 410 en 36 411" without numbers two."""
    first = normalise_dossier(m.group("dossier"))
    second = m.group("dossier2") or m.group("dossier_and")
    if not second:
        return [first]
    if m.group("dossier_and") and numbers == [None]:
        return [first, normalise_dossier(second)]
    return [f"{first} / {normalise_dossier(second)}"]


def find_citations(text: str) -> list[CitationMatch]:
    """Every parliamentary-paper citation in ``text``, one per paper: "nrs. 1201, 1205 en 1210"
    gives three, all with the span of the whole citation.

    Shapes: Kamerstukken (Tweede and Eerste Kamer, with or without session, dossiers with a part
    "36 600 V", a budget chapter "31 700 IXB" or a series "21 501-02", paper numbers, lists and
    ranges, or Eerste Kamer letters "A"); two dossiers ("36 410 en 36 411"); a list that names the
    dossier again ("29 544, nr. 1201 en 31 311, nr. 250": the later papers have their own span and
    no session); the Handelingen (dossier `HANDELINGEN`) and the Aanhangsel Handelingen (dossier
    `AANHANGSEL`), numbered per session.
    """
    found: list[CitationMatch] = []
    for m in CITATION_RE.finditer(text):
        numbers = _numbers(m)
        if m.group("prefix").startswith("Handelingen") and numbers == [None]:
            continue
        session = normalise_session(m.group("session")) if m.group("session") else None
        senate = m.group("chamber") == "I" or m.group("prefix").startswith("Eerste")
        end = _match_end(m, numbers)
        for dossier in _dossiers(m, numbers):
            for number in numbers:
                norm = _normal_form(session, dossier, number, senate)
                found.append(CitationMatch(m.start(), end, text[m.start():end], norm, session, dossier, number))
        if numbers != [None]:
            found.extend(_continued(text, end, senate))
    found.extend(_proceedings(text))
    return sorted(found, key=lambda c: c.start)


def _continued(text: str, pos: int, senate: bool) -> list[CitationMatch]:
    """The papers of a list that go on after a citation at ``pos`` by naming their dossier again."""
    out = []
    while (m := CONTINUED_RE.match(text, pos)) is not None:
        start = m.start("session") if m.group("session") else m.start("dossier")
        session = normalise_session(m.group("session")) if m.group("session") else None
        dossier = normalise_dossier(m.group("dossier"))
        for number in _numbers(m):
            norm = _normal_form(session, dossier, number, senate)
            out.append(CitationMatch(start, m.end(), text[start:m.end()], norm, session, dossier, number))
        pos = m.end()
    return out


def _proceedings(text: str) -> list[CitationMatch]:
    """The Handelingen and Aanhangsel Handelingen cited in ``text``: ``Handelingen II 2022/2023,
    nr. 45, item 12`` (the item or page kept as printed), ``Aanhangsel Handelingen II 2021/2022,
    nr. 1234``."""
    out = []
    for m in PROCEEDINGS_RE.finditer(text):
        raw_session = m.group("session") or m.group("paged_session")
        session = normalise_session(raw_session) if raw_session else None
        series = AANHANGSEL if m.group("appendix") else HANDELINGEN
        chamber = f" {m.group('chamber')}" if m.group("chamber") else ""
        item = re.sub(r"\s+", " ", (m.group("item") or m.group("page") or "").strip())
        numbered = f", nr. {m.group('number')}" if m.group("number") else ""
        norm = f"{series}{chamber}" + (f" {session}" if session else "") + numbered + item
        out.append(CitationMatch(m.start(), m.end(), m.group(0), norm, session, series, m.group("number")))
    return out


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
        found.append(_motion_match(text, m.start(), m.end(), m.group("members") or m.group("short")))
        if m.group("members") and m.group(0)[:6].lower() == "moties":
            pos = m.end()
            while (nxt := _NEXT_MOTION_RE.match(text, pos)) is not None:
                found.append(_motion_match(text, nxt.start("member"), nxt.end(), nxt.group("member")))
                pos = nxt.end()
    return found


def _motion_match(text: str, start: int, end: int, member: str | None) -> MotionMatch:
    """The motion named at ``start:end``, its member(s) tidied, with the date given after it."""
    if member:
        member = re.sub(r"\s+", " ", member).strip().rstrip(",.;:")
        # Words after the name that are not part of it ("Keijzer hierover") are lower case and
        # already excluded; a trailing capitalised sentence opener is not a name.
        member = re.sub(r"[\s-]+(?:In|De|Het|Een|Dit|Deze|Daarom|Ook|Met|Ik)$", "", member)
        member = re.sub(r"[\s-]+(?:van|de|der|den|ter|ten|te)$", "", member).rstrip(",.;: ")
    # The date it was submitted, when the same sentence gives it right after the name.
    tail = re.split(r";|\.\s+[A-Z]", text[end : end + 130], maxsplit=1)[0]
    return MotionMatch(start, end, member, _date_after_name(tail) or submission_date(tail))


def _date_after_name(tail: str) -> str | None:
    """The date that follows a motion's name ("van 12 maart 2024"), or None."""
    m = _DATE_AFTER_NAME_RE.match(tail)
    dates = find_dates(tail[m.end():]) if m else []
    return dates[0].iso if dates and dates[0].start == 0 else None


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
