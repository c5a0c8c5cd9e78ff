"""Sections, paragraphs and sentences out of the body and annex blocks.

Sentence ids are ``s<section>.<n>``; footnote markers are taken out of the text and recorded on
the sentence they follow. A table's rows are kept one "sentence" per row in a ``table``
paragraph; a list item is a ``list`` paragraph linked to the sentence that introduces the list;
a box (a framed paragraph) is a ``box`` paragraph whose first sentence is its title.
Each section gets its level and parent (`nlbrief.parse.levels.assign_levels`).
"""

from __future__ import annotations

from collections import Counter

from ..model.letter import Paragraph, Section, Sentence
from ..text.hyphenation import join_lines
from ..text.markers import Marker, remove_markers
from ..text.segment import Span, split_sentences
from .footnotes import markers_per_paragraph
from .levels import assign_levels, heading_level
from .lines import Block, join_block

__all__ = ["SectionBuilder", "assign_levels", "build_sections", "heading_level"]


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
