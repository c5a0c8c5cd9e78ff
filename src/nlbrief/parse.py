"""The parse stage: raw Kamerbrief text -> `Letter`.

Two layouts occur and both are handled:

* the older letters and the Kamerstukken print: a plain header ("Aan de Voorzitter ...",
  "Den Haag, 16 mei 2024"), headings as short blocks between blank lines, and footnote blocks at
  page bottoms that cut a sentence in two (the next page's first line starts with a space);
* the current house style as pdftotext or pdfminer extract it: a letterhead of labels and values
  ("Datum", "Betreft", "Kenmerk"), a salutation, headings as short lines without blank lines
  around them, sidebar lines that land inside the body, footers "Pagina 2 van 7", footnote numbers
  standing apart from their text, bullets as private-use glyphs, an annex after the signature.

The parser classifies every input line (letterhead, furniture, body, heading, footnote, closing,
unassigned) and builds the `Letter` from those classes only, so that every word ends up in exactly
one place; `accounting.check_nothing_lost` verifies it.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .model.letter import (
    Citation,
    Commitment,
    Footnote,
    Letter,
    Motion,
    Paragraph,
    RawDocument,
    Section,
    Sentence,
    Source,
)
from .text.citations import find_citations, find_motions, mentions_commitment, submission_date
from .text.dutch import DATE_RE, parse_date
from .text.hyphenation import join_lines, word_counts
from .text.markers import choose_markers, find_marker_candidates, remove_markers
from .text.normalise import normalise_glyphs
from .text.segment import BULLETS, split_sentences

# ---------------------------------------------------------------------------------------------
# Line classes and patterns
# ---------------------------------------------------------------------------------------------

BLANK, LETTERHEAD, FURNITURE, BODY, FOOTNOTE, CLOSING, SALUTATION, UNASSIGNED = (
    "blank", "letterhead", "furniture", "body", "footnote", "closing", "salutation", "unassigned",
)

_BULLET_RE = re.compile(rf"^[{BULLETS}]\s*|^[-–]\s+(?=\S)")
_FOOTER_RE = re.compile(r"^P\s?a\s?g\s?i\s?n\s?a\s+\d+\s+van\s+\d+$", re.IGNORECASE)
_SALUTATION_RE = re.compile(r"^Geachte\s+(?:[Vv]oorzitter|heer|mevrouw|[Dd]ames)\b.*,?$")
_GREETING_RE = re.compile(
    r"^(?:Hoogachtend|Met\s+(?:vriendelijke|hartelijke)\s+groet(?:en)?|"
    r"Met\s+de\s+meeste\s+hoogachting|Met\s+vriendelijke\s+groeten)[,.]?$",
    re.IGNORECASE,
)
_ROLE_RE = re.compile(
    r"^(?:(?:de|De|DE)\s+)?(?:[Mm]inister|MINISTER|[Ss]taatssecretaris|STAATSSECRETARIS|"
    r"[Mm]inister-[Pp]resident|MINISTER-PRESIDENT|[Vv]ice-[Mm]inister-[Pp]resident)\b"
)
_ADDRESSEE_RE = re.compile(
    r"^(?:Aan\s+)?(?:de|De)\s+[Vv]oorzitter\s+van\s+de\s+(?:Tweede|Eerste)\s+Kamer\b", re.IGNORECASE
)
_PLACE_DATE_RE = re.compile(rf"^(?P<place>[A-Z][\w'’ .-]{{1,40}}?),\s+(?P<date>{DATE_RE.pattern})\s*$")
_LABELS = (
    "Datum", "Betreft", "Onderwerp", "Kenmerk", "Ons kenmerk", "Onze referentie", "Uw kenmerk",
    "Uw brief", "Uw referentie", "Bijlage(n)", "Bijlagen", "Bijlage", "Bezoekadres", "Postadres",
    "Contactpersoon", "Inlichtingen", "Doorkiesnummer", "Kenmerk afzender",
    "Overheidsidentificatienr", "Afschrift aan", "Retouradres", "Datum ondertekening",
)
_LABEL_RE = re.compile(
    r"^(?:" + "|".join(re.escape(lbl).replace(r"\ ", r"\s+") for lbl in sorted(_LABELS, key=len, reverse=True))
    + r")\b\s*(?P<value>.*)$"
)
# A sidebar label standing alone on its line ("Bezoekadres", "Ons kenmerk"): furniture wherever it
# lands in the body. "Bijlage" alone is left out: it can head an annex.
_SIDEBAR_LABEL_RE = re.compile(
    r"^(?:Bezoekadres|Postadres|Kenmerk|Ons\s+kenmerk|Onze\s+referentie|Uw\s+kenmerk|Uw\s+brief|"
    r"Uw\s+referentie|Bijlage\(n\)|Bijlagen|Contactpersoon|Inlichtingen|Doorkiesnummer|Datum|Betreft|"
    r"Kenmerk\s+afzender|Overheidsidentificatienr|Afschrift\s+aan)$"
)
_REFERENCE_LABEL_RE = re.compile(r"^(?:Ons\s+kenmerk|Kenmerk|Onze\s+referentie)\b\s*(?P<value>.*)$")
_SUBJECT_LABEL_RE = re.compile(r"^(?:Betreft|Onderwerp)\b\s*(?P<value>.*)$")
_DATE_LABEL_RE = re.compile(r"^Datum\b\s*(?P<value>.*)$")
# Sidebar and address lines of the house style, wherever they land.
_SIDEBAR_RE = re.compile(
    r"^(?:>\s*)?Retouradres\b|^Postbus\s+\d+|^\d\s?\d\s?\d\s?\d\s*[A-Z]\s?[A-Z]\b\s+\S|"
    r"^www\.[\w.-]+(?:/\w+)?$|^[TF]\s+0\s?\d[\d -]{6,}|^Correspondentie uitsluitend|"
    r"^Bij beantwoording\b|^Afschrift aan$|^Overheidsidentificatienr|^Kenmerk afzender$"
)
_KNOWN_SIDEBAR_PHRASES = (
    "Correspondentie uitsluitend richten aan het retouradres met vermelding van de datum en het kenmerk van deze brief.",
    "Bij beantwoording datum, onze referentie en betreft vermelden.",
)
_NUMBER_ONLY_RE = re.compile(r"^(\d{1,3})$")
_FOOTNOTE_START_RE = re.compile(r"^(\d{1,3})\s+(?=\S)(?!(?:procent|miljoen|miljard|januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\b)")
_TERMINAL_END_RE = re.compile(r"[.!?…][\"'”’)]*$|:$")
_HEADING_NUMBER_RE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.)\s+\S")


@dataclass
class Line:
    index: int
    page: int
    text: str  # stripped
    lead: bool  # the raw line started with whitespace (a new page in the Kamerstukken print)
    role: str = BODY

    @property
    def blank(self) -> bool:
        return not self.text


@dataclass
class _Block:
    lines: list[Line] = field(default_factory=list)
    heading: bool = False

    @property
    def text_lines(self) -> list[str]:
        return [ln.text for ln in self.lines]


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def parse_path(path: str | Path, *, max_size_mb: float | None = None, check_language: bool = True) -> Letter:
    """Read and parse a letter (text or PDF; ``-`` is standard input)."""
    from .read import read_path

    return parse_document(read_path(path, max_size_mb=max_size_mb), check_language=check_language)


def parse_text(text: str, *, path: str = "<text>", check_language: bool = False) -> Letter:
    """Parse a letter given as text (for tests and library use)."""
    source = Source(path=path, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), format="text")
    return parse_document(RawDocument(text=text, source=source), check_language=check_language)


def parse_document(doc: RawDocument, *, check_language: bool = True) -> Letter:
    """Parse a `RawDocument` from the read stage into a `Letter`."""
    text = normalise_text(doc.text)
    if not text.strip():
        raise InputError(f"{doc.source.path} holds no text: there is nothing to parse.")
    if check_language:
        require_dutch(text, doc.source.path)
    lines = split_lines(text)
    parser = _Parser(lines)
    return parser.build(doc.source, tuple(doc.furniture))


# ---------------------------------------------------------------------------------------------
# Pure helpers
# ---------------------------------------------------------------------------------------------

_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def normalise_text(text: str) -> str:
    """Line ends to LF, ligatures and soft hyphens resolved (`text.normalise.normalise_glyphs`), no
    BOM or invisible characters, non-breaking spaces to spaces, bullets to •."""
    text = normalise_glyphs(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _INVISIBLE_RE.sub("", text)
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2007", " ")
    text = re.sub(rf"[{BULLETS}]", "•", text)
    return text


def split_lines(text: str) -> list[Line]:
    """Lines with their page numbers (pages end at form feeds and at "Pagina N van M" footers)."""
    out: list[Line] = []
    page = 1
    pending_break = False
    for raw in text.split("\n"):
        parts = raw.split("\f")
        for k, part in enumerate(parts):
            if k > 0:
                page += 1
                pending_break = False
            if pending_break and part.strip():
                page += 1
                pending_break = False
            stripped = part.strip()
            lead = bool(part) and part[0] in " \t" and bool(stripped)
            out.append(Line(len(out), page, stripped, lead))
            if _FOOTER_RE.match(stripped):
                pending_break = True
    return out


_DUTCH_WORDS = frozenset(
    "de het een en van in is dat op te voor met zijn niet aan ook als om bij door wordt er die "
    "deze dit naar over uit worden kan tot nog maar heeft hebben u uw ik wij we zal zullen".split()
)
_OTHER_WORDS = {
    "English": frozenset(
        "the and of to in is that for on with as are was be by this it from at or an have has not "
        "which will would their they".split()
    ),
    "French": frozenset(
        "le la les et est des du un une que qui pour dans sur pas par au aux il elle nous vous ce "
        "cette sont été avec".split()
    ),
    "German": frozenset(
        "der die das und ist nicht mit auf den dem des ein eine zu für von sich auch wir sie es "
        "wird werden sind".split()
    ),
}


def language_scores(text: str) -> dict[str, float]:
    """Share of each language's function words among the words of ``text``."""
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    if not words:
        return {"Dutch": 0.0}
    scores = {"Dutch": sum(w in _DUTCH_WORDS for w in words) / len(words)}
    for lang, vocab in _OTHER_WORDS.items():
        scores[lang] = sum(w in vocab for w in words) / len(words)
    return scores


