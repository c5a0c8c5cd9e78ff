"""Sections, paragraphs and sentences out of the body and annex blocks.

Sentence ids are ``s<section>.<n>``; footnote markers are taken out of the text and recorded on
the sentence they follow. A table's rows are kept one "sentence" per row in a ``table``
paragraph; a list item is a ``list`` paragraph linked to the sentence that introduces the list;
a box (a framed paragraph) is a ``box`` paragraph whose first sentence is its title.
Each section gets its level and parent (see `assign_levels`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ..model.letter import Paragraph, Section, Sentence
from ..text.hyphenation import join_lines
from ..text.markers import Marker, remove_markers
from ..text.segment import Span, split_sentences
from .footnotes import markers_per_paragraph
from .lines import QA_LABEL_RE, Block, join_block

_NUMBERED_RE = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})*)\.?\s+\S")
_ROMAN_RE = re.compile(r"^[IVX]{1,4}\.?\s+\S")


class SectionBuilder:
    """Collects paragraphs under headings into `Section`s, numbering sentences per section."""

    def __init__(self) -> None:
        self.sections: list[Section] = []
        self.heading: str | None = None
        self.kind = "body"
        self.paras: list[Paragraph] = []
        self.counter = 0
        self.started = False
        self.lead_in: str | None = None  # the id of the sentence a list hangs from

    def close(self) -> None:
        """End the current section (kept when it has a heading or paragraphs)."""
        if self.started or self.paras:
            self.sections.append(Section(len(self.sections) + 1, self.heading, tuple(self.paras), self.kind))
        self.paras = []
        self.lead_in = None

    def open(self, heading: str | None, kind: str, *, started: bool) -> None:
        """Close the current section and start one under ``heading``."""
        self.close()
        self.heading, self.kind, self.counter, self.started = heading, kind, 0, started

    def add_paragraph(self, text: str, markers: list[Marker], kind: str = "text") -> None:
        """Split ``text`` into sentences (a table: one per row), the footnote markers recorded on
        their sentences; a list item is linked to the lead-in sentence before it."""
        clean, refs = remove_markers(text, markers)
        spans = _rows(clean) if kind == "table" else _box(clean) if kind == "box" else split_sentences(clean)
        first = self.counter + 1
        self.counter += len(spans)
        sents = _sentences(spans, refs, len(self.sections) + 1, first)
        if not sents:
            return
        if kind == "list":
            self.paras.append(Paragraph(tuple(sents), "list", self.lead_in))
            return
        self.paras.append(Paragraph(tuple(sents), kind))
        # a sentence ending in a colon introduces what follows ("... zijn:")
        self.lead_in = sents[-1].id if kind == "text" and sents[-1].text.rstrip().endswith(":") else None


def _sentences(spans: list[Span], refs: list[tuple[int, int]], section: int, first: int) -> list[Sentence]:
    """Sentences ``s<section>.<first>`` ... of ``spans``, each with the footnote references
    (offset, number) that fall in it; a reference after the last sentence goes to that one."""
    sents: list[Sentence] = []
    for n, sp in enumerate(spans, start=first):
        own = tuple(num for off, num in refs if sp.start < off <= sp.end or (off == sp.start == 0))
        sents.append(Sentence(f"s{section}.{n}", sp.text, own))
    placed = {n for s in sents for n in s.footnote_refs}
    missing = [num for _, num in refs if num not in placed]
    if missing and sents:
        last = sents[-1]
        sents[-1] = Sentence(last.id, last.text, tuple(sorted({*last.footnote_refs, *missing})))
    return sents


def _box(text: str) -> list[Span]:
    """A box's title (its first line, a sentence of its own) and the sentences of its text."""
    title, _, rest = text.partition("\n")
    offset = len(title) + 1
    spans = [Span(0, len(title), title)] if title.strip() else []
    return spans + [Span(sp.start + offset, sp.end + offset, sp.text) for sp in split_sentences(rest)]


def _rows(text: str) -> list[Span]:
    """The rows of a table's text, one per line (offsets into ``text``)."""
    spans: list[Span] = []
    pos = 0
    for row in text.split("\n"):
        stripped = row.strip()
        if stripped:
            start = pos + row.index(stripped)
            spans.append(Span(start, start + len(stripped), stripped))
        pos += len(row) + 1
    return spans


def build_sections(
    main_blocks: list[Block], annex_blocks: list[Block], numbers: list[int], evidence: Counter[str]
) -> list[Section]:
    """The sections of the body and the annex; ``numbers`` are the footnote numbers found."""
    all_blocks = [(b, "body") for b in main_blocks] + [(b, "annex") for b in annex_blocks]
    para_texts = [_block_text(block, evidence) for block, _ in all_blocks]
    # Footnote markers are found over the whole body at once: they come in order.
    markers = markers_per_paragraph(para_texts, numbers)
    sb = SectionBuilder()
    for bi, (block, kind) in enumerate(all_blocks):
        if kind == "annex" and sb.kind == "body" and (sb.started or sb.paras):
            sb.open(None, "annex", started=not block.heading)
        if block.heading:
            sb.open(join_lines(block.text_lines, evidence), kind, started=True)
            continue
        sb.kind = kind
        sb.add_paragraph(para_texts[bi], markers.get(bi, []), block.kind)
    sb.close()
    return assign_levels(sb.sections)


def _block_text(block: Block, evidence: Counter[str]) -> str:
    if block.heading:
        return ""
    if block.kind == "table":
        return "\n".join(block.text_lines)  # rows stay rows
    if block.kind == "box":  # the title on a line of its own
        return block.lines[0].text + "\n" + join_block(Block(block.lines[1:]), evidence)
    return join_block(block, evidence)


def heading_level(heading: str) -> int | None:
    """The level a heading's numbering gives: "2" and "II." are 1, "2.1" is 2, "2.1.3" is 3;
    "Vraag 3" is 1; None for an unnumbered heading."""
    m = _NUMBERED_RE.match(heading)
    if m:
        return m.group("num").count(".") + 1
    if _ROMAN_RE.match(heading) or QA_LABEL_RE.match(heading):
        return 1
    return None


def assign_levels(sections: list[Section]) -> list[Section]:
    """Each section's ``level`` and ``parent`` (the index of the enclosing section).

    Numbered headings take the level of their numbering. Unnumbered headings stand under the last
    numbered one (or at level 1 in a letter without numbering): a heading with no text of its own,
    straight above another heading, opens a group ("Problematiek" / "Minder water, meer vraag");
    the headings in it sit one level down, and the next group heading returns to the group's
    level, so that "Problematiek", "Structurerende keuzes", "Inzet" under "1.1" are siblings. The
    opening text and the annex start at level 1.
    """
    out: list[Section] = []
    scope = _Scope()
    prev: Section | None = None
    # Per kind, the sections that can still be a parent, levels rising: the parent is the nearest
    # earlier section of a lower level (a stack, not a search back through all sections: linear).
    open_: dict[str, list[Section]] = {}
    for sec in sections:
        if prev is not None and sec.kind != prev.kind:
            scope, prev = _Scope(), None
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


class _Scope:
    """The levels seen so far in one part of the letter (body or annex)."""

    def __init__(self) -> None:
        self.numbered = 0  # the level of the last numbered heading
        self.group: int | None = None  # the level of the last group heading under it

    def level_of(self, sec: Section, prev: Section | None) -> int:
        if sec.heading is None:
            return 1
        numbered = heading_level(sec.heading)
        if numbered is not None:
            self.numbered, self.group = numbered, None
            return numbered
        base = self.numbered + 1
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
