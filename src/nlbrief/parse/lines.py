"""Lines and their classes: the parser's working material.

Every input line gets one class (letterhead, furniture, body, footnote, closing, salutation,
blank, unassigned); the stages in this package only change classes, and the `Letter` is built
from the classes alone, so that every word ends up in exactly one place.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..text.dutch import DATE_RE, NUMERIC_DATE_RE
from ..text.hyphenation import join_lines, word_counts
from ..text.normalise import normalise_glyphs
from ..text.segment import BULLETS
from ..text.words import HEADING_NUMBER_RE as HEADING_NUMBER_RE  # the one pattern (text.words)

BLANK, LETTERHEAD, FURNITURE, BODY, FOOTNOTE, CLOSING, SALUTATION, UNASSIGNED = (
    "blank", "letterhead", "furniture", "body", "footnote", "closing", "salutation", "unassigned",
)

BULLET_RE = re.compile(rf"^[{BULLETS}]\s*|^[-–]\s+(?=\S)")
FOOTER_RE = re.compile(r"^P\s?a\s?g\s?i\s?n\s?a\s+\d+\s+van\s+\d+$", re.IGNORECASE)
SALUTATION_RE = re.compile(r"^Geachte\s+(?:[Vv]oorzitter|heer|mevrouw|[Dd]ames)\b.*,?$")
GREETING_RE = re.compile(
    r"^(?:Hoogachtend|Met\s+(?:vriendelijke|hartelijke)\s+groet(?:en)?|"
    r"Met\s+de\s+meeste\s+hoogachting|Met\s+vriendelijke\s+groeten)[,.]?$",
    re.IGNORECASE,
)
# A signatory's role as printed, common misspellings included ("Minster", "staatsecretaris").
ROLE_RE = re.compile(
    r"^(?:(?:de|De|DE)\s+)?(?:[Mm]in[a-z]{0,2}ste?r|MINISTER|[Ss]taats?s?ecretaris|STAATSSECRETARIS|"
    r"[Mm]inister-[Pp]resident|MINISTER-PRESIDENT|[Vv]ice-[Mm]inister-[Pp]resident)\b"
)
# "Aan de Voorzitter van de Tweede Kamer", also without the article when the title is capitalised
# ("Voorzitter van de Tweede Kamer der Staten-Generaal" heads some ministries' letters).
ADDRESSEE_RE = re.compile(
    r"^(?:Aan\s+)?(?:(?:de|De)\s+[Vv]oorzitter|(?-i:Voorzitter))\s+van\s+de\s+(?:Tweede|Eerste)\s+Kamer\b",
    re.IGNORECASE,
)
# "Den Haag, 3 maart 2015", "'s-Gravenhage, 7 Februari 2013", "'s Gravenhage, donderdag 7 februari
# 2013", "Den Haag, 07-02-2013", "Den Haag, 2013-02-07". The comma is required after any other place: without it a wrapped
# body line ending in a date ("Het besluit is genomen op 7 maart 2015") would read as a place and a
# date. The seat of government ("Den Haag 7 februari 2013") needs none: no sentence line is that.
_SEAT_RE = r"(?:Den\s+Haag|[’']s[- ]Gravenhage)"
_ISO_DATE = r"(?:19|20)\d\d-[01]\d-[0-3]\d"
PLACE_DATE_RE = re.compile(
    rf"^(?:(?P<place>(?:[’']s[- ])?[A-Z][\w'’ .-]{{1,40}}?),|(?P<seat>{_SEAT_RE}))\s+"
    r"(?:(?i:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag),?\s+)?"
    rf"(?P<date>{DATE_RE.pattern}|{NUMERIC_DATE_RE.pattern.replace('?P<', '?P<n').replace('(?P=sep)', '(?P=nsep)')}|{_ISO_DATE})\s*$"
)
LABELS = (
    "Datum", "Betreft", "Onderwerp", "Kenmerk", "Ons kenmerk", "Onze referentie", "Uw kenmerk",
    "Uw brief", "Uw referentie", "Bijlage(n)", "Bijlagen", "Bijlage", "Bezoekadres", "Postadres",
    "Contactpersoon", "Inlichtingen", "Doorkiesnummer", "Kenmerk afzender",
    "Overheidsidentificatienr", "Afschrift aan", "Retouradres", "Datum ondertekening",
    "Kopie aan", "Antwoordbrief aan", "Behandeld door",
)
# The labels some letters print in capitals ("BETREFT", "DATUM", "KENMERK").
_CAPS_LABELS = ("DATUM", "BETREFT", "ONDERWERP", "KENMERK", "ONS KENMERK")
LABEL_RE = re.compile(
    r"^(?:" + "|".join(
        re.escape(lbl).replace(r"\ ", r"\s+") for lbl in sorted((*LABELS, *_CAPS_LABELS), key=len, reverse=True)
    )
    # "Bijlage(n)" ends in a bracket, not a word boundary; "Betreft: ..." puts a colon after the label
    + r")(?:\b|(?<=\)))\s*:?\s*(?P<value>.*)$"
)
# A sidebar label standing alone on its line ("Bezoekadres", "Ons kenmerk"): furniture wherever it
# lands in the body. "Bijlage" alone is left out: it can head an annex.
SIDEBAR_LABEL_RE = re.compile(
    r"^(?:Bezoekadres|Postadres|Kenmerk|Ons\s+kenmerk|Onze\s+referentie|Uw\s+kenmerk|Uw\s+brief|"
    r"Uw\s+referentie|Bijlage\(n\)|Bijlagen|Contactpersoon|Inlichtingen|Doorkiesnummer|Datum|Betreft|"
    r"Kenmerk\s+afzender|Overheidsidentificatienr|Afschrift\s+aan)$"
)
# The letter's own reference; "Kenmerk afzender" labels the reference of the letter answered.
REFERENCE_LABEL_RE = re.compile(
    r"^(?:Ons\s+kenmerk|Kenmerk(?!\s+afzender)|Onze\s+referentie|ONS\s+KENMERK|KENMERK)\b\s*(?P<value>.*)$"
)
# The subject's label as letters print it: "Betreft", "Onderwerp", in capitals, with a colon; and
# "Inzake", which also opens sentences ("Inzake de motie ... deel ik u mee", "Inzake Schiphol merk
# ik op dat" wrapped over lines), so only as a label: with a colon, a tab or a run of spaces after
# it, or alone on its line.
SUBJECT_LABEL_RE = re.compile(
    r"^(?:(?:Betreft|Onderwerp|BETREFT|ONDERWERP)\b\s*:?|Inzake\s*:|INZAKE\b\s*:?"
    r"|Inzake(?=\t|\s{2,}|$))\s*(?P<value>.*)$"
)
DATE_LABEL_RE = re.compile(r"^(?:Datum|DATUM)\b\s*:?\s*(?P<value>.*)$")
# Sidebar and address lines of the house style, wherever they land.
# A postcode and its place ("2515 XP Den Haag", "2500 EA  DEN HAAG"), also letter-spaced.
POSTCODE_RE = re.compile(r"^\d\s?\d\s?\d\s?\d\s*[A-Z]\s?[A-Z]\b\s+\S")
SIDEBAR_RE = re.compile(
    rf"^(?:>\s*)?Retouradres\b|^Postbus\s+\d+|{POSTCODE_RE.pattern}|"
    r"^www\.[\w.-]+(?:/\w+)?$|^[TF]\s+0\s?\d[\d -]{6,}|^Correspondentie uitsluitend|"
    r"^Bij beantwoording\b|^Afschrift aan$|^Overheidsidentificatienr|^Kenmerk afzender$"
)
KNOWN_SIDEBAR_PHRASES = (
    "Correspondentie uitsluitend richten aan het retouradres met vermelding van de datum en het kenmerk van deze brief.",
    "Bij beantwoording datum, onze referentie en betreft vermelden.",
)
# Page chrome of the official web edition (officielebekendmakingen.nl, rijksbegroting.nl): the
# "back to top" link, skip links, download buttons; and the label above each note ("X Noot").
WEB_CHROME_RE = re.compile(
    r"^(?:Naar\s+boven|Direct\s+naar\s+\(in\s+deze\s+pagina\).*|(?:•\s*)?Download\s+PDF|"
    r"(?:•\s*)?Printen|(?:•\s*)?Delen)$"
)
# The running footer and imprint of the printed Handelingen ("Tweede Kamer,
# vergaderjaar 2020–2021, Aanhangsel", "ISSN 0921 - 7398", "’s-Gravenhage 2021", "ah-tk-20202021-3235").
PRINT_FOOTER_RE = re.compile(
    r"^(?:Tweede|Eerste)\s+Kamer,\s+vergaderjaar\s+\d{4}\s?[–-]\s?\d{4},\s+Aanhangsel(?:\s+\d{1,3})?$|"
    r"^ISSN\s+\d{4}\s?-\s?\d{3}[\dX]$|^[’']s-Gravenhage\s+\d{4}$|^(?:ah|kst|h)-(?:tk|ek)-\d{8}-\d+[\w-]*$"
)
NOTE_LABEL_RE = re.compile(r"^(?:X\s?)?Noot$")
NUMBER_ONLY_RE = re.compile(r"^([0-9]{1,3})$")  # ASCII digits only: "١" or "１" is text
FOOTNOTE_START_RE = re.compile(r"^([0-9]{1,3})\s+(?=\S)(?!(?i:procent|miljoen|miljard|januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\b)")
# A note whose number the extraction glued to its link: "25https://wetgevingskalender.overheid.nl/...".
_GLUED_LINK_NOTE_RE = re.compile(r"^([0-9]{1,3})(?=https?://|www\.)")
# A note in the older "1)" style: "1) Kamerstuk 34 000, nr. 12".
_PAREN_NOTE_RE = re.compile(r"^([0-9]{1,3})\)\s+(?=\S)")
# The official web edition prints a note as "Noot 1: Raadpleegbaar via www.tweedekamer.nl";
# `split_lines` puts the label on a line of its own, so the note reads "1: Raadpleegbaar ...".
_NOTE_INLINE_RE = re.compile(r"^(Noot)\s+([0-9]{1,3}\s*:\s*\S.*)$")
NOTE_START_RE = re.compile(r"^([0-9]{1,3})\s*:\s*(?=\S)")
TERMINAL_END_RE = re.compile(r"[.!?…][\"'”’)]*$|:$")
# The question and answer labels of an Aanhangsel ("Vraag 1", "Antwoord 1"): headings.
QA_LABEL_RE = re.compile(r"^(?:Vraag|Antwoord)\s+[0-9]{1,2}$")
_ENDS_SENTENCE_RE = re.compile(r"[.!?…:][\"'”’)]*(?:\s?\d{1,3})?$")
_TABLE_ROW_RE = re.compile(r"\S\s{3,}\S")
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# Words a heading never ends with: articles, prepositions, conjunctions ("... gedekt uit de").
_RUNS_ON_WORDS = frozenset(
    "de het een van voor en in op met aan te dat die of om door bij naar tot uit over als dan maar "
    "wordt worden is zijn heeft hebben zal zullen kan kunnen deze dit onze uw".split()
)
_MARKED_END_RE = re.compile(r"[.!?…][\"'”’)]*\s?\d{1,3}$")
_LIST_LABEL_RE = re.compile(r"^\d{1,2}\s?:\s")
_CAPTION_RE = re.compile(r"^(?:Tabel|Figuur|Grafiek|Bron)\s*\d*[.:]?\s")


@dataclass
class Line:
    """One input line: its index, page, stripped text, whether the raw line began with
    whitespace (a new page in the Kamerstukken print), and its class."""

    index: int
    page: int
    text: str
    lead: bool
    role: str = BODY


@dataclass
class Block:
    """Consecutive body lines that form a paragraph, or a heading when ``heading`` is set."""

    lines: list[Line] = field(default_factory=list)
    heading: bool = False
    kind: str = "text"  # "text", "table", "list" (an item) or "box", as `Paragraph.kind`

    @property
    def text_lines(self) -> list[str]:
        return [ln.text for ln in self.lines]


class LineDoc:
    """The lines of one letter with the zone boundaries the stages find.

    ``body_start`` is the first line after the letterhead; ``closing_start``/``closing_end``
    bracket the closing (greeting, roles, names); ``width`` is the typical long-line length in
    characters (the 90th percentile of lines over 20 characters), which the heading and paragraph
    rules measure against; ``evidence`` counts the document's words for line-end hyphenation.
    """

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
        nonblank = [ln.text for ln in lines if ln.text]
        lengths = sorted(len(t) for t in nonblank if len(t) > 20)
        self.width = float(lengths[int(0.9 * (len(lengths) - 1))]) if lengths else 80.0
        self.evidence = word_counts("\n".join(nonblank))

    def next_nonblank(self, i: int, stop: int | None = None) -> int | None:
        """Index of the first non-blank line after ``i`` (before ``stop``), or None."""
        stop = self.n if stop is None else stop
        for j in range(i + 1, stop):
            if self.lines[j].text:
                return j
        return None

    def prev_nonblank(self, i: int, stop: int = -1) -> int | None:
        """Index of the last non-blank line before ``i`` (after ``stop``), or None."""
        for j in range(i - 1, stop, -1):
            if self.lines[j].text:
                return j
        return None

    def split_line(self, i: int, at: int) -> None:
        """Cut line ``i`` at character ``at`` into two lines (the second keeps the page and class);
        the lines after it move up one index. Only for the furniture stage, before any zone
        boundary is set: pdfminer glues sidebar values onto body lines."""
        ln = self.lines[i]
        head, tail = ln.text[:at].rstrip(), ln.text[at:].strip()
        ln.text = head
        self.lines.insert(i + 1, Line(i + 1, ln.page, tail, False, ln.role))
        for k in range(i + 2, len(self.lines)):
            self.lines[k].index = k
        self.n = len(self.lines)
        self.closing_start = self.closing_end = self.n

    def texts(self, role: str) -> list[str]:
        """The non-blank texts of the lines of class ``role``, in order."""
        return [ln.text for ln in self.lines if ln.role == role and ln.text]


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
            inline = _NOTE_INLINE_RE.match(stripped)
            if inline:  # "Noot 1: text": the label apart, so that the note is a line of its own
                out.append(Line(len(out), page, inline.group(1), lead))
                stripped, lead = inline.group(2), False
            out.append(Line(len(out), page, stripped, lead))
            if FOOTER_RE.match(stripped):
                pending_break = True
    return out


def is_heading_text(text: str, width: float) -> bool:
    """Whether a line reads as a heading: short, capitalised, no sentence end.

    ``width`` is the letter's typical line length in characters (see `LineDoc`).
    """
    t = text.strip()
    words = t.split()
    if not _heading_size(t, words, width) or not (t[0].isupper() or t[0].isdigit()):
        return False
    if BULLET_RE.match(t) or not any(c.isalpha() for c in t) or _LIST_LABEL_RE.match(t):
        return False  # a list item or label ("1: Vermindering gebruik grondstoffen:")
    if _runs_on(t, words):
        return False
    if t.endswith(("?", ":")):
        # a short question ("Draagmoederschap of adoptie?") or label ("Energietransitie:")
        return len(words) <= (8 if t.endswith("?") else 4)
    if TERMINAL_END_RE.search(t) and not t.endswith(("c.s.", ".)")) or _MARKED_END_RE.search(t):
        return False  # a sentence end, also with a footnote marker after it ("(CDA).5")
    return not _other_short_line(text, t, words)


def _runs_on(t: str, words: list[str]) -> bool:
    """A line that runs on into the next one (a comma, a hyphen, "... gedekt uit de"): no heading."""
    return t.endswith((",", ";", "-", "–", "(", "/")) or words[-1].lower().rstrip(":") in _RUNS_ON_WORDS


def _heading_size(t: str, words: list[str], width: float) -> bool:
    """Short enough for a heading: at most 14 words, and within 70 characters or 3/4 of a line."""
    return bool(t) and not (len(t) > max(0.75 * width, 20) and len(t) > 70) and len(words) <= 14


def _other_short_line(text: str, t: str, words: list[str]) -> bool:
    """A short line that is no heading: a footer, a bare label, a date, a number, a table row, a
    caption."""
    if FOOTER_RE.match(t) or LABEL_RE.match(t) and len(words) <= 2:
        return True
    if DATE_RE.fullmatch(t) or PLACE_DATE_RE.match(t):
        return True  # a date line ("7 MAART 2015", "Den Haag, 7 Februari 2013") heads nothing
    if re.fullmatch(r"[\d\s.,%€+-]+", t):
        return True
    return is_table_row(text) or bool(_CAPTION_RE.match(t))


def footnote_start(text: str, *, after_label: bool = False) -> int | None:
    """The note number a line starts with ("1 Kamerstuk ..."; "1: ..." right under a "Noot"
    label), or None."""
    m = FOOTNOTE_START_RE.match(text) or _GLUED_LINK_NOTE_RE.match(text) or _PAREN_NOTE_RE.match(text) or (
        NOTE_START_RE.match(text) if after_label else None
    )
    return int(m.group(1)) if m else None


def norm(text: str) -> str:
    """``text`` without whitespace, lower-cased: how repeated running headers are compared."""
    return "".join(text.split()).lower()


def ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence, a footnote marker after the full stop allowed ("... zijn. 1")."""
    return bool(_ENDS_SENTENCE_RE.search(text))


