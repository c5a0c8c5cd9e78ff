"""The read stage: a path (or ``-`` for standard input) -> `RawDocument`.

Text comes in UTF-8 (with or without BOM) or Windows-1252/Latin-1, with CRLF or LF line ends.
PDFs are read page by page through pdfplumber's text layer; running headers, footers and the
sidebar of the house style are recognised by position and font size and kept apart as page
furniture, and the small print at a page's foot (the footnotes) is placed after the page's body,
where the parser expects it.
"""

from __future__ import annotations

import hashlib
import io
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

from .config import max_input_bytes
from .errors import InputError
from .model.letter import RawDocument, Source

_PDF_MAGIC = b"%PDF-"
#: The files a folder of letters is searched for.
LETTER_SUFFIXES = (".txt", ".pdf")


def read_path(path: str | Path, *, max_size_mb: float | None = None) -> RawDocument:
    """Read a letter from ``path`` (``-`` reads standard input).

    Raises:
        InputError: missing, unreadable, empty, binary, too large, or a PDF without text layer.
    """
    name = str(path)
    limit = max_input_bytes(max_size_mb)
    if name == "-":
        data = sys.stdin.buffer.read(limit + 1)  # one byte more tells a file over the limit
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(f"{name}: no such file. Check the path, or pass - to read standard input.")
        if p.is_dir():
            raise InputError(f"{name} is a folder, not a letter. Use `nlbrief batch {name}` for a whole folder.")
        size = p.stat().st_size
        if size > limit:  # refused before it is read
            raise _too_large(name, size, limit)
        try:
            data = p.read_bytes()
        except OSError as err:
            raise InputError(f"{name} cannot be read: {err.strerror or err}.") from None
    return read_bytes(data, name=name, max_size_mb=max_size_mb)


def read_bytes(data: bytes, *, name: str = "<bytes>", max_size_mb: float | None = None) -> RawDocument:
    """Decode ``data`` as a text letter or a PDF (refusing more than the size limit)."""
    limit = max_input_bytes(max_size_mb)
    if len(data) > limit:
        raise _too_large("standard input" if name == "-" else name, len(data), limit)
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise InputError(f"{name} is empty: there is no letter to read.")
    if data.startswith(_PDF_MAGIC) or data[:1024].lstrip().startswith(_PDF_MAGIC):
        return read_pdf(data, name=name, sha256=sha)
    text = decode_text(data, name=name)
    return RawDocument(text=text, source=Source(name, sha, "text"))


def _too_large(label: str, size: int, limit: int) -> InputError:
    return InputError(
        f"{label} is {size / 1e6:.1f} MB, over the {limit / 1024 / 1024:.0f} MB limit for one letter. "
        "Raise the limit with --max-size MB (or NLBRIEF_MAX_SIZE_MB) if this is really one letter."
    )


