"""Faithfulness and provenance of brief sentences. Pure functions, no model.

Faithfulness: the checkable items of a brief sentence (numbers, dates, citations of parliamentary
papers, named entities) must each be supported by the evidence of that sentence: its source
sentences in Dutch, their footnotes, their translations, the section heading and the letter's
context (date, sender, subject). What is not supported becomes an `Item` that the summarise stage
turns into a flag. The rules, in order, so that a span is counted once:

1. citations: "Kamerstukken 2023/2024, 32 317, nr. 872", "kst. 29 247, nr. 480" (the parser's
   `nlbrief.text.citations`), "Parliamentary Papers 2023/2024, 32 317, no. 872", or a bare
   "32 317, no. 872"; matched on dossier and number;
2. dates: Dutch ("16 mei 2024", "4–5 maart", "mei 2024") and English ("16 May 2024", "May 16,
   2024", "May 2024"); matched on day, month and year, a missing year matching the letter's year;
3. numbers: digits in the brief's notation (`nlbrief.text.numbers`), and the number words two to
   twenty and the tens; matched on value, in any notation or as a number word, with "miljoen",
   "million" and the like as scale (`nlbrief.text.numbers`): "2,5 miljoen" supports "2.5 million"
   and "2,500,000"; a brief's number with a scale word is matched on its total only, so "€1.5
   million" is not supported by "€ 1,5 miljard";
4. named entities: runs of capitalised words (joined by "van", "der", "of", "and", ...) and
   acronyms ("EU", "JBZ-Raad"), leaving out a single capitalised word at the start of a sentence
   and common capitalised function words; supported when every word of it occurs in the evidence
   (acronyms as whole words, other words also by a shared stem of at least four letters, so that
   "Tunisian" is supported by "Tunisia").

Provenance: `align` gives each generated sentence the source sentences it rests on, by lexical
overlap of stemmed content words (and numbers) in the target language; when nothing overlaps
enough, all the candidates are its sources, so a sentence never has none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .select import terms as dutch_terms
from .text.citations import find_citations, normalise_dossier
from .text.dutch import MONTHS_EN, MONTHS_NL, find_dates
from .text.numbers import NumberMatch, canonical, find_number_words, find_numbers
from .text.segment import split_sentences
from .text.words import words


@dataclass(frozen=True)
class Item:
    """A checkable item of a brief sentence: what kind, as written, where, and what it is matched
    on (a tuple of `CitationKey`, a `DateKey`, a set of number values, or the entity's text)."""

    kind: str  # "citation", "date", "number" or "entity"
    value: str
    start: int
    end: int
    key: Any = field(default=None, compare=False)


# --- dates ------------------------------------------------------------------------------------------

# English month names and abbreviations ("Sept", "Oct") -> month number.
_MONTH_EN = {m.lower(): i + 1 for i, m in enumerate(MONTHS_EN)}
_MONTH_EN.update({m[:3].lower(): i + 1 for i, m in enumerate(MONTHS_EN)})
_MONTH_EN["sept"] = 9
_MONTH_EN_RE = rf"(?:{'|'.join(m.capitalize() for m in sorted(_MONTH_EN, key=len, reverse=True))})\.?"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_EN_DMY = re.compile(rf"\b(?P<day>[0-3]?\d){_ORD}(?:\s*[–-]\s*(?P<day2>[0-3]?\d){_ORD})?\s+(?:of\s+)?"
                     rf"(?P<month>{_MONTH_EN_RE})(?:,?\s+{_YEAR})?\b")
_EN_MDY = re.compile(rf"\b(?P<month>{_MONTH_EN_RE})\s+(?P<day>[0-3]?\d){_ORD}"
                     rf"(?:\s*[–-]\s*(?P<day2>[0-3]?\d){_ORD})?(?:,?\s+{_YEAR})?\b(?![:.]\d)")
_EN_MY = re.compile(rf"\b(?P<month>{_MONTH_EN_RE})\s+{_YEAR}\b")
_NL_MY = re.compile(rf"\b(?P<month>{'|'.join(MONTHS_NL)})\s+{_YEAR}\b", re.IGNORECASE)


@dataclass(frozen=True)
class DateKey:
    day: int | None
    day2: int | None
    month: int
    year: int | None


def _month_number(name: str) -> int:
    low = name.lower().rstrip(".")
    return MONTHS_NL.get(low) or _MONTH_EN[low]


def find_date_keys(text: str) -> list[tuple[int, int, str, DateKey]]:
    """Every Dutch or English date in ``text``: (start, end, as written, key)."""
    found: list[tuple[int, int, str, DateKey]] = []

    def add(start: int, end: int, raw: str, key: DateKey) -> None:
        if not any(s < end and start < e for s, e, _, _ in found):
            found.append((start, end, raw, key))

    for d in find_dates(text):
        add(d.start, d.end, d.text, DateKey(d.day, d.day2, d.month, d.year))
    for pattern in (_EN_DMY, _EN_MDY):
        for m in pattern.finditer(text):
            day = int(m.group("day"))
            if not 1 <= day <= 31:
                continue
            year = int(m.group("year")) if m.group("year") else None
            day2 = int(m.group("day2")) if m.group("day2") else None
            add(m.start(), m.end(), m.group(0), DateKey(day, day2, _month_number(m.group("month")), year))
    for pattern in (_EN_MY, _NL_MY):
        for m in pattern.finditer(text):
            add(m.start(), m.end(), m.group(0),
                DateKey(None, None, _month_number(m.group("month")), int(m.group("year"))))
    return sorted(found)


def date_supported(key: DateKey, support: Iterable[DateKey], letter_year: int | None) -> bool:
    """Whether a brief's date is backed by one of the evidence dates."""
    for s in support:
        if s.month != key.month:
            continue
        if key.day is not None:
            days = set(range(s.day, s.day2 + 1)) if s.day and s.day2 else {s.day}
            if key.day not in days:  # a month without a day ("mei 2024") supports no day
                continue
        if key.year is None or key.year == s.year or (s.year is None and key.year == letter_year):
            return True
    return False


# --- citations --------------------------------------------------------------------------------------

_CIT_PREFIX = (r"(?:Parliamentary\s+(?:Papers?|Documents?)|House\s+of\s+Representatives\s+Papers?|"
               r"Kamerstuk(?:ken)?|[Kk]st\.)(?:\s+I{1,2}\b)?")
_CIT_SESSION = r"(?:\s*,?\s*(?:19|20)\d\d\s*[/–-]\s*(?:(?:19|20)\d\d|\d\d))"
_CIT_NUMBER = r"(?:\s*,?\s*(?:nos?|nrs?|numbers?|nummer)\.?\s*(?P<number>\d+[A-Za-z]?))"
_CIT_DOSSIER = r"(?P<dossier>\d{2}\s?\d{3}(?:-\d{2}(?!\d))?)(?:\s*[-–]?\s*[IVXLC]{1,6}(?-i:\s?[A-Z])?\b)?"
_CITATION_WITH_PREFIX = re.compile(rf"{_CIT_PREFIX}{_CIT_SESSION}?\s*,?\s*{_CIT_DOSSIER}{_CIT_NUMBER}?",
                                   re.IGNORECASE)
_CITATION_BARE = re.compile(rf"\b{_CIT_DOSSIER}{_CIT_NUMBER}", re.IGNORECASE)

CitationKey = tuple[str, "str | None"]  # (dossier without its part, number)


def find_citation_keys(text: str) -> list[tuple[int, int, str, tuple[CitationKey, ...]]]:
    """Every citation of a parliamentary paper in ``text``, Dutch or English: (start, end, as
    written, keys). One citation can name several papers ("31 293/31 289, nrs. 390 en 391"): one
    key per dossier and number."""
    found: list[tuple[int, int, str, tuple[CitationKey, ...]]] = []

    def add(start: int, end: int, raw: str, keys: tuple[CitationKey, ...]) -> None:
        if not any(s < end and start < e for s, e, _, _ in found):
            found.append((start, end, raw, keys))

    # `find_citations` gives one match per number, all with the span of the whole citation.
    spans: dict[tuple[int, int, str], list[CitationKey]] = {}
    for c in find_citations(text):
        keys = spans.setdefault((c.start, c.end, c.raw), [])
        keys += [(dossier_base(d), c.number) for d in c.dossier.split(" / ")]
    for (start, end, raw), keys in spans.items():
        add(start, end, raw, tuple(dict.fromkeys(keys)))
    for pattern in (_CITATION_WITH_PREFIX, _CITATION_BARE):
        for m in pattern.finditer(text):
            add(m.start(), m.end(), m.group(0).strip(), ((dossier_base(m.group("dossier")), m.group("number")),))
    return sorted(found, key=lambda f: f[0])


def dossier_base(dossier: str) -> str:
    """ "32 123 XVI" -> "32 123": the dossier number without its part (the part is often dropped)."""
    return " ".join(normalise_dossier(dossier).split()[:2])


def citation_supported(keys: Iterable[CitationKey], support: Iterable[CitationKey]) -> bool:
    """Whether every paper a citation names is among the evidence's (a citation without a number
    is backed by any paper of its dossier)."""
    support = list(support)
    return all(any(d == dossier and (number is None or n == number) for d, n in support) for dossier, number in keys)


# --- numbers ----------------------------------------------------------------------------------------

def find_number_values(text: str, lang: str, *, words: bool = True) -> list[tuple[int, int, str, set[str]]]:
    """Numbers in ``text`` in the notation of ``lang``: (start, end, as written with its scale
    word, values). A brief's "1.5 million" is matched on 1500000 only: its "1.5" alone would be
    backed by a source's "1,5 miljard"."""
    found: list[NumberMatch] = find_numbers(text, lang) + (find_number_words(text) if words else [])
    return sorted(((n.start, max(n.end, n.scale_end), text[n.start:max(n.end, n.scale_end)], {n.total})
                   for n in found), key=lambda f: f[0])


def _support_numbers(text: str, lang: str) -> set[str]:
    # Evidence supports both a number's value and its total ("2,5 miljoen": 2.5 and 2500000).
    values: set[str] = set()
    for n in find_numbers(text, lang):
        values |= {n.value, n.total}
        if " " in n.raw:  # "32 317" may stand for 32 and 317 too
            values |= {canonical(p) for p in n.raw.split()}
    for n in find_number_words(text, support=True):
        values |= {n.value, n.total}
    return values


# --- entities ---------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"[^\W_][\w'’]*(?:-[\w'’]+)*-?", re.UNICODE)
_CONNECTORS = frozenset("van der de den von voor of for and en het the ter te du la le".split())
_FUNCTION_CAPS = frozenset(
    """
    I A An The This That These Those It Its He She We They You Our Your His Her Their There Here
    In On At As By For From To With Without After Before During Since Until While When Where What
    Which Who Why How If Also And But Or So Then Thus However Moreover Furthermore Meanwhile
    Dear Mr Mrs Ms Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    De Het Een Dit Deze Die Dat Ik Wij We Zij Hij Ze U Uw Ons Onze Mijn Er In Op Met Voor Ook Zo Als
    Om Bij Na Tot Uit Naar Door Over Daarnaast Daarom Daarbij Hiermee Hierbij Verder Tevens Echter
    Dinsdag Maandag Woensdag Donderdag Vrijdag Zaterdag Zondag Geachte Voorzitter
    """.split()
) | frozenset(MONTHS_EN) | frozenset(m.capitalize() for m in MONTHS_NL)


#: Currency codes a translation writes for "€" or "euro" ("EUR 1.5 billion"): units of an amount,
#: which the number check covers, never names.
_CURRENCY_CODES = frozenset({"EUR", "USD", "GBP", "CHF", "ANG", "AWG", "XCD"})


def _is_acronym(token: str) -> bool:
    return sum(1 for c in token if c.isupper()) >= 2


def _name_run(text: str, tokens: list[re.Match[str]], i: int) -> list[int]:
    """The indexes of the tokens of one name starting at capitalised token ``i``: capitalised words
    joined by spaces, hyphens or "&", and lower-case connectors between two of them ("Raad van
    State")."""
    run = [i]
    j = i + 1
    while j < len(tokens):
        gap = text[tokens[j - 1].end():tokens[j].start()]
        if gap.strip() not in ("", "-", "&"):  # punctuation ends a name
            break
        nxt = tokens[j].group(0)
        if nxt[0].isupper():
            run.append(j)
            j += 1
        elif (nxt.lower() in _CONNECTORS and j + 1 < len(tokens) and tokens[j + 1].group(0)[0].isupper()
              and not text[tokens[j].end():tokens[j + 1].start()].strip()):
            run.extend([j, j + 1])
            j += 2
        else:
            break
    return run


def _trim_run(run: list[int], tokens: list[re.Match[str]]) -> list[int]:
    """Leading function words ("The European Commission") are not part of the name."""
    while run:
        word = tokens[run[0]].group(0)
        if (word in _FUNCTION_CAPS or word in _CONNECTORS) and not _is_acronym(word):
            run = run[1:]
        else:
            break
    return run


def find_entities(text: str) -> list[tuple[int, int, str]]:
    """Named entities by rule: runs of capitalised words and acronyms (see the module docstring).

    Returns:
        (start, end, text) of each entity, in order.
    """
    tokens = list(_TOKEN_RE.finditer(text))
    found: list[tuple[int, int, str]] = []
    first_word = next((k for k, t in enumerate(tokens) if t.group(0)[0].isalpha()), 0)
    i = 0
    while i < len(tokens):
        if not tokens[i].group(0)[0].isupper():
            i += 1
            continue
        full = _name_run(text, tokens, i)
        i = full[-1] + 1
        run = _trim_run(full, tokens)
        if not run:
            continue
        word = tokens[run[0]].group(0)
        # A single capitalised word at the start of a sentence, or a function word, is no name.
        if len(run) == 1 and not _is_acronym(word) and (run[0] == first_word or word in _FUNCTION_CAPS):
            continue
        if len(run) == 1 and word in _CURRENCY_CODES:
            continue
        start, end = tokens[run[0]].start(), tokens[run[-1]].end()
        found.append((start, end, text[start:end].rstrip("-")))
    return found


def _entity_words(entity: str) -> list[str]:
    out = []
    for word in re.split(r"[\s&]+", entity):
        word = re.sub(r"['’]s$", "", word)
        for part in word.split("-"):
            if part and part.lower() not in _CONNECTORS and (len(part) >= 2 or part.isupper()):
                out.append(part)
    return out


def entity_supported(entity: str, support_lower: str) -> bool:
    """Whether every word of ``entity`` occurs in the (lower-cased) evidence."""
    for word in _entity_words(entity):
        low = word.lower()
        if _is_acronym(word) or len(low) <= 3:
            if not re.search(rf"(?<!\w){re.escape(low)}(?!\w)", support_lower):
                return False
        elif low not in support_lower and low[: max(4, len(low) - 3)] not in support_lower:
            return False
    return True


# --- evidence and the check -------------------------------------------------------------------------


@dataclass
class Evidence:
    """What one brief sentence may rest on, with its items extracted once."""

    text: str = ""  # all evidence texts, lower-cased, joined
    numbers: set[str] = field(default_factory=set)
    dates: list[DateKey] = field(default_factory=list)
    citations: set[CitationKey] = field(default_factory=set)

    @classmethod
    def from_texts(cls, nl: Iterable[str] = (), en: Iterable[str] = (),
                   citations: Iterable[CitationKey] = ()) -> Evidence:
        """Evidence from Dutch texts (sources, footnotes) and English ones (translations): each is
        read in its own number notation."""
        ev = cls()
        parts = [(t, "nl") for t in nl if t] + [(t, "en") for t in en if t]
        ev.text = "\n".join(t for t, _ in parts).lower()
        for t, lang in parts:
            ev.numbers |= _support_numbers(t, lang)
            ev.dates.extend(k for _, _, _, k in find_date_keys(t))
            ev.citations |= {k for _, _, _, keys in find_citation_keys(t) for k in keys}
        ev.citations |= set(citations)
        return ev

    def merge(self, others: Iterable[Evidence]) -> Evidence:
        out = Evidence(self.text, set(self.numbers), list(self.dates), set(self.citations))
        texts = [self.text]
        for o in others:
            texts.append(o.text)
            out.numbers |= o.numbers
            out.dates.extend(o.dates)
            out.citations |= o.citations
        out.text = "\n".join(texts)
        return out


def find_items(text: str, lang: str) -> list[Item]:
    """The checkable items of one brief sentence, each span counted once (see the module docstring)."""
    items: list[Item] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    for start, end, raw, key in find_citation_keys(text):
        items.append(Item("citation", raw, start, end, key))
        taken.append((start, end))
    for start, end, raw, date_key in find_date_keys(text):
        if free(start, end):
            items.append(Item("date", raw, start, end, date_key))
            taken.append((start, end))
    for start, end, raw, values in find_number_values(text, lang):
        if free(start, end):
            items.append(Item("number", raw, start, end, values))
            taken.append((start, end))
    for start, end, raw in find_entities(text):
        if free(start, end):
            items.append(Item("entity", raw, start, end, raw))
    return sorted(items, key=lambda it: it.start)


def unsupported_items(text: str, lang: str, evidence: Evidence, letter_year: int | None = None) -> list[Item]:
    """The items of brief sentence ``text`` (in ``lang``) that ``evidence`` does not support."""
    checks = {
        "citation": lambda key: citation_supported(key, evidence.citations),
        "date": lambda key: date_supported(key, evidence.dates, letter_year),
        "number": lambda key: bool(key & evidence.numbers),
        "entity": lambda key: entity_supported(key, evidence.text),
    }
    return [item for item in find_items(text, lang) if not checks[item.kind](item.key)]


# --- sentences and provenance -----------------------------------------------------------------------

#: English abbreviations after which a full stop does not end a sentence.
_EN_ABBREVIATIONS = frozenset(
    "no nos nr nrs mr mrs ms dr prof st vs e.g i.e approx art para cf jan feb mar apr jun jul aug "
    "sep sept oct nov dec inc ltd co p pp fig".split()
)
_ABBREV_END_RE = re.compile(r"(?:^|[\s(])([A-Za-z][A-Za-z.]*)\.$")


def split_brief_sentences(text: str, lang: str) -> list[str]:
    """Split generated text into sentences: the Dutch splitter of `nlbrief.text.segment`, with English
    abbreviations ("no. 872", "e.g. the") rejoined for English text."""
    pieces = [s.text for s in split_sentences(" ".join(text.split()))] if text.strip() else []
    if lang != "en":
        return pieces
    out: list[str] = []
    for piece in pieces:
        m = _ABBREV_END_RE.search(out[-1]) if out else None
        if m and m.group(1).lower() in _EN_ABBREVIATIONS:
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


_STOP_EN = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers him his how i if in into is it its itself just me more most my
    no nor not now of off on once only or other our ours out over own same she should so some such
    than that the their theirs them then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    letter section brief
    """.split()
)


@lru_cache(maxsize=1)
def _english_stemmer() -> Any:
    from nltk.stem.snowball import EnglishStemmer  # type: ignore[import-untyped]

    return EnglishStemmer()


@lru_cache(maxsize=65536)
def _stem_en(word: str) -> str:
    return _english_stemmer().stem(word)


def content_terms(text: str, lang: str) -> set[str]:
    """Stemmed content words and numbers of ``text``, for lexical alignment."""
    if lang == "nl":
        return set(dutch_terms(text))
    return {w if w.isdigit() else _stem_en(w) for w in words(text.lower(), split_compounds=True)
            if w not in _STOP_EN and (len(w) > 1 or w.isdigit())}


#: Alignment thresholds: a candidate must cover this share of the sentence's content terms, and at
#: least this share of the best candidate's coverage; at most MAX_SOURCES are named.
MIN_COVERAGE = 0.2
RELATIVE_COVERAGE = 0.5
MAX_SOURCES = 3


def align(sentence: str, candidates: Sequence[tuple[str, str]], lang: str) -> tuple[str, ...]:
    """The ids of the candidates that ``sentence`` rests on, in candidate order.

    Args:
        sentence: one generated brief sentence.
        candidates: (id, text in the target language) of the section's selected sentences.
        lang: the language of ``sentence`` and the candidate texts.

    Returns:
        The best-overlapping candidates (at most `MAX_SOURCES`), or all of them when none
        overlaps enough: never empty unless there are no candidates.
    """
    if not candidates:
        return ()
    words = content_terms(sentence, lang)
    if not words:
        return tuple(cid for cid, _ in candidates)
    coverage = [len(words & content_terms(text, lang)) / len(words) for _, text in candidates]
    best = max(coverage)
    if best < MIN_COVERAGE:
        return tuple(cid for cid, _ in candidates)
    keep = [k for k, c in enumerate(coverage) if c >= max(MIN_COVERAGE, RELATIVE_COVERAGE * best)]
    keep = sorted(sorted(keep, key=lambda k: (-coverage[k], k))[:MAX_SOURCES])
    return tuple(candidates[k][0] for k in keep)
