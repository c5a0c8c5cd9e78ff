"""Glyph clean-up that runs before anything else sees a letter's text. Pure functions.

PDF extractors hand over what the font drew, not what the author typed (public reports against
pdfminer.six, pdfplumber and PyMuPDF show both kinds below):

- ligature glyphs ("ﬁ" U+FB01 for "fi"), which no glossary, search or check would match;
- soft hyphens (U+00AD) where the typesetter broke a word: at a line end ("maatschap\\u00ad" /
  "pelijk"), on a line of their own, or left inside a line. A soft hyphen is never part of the
  word, so the word is joined without a space and the soft hyphen dropped.

Only these are touched: full Unicode compatibility normalisation (NFKC) would also rewrite "½",
superscripts and full-width digits, which the nothing-lost check must see as printed.
"""

from __future__ import annotations

import re

#: The Latin ligatures of the Alphabetic Presentation Forms block (U+FB00-U+FB06), as NFKC
#: decomposes them.
LIGATURES: dict[str, str] = {
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st",
}
_LIGATURE_TABLE = str.maketrans(LIGATURES)
SOFT_HYPHEN = "\u00ad"
# A soft hyphen ending a line, or standing on a line of its own between two lines.
_SOFT_BREAK_RE = re.compile(r"\u00ad[ \t]*\n(?:[ \t]*\u00ad[ \t]*\n)*|\n[ \t]*\u00ad[ \t]*\n")


_SURROGATE_RE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def replace_surrogates(text: str) -> str:
    """``text`` with every lone surrogate (what ``errors="surrogateescape"`` decoding leaves for an
    undecodable byte) replaced by U+FFFD, so that it can be encoded, hashed and written as UTF-8."""
    return _SURROGATE_RE.sub(REPLACEMENT, text)


def expand_ligatures(text: str) -> str:
    """``text`` with every ligature glyph replaced by its letters ("BNC-ﬁche" -> "BNC-fiche")."""
    return text.translate(_LIGATURE_TABLE)


def _join_soft_break(text: str, m: re.Match[str]) -> tuple[str, int]:
    """The replacement for one soft line break and where the scan resumes.

    The first word of the next line moves up to finish the broken word, so that the line
    structure (which layout analysis reads) stays as it was; a next line of one word is joined
    whole.
    """
    rest_start = m.end()
    line_end = text.find("\n", rest_start)
    line_end = len(text) if line_end < 0 else line_end
    if not text[rest_start:line_end].strip():
        return "\n", rest_start  # a soft hyphen before a blank line: only the hyphen goes
    lead = len(text[rest_start:line_end]) - len(text[rest_start:line_end].lstrip(" \t"))
    word = re.match(r"\S*", text[rest_start + lead:line_end])
    tail_end = rest_start + lead + (word.end() if word else 0)
    if not text[tail_end:line_end].strip():
        return text[rest_start + lead:line_end], line_end  # the whole next line finishes the word
    return text[rest_start + lead:tail_end] + "\n", tail_end + len(text[tail_end:line_end]) - len(
        text[tail_end:line_end].lstrip(" \t")
    )


def join_soft_hyphens(text: str) -> str:
    """Undo soft hyphenation: a word broken with a soft hyphen at a line end, or with a soft hyphen
    on a line of its own, is joined without a space; any other soft hyphen is removed.

    >>> join_soft_hyphens("de maatschap\\u00ad\\npelijk vastgoed")
    'de maatschappelijk\\nvastgoed'
    """
    if SOFT_HYPHEN not in text:
        return text
    out: list[str] = []
    pos = 0
    for m in _SOFT_BREAK_RE.finditer(text):
        if m.start() < pos:
            continue
        piece, resume = _join_soft_break(text, m)
        out.append(text[pos:m.start()].rstrip(" \t") if m.group(0).startswith("\n") else text[pos:m.start()])
        out.append(piece)
        pos = resume
    out.append(text[pos:])
    return "".join(out).replace(SOFT_HYPHEN, "")


def normalise_glyphs(text: str) -> str:
    """Ligatures expanded, soft hyphens resolved and lone surrogates replaced (see the module
    docstring and `replace_surrogates`); the first step of parsing, before lines are classified."""
    return join_soft_hyphens(expand_ligatures(replace_surrogates(text)))
