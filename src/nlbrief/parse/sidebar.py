"""The house-style sidebar where pdfminer interleaves it with the letter line by line.

The sidebar of a ministry letter (return address, "Onze referentie" and its value, "Afschrift
aan" and an address, the standard phrases "Bij beantwoording datum, onze referentie en betreft
vermelden.") is printed beside the body; pdfminer reads across the page and puts its lines between
the body's lines, or glues a value onto the end of a body line. These rules take such lines out
of the body (as furniture), cutting a glued kenmerk off its line. The ministry's address (street,
"Postbus", also letter-spaced as some extractions leave it: "P ostbus 20901") and the letter's own
reference, which the sidebar repeats on every page, are furniture wherever they land in the body.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .lines import (
    BODY,
    FURNITURE,
    KNOWN_SIDEBAR_PHRASES,
    POSTCODE_RE,
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
# Phrase lines that also read as prose ("... in een aparte" / "brief behandelen.", "... alle
# aanvragen," / "met vermelding van de datum"): furniture only beside another phrase line.
_PROSE_LIKE_PHRASE_RE = re.compile(
    r"^(?:met\s+vermelding\s+van\s+de\s+datum|en\s+het\s+kenmerk\s+van\s+deze|brief\s+behandelen\.)$"
)
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
# A street address as the sidebar prints it: "Rijnstraat 8", "Prinses Irenestraat 6",
# "Turfmarkt 147", "Plein 4" (a name ending in a street word, a house number, nothing else).
STREET_RE = re.compile(
    r"^(?:[A-Z][\w'-]*\s)?(?:[A-Z][\w'-]*(?:straat|weg|plein|laan|kade|gracht|markt|singel|dijk|hof|park)|Plein)"
    r"\s\d{1,4}[a-z]?$"
)
# "Ministerie van", alone or with the start of the name that runs on ("Ministerie van Onderwijs,
# Cultuur en"), and the lines of a ministry's name under it ("Binnenlandse Zaken en", "Wetenschap"):
# capitalised words, no full stop. A whole name on one line ("Ministerie van Infrastructuur en
# Waterstaat") is how prose and address lists write it, never the sidebar's broken lines.
_MINISTRY_HEAD_RE = re.compile(r"^Ministerie\s+van(?:\s+[A-Z][\w'-]*(?:,?\s+[A-Z][\w'-]*)*(?:,|\s+en))?$")
_MINISTRY_NAME_LINE_RE = re.compile(r"^[A-Z][\w'-]*(?:,?\s+(?:en|voor|van|[A-Z][\w'-]*))*$")
# The postbox, also letter-spaced ("P ostbus 20901"; `lines.SIDEBAR_RE` reads the plain one): the
# start of a line, and a line of its own.
_POSTBUS_START = r"^P\s?o\s?s\s?t\s?b\s?u\s?s\s+\d"
_POSTBUS_RE = re.compile(_POSTBUS_START + r"[\d ]{2,}$")
# The letter's own reference as its value reads: codes and digits (a run of four or more), no
# words ("4367005-1095964-PDIZA", "I E NW/BSK-2023/33017"; "Kenmerk van deze aanpak is" is prose).
_REFERENCE_VALUE_RE = re.compile(r"^(?=.*\d{4})(?!.*[a-z]{3})[\w/. -]{7,40}$")


def is_sidebar_phrase(text: str) -> bool:
    """A line of the standard sidebar phrases ("richten aan het retouradres", "brief behandelen.")."""
    return bool(_PHRASE_LINE_RE.match(text) or _PHRASE_TAIL_RE.match(text))


def mark_sidebar(doc: LineDoc, known: Iterable[str] = ()) -> None:
    """Sidebar phrase lines, the address under "Afschrift aan", the ministry's street and postbox
    lines, and kenmerken glued onto body lines become furniture; so does the letter's own
    reference (found after its label in the lines or in ``known``, the sidebar lines the read stage
    set aside) wherever it stands alone or at either end of a body line."""
    _cut_glued_kenmerken(doc)
    _cut_phrase_off_salutation(doc)
    _cut_own_reference(doc, own_references([ln.text for ln in doc.lines] + list(known)))
    _mark_address(doc)
    _mark_phrases(doc)


def _mark_phrases(doc: LineDoc) -> None:
    """The standard phrases' lines (their last words only beside another phrase line), and the
    address under "Afschrift aan"."""
    lines = doc.lines
    for i, ln in enumerate(lines):  # top down: a prose-like line may follow one marked just before
        if ln.role == BODY and _is_phrase_line(doc, i):
            ln.role = FURNITURE
    for i, ln in enumerate(lines):
        if ln.role == BODY and _PHRASE_TAIL_RE.match(ln.text) and _near_phrase(doc, i):
            ln.role = FURNITURE
    copy_at = [i for i, ln in enumerate(lines) if re.match(r"^Afschrift\s+aan$", ln.text)]
    for i in copy_at:
        for ln in lines[i + 1 : i + 9]:
            if ln.role == BODY and _COPY_ADDRESS_RE.match(ln.text):
                ln.role = FURNITURE


def _is_phrase_line(doc: LineDoc, i: int) -> bool:
    """Whether line ``i`` is a line of the standard phrases: always for one that never reads as
    prose; for one that may ("met vermelding van de datum", "brief behandelen.") only right under
    a phrase line already taken ("richten aan het retouradres" / "met vermelding van de datum" /
    "en het kenmerk van deze"), so that the phrase's words in a sentence ("... kunnen bezwaar
    maken" / "met vermelding van de datum") stay in it."""
    text = doc.lines[i].text
    if not _PHRASE_LINE_RE.match(text):
        return False
    if not _PROSE_LIKE_PHRASE_RE.match(text):
        return True
    prev = doc.prev_nonblank(i)
    return (prev is not None and doc.lines[prev].role == FURNITURE
            and bool(_PHRASE_LINE_RE.match(doc.lines[prev].text)))


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


