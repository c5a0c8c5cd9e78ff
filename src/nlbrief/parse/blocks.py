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
    QA_LABEL_RE,
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


def _runs_on(prev: Line | None, seq: Sequence[Line], k: int) -> bool:
    """Whether the sentence before the blank line ``seq[k]`` runs on after it: no sentence end
    before, a lower-case word after (pdfminer leaves blank lines inside a paragraph), not a list
    label ("ii. ...")."""
    if prev is None or ends_sentence(prev.text) or prev.text.endswith(":"):
        return False
    # by index: slicing the rest of the letter at every blank line was quadratic
    nxt = next((seq[j] for j in range(k + 1, len(seq)) if seq[j].text), None)
    return (
        nxt is not None and nxt.role == BODY and nxt.text[:1].islower()
        and not BULLET_RE.match(nxt.text) and not looks_like_list_item(nxt.text)
    )


_NUMERIC_CELL_RE = re.compile(r"^[€$%\d\s.,:+()–-]+$")
_LABEL_ONLY_RE = re.compile(r"^\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]$")


def _can_stand(text: str, prev_t: str | None, prev_heading: bool, at_start: bool) -> bool:
    """Whether a heading can stand at a line of a block: at the block's start (not the letter's
    first line, unless a "Vraag 1" label), after a sentence end or another heading (but the text
    under "Vraag 2" is the question, never a heading). Never after a bullet standing on a line of
    its own ("•" / "Snellere procedures"): that line is a list item."""
    if prev_t is None:
        return not at_start or bool(QA_LABEL_RE.match(text))
    if prev_heading and not QA_LABEL_RE.match(prev_t):
        return True
    return ends_sentence(prev_t)


def _is_item(first: str) -> bool:
    """Whether a block that opens with the line ``first`` is a list item (a bullet, a label)."""
    return bool(BULLET_RE.match(first)) or first == "•" or looks_like_list_item(first)


def _with_kind(block: Block) -> Block:
    """``block`` with its kind: rows with cells apart by runs of spaces are a table; a bullet or
    a list label ("a.", "2)") opens a list item."""
    if block.heading or block.kind != "text":
        return block
    first = block.lines[0].text
    if all(is_table_row(ln.text) for ln in block.lines):
        block.kind = "table"
    elif _is_item(first):
        block.kind = "list"
    return block