def require_dutch(text: str, name: str) -> None:
    """Raise `InputError` when a text long enough to judge is clearly not Dutch."""
    sample = text[:20_000]  # enough to judge; a long letter need not be read twice
    words = re.findall(r"[A-Za-zÀ-ÿ]+", sample)
    if len(words) < 40:
        return
    scores = language_scores(sample)
    nl = scores.pop("Dutch")
    other, best = max(scores.items(), key=lambda kv: kv[1])
    # Dutch prose scores 0.25-0.40 on its function words; English about 0.10 (it shares "in",
    # "is", "over"), French and German less (they share "de", "en", "die").
    if nl < 0.06 or (nl < 0.15 and best > nl):
        lang = other if best > nl else "not Dutch"
        raise InputError(
            f"{name} does not look like Dutch (it reads as {lang}: {nl:.0%} Dutch function words, "
            f"{best:.0%} {other} ones). nlbrief reads Dutch parliamentary letters; pass a Dutch "
            "letter, or use --no-language-check if this one is Dutch after all."
        )


def is_heading_text(text: str, width: float) -> bool:
    """Whether a line reads as a heading: short, capitalised, no sentence end."""
    t = text.strip()
    if not t or len(t) > max(0.75 * width, 20) and len(t) > 70:
        return False
    words = t.split()
    if len(words) > 14:
        return False
    first = t[0]
    if not (first.isupper() or first.isdigit()):
        return False
    if _BULLET_RE.match(t):
        return False
    if not any(c.isalpha() for c in t):
        return False
    if t.endswith((",", ";", "-", "–", "(", "/")):
        return False
    if t.endswith("?"):
        return len(words) <= 8
    if t.endswith(":"):
        return len(words) <= 4
    if _TERMINAL_END_RE.search(t) and not t.endswith(("c.s.", ".)")):
        return False
    if _FOOTER_RE.match(t) or _LABEL_RE.match(t) and len(words) <= 2:
        return False
    if re.fullmatch(r"[\d\s.,%€+-]+", t):
        return False
    if _is_table_row(text) or re.match(r"^(?:Tabel|Figuur|Grafiek|Bron)\s*\d*[.:]?\s", t):
        return False  # a table row with its columns, or a caption
    return True


