"""Pure text helpers of the translate stage: splitting, rendering by rule, checking, repairing.

No model calls and no I/O here; token counts come in as a function.

How numbers, dates and citations are protected (why no opaque placeholders): MarianMT's
SentencePiece vocabulary has no symbol for placeholders such as ``⟦1⟧`` (they become ``<unk>``), and
ASCII ones such as ``__N1__`` are cut into pieces the model never saw together, so real models
drop, translate or duplicate them. Instead, what can be rendered by rule is put into the source in
its English form (a Dutch date "16 mei 2024" becomes "16 May 2024", "Kamerstukken ..., nr. 872"
becomes "Parliamentary Papers ..., no. 872"): it is made of ordinary characters the vocabulary
has, and translation models copy such spans through. Afterwards every expected rendering is
checked in the output, repaired where the model wrote a known variant ("May 16, 2024", "2,5"
for 2.5), and every number of the source that is still missing is reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from .text.citations import find_citations
from .text.dutch import MONTHS_EN, MONTHS_NL, date_to_english, find_dates
from .text.numbers import (
    NumberMatch,
    canonical,
    find_numbers_en,
    find_numbers_nl,
    number_to_english,
)
from .text.words import split_heading_number as split_heading_number  # re-exported for translate

# --- repetition guard ---------------------------------------------------------------------------

_MAX_UNIT = 6


def _find_loop(words: Sequence[str]) -> tuple[int, int, int] | None:
    """(start, unit length, repeats) of the first run of a repeated word n-gram, else None."""
    norm = [w.lower().strip(".,;:!?") or w for w in words]
    for i in range(len(norm)):
        for n in range(1, _MAX_UNIT + 1):
            unit = norm[i:i + n]
            if len(unit) < n:
                break
            reps = 1
            while norm[i + reps * n:i + (reps + 1) * n] == unit:
                reps += 1
            if reps >= (4 if n == 1 else 3):
                return i, n, reps
    return None


def find_repetition(text: str, source: str = "") -> str | None:
    """The looping unit if ``text`` repeats a word n-gram (1 word 4 times, 2-6 words 3 times) or a
    short character group within a word, where ``source`` does not repeat it too; else None.

    >>> find_repetition("the the the the end")
    'the'
    """
    words = text.split()
    loop = _find_loop(words)
    if loop is not None:
        i, n, reps = loop
        unit = " ".join(words[i:i + n])
        if not _source_repeats(source, unit, reps):
            return unit
    m = re.search(r"(\w{1,3}?)\1{7,}", text)  # "alalalalalalalal": a loop inside one token
    if m and m.group(0) not in source:
        return m.group(1)
    return None


def _source_repeats(source: str, unit: str, reps: int) -> bool:
    src = " ".join(w.lower().strip(".,;:!?") for w in source.split())
    u = " ".join(w.lower().strip(".,;:!?") for w in unit.split())
    return bool(u) and " ".join([u] * reps) in src


def cut_repetition(text: str, source: str = "") -> str:
    """``text`` with every looping run reduced to one occurrence (the rest of the text is kept)."""
    words = text.split()
    for _ in range(len(words)):
        loop = _find_loop(words)
        if loop is None:
            break
        i, n, reps = loop
        if _source_repeats(source, " ".join(words[i:i + n]), reps):
            break
        words = words[:i + n] + words[i + n * reps:]
    out = " ".join(words)
    return re.sub(r"(\w{1,3}?)\1{7,}", r"\1", out)


# --- splitting over-long input ------------------------------------------------------------------

#: Where a Dutch sentence may be cut, best first: after ; or :, before a conjunction after a comma,
#: at a dash, then after any comma.
_CLAUSE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?<=[;:])\s+"),
    re.compile(r"(?<=,)\s+(?=(?:en|maar|of|want|omdat|doordat|zodat|terwijl|waardoor|waarbij|waarmee|"
               r"waarin|die|dat|wat|wie|hoewel|als|indien|nadat|voordat|zodra|tenzij|alsook|"
               r"evenals|namelijk|zoals)\b)"),
    re.compile(r"\s+(?=[–—-]\s)|(?<=\s[–—-])\s+"),
    re.compile(r"(?<=,)\s+"),
    re.compile(r"(?<=\))\s+|\s+(?=\()"),
)


def _cuts(text: str, pattern: re.Pattern[str], protected: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text)
            if not any(a < m.end() and m.start() < b for a, b in protected)]


def _pieces(text: str, cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans, start = [], 0
    for a, b in cuts:
        spans.append((start, a))
        start = b
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if b > a]


def split_for_limit(
    text: str,
    count_tokens: Callable[[str], int],
    limit: int,
    protected: Sequence[tuple[int, int]] = (),
) -> list[str]:
    """Split ``text`` into pieces of at most ``limit`` tokens, at clause boundaries where possible,
    else into word windows, else character windows. Nothing is dropped: ``" ".join(pieces)`` equals
    ``text`` with its whitespace runs at the cuts made single spaces.

    Args:
        text: one sentence.
        count_tokens: the model's token counter (specials included).
        limit: the most tokens one piece may have.
        protected: (start, end) spans never cut (citations, dates, URLs, glossary terms).
    """
    text = text.strip()
    if not text or count_tokens(text) <= limit:
        return [text] if text else []
    for pattern in _CLAUSE_PATTERNS:
        cuts = _cuts(text, pattern, protected)
        if not cuts:
            continue
        spans = _pieces(text, cuts)
        # Greedy: merge adjacent clauses while the merged piece still fits.
        merged: list[tuple[int, int]] = []
        for a, b in spans:
            if merged and count_tokens(text[merged[-1][0]:b]) <= limit:
                merged[-1] = (merged[-1][0], b)
            else:
                merged.append((a, b))
        if len(merged) < 2:
            continue
        out: list[str] = []
        for a, b in merged:
            inner = [(max(0, pa - a), min(b, pb) - a) for pa, pb in protected if pa < b and a < pb]
            out.extend(split_for_limit(text[a:b], count_tokens, limit, inner))
        return out
    return _word_windows(text, count_tokens, limit, protected)


def _units(text: str, protected: Sequence[tuple[int, int]]) -> list[str]:
    """Whitespace-separated words, with the words of one protected span kept together."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    units: list[tuple[int, int]] = []
    for a, b in spans:
        if units and any(pa < b and a < pb and pa < units[-1][1] and units[-1][0] < pb for pa, pb in protected):
            units[-1] = (units[-1][0], b)
        else:
            units.append((a, b))
    return [" ".join(text[a:b].split()) for a, b in units]


