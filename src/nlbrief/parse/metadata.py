"""Letter metadata from the letterhead (and sidebar) lines: addressee, place, date, subject,
reference."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..text.dutch import DATE_RE, NUMERIC_DATE_RE, parse_date, parse_field_date
from ..text.hyphenation import join_lines
from .lines import (
    ADDRESSEE_RE,
    DATE_LABEL_RE,
    FOOTER_RE,
    LABEL_RE,
    PLACE_DATE_RE,
    REFERENCE_LABEL_RE,
    SIDEBAR_RE,
    SUBJECT_LABEL_RE,
    TERMINAL_END_RE,
)
from .sidebar import KENMERK, STREET_RE, is_sidebar_phrase

Meta = dict[str, str | None]

_BARE_KENMERK_RE = re.compile(rf"(?=.*/){KENMERK}")
_ORGANISATION_RE = re.compile(r"^(?:Directie|Directoraat|Ministerie|Dienst|Programma|Inspectie)\b")


def letterhead_metadata(letterhead: list[str], furniture: Iterable[str]) -> Meta:
    """Addressee, place, date (ISO 8601), subject and reference from the letterhead lines (and,
    for the reference, the sidebar lines in ``furniture``); keys are absent where not found."""
    meta: Meta = {}
    lines = [t for t in letterhead if t]
    _addressee_place_date(lines, meta)
    if "date" not in meta:
        date = _labelled_date(lines)
        if date:
            meta["date"] = date
    subject = _subject(lines, letterhead)
    if subject:
        meta["subject"] = subject
    pool = lines + [t for t in furniture if t]
    reference = _reference(pool) or _glued_reference(lines) or _bare_kenmerk(pool)
    if reference:
        meta["reference"] = reference
    return meta


# A letterhead field's label glued onto the end of the subject line by pdfminer ("... woningbouw
# Uw brief 12 maart 2024", "... woningbouw Bijlage(n) 2"): the subject stops before it. The label
# must stand as a word of its own, so that "Inlichtingen- en Veiligheidsdienst" stays whole, and
# a label a subject can hold as a word ("vragen over Bijlage 2 bij de Voorjaarsnota", "Reactie op
# Uw brief over", "Wijziging Bijlagen Besluit") counts only with a field's value to the line end:
# a count, a date, a code.
_GLUED_LABEL_RE = re.compile(
    r"\s+(?=(?:(?:Ons|Uw)\s+kenmerk|(?:Onze|Uw)\s+referentie|Kenmerk):?(?:\s+(?=[\w./ -]*\d)[\w./-]+"
    r"(?:\s*/\s*[\w./-]+)?)?$"
    r"|(?:Bijlage\(n\)|Bijlagen?):?(?:\s+\d{1,2})?$"
    r"|Uw\s+brief(?:\s+van|\s+d\.d\.)?:?(?:\s+\d.*)?$"
    r"|(?:Antwoordbrief\s+aan|Kopie\s+aan|Afschrift\s+aan|Contactpersoon|Doorkiesnummer|Behandeld\s+door)"
    r"(?:\s|:|$))"
)
# A bare count ("2") and the count glued onto the date ("Datum 10 februari 2017 1"): where the
# value of "Bijlage(n)" stands when it is not glued onto the subject.
_COUNT_RE = re.compile(r"^\d{1,2}$")
_DATE_AND_COUNT_RE = re.compile(rf"{DATE_RE.pattern}\s+\d{{1,2}}$")
_ANNEX_LABEL_RE = re.compile(r"^(?:Bijlage\(n\)|Bijlagen?)$")
# Bare labels whose short value (a count, a code) pdfminer can put between a subject's lines; any
# other label ("Kopie aan", "Uw brief") ends the subject, its value being words of its own.
_INTERLEAVED_LABEL_RE = re.compile(
    r"^(?:Bijlage\(n\)|Bijlagen?|Ons\s+kenmerk|Kenmerk|Onze\s+referentie|Uw\s+kenmerk|Uw\s+referentie)$"
)


def _glued_reference(lines: list[str]) -> str | None:
    """A reference glued onto another line: "Betreft Voortgang woningbouw Ons kenmerk 2024-0001"."""
    for t in lines:
        m = re.search(r"\s(?:Ons\s+kenmerk|Onze\s+referentie|Kenmerk)\s*:?\s+(\S.*)$", t)
        if m and not REFERENCE_LABEL_RE.match(t) and _is_reference_value(m.group(1)):
            return _unspaced(m.group(1))
    return None


def _bare_kenmerk(pool: list[str]) -> str | None:
    """A kenmerk standing without its label, cut off the first sentence ("DLZ/KZ-U-2904719")."""
    return next((t for t in pool if _BARE_KENMERK_RE.fullmatch(t)), None)


def title_subject(letterhead: list[str]) -> str | None:
    """The title a web copy of a ministry letter prints above the addressee, used as the subject
    when no Betreft is printed (and the letter has no kamerstuk header, whose title is the
    dossier's): "Uitstelbrief op kamervragen van Leijten over ..." / "De Voorzitter van ..."."""
    lines = [t for t in letterhead if t]
    at = next((k for k, t in enumerate(lines) if ADDRESSEE_RE.match(t)), None)
    if at != 1:
        return None
    title = lines[0]
    if LABEL_RE.match(title) or SIDEBAR_RE.search(title) or _ORGANISATION_RE.match(title):
        return None
    return title if len(title.split()) >= 2 and not TERMINAL_END_RE.search(title) else None


def _addressee_place_date(lines: list[str], meta: Meta) -> None:
    """"Aan de Voorzitter van de Tweede Kamer ..." and "Den Haag, 3 maart 2015"."""
    for k, t in enumerate(lines):
        if "addressee" not in meta and ADDRESSEE_RE.match(t):
            # the address's second line can stand two lines down, the ministry's name between
            nxt = next((n for n in lines[k + 1 : k + 4] if re.match(r"^(?:der\s+Staten|Generaal$)", n)), None)
            meta["addressee"] = _addressee(t, nxt)
        m = PLACE_DATE_RE.match(t)
        if m and "date" not in meta:
            meta["place"] = re.sub(r"\s+", " ", (m.group("place") or m.group("seat")).strip())
            meta["date"] = parse_field_date(m.group("date"))


def _addressee(line: str, nxt: str | None) -> str:
    value = re.sub(r"^Aan\s+", "", line)
    if not re.search(r"Staten-?\s?Generaal", value) and nxt is not None and re.match(r"^(?:der\s+Staten|Generaal\b)", nxt):
        # "... Tweede Kamer" / "der Staten-Generaal", or "... der Staten-" / "Generaal"
        value = f"{value}{nxt}" if value.endswith("-") else f"{value} {nxt}"
    value = re.sub(r"\s+(?:Directoraat|Ministerie|Bezoekadres).*$", "", value)
    return value[0].upper() + value[1:]


def _labelled_date(lines: list[str]) -> str | None:
    """"Datum 3 maart 2024" (or "Datum 07-02-2013"), else the first line that is a date alone."""
    for t in lines:
        dm = DATE_LABEL_RE.match(t)
        if dm and parse_field_date(dm.group("value")):
            return parse_field_date(dm.group("value"))
    for t in lines:
        if (DATE_RE.fullmatch(t.strip()) or NUMERIC_DATE_RE.fullmatch(t.strip())) and parse_field_date(t):
            return parse_field_date(t)
    for t in lines:  # an answer to written questions: the day it was received
        rm = re.match(rf"^\(ontvangen\s+({DATE_RE.pattern})\)\.?$", t)
        if rm:
            return parse_date(rm.group(1))
    return None


def _subject(lines: list[str], letterhead: list[str]) -> str | None:
    """"Betreft X" on one line (wrapping onto the next), or the label alone with the value after
    the date value."""
    for k, t in enumerate(lines):
        sm = SUBJECT_LABEL_RE.match(t)
        if not sm:
            continue
        if sm.group("value"):
            value = _GLUED_LABEL_RE.split(sm.group("value"))[0]  # "... woningbouw Ons kenmerk 2024-01"
            return _without_annex_count(join_lines(_subject_lines(lines[k + 1 : k + 7], [value])), lines)
        found = _subject_after_label(letterhead, t) or _subject_above_label(lines, k)
        return _without_annex_count(found, lines) if found else None
    return None


def _without_annex_count(subject: str, lines: list[str]) -> str:
    """``subject`` without the count of annexes that pdfminer glued onto its end ("Voortgang
    woningbouw 2"): only when a "Bijlage(n)" label stands alone and its count is nowhere else."""
    count = re.search(r"\s\d{1,2}$", subject)
    if not count or not any(_ANNEX_LABEL_RE.match(t) for t in lines):
        return subject
    if any(_COUNT_RE.match(t) or _DATE_AND_COUNT_RE.search(t) for t in lines):
        return subject  # the count stands on its own line or after the date: the number is the subject's
    return subject[: count.start()]


def _subject_lines(following: list[str], value: list[str]) -> list[str]:
    """``value`` and the lines that continue it: a subject wraps over several lines, and in
    pdfminer text a sidebar label and its value ("Bijlage(n)" / "2") or the reference
    ("DGAN-DAD / 18055724") can stand between its lines."""
    after_bare_label = False
    for nxt in following:
        label = LABEL_RE.match(nxt)
        if label and not label.group("value") and _INTERLEAVED_LABEL_RE.match(nxt):
            after_bare_label = True  # an interleaved sidebar label: its short value follows
            continue
        if label or DATE_RE.fullmatch(nxt.strip()) or _is_sidebar_text(nxt):
            break
        if _is_reference_value(nxt) or after_bare_label and len(nxt.split()) <= 2 and re.search(r"\d", nxt):
            after_bare_label = False
            continue
        if not nxt[:1].islower() and not _continues_subject(value[-1], nxt):
            break
        value.append(nxt)
    return value


def _is_sidebar_text(text: str) -> bool:
    """A sidebar or page line: the return address, postbox, website, an organisation ("Directie
    Woningmarkt"), a street (`sidebar.STREET_RE`), a line of the standard phrases, the page footer.
    In pdfminer order such text can follow the subject line; it is never the subject's second line."""
    return bool(
        SIDEBAR_RE.search(text) or _ORGANISATION_RE.match(text) or STREET_RE.match(text)
        or is_sidebar_phrase(text) or FOOTER_RE.match(text)
    )


def _subject_above_label(lines: list[str], k: int) -> str | None:
    """A subject printed above its label (pdfminer order: "Gereedstelling MQ-9 Reaper" /
    "Betreft")."""
    prev = lines[k - 1] if k > 0 else ""
    if not prev or LABEL_RE.match(prev) or SIDEBAR_RE.search(prev) or DATE_RE.search(prev):
        return None
    if TERMINAL_END_RE.search(prev) or _is_reference_value(prev) or ADDRESSEE_RE.match(prev):
        return None
    return prev


def _subject_after_label(letterhead: list[str], label: str) -> str | None:
    """The value of a bare subject label, from the lines after it (stacked labels put their
    values below them): it stops at another field, and passes over a count or code label with
    its value that pdfminer put between its lines ("Bijlage(n)" / "2"); a field glued onto one of
    its lines ends it there."""
    value: list[str] = []
    after_label = False
    for nxt in _following_block(letterhead, label):
        t = nxt.strip()
        if value and _INTERLEAVED_LABEL_RE.match(t):
            after_label = True
            continue
        if after_label and (_COUNT_RE.match(t) or _is_reference_value(t)):
            after_label = False
            continue  # that label's value
        after_label = False
        if LABEL_RE.match(nxt) or DATE_RE.fullmatch(t) or _is_sidebar_text(nxt):
            if value:
                break
            continue
        if _is_reference_value(nxt):
            continue
        head = _GLUED_LABEL_RE.split(nxt)[0]
        value.append(head)
        if head != nxt:
            break  # "... jeugdzorg Uw brief 3 maart 2013": the rest is another field
    return join_lines(value) if value else None


def _reference(pool: list[str]) -> str | None:
    """"Ons kenmerk 5687928/11", or the label with the value on a line after it: pdfminer can put
    other lines first (another label's line, "Betreft ...", or the addressee: "Kenmerk" / "Aan de
    Voorzitter van de Tweede Kamer der Staten-" / "2016-0000123456" / "Generaal"), so the value is
    the first kenmerk-shaped line of the next few; a value that does not look like one is none."""
    for k, t in enumerate(pool):
        rm = REFERENCE_LABEL_RE.match(t)
        if not rm:
            continue
        value = rm.group("value").strip().lstrip(":").strip()  # "Ons kenmerk: FM09-723"
        if not value:
            # (stacked labels put their values in the same order: "Kenmerk" / "Uw kenmerk" / ours)
            value = next((v.strip() for v in pool[k + 1 : k + 7] if _looks_like_reference(v.strip())), "")
        if value and _looks_like_reference(value):
            return _unspaced(value)
    return None


def _looks_like_reference(text: str) -> bool:
    """A kenmerk (`_is_reference_value`) that is no label, postcode or other sidebar line
    ("2500 EA DEN HAAG")."""
    return _is_reference_value(text) and not LABEL_RE.match(text) and not SIDEBAR_RE.search(text)


def _unspaced(value: str) -> str:
    """A letter-spaced kenmerk closed up: "I E NW/BSK-2023/33017" -> "IENW/BSK-2023/33017"."""
    return re.sub(r"\b(?:[A-Z] ){2,}(?=[A-Z])", lambda m: m.group(0).replace(" ", ""), value)


def _continues_subject(prev: str, nxt: str) -> bool:
    return (
        not TERMINAL_END_RE.search(prev) and len(nxt.split()) <= 12
        and not LABEL_RE.match(nxt) and not _is_sidebar_text(nxt)
    )


def _following_block(letterhead: list[str], label: str) -> list[str]:
    """The lines after ``label``: labels stacked ("Datum", "Betreft") come before their values."""
    k = letterhead.index(label)
    out: list[str] = []
    seen_text = False
    for t in letterhead[k + 1 :]:
        if not t:
            if seen_text and out and not DATE_RE.fullmatch(out[-1].strip()):
                break
            continue
        seen_text = True
        out.append(t)
    return out


def _is_reference_value(text: str) -> bool:
    """A kenmerk as printed: "2016-0000092648", "DGAN-DAD / 18055724", "FM09-723" (a run of three
    digits or more, no lower-case word)."""
    return (
        bool(re.fullmatch(r"[\w./ –&()-]*\d{3,}[\w./ –&()-]*", text)) and len(text.split()) <= 4
        and not re.search(r"[a-z]{3,}", text) and not DATE_RE.search(text)
    )
