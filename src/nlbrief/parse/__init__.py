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

Modules: `lines` (line classes, patterns, the shared line state), `furniture` (page furniture and
the letterhead zone), `closing` (greeting and signatures), `footnotes`, `blocks` (paragraphs and
headings), `sections` (sections and sentences), `levels` (section levels and parents), `metadata`
(letterhead fields), `references` (citations, motions, commitments), `language` (the Dutch gate),
`parser` (the composition).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import InputError
from ..model.letter import Letter, RawDocument, Source
from ..text.normalise import replace_surrogates
from .language import language_scores, require_dutch
from .lines import is_heading_text, normalise_text, split_lines
from .parser import build_letter

__all__ = [
    "is_heading_text",
    "language_scores",
    "normalise_text",
    "parse_document",
    "parse_path",
    "parse_text",
    "require_dutch",
    "split_lines",
]


def parse_path(path: str | Path, *, max_size_mb: float | None = None, check_language: bool = True) -> Letter:
    """Read and parse a letter (text or PDF; ``-`` is standard input).

    Raises `InputError` (exit code 2 in the CLI) for an unreadable, empty or non-Dutch input.
    """
    from ..read import read_path

    return parse_document(read_path(path, max_size_mb=max_size_mb), check_language=check_language)


def parse_text(text: str, *, path: str = "<text>", check_language: bool = False) -> Letter:
    """Parse a letter given as text (for tests and library use).

    Lone surrogates (from ``errors="surrogateescape"`` decoding) are replaced by U+FFFD first, as
    the read stage does with undecodable bytes, so that the text can be hashed and written.
    """
    text = replace_surrogates(text)
    source = Source(path=path, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), format="text")
    return parse_document(RawDocument(text=text, source=source), check_language=check_language)


def parse_document(doc: RawDocument, *, check_language: bool = True) -> Letter:
    """Parse a `RawDocument` from the read stage into a `Letter`.

    Raises `InputError` when the text is empty or (with ``check_language``) not Dutch.
    """
    text = normalise_text(doc.text)
    if not text.strip():
        raise InputError(f"{doc.source.path} holds no text: there is nothing to parse.")
    if check_language:
        require_dutch(text, doc.source.path)
    return build_letter(split_lines(text), doc.source, tuple(doc.furniture))
