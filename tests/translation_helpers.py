"""Shared builders for the translation tests: hand-made letters and a deterministic fake backend."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nlbrief.backends.base import SegmentResult, Translator
from nlbrief.model.letter import Footnote, Letter, Paragraph, Section, Sentence, Source

LONG = ("Het kabinet steunt het voorstel van de commissie, maar de minister onderzoekt eerst de gevolgen "
        "voor de begroting; daarna volgt een besluit, zodat de Tweede Kamer voor de zomer wordt "
        "geïnformeerd over de uitkomst en de verdere stappen die het kabinet daarbij wil zetten, "
        "terwijl de gemeenten en de provincies hun eigen plannen maken voor 2025 en 2026")


def make_letter(extra_sentences: tuple[str, ...] = ()) -> Letter:
    """A small letter with an opening, two numbered sections, a long sentence and footnotes."""
    return Letter(
        source=Source("brief.txt", "0" * 64, "text"),
        date="2024-05-16",
        subject="Internationaal migratiebeleid",
        sections=(
            Section(0, None, (Paragraph((
                Sentence("s0.1", "Hierbij informeer ik uw Kamer over de JBZ-Raad van 16 mei 2024."),
            )),)),
            Section(1, "1. Inleiding", (
                Paragraph((
                    Sentence("s1.1", "De Tweede Kamer nam de motie aan (Kamerstukken 2023/2024, 32 317, nr. 872).", (1,)),
                    Sentence("s1.2", "Het gaat om 2,5 miljoen euro en 1.234 aanvragen."),
                )),
                Paragraph((Sentence("s1.3", LONG + "."), *[
                    Sentence(f"s1.{4 + i}", text) for i, text in enumerate(extra_sentences)
                ])),
            )),
            Section(2, "2. Vervolg", (Paragraph((Sentence("s2.1", "De Staatssecretaris doet een toezegging."),)),)),
        ),
        footnotes=(
            Footnote(1, "Kamerstukken II 2023/24, 32 317, nr. 872."),
            Footnote(2, "Zie https://www.tweedekamer.nl/kamerstukken/moties."),
        ),
    )


class EchoTranslator(Translator):
    """A deterministic backend: the 'translation' is the input (optionally transformed).

    Tokens are words; ``limit`` is the input limit; ``calls`` records every batch it was given.
    """

    name = "echo"

    def __init__(self, limit: int = 1000, transform: Any = None, revision: str | None = None,
                 **options: Any) -> None:
        self.limit = limit
        self.transform = transform or (lambda s: s)
        self.revision = revision
        self.options = options
        self.calls: list[list[str]] = []

    @property
    def max_input_tokens(self) -> int | None:
        return self.limit

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 1  # + </s>

    def translate_segments(self, segments: Sequence[str]) -> list[SegmentResult]:
        self.calls.append(list(segments))
        for s in segments:
            assert self.count_tokens(s) <= self.limit, f"over the limit: {s!r}"
        return [SegmentResult(self.transform(s)) for s in segments]

    def describe(self) -> dict[str, Any]:
        return {"backend": "echo", "model": "echo", "revision": self.revision, "options": dict(self.options)}
