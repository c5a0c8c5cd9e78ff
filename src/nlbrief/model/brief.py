"""The data model of a brief: plain frozen dataclasses that round-trip through JSON.

The JSON form (``nlbrief summarise --format json``) has the keys ``letter`` (metadata, as from
``parse``), ``lang``, ``overview``, ``overview_sentences``, ``overview_flags``, ``sections``
[{``index``, ``kind``, ``heading``, ``heading_source``, ``text``, ``sentences`` [{``text``,
``sources``}], ``flags`` [{``kind``, ``value``, ``sentence``, ``action``}], ``selected`` [{``id``,
``text``}], ``notes``}], ``citations``, ``motions`` and ``signature``.

``sources`` are sentence ids of the letter (``s3.7``); every brief sentence has at least one.
``selected`` holds the sentences the brief rests on, in the brief's language (their translations for
``lang`` "en"). A flag's ``sentence`` is the index of the brief sentence it concerns (in the
section's ``sentences``, or in ``overview_sentences``); ``action`` is "flagged" when the sentence
stayed, "replaced" when ``--strict`` put its source sentences in its place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .serde import JsonModel


@dataclass(frozen=True)
class Flag(JsonModel):
    """An item of a brief sentence that its sources do not support."""

    kind: str  # "number", "date", "citation" or "entity"
    value: str  # as written in the brief sentence
    sentence: int  # index of the brief sentence (before any --strict replacement)
    action: str = "flagged"  # or "replaced"


@dataclass(frozen=True)
class BriefSentence(JsonModel):
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class SelectedSentence(JsonModel):
    """A selected source sentence, in the brief's language."""

    id: str
    text: str


@dataclass(frozen=True)
class SectionBrief(JsonModel):
    JSON_KEYS: ClassVar[tuple[str, ...]] = ("index", "kind", "heading", "heading_source", "text", "sentences",
                                            "flags", "selected", "notes")

    index: int
    heading: str | None  # in the brief's language; None for the opening text
    heading_source: str | None  # as in the letter
    sentences: tuple[BriefSentence, ...]
    flags: tuple[Flag, ...] = ()
    selected: tuple[SelectedSentence, ...] = ()
    kind: str = "body"
    notes: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass(frozen=True)
class Brief(JsonModel):
    """The brief of one letter (see the module docstring for the JSON form)."""

    JSON_KEYS: ClassVar[tuple[str, ...]] = ("letter", "lang", "overview", "overview_sentences", "overview_flags",
                                            "sections", "citations", "motions", "signature", "nothing_lost")

    letter: dict[str, Any]
    lang: str
    sections: tuple[SectionBrief, ...]
    overview_sentences: tuple[BriefSentence, ...] = ()
    overview_flags: tuple[Flag, ...] = ()
    citations: tuple[dict[str, Any], ...] = ()
    motions: tuple[dict[str, Any], ...] = ()
    signature: dict[str, Any] = field(default_factory=dict)
    nothing_lost: bool | None = None  # the source letter's nothing-lost check (None: not checked)

    @property
    def overview(self) -> str:
        return " ".join(s.text for s in self.overview_sentences)

    def flags(self) -> list[Flag]:
        """Every flag of the brief: the overview's, then each section's."""
        return [*self.overview_flags, *(f for sec in self.sections for f in sec.flags)]

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Brief:
        return cls.from_dict(json.loads(text))