def _merge_tables(blocks: list[Block]) -> list[Block]:
    """Adjacent table blocks (the columns of one table, its rows) as one table."""
    out: list[Block] = []
    for b in blocks:
        if out and b.kind == "table" and out[-1].kind == "table":
            out[-1].lines.extend(b.lines)
        else:
            out.append(b)
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
                if interrupted or not next_is_body[k] or _runs_on(prev, seq, k):
                    continue
                if cur.lines:
                    blocks.append(cur)
                    cur = Block()
                prev = None
                continue
            if prev is not None and cur.lines and self._breaks(prev, ln, interrupted, cur.lines[0].text):
                blocks.append(cur)
                cur = Block()
            interrupted = False
            # (a bullet glyph on a line of its own stays with the list item that follows)
            cur.lines.append(ln)
            prev = ln
        if cur.lines:
            blocks.append(cur)
        return self._split_headings(blocks, annex=annex)

    def _breaks(self, prev: Line, ln: Line, interrupted: bool, first: str) -> bool:
        """Whether a new paragraph starts at ``ln`` after ``prev`` (in a block that opened with
        the line ``first``)."""
        t = ln.text
        if self._item_break(prev.text, t, first):
            return True
        if interrupted or prev.page != ln.page:
            # Across a page break: the same paragraph unless the text before ended a sentence and
            # this line starts a new one, or a table's column ended there.
            if _NUMERIC_CELL_RE.match(prev.text) and not _NUMERIC_CELL_RE.match(t):
                return True
            return bool(TERMINAL_END_RE.search(prev.text) and (t[:1].isupper() or BULLET_RE.match(t)))
        if BULLET_RE.match(t) or t == "•" or is_table_row(t) or is_table_row(prev.text):
            return True  # list items and table rows stand on their own
        return self._paragraph_break(prev.text, t)

    def _item_break(self, prev: str, line: str, first: str) -> bool:
        """Whether a list item starts or ends between ``prev`` and ``line`` (in a block that
        opened with ``first``), also across a page break: a labelled item ("ii. ...") after a
        sentence end or the lead-in's colon, or the end of an item without a full stop
        (`_item_ends`). Items that end in ";" stay one enumeration ("a. ...; b. ... en c. ...")."""
        if looks_like_list_item(line) and ends_sentence(prev):
            return True
        return _is_item(first) and self._item_ends(prev, line)

    def _item_ends(self, prev: str, line: str) -> bool:
        """Whether a list item that ``prev`` ends without a full stop ("• Snellere procedures")
        stops before ``line``: a capital starts it, and its first word would have fitted on the
        short line before, so that line ended where the item did, not where the text wrapped."""
        if not line[:1].isupper() or BULLET_RE.match(line) or ends_sentence(prev):
            return False
        if not _LABEL_ONLY_RE.sub("", BULLET_RE.sub("", prev)).strip():
            return False  # the bullet or label on a line of its own: the item's text follows
        first_word = line.split()[0]
        return len(prev) + 1 + len(first_word) < 0.75 * self.width

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
            if self._is_box(texts):
                block.kind = "box"
                out.append(block)
                continue
            at_start = bi == 0 and not out and not annex
            after = blocks[bi + 1].lines[0].text if bi + 1 < len(blocks) else None
            out.extend(self._headings_inside(block, at_start, after))
        return _merge_tables([_with_kind(b) for b in out])

    def _headings_inside(self, block: Block, at_start: bool, after: str | None) -> list[Block]:
        """Headings inside a block: a short line between a sentence end (or another heading) and
        a line that starts with a capital (the last line of the block before the next block's
        first line ``after``)."""
        out: list[Block] = []
        cur = Block()
        prev_heading = False
        table_rows = self._table_runs(block)
        lines = block.lines
        wrapped_at = -1  # the second line of a heading that wraps, taken with the first
        for k, ln in enumerate(lines):
            if k == wrapped_at:
                continue
            prev_t = lines[k - 1].text if k > 0 else None
            can_stand = k not in table_rows and _can_stand(ln.text, prev_t, prev_heading, at_start)
            heading = self._heading_at(lines, k, after) if can_stand else []
            if len(heading) == 2:
                wrapped_at = k + 1
            if heading:
                if cur.lines:
                    out.append(cur)
                out.append(Block(heading, heading=True))
                cur = Block()
                prev_heading = True
                continue
            prev_heading = False
            kind = "table" if k in table_rows else "text"
            if cur.lines and cur.kind != kind:  # a table's rows apart from the prose around them
                out.append(cur)
                cur = Block()
            cur.kind = kind
            cur.lines.append(ln)
        if cur.lines:
            out.append(cur)
        return out

    def _is_box(self, texts: list[str]) -> bool:
        """A box: a title, then three lines or more set wider than the letter's text column
        ("Missiegedreven Innovatiebeleid" over a framed paragraph); its title is no heading."""
        rest = sorted(len(t) for t in texts[1:])
        if len(rest) < 3 or not is_heading_text(texts[0], self.width) or QA_LABEL_RE.match(texts[0]):
            return False
        return rest[len(rest) // 2] > 1.1 * self.width

    def _heading_at(self, lines: list[Line], k: int, after: str | None) -> list[Line]:
        """The heading's lines when a heading starts at line ``k`` (where one can stand): the
        line alone, or with the next when it wraps; else none."""
        next_t = lines[k + 1].text if k + 1 < len(lines) else after
        # at a block's start (after a paragraph break) a heading may run longer
        limit = 0.85 if k == 0 else 0.8
        if next_t is not None and self._line_heading(lines[k].text, next_t, limit):
            return [lines[k]]
        return [lines[k], lines[k + 1]] if self._wraps(lines, k, after) else []

    def _wraps(self, lines: list[Line], k: int, after: str | None) -> bool:
        """Whether lines ``k`` and ``k + 1`` are one heading wrapped over two lines ("Duurzaam
        bouwen met landelijke maatlat voor een groene klimaatadaptieve" / "gebouwde omgeving"),
        followed by a line that starts a sentence."""
        if k + 1 >= len(lines):
            return False
        first, second = lines[k].text, lines[k + 1].text
        nxt = lines[k + 2].text if k + 2 < len(lines) else after
        if nxt is None or not (nxt[:1].isupper() or BULLET_RE.match(nxt)) or len(second) >= 0.5 * self.width:
            return False
        return self._block_heading([first, second])

    def _table_runs(self, block: Block) -> set[int]:
        """Lines in runs of three or more short unnumbered lines: a table extracted column by
        column ("Diagnosegroep" / "Angststoornissen" / "Depressie"), not a stack of headings."""
        short = [
            bool(_NUMERIC_CELL_RE.match(ln.text)) or bool(ln.text) and len(ln.text) < 0.6 * self.width
            and not ends_sentence(ln.text) and not HEADING_NUMBER_RE.match(ln.text)
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

    def _line_heading(self, text: str, next_text: str, limit: float = 0.8) -> bool:
        """Whether a line of a block reads as a heading before ``next_text``; ``limit`` is the
        longest a heading may be, as a share of the line width."""
        if not is_heading_text(text, self.width) or len(text) >= limit * self.width:
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
        if QA_LABEL_RE.match(first) or len(first) < 0.4 * self.width:
            # "Vraag 2" / the question; "Maatregelen" / "Zuinig met water": a heading wraps only
            # when it is long, two short lines are two headings
            return False
        joined = join_lines(texts, self.doc.evidence)
        return (
            not TERMINAL_END_RE.search(first)
            and is_heading_text(joined.replace("?", "").strip() + ("?" if joined.endswith("?") else ""), self.width * 2)
            and len(second) < 0.8 * self.width
            and len(joined.split()) <= 14
        )
