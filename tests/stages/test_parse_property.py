"""Nothing lost, as a property: whatever the input, every letter and digit ends up in the Letter."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlbrief.accounting import check_nothing_lost
from nlbrief.parse import parse_text

WORDS = (
    "de het een kabinet Kamer brief motie toezegging migratie beleid ministerie uitvoering "
    "Europese Commissie Nederland samenwerking afspraken zorg water bodem onderwijs jl. nr. "
    "o.a. d.d. i.v.m. 2024 32 317 872 16 mei maart € 20 miljoen procent EU- Asiel- en "
    "collega- Ministers out-of- the-box geïnformeerd.1 (IZA) 'aanpak' – • \uf0b7 ? ! : ;"
).split()

word = st.sampled_from(WORDS)
line = st.lists(word, min_size=1, max_size=14).map(" ".join)
heading = st.lists(st.sampled_from(["Voortgang", "Asiel", "Migratiepact", "Zorg", "Tot", "slot", "Inzet"]),
                   min_size=1, max_size=5).map(lambda ws: " ".join(ws).capitalize())
footnote = st.tuples(st.integers(1, 12), line).map(lambda t: f"{t[0]} {t[1]}")
furniture = st.sampled_from(["Pagina 2 van 7", "Kenmerk", "4204015-1087289-PDIZA", "\f", "",
                             "Hoogachtend,", "De Minister van Justitie en Veiligheid,", "E. van der Burg",
                             "Datum 16 mei 2024", "Geachte voorzitter,", "1", "2", "Den Haag, 4 maart 2025"])
chunk = st.one_of(line, line, line, heading, footnote, furniture, st.just(""))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(chunk, min_size=1, max_size=60))
def test_generated_letters_lose_nothing(chunks: list[str]) -> None:
    text = "\n".join(chunks)
    if not any(c.isalnum() for c in text):
        return
    letter = parse_text(text)
    acc = check_nothing_lost(text, letter)
    assert acc.ok, acc.summary()


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=string.ascii_letters + string.digits + " .,-\n\f•–:()'" + "ëïé€", min_size=1, max_size=600))
def test_arbitrary_text_loses_nothing(text: str) -> None:
    if not any(c.isalnum() for c in text):
        return
    letter = parse_text(text)
    acc = check_nothing_lost(text, letter)
    assert acc.ok, acc.summary()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(heading, st.lists(line, min_size=1, max_size=8)), min_size=1, max_size=6))
def test_sentence_ids_are_unique_and_ordered(parts: list[tuple[str, list[str]]]) -> None:
    text = "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 16 mei 2024\n\n"
    for h, lines in parts:
        text += f"{h}\n\n" + "\n".join(lines) + ".\n\n"
    letter = parse_text(text)
    ids = [s.id for s in letter.iter_sentences()]
    assert len(ids) == len(set(ids))
    for sec in letter.sections:
        nums = [int(s.id.split(".")[1]) for s in sec.sentences]
        assert nums == list(range(1, len(nums) + 1))
        assert all(s.id.startswith(f"s{sec.index}.") for s in sec.sentences)
    assert check_nothing_lost(text, letter).ok
