"""Footnotes: the notes at page bottoms and the markers in the body that point at them.

Three shapes occur: notes that start with their number ("1 Kamerstukken ..."), notes whose number
the extraction lost (a gap between two found notes), and numbers standing on lines of their own
apart from their text (pdftotext on the house style).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from ..model.letter import Footnote
from ..text.hyphenation import join_lines
from ..text.markers import (
    Marker,
    choose_markers,
    find_glued_running_candidates,
    find_marker_candidates,
    find_running_candidates,
    glued_note_evidence,
)
from .lines import (
    BODY,
    CLOSING,
    FOOTNOTE,
    FURNITURE,
    LETTERHEAD,
    NOTE_LABEL_RE,
    NUMBER_ONLY_RE,
    TERMINAL_END_RE,
    UNASSIGNED,
    Line,
    LineDoc,
    contains_glued_marker,
    ends_sentence,
    footnote_start,
    looks_like_note_text,
)


class FootnoteFinder:
    """Finds the footnote lines of a `LineDoc` whose letterhead and closing are marked."""

    def __init__(self, doc: LineDoc) -> None:
        self.doc = doc
        self._marker_cache: dict[int, list[int]] | None = None
        self._referenced: set[int] | None = None

    def mark(self) -> None:
        """Notes that start with their number ("1 Kamerstukken ..."), in order, where the body
        references them; then gaps (a lost marker) and detached numbers. Sets
        ``doc.footnote_lines`` (number -> its lines)."""
        doc = self.doc
        lines = doc.lines
        found: dict[int, list[Line]] = {}
        expected = 1
        i = doc.body_start
        while i < doc.n:
            ln = lines[i]
            num = (footnote_start(ln.text, after_label=self._after_label(i)) if ln.role == BODY else None) or 0
            if num and num not in found and expected <= num <= expected + 3 and self._in_context(i, num):
                found[num] = self._take(i)
                expected = max(found) + 1
                i = found[num][-1].index + 1
                continue
            i += 1
        self._fill_gaps(found)
        doc.footnote_lines = found
        self._detached(found)

    def _after_label(self, i: int) -> bool:
        """Whether line ``i`` stands right under a note label ("Noot", "X Noot")."""
        return i > 0 and bool(NOTE_LABEL_RE.match(self.doc.lines[i - 1].text))

    def _take(self, i: int) -> list[Line]:
        body = self._collect(i)
        for fl in body:
            fl.role = FOOTNOTE
        return body

    def _fill_gaps(self, found: dict[int, list[Line]]) -> None:
        """A note whose marker the extraction lost ("8" between notes 7 and 9) still counts when
        it stands where notes stand: next to its neighbours, or at a page end between them."""
        if not found:
            return
        for num in range(1, max(found)):
            if num in found:
                continue
            lo = max((n for n in found if n < num), default=None)
            hi = min((n for n in found if n > num), default=None)
            start = found[lo][-1].index + 1 if lo is not None else self.doc.body_start
            stop = found[hi][0].index if hi is not None else self.doc.n
            at = next((i for i in range(start, stop) if self._gap_note_at(i, num)), None)
            if at is not None:
                found[num] = self._take(at)
        self._extend_run(found)

    def _extend_run(self, found: dict[int, list[Line]]) -> None:
        """The notes that follow the last one found, each on the line right under the one before
        on the same page and numbered one higher ("5 ..." / "6 ..."): a run of notes goes on even
        where the marker's shape did not vouch for the note ("de commissie 6 van")."""
        num = max(found)
        while True:
            last = found[num][-1]
            i = last.index + 1
            if i >= self.doc.n:
                return
            ln = self.doc.lines[i]
            if ln.role != BODY or ln.page != last.page or footnote_start(ln.text) != num + 1:
                return
            num += 1
            found[num] = self._take(i)

    def _gap_note_at(self, i: int, num: int) -> bool:
        """Whether line ``i`` is note ``num``, standing beside a found note or at a page end."""
        lines = self.doc.lines
        ln = lines[i]
        if ln.role != BODY or footnote_start(ln.text) != num:
            return False
        nxt = self.doc.next_nonblank(i)
        prv = self.doc.prev_nonblank(i)
        adjacent = any(k is not None and lines[k].role == FOOTNOTE and abs(k - i) == 1 for k in (nxt, prv))
        page_end = nxt is None or lines[nxt].role == FURNITURE or lines[nxt].page != ln.page
        return adjacent or page_end

    def _in_context(self, i: int, num: int) -> bool:
        """A line "N text" is a footnote when the body before it references N and it stands
        where footnotes stand: after a blank line, after another footnote, or at a page end."""
        lines = self.doc.lines
        since = self.doc.body_start
        if not any(since <= k < i and lines[k].role == BODY for k in self._marker_lines().get(num, ())):
            return False
        p = self.doc.prev_nonblank(i)
        if p is None or i - p > 1 or lines[p].role == FOOTNOTE:
            return True
        return self._at_page_end(i) and not self._numbers_restart_below(i, num)

    def _numbers_restart_below(self, i: int, num: int) -> bool:
        """Whether a line starting with ``num`` or a lower number stands after a blank line a few
        lines below ``i`` on its page: notes number upwards, so a numbered list set in the prose
        ("1 Beprijzing ..." / "2 Normering ...") sits above the notes ("" / "1 Zie ...")."""
        lines = self.doc.lines
        for j in range(i + 1, min(len(lines), i + 16)):
            if lines[j].page != lines[i].page:
                return False
            start = footnote_start(lines[j].text) if lines[j].role == BODY and not lines[j - 1].text else None
            if start is not None and start <= num:
                return True
        return False

    def _at_page_end(self, i: int) -> bool:
        """Whether the page (or the document) ends within a few body lines after ``i``."""
        lines = self.doc.lines
        page = lines[i].page
        rest = [ln for ln in lines[i + 1 : i + 16] if ln.page == page and ln.role == BODY and ln.text]
        # pages never decrease: "every later line on this page" is "the last line on this page"
        # (checking every later line at every candidate note was quadratic)
        ends = any(ln.page != page for ln in lines[i + 1 : i + 40]) or lines[-1].page == page
        return ends and len(rest) <= 12

    def _marker_lines(self) -> dict[int, list[int]]:
        """Per number, the body lines holding a possible footnote marker for it (computed once:
        searching the text before every candidate note again would be quadratic)."""
        if self._marker_cache is None:
            lines = self.doc.lines
            idx = [ln.index for ln in lines[self.doc.body_start :] if ln.text]
            starts: list[int] = []
            pos = 0
            for k in idx:
                starts.append(pos)
                pos += len(lines[k].text) + 1
            joined = "\n".join(lines[k].text for k in idx)
            cache: dict[int, list[int]] = {}
            numbers = set(range(1, 300))
            # a marker glued to a year or an acronym ("2022-20271", "ESPR2") references its note
            # too, but only with other evidence: "het ETS2" is as often a name (see the function)
            usual = find_marker_candidates(joined, numbers)
            glued = glued_note_evidence(usual, find_glued_running_candidates(joined, numbers))
            for mk in usual + glued:
                line = idx[bisect.bisect_right(starts, mk.start) - 1]
                cache.setdefault(mk.number, []).append(line)
            self._marker_cache = cache
        return self._marker_cache

    def _collect(self, i: int) -> list[Line]:
        """The lines of the footnote starting at ``i``: until a blank line, the next footnote,
        a line starting with a space (the next page of the Kamerstukken print) or the page end."""
        lines = self.doc.lines
        out = [lines[i]]
        page = lines[i].page
        for j in range(i + 1, len(lines)):  # by index: a slice copies the rest of the letter
            ln = lines[j]
            if ln.page != page or ln.role in (FURNITURE, LETTERHEAD, CLOSING):
                break
            if not ln.text or ln.lead or footnote_start(ln.text) or NUMBER_ONLY_RE.match(ln.text):
                break
            out.append(ln)
        return out

    def _referenced_numbers(self, body_text: str) -> set[int]:
        """The numbers the body holds a possible marker for (once for the whole letter, only when
        a page needs it)."""
        if self._referenced is None:
            self._referenced = {mk.number for mk in find_marker_candidates(body_text, set(range(1, 301)))}
        return self._referenced

    def _detached(self, found: dict[int, list[Line]]) -> None:
        """Footnote numbers standing on lines of their own, as pdftotext leaves them in the house
        style: "1" then the note, or the notes first and their numbers after, even out of order."""
        pages: dict[int, list[Line]] = {}
        # the body as it stands before any page's numbers are taken
        body_text = "\n".join(
            ln.text for ln in self.doc.lines if ln.role == BODY and not NUMBER_ONLY_RE.match(ln.text)
        )
        for ln in self.doc.lines[self.doc.body_start :]:
            pages.setdefault(ln.page, []).append(ln)
        for page_lines in pages.values():
            nums = [ln for ln in page_lines if _free_number(ln, found)]
            # Only numbers that the body references can be footnote numbers.
            nums = [ln for ln in nums if int(ln.text) in self._referenced_numbers(body_text)] if nums else []
            if nums:
                self._detached_on_page(page_lines, nums, found)

    def _detached_on_page(self, page_lines: list[Line], nums: list[Line], found: dict[int, list[Line]]) -> None:
        zone_start = self._zone_start(page_lines, nums[0])
        zone = [ln for ln in page_lines if ln.index >= zone_start and ln.role == BODY and ln.text]
        numbers = [ln for ln in zone if ln in nums]
        texts = [ln for ln in zone if ln not in numbers and not NUMBER_ONLY_RE.match(ln.text)]
        paired = pair_detached(zone, numbers, texts) if numbers and texts else {}
        for num_ln in numbers:
            _assign(num_ln, paired, found)

    def _zone_start(self, page_lines: list[Line], first_number: Line) -> int:
        """Where the footnote zone of a page begins: after the closing on the closing's page, else
        after the last line of running prose before the first detached number."""
        doc = self.doc
        idx = first_number.index
        # After the signature, everything on the page up to its numbers is notes.
        if doc.closing_start <= idx and doc.closing_end <= idx and any(
            ln.index == doc.closing_end - 1 or ln.index == doc.closing_start for ln in page_lines
        ):
            return doc.closing_end
        # Walk back from the first number over lines that are not running prose.
        j = idx
        for ln in reversed([p for p in page_lines if p.index < idx]):
            if not ln.text or ln.role in (CLOSING, FURNITURE, LETTERHEAD):
                break
            if ln.role != BODY:
                continue  # the lines of notes found already
            if self._prose_stop(ln):
                break
            j = ln.index
        return j if j < idx else self._paragraph_before(page_lines, idx)

    def _paragraph_before(self, page_lines: list[Line], idx: int) -> int:
        """No note text before the number at ``idx`` by the rules above: the short paragraph
        right before it (pdfminer puts a note's text above its number: "De enquête is ..." /
        "de vo-besturen." / "10")."""
        before = [p for p in page_lines if p.index < idx]
        run: list[Line] = []
        for ln in reversed(before):
            if not ln.text:
                break
            if ln.role != BODY:
                return idx
            run.append(ln)
        return run[-1].index if run and len(run) <= 4 and len(run) < len(before) else idx

    def _prose_stop(self, ln: Line) -> bool:
        """Whether body line ``ln`` is running prose (so the note zone starts after it)."""
        if contains_glued_marker(ln.text) or ln.text.endswith(":"):
            return True
        prev = self.doc.prev_nonblank(ln.index)
        lines = self.doc.lines
        # the previous line runs on into this one: this line is prose, stop before it (but a link
        # broken over lines is note text, and so is a line after a sentence end with its marker)
        runs_on = prev is not None and lines[prev].role == BODY and not ends_sentence(lines[prev].text)
        in_link = prev is not None and bool(re.search(r"https?://|^www\.", lines[prev].text))
        return runs_on and not in_link and not looks_like_note_text(ln.text)


