"""PDF text through PDFium (pypdfium2): every character with its box, size and font, within bounds.

PDFium, the PDF engine of Chromium, is a compiled library; pypdfium2 binds it (Apache-2.0 /
BSD-3-Clause). Its text page gives each character's Unicode value and box; the layout rules that
turn characters into body text, footnotes and furniture are in `layout`.

Bounds, so that a hostile or broken file costs seconds and megabytes, not gigabytes:

* pages: at most ``max_pages`` (``--max-pages``, ``NLBRIEF_MAX_PAGES``, default 500);
* decompressed data: the Flate streams PDFium would inflate to read the text (page contents,
  fonts, object streams; images are not read) may hold at most `MAX_INFLATED_BYTES` (100 MB)
  together, measured before PDFium sees the file by inflating them piecewise into a small buffer;
* characters: at most `MAX_PAGE_CHARS` on a page (and ``read.MAX_PDF_TEXT_CHARS`` in all).

PDFium is not thread-safe: read PDFs from one thread per process (batch runs use processes).
"""

from __future__ import annotations

import ctypes
import math
import os
import re
import zlib
from collections.abc import Iterator
from typing import Any

from ..errors import ConfigError, InputError
from .layout import Char, PageLayout, page_layout, words

#: Default page bound of one PDF (``--max-pages`` / ``NLBRIEF_MAX_PAGES``).
DEFAULT_MAX_PAGES = 500
#: The most decompressed stream data one PDF may hold (bytes).
MAX_INFLATED_BYTES = 100 * 1024 * 1024
#: The most characters one page may hold (a dense A4 page has about 6,000).
MAX_PAGE_CHARS = 200_000
#: How far (points) a text printed twice may be shifted to be read as one (fake bold).
FAKE_BOLD_SHIFT = 1.5
#: PDFium's own limit on nested arrays and dictionaries (``kParserMaxRecursionDepth``).
_PDFIUM_MAX_NESTING = 64

#: PDFium marks a hyphen that ends a line as U+FFFE (or U+0002); white space is one space.
_CHAR_MAP = str.maketrans({"\ufffe": "-", "\x02": "-", "\t": " ", "\n": " ", "\r": " ", "\x0c": " ",
                          "\xa0": " ", "\u3000": " ", "\u202f": " ", "\u205f": " ",
                          **{chr(c): " " for c in range(0x2000, 0x200B)}})
#: Flate's largest inflation ratio (zlib's technical details: 1032:1).
_MAX_FLATE_RATIO = 1032
#: Builds a `Char` from a tuple without the named tuple's Python-level constructor (hot path).
_new = tuple.__new__
_PRINTED = re.compile(r"[^\x00-\x20]+")
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_NESTING = re.compile(rb"<<|>>|\[|\]")


def max_pages_setting(max_pages: int | None = None) -> int:
    """The page bound: the option, else ``NLBRIEF_MAX_PAGES``, else 500.

    Raises:
        ConfigError: not a whole number of at least 1.
    """
    if max_pages is None:
        value = os.environ.get("NLBRIEF_MAX_PAGES", "")
        if not value.strip():
            return DEFAULT_MAX_PAGES
        try:
            max_pages = int(value)
        except ValueError:
            raise ConfigError(f"NLBRIEF_MAX_PAGES={value!r} is not a whole number of pages.") from None
    if max_pages < 1:
        raise ConfigError(f"--max-pages must be at least 1 (got {max_pages}).")
    return max_pages


def pdf_pages(data: bytes, *, name: str, max_pages: int) -> Iterator[PageLayout]:
    """Read a PDF page by page: each page's body lines and furniture (`layout.page_text` makes
    the text).

    Raises:
        InputError: encrypted, truncated, damaged, over a bound (pages, decompressed data,
            characters on a page), or with no pages.
    """
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    check_inflated_size(data, name=name)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        raise InputError(diagnose(data, name, getattr(err, "err_code", None))) from None
    try:
        count = len(pdf)
        if count == 0:
            raise InputError(diagnose(data, name, None, no_pages=True))
        if count > max_pages:
            raise InputError(
                f"{name} has {count} pages, over the limit of {max_pages} for one letter. Raise it "
                "with --max-pages N (or NLBRIEF_MAX_PAGES) if this is really one letter."
            )
        for index in range(count):
            yield _read_page(pdf, index, name, data)
    finally:
        pdf.close()


