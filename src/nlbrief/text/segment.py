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