def _free_number(ln: Line, found: dict[int, list[Line]]) -> bool:
    """A body or closing line holding only a note number not taken yet."""
    return (
        ln.role in (BODY, CLOSING) and bool(NUMBER_ONLY_RE.match(ln.text))
        and int(ln.text) not in found and 1 <= int(ln.text) <= 300
    )


def _assign(num_ln: Line, paired: dict[int, list[Line]], found: dict[int, list[Line]]) -> None:
    """Make a detached number and its paired text a footnote."""
    num = int(num_ln.text)
    if num not in paired or num in found:  # no text for it, or the same number twice
        # a note number the body refers to, but no note text to go with it: shown as
        # unassigned rather than read as a one-word sentence
        num_ln.role = UNASSIGNED
        return
    num_ln.role = FOOTNOTE
    for ln in paired[num]:
        ln.role = FOOTNOTE
    found[num] = [num_ln, *paired[num]]


def pair_detached(zone: list[Line], numbers: list[Line], texts: list[Line]) -> dict[int, list[Line]]:
    """Pair detached note numbers with note texts.

    A number directly before a text line starts that note (an anchor). The text lines are cut into
    as many notes as there are numbers: at the anchors, then at sentence ends where a capital
    follows, then anywhere. Anchored numbers take their note; the other numbers take the remaining
    notes in ascending order, as pdftotext lists notes top to bottom but their numbers anyhow.
    """
    anchors = _anchors(zone, numbers, texts)
    want = min(len(numbers), len(texts))
    cuts = {0} | set(anchors)
    sentence_cuts = [
        i for i in range(1, len(texts))
        if TERMINAL_END_RE.search(texts[i - 1].text) and texts[i].text[:1].isupper()
    ]
    for i in sentence_cuts + list(range(1, len(texts))):
        if len(cuts) >= want:
            break
        cuts.add(i)
    order = sorted(cuts)
    groups = [texts[a:b] for a, b in zip(order, order[1:] + [len(texts)])]
    paired: dict[int, list[Line]] = {}
    loose_groups = []
    for start, group in zip(order, groups):
        if start in anchors:
            paired[anchors[start]] = group
        else:
            loose_groups.append(group)
    loose_numbers = sorted(int(ln.text) for ln in numbers if int(ln.text) not in paired)
    for num, group in zip(loose_numbers, loose_groups):
        paired[num] = group
    return paired