def decode_text(data: bytes, *, name: str = "<bytes>") -> str:
    """UTF-8 (BOM or not), else Windows-1252; binary data is refused with a clear message."""
    if _looks_binary(data):
        raise InputError(
            f"{name} looks like a binary file, not a letter: nlbrief reads plain text (UTF-8 or "
            "Windows-1252) and PDF. Convert word-processor files to PDF or text first."
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Not UTF-8: the Dutch government's older files are Windows-1252, a superset of Latin-1 for
    # printable text ("geïnformeerd" is b"ge\xefnformeerd" in both).
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control > max(8, len(sample) // 100)


# ---------------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------------


def read_pdf(data: bytes, *, name: str, sha256: str) -> RawDocument:
    """Extract a PDF's text layer: body lines per page, footnotes after them, furniture apart."""
    try:
        import pdfplumber
    except ImportError:
        raise InputError(
            f"{name} is a PDF, and reading PDFs needs pdfplumber: pip install 'nlbrief[pdf]'."
        ) from None
    from pdfminer.pdfparser import PDFSyntaxError

    pages: list[str] = []
    furniture: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                body, furn = _page_text(page)
                pages.append(body)
                furniture.extend(furn)
    except PDFSyntaxError as err:
        raise InputError(f"{name} is not a readable PDF ({err}).") from None
    except Exception as err:  # pdfminer raises many kinds on damaged files
        if isinstance(err, InputError):
            raise
        raise InputError(f"{name} could not be read as a PDF: {type(err).__name__}: {err}.") from None
    text = "\f".join(pages)
    if len(re.findall(r"[^\W\d_]{2,}", text)) < 5:
        raise InputError(
            f"{name} is a PDF without a text layer (a scan or an image): there is no text to read. "
            "Run it through OCR first (for example `ocrmypdf --language nld in.pdf out.pdf`) and "
            "pass the result."
        )
    return RawDocument(
        text=text, source=Source(name, sha256, "pdf"), furniture=tuple(furniture)
    )


class _PdfLine(NamedTuple):
    top: float
    text: str
    small: bool  # all of it in smaller print than the page's body text
    emphasis: bool  # all of it in an italic or bold font


def _page_text(page: Any) -> tuple[str, list[str]]:
    """One page: (body text with footnotes at its foot, furniture lines)."""
    page = _dedupe_chars(page)
    width = float(page.width)
    height = float(page.height)
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["size", "fontname"])
    if not words:
        return "", []
    sizes: Counter[float] = Counter()
    for w in words:
        sizes[round(float(w["size"]), 1)] += len(w["text"])
    body_size = sizes.most_common(1)[0][0]

    def is_small(ws: list[dict]) -> bool:
        return all(float(w["size"]) < body_size * 0.9 for w in ws)

    furniture: list[str] = []
    main: list[dict] = []
    side: list[dict] = []
    # The house style's sidebar: small print in the right-hand column, apart from the body text on
    # its line by a wide gap. (A footnote line in small print that runs into that column is no
    # sidebar: its words follow each other closely.)
    for line in _lines(words):
        segments: list[list[dict]] = [[]]
        for w in line:
            if segments[-1] and float(w["x0"]) - float(segments[-1][-1]["x1"]) > 15:
                segments.append([])
            segments[-1].append(w)
        for seg in segments:
            in_column = float(seg[0]["x0"]) > width * 0.7
            (side if in_column and is_small(seg) else main).extend(seg)
    furniture.extend(_line_text(line) for line in _lines(side))
    body_lines: list[_PdfLine] = []
    for line in _unfold_columns(_lines(main)):
        text = _line_text(line)
        top = min(float(w["top"]) for w in line)
        bottom = max(float(w["bottom"]) for w in line)
        if is_small(line) and (top > height * 0.93 or bottom < height * 0.08):
            furniture.append(text)  # a running footer or header: small print in the margin
            continue
        emphasis = all(re.search(r"Italic|Bold|Oblique", str(w["fontname"])) for w in line)
        body_lines.append(_PdfLine(top, text, is_small(line), emphasis))
    # Footnotes: the run of small-print lines at the foot of the page.
    split = len(body_lines)
    while split > 0 and body_lines[split - 1].small:
        split -= 1
    body, notes = body_lines[:split], body_lines[split:]
    out: list[str] = []
    gaps = [b.top - a.top for a, b in zip(body, body[1:]) if 0 < b.top - a.top < 40]
    leading = sorted(gaps)[len(gaps) // 2] if gaps else 12.0
    prev_top: float | None = None
    for ln in body:
        if prev_top is not None and ln.top - prev_top > leading * 1.5:
            out.append("")  # a wider gap than the line spacing: a new paragraph
        if ln.emphasis and len(ln.text) < 90 and not re.search(r"[.!?:;,]$", ln.text):
            # A heading set in italics or bold: blank lines around it make it a block of its own.
            if out and out[-1] != "":
                out.append("")
            out.extend([ln.text, ""])
        else:
            out.append(ln.text)
        prev_top = ln.top
    if notes:
        out.append("")
        out.extend(ln.text for ln in notes)
    return "\n".join(out), furniture


def _dedupe_chars(page: Any) -> Any:
    """Drop characters printed twice on the same spot (fake bold: "PPaaggiinnaa 22").

    pdfplumber's own `dedupe_chars` compares every pair of nearby characters and takes seconds per
    page; an exact match on text, font and rounded position is enough here and takes milliseconds.
    """
    seen: set[tuple] = set()
    dups: set[int] = set()
    for ch in page.chars:
        key = (ch["text"], ch["fontname"], round(float(ch["size"]), 1), round(float(ch["x0"])), round(float(ch["top"])))
        if key in seen:
            dups.add(id(ch))
        else:
            seen.add(key)
    if not dups:
        return page
    return page.filter(lambda obj: obj.get("object_type") != "char" or id(obj) not in dups)


def _lines(words: list[dict]) -> list[list[dict]]:
    """Group words into lines by their vertical position (within 3.5 points, so that a superscript
    footnote marker, set a few points higher, stays on the line of the word it follows)."""
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(float(w["top"])), float(w["x0"]))):
        if lines and abs(float(lines[-1][0]["top"]) - float(w["top"])) < 3.5:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: float(w["x0"])) for line in lines]


def _column_gap(line: list[dict], min_gap: float = 40.0) -> float | None:
    """The x where a line splits into two columns (two signatures side by side), if it does."""
    best = None
    for a, b in zip(line, line[1:]):
        gap = float(b["x0"]) - float(a["x1"])
        if gap >= min_gap and (best is None or gap > best[0]):
            best = (gap, (float(a["x1"]) + float(b["x0"])) / 2)
    return best[1] if best else None


def _unfold_columns(lines: list[list[dict]]) -> list[list[dict]]:
    """Read side-by-side columns one after the other: a run of lines that split at the same x
    (two signatories: their roles, then their names) becomes the left column, then the right."""
    out: list[list[dict]] = []
    k = 0
    while k < len(lines):
        split = _column_gap(lines[k])
        if split is None:
            out.append(lines[k])
            k += 1
            continue
        run = [lines[k]]
        k += 1
        while k < len(lines):
            nxt = _column_gap(lines[k])
            if nxt is None or abs(nxt - split) > 60:
                break
            run.append(lines[k])
            k += 1
        left = [[w for w in ln if float(w["x1"]) <= split] for ln in run]
        right = [[w for w in ln if float(w["x0"]) >= split] for ln in run]
        out.extend(ln for ln in left if ln)
        out.extend(ln for ln in right if ln)
    return out


def _line_text(line: list[dict]) -> str:
    parts: list[str] = []
    prev_x1 = None
    for w in line:
        x0 = float(w["x0"])
        if prev_x1 is not None and x0 - prev_x1 < 0.8:
            parts.append(w["text"])  # touching: a superscript marker glued to its word
        else:
            if parts:
                parts.append(" ")
            parts.append(w["text"])
        prev_x1 = float(w["x1"])
    return "".join(parts)
