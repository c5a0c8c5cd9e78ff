"""The one word tokenizer and the one heading-number pattern. Pure functions.

Every stage that counts, compares or stems words (selection, the faithfulness check and its
alignment, ROUGE, the nothing-lost hint, hyphenation evidence) tokenizes with `words`, so that a
word means the same thing everywhere.
"""

from __future__ import annotations

import re

#: A word: letters with inner hyphens or apostrophes ("Noord-Holland", "minister's"), or a run of
#: digits. Digits never join letters ("A2" is "A" and "2"): numbers are matched on their own.
WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+")
#: The same with compounds split at their hyphens and apostrophes (what ROUGE counts).
PART_RE = re.compile(r"[^\W\d_]+|\d+")


def words(text: str, *, split_compounds: bool = False) -> list[str]:
    """The words of ``text`` in order, as written (not lower-cased).

    Args:
        text: any text.
        split_compounds: split "Noord-Holland" into "Noord", "Holland" (ROUGE does).

    Returns:
        Words and digit runs; punctuation, spaces and ``_`` are dropped.

    >>> words("De oud-minister gaf 2,5 mld.")
    ['De', 'oud-minister', 'gaf', '2', '5', 'mld']
    """
    return (PART_RE if split_compounds else WORD_RE).findall(text)


#: The numbering that opens a heading: "3.2 ", "1. ", "3 Migratie" (a bare number only before a
#: capital: "2024 in cijfers" is a title), "IV. ", "a) ", "B. ".
HEADING_NUMBER_RE = re.compile(
    r"^\s*((?:\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}\.|\d{1,2}(?=\s+[A-Z])|[IVXLC]+\.|[a-z]\)|[A-Z]\.)\s+)(?=\S)"
)


def split_heading_number(heading: str) -> tuple[str, str]:
    """("3.2 ", "Migratie") from "3.2 Migratie"; ("", heading) when it is not numbered.

    Translation keeps numbering out of the model's way; the parser uses it for section levels.
    """
    m = HEADING_NUMBER_RE.match(heading)
    if not m:
        return "", heading
    return m.group(1), heading[m.end():]


def heading_level(heading: str) -> int | None:
    """The level a heading's numbering gives ("3" and "3." are 1, "3.2" is 2, "3.2.1" is 3), or None
    when the heading has no decimal numbering."""
    prefix, _ = split_heading_number(heading)
    m = re.match(r"\s*(\d{1,2}(?:\.\d{1,2})*)\.?\s", prefix)
    if not m:
        return None
    return m.group(1).count(".") + 1
