"""Letter metadata from the letterhead (and sidebar) lines: addressee, place, date, subject,
reference."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..text.dutch import DATE_RE, parse_date
from ..text.hyphenation import join_lines
from .lines import (
    ADDRESSEE_RE,
    DATE_LABEL_RE,
    LABEL_RE,
    PLACE_DATE_RE,
    REFERENCE_LABEL_RE,
    SIDEBAR_RE,
    SUBJECT_LABEL_RE,
    TERMINAL_END_RE,
)

Meta = dict[str, str | None]


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
    reference = _reference(lines + [t for t in furniture if t])
    if reference:
        meta["reference"] = reference
    return meta


def _addressee_place_date(lines: list[str], meta: Meta) -> None:
    """"Aan de Voorzitter van de Tweede Kamer ..." and "Den Haag, 3 maart 2015"."""
    for k, t in enumerate(lines):
        if "addressee" not in meta and ADDRESSEE_RE.match(t):
            meta["addressee"] = _addressee(t, lines[k + 1] if k + 1 < len(lines) else None)
        m = PLACE_DATE_RE.match(t)
        if m and "date" not in meta:
            meta["place"] = m.group("place").strip()
            meta["date"] = parse_date(m.group("date"))


def _addressee(line: str, nxt: str | None) -> str:
    value = re.sub(r"^Aan\s+", "", line)
    if not re.search(r"Staten-?\s?Generaal", value) and nxt is not None and re.match(r"^der\s+Staten", nxt):
        value = f"{value} {nxt}"
    value = re.sub(r"\s+(?:Directoraat|Ministerie|Bezoekadres).*$", "", value)
    return value[0].upper() + value[1:]


def _labelled_date(lines: list[str]) -> str | None:
    """"Datum 3 maart 2024", else the first line that is a date alone."""
    for t in lines:
        dm = DATE_LABEL_RE.match(t)
        if dm and parse_date(dm.group("value")):
            return parse_date(dm.group("value"))
    for t in lines:
        if DATE_RE.fullmatch(t.strip()) and parse_date(t):
            return parse_date(t)
    return None


def _subject(lines: list[str], letterhead: list[str]) -> str | None:
    """"Betreft X" on one line (wrapping onto the next), or the label alone with the value after
    the date value."""
    for k, t in enumerate(lines):
        sm = SUBJECT_LABEL_RE.match(t)
        if not sm:
            continue
        if sm.group("value"):
            value = [sm.group("value")]
            for nxt in lines[k + 1 : k + 3]:
                if LABEL_RE.match(nxt) or not nxt[:1].islower() and not _continues_subject(value[-1], nxt):
                    break
                value.append(nxt)
            return join_lines(value)
        return _subject_after_label(letterhead, t)
    return None


def _subject_after_label(letterhead: list[str], label: str) -> str | None:
    value: list[str] = []
    for nxt in _following_block(letterhead, label):
        if LABEL_RE.match(nxt) or DATE_RE.fullmatch(nxt.strip()) or SIDEBAR_RE.search(nxt):
            if value:
                break
            continue
        if _is_reference_value(nxt):
            continue
        value.append(nxt)
    return join_lines(value) if value else None


def _reference(pool: list[str]) -> str | None:
    """"Ons kenmerk 5687928/11" or the label with the value on the next line."""
    for k, t in enumerate(pool):
        rm = REFERENCE_LABEL_RE.match(t)
        if not rm:
            continue
        value = rm.group("value").strip().lstrip(":").strip()  # "Ons kenmerk: FM09-723"
        if not value and k + 1 < len(pool):
            value = pool[k + 1].strip()
        if value and not LABEL_RE.match(value):
            return value
    return None


def _continues_subject(prev: str, nxt: str) -> bool:
    return (
        not TERMINAL_END_RE.search(prev) and len(nxt.split()) <= 8
        and not LABEL_RE.match(nxt) and not SIDEBAR_RE.search(nxt)
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
    return bool(re.fullmatch(r"[\w./ –-]*\d[\w./ –-]*", text)) and len(text.split()) <= 3 and not DATE_RE.search(text)
