"""Round 4 over-fires: rule B of `nlbrief.text.spacing` (two longer parts joined) never joins two
Dutch words written apart ("ten minste", "samen werken", "vast stellen") and only joins in a letter
that shows the fragment kind of gap elsewhere; `nlbrief.parse.levels` lifts no topical sub-heading
or recurring part heading to the top level as a closing chapter."""

from __future__ import annotations

import pytest

from nlbrief.text.hyphenation import word_counts
from nlbrief.text.spacing import close_letter_gaps, letter_spaced

# A letter of our own whose extraction letter-spaced words (rule A gaps, each word also whole).
_SPACED = (
    "Met deze brief informeer ik u over onze aanpak van water en bodem. De onttrekkingen van\n"
    "grondwater nemen toe. We werken met de inwoners aan maatwerk en grotere risico's en een\n"
    "peilverhoging. Hier liepen de o nttrekkingen op, w ater stroomde weg, we w erken samen en\n"
    "de bodem heeft ma atwerk nodig.\n"
)
# The same kind of letter without a single broken word.
_CLEAN = (
    "Het kabinet wil samenwerken met gemeenten. Dit jaar rapporteren wij tenminste twee keer. Wij\n"
    "willen het plan daarna vaststellen. Terzake kundig personeel is schaars. Dat meevallen is\n"
    "onzeker. Hoogwater is een risico. De inwoners en grotere risico's en een peilverhoging.\n"
)


def _closed(text: str, letter: str) -> str:
    return close_letter_gaps(text, word_counts(letter + "\n" + text))


@pytest.mark.parametrize(
    ("broken", "whole"),
    [
        ("ondernemers en inw oners houden rekening", "ondernemers en inwoners houden rekening"),
        ("het gaat om gro tere risico's", "het gaat om grotere risico's"),
        ("tegen peilve rhoging in", "tegen peilverhoging in"),
    ],
)
def test_rule_b_joins_two_non_words_in_a_letter_spaced_letter(broken: str, whole: str) -> None:
    assert _closed(broken, _SPACED) == whole


@pytest.mark.parametrize(
    ("broken", "whole"),
    [
        ("ondernemers en inw oners houden rekening", "ondernemers en inwoners houden rekening"),
        ("het gaat om gro tere risico's", "het gaat om grotere risico's"),
    ],
)
def test_rule_b_stays_in_a_letter_without_fragment_gaps(broken: str, whole: str) -> None:
    assert _closed(whole, _SPACED) == whole  # sanity: a whole word is untouched
    assert _closed(broken, _CLEAN) == broken  # no sign of letter-spacing: two tokens stay two


@pytest.mark.parametrize(
    "text",
    [
        "Het kabinet wil samen werken met gemeenten aan een betere aanpak.",
        "Wij zullen dit jaar ten minste twee keer rapporteren.",
        "Wij willen het plan vast stellen.",
        "De gemeente kan ter zake beslissen.",
        "Het ministerie verwacht dat de kosten mee vallen.",
        "In het hoog water seizoen is het druk.",
        "Ten slotte",
    ],
)
def test_rule_b_never_joins_a_particle_or_fixed_phrase(text: str) -> None:
    extra = "Samenwerken, tenminste, vaststellen, terzake, meevallen, hoogwater en Tenslotte.\n"
    # even in a letter-spaced letter where the joined word is written elsewhere
    assert _closed(text, _SPACED + extra) == text
    assert _closed(text, _CLEAN + extra) == text


def test_letter_spaced_needs_several_fragment_gaps() -> None:
    assert letter_spaced(word_counts(_SPACED))
    assert not letter_spaced(word_counts(_CLEAN))
    # a stray label or initial is no letter-spacing: "(v)so" beside "vso", "F.W." beside "welke"
    assert not letter_spaced(word_counts("Het (v)so en het vso. De heer F.W. Hoekstra, welke elke."))
