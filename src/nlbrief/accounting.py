"""The nothing-lost check: every word of the input ends up in exactly one place of the `Letter`.

Words are compared as the multiset of their letters and digits. That is exact about loss and
duplication (a dropped or doubled word changes the counts) while allowing what parsing must do:
rejoin "migratie-" + "beleid", move footnote markers into ``footnote_refs``, take the date of
"Den Haag, 16 mei 2024" into metadata while the raw line stays in ``letterhead``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from .model.letter import Letter, RawDocument
from .text.normalise import expand_ligatures
from .text.words import words

_NOT_ALNUM_RE = re.compile(r"[\W_]+", re.UNICODE)


def _chars(text: str) -> Counter[str]:
    """The letters and digits of ``text``, counted (a regex pass: a per-character loop is 5x slower).

    Ligature glyphs count as their letters: the parser writes "ﬁ" as "fi"."""
    return Counter(_NOT_ALNUM_RE.sub("", expand_ligatures(text)))


def letter_texts(letter: Letter) -> Iterator[str]:
    """Every piece of text the letter holds, each once (derived metadata excluded)."""
    yield from letter.letterhead
    if letter.salutation:
        yield letter.salutation
    for section in letter.sections:
        if section.heading:
            yield section.heading
        for sentence in section.sentences:
            yield sentence.text
            yield from (str(n) for n in sentence.footnote_refs)
    for fn in letter.footnotes:
        yield fn.label or str(fn.number)  # as printed: "01" holds a "0" that 1 does not
        yield fn.text
    yield from letter.closing
    yield from letter.furniture
    yield from letter.unassigned


@dataclass(frozen=True)
class Accounting:
    """The outcome of `check_nothing_lost`."""

    missing: dict[str, int]  # characters in the input but not in the letter, with counts
    extra: dict[str, int]  # characters in the letter but not in the input
    missing_words: tuple[str, ...]  # input words that no longer occur anywhere (a hint)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.extra

    def summary(self) -> str:
        if self.ok:
            return "nothing lost"
        return (
            f"{sum(self.missing.values())} characters missing, {sum(self.extra.values())} extra; "
            f"words not found: {', '.join(self.missing_words[:10]) or '-'}"
        )


def check_nothing_lost(source_text: str, letter: Letter) -> Accounting:
    """Compare the letters and digits of ``source_text`` with those held by ``letter``."""
    held = "\n".join(letter_texts(letter))
    want = _chars(source_text)
    have = _chars(held)
    missing = dict(want - have)
    extra = dict(have - want)
    missing_words: tuple[str, ...] = ()
    if missing:
        held_words = set(words(held))
        joined = re.sub(r"-\s*\n\s*", "", source_text)
        missing_words = tuple(
            dict.fromkeys(w for w in words(joined) if w not in held_words and w not in held)
        )
    return Accounting(missing, extra, missing_words)


def check_document(doc: RawDocument, letter: Letter) -> Accounting:
    """`check_nothing_lost` for a document from the read stage (its furniture included)."""
    return check_nothing_lost("\n".join([doc.text, *doc.furniture]), letter)