def _read_page(pdf: Any, index: int, name: str, data: bytes) -> PageLayout:
    import pypdfium2.raw as c  # type: ignore[import-untyped]

    page = c.FPDF_LoadPage(pdf.raw, index)
    if not page:
        raise InputError(diagnose(data, name, None, no_pages=True))
    try:
        width = c.FPDF_GetPageWidthF(page)
        height = c.FPDF_GetPageHeightF(page)
        textpage = c.FPDFText_LoadPage(page)
        try:
            chars = _page_chars(textpage, height, name, index)
        finally:
            c.FPDFText_ClosePage(textpage)
    finally:
        c.FPDF_ClosePage(page)
    return page_layout(words(chars), width, height)


class _Api:
    """PDFium calls made once per character, bound once with plain pointer types: the typed
    bindings cost a pointer conversion per call, and a text object's address is the font cache's
    key."""

    def __init__(self) -> None:
        import pypdfium2.raw as c  # type: ignore[import-untyped]

        def plain(func: Any, restype: Any, *argtypes: Any) -> Any:
            address = ctypes.cast(func, ctypes.c_void_p).value
            assert address is not None
            return ctypes.CFUNCTYPE(restype, *argtypes)(address)

        vp = ctypes.c_void_p
        self.text_object = plain(c.FPDFText_GetTextObject, vp, vp, ctypes.c_int)
        self.loose_box = plain(c.FPDFText_GetLooseCharBox, ctypes.c_int, vp, ctypes.c_int, vp)
        self.unicode = plain(c.FPDFText_GetUnicode, ctypes.c_uint, vp, ctypes.c_int)
        self.get_text = plain(c.FPDFText_GetText, ctypes.c_int, vp, ctypes.c_int, ctypes.c_int, vp)
        self.font_size = plain(c.FPDFTextObj_GetFontSize, ctypes.c_int, vp, vp)
        self.matrix = plain(c.FPDFText_GetMatrix, ctypes.c_int, vp, ctypes.c_int, vp)
        self.font = plain(c.FPDFTextObj_GetFont, vp, vp)
        self.font_name = plain(c.FPDFFont_GetBaseFontName, ctypes.c_ulong, vp, vp, ctypes.c_ulong)
        # Out-parameters, allocated once (PDFium is used from one thread anyway).
        self.size_buffer = ctypes.c_float(0.0)
        self.size_p = ctypes.addressof(self.size_buffer)
        self.matrix_buffer = (ctypes.c_float * 6)()  # FS_MATRIX: a, b, c, d, e, f
        self.matrix_p = ctypes.addressof(self.matrix_buffer)


_API: _Api | None = None


def _api() -> _Api:
    global _API
    if _API is None:
        _API = _Api()
    return _API


def _page_chars(textpage: Any, height: float, name: str, index: int) -> list[Char]:
    """The printed text of a text page as pieces with boxes and fonts (see `_Pieces`); words
    are rebuilt from their positions."""
    api = _api()
    tp = ctypes.cast(textpage, ctypes.c_void_p).value
    import pypdfium2.raw as c  # type: ignore[import-untyped]

    n = c.FPDFText_CountChars(textpage)
    if n > MAX_PAGE_CHARS:
        raise InputError(
            f"{name}: page {index + 1} holds {n:,} characters, over the limit of "
            f"{MAX_PAGE_CHARS:,} for one page: this is not a letter's page."
        )
    text = _text(api, tp, n).translate(_CHAR_MAP)
    page = _Pieces(api, tp, height, text)
    gap_start = 0
    # Runs of printed characters between white space (printed or generated by PDFium where it
    # found a word gap or a line end) and control characters; PDFium is asked about the first and
    # last character of each run, and more only where a run spans text objects.
    for match in _PRINTED.finditer(text):
        start, end = match.span()
        if " " in text[gap_start:start]:
            page.space()
        page.segment(start, end)
        gap_start = end
    return page.done()