def is_table_row(text: str) -> bool:
    """A row of a table as text extraction leaves it: cells apart by runs of spaces."""
    return bool(_TABLE_ROW_RE.search(text))


def is_prose(text: str) -> bool:
    """A line of running prose: six words or more, some lower case, no sidebar line."""
    words = text.split()
    return len(words) >= 6 and any(c.islower() for c in text) and not SIDEBAR_RE.search(text)


def contains_glued_marker(text: str) -> bool:
    """Whether a line holds a footnote marker glued to a word ("brief1", "zijn.2")."""
    return bool(re.search(r"[a-zà-ÿ.)’”]\d{1,3}(?:[\s.,;:)]|$)", text))


def looks_like_note_text(text: str) -> bool:
    """Whether a line opens the way footnote texts do ("Kamerstuk ...", "Zie ...", a link)."""
    return bool(
        re.match(r"^(?:Kst\.|Kamerstuk|Tweede Kamer|Stcrt|Staatsblad|Zie\b|https?://|www\.|/)", text, re.I)
    )


# A list item's label: a number, a letter, a Roman numeral ("ii", "iv", "xii"; "i" and "v" are
# also letters, items either way; in capitals from two letters on, "II", "IV": a capital "I." or
# "V." alone is as likely an initial), followed by "." or ")", or in brackets ("(ii)").
_ITEM_LABEL = r"(?:\d{1,2}|[a-z]|(?=[ivx]{2})x{0,3}(?:ix|iv|v?i{0,3})|(?=[IVX]{2})X{0,3}(?:IX|IV|V?I{0,3}))"
_LIST_ITEM_RE = re.compile(rf"^(?:{_ITEM_LABEL}[.)]|\({_ITEM_LABEL}\))\s")


def looks_like_list_item(text: str) -> bool:
    """Whether a line opens with a list label ("1.", "2)", "a.", "b)", "ii.", "(iii)")."""
    return bool(_LIST_ITEM_RE.match(text))


def join_block(block: Block, evidence: Counter[str]) -> str:
    """The text of a paragraph block, lines joined (hyphenation decided by ``evidence``)."""
    texts = [t for t in block.text_lines if t != "•"]
    return join_lines(texts, evidence)
