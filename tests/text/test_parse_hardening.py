"""Parse speed and the nothing-lost check under hostile input (issue 14): work linear in the input
size, ASCII digits only where numbers are meant (printed form kept), lone surrogates."""

from __future__ import annotations

import cProfile
import json
import pstats
import random

import pytest

from large_letter import large_letter
from nlbrief.accounting import check_nothing_lost
from nlbrief.model.letter import Letter, Motion, Paragraph, Section, Sentence, Source
from nlbrief.parse import parse_text, references
from nlbrief.parse.lines import normalise_text, split_lines
from nlbrief.parse.parser import build_letter
from nlbrief.parse.sections import assign_levels
from nlbrief.text.markers import find_marker_candidates

HEAD = "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 12 maart 2026\n\n"
TAIL = "\n\nDe Minister van Financiën,\n\nP. Jansen\n"


def _calls(text: str) -> int:
    profile = cProfile.Profile()
    profile.enable()
    parse_text(text)
    profile.disable()
    return int(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]


def test_parse_work_grows_linearly_with_the_input() -> None:
    # Work is counted as function calls (Python and C), not time. Linear parsing gives a ratio of
    # about 4 for 4 times the input (3.8 measured); comparing every motion with every other and
    # rescanning citations per motion gave 10.2 on the same letters.
    small, large = _calls(large_letter(100_000)), _calls(large_letter(400_000))
    assert large <= 5 * small, f"{small} calls for 100 kB, {large} for 400 kB"


class _CountingStr(str):
    """A str that adds up the length of every slice taken of it."""

    sliced = 0

    def __getitem__(self, key):  # type: ignore[no-untyped-def]
        out = str.__getitem__(self, key)
        if isinstance(key, slice):
            _CountingStr.sliced += len(out)
        return out


def test_marker_candidates_look_at_a_window_not_the_rest_of_the_text() -> None:
    # "het lid De Korte 3 wordt": each spaced number is judged; slicing the rest of the text per
    # candidate (as before) reads the text once per candidate: quadratic.
    text = "Het lid De Korte 3 wordt gehoord en het lid Jansen 2 vraagt om 4 jaar uitstel. " * 2000
    _CountingStr.sliced = 0
    found = find_marker_candidates(_CountingStr(text), {2, 3, 4})
    assert found, "the spaced markers are candidates"
    assert _CountingStr.sliced <= 10 * len(text), f"{_CountingStr.sliced} characters sliced of {len(text)}"


class _CountingList(list):  # type: ignore[type-arg]
    """A list whose slices are counting lists too, adding up how many items slicing copies."""

    copied = 0

    def __getitem__(self, key):  # type: ignore[no-untyped-def]
        out = list.__getitem__(self, key)
        if isinstance(key, slice):
            _CountingList.copied += len(out)
            return _CountingList(out)
        return out


def test_line_classification_never_copies_the_rest_of_the_letter_per_line() -> None:
    # Slicing "the rest of the lines" at every blank line, note line or candidate note is C-level
    # work that call counts miss: the lines are a list that counts the items its slices copy.
    text = normalise_text(large_letter(200_000))
    lines = _CountingList(split_lines(text))
    _CountingList.copied = 0
    build_letter(lines, Source("<text>", "0", "text"), ())
    assert _CountingList.copied <= 20 * len(lines), f"{_CountingList.copied} items copied for {len(lines)} lines"


class _CountingSection(Section):
    """A section that counts how often its level is read."""

    reads = 0

    def __getattribute__(self, name: str):  # type: ignore[no-untyped-def]
        if name == "level":
            _CountingSection.reads += 1
        return super().__getattribute__(name)


def test_section_levels_look_back_through_a_stack_not_every_section() -> None:
    # Finding each section's parent by searching back through all earlier sections was quadratic
    # in the number of sections (3,000 sections in a 2 MB letter); invisible to call counts, as
    # the search ran inside one generator step, so levels are read and counted here.
    n = 4000
    para = (Paragraph((Sentence("s", "Tekst."),)),)
    sections = [_CountingSection(k + 1, f"Kop {k + 1}", para) for k in range(n)]
    _CountingSection.reads = 0
    placed = assign_levels(sections)
    assert [(s.level, s.parent) for s in placed[:2]] == [(1, None), (1, None)]
    assert _CountingSection.reads <= 10 * n, f"{_CountingSection.reads} level reads for {n} sections"


def _merge_reference(motions: list[tuple[Motion, int | None]]) -> list[Motion]:
    """The merge as first written (every motion compared with every other): the semantics."""
    merged: list[tuple[Motion, int | None]] = []
    for m, group in motions:
        k = next((k for k, (old, g) in enumerate(merged)
                  if (group is None or g != group) and references._same_motion(m, old)), None)
        if k is None:
            merged.append((m, group))
            continue
        old, g = merged[k]
        merged[k] = (Motion(old.member, old.dossier or m.dossier, old.number or m.number, old.date or m.date,
                            old.where), g)
    return [m for m, _ in merged]


