"""Dutch sentence segmentation for Kamerbrieven, and footnote markers. Pure functions.

The genre is full of full stops that end nothing: abbreviations ("jl.", "nr.", "o.a.", "d.d."),
initials ("E. van der Burg"), dossier numbers ("32 317, nr. 872"). A general-purpose splitter
breaks these; this one knows them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dutch import ABBREVIATIONS, MONTHS_NL

# Abbreviations that may end a sentence ("... op 15 mei jl. De brief ..."): split only when the next
# word is a typical sentence opener. Every other abbreviation never ends a sentence.
_MAY_END = frozenset({"jl", "as", "e.a", "etc", "enz", "e.d", "resp", "c.s", "e.v", "incl", "excl"})
_OPENERS = frozenset(
    """
    De Het Een Dit Deze Die Dat Daar Daarbij Daarmee Daarnaast Daarom Daarvoor Dan Ik Wij We Er
    In Op Met Voor Ook Zo Als Om Hierbij Hiermee Hierin Hiervoor Tot Na Bij Uit Naast Verder Tevens
    Tegelijkertijd Wel Niet Nu Zij Hij U Uw Mijn Onze Ons Aan Over Vanaf Sinds Door Omdat Hoewel
    Tijdens Binnen Zowel Echter Vervolgens Ten Tenslotte Samen Alle Graag Mede Momenteel
    Inmiddels Bovendien Kortom Eerder Later Dergelijke Hoe Wat Waar Wanneer Welke Wie
    """.split()
)
_TERMINAL = ".!?…"
_CLOSERS = "\"'”’)]»"
_OPENERS_PUNCT = "\"'“‘([«•"
_INITIALS_RE = re.compile(r"^(?:[A-Z][a-z]?\.)*[A-Z][a-z]?$")  # "E", "V.L.W.A", "Th"
_TOKEN_BEFORE_RE = re.compile(r"(\S+)$")
_WORD_AT_RE = re.compile(r"[\w’']+")
#: Bullet characters as PDF extraction leaves them (Symbol-font private-use glyphs among them).
BULLETS = "•\u25cf\u25aa\u25e6\u2022\u2023\u2043\u2219\uf0b7\uf0a7\uf02d\uf076\uf0d8\uf0fc"
_CANDIDATE_RE = re.compile(
    rf"[{BULLETS}]|[{re.escape(_TERMINAL)}][{re.escape(_TERMINAL + _CLOSERS)}]*(?=\s|$)"
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def _is_boundary(text: str, dot: int, nxt: int) -> bool:
    """Whether the terminal punctuation at ``dot`` ends a sentence, the next one starting at ``nxt``."""
    if nxt >= len(text):
        return True
    following = text[nxt]
    if not (following.isupper() or following.isdigit() or following in _OPENERS_PUNCT):
        return False
    if text[dot] in "!?…":
        return True
    if dot >= 2 and text[dot - 2 : dot + 1] == "...":
        return True
    m = _TOKEN_BEFORE_RE.search(text, max(0, dot - 60), dot)  # a window: a `$` search from 0 is quadratic
    token = m.group(1) if m else ""
    token = token.lstrip(_OPENERS_PUNCT)
    bare = token.lower().rstrip(".")
    next_word = _WORD_AT_RE.match(text, nxt)
    next_word_text = next_word.group(0) if next_word else ""
    if bare in ABBREVIATIONS or bare.replace(".", "") in ABBREVIATIONS:
        return bare in _MAY_END and next_word_text in _OPENERS
    if _INITIALS_RE.match(token):
        # "E. van der Burg", "M.A.M. Adriaansens": an initial, unless a one-letter "sentence"
        # such as a list label ("A. De ...") is followed by an opener; keep it conservative.
        return False
    if token.isdigit() and next_word_text.lower() in MONTHS_NL:
        return False
    return True


def split_sentences(text: str) -> list[Span]:
    """Split a paragraph into sentences.

    Args:
        text: one paragraph on one line (see `hyphenation.join_lines`).

    Returns:
        Spans covering every non-space character of ``text`` exactly once, in order.
    """
    spans: list[Span] = []
    start = 0
    n = len(text)
    # Only the places where a sentence can end are visited: a bullet, or a run of terminal
    # punctuation (with closing quotes or brackets) followed by a space or the end.
    for m in _CANDIDATE_RE.finditer(text):
        i = m.start()
        if i < start:
            continue
        if text[i] in BULLETS:
            if text[start:i].strip():
                spans.append(_span(text, start, i))
                start = i
            continue
        j = m.end()
        k = j
        while k < n and text[k].isspace():
            k += 1
        if _is_boundary(text, i, k):
            spans.append(_span(text, start, j))
            start = k
    if text[start:].strip():
        spans.append(_span(text, start, n))
    return [s for s in spans if s.text]


def _span(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end])


# A footnote marker glued to a word or punctuation: "geïnformeerd.1 De", "innovatiebeleid2 bundelen".
_GLUED_RE = re.compile(r"(?<=[a-zà-ÿ.,;:)’'\"”%])(\d{1,3})(?=\s|[.,;:)](?!\d)|$)")
# A marker standing apart, as pdftotext leaves superscripts: "het lid De Korte 1 wordt".
_SPACED_RE = re.compile(r"(?<=[\w.,;:)’'\"”]) (\d{1,3})(?=[ \n]|[.,;:)](?!\d)|$)")
_NOT_BEFORE_SPACED = frozenset(
    """
    nr nrs artikel art lid blz pagina hoofdstuk bijlage paragraaf fase stap groep klasse
    niveau categorie versie week dag jaar maand uur minuut tabel figuur punt onderdeel
    nummer nummers motie deel box pijler spoor route thema scenario variant cluster
    """.split()
)
_NOT_AFTER_SPACED = re.compile(
    rf"^[ \n]*(?:{'|'.join(MONTHS_NL)}|procent|miljoen|miljard|jaar|jaren|maanden|weken|dagen|"
    r"keer|maal|uur|euro|km|kilometer|meter|ton|personen|mensen|leerlingen|scholen|%)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Marker:
    number: int
    start: int  # offset of the digits in the original text
    end: int
    glued: bool


def find_marker_candidates(text: str, numbers: set[int]) -> list[Marker]:
    """Places in ``text`` that may be footnote markers for one of ``numbers``."""
    found: list[Marker] = []
    for m in _GLUED_RE.finditer(text):
        num = int(m.group(1))
        if num not in numbers:
            continue
        before = text[max(0, m.start() - 12) : m.start()]
        # "2025.1": a year or amount before a full stop is fine, but "3.1" (a section number) or
        # "1,5" (a decimal) is not a marker.
        if before.endswith((".", ",")) and len(before) >= 2 and before[-2].isdigit():
            after = text[m.end() : m.end() + 1]
            if not after.isspace() and after != "":
                continue
            if re.search(r"(?<!\d)\d{1,2}[.,]$", before):
                continue
        found.append(Marker(num, m.start(1), m.end(1), True))
    for m in _SPACED_RE.finditer(text):
        num = int(m.group(1))
        if num not in numbers:
            continue
        before = text[max(0, m.start() - 80) : m.start()]  # a window: searching the whole prefix is quadratic
        word_before = re.search(r"([\w.]+)[.,;:)’'\"”]*$", before)
        wb = word_before.group(1).lower().rstrip(".") if word_before else ""
        after = text[m.end() :]
        if re.fullmatch(r"(?:19|20)\d\d", wb) and after[:1] in (",", ";", ")", "."):
            # "ingediend d.d. 11 februari 2025 2, verzoekt": a note after a date
            found.append(Marker(num, m.start(1), m.end(1), False))
            continue
        if wb in _NOT_BEFORE_SPACED or wb.isdigit() or wb in MONTHS_NL or wb == "":
            continue
        if _NOT_AFTER_SPACED.match(after):
            continue
        nxt = after.lstrip(" \n")[:1]
        after_punct = before[-1:] in ".;:)"
        if nxt == "." and re.match(r"\.\s+[a-zà-ÿ]", after.lstrip(" \n")):
            continue  # "; 3. het Inlichtingenbureau": an enumeration, not a marker
        if nxt == "" or nxt in ".,;:)":
            pass  # "dashboard 4, en", "El Abassi 3. De"
        elif nxt.islower() or nxt == "(":
            # "De Korte 1 wordt": a name or a sentence end before it; "in 2 jaar" is no marker.
            if word_before and word_before.group(1)[:1].islower() and not after_punct:
                continue
        elif nxt.isupper():
            # "bevorderd. 3 Deze motie": only straight after a sentence end.
            if not after_punct:
                continue
        else:
            continue
        found.append(Marker(num, m.start(1), m.end(1), False))
    found.sort(key=lambda mk: mk.start)
    return found


def choose_markers(candidates: list[Marker], numbers: list[int]) -> list[Marker]:
    """Pick at most one marker per footnote number, in reading order, glued ones first.

    Footnotes are numbered in the order they are referenced, so marker n must come after marker
    n-1; of the candidates for n, the first glued one wins, else the first spaced one.
    """
    chosen: list[Marker] = []
    pos = -1
    for num in sorted(numbers):
        options = [c for c in candidates if c.number == num and c.start > pos]
        pick = next((c for c in options if c.glued), None) or (options[0] if options else None)
        if pick is not None:
            chosen.append(pick)
            pos = pick.start
    return chosen


def remove_markers(text: str, markers: list[Marker]) -> tuple[str, list[tuple[int, int]]]:
    """Remove ``markers`` from ``text``.

    Returns:
        The clean text and, per marker, ``(offset in clean text, number)``: the offset is where the
        marker stood, so the sentence holding the character before it owns the reference.
    """
    out: list[str] = []
    refs: list[tuple[int, int]] = []
    pos = 0
    length = 0
    for mk in sorted(markers, key=lambda m: m.start):
        start, end = mk.start, mk.end
        if not mk.glued and start > 0 and text[start - 1] == " ":
            start -= 1  # drop the space that stood before a detached marker
        chunk = text[pos:start]
        out.append(chunk)
        length += len(chunk)
        refs.append((length, mk.number))
        pos = end
    out.append(text[pos:])
    return "".join(out), refs