def _word_windows(text: str, count_tokens: Callable[[str], int], limit: int,
                  protected: Sequence[tuple[int, int]] = ()) -> list[str]:
    words = _units(text, protected)
    if len(words) == 1:
        return _char_windows(text, count_tokens, limit)
    out: list[str] = []
    current: list[str] = []
    for word in words:
        if current and count_tokens(" ".join([*current, word])) > limit:
            out.append(" ".join(current))
            current = []
        current.append(word)
        if count_tokens(" ".join(current)) > limit:  # one word alone is too long
            out.extend(_char_windows(" ".join(current), count_tokens, limit))
            current = []
    if current:
        out.append(" ".join(current))
    return out


def _char_windows(text: str, count_tokens: Callable[[str], int], limit: int) -> list[str]:
    out: list[str] = []
    start = 0
    while start < len(text):
        lo, hi = start + 1, len(text)
        while lo < hi:  # the longest prefix that fits (at least one character)
            mid = (lo + hi + 1) // 2
            if count_tokens(text[start:mid]) <= limit:
                lo = mid
            else:
                hi = mid - 1
        out.append(text[start:lo])
        start = lo
    return out


def join_pieces(pieces: Sequence[str]) -> str:
    """Join translated pieces of one sentence back into one segment."""
    return " ".join(p.strip() for p in pieces if p.strip())


def missing_numbers(source: str, target: str) -> list[str]:
    """Numbers of the (Dutch) source that the (English) target lacks, as written in the source
    (with their scale word: "1,5 miljard" is missing from "1.5 million", not from "1.5 billion").

    Counted with multiplicity: a number twice in the source must be twice in the target.
    """
    have: dict[str, int] = {}

    def add(value: str) -> None:
        have[value] = have.get(value, 0) + 1

    for n in find_numbers_en(target):
        add(n.total)
        if n.raw != n.value and "." in n.raw and "," not in n.raw:  # "3.10" is also section 3.10
            add(n.raw)
        if " " in n.raw:  # "32 317" may also stand for 32 and 317
            for part in n.raw.split():
                add(canonical(part))
    return [_as_written(source, n) for n in find_numbers_nl(source) if not _take(have, n)]


