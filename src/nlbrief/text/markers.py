"""Footnote markers in running text: finding, choosing and removing them. Pure functions.

PDF extraction leaves a footnote's superscript number in the text, glued to the word or
punctuation before it ("geïnformeerd.1 De", "innovatiebeleid2 bundelen"), glued to the next word
as well ("woningbouw.1In dat debat"), or standing apart ("het lid De Korte 1 wordt"). Numbers
that only look like markers (decimals, section numbers, dates, amounts, list labels) are not.

Only ASCII digits are markers, and never with a leading zero ("01"): a footnote reference is
kept as a number, so a marker must print as its number; anything else stays text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dutch import ABBREVIATIONS, MONTHS_NL, STOP_WORDS_NL
from .segment import MAY_END_ABBREVIATIONS

# A marker glued to a word or punctuation: "geïnformeerd.1 De", "innovatiebeleid2 bundelen", and
# after a full stop also glued to the next sentence's first word: "woningbouw.1In dat debat".
_GLUED_RE = re.compile(
    r"(?<=[a-zà-ÿ.,;:)’'\"”%])([0-9]{1,3})(?=\s|[.,;:)](?![0-9])|$)"
    r"|(?<=[a-zà-ÿ)’'\"”]\.)([0-9]{1,3})(?=[A-Z][a-zà-ÿ])"
)
# A marker standing apart, as pdftotext leaves superscripts: "het lid De Korte 1 wordt".
_SPACED_RE = re.compile(r"(?<=[\w.,;:)’'\"”]) ([0-9]{1,3})(?=[ \n]|[.,;:)](?![0-9])|$)")
_NOT_BEFORE_SPACED = frozenset(
    """
    nr nrs artikel art lid blz pagina hoofdstuk bijlage paragraaf fase stap groep klasse
    niveau categorie versie week dag jaar maand uur minuut tabel figuur punt onderdeel
    nummer nummers motie deel box pijler spoor route thema scenario variant cluster
    """.split()
)
_NOT_AFTER_SPACED = re.compile(
    rf"[ \n]*(?:{'|'.join(MONTHS_NL)}|procent|miljoen|miljard|jaar|jaren|maanden|weken|dagen|"
    r"keer|maal|uur|euro|km|kilometer|meter|ton|personen|mensen|leerlingen|scholen|%)\b",
    re.IGNORECASE,
)
# "3 van de 5", "2 op de 3", "4 uit 10": a proportion, never a marker.
_PROPORTION_RE = re.compile(r"[ \n]+(?:van|op|uit)[ \n]+(?:de[ \n]+|het[ \n]+)?[0-9]")
_SMALL_NUMBER_BEFORE_RE = re.compile(r"(?<![0-9])[0-9]{1,2}[.,]$")
_YEAR_RE = re.compile(r"(?:19|20)[0-9][0-9]")
_ENUMERATION_AFTER_RE = re.compile(r"[ \n]*\.\s+[a-zà-ÿ]")
_LABEL_AFTER_RE = re.compile(r"[.)]\s+[A-Z]")
# "meenemen. 2: Substitutie": a number after a sentence end or a separator and before a colon and a
# capital is a list or step label (a marker closes a clause, and no clause stands before it).
_COLON_LABEL_AFTER_RE = re.compile(r":\s+[A-Z]")
# Every look around a candidate stays inside a window: slicing or searching the rest of the text
# per candidate made parsing quadratic in the size of the letter.
_WINDOW = 80


@dataclass(frozen=True)
class Marker:
    number: int
    start: int  # offset of the digits in the original text
    end: int
    glued: bool
    acronym: bool = False  # glued to an acronym ("ESPR2"): weak evidence, names carry digits too


def _is_abbreviation(word: str) -> bool:
    """Whether ``word`` (as `_word_before` gives it) is one of the genre's abbreviations with its
    full stop ("ca.", "bijv.", "o.a.", "jl.", "7 sept." of `dutch.ABBREVIATIONS`)."""
    if not word.endswith("."):
        return False
    bare = word.lower().rstrip(".")
    return bare in ABBREVIATIONS or bare.replace(".", "") in ABBREVIATIONS


def _glued_ok(text: str, start: int, end: int) -> bool:
    """Whether a glued number is a marker: "2025.1" may be, "3.1" (a section) and "1,5" are not;
    after the full stop of an abbreviation that can end a clause ("jl.", "c.s.": "van 14 mei jl.1
    heb ik", "Bontenbal c.s.2 verzoekt") it is, but after one that never does only where a clause
    or sentence ends after it, not before a word or a number ("bijv.3 instanties", "ca.3 mld.":
    a typo's fact)."""
    if text[start - 1:start] == "." and _is_abbreviation(word := _word_before(text[max(0, start - _WINDOW):start])):
        nxt = text[end:end + 4].lstrip(" \n")[:1]
        if word.lower().rstrip(".") in MAY_END_ABBREVIATIONS:
            return not nxt.isdigit()
        return not (nxt.islower() or nxt.isdigit())
    before = text[max(0, start - 12):start]
    if not (before.endswith((".", ",")) and len(before) >= 2 and before[-2].isdigit()):
        return True
    after = text[end:end + 1]
    if after and not after.isspace():
        return False
    return not _SMALL_NUMBER_BEFORE_RE.search(before)


_AFTER_WORD = ".,;:)’'\"”"


def _word_before(before: str) -> str:
    """The word ``before`` ends with, punctuation after it left off ("Abassi" of "El Abassi,",
    "zijn." of "zijn.)"): what ``([\\w.]+)[.,;:)’'"”]*$`` finds, by a backward scan (the regex
    backtracks over every word of the window)."""
    i = len(before)
    while i > 0 and before[i - 1] in _AFTER_WORD:
        i -= 1
    j = i
    while j > 0 and (before[j - 1].isalnum() or before[j - 1] in "._"):
        j -= 1
    if j == i:
        return ""
    k = i
    while k < len(before) and before[k] == ".":
        k += 1  # the full stops right after the word belong to it, as the regex's greedy group takes them
    return before[j:k]


def _spaced_ok(text: str, start: int, end: int) -> bool:
    """Whether a number standing apart is a marker (see the rules inline)."""
    before = text[max(0, start - 1 - _WINDOW):start - 1]  # up to the space before the number
    after = text[end:end + _WINDOW]
    word = _word_before(before)
    wb = word.lower().rstrip(".")
    if _YEAR_RE.fullmatch(wb) and after[:1] in (",", ";", ")", "."):
        return True  # "ingediend d.d. 11 februari 2025 2, verzoekt": a note after a date
    if wb in _NOT_BEFORE_SPACED or wb.isdigit() or wb in MONTHS_NL or wb == "":
        return False
    if _is_abbreviation(word):
        return _closes_after_abbreviation(wb, after)
    if word[:1].isupper() and (wb in STOP_WORDS_NL or wb in _COUNT_WORDS):
        return False  # "In 3 van de 5 gemeenten", "Bij 3 gemeenten": a sentence's first word, no name
    if _NOT_AFTER_SPACED.match(after) or _ENUMERATION_AFTER_RE.match(after) or _PROPORTION_RE.match(after):
        return False  # "2 jaar"; "; 3. het Inlichtingenbureau": an enumeration, not a marker
    if _list_label(before, after):
        return False
    return _fits_what_follows(after.lstrip(" \n")[:1], word, before[-1:] in ".;:)")


def _closes_after_abbreviation(bare: str, after: str) -> bool:
    """Whether a number standing apart after the abbreviation ``bare`` (its full stop left off)
    is a marker. "bijv. 3 instanties", "ca. 3 mld.", "resp. 2 en 4": an abbreviation's full stop
    ends nothing, so the number is a fact; only after one that may end a sentence
    (`segment.MAY_END_ABBREVIATIONS`) a number that closes it is a marker ("van 14 mei jl. 1" /
    "Cijfers ..."), never one before a lower-case word, a number or a bracket."""
    nxt = after.lstrip(" \n")[:1]
    return bare in MAY_END_ABBREVIATIONS and not (nxt.islower() or nxt.isdigit() or nxt == "(")


def _list_label(before: str, after: str) -> bool:
    """Whether a number standing between ``before`` and ``after`` labels a list item: "grondstoffen;
    2. Substitutie" (after a separator), "meenemen. 2: Substitutie" (a line's label after a sentence
    end or a separator)."""
    if before[-1:] in (";", ":", ",") and _LABEL_AFTER_RE.match(after):
        return True
    return before[-1:] in (".", "!", "?", ";", ":", ",") and bool(_COLON_LABEL_AFTER_RE.match(after))


def _fits_what_follows(nxt: str, word: str, after_punct: bool) -> bool:
    """The spaced-marker rule on the character after the number (``nxt``), the word before it and
    whether punctuation stood before it."""
    if nxt == "" or nxt in ".,;:)":
        return True  # "dashboard 4, en", "El Abassi 3. De"
    if nxt.islower() or nxt == "(":
        # "De Korte 1 wordt": a name or a sentence end before it; "in 2 jaar" is no marker.
        return not word[:1].islower() or after_punct
    if nxt.isupper():
        return after_punct  # "bevorderd. 3 Deze motie": only straight after a sentence end
    return False


# Words a quantity or a label number follows ("ruim 5 van", "aanbeveling 5 van"): after them a
# number standing apart is never taken on the running order alone.
_COUNT_WORDS = frozenset(
    """
    ruim circa ca bijna ongeveer maximaal minimaal hooguit slechts nog zo'n zeker precies exact
    gemiddeld totaal telkens elke iedere ten tenminste minstens meer minder dan vanaf vanuit
    aanbeveling vraag antwoord amendement conclusie maatregel actie actiepunt doel doelstelling
    prioriteit principe criterium optie pakket bouwsteen lijn periode kwartaal editie kolom rij
    regel zin alinea tranche ronde regio zone kavel perceel cohort module kaart afbeelding grafiek
    code type model kamer zaal bus postbus lijst sectie item vak plaats positie nummer
    """.split()
)
# Another number within the next three words: "3 van de 5", "5 tot 10", "12 en 13".
_NUMBER_SOON_RE = re.compile(r"(?:[ \n]+\S+){0,3}?[ \n]+\(?[0-9]")


def _running_ok(text: str, start: int, end: int) -> bool:
    """Whether a number standing apart between two lower-case words ("advies 5 van") may be a
    marker when it fits the running order of the letter's markers (`choose_markers`): not after a
    function, count or label word ("de 5", "ruim 5", "artikel 12", "aanbeveling 5"), not before a
    unit or another number ("5 jaar", "3 van de 5")."""
    before = text[max(0, start - 1 - _WINDOW):start - 1]
    after = text[end:end + _WINDOW]
    word = _word_before(before)
    if not before[-1:].isalpha() or not word.isalpha() or not word[:1].islower():
        return False
    if word in STOP_WORDS_NL or word in _COUNT_WORDS or word in _NOT_BEFORE_SPACED or word in MONTHS_NL:
        return False
    if _NOT_AFTER_SPACED.match(after) or _NUMBER_SOON_RE.match(after):
        return False
    return after.lstrip(" \n")[:1].islower()


# A marker glued to the end of a span of years: "Stroomgebiedbeheerplannen 2022-20278, het" is the
# span 2022-2027 and note 8. The second year must not come before the first.
_YEAR_SPAN_RE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[-–]((?:19|20)[0-9]{2})([1-9][0-9]{0,2})(?=[\s,.;:)]|$)")


# A marker glued to an acronym in capitals: "(via de ESPR2),". At least three capitals, so that
# chemical formulas ("CO2", "NO2") stay out; digits right after them and then a space or punctuation
# ("PM10-norm", "A4" and "MQ9" are names or too short).
_ACRONYM_RE = re.compile(r"(?<![\w-])([A-Z]{3,})([1-9][0-9]{0,2})(?=[\s,.;:)]|$)")


def _acronym_candidates(text: str, numbers: set[int]) -> list[Marker]:
    """Markers glued to an acronym ("ESPR2"), unless the same acronym with the same digits occurs
    again: a marker is printed once, a name ("SDG3", "NUTS2") may recur."""
    matches = list(_ACRONYM_RE.finditer(text))
    seen: dict[str, int] = {}
    for m in matches:
        seen[m.group(0)] = seen.get(m.group(0), 0) + 1
    return [
        Marker(int(m.group(2)), *m.span(2), True, acronym=True)
        for m in matches
        if int(m.group(2)) in numbers and seen[m.group(0)] == 1
    ]


# A marker glued to a year after a word: "uitgewerkt in de nota van 20232." is the year 2023 and
# note 2 (a marker never starts with 0, so "20230" stays a number). Only before punctuation: "20251
# woningen" is a count.
_YEAR_GLUED_RE = re.compile(r"(?<=[A-Za-zà-ÿ] )((?:19|20)[0-9]{2})([1-9][0-9]{0,2})(?=[,.;:)](?![0-9])|$)")


def find_glued_running_candidates(text: str, numbers: set[int]) -> list[Marker]:
    """The running candidates (see `find_running_candidates`) glued to a number or an acronym:
    to a span of years ("2022-20278", the second year not before the first), to a year after a
    word ("de nota van 20232.") or to an acronym in capitals ("de ESPR2,", ``acronym`` set); in
    text order. Their shape alone is no evidence of notes: see `glued_note_evidence`."""
    found: list[Marker] = []
    for m in _YEAR_SPAN_RE.finditer(text):
        start, end = m.span(3)
        if int(m.group(3)) in numbers and int(m.group(2)) >= int(m.group(1)):
            found.append(Marker(int(m.group(3)), start, end, True))
    for m in _YEAR_GLUED_RE.finditer(text):
        if int(m.group(2)) in numbers:
            found.append(Marker(int(m.group(2)), *m.span(2), True))
    found.extend(_acronym_candidates(text, numbers))
    found.sort(key=lambda mk: mk.start)
    return found


def glued_note_evidence(usual: list[Marker], glued: list[Marker]) -> list[Marker]:
    """Of the ``glued`` running candidates (`find_glued_running_candidates`), those that may
    vouch for a note in the footnote finder, given the ``usual`` candidates
    (`find_marker_candidates`) of the same text.

    A letter names things with digits ("het ETS2", "de EPBD4", "SDG6") as often as it glues a
    marker to them, and a numbered list under such a name ("1 Beprijzing ..." / "2 Normering
    ...") then reads as notes. So: where usual-shape markers exist, a year or a span of years
    vouches, and an acronym only where it stands in rising order with a usual one (one for a
    lower number before it, or for a higher number after it: "circulair in.1 ... de ESPR2,").
    Where none exist, only two or more glued to years or spans of years in rising order vouch
    ("periode 2022-20271, ... de nota van 20232."), and then the acronyms with them. Acronyms
    alone never do, not even a run numbered 1, 2 ("de CSRD1 en de ESPR2" reads as much like "het
    ETS1 en het ETS2", and taking a name's digit for a marker changes the name). In text order."""
    years = [g for g in glued if not g.acronym]
    acronyms = [g for g in glued if g.acronym]
    if usual:
        fitting = [a for a in acronyms if _fits_usual(a, usual)]
        return sorted(years + fitting, key=lambda mk: mk.start)
    if len(_rising_chain(years)) >= 2:
        return list(glued)
    return []


def _fits_usual(mk: Marker, usual: list[Marker]) -> bool:
    """Whether a usual candidate for a lower number stands before ``mk`` or one for a higher
    number after it."""
    return any(
        (u.number < mk.number and u.start < mk.start) or (u.number > mk.number and u.start > mk.start)
        for u in usual
    )


def find_running_candidates(text: str, numbers: set[int]) -> list[Marker]:
    """Numbers that `find_marker_candidates` leaves out, markers only where they fit the running
    order of the markers found (see `choose_markers`): standing apart after a lower-case word
    ("het advies 5 van de Raad"), or glued to a number or an acronym
    (`find_glued_running_candidates`: "2022-20278", "nota van 20232.", "de ESPR2,"). Linear in
    ``len(text)``, as that function; in text order."""
    found: list[Marker] = []
    for m in _SPACED_RE.finditer(text):
        start, end = m.span(1)
        if m.group(1)[0] != "0" and int(m.group(1)) in numbers and not _spaced_ok(text, start, end):
            if _running_ok(text, start, end):
                found.append(Marker(int(m.group(1)), start, end, False))
    found.extend(find_glued_running_candidates(text, numbers))
    found.sort(key=lambda mk: mk.start)
    return found


def find_marker_candidates(text: str, numbers: set[int]) -> list[Marker]:
    """Places in ``text`` that may be footnote markers for one of ``numbers``, in text order.

    Work is linear in ``len(text)``: each candidate is judged on a fixed window around it.
    """
    found: list[Marker] = []
    for m in _GLUED_RE.finditer(text):
        group = 1 if m.group(1) else 2
        start, end = m.span(group)
        if m.group(group)[0] != "0" and int(m.group(group)) in numbers and _glued_ok(text, start, end):
            found.append(Marker(int(m.group(group)), start, end, True))
    for m in _SPACED_RE.finditer(text):
        start, end = m.span(1)
        if m.group(1)[0] != "0" and int(m.group(1)) in numbers and _spaced_ok(text, start, end):
            found.append(Marker(int(m.group(1)), start, end, False))
    found.sort(key=lambda mk: mk.start)
    return found


def choose_markers(
    candidates: list[Marker], numbers: list[int], running: list[Marker] | None = None
) -> list[Marker]:
    """Pick at most one marker per footnote number, in reading order.

    Footnotes are numbered in the order they are referenced, so marker n must come after marker
    n-1: of all the ways to pick candidates whose numbers rise with their place in the text, the
    one that places the most notes wins, then the one with the most glued markers, then the
    earliest. (Taking the first candidate for each number in turn let a stray number block every
    later marker: "de motie 3, ..." taken for note 3 far past the real one.) A number left without
    a marker then takes the first of its ``running`` candidates (`find_running_candidates`) that
    stands between the markers of the numbers around it, when at least one of those was found:
    the order vouches for it where its shape alone does not. Where no candidate is found at all,
    the glued running candidates that `glued_note_evidence` accepts are the anchor instead, two
    or more in rising order.
    """
    wanted = set(numbers)
    chosen = _rising_chain([c for c in sorted(candidates, key=lambda mk: mk.start) if c.number in wanted])
    if not chosen and running:
        # no marker by its shape, but two or more glued to numbers or acronyms in rising order
        # ("periode 2022-20271, ... de nota van 20232."): their order vouches for them
        # (the same evidence as the footnote finder's, `glued_note_evidence`: an acronym alone
        # names things as often, so acronyms only go with two or more glued to years)
        glued = _rising_chain(glued_note_evidence([], [c for c in running if c.glued and c.number in wanted]))
        chosen = glued if len(glued) >= 2 else []
    return _fill_from_running(chosen, numbers, running) if running and chosen else chosen


def _rising_chain(candidates: list[Marker]) -> list[Marker]:
    """The heaviest chain of ``candidates`` (in text order) whose numbers rise: each marker weighs
    more than all the glued bonuses together (a chain of more notes always wins), a glued one one
    more; of equal chains the earliest. Linear in the candidates times the distinct numbers,
    which are at most a few hundred."""
    if not candidates:
        return []
    # best[n]: (weight, candidate index) of the heaviest chain so far that ends in number n
    best: dict[int, tuple[int, int]] = {}
    back: list[int | None] = []
    score: list[int] = []
    for k, c in enumerate(candidates):
        prev = max(
            ((score[i], -candidates[i].start, i) for n, (_, i) in best.items() if n < c.number),
            default=None,
        )
        back.append(prev[2] if prev else None)
        score.append((prev[0] if prev else 0) + 2 * len(candidates) + (1 if c.glued else 0))
        if c.number not in best or score[k] > best[c.number][0]:
            best[c.number] = (score[k], k)
    k_end: int | None = max(range(len(candidates)), key=lambda k: (score[k], -candidates[k].start))
    out: list[Marker] = []
    while k_end is not None:
        out.append(candidates[k_end])
        k_end = back[k_end]
    return out[::-1]


def _fill_from_running(chosen: list[Marker], numbers: list[int], running: list[Marker]) -> list[Marker]:
    """``chosen`` with a running candidate for each number without a marker, taken where it
    stands between the markers of the nearest numbers below and above it (see `choose_markers`)."""
    out = list(chosen)
    for num in sorted(numbers):
        if any(c.number == num for c in out):
            continue
        lo = max((c.start for c in out if c.number < num), default=-1)
        hi = min((c.start for c in out if c.number > num), default=None)
        pick = next(
            (c for c in running if c.number == num and lo < c.start and (hi is None or c.start < hi)), None
        )
        if pick is not None:
            out.append(pick)
    return sorted(out, key=lambda mk: mk.number)


def remove_markers(text: str, markers: list[Marker]) -> tuple[str, list[tuple[int, int]]]:
    """Remove ``markers`` from ``text``.

    Returns:
        The clean text and, per marker, ``(offset in clean text, number)``: the offset is where the
        marker stood, so the sentence holding the character before it owns the reference. A marker
        glued to the next word ("woningbouw.1In") leaves a space, so that the words stay apart.
    """
    out: list[str] = []
    refs: list[tuple[int, int]] = []
    pos = 0
    length = 0
    for mk in sorted(markers, key=lambda m: m.start):
        start, end = mk.start, mk.end
        if not mk.glued and start > 0 and text[start - 1] == " ":
            start -= 1  # drop the space that stood before a detached marker
        chunk = text[pos:start]
        out.append(chunk)
        length += len(chunk)
        refs.append((length, mk.number))
        if mk.glued and text[end:end + 1].isalpha():
            out.append(" ")
            length += 1
        pos = end
    out.append(text[pos:])
    return "".join(out), refs