def _anchors(zone: list[Line], numbers: list[Line], texts: list[Line]) -> dict[int, int]:
    """Text position -> note number, for numbers standing directly before a text line."""
    pos = {ln.index: k for k, ln in enumerate(zone)}
    text_pos = {ln.index: k for k, ln in enumerate(texts)}
    anchors: dict[int, int] = {}
    for num_ln in numbers:
        k = pos[num_ln.index]
        if k + 1 < len(zone) and zone[k + 1].index in text_pos and (k == 0 or zone[k - 1] not in numbers):
            anchors[text_pos[zone[k + 1].index]] = int(num_ln.text)
    return anchors


def footnotes_of(doc: LineDoc) -> list[Footnote]:
    """The `Footnote`s of ``doc.footnote_lines``, their numbers stripped, lines joined."""
    notes: list[Footnote] = []
    for num in sorted(doc.footnote_lines):
        texts = [ln.text for ln in doc.footnote_lines[num]]
        printed = re.match(rf"0*{num}(?![0-9])", texts[0]) if texts else None
        label = printed.group(0) if printed and printed.group(0) != str(num) else None  # "01" kept as printed
        if texts and NUMBER_ONLY_RE.match(texts[0]) and int(texts[0]) == num:
            texts = texts[1:]
        elif texts:
            texts[0] = re.sub(rf"^0*{num}(?:\)?\s*:?\s+|(?=https?://|www\.))", "", texts[0])
        notes.append(Footnote(num, join_lines(_links_joined(texts), doc.evidence), label))
    return notes