# ---------------------------------------------------------------------------------------------
# The parser
# ---------------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.n = len(lines)
        self.body_start = 0
        self.closing_start = self.n
        self.closing_end = self.n
        self.salutation: str | None = None
        self.roles: list[str] = []
        self.names: list[str] = []
        self.footnote_lines: dict[int, list[Line]] = {}
        self._marker_cache: dict[int, list[int]] | None = None
        nonblank = [ln.text for ln in lines if ln.text]
        lengths = sorted(len(t) for t in nonblank if len(t) > 20)
        self.width = float(lengths[int(0.9 * (len(lengths) - 1))]) if lengths else 80.0
        self.evidence = word_counts("\n".join(nonblank))

    # -- stage 1: furniture ------------------------------------------------------------------
    def mark_furniture(self) -> None:
        lines = self.lines
        pages = {ln.page for ln in lines}
        for ln in lines:
            if _FOOTER_RE.match(ln.text):
                ln.role = FURNITURE
        # Lines repeated on several pages (running headers, the sidebar) are furniture; so are
        # the label/value pairs of the sidebar when they repeat.
        by_text: dict[str, set[int]] = {}
        for ln in lines:
            if ln.text and len(ln.text.split()) <= 8:
                by_text.setdefault(_norm(ln.text), set()).add(ln.page)
        repeated = {t for t, ps in by_text.items() if len(ps) >= 2} if len(pages) >= 2 else set()
        is_rep = [
            bool(ln.text) and ln.role == BODY and _norm(ln.text) in repeated and self._isolated_repeat(i)
            for i, ln in enumerate(lines)
        ]
        for i, ln in enumerate(lines):
            if not is_rep[i]:
                continue
            # A repeated line is furniture when it stands in a block of such lines (the sidebar:
            # "Ministerie van" / "Infrastructuur en" / "Waterstaat") or beside a page footer; a
            # repeated heading ("Problematiek") between prose lines stays.
            p, q = self._prev_nonblank(i), self._next_nonblank(i)
            neighbours = [k for k in (p, q) if k is not None]
            if any(is_rep[k] or _FOOTER_RE.match(lines[k].text) for k in neighbours):
                ln.role = FURNITURE
        # Sidebar lines (return address, postbox, website, standard phrases) wherever they land.
        for ln in lines:
            if ln.role == BODY and ln.text and (_SIDEBAR_RE.search(ln.text) or ln.text in _KNOWN_SIDEBAR_PHRASES):
                ln.role = FURNITURE
        for ln in lines:
            if ln.role == BODY and _SIDEBAR_LABEL_RE.match(ln.text):
                ln.role = FURNITURE
        for i, ln in enumerate(lines):
            if ln.role == FURNITURE and _LABEL_RE.match(ln.text) and not _LABEL_RE.match(ln.text).group("value"):
                j = self._next_nonblank(i)
                if j is not None and lines[j].role == BODY and len(lines[j].text.split()) <= 4:
                    if not re.match(r"^[a-z]", lines[j].text):
                        lines[j].role = FURNITURE

    def _isolated_repeat(self, i: int) -> bool:
        """A repeated short line is furniture unless it sits inside running prose."""
        text = self.lines[i].text
        if _TERMINAL_END_RE.search(text) and len(text.split()) > 4:
            return False
        if _NUMBER_ONLY_RE.match(text):
            return False  # footnote numbers repeat by page ("1" on every page) but are no furniture
        return True

    def _next_nonblank(self, i: int, stop: int | None = None) -> int | None:
        stop = self.n if stop is None else stop
        for j in range(i + 1, stop):
            if self.lines[j].text:
                return j
        return None

    def _prev_nonblank(self, i: int, stop: int = -1) -> int | None:
        for j in range(i - 1, stop, -1):
            if self.lines[j].text:
                return j
        return None

    # -- stage 2: letterhead -------------------------------------------------------------------
    def mark_letterhead(self) -> None:
        lines = self.lines
        limit = min(self.n, 120)
        start = None
        for i in range(limit):
            if _SALUTATION_RE.match(lines[i].text):
                self.salutation = lines[i].text
                lines[i].role = SALUTATION
                start = i + 1
                break
        if start is None:
            for i in range(min(self.n, 60)):
                if _PLACE_DATE_RE.match(lines[i].text):
                    start = i + 1
                    break
        if start is None:
            start = self._letterhead_end_by_labels(limit)
        self.body_start = start
        for ln in lines[:start]:
            if ln.role in (BODY, FURNITURE) and ln.text:
                ln.role = LETTERHEAD
            elif not ln.text:
                ln.role = BLANK

    def _letterhead_end_by_labels(self, limit: int) -> int:
        """Without salutation or "place, date" line: the body starts at the first prose line
        after the date and the label/value pairs of the letterhead."""
        lines = self.lines
        date_at = None
        for i in range(limit):
            t = lines[i].text
            if t and DATE_RE.search(t) and (
                _DATE_LABEL_RE.match(t) or DATE_RE.fullmatch(t.strip()) or _PLACE_DATE_RE.match(t)
            ):
                date_at = i
                break
        if date_at is None:
            return 0
        i = date_at + 1
        while i < limit:
            t = lines[i].text
            if t and _is_prose(t) and not _LABEL_RE.match(t) and lines[i].role == BODY:
                prev = self._prev_nonblank(i)
                # the subject's value follows its label (and is not prose that opens the body)
                if prev is not None and _SUBJECT_LABEL_RE.match(lines[prev].text) and not _SUBJECT_LABEL_RE.match(lines[prev].text).group("value"):
                    i += 1
                    continue
                return i
            i += 1
        return date_at + 1

    # -- stage 3: closing ----------------------------------------------------------------------
    def mark_closing(self) -> None:
        lines = self.lines
        lo = self.body_start
        greeting = None
        for i in range(self.n - 1, lo - 1, -1):
            if lines[i].role == BODY and _GREETING_RE.match(lines[i].text):
                greeting = i
                break
        if greeting is not None:
            self.closing_start = greeting
            end = self._consume_signatures(greeting + 1)
        else:
            start = self._find_signature_without_greeting(lo)
            if start is None:
                return
            start = self._extend_signatures_back(start, lo)
            self.closing_start = start
            end = self._consume_signatures(start)
        self.closing_end = end
        for ln in lines[self.closing_start : end]:
            if ln.role == BODY:
                ln.role = CLOSING if ln.text else BLANK

    def _consume_signatures(self, i: int) -> int:
        """Read role and name lines from ``i``; return the index after the last one."""
        lines = self.lines
        last = i
        role_buf: list[str] = []
        while i < self.n:
            ln = lines[i]
            if ln.role != BODY or not ln.text:
                i += 1
                if not ln.text and i - last > 4:
                    break
                continue
            t = ln.text
            if role_buf or _ROLE_RE.match(t):
                role_buf.append(t)
                j = self._next_nonblank(i)
                nxt = lines[j].text if j is not None and lines[j].role == BODY else ""
                if not _role_continues(role_buf, nxt):
                    self.roles.append(_join_role(role_buf))
                    role_buf = []
                last = i + 1
                i += 1
                continue
            if _looks_like_name(t):
                self.names.append(t)
                last = i + 1
                i += 1
                continue
            break
        if role_buf:
            self.roles.append(_join_role(role_buf))
        return last

    def _extend_signatures_back(self, start: int, lo: int) -> int:
        """Several signatories sign one under the other: take in the role/name pairs above."""
        lines = self.lines
        while True:
            p = self._prev_nonblank(start, lo - 1)
            if p is None or lines[p].role != BODY:
                return start
            t = lines[p].text
            if _looks_like_name(t) or _ROLE_RE.match(t):
                start = p
                continue
            q = self._prev_nonblank(p, lo - 1)
            # a wrapped role: "De Staatssecretaris van Financiën –" / "Toeslagen en Douane,"
            if t.endswith(",") and len(t.split()) <= 6 and q is not None and _ROLE_RE.match(lines[q].text):
                start = q
                continue
            return start

    def _find_signature_without_greeting(self, lo: int) -> int | None:
        """A closing without "Hoogachtend": a role line and a name (or a name and a role) near the end."""
        lines = self.lines
        body_idx = [i for i in range(lo, self.n) if lines[i].role == BODY and lines[i].text]
        for pos in range(len(body_idx) - 1, -1, -1):
            i = body_idx[pos]
            t = lines[i].text
            if _ROLE_RE.match(t):
                j = body_idx[pos + 1] if pos + 1 < len(body_idx) else None
                k = body_idx[pos - 1] if pos > 0 else None
                near_end = len(body_idx) - pos <= 4
                if (t.endswith(",") or near_end and len(t.split()) <= 10) and j is not None and _looks_like_name(lines[j].text):
                    # "De Staatssecretaris van Justitie en Veiligheid," / "E. van der Burg"
                    # (wrapped roles: step back over a role line that does not end in a comma)
                    if k is not None and _ROLE_RE.match(lines[k].text) and not lines[k].text.endswith(","):
                        return k
                    return i
                if k is not None and _looks_like_name(lines[k].text) and not t.endswith("."):
                    # "M.A.M. Adriaansens" / "Minister van Economische Zaken en Klimaat"
                    return k
            if len(body_idx) - pos > 40:
                break
        return None

    # -- stage 4: footnotes --------------------------------------------------------------------
    def mark_footnotes(self) -> None:
        """Notes that start with their number ("1 Kamerstukken ..."), in order, where the body
        references them; then gaps (a lost marker) and detached numbers."""
        lines = self.lines
        found: dict[int, list[Line]] = {}
        expected = 1
        i = self.body_start
        while i < self.n:
            ln = lines[i]
            m = _FOOTNOTE_START_RE.match(ln.text) if ln.role == BODY else None
            if m:
                num = int(m.group(1))
                if num not in found and expected <= num <= expected + 3 and self._footnote_context(i, num, self.body_start):
                    body = self._collect_footnote(i)
                    for fl in body:
                        fl.role = FOOTNOTE
                    found[num] = body
                    expected = max(found) + 1
                    i = body[-1].index + 1
                    continue
            i += 1
        self._fill_gaps(found)
        self.footnote_lines = found
        self._detached_footnotes(found)

    def _fill_gaps(self, found: dict[int, list[Line]]) -> None:
        """A note whose marker the extraction lost ("8" between notes 7 and 9) still counts when
        it stands where notes stand: next to its neighbours, or at a page end between them."""
        lines = self.lines
        if not found:
            return
        for num in range(1, max(found)):
            if num in found:
                continue
            lo = max((n for n in found if n < num), default=None)
            hi = min((n for n in found if n > num), default=None)
            start = found[lo][-1].index + 1 if lo is not None else self.body_start
            stop = found[hi][0].index if hi is not None else self.n
            for i in range(start, stop):
                ln = lines[i]
                m = _FOOTNOTE_START_RE.match(ln.text) if ln.role == BODY else None
                if not m or int(m.group(1)) != num:
                    continue
                nxt = self._next_nonblank(i)
                prv = self._prev_nonblank(i)
                adjacent = any(
                    k is not None and lines[k].role == FOOTNOTE and abs(k - i) == 1 for k in (nxt, prv)
                )
                page_end = nxt is None or lines[nxt].role == FURNITURE or lines[nxt].page != ln.page
                if adjacent or page_end:
                    body = self._collect_footnote(i)
                    for fl in body:
                        fl.role = FOOTNOTE
                    found[num] = body
                    break

    def _footnote_context(self, i: int, num: int, since: int) -> bool:
        """A line "N text" is a footnote when the body before it references N and it stands
        where footnotes stand: after a blank line, after another footnote, or at a page end."""
        lines = self.lines
        if not any(since <= k < i and lines[k].role == BODY for k in self._marker_lines().get(num, ())):
            return False
        p = self._prev_nonblank(i)
        if p is None or i - p > 1 or lines[p].role == FOOTNOTE:
            return True
        # at a page end: the page (or the document) ends within a few lines
        page = lines[i].page
        rest = [ln for ln in lines[i + 1 : i + 16] if ln.page == page and ln.role == BODY and ln.text]
        ends = any(ln.page != page for ln in lines[i + 1 : i + 40]) or all(
            ln.page == page for ln in lines[i + 1 :]
        )
        return ends and len(rest) <= 12

    def _marker_lines(self) -> dict[int, list[int]]:
        """Per number, the body lines holding a possible footnote marker for it (computed once:
        searching the text before every candidate note again would be quadratic)."""
        if self._marker_cache is None:
            idx = [ln.index for ln in self.lines[self.body_start :] if ln.text]
            starts: list[int] = []
            parts: list[str] = []
            pos = 0
            for k in idx:
                starts.append(pos)
                parts.append(self.lines[k].text)
                pos += len(self.lines[k].text) + 1
            joined = "\n".join(parts)
            cache: dict[int, list[int]] = {}
            import bisect

            for mk in find_marker_candidates(joined, set(range(1, 300))):
                line = idx[bisect.bisect_right(starts, mk.start) - 1]
                cache.setdefault(mk.number, []).append(line)
            self._marker_cache = cache
        return self._marker_cache

    def _collect_footnote(self, i: int) -> list[Line]:
        """The lines of the footnote starting at ``i``: until a blank line, the next footnote,
        a line starting with a space (the next page of the Kamerstukken print) or the page end."""
        lines = self.lines
        out = [lines[i]]
        page = lines[i].page
        j = i + 1
        while j < self.n:
            ln = lines[j]
            if ln.page != page or ln.role in (FURNITURE, LETTERHEAD, CLOSING):
                break
            if not ln.text or ln.lead:
                break
            if _FOOTNOTE_START_RE.match(ln.text) or _NUMBER_ONLY_RE.match(ln.text):
                break
            out.append(ln)
            j += 1
        return out

    def _detached_footnotes(self, found: dict[int, list[Line]]) -> None:
        """Footnote numbers standing on lines of their own, as pdftotext leaves them in the house
        style: "1" then the note, or the notes first and their numbers after, even out of order."""
        lines = self.lines
        pages: dict[int, list[Line]] = {}
        for ln in lines[self.body_start :]:
            pages.setdefault(ln.page, []).append(ln)
        body_text = "\n".join(ln.text for ln in lines if ln.role == BODY and not _NUMBER_ONLY_RE.match(ln.text))
        referenced: set[int] | None = None
        for page_lines in pages.values():
            nums = [ln for ln in page_lines if ln.role in (BODY, CLOSING) and _NUMBER_ONLY_RE.match(ln.text)]
            nums = [ln for ln in nums if int(ln.text) not in found and 1 <= int(ln.text) <= 300]
            if not nums:
                continue
            if referenced is None:  # once for the whole letter, only when a page needs it
                referenced = {mk.number for mk in find_marker_candidates(body_text, set(range(1, 301)))}
            # Only numbers that the body references can be footnote numbers.
            nums = [ln for ln in nums if int(ln.text) in referenced]
            if not nums:
                continue
            zone_start = self._zone_start(page_lines, nums[0])
            zone = [ln for ln in page_lines if ln.index >= zone_start and ln.role == BODY and ln.text]
            numbers = [ln for ln in zone if ln in nums]
            texts = [ln for ln in zone if ln not in numbers and not _NUMBER_ONLY_RE.match(ln.text)]
            paired = _pair_detached(zone, numbers, texts) if numbers and texts else {}
            for num_ln in numbers:
                num = int(num_ln.text)
                if num not in paired or num in found:  # no text for it, or the same number twice
                    # a note number the body refers to, but no note text to go with it: shown as
                    # unassigned rather than read as a one-word sentence
                    num_ln.role = UNASSIGNED
                    continue
                num_ln.role = FOOTNOTE
                for ln in paired[num]:
                    ln.role = FOOTNOTE
                found[num] = [num_ln, *paired[num]]

    def _zone_start(self, page_lines: list[Line], first_number: Line) -> int:
        """Where the footnote zone of a page begins: after the closing on the closing's page, else
        after the last line of running prose before the first detached number."""
        idx = first_number.index
        # After the signature, everything on the page up to its numbers is notes.
        if self.closing_start <= idx and self.closing_end <= idx and any(
            ln.index == self.closing_end - 1 or ln.index == self.closing_start for ln in page_lines
        ):
            return self.closing_end
        # Walk back from the first number over lines that are not running prose.
        j = idx
        for ln in reversed([p for p in page_lines if p.index < idx]):
            if not ln.text or ln.role in (CLOSING, FURNITURE, LETTERHEAD):
                break
            if ln.role != BODY:
                continue  # the lines of notes found already
            if _contains_glued_marker(ln.text) or ln.text.endswith(":"):
                break
            prev = self._prev_nonblank(ln.index)
            if prev is not None and self.lines[prev].role == BODY and not _TERMINAL_END_RE.search(self.lines[prev].text):
                # the previous line runs on into this one: this line is prose, stop before it
                if not _looks_like_note_text(ln.text):
                    break
            j = ln.index
        return j

    # -- stage 5: body, headings, sections -----------------------------------------------------
    def body_blocks(self) -> tuple[list[_Block], list[_Block]]:
        """Paragraph blocks of the body, and of the annex (text after the closing)."""
        lines = self.lines
        main = [ln for ln in lines[self.body_start : self.closing_start]]
        annex = [ln for ln in lines[self.closing_end :]]
        return self._blocks(main), self._blocks(annex, annex=True)

    def _blocks(self, seq: Sequence[Line], *, annex: bool = False) -> list[_Block]:
        blocks: list[_Block] = []
        cur = _Block()

        def flush() -> None:
            nonlocal cur
            if cur.lines:
                blocks.append(cur)
            cur = _Block()

        prev: Line | None = None
        interrupted = False  # a footnote block or furniture stood between prev and this line
        # A blank line ends a paragraph only when body text follows it: a blank line before a
        # footnote block or page furniture is part of the page break, not a paragraph end.
        next_is_body = [False] * len(seq)
        following = False
        for k in range(len(seq) - 1, -1, -1):
            next_is_body[k] = following
            if seq[k].text:
                following = seq[k].role == BODY
        for k, ln in enumerate(seq):
            if ln.role != BODY and ln.text:
                interrupted = True
                continue
            if not ln.text:
                if not interrupted and next_is_body[k]:
                    flush()
                    prev = None
                continue
            t = ln.text
            if prev is not None:
                if interrupted or prev.page != ln.page:
                    # Across a page break: the same paragraph unless the text before ended a
                    # sentence and this line starts a new one.
                    if _TERMINAL_END_RE.search(prev.text) and (t[:1].isupper() or _BULLET_RE.match(t)):
                        flush()
                elif _BULLET_RE.match(t) or t == "•" or _is_table_row(t) or _is_table_row(prev.text):
                    flush()  # list items and table rows stand on their own
                elif self._paragraph_break(prev.text, t):
                    flush()
            interrupted = False
            if t == "•":
                # a bullet glyph on a line of its own: the list item follows
                cur.lines.append(ln)
                prev = ln
                continue
            cur.lines.append(ln)
            prev = ln
        flush()
        return self._split_headings(blocks, annex=annex)

    def _paragraph_break(self, prev: str, line: str) -> bool:
        """Between two lines without a blank line: a new paragraph when the previous line ended a
        sentence well short of the line width and this one starts with a capital."""
        if not _ends_sentence(prev):
            return False
        if not (line[:1].isupper() or line[:1].isdigit()):
            return False
        return len(prev) < 0.8 * self.width

    def _split_headings(self, blocks: list[_Block], *, annex: bool = False) -> list[_Block]:
        out: list[_Block] = []
        for bi, block in enumerate(blocks):
            texts = block.text_lines
            # A whole block that reads as a heading (one line, or two when it wraps).
            if 1 <= len(texts) <= 2 and bi + 1 < len(blocks) and self._block_heading(texts):
                block.heading = True
                out.append(block)
                continue
            # Headings inside a block: a short line between a sentence end (or another heading)
            # and a line that starts with a capital.
            cur = _Block()
            prev_heading = False
            table_rows = self._table_runs(block)
            for k, ln in enumerate(block.lines):
                prev_t = block.lines[k - 1].text if k > 0 else None
                next_t = block.lines[k + 1].text if k + 1 < len(block.lines) else None
                at_letter_start = prev_t is None and bi == 0 and not out and not annex
                if (
                    next_t is not None
                    and k not in table_rows
                    and not at_letter_start
                    and (prev_t is None or prev_heading or prev_t == "•" or _ends_sentence(prev_t))
                    and self._line_heading(ln.text, next_t)
                ):
                    if cur.lines:
                        out.append(cur)
                    out.append(_Block([ln], heading=True))
                    cur = _Block()
                    prev_heading = True
                    continue
                prev_heading = False
                cur.lines.append(ln)
            if cur.lines:
                out.append(cur)
        return out

    def _table_runs(self, block: _Block) -> set[int]:
        """Lines in runs of three or more short unnumbered lines: a table extracted column by
        column ("Diagnosegroep" / "Angststoornissen" / "Depressie"), not a stack of headings."""
        short = [
            bool(ln.text) and len(ln.text) < 0.6 * self.width and not _ends_sentence(ln.text)
            and not _HEADING_NUMBER_RE.match(ln.text)
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
        if not (next_text[:1].isupper() or next_text[:1].isdigit() or _BULLET_RE.match(next_text) or next_text[:1] == "•"):
            return False
        if re.search(r"\d$", text) and re.search(r"\d$", next_text) and len(next_text) < 0.75 * self.width:
            return False  # rows of a table ("Noord 10" / "Zuid 12"), not headings
        if _looks_like_list_item(text):
            # "1. Water en Bodem" is a heading; "1. text" followed by "2. text" is a list.
            return len(text.split()) <= 8 and not _looks_like_list_item(next_text)
        return True

    def _block_heading(self, texts: list[str]) -> bool:
        if len(texts) == 1:
            return is_heading_text(texts[0], self.width) and len(texts[0]) < 0.8 * self.width
        first, second = texts
        joined = join_lines(texts, self.evidence)
        return (
            not _TERMINAL_END_RE.search(first)
            and is_heading_text(joined.replace("?", "").strip() + ("?" if joined.endswith("?") else ""), self.width * 2)
            and len(second) < 0.8 * self.width
            and len(joined.split()) <= 14
        )

    # -- assembly ------------------------------------------------------------------------------
    def build(self, source: Source, reader_furniture: tuple[str, ...]) -> Letter:
        self.mark_furniture()
        self.mark_letterhead()
        self.mark_closing()
        self.mark_footnotes()
        main_blocks, annex_blocks = self.body_blocks()

        footnotes = self._footnotes()
        numbers = [f.number for f in footnotes]
        sections: list[Section] = []
        # Footnote markers are found over the whole body at once: they come in order.
        all_blocks = [(b, "body") for b in main_blocks] + [(b, "annex") for b in annex_blocks]
        para_texts: list[str] = []
        for block, _ in all_blocks:
            para_texts.append("" if block.heading else _join_block(block, self.evidence))
        markers = self._markers(para_texts, numbers)

        cur_heading: str | None = None
        cur_kind = "body"
        cur_paras: list[Paragraph] = []
        sent_counter = 0
        started = False

        def close_section() -> None:
            nonlocal cur_paras, started
            if started or cur_paras:
                sections.append(Section(len(sections) + 1, cur_heading, tuple(cur_paras), cur_kind))
            cur_paras = []

        for bi, (block, kind) in enumerate(all_blocks):
            if kind == "annex" and cur_kind == "body" and (started or cur_paras):
                close_section()
                cur_heading, cur_kind, sent_counter, started = None, "annex", 0, False
                if not block.heading:
                    started = True
            if block.heading:
                close_section()
                cur_heading = join_lines(block.text_lines, self.evidence)
                cur_kind = kind
                sent_counter = 0
                started = True
                continue
            cur_kind = kind
            text = para_texts[bi]
            clean, refs = remove_markers(text, markers.get(bi, []))
            spans = split_sentences(clean)
            sents: list[Sentence] = []
            for sp in spans:
                sent_counter += 1
                own = tuple(num for off, num in refs if sp.start < off <= sp.end or (off == sp.start == 0))
                sents.append(Sentence(f"s{len(sections) + 1}.{sent_counter}", sp.text, own))
            # References that fell between spans (a marker after the last sentence's end).
            placed = {n for s in sents for n in s.footnote_refs}
            missing = [num for _, num in refs if num not in placed]
            if missing and sents:
                last = sents[-1]
                sents[-1] = Sentence(last.id, last.text, tuple(sorted({*last.footnote_refs, *missing})))
            if sents:
                cur_paras.append(Paragraph(tuple(sents)))
        close_section()

        unassigned = [ln.text for ln in self.lines if ln.role == UNASSIGNED and ln.text]

        letterhead = tuple(ln.text for ln in self.lines if ln.role == LETTERHEAD)
        furniture = tuple(reader_furniture) + tuple(ln.text for ln in self.lines if ln.role == FURNITURE)
        closing = tuple(ln.text for ln in self.lines if ln.role == CLOSING)
        meta = _letterhead_metadata(
            [ln.text for ln in self.lines if ln.role == LETTERHEAD],
            [*reader_furniture, *(ln.text for ln in self.lines if ln.role == FURNITURE)],
        )
        letter = Letter(
            source=source,
            addressee=meta.get("addressee"),
            place=meta.get("place"),
            date=meta.get("date"),
            sender_role=tuple(self.roles),
            signatory=tuple(self.names),
            subject=meta.get("subject"),
            reference=meta.get("reference"),
            sections=tuple(sections),
            footnotes=tuple(footnotes),
            letterhead=letterhead,
            salutation=self.salutation,
            closing=closing,
            furniture=furniture,
            unassigned=tuple(unassigned),
        )
        return _with_references(letter)

    def _footnotes(self) -> list[Footnote]:
        notes: list[Footnote] = []
        for num in sorted(self.footnote_lines):
            texts = [ln.text for ln in self.footnote_lines[num]]
            if texts and _NUMBER_ONLY_RE.match(texts[0]) and int(texts[0]) == num:
                texts = texts[1:]
            elif texts:
                texts[0] = re.sub(rf"^{num}\s+", "", texts[0])
            notes.append(Footnote(num, join_lines(texts, self.evidence)))
        return notes

    def _markers(self, para_texts: list[str], numbers: list[int]) -> dict[int, list]:
        """Footnote markers per paragraph, chosen over the whole body in reading order."""
        if not numbers:
            return {}
        offsets: list[tuple[int, int]] = []
        joined_parts: list[str] = []
        pos = 0
        for k, text in enumerate(para_texts):
            offsets.append((pos, k))
            joined_parts.append(text)
            pos += len(text) + 1
        joined = "\n".join(joined_parts)
        chosen = choose_markers(find_marker_candidates(joined, set(numbers)), numbers)
        per_para: dict[int, list] = {}
        starts = [o for o, _ in offsets]
        import bisect

        from .text.markers import Marker

        for mk in chosen:
            k = bisect.bisect_right(starts, mk.start) - 1
            base = starts[k]
            per_para.setdefault(k, []).append(Marker(mk.number, mk.start - base, mk.end - base, mk.glued))
        return per_para


# ---------------------------------------------------------------------------------------------
# Helpers used by the parser
# ---------------------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return "".join(text.split()).lower()


_ENDS_SENTENCE_RE = re.compile(r"[.!?…:][\"'”’)]*(?:\s?\d{1,3})?$")


def _ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence, a footnote marker after the full stop allowed ("... zijn. 1")."""
    return bool(_ENDS_SENTENCE_RE.search(text))


_TABLE_ROW_RE = re.compile(r"\S\s{3,}\S")


def _is_table_row(text: str) -> bool:
    """A row of a table as text extraction leaves it: cells apart by runs of spaces."""
    return bool(_TABLE_ROW_RE.search(text))


def _is_prose(text: str) -> bool:
    words = text.split()
    return len(words) >= 6 and any(c.islower() for c in text) and not _SIDEBAR_RE.search(text)


def _looks_like_name(text: str) -> bool:
    """A signatory line: "E. van der Burg", "drs. V.L.W.A. Heijnen", "Jan Anthonie Bruijn"."""
    t = text.strip()
    if not t or len(t) > 45 or t.endswith((",", ":", ";")) or _ROLE_RE.match(t):
        return False
    words = t.split()
    if not 1 <= len(words) <= 6 or _FOOTER_RE.match(t) or _LABEL_RE.match(t):
        return False
    particles = {"van", "de", "der", "den", "ter", "ten", "te", "in", "'t", "dr.", "drs.", "mr.", "ir.",
                 "prof.", "ing.", "bc.", "el", "mw.", "dhr."}
    caps = 0
    for w in words:
        if w.lower() in particles:
            continue
        if not (w[0].isupper()):
            return False
        caps += 1
    return caps >= 1 and not re.search(r"\d", t) and not t.endswith(".") or bool(re.fullmatch(r"(?:[A-Z]\.)+\s*.*", t))


def _role_continues(buf: list[str], nxt: str) -> bool:
    """Whether a role wraps onto ``nxt``: "de minister van Volksgezondheid," / "Welzijn en Sport,"."""
    if not nxt or len(buf) >= 3 or _ROLE_RE.match(nxt) or re.search(r"\d", nxt):
        return False
    if len(nxt.split()) > 6 or _GREETING_RE.match(nxt):
        return False
    if buf[-1].endswith(","):
        # a comma can end the role or sit inside it; the continuation ends in a comma too
        return nxt.endswith(",") and not _looks_like_name(nxt.rstrip(","))  or bool(
            re.match(r"^(?:en|Welzijn|Jeugd|Sport|Klimaat|Waterstaat|Veiligheid|Koninkrijksrelaties)\b", nxt)
            and nxt.endswith(",")
        )
    return nxt.endswith(",") or nxt[:1].islower()


def _join_role(parts: list[str]) -> str:
    return " ".join(p.strip() for p in parts).rstrip(",").strip()


def _contains_glued_marker(text: str) -> bool:
    return bool(re.search(r"[a-zà-ÿ.)’”]\d{1,3}(?:[\s.,;:)]|$)", text))


def _looks_like_note_text(text: str) -> bool:
    return bool(
        re.match(r"^(?:Kst\.|Kamerstuk|Tweede Kamer|Stcrt|Staatsblad|Zie\b|https?://|www\.|/)", text, re.I)
    )


def _looks_like_list_item(text: str) -> bool:
    return bool(re.match(r"^(?:\d{1,2}[.)]|[a-z][.)])\s", text))


def _pair_detached(zone: list[Line], numbers: list[Line], texts: list[Line]) -> dict[int, list[Line]]:
    """Pair detached note numbers with note texts.

    A number directly before a text line starts that note (an anchor). The text lines are cut into
    as many notes as there are numbers: at the anchors, then at sentence ends where a capital
    follows, then anywhere. Anchored numbers take their note; the other numbers take the remaining
    notes in ascending order, as pdftotext lists notes top to bottom but their numbers anyhow.
    """
    pos = {ln.index: k for k, ln in enumerate(zone)}
    text_pos = {ln.index: k for k, ln in enumerate(texts)}
    anchors: dict[int, int] = {}  # text index -> number
    for num_ln in numbers:
        k = pos[num_ln.index]
        if k + 1 < len(zone) and zone[k + 1].index in text_pos and (k == 0 or zone[k - 1] not in numbers):
            anchors[text_pos[zone[k + 1].index]] = int(num_ln.text)
    want = min(len(numbers), len(texts))
    cuts = {0} | set(anchors)
    sentence_cuts = [
        i for i in range(1, len(texts))
        if _TERMINAL_END_RE.search(texts[i - 1].text) and texts[i].text[:1].isupper()
    ]
    for i in sentence_cuts + list(range(1, len(texts))):
        if len(cuts) >= want:
            break
        cuts.add(i)
    order = sorted(cuts)
    groups = [texts[a:b] for a, b in zip(order, order[1:] + [len(texts)])]
    starts = order
    paired: dict[int, list[Line]] = {}
    loose_groups = []
    for start, group in zip(starts, groups):
        if start in anchors:
            paired[anchors[start]] = group
        else:
            loose_groups.append(group)
    loose_numbers = sorted(int(ln.text) for ln in numbers if int(ln.text) not in paired)
    for num, group in zip(loose_numbers, loose_groups):
        paired[num] = group
    return paired


def _join_block(block: _Block, evidence: Counter[str]) -> str:
    texts = [t for t in block.text_lines if t != "•"]
    joined = join_lines(texts, evidence)
    return joined


def _letterhead_metadata(letterhead: list[str], furniture: Iterable[str]) -> dict[str, str | None]:
    """Addressee, place, date, subject and reference from the letterhead (and sidebar) lines."""
    meta: dict[str, str | None] = {}
    lines = [t for t in letterhead if t]
    for k, t in enumerate(lines):
        if "addressee" not in meta and _ADDRESSEE_RE.match(t):
            value = re.sub(r"^Aan\s+", "", t)
            if not re.search(r"Staten-?\s?Generaal", value) and k + 1 < len(lines) and re.match(r"^der\s+Staten", lines[k + 1]):
                value = f"{value} {lines[k + 1]}"
            value = re.sub(r"\s+(?:Directoraat|Ministerie|Bezoekadres).*$", "", value)
            meta["addressee"] = value[0].upper() + value[1:]
        m = _PLACE_DATE_RE.match(t)
        if m and "date" not in meta:
            meta["place"] = m.group("place").strip()
            meta["date"] = parse_date(m.group("date"))
    if "date" not in meta:
        for t in lines:
            dm = _DATE_LABEL_RE.match(t)
            if dm and parse_date(dm.group("value")):
                meta["date"] = parse_date(dm.group("value"))
                break
        else:
            for t in lines:
                if DATE_RE.fullmatch(t.strip()) and parse_date(t):
                    meta["date"] = parse_date(t)
                    break
    # Subject: "Betreft X" on one line, or the label alone with the value after the date value.
    for k, t in enumerate(lines):
        sm = _SUBJECT_LABEL_RE.match(t)
        if not sm:
            continue
        if sm.group("value"):
            value = [sm.group("value")]
            for nxt in lines[k + 1 : k + 3]:
                if _LABEL_RE.match(nxt) or not nxt[:1].islower() and not _continues_subject(value[-1], nxt):
                    break
                value.append(nxt)
            meta["subject"] = join_lines(value)
            break
        value = []
        for nxt in _following_block(letterhead, t):
            if _LABEL_RE.match(nxt) or DATE_RE.fullmatch(nxt.strip()) or _SIDEBAR_RE.search(nxt):
                if value:
                    break
                continue
            if _is_reference_value(nxt):
                continue
            value.append(nxt)
        if value:
            meta["subject"] = join_lines(value)
        break
    # Reference: "Ons kenmerk 5687928/11" or the label with the value on the next line.
    pool = lines + [t for t in furniture if t]
    for k, t in enumerate(pool):
        rm = _REFERENCE_LABEL_RE.match(t)
        if not rm:
            continue
        value = rm.group("value").strip()
        if not value and k + 1 < len(pool):
            value = pool[k + 1].strip()
        if value and not _LABEL_RE.match(value):
            meta["reference"] = value
            break
    return meta


def _continues_subject(prev: str, nxt: str) -> bool:
    return not _TERMINAL_END_RE.search(prev) and len(nxt.split()) <= 8 and not _LABEL_RE.match(nxt) and not _SIDEBAR_RE.search(nxt)


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


def _with_references(letter: Letter) -> Letter:
    """Add citations, motions and commitments found in sentences, headings and footnotes."""
    from dataclasses import replace

    citations: dict[tuple[str, str | None], Citation] = {}
    motions: list[Motion] = []
    commitments: list[Commitment] = []
    footnote_cites: dict[int, list[Citation]] = {}

    def add_citations(text: str, where: str) -> list[Citation]:
        found = []
        for c in find_citations(text):
            cit = Citation(c.text, c.session, c.dossier, c.number, where)
            key = (c.dossier, c.number)
            old = citations.get(key)
            if old is None or (old.session is None and c.session):
                citations[key] = cit if old is None else Citation(cit.text, cit.session, cit.dossier, cit.number, old.where)
            found.append(cit)
        return found

    notes = {fn.number: fn.text for fn in letter.footnotes}
    for fn in letter.footnotes:
        footnote_cites[fn.number] = add_citations(fn.text, fn.id)
    for sec in letter.sections:
        if sec.heading:
            add_citations(sec.heading, sec.heading_id)
        for s in sec.sentences:
            local = add_citations(s.text, s.id)
            for mm in find_motions(s.text):
                cites = [c for c in local if c.number] or [
                    c for n in s.footnote_refs for c in footnote_cites.get(n, []) if c.number
                ]
                cite = _nearest_citation(s.text, mm.start, local) if local else (cites[0] if len(cites) == 1 else None)
                date = mm.date or next(
                    (d for n in s.footnote_refs if (d := submission_date(notes.get(n, "")))), None
                )
                motions.append(Motion(mm.member, cite.dossier if cite else None, cite.number if cite else None, date, s.id))
            if mentions_commitment(s.text):
                commitments.append(Commitment(s.text, s.id))
    for fn in letter.footnotes:
        for mm in find_motions(fn.text):
            cites = footnote_cites.get(fn.number, [])
            cite = _nearest_citation(fn.text, mm.start, cites) if cites else None
            motions.append(Motion(mm.member, cite.dossier if cite else None, cite.number if cite else None, mm.date, fn.id))
        if mentions_commitment(fn.text):
            commitments.append(Commitment(fn.text, fn.id))
    return replace(
        letter,
        citations=tuple(citations.values()),
        motions=tuple(_merge_motions(motions)),
        commitments=tuple(commitments),
    )


def _nearest_citation(text: str, pos: int, cites: list[Citation]) -> Citation | None:
    """The citation closest before ``pos`` in ``text`` (else the first after it)."""
    spans = [(m.start, m) for m in find_citations(text)]
    before = [m for s, m in spans if s <= pos]
    pick = before[-1] if before else (spans[0][1] if spans else None)
    if pick is None:
        return None
    for c in cites:
        if c.dossier == pick.dossier and c.number == pick.number:
            return c
    return None


def _merge_motions(motions: list[Motion]) -> list[Motion]:
    """One entry per motion: mentions of the same member (and paper) are merged, richest first."""
    merged: list[Motion] = []
    for m in motions:
        for k, old in enumerate(merged):
            same_member = m.member and old.member and m.member.lower() == old.member.lower()
            compatible = (not m.number or not old.number or m.number == old.number) and (
                not m.dossier or not old.dossier or m.dossier == old.dossier
            )
            if same_member and compatible:
                merged[k] = Motion(
                    old.member,
                    old.dossier or m.dossier,
                    old.number or m.number,
                    old.date or m.date,
                    old.where,
                )
                break
        else:
            merged.append(m)
    return merged