def own_references(texts: list[str]) -> list[str]:
    """The letter's own reference values: after a reference label on its line ("Kenmerk
    4367005-1095964-PDIZA") or on the next non-blank line ("Ons kenmerk" / "IENW/BSK-2022/283041").
    Returns the distinct values, without the letter spacing some extractions leave, in order."""
    found: list[str] = []
    for k, text in enumerate(texts):
        label = REFERENCE_LABEL_RE.match(text)
        if not label:
            continue
        value = label.group("value").strip(" :")
        if not value:
            value = next((t for t in texts[k + 1 : k + 3] if t), "")
        value = "".join(value.split())
        if _REFERENCE_VALUE_RE.match(value) and value not in found:
            found.append(value)
    return found


def _cut_own_reference(doc: LineDoc, references: list[str]) -> None:
    """The sidebar's reference where pdfminer put it into the body: a line of its own, or glued
    onto the end or the start of a body line ("... zoals via ZonMw programma's, Zorg voor
    4367005-1095964-PDIZA" / "Innoveren, de ..."), is cut off as furniture. Within a line it is
    a citation and stays."""
    for ref in references:
        spaced = r"\s?".join(re.escape(c) for c in ref)  # letter-spaced as the value may be
        whole = re.compile(rf"^{spaced}$")
        at_end = re.compile(rf"\s({spaced})$")
        at_start = re.compile(rf"^({spaced})\s")
        i = 0
        while i < doc.n:
            ln = doc.lines[i]
            if ln.role == BODY and ln.text:
                if whole.match(ln.text):
                    ln.role = FURNITURE
                elif m := at_end.search(ln.text):
                    doc.split_line(i, m.start(1))
                    doc.lines[i + 1].role = FURNITURE
                elif m := at_start.match(ln.text):
                    doc.split_line(i, m.end(1))
                    ln.role = FURNITURE
            i += 1


def _mark_address(doc: LineDoc) -> None:
    """The ministry's postbox line (also letter-spaced), and a street line beside another
    sidebar line ("Waterstaat" / "Rijnstraat 8" / "2515 XP Den Haag"): a street name with a house
    number alone on a line next to the sidebar is never the letter's text."""
    lines = doc.lines
    for ln in lines:
        if ln.role == BODY and _POSTBUS_RE.match(ln.text):
            ln.role = FURNITURE
    for i, ln in enumerate(lines):
        if ln.role != BODY or not STREET_RE.match(ln.text):
            continue
        neighbours = (doc.prev_nonblank(i), doc.next_nonblank(i))
        if any(k is not None and lines[k].role == FURNITURE for k in neighbours):
            ln.role = FURNITURE
    for i, ln in enumerate(lines):
        if ln.role == BODY and _MINISTRY_HEAD_RE.match(ln.text):
            _mark_ministry_name(doc, i)


def _mark_ministry_name(doc: LineDoc, i: int) -> None:
    """The ministry's name as the sidebar prints it ("Ministerie van" / "Infrastructuur en" /
    "Waterstaat"), from line ``i``, when its address follows (a line already furniture that is
    a street, a postcode or a postbox, `_is_address_line`): furniture, also on a page where it
    does not repeat, so that it never runs on into the note above it."""
    block = [i]
    k = doc.next_nonblank(i)
    # the name runs on only while its line is unfinished ("Ministerie van" / "Infrastructuur en" /
    # "Waterstaat"): a heading after the name ("Waterveiligheid Zuidwestelijke Delta") is no part
    while (k is not None and len(block) < 4 and doc.lines[k].role == BODY
           and _MINISTRY_NAME_LINE_RE.match(doc.lines[k].text)
           and re.search(r"(?:\bvan|\ben|,)$", doc.lines[block[-1]].text)):
        block.append(k)
        k = doc.next_nonblank(k)
    following = doc.lines[k].text if k is not None else ""
    if k is not None and doc.lines[k].role == FURNITURE and _is_address_line(following):
        for j in block:
            doc.lines[j].role = FURNITURE


def _is_address_line(text: str) -> bool:
    """A line of the ministry's address: a street with its number, a postcode and place, a postbox
    (never a page footer, which follows prose as well)."""
    return bool(STREET_RE.match(text) or POSTCODE_RE.match(text) or re.match(_POSTBUS_START, text))
