"""Page furniture and the letterhead zone.

Furniture is what the page carries beside the letter: footers ("Pagina 2 van 7"), running
headers and the sidebar repeated on every page, return addresses and standard phrases. The
letterhead is everything above the body: it ends at the salutation, else at a "place, date" line,
else at the first prose line after the date and the label/value pairs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..text.dutch import DATE_RE
from .closing import signed_before
from .lines import (
    ADDRESSEE_RE,
    BLANK,
    BODY,
    DATE_LABEL_RE,
    FOOTER_RE,
    FURNITURE,
    KNOWN_SIDEBAR_PHRASES,
    LABEL_RE,
    LETTERHEAD,
    NOTE_LABEL_RE,
    NUMBER_ONLY_RE,
    PLACE_DATE_RE,
    PRINT_FOOTER_RE,
    REFERENCE_LABEL_RE,
    SALUTATION,
    SALUTATION_RE,
    SIDEBAR_LABEL_RE,
    SIDEBAR_RE,
    SUBJECT_LABEL_RE,
    TERMINAL_END_RE,
    WEB_CHROME_RE,
    LineDoc,
    is_prose,
    norm,
)
from .sidebar import mark_sidebar


def mark_furniture(doc: LineDoc, known: Iterable[str] = ()) -> None:
    """Class footers, repeated running lines, sidebar lines and sidebar label values as furniture;
    ``known`` are the sidebar lines the read stage already set aside (see `sidebar.mark_sidebar`)."""
    _mark_chrome(doc)
    _mark_repeated(doc)
    # Sidebar lines (return address, postbox, website, standard phrases) wherever they land.
    for ln in doc.lines:
        if ln.role == BODY and ln.text and (SIDEBAR_RE.search(ln.text) or ln.text in KNOWN_SIDEBAR_PHRASES):
            ln.role = FURNITURE
    for ln in doc.lines:
        if ln.role == BODY and SIDEBAR_LABEL_RE.match(ln.text):
            ln.role = FURNITURE
    _mark_label_values(doc)
    mark_sidebar(doc, known)


def _mark_chrome(doc: LineDoc) -> None:
    """Page footers, web page chrome, note labels, and the printed papers' running footer with
    the page number under it."""
    for i, ln in enumerate(doc.lines):
        if FOOTER_RE.match(ln.text) or WEB_CHROME_RE.match(ln.text) or NOTE_LABEL_RE.match(ln.text):
            ln.role = FURNITURE
        elif PRINT_FOOTER_RE.match(ln.text):
            ln.role = FURNITURE
            j = doc.next_nonblank(i)
            if j is not None and j - i <= 2 and NUMBER_ONLY_RE.match(doc.lines[j].text):
                doc.lines[j].role = FURNITURE  # the page number under the running footer


def _repeated_lines(doc: LineDoc) -> list[bool]:
    """Per line, whether it is a short body line that also stands on another page."""
    by_text: dict[str, set[int]] = {}
    for ln in doc.lines:
        if ln.text and len(ln.text.split()) <= 8:
            by_text.setdefault(norm(ln.text), set()).add(ln.page)
    # A sidebar or running header stands on most pages; a heading that recurs ("Inzet" under
    # three chapters) on a few of them.
    pages = len({ln.page for ln in doc.lines})
    repeated = {t for t, ps in by_text.items() if len(ps) >= max(2, 0.6 * pages)}
    return [
        bool(ln.text) and ln.role == BODY and norm(ln.text) in repeated and _isolated_repeat(ln.text)
        for ln in doc.lines
    ]


def _mark_repeated(doc: LineDoc) -> None:
    """Lines repeated on several pages (running headers, the sidebar) are furniture; so are the
    label/value pairs of the sidebar when they repeat."""
    lines = doc.lines
    if len({ln.page for ln in lines}) < 2:
        return
    is_rep = _repeated_lines(doc)
    for i, ln in enumerate(lines):
        if not is_rep[i]:
            continue
        # A repeated line is furniture when it stands in a block of such lines (the sidebar:
        # "Ministerie van" / "Infrastructuur en" / "Waterstaat") or beside a page footer; a
        # repeated heading ("Problematiek") between prose lines stays.
        neighbours = [k for k in (doc.prev_nonblank(i), doc.next_nonblank(i)) if k is not None]
        if any(is_rep[k] or FOOTER_RE.match(lines[k].text) for k in neighbours):
            ln.role = FURNITURE


def _mark_label_values(doc: LineDoc) -> None:
    """The short value under a sidebar label standing alone ("Datum" / "3 maart 2024")."""
    lines = doc.lines
    for i, ln in enumerate(lines):
        m = LABEL_RE.match(ln.text) if ln.role == FURNITURE else None
        if not m or m.group("value"):
            continue
        j = doc.next_nonblank(i)
        if j is not None and lines[j].role == BODY and len(lines[j].text.split()) <= 4:
            if not re.match(r"^[a-z]", lines[j].text):
                lines[j].role = FURNITURE


def _isolated_repeat(text: str) -> bool:
    """A repeated short line is furniture unless it sits inside running prose."""
    if TERMINAL_END_RE.search(text) and len(text.split()) > 4:
        return False
    # footnote numbers repeat by page ("1" on every page) but are no furniture
    return not NUMBER_ONLY_RE.match(text)


def mark_letterhead(doc: LineDoc) -> None:
    """Class the lines above the body as letterhead (and the salutation as such); set
    ``doc.body_start`` and ``doc.salutation``."""
    lines = doc.lines
    limit = min(doc.n, 120)
    start = _salutation_start(doc, limit)
    if start is None:
        start = next((i + 1 for i in range(min(doc.n, 60)) if PLACE_DATE_RE.match(lines[i].text)), None)
        start = _labels_after(doc, start) if start is not None else None
    if start is None:
        start = _aanhangsel_start(doc)
    if start is None:
        start = _letterhead_end_by_labels(doc, limit)
    doc.body_start = start
    for ln in lines[:start]:
        if ln.role == FURNITURE and WEB_CHROME_RE.match(ln.text):
            continue  # web page chrome above the letter stays furniture
        if ln.role in (BODY, FURNITURE) and ln.text:
            ln.role = LETTERHEAD
        elif not ln.text:
            ln.role = BLANK


def _salutation_start(doc: LineDoc, limit: int) -> int | None:
    """The line after the salutation ("Geachte voorzitter,"), which it classes and records."""
    for i in range(limit):
        if SALUTATION_RE.match(doc.lines[i].text):
            if signed_before(doc, i):
                return None  # the salutation of a copy under a signed cover letter: the letter began above
            doc.salutation = doc.lines[i].text
            doc.lines[i].role = SALUTATION
            return i + 1
    return None


def _labels_after(doc: LineDoc, start: int) -> int:
    """The body's start moved past the labelled fields printed under the "place, date" line
    ("Onderwerp: ..." and the lines it wraps onto, "Kenmerk ..."), which are letterhead."""
    lines = doc.lines
    prev: int | None = None
    end = start
    for i in range(start, min(doc.n, start + 12)):
        t = lines[i].text
        if not t:
            continue
        if _field_line(t):
            prev, end = i, i + 1
        elif prev is not None and _wraps_onto(doc, prev, i) and (
            _bare_label(lines[prev].text) or not is_prose(t) or t[:1].islower()
        ):
            prev, end = i, i + 1  # the value under its bare label, or a line the value wraps onto
        else:
            break
    return end


def _field_line(text: str) -> bool:
    """A subject or reference field, not a sentence that opens with the label's word ("Kenmerk
    van deze aanpak is ...", "Betreft het verzoek ..."): the value is absent, starts with a capital
    (a subject), or follows a colon ("Betreft: wachtlijsten ...", never prose), or holds a digit
    and no lower-case word (a reference)."""
    sm = SUBJECT_LABEL_RE.match(text)
    if sm:
        value = sm.group("value")
        return not value or not value[:1].islower() or ":" in text[: sm.start("value")]
    rm = REFERENCE_LABEL_RE.match(text)
    value = rm.group("value").strip(" :") if rm else ""
    return rm is not None and (not value or bool(re.search(r"\d", value)) and not re.search(r"[a-z]{3,}", value))


def _bare_label(text: str) -> bool:
    """A subject or reference label standing without its value ("Betreft", "Onderwerp:")."""
    m = SUBJECT_LABEL_RE.match(text) or REFERENCE_LABEL_RE.match(text)
    return m is not None and not m.group("value").strip(" :")


def _aanhangsel_start(doc: LineDoc) -> int | None:
    """An Aanhangsel van de Handelingen (answers to written questions): its header (chamber,
    session, number, who asked and answered, when) ends at "Vraag 1"."""
    lines = doc.lines
    if not any(re.match(r"^Aanhangsel\s+van\s+de\s+Handelingen$", ln.text) for ln in lines[:15]):
        return None
    return next((i for i in range(min(doc.n, 80)) if re.match(r"^Vraag\s+1$", lines[i].text)), None)


def _first_date_line(doc: LineDoc, limit: int) -> int | None:
    """The first line that is a date: "Datum 3 maart 2024", a bare date or "Den Haag, <date>"."""
    for i in range(limit):
        t = doc.lines[i].text
        if t and DATE_RE.search(t) and (
            DATE_LABEL_RE.match(t) or DATE_RE.fullmatch(t.strip()) or PLACE_DATE_RE.match(t)
        ):
            return i
    return None


def _letterhead_end_by_labels(doc: LineDoc, limit: int) -> int:
    """Without salutation or "place, date" line: the body starts at the first prose line
    after the date and the label/value pairs of the letterhead (a subject's value and the lines
    it wraps onto are letterhead)."""
    lines = doc.lines
    date_at = _first_date_line(doc, limit)
    if date_at is None:
        return _end_of_address_block(doc)
    subject_open = False  # the lines so far belong to the subject's value, which may wrap on
    prev: int | None = None
    for i in range(date_at + 1, limit):
        t = lines[i].text
        if t and SUBJECT_LABEL_RE.match(t):
            subject_open, prev = True, i
            continue
        if not t or lines[i].role != BODY:
            continue
        if subject_open and prev is not None and _wraps_onto(doc, prev, i):
            prev = i
            continue
        subject_open = False
        if is_prose(t) and not LABEL_RE.match(t):
            return i
        prev = i
    return date_at + 1


# The ways a letter's first sentence opens: never the continuation of a subject line.
_OPENING_RE = re.compile(r"^(?:Hierbij|Met\s+deze\s+brief|In\s+deze\s+brief|Graag|Naar\s+aanleiding|Op\s+\d)")


def _wraps_onto(doc: LineDoc, prev: int, i: int) -> bool:
    """Whether the subject line ``prev`` wraps onto line ``i``: the label alone before it, or an
    unfinished line then a lower-case start, or a full-width unfinished line with at most one
    blank line between."""
    before, t = doc.lines[prev].text, doc.lines[i].text
    if _OPENING_RE.match(t):
        return False
    label = SUBJECT_LABEL_RE.match(before)
    if label and not label.group("value"):
        return i - prev <= 4  # the value under its label
    if TERMINAL_END_RE.search(before):
        return False
    if t[:1].islower():
        return True
    return i - prev <= 2 and len(before) >= 0.75 * doc.width


def _end_of_address_block(doc: LineDoc) -> int:
    """Without any date: the letterhead ends after the addressee's block ("De Voorzitter van de
    Tweede Kamer" / "der Staten-Generaal" / "Postbus 20018" / "2500 EA DEN HAAG"), if one stands
    in the first lines; else there is none."""
    lines = doc.lines
    start = next((i for i in range(min(doc.n, 12)) if ADDRESSEE_RE.match(lines[i].text)), None)
    if start is None:
        return 0
    i = start
    while i + 1 < doc.n and lines[i + 1].text:
        i += 1
    return i + 1
