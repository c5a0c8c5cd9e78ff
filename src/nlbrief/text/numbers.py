"""The one number finder and normaliser, for Dutch and English notation. Pure functions.

Dutch writes "1.234.567" and "2,5" where English writes "1,234,567" and "2.5"; both write dossier
numbers with a space ("32 317"). A number is matched on its canonical value (digits, "." for the
decimals, no grouping, no trailing zeros), and, when a scale word follows ("1,5 miljard",
"€1.5 billion", "3 mln."), on its total value too: "1,5 miljard" is 1500000000, which "1.5 billion"
matches and "1.5 million" does not. Dutch "biljoen" is English "trillion" (the long scale).

Only ASCII digits are numbers here: other Unicode digits (Arabic-Indic, full-width, mathematical)
are text, as Python's ``\\d`` would otherwise take them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

#: Scale words of both languages after a number, with their factor. "mln."/"mld." are the Dutch
#: abbreviations; "bn" and a glued "m" ("€1.5m") are English ones (see `_SCALE_EN_GLUED_RE`).
SCALES: dict[str, int] = {
    "honderd": 100, "hundred": 100, "duizend": 10**3, "thousand": 10**3,
    "miljoen": 10**6, "million": 10**6, "mln": 10**6, "mio": 10**6,
    "miljard": 10**9, "billion": 10**9, "mld": 10**9, "mrd": 10**9, "bn": 10**9,
    "biljoen": 10**12, "trillion": 10**12,
}
_SCALE_RE = re.compile(r"\s*(" + "|".join(sorted(SCALES, key=len, reverse=True)) + r")\b", re.IGNORECASE)
# "€1.5m", "€2bn": English abbreviations glued to the number; a spaced "15 m" is metres.
_SCALE_EN_GLUED_RE = re.compile(r"(m|bn)\b")
_SCALE_GLUED = {"m": 10**6, "bn": 10**9}

_D = r"[0-9]"  # ASCII digits only
# Dutch: "1.234.567", "2,5", "12,5%", "32 317" (dossier numbers), "2023/2024" (two numbers).
# Dotted numbers that are not thousands ("3.1", "1.2.3": sections, articles) are kept as written.
_NL_NUMBER_RE = re.compile(
    rf"(?<![\w,.])({_D}{{1,3}}(?:\.{_D}{{3}})+(?:,{_D}+)?(?![0-9]|\.[0-9])|{_D}+(?:\.{_D}+)+|{_D}+,{_D}+"
    rf"|{_D}{{2}} {_D}{{3}}(?![0-9])|{_D}+)(?![\w])"
)
_EN_NUMBER_RE = re.compile(
    rf"(?<![\w.])({_D}{{1,3}}(?:,{_D}{{3}})+(?:\.{_D}+)?|{_D}+(?:\.{_D}+){{2,}}|{_D}+\.{_D}+"
    rf"|{_D}{{2}} {_D}{{3}}(?![0-9])|{_D}+)(?![0-9])"
)
_THOUSANDS_NL_RE = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?")


def canonical(value: Decimal | str | float) -> str:
    """The canonical form of a number: "1234.5" for 1234.50, "1500000000" for 1.5e9.

    Raises:
        ValueError: ``value`` is not a number.
    """
    try:
        d = value if isinstance(value, Decimal) else Decimal(str(value).replace(" ", ""))
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc
    out = format(d.normalize(), "f")
    return "0" if out in ("-0", "") else out


@dataclass(frozen=True)
class NumberMatch:
    """A number in running text: where (``start``/``end`` of the digits), as written, its canonical
    value, and the scale word right after it, if any (``scale_end`` includes that word)."""

    start: int
    end: int
    raw: str
    value: str  # canonical, without the scale: "1.5" for "1,5 miljard"
    scale: int = 1
    scale_end: int = -1

    @property
    def total(self) -> str:
        """The value times the scale ("1500000000" for "1,5 miljard"); ``value`` without a scale."""
        if self.scale == 1:
            return self.value
        try:
            return canonical(Decimal(self.value) * self.scale)
        except (ValueError, InvalidOperation):
            return self.value


def _scale_after(text: str, end: int, lang: str) -> tuple[int, int]:
    """(factor, end of the scale word) for the text after a number ending at ``end``; (1, end)."""
    m = _SCALE_RE.match(text, end)
    if m:
        return SCALES[m.group(1).lower()], m.end()
    if lang == "en":
        g = _SCALE_EN_GLUED_RE.match(text, end)
        if g:
            return _SCALE_GLUED[g.group(1)], g.end()
    return 1, end


def _value_nl(raw: str) -> str:
    if "." in raw and not _THOUSANDS_NL_RE.fullmatch(raw):
        return raw  # "3.1": a section or article number, the same in English
    return canonical(raw.replace(".", "").replace(",", "."))


def _value_en(raw: str) -> str:
    return raw if raw.count(".") > 1 else canonical(raw.replace(",", ""))


def find_numbers(text: str, lang: str, *, scales: bool = True) -> list[NumberMatch]:
    """Numbers in ``text`` in the notation of ``lang`` ("nl": thousands ".", decimal ","; "en":
    thousands ",", decimal "."), in order, each with the scale word that follows it (when
    ``scales``)."""
    pattern, value_of = (_EN_NUMBER_RE, _value_en) if lang == "en" else (_NL_NUMBER_RE, _value_nl)
    out = []
    for m in pattern.finditer(text):
        raw = m.group(1)
        scale, scale_end = _scale_after(text, m.end(1), lang) if scales else (1, m.end(1))
        out.append(NumberMatch(m.start(1), m.end(1), raw, value_of(raw), scale, scale_end))
    return out


def find_numbers_nl(text: str) -> list[NumberMatch]:
    """`find_numbers` in Dutch notation."""
    return find_numbers(text, "nl")


def find_numbers_en(text: str) -> list[NumberMatch]:
    """`find_numbers` in English notation."""
    return find_numbers(text, "en")


def number_to_english(raw: str) -> str:
    """Dutch notation to English: "1.234.567" -> "1,234,567", "2,5" -> "2.5"; others unchanged."""
    if re.fullmatch(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+,[0-9]+", raw):
        return raw.replace(".", "\x00").replace(",", ".").replace("\x00", ",")
    return raw


# --- number words -------------------------------------------------------------------------------

_WORDS_EN = dict(zip(
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split(), range(2, 21), strict=True))
_WORDS_EN.update(zip("thirty forty fifty sixty seventy eighty ninety".split(), range(30, 100, 10), strict=True))
_WORDS_NL = dict(zip(
    "twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien zestien "
    "zeventien achttien negentien twintig".split(), range(2, 21), strict=True))
_WORDS_NL.update(zip("dertig veertig vijftig zestig zeventig tachtig negentig".split(), range(30, 100, 10),
                     strict=True))
#: Number words two to twenty and the tens, Dutch and English.
NUMBER_WORDS: dict[str, int] = {**_WORDS_EN, **_WORDS_NL}
# Evidence may also say "one" or "half"; a brief's "one" or "een" is too common to check.
_SUPPORT_WORDS: dict[str, float] = {**NUMBER_WORDS, "one": 1, "een": 1, "één": 1, "half": 0.5, "halve": 0.5}


def _word_re(vocabulary: dict[str, int] | dict[str, float]) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(sorted(vocabulary, key=len, reverse=True)) + r")\b", re.IGNORECASE)


_NUMBER_WORD_RE = _word_re(NUMBER_WORDS)
_SUPPORT_WORD_RE = _word_re(_SUPPORT_WORDS)


def find_number_words(text: str, *, support: bool = False) -> list[NumberMatch]:
    """Number words in ``text`` ("drie", "twenty"; with ``support`` also "een", "one", "half"),
    as `NumberMatch` with the scale word that follows ("twee miljoen")."""
    vocabulary, pattern = (_SUPPORT_WORDS, _SUPPORT_WORD_RE) if support else (NUMBER_WORDS, _NUMBER_WORD_RE)
    out = []
    for m in pattern.finditer(text):
        scale, scale_end = _scale_after(text, m.end(), "nl")
        value = canonical(vocabulary[m.group(1).lower()])
        out.append(NumberMatch(m.start(), m.end(), m.group(0), value, scale, scale_end))
    return out
