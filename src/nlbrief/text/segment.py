"""Dutch sentence segmentation for Kamerbrieven. Pure functions.

The genre is full of full stops that end nothing: abbreviations ("jl.", "nr.", "o.a.", "d.d."),
titles and eras ("Mgr.", "v. Chr.", "N°."), initials ("E. van der Burg"), dossier numbers
("32 317, nr. 872"), list labels ("a. De uitbreiding ..."). A general-purpose splitter breaks these;
this one knows them. Some abbreviations can also end a sentence ("... bedraagt ca. 3 mld.
Daarnaast ..."): they do when a typical sentence opener follows ("mld. euro" does not).

Quotation marks: a sentence may open with „ ‚ “ ‘ or the older ",,"; a closing quote stays with
its sentence, also when the extraction put a space before it ("begin. ” Daarna").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dutch import ABBREVIATIONS, MONTH_ABBREVIATIONS_NL, MONTHS_NL, TITLES

#: Abbreviations that may end a sentence ("... op 15 mei jl. De brief ...", "ca. 3 mld. Daarnaast",
#: "v. Chr. De vondst"): split only when the next word is a typical sentence opener. Every other
#: abbreviation never ends a sentence.
MAY_END_ABBREVIATIONS = _MAY_END = frozenset(
    {"jl", "as", "e.a", "etc", "enz", "e.d", "resp", "c.s", "e.v", "incl", "excl", "mld", "mln", "mrd",
     "chr", "lid", "prof", "dr", "mr", "drs", "ir", "ing", "e.o"}
)
_OPENERS = frozenset(
    """
    De Het Een Dit Deze Die Dat Daar Daarbij Daarmee Daarnaast Daarom Daarvoor Dan Ik Wij We Er
    In Op Met Voor Ook Zo Als Om Hierbij Hiermee Hierin Hiervoor Tot Na Bij Uit Naast Verder Tevens
    Tegelijkertijd Wel Niet Nu Zij Hij U Uw Mijn Onze Ons Aan Over Vanaf Sinds Door Omdat Hoewel
    Tijdens Binnen Zowel Echter Vervolgens Ten Tenslotte Samen Alle Graag Mede Momenteel
    Inmiddels Bovendien Kortom Eerder Later Dergelijke Hoe Wat Waar Wanneer Welke Wie
    Hierdoor Daardoor Hierover Daarover Voorts Vooral Alleen Maar En Toch Dus Indien Zodra Gelet
    Volgens Vanwege Gezien Dankzij Zonder Onder Tussen Per Via Elk Elke Iedere Veel Enkele Beide
    Daarna Hierna Sindsdien Nadien Desondanks Wegens
    """.split()
)
_TERMINAL = ".!?…"
_CLOSERS = "\"'”’)]»"
_CLOSING_QUOTES = "\"'”’»"
_OPENERS_PUNCT = "\"'“‘„‚([«•"
_INITIALS_RE = re.compile(r"^(?:[A-Z][a-z]?\.)*[A-Z][a-z]?$")  # "E", "V.L.W.A", "Th"
_WORD_AT_RE = re.compile(r"[\w’']+")
#: Bullet characters as PDF extraction leaves them (Symbol-font private-use glyphs among them).
BULLETS = "•\u25cf\u25aa\u25e6\u2022\u2023\u2043\u2219\uf0b7\uf0a7\uf02d\uf076\uf0d8\uf0fc"
# A list label opening an item that starts with a capital: "a. De", "2. Het", "iii. Een", "b) De",
# "II. Het" (an upper-case "I." reads as an initial too, which is kept with what follows as well).
_LABEL = r"(?:[a-z]|[0-9]{1,2}|[ivx]{2,4}|[IVX]{1,4})[.)]\s+[„“‘\"']?[A-Z]"
_LABEL_AT_RE = re.compile(_LABEL)
_LABEL_TOKEN_RE = re.compile(r"(?:[a-z]|[0-9]{1,2}|[ivx]{2,4}|[IVX]{1,4})")
_CANDIDATE_RE = re.compile(
    rf"[{BULLETS}]|[{re.escape(_TERMINAL)}][{re.escape(_TERMINAL + _CLOSERS)}]*(?=\s|$)|:(?=\s+{_LABEL})"
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def _starts_sentence(text: str, nxt: int) -> bool:
    """Whether a sentence can start at ``nxt``: a capital, a digit, an opening quote or bracket,
    ",," (older Dutch typesetting), or a list label before a capital."""
    following = text[nxt]
    return (following.isupper() or following.isdigit() or following in _OPENERS_PUNCT
            or text.startswith(",,", nxt) or bool(_LABEL_AT_RE.match(text, nxt)))


def _is_label(text: str, token_start: int, token: str) -> bool:
    """Whether ``token`` (before a full stop) is a list label: "a", "2", "iii" at the start of the
    text, or right after a colon, a semicolon or a sentence end (not an abbreviation's full stop:
    in "nr. 8. Mede" the 8 ends a sentence)."""
    if not _LABEL_TOKEN_RE.fullmatch(token):
        return False
    before = text[max(0, token_start - 60):token_start]
    if before and not before[-1].isspace():
        return False  # "(8." or "nr.8.": glued to what precedes
    previous = before.split()
    if not previous:
        return True  # the paragraph starts with it
    prev = previous[-1].rstrip(_CLOSERS)
    if prev[-1:] in (":", ";", "!", "?"):
        return True
    if prev.lower() in ("en", "of") and _follows_its_predecessor(text, token_start, token):
        return True  # "1. Minder; 2. Substitutie; 3. Levensduur en 4. Verwerking.": the last item
    bare = prev.lower().rstrip(".")
    return prev[-1:] == "." and bare not in ABBREVIATIONS and bare.replace(".", "") not in ABBREVIATIONS


def _follows_its_predecessor(text: str, token_start: int, token: str) -> bool:
    """Whether the label before it ("3." for "4.", "b." for "c.") opens an item, at the start or
    after a colon or semicolon, within the 200 characters before ``token``: a list run on within
    one paragraph whose last item follows "en" or "of" ("…; 3. Levensduurverlenging en 4.
    Hoogwaardige verwerking.")."""
    if token.isdigit():
        if int(token) < 2:
            return False
        before_label = str(int(token) - 1)
    elif len(token) == 1 and "b" <= token <= "z":
        before_label = chr(ord(token) - 1)
    else:
        return False
    start = max(0, token_start - 200)
    # "^" is the start of the text only: a window cut from its middle starts with a stand-in
    window = ("" if start == 0 else "\x00") + text[start:token_start]
    # the label before it opens an item too: at the start, or after a colon or a semicolon ("er 2."
    # ends a sentence and opens nothing)
    return re.search(rf"(?:^|[:;]\s+)({re.escape(before_label)})[.)]\s+\S", window) is not None


_DAY_BEFORE_RE = re.compile(r"(?<![\w.])[0-3]?[0-9](?:ste|de|e)?\s+$")


def _abbreviation_ends(bare: str, next_word: str, text: str, nxt: int, token_start: int) -> bool:
    """Whether a known abbreviation ends the sentence: only one of `_MAY_END` before an opener,
    a month's short form only after a day ("op 7 sept. De minister"; "7 sept. 2013" goes on), and
    a title never before a capitalised particle of a surname ("prof. De Vries")."""
    if bare in MONTH_ABBREVIATIONS_NL:
        day = _DAY_BEFORE_RE.search(text, max(0, token_start - 8), token_start)
        return day is not None and next_word in _OPENERS
    if bare not in _MAY_END or next_word not in _OPENERS:
        return False
    if bare in TITLES:
        after = text[nxt + len(next_word):nxt + len(next_word) + 2].lstrip()
        return not after[:1].isupper()
    return True


def _token_before(text: str, dot: int) -> str:
    """The run of non-space characters that ends at ``dot`` (within 60 characters: a window, as
    looking back from the start of the text is quadratic)."""
    window = text[max(0, dot - 60):dot]
    if not window or window[-1].isspace():
        return ""
    return window.rsplit(None, 1)[-1]


def _is_boundary(text: str, dot: int, nxt: int) -> bool:
    """Whether the terminal punctuation at ``dot`` ends a sentence, the next one starting at ``nxt``."""
    if nxt >= len(text):
        return True
    if not _starts_sentence(text, nxt):
        return False
    if text[dot] in "!?…" or (dot >= 2 and text[dot - 2:dot + 1] == "..."):
        return True
    token = _token_before(text, dot).lstrip(_OPENERS_PUNCT)
    bare = token.lower().rstrip(".")
    next_word = _WORD_AT_RE.match(text, nxt)
    next_word_text = next_word.group(0) if next_word else ""
    if bare in ABBREVIATIONS or bare.replace(".", "") in ABBREVIATIONS:
        return _abbreviation_ends(bare, next_word_text, text, nxt, dot - len(token))
    if bare in ("v", "n") and next_word_text == "Chr":
        return False  # "v. Chr.", "n. Chr."
    if _is_label(text, dot - len(token), token):
        return False  # "onderdelen: a. De uitbreiding": the label opens its item
    # "E. van der Burg", "M.A.M. Adriaansens": initials; "3 mei": a date.
    return not _INITIALS_RE.match(token) and not (token.isdigit() and next_word_text.lower() in MONTHS_NL)


def _sentence_end(text: str, j: int) -> int:
    """The end of a sentence whose terminal punctuation ends at ``j``: a closing quote after a
    space ("begin. ” Daarna") still belongs to it."""
    k = j
    while k < len(text) and text[k] in " \t":
        k += 1
    if k > j and k < len(text) and text[k] in _CLOSING_QUOTES and (k + 1 == len(text) or text[k + 1].isspace()):
        return k + 1
    return j


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
    # Only the places where a sentence can end are visited: a bullet, a run of terminal
    # punctuation (with closing quotes or brackets) followed by a space or the end, or a colon
    # before a list item.
    for m in _CANDIDATE_RE.finditer(text):
        i = m.start()
        if i < start:
            continue
        if text[i] in BULLETS:
            if text[start:i].strip():
                spans.append(_span(text, start, i))
                start = i
            continue
        j = _sentence_end(text, m.end())
        k = j
        while k < n and text[k].isspace():
            k += 1
        if text[i] == ":" or _is_boundary(text, i, k):
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
