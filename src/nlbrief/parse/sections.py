"""Sections, paragraphs and sentences out of the body and annex blocks.

Sentence ids are ``s<section>.<n>``; footnote markers are taken out of the text and recorded on
the sentence they follow.
"""

from __future__ import annotations

from collections import Counter

from ..model.letter import Paragraph, Section, Sentence
from ..text.hyphenation import join_lines
from ..text.markers import Marker, remove_markers
from ..text.segment import split_sentences
from .footnotes import markers_per_paragraph
from .lines import Block, join_block


class SectionBuilder:
    """Collects paragraphs under headings into `Section`s, numbering sentences per section."""

    def __init__(self) -> None:
        self.sections: list[Section] = []
        self.heading: str | None = None
        self.kind = "body"
        self.paras: list[Paragraph] = []
        self.counter = 0
        self.started = False

    def close(self) -> None:
        """End the current section (kept when it has a heading or paragraphs)."""
        if self.started or self.paras:
            self.sections.append(Section(len(self.sections) + 1, self.heading, tuple(self.paras), self.kind))
        self.paras = []

    def open(self, heading: str | None, kind: str, *, started: bool) -> None:
        """Close the current section and start one under ``heading``."""
        self.close()
        self.heading, self.kind, self.counter, self.started = heading, kind, 0, started

    def add_paragraph(self, text: str, markers: list[Marker]) -> None:
        """Split ``text`` into sentences, the footnote markers recorded on their sentences."""
        clean, refs = remove_markers(text, markers)
        sents: list[Sentence] = []
        for sp in split_sentences(clean):
            self.counter += 1
            own = tuple(num for off, num in refs if sp.start < off <= sp.end or (off == sp.start == 0))
            sents.append(Sentence(f"s{len(self.sections) + 1}.{self.counter}", sp.text, own))
        # References that fell between spans (a marker after the last sentence's end).
        placed = {n for s in sents for n in s.footnote_refs}
        missing = [num for _, num in refs if num not in placed]
        if missing and sents:
            last = sents[-1]
            sents[-1] = Sentence(last.id, last.text, tuple(sorted({*last.footnote_refs, *missing})))
        if sents:
            self.paras.append(Paragraph(tuple(sents)))


def build_sections(
    main_blocks: list[Block], annex_blocks: list[Block], numbers: list[int], evidence: Counter[str]
) -> list[Section]:
    """The sections of the body and the annex; ``numbers`` are the footnote numbers found."""
    all_blocks = [(b, "body") for b in main_blocks] + [(b, "annex") for b in annex_blocks]
    para_texts = ["" if block.heading else join_block(block, evidence) for block, _ in all_blocks]
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
        sb.add_paragraph(para_texts[bi], markers.get(bi, []))
    sb.close()
    return sb.sections
