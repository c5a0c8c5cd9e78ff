"""Close stray spaces inside words ("o nttrekkingen", "w ater", "onz e"). Pure functions.

PDF extraction of letter-spaced or kerned text sometimes puts a space inside a word: "liepen de
o nttrekkingen van grondwater", "We w erken toe", "van onz e grote rivieren". Dutch text is full of
legitimately short words ("u", "de", "en", "'s", list labels "a.", initials "J.", units "5 m"), so
the shape of a token is not enough: as with line-end hyphenation (`nlbrief.text.hyphenation`), the
rest of the letter is the evidence. A gap is closed only where the joined word is written whole
elsewhere in the same letter (see `hyphenation.word_counts`).
"""

from __future__ import annotations

import re
from collections import Counter

from .dutch import ABBREVIATIONS

# Words of one or two letters that stand on their own in Dutch letters (and in the English, Latin
# and French phrases they quote), lower-case abbreviations written without a full stop ("po", "vo"
# for primair and voortgezet onderwijs, "ov"), units of two letters and Roman numerals. A token in
# this list is never a fragment of a broken word. "he", "ma", "ge" are left out on purpose: they are
# the first letters of many Dutch words ("he lpt", "ma ken", "ge heel") and no word of the genre.
SHORT_WORDS: frozenset[str] = frozenset(
    """
    u a à i
    de en én in op te is om we ze je er ik al na of zo nu uw af ga ja ui ei
    an as at be by do go if it me my no on or so to up us am
    et ad ex se id re du le la el di da vs cf ie eg
    po vo so ho wo ov ev pm cq nv bv ca nr jl st
    km cm mm dm ha kg mg ml cl kw mw gw tw pj gj
    ii iv vi ix xi
    """.split()
) | frozenset(a for a in ABBREVIATIONS if "." not in a and len(a) <= 2)
# Elisions written with an apostrophe: "'s avonds", "'t", "'n", "'k". Never fragments.
_ELISIONS = frozenset("s t k n".split())
# The left token: optional opening punctuation, then letters only (no digits, hyphens, full stops).
_LEFT_RE = re.compile(r"^([‘“\"'’(\[]*)([^\W\d_]+)$")
# The right token: letters only, then optional closing punctuation.
_RIGHT_RE = re.compile(r"^([^\W\d_]+)([.,;:!?)\]’”\"']*)$")
_APOSTROPHES = frozenset("'’‘")


def is_fragment(token: str) -> bool:
    """Whether ``token`` (letters only) can be a piece of a broken word: one or two letters, lower
    case, and not a word of its own (`SHORT_WORDS`)."""
    return 1 <= len(token) <= 2 and token.islower() and token not in SHORT_WORDS


def _fragment_pair(left: str, right: str) -> bool:
    """Rule A: one side is a fragment ("o" + "nttrekkingen", "onz" + "e", "w" + "e")."""
    low_left = left.lower()
    frag_left = is_fragment(low_left)
    frag_right = is_fragment(right)
    if not (frag_left or frag_right):
        return False
    # A single letter beside a short word is a list label or an initial, not a broken word:
    # "onderdelen b en c" must not become "ben c".
    if frag_left and len(left) == 1 and right in SHORT_WORDS:
        return False
    if frag_right and len(right) == 1 and low_left in SHORT_WORDS:
        return False
    return True


def joins_gap(left: str, right: str, evidence: Counter[str], before: str = "") -> bool:
    """Whether the space between the tokens ``left`` and ``right`` is a stray space inside a word.

    Args:
        left: the token before the space, as written ("‘w", "onz", "Ka").
        right: the token after it ("ater’", "e", "derrichtlijn.").
        evidence: lower-cased word counts of the whole letter (`hyphenation.word_counts`).
        before: the token before ``left`` ("" at the start).

    The tokens must be letters only (opening punctuation before ``left``, closing punctuation after
    ``right`` allowed); ``right`` must be lower case; ``left`` lower case or capitalised with at least
    two letters (a single capital is an initial or a label: "A en B", "J de Vries"). The joined word
    must occur whole elsewhere in the letter, and one side must be a fragment (`is_fragment`): one
    or two lower-case letters that are not a word (`SHORT_WORDS`), except a single letter beside a
    short word ("b en" stays), a unit or ordinal after a number ("5 m", "7 e"), and an elision
    ("'s", "'t"). Two longer tokens are never joined, even where the joined word stands elsewhere:
    Dutch writes many pairs both apart and together with different meanings ("daar naast" and
    "daarnaast", "samen werken" and "samenwerken", "ten minste" and "tenminste"), so the evidence
    cannot tell a broken word from two words ("inw oners" stays, a miss rather than a wrong word).

    Returns:
        True to join the two tokens without the space.
    """
    m_left = _LEFT_RE.match(left)
    m_right = _RIGHT_RE.match(right)
    if not m_left or not m_right:
        return False
    opening, left_word = m_left.groups()
    right_word = m_right.group(1)
    if not _shapes_allow(opening, left_word, right_word, before):
        return False
    if evidence.get((left_word + right_word).lower(), 0) < 1:
        return False
    return _fragment_pair(left_word, right_word)


def _shapes_allow(opening: str, left: str, right: str, before: str) -> bool:
    """The case and context a broken word can have (the letters of ``left`` and ``right`` only)."""
    if not right.islower():
        return False  # a capital after the space starts a word: "UP V", "Tweede Kamer"
    if not (left.islower() or (len(left) > 1 and left[1:].islower())):
        return False  # a single capital is an initial or a label: "A en B", "J de Vries"
    if before and before[-1].isdigit():
        return False  # a unit or ordinal after a number: "5 m hoog", "het 7 e programma"
    # an elision: "'s avonds", "’t"
    return not (opening and opening[-1] in _APOSTROPHES and left.lower() in _ELISIONS)


def close_letter_gaps(text: str, evidence: Counter[str] | None) -> str:
    """``text`` with the stray spaces inside words closed (see `joins_gap` for the rule).

    Args:
        text: one paragraph on one line (`hyphenation.join_lines` calls this).
        evidence: word counts of the whole letter, or None (then ``text`` comes back unchanged).

    Only single spaces are closed; a closed pair can join the next token too ("w e" -> "we").
    Letters and digits are unchanged, so the nothing-lost accounting still holds.

    >>> from collections import Counter
    >>> close_letter_gaps("liepen de o nttrekkingen op", Counter({"onttrekkingen": 2}))
    'liepen de onttrekkingen op'
    """
    if not evidence or " " not in text:
        return text
    pieces = re.split(r"( +)", text)
    out: list[str] = [pieces[0]]
    for k in range(1, len(pieces) - 1, 2):
        space, token = pieces[k], pieces[k + 1]
        before = out[-3] if len(out) >= 3 else ""
        if space == " " and out[-1] and token and joins_gap(out[-1], token, evidence, before):
            out[-1] += token
            continue
        out.extend((space, token))
    return "".join(out)