_LINK_RE = re.compile(r"(?:https?://|www\.)\S*$")
# A link token ending a line, or one followed by a stray " -" (the line broke at the link's own
# hyphen and the source put a space before it: "…/eurostat/statistics -" / "explained/index.php").
_LINK_END_RE = re.compile(r"(?:https?://|www\.)\S*[A-Za-z0-9/%=&?#~.]$")
_LINK_DASH_END_RE = re.compile(r"(?:https?://|www\.)\S*[A-Za-z0-9] -$")
# Characters that occur in links but not in words of prose: a token holding one is a link's rest.
_LINK_ONLY_CHARS = frozenset("%_=&?#~")
# A whole line that is one lower-case token with nothing after it: the tail of a long link.
_LINK_TAIL_RE = re.compile(r"[a-z0-9][A-Za-z0-9\-._~%/?=&#+]*")
_WORD_END_RE = re.compile(r"[a-zà-ÿ]+[.,;:]")
_DIGITS_RE = re.compile(r"[0-9]+(?:[;,.)]|$)")
_LONG_LINK = 30


def _link_rest(token: str) -> bool:
    """Whether ``token`` (a line's first word) has the shape of the rest of a link: it starts with
    a path or query character ("/01/samen-…", "%20State") or holds a character prose words never
    hold ("eiking%20MR…", "enproef_spengen…", "explained/index.php?title=…"), or two slashes."""
    return token[0] in "/%_=&?#~" or any(c in _LINK_ONLY_CHARS for c in token) or token.count("/") >= 2


