"""Body blocks: paragraphs and headings out of the body lines.

A paragraph ends at a blank line before body text, at a sentence end well short of the line
width, at a list item or a table row; a heading is a block (one line, or two when it wraps) or a
line inside a block that reads as a heading where one can stand.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..text.hyphenation import join_lines
from .lines import (
    BODY,
    BULLET_RE,
    HEADING_NUMBER_RE,
    TERMINAL_END_RE,
    Block,
    Line,
    LineDoc,
    ends_sentence,
    is_heading_text,
    is_table_row,
    looks_like_list_item,
)


def body_blocks(doc: LineDoc) -> tuple[list[Block], list[Block]]:
    """Paragraph blocks of the body, and of the annex (text after the closing)."""
    builder = BlockBuilder(doc)
    main = doc.lines[doc.body_start : doc.closing_start]
    annex = doc.lines[doc.closing_end :]
    return builder.blocks(main), builder.blocks(annex, annex=True)


def _next_is_body(seq: Sequence[Line]) -> list[bool]:
    """Per line, whether the next non-blank line is body text."""
    out = [False] * len(seq)
    following = False
    for k in range(len(seq) - 1, -1, -1):
        out[k] = following
        if seq[k].text:
            following = seq[k].role == BODY
    return out


class BlockBuilder:
    """Cuts a run of classified lines into paragraph and heading blocks."""

    def __init__(self, doc: LineDoc) -> None:
        self.doc = doc
        self.width = doc.width

    def blocks(self, seq: Sequence[Line], *, annex: bool = False) -> list[Block]:
        """The blocks of ``seq`` (body lines only; other lines interrupt, never join)."""
        blocks: list[Block] = []
        cur = Block()
        prev: Line | None = None
        interrupted = False  # a footnote block or furniture stood between prev and this line
        # A blank line ends a paragraph only when body text follows it: a blank line before a
        # footnote block or page furniture is part of the page break, not a paragraph end.
        next_is_body = _next_is_body(seq)
        for k, ln in enumerate(seq):
            if ln.role != BODY and ln.text:
                interrupted = True
                continue
            if not ln.text:
                if not interrupted and next_is_body[k] and cur.lines:
                    blocks.append(cur)
                    cur = Block()
                if not interrupted and next_is_body[k]:
                    prev = None
                continue
            if prev is not None and cur.lines and self._breaks(prev, ln, interrupted):
                blocks.append(cur)
                cur = Block()
            interrupted = False
            # (a bullet glyph on a line of its own stays with the list item that follows)
            cur.lines.append(ln)
            prev = ln
        if cur.lines:
            blocks.append(cur)
        return self._split_headings(blocks, annex=annex)

    def _breaks(self, prev: Line, ln: Line, interrupted: bool) -> bool:
        """Whether a new paragraph starts at ``ln`` after ``prev``."""
        t = ln.text
        if interrupted or prev.page != ln.page:
            # Across a page break: the same paragraph unless the text before ended a sentence and
            # this line starts a new one.
            return bool(TERMINAL_END_RE.search(prev.text) and (t[:1].isupper() or BULLET_RE.match(t)))
        if BULLET_RE.match(t) or t == "•" or is_table_row(t) or is_table_row(prev.text):
            return True  # list items and table rows stand on their own
        return self._paragraph_break(prev.text, t)

    def _paragraph_break(self, prev: str, line: str) -> bool:
        """Between two lines without a blank line: a new paragraph when the previous line ended a
        sentence well short of the line width and this one starts with a capital."""
        if not ends_sentence(prev):
            return False
        if not (line[:1].isupper() or line[:1].isdigit()):
            return False
        return len(prev) < 0.8 * self.width

    def _split_headings(self, blocks: list[Block], *, annex: bool = False) -> list[Block]:
        out: list[Block] = []
        for bi, block in enumerate(blocks):
            texts = block.text_lines
            # A whole block that reads as a heading (one line, or two when it wraps).
            if 1 <= len(texts) <= 2 and bi + 1 < len(blocks) and self._block_heading(texts):
                block.heading = True
                out.append(block)
                continue
            at_start = bi == 0 and not out and not annex
            out.extend(self._headings_inside(block, at_start))
        return out

    def _headings_inside(self, block: Block, at_start: bool) -> list[Block]:
        """Headings inside a block: a short line between a sentence end (or another heading) and
        a line that starts with a capital."""
        out: list[Block] = []
        cur = Block()
        prev_heading = False
        table_rows = self._table_runs(block)
        for k, ln in enumerate(block.lines):
            prev_t = block.lines[k - 1].text if k > 0 else None
            next_t = block.lines[k + 1].text if k + 1 < len(block.lines) else None
            can_stand = k not in table_rows and (
                not at_start if prev_t is None else prev_heading or prev_t == "•" or ends_sentence(prev_t)
            )
            if can_stand and next_t is not None and self._line_heading(ln.text, next_t):
                if cur.lines:
                    out.append(cur)
                out.append(Block([ln], heading=True))
                cur = Block()
                prev_heading = True
                continue
            prev_heading = False
            cur.lines.append(ln)
        if cur.lines:
            out.append(cur)
        return out

    def _table_runs(self, block: Block) -> set[int]:
        """Lines in runs of three or more short unnumbered lines: a table extracted column by
        column ("Diagnosegroep" / "Angststoornissen" / "Depressie"), not a stack of headings."""
        short = [
            bool(ln.text) and len(ln.text) < 0.6 * self.width and not ends_sentence(ln.text)
            and not HEADING_NUMBER_RE.match(ln.text)
            for ln in block.lines
        ]
        rows: set[int] = set()
        k = 0
        while k < len(short):
            if not short[k]:
                k += 1
                continue
            j = k
            while j < len(short) and short[j]:
                j += 1
            if j - k >= 3:
                rows.update(range(k, j))
            k = j
        return rows

    def _line_heading(self, text: str, next_text: str) -> bool:
        if not is_heading_text(text, self.width) or len(text) >= 0.75 * self.width:
            return False
        if not (next_text[:1].isupper() or next_text[:1].isdigit() or BULLET_RE.match(next_text) or next_text[:1] == "•"):
            return False
        if re.search(r"\d$", text) and re.search(r"\d$", next_text) and len(next_text) < 0.75 * self.width:
            return False  # rows of a table ("Noord 10" / "Zuid 12"), not headings
        if looks_like_list_item(text):
            # "1. Water en Bodem" is a heading; "1. text" followed by "2. text" is a list.
            return len(text.split()) <= 8 and not looks_like_list_item(next_text)
        return True

    def _block_heading(self, texts: list[str]) -> bool:
        if len(texts) == 1:
            return is_heading_text(texts[0], self.width) and len(texts[0]) < 0.8 * self.width
        first, second = texts
        joined = join_lines(texts, self.doc.evidence)
        return (
            not TERMINAL_END_RE.search(first)
            and is_heading_text(joined.replace("?", "").strip() + ("?" if joined.endswith("?") else ""), self.width * 2)
            and len(second) < 0.8 * self.width
            and len(joined.split()) <= 14
        )
