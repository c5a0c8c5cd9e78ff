"""Bytes of a text letter -> str: UTF-8, UTF-16 or Windows-1252, with warnings for doubtful input.

* UTF-8 with or without BOM; UTF-16 with a BOM, or without one when every other byte of the start
  is a NUL (ASCII-range text in UTF-16LE or BE);
* Windows-1252 otherwise (the Dutch government's older files; a superset of Latin-1 for printable
  text). The five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) become U+FFFD
  with a warning: one stray byte does not make the whole file Latin-1 (€, curly quotes and dashes
  stay right);
* a file that mixes UTF-8 and Windows-1252 lines is decoded line by line, with a warning;
* NUL bytes after the start (where a binary file is refused) are removed, with a warning.
"""

from __future__ import annotations

from typing import NamedTuple

from ..errors import InputError

#: The bytes Windows-1252 leaves undefined (Python's cp1252 codec refuses them).
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_SAMPLE = 8192


class Decoded(NamedTuple):
    """A decoded text and the warnings about it (one line each, for the user)."""

    text: str
    warnings: tuple[str, ...] = ()


def decode_text(data: bytes, *, name: str = "<bytes>") -> str:
    """Decode a text letter (see the module docstring); the warnings are dropped.

    Raises:
        InputError: the data looks binary.
    """
    return decode(data, name=name).text


def decode(data: bytes, *, name: str = "<bytes>") -> Decoded:
    """Decode a text letter, with warnings about what was doubtful in it.

    Raises:
        InputError: the data looks binary (NUL or control bytes in the first 8 KB).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(data):
        utf16 = _decode_utf16(data)
        if utf16 is not None:
            return Decoded(utf16)
    if _looks_binary(data):
        raise InputError(
            f"{name} looks like a binary file, not a letter: nlbrief reads plain text (UTF-8, "
            "UTF-16 or Windows-1252) and PDF. Convert word-processor files to PDF or text first."
        )
    warnings: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nuls = data.count(b"\x00")
    if nuls:
        first = data.index(b"\x00")
        warnings.append(f"{name}: removed {nuls} NUL byte(s), the first at byte {first:,}: the file "
                        "may be damaged.")
        data = data.replace(b"\x00", b"")
    try:
        return Decoded(data.decode("utf-8"), tuple(warnings))
    except UnicodeDecodeError:
        pass
    text, line_warnings = _decode_by_line(data, name)
    return Decoded(text, tuple(warnings + line_warnings))


def _decode_by_line(data: bytes, name: str) -> tuple[str, list[str]]:
    """Windows-1252, except lines that are valid UTF-8 with non-ASCII characters in them."""
    parts: list[str] = []
    utf8_lines = cp1252_lines = 0
    stray: list[tuple[int, int]] = []  # (offset, byte)
    offset = 0
    for line in data.splitlines(keepends=True):
        if not line.isascii():
            try:
                parts.append(line.decode("utf-8"))
                utf8_lines += 1
                offset += len(line)
                continue
            except UnicodeDecodeError:
                cp1252_lines += 1
        stray.extend((offset + k, b) for k, b in enumerate(line) if b in _CP1252_UNDEFINED)
        parts.append(line.decode("cp1252", errors="replace"))
        offset += len(line)
    warnings = []
    if utf8_lines and cp1252_lines:
        warnings.append(f"{name} mixes UTF-8 ({utf8_lines} lines) and Windows-1252 ({cp1252_lines} "
                        "lines): each line was decoded on its own. Check the accents in the output.")
    if stray:
        where = ", ".join(f"0x{b:02X} at byte {off:,}" for off, b in stray[:3])
        more = f" and {len(stray) - 3} more" if len(stray) > 3 else ""
        warnings.append(f"{name} is Windows-1252 with {len(stray)} byte(s) that encoding leaves "
                        f"undefined ({where}{more}): kept as U+FFFD replacement characters.")
    return "".join(parts), warnings


def _utf16_without_bom(data: bytes) -> bool:
    """Every other byte of the start a NUL, the bytes between them not: UTF-16 of mostly ASCII."""
    sample = data[:_SAMPLE]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4:
        return False
    half = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) >= 0.6 * half and min(even, odd) <= 0.05 * half


def _decode_utf16(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16"
    else:
        sample = data[: _SAMPLE // 2 * 2]
        codec = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if codec != "utf-16":
        # Without a BOM, a binary file with NULs at every other byte must not pass for text.
        start = text[:_SAMPLE]
        printable = sum(1 for ch in start if ch.isprintable() or ch in "\t\n\r\f")
        if printable < 0.95 * len(start):
            return None
    return text.lstrip("\ufeff")


def _looks_binary(data: bytes) -> bool:
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control > max(8, len(sample) // 100)
