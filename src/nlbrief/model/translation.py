"""The data model of a translation: one target segment per source segment, with coverage.

Segments are the section headings (id ``h<index>``), the body sentences (``s3.7``) and the
footnotes (``f1``); `Coverage` counts what was translated, split, guarded or cached, and which
segments lost a number or a glossary term.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .serde import JsonModel, SchemaError, from_dict


@dataclass(frozen=True)
class TranslatedSentence(JsonModel):
    id: str
    source: str
    text: str


@dataclass(frozen=True)
class TranslatedParagraph(JsonModel):
    sentences: tuple[TranslatedSentence, ...]


@dataclass(frozen=True)
class TranslatedSection(JsonModel):
    index: int
    heading: str | None
    heading_source: str | None
    paragraphs: tuple[TranslatedParagraph, ...]


@dataclass(frozen=True)
class TranslatedFootnote(JsonModel):
    number: int
    source: str
    text: str


_COUNTS = ("segments", "sentences", "headings", "footnotes", "translated", "by_model", "by_rule")


@dataclass(frozen=True)
class Coverage(JsonModel):
    """How each segment was translated; ids are listed for every count but `translated`.

    Its JSON has its own layout (counts, then ``ids`` and ``problems``), written and read here.
    """

    CUSTOM_JSON: ClassVar[bool] = True

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
    def from_dict(cls, data: Any) -> Coverage:
        """Inverse of `to_dict`, validated like every model class (`SchemaError` otherwise)."""
        if not isinstance(data, dict):
            raise SchemaError(f"coverage must be a JSON object, not {type(data).__name__}.")
        ids, problems = data.get("ids", {}), data.get("problems", {})
        if not isinstance(ids, dict) or not isinstance(problems, dict):
            raise SchemaError("coverage.ids and coverage.problems must be JSON objects.")
        flat = {key: data[key] for key in _COUNTS if key in data}
        flat.update({key: ids[key] for key in ("split", "guarded", "cached", "empty") if key in ids})
        flat.update({name: problems[key] for key, name in (("numbers", "number_problems"),
                                                            ("terms", "term_problems")) if key in problems})
        return from_dict(cls, flat, "coverage")


@dataclass(frozen=True)
class Translation(JsonModel):
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

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_json(cls, text: str) -> Translation:
        return cls.from_dict(json.loads(text))
