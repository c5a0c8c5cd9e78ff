"""The data model of a translation: one target segment per source segment, with coverage.

Segments are the section headings (id ``h<index>``), the body sentences (``s3.7``) and the
footnotes (``f1``); `Coverage` counts what was translated, split, guarded or cached, and which
segments lost a number or a glossary term.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class TranslatedSentence:
    id: str
    source: str
    text: str


@dataclass(frozen=True)
class TranslatedParagraph:
    sentences: tuple[TranslatedSentence, ...]


@dataclass(frozen=True)
class TranslatedSection:
    index: int
    heading: str | None
    heading_source: str | None
    paragraphs: tuple[TranslatedParagraph, ...]


@dataclass(frozen=True)
class TranslatedFootnote:
    number: int
    source: str
    text: str


@dataclass(frozen=True)
class Coverage:
    """How each segment was translated; ids are listed for every count but `translated`."""

    segments: int = 0  # subject + headings + sentences + footnotes
    sentences: int = 0
    headings: int = 0
    footnotes: int = 0
    translated: int = 0  # segments with a target text, or with an empty source (must equal `segments`)
    by_model: int = 0
    by_rule: int = 0
    split: tuple[str, ...] = ()
    guarded: tuple[str, ...] = ()
    cached: tuple[str, ...] = ()  # every piece came from the translation memory
    number_problems: tuple[dict[str, Any], ...] = ()  # {"id", "missing": [...]}
    term_problems: tuple[dict[str, Any], ...] = ()  # {"id", "problems": [...]}
    empty: tuple[str, ...] = ()  # a non-empty source with an empty target

    @property
    def complete(self) -> bool:
        return self.translated == self.segments and not self.empty

    def to_dict(self) -> dict[str, Any]:
        return {
            "segments": self.segments, "sentences": self.sentences, "headings": self.headings,
            "footnotes": self.footnotes, "translated": self.translated, "by_model": self.by_model,
            "by_rule": self.by_rule, "split": len(self.split), "guarded": len(self.guarded),
            "cached": len(self.cached), "number_problems": len(self.number_problems),
            "complete": self.complete,
            "ids": {"split": list(self.split), "guarded": list(self.guarded), "cached": list(self.cached),
                    "empty": list(self.empty)},
            "problems": {"numbers": [dict(p) for p in self.number_problems],
                         "terms": [dict(p) for p in self.term_problems]},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Coverage:
        ids = data.get("ids", {})
        problems = data.get("problems", {})
        return cls(
            segments=data["segments"], sentences=data["sentences"], headings=data["headings"],
            footnotes=data["footnotes"], translated=data["translated"], by_model=data.get("by_model", 0),
            by_rule=data.get("by_rule", 0), split=tuple(ids.get("split", ())),
            guarded=tuple(ids.get("guarded", ())), cached=tuple(ids.get("cached", ())),
            number_problems=tuple(problems.get("numbers", ())), term_problems=tuple(problems.get("terms", ())),
            empty=tuple(ids.get("empty", ())),
        )


@dataclass(frozen=True)
class Translation:
    """A translated letter: metadata, sections, footnotes, coverage and signature (JSON round-trip)."""

    letter: dict[str, Any]
    sections: tuple[TranslatedSection, ...]
    footnotes: tuple[TranslatedFootnote, ...]
    coverage: Coverage
    signature: dict[str, Any] = field(default_factory=dict)
    nothing_lost: bool | None = None  # the source letter's nothing-lost check (None: not checked)

    def segments(self) -> dict[str, TranslatedSentence]:
        """Every segment by id (headings as ``h<index>``, footnotes as ``f<number>``)."""
        out: dict[str, TranslatedSentence] = {}
        for sec in self.sections:
            if sec.heading_source is not None:
                out[f"h{sec.index}"] = TranslatedSentence(f"h{sec.index}", sec.heading_source, sec.heading or "")
            for para in sec.paragraphs:
                for s in para.sentences:
                    out[s.id] = s
        for fn in self.footnotes:
            out[f"f{fn.number}"] = TranslatedSentence(f"f{fn.number}", fn.source, fn.text)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "letter": self.letter,
            "sections": [
                {
                    "index": sec.index,
                    "heading": sec.heading,
                    "heading_source": sec.heading_source,
                    "paragraphs": [
                        {"sentences": [{"id": s.id, "source": s.source, "text": s.text} for s in p.sentences]}
                        for p in sec.paragraphs
                    ],
                }
                for sec in self.sections
            ],
            "footnotes": [{"number": f.number, "source": f.source, "text": f.text} for f in self.footnotes],
            "coverage": self.coverage.to_dict(),
            "signature": self.signature,
            "nothing_lost": self.nothing_lost,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Translation:
        return cls(
            letter=data["letter"],
            sections=tuple(
                TranslatedSection(
                    index=sec["index"], heading=sec["heading"], heading_source=sec["heading_source"],
                    paragraphs=tuple(
                        TranslatedParagraph(tuple(TranslatedSentence(s["id"], s["source"], s["text"])
                                                  for s in p["sentences"]))
                        for p in sec["paragraphs"]
                    ),
                )
                for sec in data["sections"]
            ),
            footnotes=tuple(TranslatedFootnote(f["number"], f["source"], f["text"]) for f in data["footnotes"]),
            coverage=Coverage.from_dict(data["coverage"]),
            signature=data.get("signature", {}),
            nothing_lost=data.get("nothing_lost"),
        )

    @classmethod
    def from_json(cls, text: str) -> Translation:
        return cls.from_dict(json.loads(text))
