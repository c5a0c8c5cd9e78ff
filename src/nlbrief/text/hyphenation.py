"""Undo line-end hyphenation without destroying real hyphens. Pure functions.

PDF extraction leaves words broken at line ends ("migratie-" / "beleid"). Most such breaks are
typesetting and must be joined ("migratiebeleid"), but Dutch also writes hyphens that must stay:
suspended compounds ("Asiel- en Migratiepact"), a capital after the hyphen ("collega-Ministers"),
abbreviations and numbers ("EU-buitengrenzen", "2024-2029"), compounds that already carry hyphens
("out-of-the-box") and vowel clashes ("zee-egel"). Where rules are not enough, the rest of the
document is the evidence: a word written whole (or with its hyphen) elsewhere decides.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from .words import words

# Words that follow a hyphen in a suspended compound: "Asiel- en Migratiepact", "zorg- of".
_CONJUNCTIONS = frozenset({"en", "of", "tot", "noch", "dan", "als", "and", "or", "&"})
# Vowel pairs that Dutch spelling separates with a hyphen in compounds ("zee-egel", "na-apen").
_VOWEL_CLASHES = frozenset(
    {"aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "ii", "oe", "oi", "oo", "ou", "ui", "uu"}
)
_LAST_WORD_RE = re.compile(r"([^\s(\[\"“‘'/]+)-$")
_FIRST_WORD_RE = re.compile(r"^([^\s,.;:!?)\]\"”’']+)")


def word_counts(text: str) -> Counter[str]:
    """Lower-cased word counts of ``text``: the evidence `join_hyphenated` consults."""
    return Counter(words(text.lower()))


def hyphen_decision(head: str, tail: str, evidence: Counter[str] | None = None) -> str:
    """How to join ``head`` (a word ending in "-") with ``tail`` (the word on the next line).

    Returns "join" (drop the hyphen: "migratie-" + "beleid"), "keep" (keep it, no space:
    "collega-" + "Ministers") or "space" (keep it and a space: "Asiel-" + "en").
    """
    stem = head[:-1] if head.endswith("-") else head
    if not stem or not tail:
        return "space"
    if tail.lower() in _CONJUNCTIONS:
        return "space"
    if not stem[-1].isalpha() and not stem[-1].isdigit():
        return "space"  # a dash used as punctuation ("– "), not a broken word
    if tail[0].isupper() or tail[0].isdigit() or stem[-1].isdigit():
        return "keep"
    if "-" in stem:
        return "keep"  # "out-of-" + "the-box": a compound already written with hyphens
    if evidence:
        whole = (stem + tail).lower()
        hyphenated = f"{stem}-{tail}".lower()
        # Strip trailing punctuation that the tail may carry ("beleid." -> "beleid").
        whole = whole.rstrip(".,;:!?)")
        hyphenated = hyphenated.rstrip(".,;:!?)")
        if evidence.get(hyphenated, 0) > evidence.get(whole, 0):
            return "keep"
        if evidence.get(whole, 0) > 0:
            return "join"
    # An abbreviation or acronym before the hyphen: "EU-" + "buitengrenzen", "AZWA-" + "afspraak".
    letters = [c for c in stem if c.isalpha()]
    if len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2:
        return "keep"
    if len(stem) == 1:
        return "keep"  # "e-" + "mail", "x-" + "as"
    clash = (stem[-1] + tail[0]).lower()
    if clash in _VOWEL_CLASHES:
        return "keep"
    return "join"


def join_lines(lines: Iterable[str], evidence: Counter[str] | None = None) -> str:
    """Join the lines of one paragraph into one string, undoing line-end hyphenation.

    Args:
        lines: the lines, without their line ends.
        evidence: word counts of the whole document (see `word_counts`), or None.

    Returns:
        The paragraph as one line, with single spaces between the joined lines.
    """
    parts: list[str] = []  # joined at the end: growing one string line by line is quadratic
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not parts:
            parts.append(line)
            continue
        last = parts[-1]
        if last.endswith("-") and not last.endswith(" -"):
            m_head = _LAST_WORD_RE.search(last[-100:])
            m_tail = _FIRST_WORD_RE.match(line)
            if m_head and m_tail:
                decision = hyphen_decision(m_head.group(1) + "-", m_tail.group(1), evidence)
                if decision == "join":
                    parts[-1] = last[:-1]
                    parts.append(line)
                    continue
                if decision == "keep":
                    parts.append(line)
                    continue
        parts.append(" ")
        parts.append(line)
    return "".join(parts)
