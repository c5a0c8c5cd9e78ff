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
