"""The house-style sidebar where pdfminer interleaves it with the letter line by line.

The sidebar of a ministry letter (return address, "Onze referentie" and its value, "Afschrift
aan" and an address, the standard phrases "Bij beantwoording datum, onze referentie en betreft
vermelden.") is printed beside the body; pdfminer reads across the page and puts its lines between
the body's lines, or glues a value onto the end of a body line. These rules take such lines out
of the body (as furniture), cutting a glued kenmerk off its line.
"""

from __future__ import annotations

import re

from .lines import (
    BODY,
    FURNITURE,
    KNOWN_SIDEBAR_PHRASES,
    REFERENCE_LABEL_RE,
    SALUTATION_RE,
    SIDEBAR_RE,
    LineDoc,
)

# The standard sidebar phrases, broken into lines as the house styles print them.
_PHRASE_LINE_RE = re.compile(
    r"^(?:richten\s+aan\s+het\s+retouradres|met\s+vermelding\s+van\s+de\s+datum|"
    r"en\s+het\s+kenmerk\s+van\s+deze|onze\s+referentie\s+en\s+betreft|en\s+ons\s+kenmerk\s+vermelden\.|"
    r"Wilt\s+u\s+slechts\s+één\s+zaak\s+in\s+uw|brief\s+behandelen\.|"
    r"Bij\s+beantwoording\s+(?:de\s+)?datum,?)$"
)
# Their last words on a line of their own: furniture only beside another phrase line.
_PHRASE_TAIL_RE = re.compile(r"^(?:brief\.|vermelden\.)$")
# The address under "Afschrift aan" ("de Voorzitter van de Eerste" / "Kamer der Staten-Generaal").
_COPY_ADDRESS_RE = re.compile(
    r"^(?:(?:de|De)\s+[Vv]oorzitter\s+van\s+de(?:\s+(?:Eerste|Tweede)(?:\s+Kamer)?)?|"
    r"(?:(?:Eerste|Tweede)\s+)?Kamer\s+der\s+Staten-?\s?Generaal|der\s+Staten-?\s?Generaal)$"
)
# A kenmerk: capitals and digits with slashes or hyphens, a run of five digits or more.
KENMERK = r"[A-Z][A-Z0-9]*(?:\s?[/-]\s?[A-Z0-9]+)*\d{5,}(?:[/-][A-Z0-9]+)*"
_GLUED_AT_END_RE = re.compile(rf"\s({KENMERK})$")
_GLUED_AT_START_RE = re.compile(rf"^({KENMERK})\s+(?=[A-Z][a-z])")
_HAS_SLASH_OR_LETTERS_RE = re.compile(r"/|[A-Z]{2}")


def is_sidebar_phrase(text: str) -> bool:
    """A line of the standard sidebar phrases ("richten aan het retouradres", "brief behandelen.")."""
    return bool(_PHRASE_LINE_RE.match(text) or _PHRASE_TAIL_RE.match(text))


def mark_sidebar(doc: LineDoc) -> None:
    """Sidebar phrase lines, the address under "Afschrift aan", and kenmerken glued onto body
    lines become furniture."""
    _cut_glued_kenmerken(doc)
    _cut_phrase_off_salutation(doc)
    lines = doc.lines
    for ln in lines:
        if ln.role == BODY and _PHRASE_LINE_RE.match(ln.text):
            ln.role = FURNITURE
    for i, ln in enumerate(lines):
        if ln.role == BODY and _PHRASE_TAIL_RE.match(ln.text) and _near_phrase(doc, i):
            ln.role = FURNITURE
    copy_at = [i for i, ln in enumerate(lines) if re.match(r"^Afschrift\s+aan$", ln.text)]
    for i in copy_at:
        for ln in lines[i + 1 : i + 9]:
            if ln.role == BODY and _COPY_ADDRESS_RE.match(ln.text):
                ln.role = FURNITURE


def _near_phrase(doc: LineDoc, i: int) -> bool:
    """Whether a sidebar phrase line stands among the two non-blank lines before ``i``."""
    p = doc.prev_nonblank(i)
    q = doc.prev_nonblank(p) if p is not None else None
    return any(k is not None and _PHRASE_LINE_RE.match(doc.lines[k].text) for k in (p, q))


def _cut_glued_kenmerken(doc: LineDoc) -> None:
    """A kenmerk glued onto a body line is cut off as a line of its own (furniture): at the end of
    the line after a bare reference label ("Onze referentie" / "... (FOL) BS2021027543"), or at the
    start of one of the first lines ("DLZ/KZ-U-2904719 De vragen van ...")."""
    i = 0
    while i < doc.n:
        ln = doc.lines[i]
        label = REFERENCE_LABEL_RE.match(ln.text)
        if label and not label.group("value").strip():
            j = doc.next_nonblank(i)
            m = _GLUED_AT_END_RE.search(doc.lines[j].text) if j is not None else None
            if j is not None and m and doc.lines[j].role == BODY:
                doc.split_line(j, m.start(1))
                doc.lines[j + 1].role = FURNITURE
        elif i < 15 and ln.role == BODY:
            m = _GLUED_AT_START_RE.match(ln.text)
            if m and _HAS_SLASH_OR_LETTERS_RE.search(m.group(1)):
                doc.split_line(i, m.end(1))
                ln.role = FURNITURE
        i += 1


# The salutation up to its comma, and what pdfminer glued on after it from the sidebar beside it.
_SALUTATION_TAIL_RE = re.compile(r"^(Geachte\s[^,]*,)\s+(\S.*)$")


def _cut_phrase_off_salutation(doc: LineDoc) -> None:
    """A sidebar phrase line glued onto the salutation ("Geachte voorzitter, met vermelding van
    de datum") is cut off as a line of its own (furniture); the salutation keeps its comma. Any
    other text after the comma ("Geachte heer, mevrouw,") stays."""
    for i in range(min(doc.n, 120)):
        ln = doc.lines[i]
        m = _SALUTATION_TAIL_RE.match(ln.text) if ln.role == BODY and SALUTATION_RE.match(ln.text) else None
        if m is None:
            continue
        tail = m.group(2)
        if is_sidebar_phrase(tail) or SIDEBAR_RE.search(tail) or tail in KNOWN_SIDEBAR_PHRASES:
            doc.split_line(i, m.start(2))
            doc.lines[i + 1].role = FURNITURE
        return  # the first salutation only
