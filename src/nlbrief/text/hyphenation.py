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

from .spacing import close_letter_gaps
from .words import words

# Words that follow a hyphen in a suspended compound: "Asiel- en Migratiepact", "zorg- of".
_CONJUNCTIONS = frozenset({"en", "of", "tot", "noch", "dan", "als", "and", "or", "&"})
# Vowel pairs that Dutch spelling separates with a hyphen in compounds ("zee-egel", "na-apen").
_VOWEL_CLASHES = frozenset(
    {"aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "ii", "oe", "oi", "oo", "ou", "ui", "uu"}
)
_LAST_WORD_RE = re.compile(r"([^\s(\[\"“‘'/]+)-$")
_FIRST_WORD_RE = re.compile(r"^([^\s,.;:!?)\]\"”’']+)")
# A line that ends in a slash right after a word ("wet-/" / "regelgeving", "en/" / "of"): the
# slash binds both sides, so the lines join without a space; not after a link, whose slash can
# end it before the sentence goes on ("zie www.rijksoverheid.nl/" / "voor ...").
_SLASH_END_RE = re.compile(r"(?:^|\s)(?!\S*(?:://|www\.))\S*\w-?/$")
# Coordinate compounds of two adjectives, each part written whole and joined by a hyphen
# ("politiek-bestuurlijke", "juridisch-technische", "financieel-economische"; Woordenlijst
# Nederlandse Taal, koppelteken 11.x, "nevenschikkende samenstellingen"): the first part an
# adjective in -isch, -iek or -ieel, the second one in -isch, -iek, -ieel or -lijk; the second
# part "-rechtelijk" forms one closed word ("publiekrechtelijke").
_COORDINATE_HEAD_RE = re.compile(r"(?:isch|iek|ieel)$")
_COORDINATE_TAIL_RE = re.compile(r"^(?!rechtelijk).{3,}(?:isch|ische|iek|ieke|ieel|iële|lijk|lijke)$")


# Lower-case prefixes and abbreviations that Dutch writes with a hyphen before a word ("oud-minister",
# "niet-naleving", "mbo-studenten", "cao-afspraken", "ggz-instellingen"; Woordenlijst Nederlandse
# Taal, rules on "koppelteken" 11.x). A line-end hyphen after one of them is a real hyphen.
HYPHEN_PREFIXES: frozenset[str] = frozenset(
    """
    oud niet vice non mbo hbo vmbo havo vwo cao ggz zzp ict btw aow wmo wlz pgb mkb
    """.split()
)
# Prefixes that are also the first syllable of many words ("pro-bleem", "ex-tra", "an-ti"): the
# hyphen is kept only when the document uses the rest as a word of its own ("ex-" + "minister").
WEAK_HYPHEN_PREFIXES: frozenset[str] = frozenset({"ex", "anti", "pro", "pre", "post", "semi"})
# What follows a prefix when the break is a syllable break inside one word ("oud-ste", "oud-heid").
_SUFFIXES = frozenset({"ste", "sten", "heid", "heden", "je", "jes", "er", "ers", "e", "en", "s"})


def word_counts(text: str) -> Counter[str]:
    """Lower-cased word counts of ``text``: the evidence `join_hyphenated` consults.

    Besides each word ("mbo-instellingen"), the prefix of every hyphenated word is counted with its
    hyphen ("mbo-"): the document writing a prefix with a hyphen inside a line is evidence that a
    line-end hyphen after it is real.
    """
    counts = Counter(words(text.lower()))
    for word, n in list(counts.items()):
        if "-" in word:
            counts[word.split("-", 1)[0] + "-"] += n
    return counts


def _rule_decision(stem: str, tail: str) -> str | None:
    """The decision that holds whatever the document says, or None."""
    if tail.lower() in _CONJUNCTIONS:
        return "space"
    if tail.startswith("/"):
        return "keep"  # an elided compound before a slash ("politiek-" + "/bestuurlijke")
    if not stem[-1].isalpha() and not stem[-1].isdigit():
        return "space"  # a dash used as punctuation ("– "), not a broken word
    if tail[0].isupper() or tail[0].isdigit() or stem[-1].isdigit():
        return "keep"
    if "-" in stem:
        return "keep"  # "out-of-" + "the-box": a compound already written with hyphens
    return None


def _evidence_decision(stem: str, tail: str, evidence: Counter[str]) -> str | None:
    """What the rest of the document says: the word written whole, or with its hyphen."""
    bare = tail.rstrip(".,;:!?)").lower()  # the tail may carry punctuation ("beleid.")
    whole = stem.lower() + bare
    hyphenated = f"{stem.lower()}-{bare}"
    if evidence.get(hyphenated, 0) > evidence.get(whole, 0):
        return "keep"
    if evidence.get(whole, 0) > 0:
        return "join"
    if evidence.get(stem.lower() + "-", 0) > 0 and bare not in _SUFFIXES:
        return "keep"  # the document hyphenates this prefix elsewhere ("mbo-instellingen")
    if stem.lower() in WEAK_HYPHEN_PREFIXES and evidence.get(bare, 0) > 0:
        return "keep"  # "ex-" + "minister" where "minister" is a word of the document
    return None


def _shape_decision(stem: str, tail: str) -> str:
    """The decision by the shape of the two parts alone."""
    low = stem.lower()
    if low in HYPHEN_PREFIXES and tail.rstrip(".,;:!?)").lower() not in _SUFFIXES:
        return "keep"
    # An abbreviation or acronym before the hyphen: "EU-" + "buitengrenzen", "AZWA-" + "afspraak".
    letters = [c for c in stem if c.isalpha()]
    if len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2:
        return "keep"
    if len(stem) == 1:
        return "keep"  # "e-" + "mail", "x-" + "as"
    if (stem[-1] + tail[0]).lower() in _VOWEL_CLASHES:
        return "keep"
    if _COORDINATE_HEAD_RE.search(low) and _COORDINATE_TAIL_RE.match(tail.rstrip(".,;:!?)").lower()):
        return "keep"  # "politiek-" + "bestuurlijke": two adjectives side by side
    return "join"


def hyphen_decision(head: str, tail: str, evidence: Counter[str] | None = None) -> str:
    """How to join ``head`` (a word ending in "-") with ``tail`` (the word on the next line).

    Rules first (a conjunction, a slash, a capital or digit after the hyphen), then the
    document's ``evidence`` (see `word_counts`), then the shape of the parts (listed prefixes such
    as "oud-" and "mbo-", acronyms, vowel clashes, two adjectives side by side).

    Returns "join" (drop the hyphen: "migratie-" + "beleid"), "keep" (keep it, no space:
    "collega-" + "Ministers", "oud-" + "minister") or "space" (keep it and a space: "Asiel-" + "en").
    """
    stem = head[:-1] if head.endswith("-") else head
    if not stem or not tail:
        return "space"
    decided = _rule_decision(stem, tail)
    if decided is None and evidence:
        decided = _evidence_decision(stem, tail, evidence)
    return decided or _shape_decision(stem, tail)


def join_lines(lines: Iterable[str], evidence: Counter[str] | None = None) -> str:
    """Join the lines of one paragraph into one string, undoing line-end hyphenation.

    Args:
        lines: the lines, without their line ends.
        evidence: word counts of the whole document (see `word_counts`), or None.

    Returns:
        The paragraph as one line, with single spaces between the joined lines; with ``evidence``,
        stray spaces inside words are closed too ("o nttrekkingen", see `spacing.close_letter_gaps`).
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
        if _SLASH_END_RE.search(last[-100:]):
            parts.append(line)  # "wet-/" + "regelgeving": one word over the line break
            continue
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
    return close_letter_gaps("".join(parts), evidence)
