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
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Flag:
    """An item of a brief sentence that its sources do not support."""

    kind: str  # "number", "date", "citation" or "entity"
    value: str  # as written in the brief sentence
    sentence: int  # index of the brief sentence (before any --strict replacement)
    action: str = "flagged"  # or "replaced"


@dataclass(frozen=True)
class BriefSentence:
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class SelectedSentence:
    """A selected source sentence, in the brief's language."""

    id: str
    text: str


@dataclass(frozen=True)
class SectionBrief:
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "kind": self.kind,
            "heading": self.heading,
            "heading_source": self.heading_source,
            "text": self.text,
            "sentences": [{"text": s.text, "sources": list(s.sources)} for s in self.sentences],
            "flags": [asdict(f) for f in self.flags],
            "selected": [asdict(s) for s in self.selected],
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SectionBrief:
        return cls(
            index=data["index"],
            kind=data.get("kind", "body"),
            heading=data.get("heading"),
            heading_source=data.get("heading_source"),
            sentences=tuple(BriefSentence(s["text"], tuple(s["sources"])) for s in data.get("sentences", ())),
            flags=tuple(Flag(**f) for f in data.get("flags", ())),
            selected=tuple(SelectedSentence(**s) for s in data.get("selected", ())),
            notes=tuple(data.get("notes", ())),
        )


@dataclass(frozen=True)
class Brief:
    """The brief of one letter (see the module docstring for the JSON form)."""

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

    def to_dict(self) -> dict[str, Any]:
        return {
            "letter": self.letter,
            "lang": self.lang,
            "overview": self.overview,
            "overview_sentences": [{"text": s.text, "sources": list(s.sources)} for s in self.overview_sentences],
            "overview_flags": [asdict(f) for f in self.overview_flags],
            "sections": [s.to_dict() for s in self.sections],
            "citations": [dict(c) for c in self.citations],
            "motions": [dict(m) for m in self.motions],
            "signature": self.signature,
            "nothing_lost": self.nothing_lost,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Brief:
        return cls(
            letter=data["letter"],
            lang=data["lang"],
            sections=tuple(SectionBrief.from_dict(s) for s in data.get("sections", ())),
            overview_sentences=tuple(
                BriefSentence(s["text"], tuple(s["sources"])) for s in data.get("overview_sentences", ())
            ),
            overview_flags=tuple(Flag(**f) for f in data.get("overview_flags", ())),
            citations=tuple(data.get("citations", ())),
            motions=tuple(data.get("motions", ())),
            signature=data.get("signature", {}),
            nothing_lost=data.get("nothing_lost"),
        )

    @classmethod
    def from_json(cls, text: str) -> Brief:
        return cls.from_dict(json.loads(text))