def link_continues(prev: str, nxt: str) -> bool:
    """Whether line ``nxt`` goes on with the link that ends line ``prev``, so that the two join
    with no space. A note's link wraps anywhere once it is longer than the line
    ("…/publicaties/2021/12/06/brie" / "fadvies-deltacommissaris-…"); a link that simply ends
    its line is followed by a space and words.

    ``prev`` must end inside a link (``http(s)://`` or ``www.``, no space after it, not closed by
    ``,;:)``) and ``nxt`` must not start a new link. Then ``nxt`` continues it when its first
    token has a link's shape (see `_link_rest`: "https://www.x." / "nl/onderwerpen/..." too);
    or, where the link does not end in a full stop, when ``nxt`` is one lower-case token, alone on
    its line and not a word ending a sentence ("geraadpleegd."), after a long link (at least
    30 characters: one the margin broke, "…/Omgevingsverorde" / "ning"); or when a link ending in
    a digit is followed by digits and punctuation ("…&did=2022D222" / "49; hieruit"). Ordinary
    words after a link ("…/rapport" / "voor meer informatie") keep their space.
    """
    nxt = nxt.strip()
    if not nxt or nxt.startswith(("http://", "https://", "www.")):
        return False
    prev = prev.rstrip()
    m = _LINK_END_RE.search(prev) or _LINK_DASH_END_RE.search(prev)
    if m is None:
        return False
    link = m.group(0)
    token = nxt.split(None, 1)[0]
    if _link_rest(token):
        return True
    if link.endswith((" -", ".")):
        return False
    if nxt == token and len(link) >= _LONG_LINK and _LINK_TAIL_RE.fullmatch(token):
        return not _WORD_END_RE.fullmatch(token)
    return link[-1].isdigit() and bool(_DIGITS_RE.match(token))


def _links_joined(texts: list[str]) -> list[str]:
    """A link broken over lines joined back, before the prose rules see it: at one of its own
    hyphens ("https://www.noord-" / "holland.nl/...", the hyphen kept) or anywhere else
    (`link_continues`: "…/2016/11" / "/01/samen-…", no space; a stray space before a line-end
    hyphen dropped: "…/statistics -" / "explained/…")."""
    out: list[str] = []
    for t in texts:
        if out and out[-1].endswith("-") and _LINK_RE.search(out[-1]) and t and not t[0].isspace():
            out[-1] += t
        elif out and t and link_continues(out[-1], t):
            head = out[-1].rstrip()
            out[-1] = (head[:-2] + "-" if head.endswith(" -") else head) + t.strip()
        else:
            out.append(t)
    return out


def markers_per_paragraph(para_texts: Sequence[str], numbers: list[int]) -> dict[int, list[Marker]]:
    """Footnote markers per paragraph (offsets within it), chosen over the whole body in reading
    order."""
    if not numbers:
        return {}
    starts: list[int] = []
    pos = 0
    for text in para_texts:
        starts.append(pos)
        pos += len(text) + 1
    joined = "\n".join(para_texts)
    chosen = choose_markers(
        find_marker_candidates(joined, set(numbers)), numbers, find_running_candidates(joined, set(numbers))
    )
    per_para: dict[int, list[Marker]] = {}
    for mk in chosen:
        k = bisect.bisect_right(starts, mk.start) - 1
        base = starts[k]
        end = mk.end + 1 if _paren_marker(joined, mk.start, mk.end) else mk.end
        per_para.setdefault(k, []).append(Marker(mk.number, mk.start - base, end - base, mk.glued))
    return per_para


def _paren_marker(text: str, start: int, end: int) -> bool:
    """A marker in the older "1)" style ("gereed.1) De Kamer"): the bracket closes no bracket
    opened before it, so it belongs to the marker."""
    if end >= len(text) or text[end] != ")":
        return False
    before = text[max(0, start - 300) : start]
    return before.count("(") <= before.count(")")