class _Pieces:
    """Pieces of a page's text as `Char` tuples (``text`` may hold several characters): runs of
    characters of one text object between spaces, each with its box; a space is a piece of its
    own that marks a word break (printed or generated by PDFium where it found a word gap; a
    generated space has no box of its own, so it sits after the piece before it)."""

    def __init__(self, api: _Api, tp: int | None, height: float, text: str) -> None:
        self.api, self.tp, self.height, self.text = api, tp, height, text
        self.rect = (ctypes.c_float * 4)()  # FS_RECTF: left, top, right, bottom
        self.rect_p = ctypes.addressof(self.rect)
        self.fonts: dict[int, tuple[float, str]] = {}
        self.names: dict[int, str] = {}
        self.seen: dict[tuple[str, int, float, str], list[float]] = {}
        self.out: list[Char] = []
        self.run: list[Char] = []  # the pieces of one text object
        self.current = 0
        self.size, self.font = 0.0, ""

    def segment(self, start: int, end: int) -> None:
        """Characters ``start`` to ``end`` (exclusive), printed without a break: one piece per
        text object among them (a superscript marker glued to its word is an object of its own).
        A text object's characters are consecutive, so bisection finds where one ends."""
        text_object = self.api.text_object
        while start < end:
            obj = text_object(self.tp, start)
            stop = end
            if end - start > 1 and text_object(self.tp, end - 1) != obj:
                lo, stop = start + 1, end - 1  # obj's last character is before stop
                while lo < stop:
                    mid = (lo + stop) // 2
                    if text_object(self.tp, mid) == obj:
                        lo = mid + 1
                    else:
                        stop = mid
            if obj:  # characters PDFium generated have no object: left out
                if obj != self.current:
                    self.new_object(obj, start)
                self.piece(start, stop - 1)
            start = stop

    def new_object(self, obj: int, index: int) -> None:
        _add_run(self.run, self.out, self.seen)
        self.run = []
        self.current = obj
        found = self.fonts.get(obj)
        if found is None:
            found = self.fonts[obj] = _font(self.api, obj, self.tp, index, self.names)
        self.size, self.font = found

    def piece(self, first: int, last: int) -> None:
        rect = self.rect
        self.api.loose_box(self.tp, first, self.rect_p)
        x0, x1, low = rect[0], rect[2], rect[3]
        if last != first:
            self.api.loose_box(self.tp, last, self.rect_p)
            x1, low = max(x1, rect[2]), min(low, rect[3])
        # The loose box's bottom is the font's descent below the baseline; its top (the font's
        # ascent) varies by font, so the top is taken one font size above the bottom, as pdfminer
        # does: the layout rules' gaps then measure the same in every font.
        bottom = self.height - low
        self.run.append(_new(Char, (self.text[first:last + 1], x0, x1, bottom - self.size, bottom,
                                    self.size, self.font)))

    def space(self) -> None:
        run = self.run or self.out
        if run and run[-1].text != " ":
            prev = run[-1]
            run.append(_new(Char, (" ", prev.x1, prev.x1, prev.top, prev.bottom, prev.size, prev.font)))

    def done(self) -> list[Char]:
        _add_run(self.run, self.out, self.seen)
        return self.out


def _add_run(run: list[Char], out: list[Char], seen: dict[tuple[str, int, float, str], list[float]]) -> None:
    """Add a text object's characters, unless the same text was printed in the same font on the
    same line within `FAKE_BOLD_SHIFT` points before (fake bold: "PPaaggiinnaa 22")."""
    if not run:
        return
    first = run[0]
    key = ("".join([c.text for c in run]), round(first.top), first.size, first.font)
    starts = seen.setdefault(key, [])
    if any(abs(first.x0 - x0) <= FAKE_BOLD_SHIFT for x0 in starts):
        return
    starts.append(first.x0)
    out.extend(run)


def _text(api: _Api, tp: int | None, n: int) -> str:
    """The page's characters, one per character index."""
    if n <= 0:
        return ""
    buf = ctypes.create_string_buffer((n + 1) * 2)
    written = api.get_text(tp, 0, n, ctypes.addressof(buf))
    text = buf.raw[: max(written - 1, 0) * 2].decode("utf-16-le", errors="surrogatepass")
    if len(text) == n:
        return text
    # Characters outside the BMP take two UTF-16 units: ask per character instead.
    return "".join(chr(api.unicode(tp, i)) if api.unicode(tp, i) < 0x110000 else "\ufffd" for i in range(n))


def _font(api: _Api, obj: int, tp: int | None, index: int, names: dict[int, str]) -> tuple[float, str]:
    """(size as rendered, base font name) of a text object: the font size times the vertical
    scale of the character's matrix (a PDF may set 1-point type and scale it to 9 points)."""
    size, matrix = api.size_buffer, api.matrix_buffer
    api.font_size(obj, api.size_p)
    scale = math.hypot(matrix[2], matrix[3]) if api.matrix(tp, index, api.matrix_p) else 1.0
    font = api.font(obj)
    label = names.get(font or 0)
    if label is None:
        label = ""
        if font:
            buf = ctypes.create_string_buffer(256)
            length = api.font_name(font, ctypes.addressof(buf), 256)
            label = buf.raw[: max(length - 1, 0)].decode("latin-1")
        names[font or 0] = label
    return round(size.value * scale, 2), label