def _take(have: dict[str, int], n: NumberMatch) -> bool:
    """Take ``n`` from the target's counts; False when the target lacks it."""
    if have.get(n.total, 0) > 0:
        have[n.total] -= 1
        return True
    if n.scale != 1 or " " not in n.raw:
        return False
    parts = [canonical(p) for p in n.raw.split()]
    if all(have.get(p, 0) > 0 for p in parts):
        for p in parts:
            have[p] -= 1
        return True
    return False


def _as_written(text: str, n: NumberMatch) -> str:
    return text[n.start:n.scale_end].strip() if n.scale != 1 else n.raw


def repair_numbers(source: str, target: str) -> str:
    """Rewrite numbers the model copied in Dutch notation ("2,5", "1.234") into English notation."""
    for n in find_numbers_nl(source):
        english = number_to_english(n.raw)
        if english == n.raw or re.search(rf"(?<![\w,.]){re.escape(english)}(?![\w]|[,.]\d)", target):
            continue
        target = re.sub(rf"(?<![\w,.]){re.escape(n.raw)}(?![\w]|[,.]\d)", english, target)
    return target


# --- dates --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rendering:
    """A span of the source rendered by rule: where, the Dutch text, the English text."""

    start: int
    end: int
    source: str
    english: str
    kind: str  # "date" or "citation"


def render_dates(text: str) -> list[Rendering]:
    """Dutch dates and their English rendering ("16 mei 2024" -> "16 May 2024")."""
    return [Rendering(d.start, d.end, d.text, date_to_english(d), "date") for d in find_dates(text)]


def repair_date(target: str, english: str) -> str:
    """Put ``english`` ("16 May 2024") in place of a variant the model wrote ("May 16, 2024",
    "16th of May 2024", "16 mei 2024"); ``target`` unchanged when no variant is found."""
    if english in target:
        return target
    m = re.fullmatch(r"(\d{1,2}(?:–\d{1,2})?) (\w+)(?: (\d{4}))?", english)
    if not m:
        return target
    day, month, year = m.group(1), m.group(2), m.group(3)
    day = re.escape(day).replace("–", "\\s*[–-]\\s*")  # "4–5": the model may write "4-5" or "4 - 5"
    months = f"{month}|{_MONTH_NL_BY_EN[month]}"  # matched ignoring case
    y = rf"(?:,?\s+{year})" if year else ""
    variants = [
        rf"\b(?:{months})\s+{day}(?:st|nd|rd|th)?{y}\b",
        rf"\b{day}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{months}){y}\b",
    ]
    for pattern in variants:
        new, count = re.subn(pattern, english, target, count=1, flags=re.IGNORECASE)
        if count:
            return new
    return target


_MONTH_NL_BY_EN: dict[str, str] = {MONTHS_EN[n - 1]: nl for nl, n in MONTHS_NL.items()}


# --- citations ----------------------------------------------------------------------------------

_CITATION_WORDS: tuple[tuple[str, str], ...] = (
    (r"\b[Kk]amerstukken\b", "Parliamentary Papers"),
    (r"\b[Kk]amerstuk\b", "Parliamentary Paper"),
    (r"\b[Kk]st\.", "Parliamentary Papers"),
    (r"\bKST\b\.?", "Parliamentary Papers"),
    (r"\bAanhangsel\s+(?:van\s+de\s+)?Handelingen\b", "Appendix to the Proceedings"),
    (r"\bHandelingen\b", "Proceedings"),
    (r"\bTweede\s+Kamer,\s+vergaderjaar\b", "House of Representatives, session"),
    (r"\bEerste\s+Kamer,\s+vergaderjaar\b", "Senate, session"),
    (r"\bnrs\.", "nos."),
    (r"\bt/m\b", "to"),
    (r"\btot\s+en\s+met\b", "to"),  # "nrs. 920 tot en met 922"
    (r"\bvergaderjaar\b", "session"),  # "Handelingen II, vergaderjaar 2008–2009"
    (r"\bnr\.", "no."),
    (r"\bnummer\b", "number"),
    (r"\b(?:blz|pag)\.", "p."),  # a page of the Handelingen
    (r"\ben\b", "and"),
)