def _random_motions(rng: random.Random, n: int) -> list[tuple[Motion, int | None]]:
    out: list[tuple[Motion, int | None]] = []
    while len(out) < n:
        member = rng.choice([None, "Jansen", "jansen", "De Korte", "Bontenbal/Grinwis"])
        count = rng.choice([1, 1, 1, 2, 3])  # "twee moties van het lid ...": one group
        group = len(out) if count > 1 else None
        for _ in range(count):
            kind = rng.random()
            dossier = rng.choice(["36 410", "21 501-02", "29 544"]) if kind < 0.8 else None
            number = rng.choice(["1", "2", "3", "12"]) if dossier and kind < 0.6 else None
            out.append((Motion(member, dossier, number, rng.choice([None, "2025-03-03"]), f"s1.{len(out)}"), group))
    return out


def test_merging_motions_keeps_its_meaning_and_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(14)
    for _ in range(500):
        motions = _random_motions(rng, rng.randint(0, 30))
        assert references.merge_motions(motions) == _merge_reference(motions)
    count = 0
    same = references._same_motion

    def counting(a: Motion, b: Motion) -> bool:
        nonlocal count
        count += 1
        return same(a, b)

    monkeypatch.setattr(references, "_same_motion", counting)
    many: list[tuple[Motion, int | None]] = [(Motion("Jansen", "36 410", str(k), None, f"s1.{k}"), None)
                                             for k in range(5000)]
    assert len(references.merge_motions(many)) == 5000
    assert count <= 5 * len(many), f"{count} comparisons for {len(many)} motions"


@pytest.mark.parametrize("digit", ["\u0661", "\u06f1", "\uff11", "\U0001d7cf"])  # Arabic-Indic, Persian, full-width, bold
@pytest.mark.parametrize(
    "body",
    ["Het kabinet heeft besloten.1 De uitvoering volgt.\n\n{d} Kamerstuk 36 410, nr. 5.",
     "Het kabinet heeft besloten.1 De uitvoering volgt.\n\n{d}\nKamerstuk 36 410, nr. 5.",
     "Het kabinet heeft besloten.{d} De uitvoering volgt.\n\n1 Kamerstuk 36 410, nr. 5."],
)
def test_digits_of_other_scripts_are_text_not_note_numbers(digit: str, body: str) -> None:
    text = HEAD + body.format(d=digit) + TAIL
    letter = parse_text(text)
    assert check_nothing_lost(text, letter).ok, check_nothing_lost(text, letter).summary()
    held = json.dumps(letter.to_dict(), ensure_ascii=False)
    assert digit in held, "the digit is kept as printed"


@pytest.mark.parametrize(
    "body",
    ["Het kabinet heeft besloten.1 De uitvoering volgt.\n\n01 Kamerstuk 36 410, nr. 5.",
     "Het kabinet heeft besloten.01 De uitvoering volgt.\n\n01 Kamerstuk 36 410, nr. 5."],
)
def test_zero_padded_note_numbers_keep_their_printed_form(body: str) -> None:
    text = HEAD + body + TAIL
    letter = parse_text(text)
    assert check_nothing_lost(text, letter).ok, check_nothing_lost(text, letter).summary()
    notes = [(f.number, f.label, f.text) for f in letter.footnotes]
    assert notes in ([(1, "01", "Kamerstuk 36 410, nr. 5.")], [])
    again = Letter.from_dict(json.loads(json.dumps(letter.to_dict())))
    assert again.footnotes == letter.footnotes


def test_a_note_printed_as_its_number_has_no_label_in_json() -> None:
    letter = parse_text(HEAD + "Het kabinet heeft besloten.1 De uitvoering volgt.\n\n1 Kamerstuk 36 410, nr. 5." + TAIL)
    assert letter.to_dict()["footnotes"] == [{"number": 1, "text": "Kamerstuk 36 410, nr. 5."}]


@pytest.mark.parametrize("bad", ["\udc80", "\ud800", "\udfff\ud800"])
def test_parse_text_with_lone_surrogates_replaces_them(bad: str) -> None:
    text = HEAD + f"Dit is een brief {bad} met een vreemd teken." + TAIL
    letter = parse_text(text)  # hashing the text once crashed here
    sentences = [s.text for sec in letter.sections for s in sec.sentences]
    assert sentences == [f"Dit is een brief {chr(0xFFFD) * len(bad)} met een vreemd teken."]
    json.dumps(letter.to_dict(), ensure_ascii=False).encode("utf-8")
    assert check_nothing_lost(text, letter).ok