# ---------------------------------------------------------------------------------------------
# Bounds and diagnosis
# ---------------------------------------------------------------------------------------------


def check_inflated_size(data: bytes, *, name: str, limit: int | None = None) -> int:
    """Inflate the PDF's Flate streams (images left out) piecewise, 1 MB at a time, counting
    what they hold; returns the total in bytes, or 0 when their compressed size is too small to
    hold more than ``limit`` (default `MAX_INFLATED_BYTES`) at Flate's largest ratio.

    Raises:
        InputError: together they hold more than ``limit`` bytes (a decompression bomb).
    """
    limit = MAX_INFLATED_BYTES if limit is None else limit
    if len(data) * _MAX_FLATE_RATIO <= limit:
        return 0  # the whole file, inflated at Flate's largest ratio, stays within the limit
    spans = []
    for match in _STREAM.finditer(data):
        head = data[max(0, match.start() - 1024): match.start()]
        head = head[head.rfind(b"obj") + 1:]
        if b"Flate" in head and b"/Image" not in head:
            end = data.find(b"endstream", match.end())
            spans.append((match.end(), len(data) if end < 0 else end))
    if sum(end - start for start, end in spans) * _MAX_FLATE_RATIO <= limit:
        return 0  # even at Flate's largest ratio these streams cannot hold more than the limit
    view = memoryview(data)
    total = 0
    for start, end in spans:
        total += _inflated_size(view[start:end + 1], limit - total)
        if total > limit:
            raise InputError(
                f"{name} holds over {limit // (1024 * 1024)} MB of compressed data (a stream that "
                "inflates far beyond the file's size): nlbrief does not read it. If this is a real "
                "letter, print it to a new PDF or extract its text with another tool."
            )
    return total


def _inflated_size(stream: memoryview, budget: int) -> int:
    inflater = zlib.decompressobj()
    size = 0
    try:
        for start in range(0, len(stream), 1 << 16):
            chunk = stream[start:start + (1 << 16)]
            while chunk and not inflater.eof:
                size += len(inflater.decompress(chunk, 1 << 20))
                chunk = inflater.unconsumed_tail  # type: ignore[assignment]
                if size > budget:
                    return size
            if inflater.eof:
                break
    except zlib.error:
        pass  # encrypted or damaged: PDFium decides
    return size


def diagnose(data: bytes, name: str, code: int | None, *, no_pages: bool = False,
             no_text: bool = False) -> str:
    """The message for a PDF that PDFium could not open (``code``: its error code), that has no
    pages, or that gave (almost) no text: encrypted, truncated, nested too deep, a damaged page
    tree, damaged otherwise, or a scan."""
    import pypdfium2.raw as c  # type: ignore[import-untyped]

    if code in (c.FPDF_ERR_PASSWORD, c.FPDF_ERR_SECURITY):
        return (f"{name} is an encrypted PDF that needs a password to open. Open it with the "
                "password and save or print it as a PDF without one, then pass that file.")
    if b"%%EOF" not in data[-2048:] and (code is not None or no_pages or no_text):
        return (f"{name} is a truncated PDF: it stops before the end of the file (a download or "
                "copy that was cut off). Fetch or copy it again.")
    if _max_nesting(data) > _PDFIUM_MAX_NESTING:
        return (f"{name} is a damaged PDF: its objects are nested more than {_PDFIUM_MAX_NESTING} "
                "levels deep, which no real document needs, so its text cannot be read.")
    if no_pages or (code is not None and re.search(rb"/Type\s*/Page\b", data)):
        return (f"{name} is a damaged PDF: its page tree is broken (circular or pointing nowhere), "
                "so no page can be found. Open and re-save it in a PDF viewer, then try again.")
    if no_text:
        return (f"{name} is a PDF without a text layer (a scan or an image): there is no text to "
                "read. Run it through OCR first (for example `ocrmypdf --language nld in.pdf "
                "out.pdf`) and pass the result.")
    return (f"{name} is not a readable PDF: it is damaged (PDFium error {code}). Open and re-save "
            "it in a PDF viewer, or export the letter again, then try again.")


def _max_nesting(data: bytes) -> int:
    """The deepest nesting of arrays and dictionaries outside stream data (whose bytes are
    binary and would count at random)."""
    depth = deepest = 0
    outside = b" ".join(re.split(rb"(?<!end)stream\r?\n.*?endstream", data, flags=re.S))
    for match in _NESTING.finditer(outside):
        if match.group() in (b"<<", b"["):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > _PDFIUM_MAX_NESTING:
                return deepest
        else:
            depth = max(depth - 1, 0)
    return deepest
