"""Write small PDFs for tests: text lines at given positions and sizes, or a page with no text.

Hand-written PDF syntax (one Type1 Helvetica font, WinAnsi encoding), enough for a reader to see
positions, sizes and font names, so the layout rules can be tested on our own letters; and hostile
PDFs (many pages, a decompression bomb, a circular page tree, deep nesting, encryption).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class TextLine:
    x: float
    y: float  # from the top of the page, in points
    text: str
    size: float = 9.0
    italic: bool = False


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def make_pdf(pages: list[list[TextLine]], width: float = 595.0, height: float = 842.0) -> bytes:
    """A PDF with one page per list of lines (an empty list gives a page without text)."""
    objects: list[bytes] = []

    def add(obj: bytes) -> int:
        objects.append(obj)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    italic = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Oblique /Encoding /WinAnsiEncoding >>")
    page_ids: list[int] = []
    pages_id_placeholder = len(objects) + 1 + 2 * len(pages)
    for lines in pages:
        ops = []
        for ln in lines:
            name = b"/F2" if ln.italic else b"/F1"
            ops.append(
                b"BT " + name + b" %.1f Tf %.2f %.2f Td (" % (ln.size, ln.x, height - ln.y) + _escape(ln.text) + b") Tj ET"
            )
        if not lines:
            # a page with only a filled rectangle: what a scan looks like to a text extractor
            ops.append(b"0.5 g 50 50 400 600 re f")
        stream = b"\n".join(ops)
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>"
                % (pages_id_placeholder, int(width), int(height), content, font, italic)
            )
        )
    kids = b" ".join(b"%d 0 R" % pid for pid in page_ids)
    pages_id = add(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(page_ids))
    assert pages_id == pages_id_placeholder
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    return write_pdf(objects, catalog)


def write_pdf(objects: list[bytes], root: int, trailer_extra: bytes = b"") -> bytes:
    """Objects 1..n (their bodies, without ``obj``/``endobj``) as a PDF with a cross-reference
    table; ``root`` is the catalog's number."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, trailer_extra, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    """A stream object's body."""
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
_TEXT = b"BT /F1 9 Tf 80 700 Td (Dit is een brief over de begroting van het ministerie.) Tj ET"


def many_pages(count: int) -> bytes:
    """``count`` tiny pages sharing one content stream: few bytes per page."""
    objects = [_FONT, stream(_TEXT), b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % (k + 5) for k in range(count)), count),
        b"<< /Type /Catalog /Pages 3 0 R >>"]
    objects += [b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 2 0 R "
                b"/Resources << /Font << /F1 1 0 R >> >> >>"] * count
    return write_pdf(objects, 4)


def flate_bomb(inflated_mb: int) -> bytes:
    """One page whose content stream is text followed by ``inflated_mb`` MB of spaces, Flate
    compressed (about 1 KB per MB)."""
    import zlib

    packer = zlib.compressobj(9)
    packed = [packer.compress(_TEXT + b"\n")]
    block = b" " * (1 << 20)
    packed += [packer.compress(block) for _ in range(inflated_mb)]
    packed.append(packer.flush())
    objects = [_FONT, stream(b"".join(packed), b"/Filter /FlateDecode "),
               b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>", b"<< /Type /Catalog /Pages 3 0 R >>",
               b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 2 0 R "
               b"/Resources << /Font << /F1 1 0 R >> >> >>"]
    return write_pdf(objects, 4)


def circular_page_tree() -> bytes:
    """A page tree whose node lists itself among its kids."""
    objects = [_FONT, stream(_TEXT), b"<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>",
               b"<< /Type /Catalog /Pages 3 0 R >>",
               b"<< /Type /Pages /Parent 3 0 R /Kids [3 0 R 5 0 R] /Count 2 >>"]
    return write_pdf(objects, 4)


def deeply_nested(depth: int = 10_000, *, in_contents: bool = True) -> bytes:
    """A page with arrays nested ``depth`` deep: around its content stream's reference (so that
    the text cannot be found), or beside it in its resources (harmless)."""
    contents = b"[" * depth + b"2 0 R" + b"]" * depth if in_contents else b"2 0 R"
    extra = b"" if in_contents else b"/X " + b"[" * depth + b"]" * depth
    objects = [_FONT, stream(_TEXT), b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
               b"<< /Type /Catalog /Pages 3 0 R >>",
               b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents " + contents +
               b" /Resources << /Font << /F1 1 0 R >> " + extra + b" >> >>"]
    return write_pdf(objects, 4)


def encrypted() -> bytes:
    """A letter behind the standard security handler with a user password (not the empty one)."""
    objects = [_FONT, stream(_TEXT), b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
               b"<< /Type /Catalog /Pages 3 0 R >>",
               b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 2 0 R "
               b"/Resources << /Font << /F1 1 0 R >> >> >>",
               b"<< /Filter /Standard /V 1 /R 2 /P -44 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32 + b"> >>"]
    return write_pdf(objects, 4, b"/Encrypt 6 0 R /ID [<00112233445566778899aabbccddeeff> "
                                 b"<00112233445566778899aabbccddeeff>] ")


def house_style_letter() -> list[list[TextLine]]:
    """A two-page letter in the current house style, written for these tests."""
    body = [
        "In deze brief informeer ik uw Kamer over de voortgang van het programma",
        "Schone Rivieren. De aanpak loopt volgens planning en de eerste maatregelen",
        "zijn in 2025 uitgevoerd.1 Ik ga in op de resultaten en de volgende stappen.",
    ]
    p1 = [
        TextLine(80, 130, "> Retouradres Postbus 20901 2500 EX Den Haag", 6.5),
        TextLine(80, 150, "De Voorzitter van de Tweede Kamer", 9),
        TextLine(80, 162, "der Staten-Generaal", 9),
        TextLine(80, 174, "Postbus 20018", 9),
        TextLine(80, 186, "2500 EA DEN HAAG", 9),
        TextLine(467, 150, "Kenmerk", 6.5),
        TextLine(467, 159, "IENW/BSK-2025/12345", 6.5),
        TextLine(80, 290, "Datum 14 maart 2025", 9),
        TextLine(80, 302, "Betreft Voortgang programma Schone Rivieren", 9),
        TextLine(80, 340, "Geachte voorzitter,", 9),
    ]
    y = 364
    for text in body:
        p1.append(TextLine(80, y, text, 9))
        y += 12
    y += 12
    p1.append(TextLine(80, y, "Resultaten", 9, italic=True))
    y += 12
    p1.append(TextLine(80, y, "Het aantal meetpunten met goede waterkwaliteit steeg van 112 naar 140. De", 9))
    p1.append(TextLine(80, 760, "1 Kamerstukken 2024/2025, 27 625, nr. 700.", 7))
    p1.append(TextLine(467, 808, "Pagina 1 van 2", 6.5))
    p2 = [
        TextLine(467, 120, "Kenmerk", 6.5),
        TextLine(467, 129, "IENW/BSK-2025/12345", 6.5),
        TextLine(80, 122, "waterschappen voeren de maatregelen uit met een budget van 20 miljoen euro.", 9),
        TextLine(80, 146, "Hoogachtend,", 9),
        TextLine(80, 170, "de minister van Infrastructuur en Waterstaat,", 9),
        TextLine(80, 218, "M. de Vries", 9),
        TextLine(467, 808, "Pagina 2 van 2", 6.5),
    ]
    return [p1, p2]
