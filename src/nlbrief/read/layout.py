"""Layout rules of a PDF page: characters with boxes and sizes -> body text, footnotes, furniture.

Pure functions on `Char` and `Word` tuples (no PDF library here), so the rules can be tested on
their own. Coordinates are PDF points (1/72 inch) with ``top`` and ``bottom`` measured from the top
of the page, as a reader's eye goes.

The rules (the Kamerbrief house style and the older Kamerstukken print):

* the house-style sidebar is small print in the right-hand column (from 70% of the page width),
  apart from the body text on its line by a wide gap; it is page furniture;
* small print in the top or bottom margin (above 8% or below 93% of the height) is a running
  header or footer: furniture;
* lines in body-size print that recur at the same height in the top or bottom 12% of at least
  two pages (and half of them), digits aside, are running headers or footers: furniture;
* the run of small-print lines at the foot of the body is the page's footnotes, placed after it;
* a short line set wholly in an italic or bold font, without closing punctuation, is a heading and
  gets blank lines around it; a gap wider than 1.5 times the line spacing starts a paragraph;
* lines that split at the same x into two columns (two signatures side by side) are read column by
  column: the left column, then the right.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

#: Two characters further apart than this (points) belong to different words.
WORD_GAP = 3.0
#: Characters whose tops differ by less than this (points) are on one line: a superscript footnote
#: marker, set a few points higher, stays on the line of the word it follows.
LINE_TOLERANCE = 3.5
#: Words further apart than this on one line are separate segments (body text and sidebar).
SEGMENT_GAP = 15.0
#: The smallest gap (points) between two columns of signatures.
COLUMN_GAP = 40.0

_EMPHASIS = re.compile(r"Italic|Bold|Oblique")
_CLOSING_PUNCTUATION = re.compile(r"[.!?:;,]$")
_DIGITS = re.compile(r"[\d\s]+")  # page numbers aside, wherever they stand


class Char(NamedTuple):
    """One printed character: its text, box (points, from the top-left) and font."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # font size in points, as rendered (the text matrix's scale included)
    font: str  # base font name, e.g. "Verdana-Italic"


class Word(NamedTuple):
    """Characters of one size and font that follow each other closely on one line."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str


class PageText(NamedTuple):
    """One page read: body text (footnotes at its foot) and the furniture lines kept apart."""

    body: str
    furniture: list[str]


class Line(NamedTuple):
    """A line of a page's body as read: its top (points), text and typography."""

    top: float
    text: str
    small: bool  # all of it in smaller print than the page's body text
    emphasis: bool  # all of it in an italic or bold font


class PageLayout(NamedTuple):
    """One page after the per-page rules: body lines in reading order, furniture, page height."""

    lines: list[Line]
    furniture: list[str]
    height: float


_SIZE_FONT = itemgetter(5, 6)
_TOP = itemgetter(3)
_X0 = itemgetter(1)
_X1 = itemgetter(2)
_BOTTOM = itemgetter(4)
_TEXT = itemgetter(0)


def words(chars: Sequence[Char]) -> list[Word]:
    """Group characters into words as pdfplumber's ``extract_words`` does (the rules were tuned
    on it): runs of one size and font in content order, each run's lines by their tops (chained
    within 3 points), then left to right, a new word at white space or a gap over 3 points."""
    out: list[Word] = []
    for _, run in groupby(chars, key=_SIZE_FONT):
        line: list[Char] = []
        last_top = None
        for ch in sorted(run, key=_TOP):
            if last_top is not None and ch.top - last_top > 3.0:
                _line_words(line, out)
                line = []
            line.append(ch)
            last_top = ch.top
        _line_words(line, out)
    return out


def _line_words(line: list[Char], out: list[Word]) -> None:
    current: list[Char] = []
    for ch in sorted(line, key=_X0):
        if ch.text == " ":
            _flush(current, out)
            current = []
            continue
        if current:
            prev = current[-1]
            if ch.x0 > prev.x1 + WORD_GAP:
                _flush(current, out)
                current = []
        current.append(ch)
    _flush(current, out)


def _flush(chars: list[Char], out: list[Word]) -> None:
    if chars:
        first = chars[0]
        out.append(Word("".join(map(_TEXT, chars)), first.x0, max(map(_X1, chars)),
                        min(map(_TOP, chars)), max(map(_BOTTOM, chars)), first.size, first.font))


def page_layout(page_words: list[Word], width: float, height: float) -> PageLayout:
    """The per-page rules (see the module docstring) on one page's words."""
    if not page_words:
        return PageLayout([], [], height)
    sizes: Counter[float] = Counter()
    for w in page_words:
        sizes[round(w.size, 1)] += len(w.text)
    small_below = sizes.most_common(1)[0][0] * 0.9

    def is_small(ws: list[Word]) -> bool:
        return all(w.size < small_below for w in ws)

    main, side = _split_sidebar(page_words, width, is_small)
    furniture = [_line_text(line) for line in lines(side)]
    body_lines: list[Line] = []
    for line in unfold_columns(lines(main)):
        text = _line_text(line)
        top = min(w.top for w in line)
        bottom = max(w.bottom for w in line)
        if is_small(line) and (top > height * 0.93 or bottom < height * 0.08):
            furniture.append(text)  # a running footer or header: small print in the margin
            continue
        emphasis = all(_EMPHASIS.search(w.font) for w in line)
        body_lines.append(Line(top, text, is_small(line), emphasis))
    return PageLayout(body_lines, furniture, height)


def _running_key(line: Line) -> tuple[str, int]:
    return _DIGITS.sub("", line.text), round(line.top)


