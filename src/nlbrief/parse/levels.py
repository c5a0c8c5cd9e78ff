"""The levels (nesting) of a letter's sections: each section's ``level`` and ``parent``.

Numbered headings take the level of their numbering ("2" is 1, "2.1" is 2). Unnumbered headings
are placed by the layout around them (see `assign_levels`) and by two patterns of Kamerbrieven
that number their parts:

- a *scheme* of unnumbered headings repeated in each numbered part ("Problematiek",
  "Structurerende keuzes", "Inzet", "Maatregelen", "Consequenties" under "1.1", "1.2", "2", ...)
  plays the same role in every part, so each of its headings takes the same level relative to
  its part's number (`recurring_headings`);
- after the last numbered part, a letter often ends with unnumbered chapters of its own ("Tot
  slot", "Hoe nu verder", "Financiering", a text that calls itself "dit hoofdstuk"): these stand at
  the letter's top level, not under the last part (`closing_restart`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..model.letter import Section
from .lines import QA_LABEL_RE

_NUMBERED_RE = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})*)\.?\s+\S")
_ROMAN_RE = re.compile(r"^[IVX]{1,4}\.?\s+\S")

#: Headings of the chapters that close a Kamerbrief as a whole: the closing word ("Tot slot",
#: "Ten slotte", "Afsluitend"), what happens next ("Hoe nu verder", "Vervolg", "Vervolgstappen")
#: and the financial chapter ("Financiering", "Financiële gevolgen"). Only the whole heading
#: counts: "Vervolg van de pilot" names a topic, not the letter's closing chapter.
_CLOSING_HEADING_RE = re.compile(
    r"^(?:tot slot|tot besluit|ten slotte|afsluitend|afsluiting|slotopmerkingen?|slotsom|"
    r"hoe nu verder|hoe verder|(?:het )?vervolg|vervolgstappen|vervolgproces|"
    r"(?:planning en )?vervolg(?: en planning)?|financi[eë]n|financiering|"
    r"financi[eë]le (?:gevolgen|consequenties|aspecten|paragraaf))[\s?.!:]*$",
    re.IGNORECASE,
)
#: The closing headings that are also ordinary topics of a part: "Vervolg" (of a pilot, under each
#: part), "Financiering" (of the housing, beside "Woningbouw" and "Infrastructuur"). Such a heading
#: opens the closing chapters only when no ordinary topic follows it (see `closing_restart`).
_WEAK_CLOSING_RE = re.compile(
    r"^(?:(?:het )?vervolg|financi[eë]n|financiering|financi[eë]le \w+)[\s?.!:]*$", re.IGNORECASE
)
#: A text that calls itself a chapter ("In dit hoofdstuk gaan we in op ...").
_CHAPTER_RE = re.compile(r"\b(?:dit|deze) hoofdstuk\b", re.IGNORECASE)


def heading_level(heading: str) -> int | None:
    """The level a heading's numbering gives: "2" and "II." are 1, "2.1" is 2, "2.1.3" is 3;
    "Vraag 3" is 1; None for an unnumbered heading."""
    m = _NUMBERED_RE.match(heading)
    if m:
        return m.group("num").count(".") + 1
    if _ROMAN_RE.match(heading) or QA_LABEL_RE.match(heading):
        return 1
    return None


def heading_key(heading: str) -> str:
    """A heading's text as compared with others: case-folded, spaces collapsed, a closing colon
    dropped ("Maatregelen:" and "maatregelen" are the same heading)."""
    return " ".join(heading.split()).rstrip(" :").casefold()


def numbered_parts(sections: Sequence[Section]) -> list[list[Section]]:
    """The numbered parts of ``sections`` (one kind: body or annex), in order: each a numbered
    heading's section followed by the sections up to the next numbered heading. Sections before
    the first numbered heading belong to no part."""
    parts: list[list[Section]] = []
    for sec in sections:
        if sec.heading is not None and heading_level(sec.heading) is not None:
            parts.append([sec])
        elif parts:
            parts[-1].append(sec)
    return parts


def recurring_headings(sections: Sequence[Section]) -> frozenset[str]:
    """The keys (`heading_key`) of a scheme of unnumbered headings that the numbered parts repeat.

    A heading text is part of the scheme when it occurs in two or more numbered parts and at
    most once in each ("Maatregelen" under "1.1", "1.2" and "2"); a text repeated within one part
    ("Voldoende water" under "Inzet" and under "Maatregelen") is a topic, not a role. Left out are
    the recurring sub-headings (`_recurring_sub_headings`): "Korte termijn" straight under
    "Maatregelen" in each part is a division of "Maatregelen", not of the part. The scheme counts
    only when it keeps two or more texts: one text that two parts happen to share ("Planning") is
    no evidence of a pattern. Empty when there is no scheme.
    """
    parts = numbered_parts(sections)
    parts_of: dict[str, int] = {}
    repeated: set[str] = set()
    for part in parts:
        seen: set[str] = set()
        for sec in part[1:]:
            if sec.heading is None:
                continue
            key = heading_key(sec.heading)
            if key in seen:
                repeated.add(key)
            seen.add(key)
        for key in seen:
            parts_of[key] = parts_of.get(key, 0) + 1
    candidates = {k for k, n in parts_of.items() if n >= 2 and k not in repeated}
    scheme = frozenset(candidates - _recurring_sub_headings(parts, candidates))
    return scheme if len(scheme) >= 2 else frozenset()


def _recurring_sub_headings(parts: list[list[Section]], candidates: set[str]) -> set[str]:
    """The ``candidates`` that are sub-headings: in some part straight under a heading without text
    of its own other than the part's number (the first heading of that group), or, having text of
    its own in every part, in every part straight after such a sub-heading (its sibling: "Lange
    termijn" after "Korte termijn"). A candidate that opens a group somewhere is a division (a
    group heading returns to the level of the groups before it, see `assign_levels`)."""
    follows: dict[str, list[str | None]] = {}  # key -> per part, the key of the heading before it
    sub: set[str] = set()
    groups: set[str] = set()  # the candidates that open a group somewhere: divisions, by the group rule
    for part in parts:
        for before, sec in zip(part, part[1:]):
            if sec.heading is None or (key := heading_key(sec.heading)) not in candidates:
                continue
            if not sec.paragraphs:
                groups.add(key)
            if before is not part[0] and before.heading is not None and not before.paragraphs:
                sub.add(key)
            follows.setdefault(key, []).append(
                heading_key(before.heading) if before is not part[0] and before.heading else None)
    return _with_siblings(sub, {k: b for k, b in follows.items() if k not in groups})


def _with_siblings(sub: set[str], follows: dict[str, list[str | None]]) -> set[str]:
    """``sub`` grown by each key of ``follows`` whose every heading before it (per part) is in it:
    a sibling of a sub-heading is one too (at most one pass per key)."""
    sub = set(sub)
    grown = True
    while grown:
        grown = False
        for key, befores in follows.items():
            if key not in sub and all(b in sub for b in befores):
                sub.add(key)
                grown = True
    return sub


def is_closing_heading(heading: str) -> bool:
    """Whether ``heading`` names a chapter that closes a letter as a whole ("Tot slot", "Hoe nu
    verder", "Vervolgstappen", "Financiering"); a longer heading that starts so does not count."""
    return bool(_CLOSING_HEADING_RE.match(heading.strip()))


def calls_itself_a_chapter(sec: Section) -> bool:
    """Whether the first sentence of ``sec`` speaks of "dit hoofdstuk" / "deze hoofdstuk": the
    writer treats the section as a chapter of the letter."""
    sentences = sec.sentences
    return bool(sentences) and bool(_CHAPTER_RE.search(sentences[0].text))


def closing_restart(sections: Sequence[Section], recurring: frozenset[str] = frozenset()) -> int | None:
    """The index of the section with which a numbered letter's unnumbered closing chapters start,
    back at the letter's top level; None when there is none.

    Only the sections after the last numbered heading are candidates (a chapter in the middle of a
    numbered letter would carry a number). The first one counts of:

    - the section after the last part's closing scheme heading: a ``recurring`` heading that ends
      every earlier part it occurs in ("Consequenties" straight before the next number) and has
      text of its own in the last part, so that what follows it cannot be its sub-section;
    - a closing chapter's heading (`is_closing_heading`; a topical one such as "Financiering" only
      when no ordinary heading follows it, see `_genre_closer`) that no earlier part also carries;
    - a section whose text calls itself a chapter (`calls_itself_a_chapter`), under the same
      condition (a heading no earlier part carries).
    """
    parts = numbered_parts(sections)
    if not parts or len(parts[-1]) < 2:
        return None
    *earlier, last = parts
    tail = last[1:]
    candidates: list[int] = []
    closer = _scheme_closer(earlier, tail, recurring)
    if closer is not None:
        candidates.append(closer)
    # a heading that the earlier parts also carry ("Vervolg" under each pilot) is the last part's
    # own section, never the letter's closing chapter
    earlier_keys = {heading_key(s.heading) for part in earlier for s in part[1:] if s.heading is not None}
    for pos, sec in enumerate(tail):
        if sec.heading is None or heading_key(sec.heading) in earlier_keys:
            continue
        if calls_itself_a_chapter(sec) or _genre_closer(sec.heading, tail[pos + 1:]):
            candidates.append(sec.index)
            break
    return min(candidates) if candidates else None


def _genre_closer(heading: str, after: Sequence[Section]) -> bool:
    """Whether ``heading`` opens the closing chapters by its genre (`is_closing_heading`): an
    unambiguous closer ("Tot slot", "Hoe nu verder") always; one that is also an ordinary topic
    ("Vervolg", "Financiering"; `_WEAK_CLOSING_RE`) only when every heading ``after`` it is a
    closing heading too (or there is none): "Financiering" between "Woningbouw" and
    "Infrastructuur" is a topic of its part."""
    if not is_closing_heading(heading):
        return False
    if not _WEAK_CLOSING_RE.match(heading.strip()):
        return True
    return all(s.heading is None or is_closing_heading(s.heading) for s in after)


def _scheme_closer(earlier: list[list[Section]], tail: list[Section], recurring: frozenset[str]) -> int | None:
    """The index of the section after the tail's scheme heading that ends every earlier part it
    occurs in, when that heading has text of its own and a section follows it; else None."""
    last_of: dict[str, bool] = {}  # key -> whether it ended every earlier part it occurs in
    for part in earlier:
        for pos, sec in enumerate(part[1:], start=1):
            if sec.heading is not None and heading_key(sec.heading) in recurring:
                key = heading_key(sec.heading)
                last_of[key] = last_of.get(key, True) and pos == len(part) - 1
    for pos, sec in enumerate(tail[:-1]):
        if sec.heading is not None and last_of.get(heading_key(sec.heading)) and sec.paragraphs:
            return tail[pos + 1].index
    return None


def assign_levels(sections: list[Section]) -> list[Section]:
    """Each section's ``level`` and ``parent`` (the index of the enclosing section).

    Numbered headings take the level of their numbering. Unnumbered headings stand under the last
    numbered one (or at level 1 in a letter without numbering): a heading with no text of its own,
    straight above another heading, opens a group ("Problematiek" / "Minder water, meer vraag");
    the headings in it sit one level down, and the next group heading returns to the group's
    level, so that "Problematiek", "Structurerende keuzes", "Inzet" under "1.1" are siblings. A
    heading of the scheme the numbered parts repeat (`recurring_headings`) sits straight under its
    part's number in every part, whatever sub-headings came before it, and the other unnumbered headings of
    the part that follow a scheme heading sit below it (the scheme is the part's division). The closing chapters after the last
    numbered part (`closing_restart`) return to level 1. The opening text and the annex start at
    level 1; body and annex are placed apart.
    """
    out: list[Section] = []
    # Per kind, the sections that can still be a parent, levels rising: the parent is the nearest
    # earlier section of a lower level (a stack, not a search back through all sections: linear).
    open_: dict[str, list[Section]] = {}
    for run in _runs(sections):
        recurring = recurring_headings(run)
        scope = _Scope(recurring, closing_restart(run, recurring))
        prev: Section | None = None
        for sec in run:
            level = scope.level_of(sec, prev)
            stack = open_.setdefault(sec.kind, [])
            while stack and stack[-1].level >= level:
                stack.pop()
            # the enclosing section: the nearest one above with a lower level and a heading
            parent = stack[-1].index if stack else None
            placed = replace(sec, level=level, parent=parent if level > 1 else None)
            if placed.heading is not None:  # the opening text encloses none
                stack.append(placed)
            out.append(placed)
            prev = placed
    return out


def _runs(sections: list[Section]) -> list[list[Section]]:
    """``sections`` cut where the kind changes (body, annex)."""
    runs: list[list[Section]] = []
    for sec in sections:
        if runs and runs[-1][-1].kind == sec.kind:
            runs[-1].append(sec)
        else:
            runs.append([sec])
    return runs


class _Scope:
    """The levels seen so far in one part of the letter (body or annex)."""

    def __init__(self, recurring: frozenset[str] = frozenset(), restart: int | None = None) -> None:
        self.part = 0  # the level of the last numbered heading (0 after a closing restart)
        self.anchor = 0  # that level, or the level of the scheme heading after it
        self.group: int | None = None  # the level of the last group heading under the anchor
        self.recurring = recurring
        self.restart = restart

    def level_of(self, sec: Section, prev: Section | None) -> int:
        if sec.heading is None:
            return 1
        numbered = heading_level(sec.heading)
        if numbered is not None:
            self.part = self.anchor = numbered
            self.group = None
            return numbered
        if sec.index == self.restart:  # the closing chapters: the letter's top level again
            self.part = self.anchor = 0
            self.group = None if sec.paragraphs else 1
            return 1
        if self.part and heading_key(sec.heading) in self.recurring:
            # a division of the part: straight under its number, whatever came before
            self.anchor, self.group = self.part + 1, None
            return self.anchor
        base = self.anchor + 1
        if not sec.paragraphs:  # a group heading: the level of the groups before it
            self.group = self.group or _under(prev, base)
            return self.group
        return _under(prev, base)


def _under(prev: Section | None, base: int) -> int:
    """An unnumbered heading's level after ``prev``: under a heading without text, one level down;
    after another unnumbered heading, beside it; else ``base``."""
    if prev is None or prev.heading is None:
        return base
    if not prev.paragraphs:
        return prev.level + 1
    return base if heading_level(prev.heading) is not None else max(base, prev.level)