def citation_to_english(raw: str) -> str:
    """"Kamerstukken II 2023/24, 32 317, nr. 872" -> "Parliamentary Papers II 2023/24, 32 317, no. 872".

    Word for word on the raw text, so that nothing of the citation is lost or reordered.
    """
    out = raw
    for pattern, english in _CITATION_WORDS:
        out = re.sub(pattern, english, out)
    return out


def render_citations(text: str) -> list[Rendering]:
    """Parliamentary-paper citations and their English rendering."""
    seen: set[tuple[int, int]] = set()
    out = []
    for c in find_citations(text):
        if (c.start, c.end) in seen:  # "nrs. 1 en 2" gives one match per number
            continue
        seen.add((c.start, c.end))
        out.append(Rendering(c.start, c.end, c.raw, citation_to_english(c.raw), "citation"))
    return out


def renderings(text: str) -> list[Rendering]:
    """Every span rendered by rule (citations first: a date inside one belongs to it), sorted."""
    found = render_citations(text)
    for d in render_dates(text):
        if not any(r.start < d.end and d.start < r.end for r in found):
            found.append(d)
    return sorted(found, key=lambda r: r.start)


def apply_renderings(text: str, spans: Sequence[Rendering]) -> str:
    """``text`` with each span replaced by its English rendering."""
    out, pos = [], 0
    for r in sorted(spans, key=lambda r: r.start):
        out.append(text[pos:r.start])
        out.append(r.english)
        pos = r.end
    out.append(text[pos:])
    return "".join(out)


_RULE_ONLY_RE = re.compile(r"^[\s\W\d]*$")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+[^\s.,;:)\]]")


def find_urls(text: str) -> list[tuple[int, int]]:
    """Spans of web addresses (never translated, never cut)."""
    return [(m.start(), m.end()) for m in _URL_RE.finditer(text)]


def protected_spans(text: str, rules: Sequence[Rendering] | None = None) -> list[tuple[int, int]]:
    """Spans that are neither cut by `split_for_limit` nor given glossary terms: the rule renderings
    (``rules``, found here when None) and web addresses."""
    rules = renderings(text) if rules is None else rules
    return [(r.start, r.end) for r in rules] + find_urls(text)


def rule_only(text: str) -> str | None:
    """The English of a segment that needs no model (a citation, a date, a URL, numbers and
    punctuation only, e.g. a footnote "Kamerstukken 2023/2024, 32 317, nr. 872."), else None."""
    spans = renderings(text)
    rest = apply_renderings(text, [replace(r, english="") for r in spans])
    rest = _URL_RE.sub("", rest)
    rest = re.sub(r"\b(?:zie|Zie|ook|en|p|blz|pag|jl|o\.a|bijv|t/m)\b\.?", "", rest)
    if _RULE_ONLY_RE.match(rest):
        return _glue_words_to_english(apply_renderings(text, spans))
    return None


# The Dutch words a rule-only segment may hold around its references, in English: "Zie ook" (see
# also), "o.a." and "bijv." (e.g.), "en" (and), "t/m" (to), "blz."/"pag." (p.); "jl." (jongstleden,
# "last") after a date is left out, the date says it.
_GLUE_WORDS: tuple[tuple[str, str], ...] = (
    (r"\bZie ook\b", "See also"), (r"\bzie ook\b", "see also"), (r"\bZie\b", "See"), (r"\bzie\b", "see"),
    (r"\bo\.a\.", "e.g."), (r"\bbijv\.", "e.g."), (r"\ben\b", "and"), (r"\bt/m\b", "to"),
    (r"\b(?:blz|pag)\.", "p."), (r"\s+jl\.", ""),
)


def _glue_words_to_english(text: str) -> str:
    """``text`` with the Dutch glue words of a rule-only segment in English (see `_GLUE_WORDS`);
    web addresses are left as they are ("…/en/…" stays)."""
    out, at = [], 0
    for m in [*_URL_RE.finditer(text), None]:
        part = text[at:m.start()] if m else text[at:]
        for pattern, english in _GLUE_WORDS:
            part = re.sub(pattern, english, part)
        out.append(part + (m.group(0) if m else ""))
        at = m.end() if m else len(text)
    return "".join(out)