def running_lines(pages: list[PageLayout]) -> set[tuple[str, int]]:
    """Running headers and footers in body-size print ("Tweede Kamer, vergaderjaar 2020–2021,
    Aanhangsel 2"): lines in the top or bottom 12% of the page that recur, digits aside, at the
    same height on at least two pages and on at least half of them. Keys for `page_text`."""
    seen: Counter[tuple[str, int]] = Counter()
    for page in pages:
        margin = {_running_key(ln) for ln in page.lines
                  if ln.top < page.height * 0.12 or ln.top > page.height * 0.88}
        seen.update(margin)
    need = max(2, (len(pages) + 1) // 2)
    return {key for key, count in seen.items() if count >= need}


def page_text(page: PageLayout, running: AbstractSet[tuple[str, int]] = frozenset()) -> PageText:
    """A page's body text (footnotes at its foot) and furniture; ``running`` lines (from
    `running_lines`) go to the furniture."""
    furniture = list(page.furniture)
    body: list[Line] = []
    for ln in page.lines:
        if running and _running_key(ln) in running:
            furniture.append(ln.text)
        else:
            body.append(ln)
    return PageText(_body_text(body), furniture)


def _split_sidebar(page_words: list[Word], width: float,
                   is_small: Callable[[list[Word]], bool]) -> tuple[list[Word], list[Word]]:
    """(main words, sidebar words). A footnote line in small print that runs into the right-hand
    column is no sidebar: its words follow each other closely."""
    main: list[Word] = []
    side: list[Word] = []
    for line in lines(page_words):
        segments: list[list[Word]] = [[]]
        for w in line:
            if segments[-1] and w.x0 - segments[-1][-1].x1 > SEGMENT_GAP:
                segments.append([])
            segments[-1].append(w)
        for seg in segments:
            in_column = seg[0].x0 > width * 0.7
            (side if in_column and is_small(seg) else main).extend(seg)
    return main, side


def _body_text(body_lines: list[Line]) -> str:
    """Body lines with paragraph breaks and headings set apart, then the footnotes: the run of
    small-print lines at the foot."""
    split = len(body_lines)
    while split > 0 and body_lines[split - 1].small:
        split -= 1
    body, notes = body_lines[:split], body_lines[split:]
    out: list[str] = []
    leading = _leading(body)
    prev_top: float | None = None
    for ln in body:
        if prev_top is not None and ln.top - prev_top > leading * 1.5:
            out.append("")  # a wider gap than the line spacing: a new paragraph
        if _is_heading(ln):
            # A heading set in italics or bold: blank lines around it make it a block of its own.
            if out and out[-1] != "":
                out.append("")
            out.extend([ln.text, ""])
        else:
            out.append(ln.text)
        prev_top = ln.top
    if notes:
        out.append("")
        out.extend(ln.text for ln in notes)
    return "\n".join(out)


def _leading(body: list[Line]) -> float:
    """The page's line spacing: the median distance between lines under 40 points apart."""
    gaps = sorted(b.top - a.top for a, b in zip(body, body[1:]) if 0 < b.top - a.top < 40)
    return gaps[len(gaps) // 2] if gaps else 12.0


def _is_heading(line: Line) -> bool:
    return line.emphasis and len(line.text) < 90 and not _CLOSING_PUNCTUATION.search(line.text)


def lines(page_words: list[Word]) -> list[list[Word]]:
    """Group words into lines by their tops (within 3.5 points of the line's first word), each
    line left to right."""
    out: list[list[Word]] = []
    for w in sorted(page_words, key=lambda w: (round(w.top), w.x0)):
        if out and abs(out[-1][0].top - w.top) < LINE_TOLERANCE:
            out[-1].append(w)
        else:
            out.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in out]


def _column_gap(line: list[Word]) -> float | None:
    """The x where a line splits into two columns (two signatures side by side), if it does."""
    best: tuple[float, float] | None = None
    for a, b in zip(line, line[1:]):
        gap = b.x0 - a.x1
        if gap >= COLUMN_GAP and (best is None or gap > best[0]):
            best = (gap, (a.x1 + b.x0) / 2)
    return best[1] if best else None


def unfold_columns(page_lines: list[list[Word]]) -> list[list[Word]]:
    """Read side-by-side columns one after the other: a run of lines that split at the same x
    (within 60 points: two signatories, their roles, then their names) becomes the left column,
    then the right."""
    out: list[list[Word]] = []
    k = 0
    while k < len(page_lines):
        split = _column_gap(page_lines[k])
        if split is None:
            out.append(page_lines[k])
            k += 1
            continue
        end = _column_run_end(page_lines, k + 1, split)
        run = page_lines[k:end]
        left = [[w for w in ln if w.x1 <= split] for ln in run]
        right = [[w for w in ln if w.x0 >= split] for ln in run]
        out.extend(ln for ln in left if ln)
        out.extend(ln for ln in right if ln)
        k = end
    return out


def _column_run_end(page_lines: list[list[Word]], k: int, split: float) -> int:
    """The index after the run of lines from ``k`` on that split within 60 points of ``split``."""
    while k < len(page_lines):
        nxt = _column_gap(page_lines[k])
        if nxt is None or abs(nxt - split) > 60:
            break
        k += 1
    return k


def _line_text(line: list[Word]) -> str:
    parts: list[str] = []
    prev_x1: float | None = None
    for w in line:
        if prev_x1 is not None and w.x0 - prev_x1 >= 0.8:
            parts.append(" ")  # touching words (a superscript marker glued to its word) stay glued
        parts.append(w.text)
        prev_x1 = w.x1
    return "".join(parts)
