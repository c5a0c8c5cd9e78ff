"""The read stage: encodings, line ends, PDFs, and every kind of bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlbrief.accounting import check_document
from nlbrief.errors import InputError
from nlbrief.parse import parse_document
from nlbrief.read import decode_text, read_bytes, read_path
from pdfmaker import TextLine, house_style_letter, make_pdf

LETTER = "Den Haag, 16 mei 2024\n\nIk heb u geïnformeerd over de coördinatie.\n"


@pytest.mark.parametrize(
    "data",
    [
        LETTER.encode("utf-8"),
        b"\xef\xbb\xbf" + LETTER.encode("utf-8"),
        LETTER.encode("cp1252"),
        LETTER.encode("latin-1"),
        LETTER.replace("\n", "\r\n").encode("utf-8"),
        LETTER.replace("\n", "\r\n").encode("cp1252"),
        LETTER.encode("utf-16"),
    ],
    ids=["utf8", "utf8-bom", "cp1252", "latin1", "crlf-utf8", "crlf-cp1252", "utf16"],
)
def test_encodings_decode_to_the_same_text(data: bytes) -> None:
    text = decode_text(data).replace("\r\n", "\n")
    assert text.lstrip("\ufeff") == LETTER
    assert "geïnformeerd" in text and "coördinatie" in text


def test_cp1252_specials_are_not_mistaken_for_latin1() -> None:
    # € and the curly quotes exist in Windows-1252 only
    text = decode_text("‘€ 20 miljoen’ – geïnformeerd".encode("cp1252"))
    assert text == "‘€ 20 miljoen’ – geïnformeerd"


def test_sha256_is_of_the_bytes(tmp_path: Path) -> None:
    import hashlib

    p = tmp_path / "brief.txt"
    p.write_bytes(LETTER.encode("cp1252"))
    doc = read_path(p)
    assert doc.source.sha256 == hashlib.sha256(p.read_bytes()).hexdigest()
    assert doc.source.format == "text"


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"", "empty"),
        (b"   \n\n\t  \n", "empty"),
        (b"\x00\x01\x02PK\x03\x04" * 200, "binary"),
        (bytes(range(256)) * 20, "binary"),
    ],
    ids=["empty", "whitespace", "zip-like", "bytes"],
)
def test_bad_bytes_are_refused_clearly(data: bytes, needle: str) -> None:
    with pytest.raises(InputError, match=needle):
        read_bytes(data, name="x")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_path(tmp_path)


def test_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "big.txt"
    p.write_text("woord " * 50_000)
    with pytest.raises(InputError, match="over the 0 MB limit|limit for one letter"):
        read_path(p, max_size_mb=0.1)
    monkeypatch.setenv("NLBRIEF_MAX_SIZE_MB", "0.1")
    with pytest.raises(InputError, match="limit"):
        read_path(p)
    assert read_path(p, max_size_mb=5).text.startswith("woord")


def test_scanned_pdf_is_refused() -> None:
    with pytest.raises(InputError, match="without a text layer"):
        read_bytes(make_pdf([[], []]), name="scan.pdf")


def test_damaged_pdf_is_refused() -> None:
    with pytest.raises(InputError, match="PDF"):
        read_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", name="bad.pdf")


def test_house_style_pdf_layout() -> None:
    doc = read_bytes(make_pdf(house_style_letter()), name="brief.pdf")
    assert doc.source.format == "pdf" and len(doc.pages) == 2
    # sidebar and footers are recognised by position and size, and kept apart
    assert "Pagina 1 van 2" in doc.furniture and "IENW/BSK-2025/12345" in doc.furniture
    assert "Pagina" not in doc.text and "IENW/BSK" not in doc.text
    letter = parse_document(doc)
    assert check_document(doc, letter).ok
    assert letter.date == "2025-03-14"
    assert letter.subject == "Voortgang programma Schone Rivieren"
    assert letter.reference == "IENW/BSK-2025/12345"
    assert [s.heading for s in letter.sections] == [None, "Resultaten"]
    assert [(f.number, f.text) for f in letter.footnotes] == [(1, "Kamerstukken 2024/2025, 27 625, nr. 700.")]
    texts = [s.text for s in letter.iter_sentences()]
    # the sentence cut by the page break is whole again
    assert (
        "De waterschappen voeren de maatregelen uit met een budget van 20 miljoen euro." in texts
    )
    assert any(s.footnote_refs == (1,) and s.text.endswith("in 2025 uitgevoerd.") for s in letter.iter_sentences())
    assert letter.sender_role == ("de minister van Infrastructuur en Waterstaat",)
    assert letter.signatory == ("M. de Vries",)


def test_side_by_side_signatures_are_read_column_by_column() -> None:
    lines = [
        TextLine(80, 100, "Dit is de brief over het programma en de voortgang daarvan in dit jaar.", 9),
        TextLine(80, 124, "Hoogachtend,", 9),
        TextLine(80, 148, "de minister van Volksgezondheid,", 9),
        TextLine(300, 148, "de minister van Langdurige Zorg,", 9),
        TextLine(80, 160, "Welzijn en Sport,", 9),
        TextLine(300, 160, "Jeugd en Sport,", 9),
        TextLine(80, 200, "A. Jansen", 9),
        TextLine(300, 200, "B. de Boer", 9),
    ]
    doc = read_bytes(make_pdf([lines]), name="two.pdf")
    letter = parse_document(doc, check_language=False)
    assert letter.sender_role == (
        "de minister van Volksgezondheid, Welzijn en Sport",
        "de minister van Langdurige Zorg, Jeugd en Sport",
    )
    assert letter.signatory == ("A. Jansen", "B. de Boer")


# ---------------------------------------------------------------------------------------------
# Hardening (issue 14), .pdf names (issue 13), stray Windows-1252 bytes (issue 10)
# ---------------------------------------------------------------------------------------------

CASES = Path(__file__).resolve().parents[3] / "shared" / "data" / "cases"


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_non_regular_files_are_refused_without_blocking(tmp_path: Path, kind: str) -> None:
    import os

    if kind == "fifo":
        target = tmp_path / "x.txt"
        os.mkfifo(target)  # nobody writes to it: opening it to read would wait for ever
    else:
        target = Path("/dev/zero")  # would stream zeros without end
    with pytest.raises(InputError, match="not a regular file") as err:
        read_path(target)
    assert ("FIFO" if kind == "fifo" else "device") in str(err.value)


def test_regular_file_read_is_bounded(tmp_path: Path) -> None:
    from nlbrief.read import read_regular_file

    p = tmp_path / "list.txt"
    p.write_bytes(b"a\n" * 100)
    assert read_regular_file(p, 1000) == b"a\n" * 100
    with pytest.raises(InputError, match="limit"):
        read_regular_file(p, 100)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 0.0, -1.0])
def test_max_size_must_be_a_positive_number(tmp_path: Path, value: float) -> None:
    from nlbrief.errors import ConfigError

    p = tmp_path / "brief.txt"
    p.write_text(LETTER)
    with pytest.raises(ConfigError, match="above 0"):
        read_path(p, max_size_mb=value)


def test_max_size_from_the_environment_is_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nlbrief.errors import ConfigError

    p = tmp_path / "brief.txt"
    p.write_text(LETTER)
    monkeypatch.setenv("NLBRIEF_MAX_SIZE_MB", "nan")
    with pytest.raises(ConfigError):
        read_path(p)


def test_a_pdf_name_promises_a_pdf(tmp_path: Path) -> None:
    p = tmp_path / "brief.PDF"
    p.write_text(LETTER)  # a text (or a saved web page) under a .pdf name
    with pytest.raises(InputError, match="named .pdf but is not a PDF"):
        read_path(p)
    assert read_bytes(LETTER.encode(), name="brief.txt").text == LETTER


def test_utf16_without_bom_is_read() -> None:
    for codec in ("utf-16-le", "utf-16-be"):
        assert decode_text(LETTER.encode(codec)) == LETTER
    # a binary file of 16-bit numbers is not UTF-16 text
    with pytest.raises(InputError, match="binary"):
        decode_text(bytes(b for k in range(2000) for b in (k % 31 + 1, 0)))


def test_cp1252_with_a_stray_byte_stays_cp1252() -> None:
    from nlbrief.read.text import decode

    data = "‘€ 20 miljoen’ – geïnformeerd".encode("cp1252") + b" \x81 einde\n"
    text, warnings = decode(data, name="brief.txt")
    assert text == "‘€ 20 miljoen’ – geïnformeerd \ufffd einde\n"
    assert len(warnings) == 1 and "0x81" in warnings[0] and "U+FFFD" in warnings[0]


def test_cp1252_stray_byte_case_file() -> None:
    path = CASES / "cp1252-stray-byte.txt"
    if not path.exists():
        pytest.skip(f"{path} not available")
    doc = read_path(path)
    assert doc.text.count("\ufffd") == 1 and any("0x9D" in w for w in doc.warnings)
    for right in ("€ 1,5 miljard", "\u201cregeling energiearmoede\u201d", "2026 – 2029", "geëvalueerd",
                  "Financiën"):
        assert right in doc.text, right


def test_mixed_utf8_and_cp1252_is_decoded_by_line() -> None:
    from nlbrief.read.text import decode

    data = "Zij heeft geïnformeerd.\n".encode() + "Hij heeft geïnformeerd – € 5.\n".encode("cp1252")
    text, warnings = decode(data, name="mixed.txt")
    assert text == "Zij heeft geïnformeerd.\nHij heeft geïnformeerd – € 5.\n"
    assert len(warnings) == 1 and "mixes UTF-8" in warnings[0]


def test_nul_bytes_after_the_start_are_removed_with_a_warning() -> None:
    data = LETTER.encode() * 400 + b"Het\x00 einde.\n"
    assert b"\x00" not in data[:8192]
    doc = read_bytes(data, name="nul.txt")
    assert "\x00" not in doc.text and doc.text.endswith("Het einde.\n")
    assert any("NUL" in w for w in doc.warnings)


def test_fake_bold_is_read_once() -> None:
    lines = [TextLine(80, 100, "Dit is de brief over het programma en de voortgang daarvan.", 9)]
    # shifted by 0.4 pt: some letters' positions round apart (80.3 and 80.7), the text is the same
    lines += [TextLine(80.3, 130, "Resultaten", 9), TextLine(80.7, 130, "Resultaten", 9)]
    doc = read_bytes(make_pdf([lines]), name="bold.pdf")
    assert "Resultaten" in doc.text and "RReessuullttaatteenn" not in doc.text
    assert doc.text.count("Resultaten") == 1


def _refused(data: bytes, capfd: pytest.CaptureFixture[str], **kwargs: object) -> str:
    with pytest.raises(InputError) as err:
        read_bytes(data, name="x.pdf", **kwargs)  # type: ignore[arg-type]
    out, errout = capfd.readouterr()
    assert out == "" and errout == "", "no library warning printed before the paragraph"
    message = str(err.value)
    assert "OCR" not in message and "\n" not in message
    return message


def test_page_bound(capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from pdfmaker import many_pages

    assert "12 pages, over the limit of 10" in _refused(many_pages(12), capfd, max_pages=10)
    monkeypatch.setenv("NLBRIEF_MAX_PAGES", "11")
    assert "limit of 11" in _refused(many_pages(12), capfd)
    assert len(read_bytes(many_pages(3), name="three.pdf").pages) == 3


def test_fifty_thousand_tiny_pages_are_refused_quickly(capfd: pytest.CaptureFixture[str]) -> None:
    from pdfmaker import many_pages

    data = many_pages(50_000)  # about 8 MB, within the size limit
    assert "50000 pages" in _refused(data, capfd)


def test_decompression_bomb(capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from nlbrief.read import pdf
    from pdfmaker import flate_bomb

    monkeypatch.setattr(pdf, "MAX_INFLATED_BYTES", 4 * 1024 * 1024)  # the same rule, at a test's size
    bomb = flate_bomb(8)
    assert len(bomb) < 40_000
    assert "over 4 MB of compressed data" in _refused(bomb, capfd)
    assert "begroting" in read_bytes(flate_bomb(2), name="fine.pdf").text


def test_damaged_pdfs_get_their_own_messages(capfd: pytest.CaptureFixture[str]) -> None:
    from pdfmaker import circular_page_tree, deeply_nested, encrypted

    assert "truncated" in _refused(make_pdf(house_style_letter())[:1500], capfd)
    assert "page tree" in _refused(circular_page_tree(), capfd)
    assert "nested more than 64 levels" in _refused(deeply_nested(), capfd)
    assert "password" in _refused(encrypted(), capfd)
    # nesting where it does no harm is read
    assert "begroting" in read_bytes(deeply_nested(in_contents=False), name="ok.pdf").text


def test_max_pages_must_be_positive(monkeypatch: pytest.MonkeyPatch) -> None:
    from nlbrief.errors import ConfigError
    from nlbrief.read import max_pages_setting

    with pytest.raises(ConfigError):
        max_pages_setting(0)
    monkeypatch.setenv("NLBRIEF_MAX_PAGES", "veel")
    with pytest.raises(ConfigError):
        max_pages_setting()


def test_running_footers_in_body_print_are_furniture() -> None:
    def page(k: int) -> list[TextLine]:
        return [
            TextLine(80, 100, f"Dit is bladzijde {k} van de brief over het programma en de voortgang.", 9),
            TextLine(80, 400, "Het kabinet zet de aanpak voort.", 9),  # recurs, but not in a margin
            TextLine(220, 770, "Tweede Kamer, vergaderjaar 2020–2021, Aanhangsel", 9),
            TextLine(535, 770, str(k), 9),
        ]

    doc = read_bytes(make_pdf([page(1), page(2), page(3)]), name="footer.pdf")
    assert "Aanhangsel" not in doc.text and doc.text.count("Het kabinet zet de aanpak voort.") == 3
    assert doc.furniture.count("Tweede Kamer, vergaderjaar 2020–2021, Aanhangsel") == 3
    assert {"1", "2", "3"} <= set(doc.furniture)
    # on one page alone a line at the foot is no running footer
    single = read_bytes(make_pdf([page(1)]), name="one.pdf")
    assert "Aanhangsel" in single.text


def test_word_gaps_made_by_kerning_are_word_breaks() -> None:
    from pdfmaker import _FONT, stream, write_pdf

    # no space characters: the words are set apart by TJ offsets (5.4 and 27 points)
    content = (b"BT /F1 9 Tf 80 700 Td [(Dit is een brief over de begroting van het) -600 "
               b"(ministerie en) -3000 (meer.)] TJ ET")
    objects = [_FONT, stream(content), b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
               b"<< /Type /Catalog /Pages 3 0 R >>",
               b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 2 0 R "
               b"/Resources << /Font << /F1 1 0 R >> >> >>"]
    doc = read_bytes(write_pdf(objects, 4), name="kern.pdf")
    assert doc.text == "Dit is een brief over de begroting van het ministerie en meer."


def test_a_superscript_marker_in_its_own_text_object_stays_glued() -> None:
    from pdfmaker import _FONT, stream, write_pdf

    # one BT block: the marker is a 6-point object raised 3 points, right after the full stop
    content = (b"BT /F1 9 Tf 80 700 Td (Het kabinet heeft de Kamer hierover geinformeerd.) Tj "
               b"/F1 6 Tf 3 Ts (1) Tj /F1 9 Tf 0 Ts ( De brief volgt later dit jaar.) Tj ET")
    objects = [_FONT, stream(content), b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
               b"<< /Type /Catalog /Pages 3 0 R >>",
               b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 2 0 R "
               b"/Resources << /Font << /F1 1 0 R >> >> >>"]
    doc = read_bytes(write_pdf(objects, 4), name="marker.pdf")
    assert doc.text == "Het kabinet heeft de Kamer hierover geinformeerd.1 De brief volgt later dit jaar."


def test_total_text_of_a_pdf_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import nlbrief.read as reader
    from pdfmaker import many_pages

    monkeypatch.setattr(reader, "MAX_PDF_TEXT_CHARS", 200)  # the same rule, at a test's size
    with pytest.raises(InputError, match="over 200 characters"):
        read_bytes(many_pages(5), name="long.pdf")
    assert len(read_bytes(many_pages(3), name="short.pdf").pages) == 3
