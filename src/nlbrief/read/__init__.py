"""The read stage: a path (or ``-`` for standard input) -> `RawDocument`.

Text comes in UTF-8 (with or without BOM), UTF-16 or Windows-1252, with CRLF or LF line ends
(`text`). PDFs are read through PDFium (`pdf`): every character with its box, size and font, and
the house style's layout rules (`layout`) keep running headers, footers and the sidebar apart as
page furniture and place the small print at a page's foot (the footnotes) after the page's body,
where the parser expects it.

Every read is bounded: only regular files are opened (a FIFO or a device is refused before it can
block or stream without end), at most the size limit is read, and a PDF has a page bound and a
bound on what its compressed streams inflate to.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys
from pathlib import Path

from ..config import max_input_bytes
from ..errors import InputError
from ..fileio import describe_mode
from ..model.letter import RawDocument, Source
from .layout import page_text, running_lines
from .pdf import DEFAULT_MAX_PAGES, diagnose, max_pages_setting, pdf_pages
from .text import decode, decode_text

__all__ = [
    "DEFAULT_MAX_PAGES", "LETTER_SUFFIXES", "decode_text", "max_pages_setting", "read_bytes",
    "read_path", "read_pdf", "read_regular_file",
]

_PDF_MAGIC = b"%PDF-"
#: The most text one PDF may hold (characters; 500 dense pages hold about 3 million).
MAX_PDF_TEXT_CHARS = 5_000_000
#: The files a folder of letters is searched for.
LETTER_SUFFIXES = (".txt", ".pdf")


def read_path(path: str | Path, *, max_size_mb: float | None = None,
              max_pages: int | None = None) -> RawDocument:
    """Read a letter from ``path`` (``-`` reads standard input).

    Args:
        max_size_mb: the largest input accepted, in MB (None: ``NLBRIEF_MAX_SIZE_MB`` or 20).
        max_pages: the most pages a PDF may have (None: ``NLBRIEF_MAX_PAGES`` or 500).

    Raises:
        InputError: missing, not a regular file, unreadable, empty, binary, too large, a PDF over
            a bound, damaged, encrypted or without text layer, or named .pdf but not a PDF.
        ConfigError: a bound that is not a positive number.
    """
    name = str(path)
    limit = max_input_bytes(max_size_mb)
    if name == "-":
        data = sys.stdin.buffer.read(limit + 1)  # one byte more tells a file over the limit
    else:
        data = read_regular_file(path, limit)
    return read_bytes(data, name=name, max_size_mb=max_size_mb, max_pages=max_pages)


def read_regular_file(path: str | Path, limit: int, *, label: str | None = None) -> bytes:
    """The bytes of a regular file, at most ``limit`` (bytes) of them.

    The file is opened without blocking and checked on the open descriptor, so a FIFO, a device
    (``/dev/zero``) or a socket is refused before anything waits on it or reads without end, and a
    file that grows while it is read is still cut at ``limit + 1`` bytes. Batch list files and
    archive members use this too.

    Raises:
        InputError: missing, a folder, not a regular file, unreadable, or over ``limit``.
    """
    name = label or str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file. Check the path, or pass - to read standard input.") from None
    except IsADirectoryError:
        raise _folder(name) from None
    except OSError as err:
        raise InputError(f"{name} cannot be read: {err.strerror or err}.") from None
    try:
        _require_regular(name, os.fstat(fd), limit)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as err:
        raise InputError(f"{name} cannot be read: {err.strerror or err}.") from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while being read
        raise _too_large(name, len(data), limit)
    return data


def _require_regular(name: str, info: os.stat_result, limit: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise _folder(name)
    if not stat.S_ISREG(info.st_mode):
        raise InputError(
            f"{name} is {describe_mode(info.st_mode)}, not a regular file: nlbrief reads letters from "
            "files. To read from a pipe or a program, pass - and send the letter to standard input."
        )
    if info.st_size > limit:  # refused before it is read
        raise _too_large(name, info.st_size, limit)


def _folder(name: str) -> InputError:
    return InputError(f"{name} is a folder, not a letter. Use `nlbrief batch {name}` for a whole folder.")




def read_bytes(data: bytes, *, name: str = "<bytes>", max_size_mb: float | None = None,
               max_pages: int | None = None) -> RawDocument:
    """Decode ``data`` as a text letter or a PDF (refusing more than the size limit).

    A name ending in ``.pdf`` promises a PDF: data without the PDF signature is refused, not read
    as text.

    Raises:
        InputError: as `read_path`, less the file-system cases.
    """
    limit = max_input_bytes(max_size_mb)
    if len(data) > limit:
        raise _too_large("standard input" if name == "-" else name, len(data), limit)
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise InputError(f"{name} is empty: there is no letter to read.")
    if data.startswith(_PDF_MAGIC) or data[:1024].lstrip().startswith(_PDF_MAGIC):
        return read_pdf(data, name=name, sha256=sha, max_pages=max_pages)
    if name.lower().endswith(".pdf"):
        raise InputError(
            f"{name} is named .pdf but is not a PDF (it does not start with %PDF-): it may be a "
            "web page or an error message saved under that name. Download the letter again."
        )
    text, warnings = decode(data, name=name)
    return RawDocument(text=text, source=Source(name, sha, "text"), warnings=warnings)


def _too_large(label: str, size: int, limit: int) -> InputError:
    return InputError(
        f"{label} is {size / 1e6:.1f} MB, over the {limit / 1024 / 1024:g} MB limit for one letter. "
        "Raise the limit with --max-size MB (or NLBRIEF_MAX_SIZE_MB) if this is really one letter."
    )


def read_pdf(data: bytes, *, name: str, sha256: str, max_pages: int | None = None) -> RawDocument:
    """Extract a PDF's text layer: body lines per page, footnotes after them, furniture apart.

    Raises:
        InputError: encrypted, truncated, damaged, over a bound, or without text layer.
    """
    layouts = []
    total = 0
    for layout in pdf_pages(data, name=name, max_pages=max_pages_setting(max_pages)):
        total += sum(len(line.text) for line in layout.lines)
        if total > MAX_PDF_TEXT_CHARS:  # the pages are kept until all are read: bound them
            raise InputError(
                f"{name} holds over {MAX_PDF_TEXT_CHARS:,} characters of text, far more than a "
                "letter: nlbrief does not read it. Split it, or pass its letters one by one."
            )
        layouts.append(layout)
    running = running_lines(layouts)
    pages: list[str] = []
    furniture: list[str] = []
    for layout in layouts:
        page = page_text(layout, running)
        pages.append(page.body)
        furniture.extend(page.furniture)
    text = "\f".join(pages)
    if len(re.findall(r"[^\W\d_]{2,}", text)) < 5:
        raise InputError(diagnose(data, name, None, no_text=True))
    return RawDocument(text=text, source=Source(name, sha256, "pdf"), furniture=tuple(furniture))
