"""The data model of a parsed Kamerbrief: plain frozen dataclasses that round-trip through JSON.

A `Letter` accounts for every word of its input: each one sits in exactly one place, be it the
letterhead, the closing, a heading, a sentence (or its footnote markers), a footnote, page
furniture (running headers, footers, sidebars) or `unassigned`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from .serde import JsonModel, encode


@dataclass(frozen=True)
class Source(JsonModel):
    """Where a letter came from: path (or "-" for stdin), content hash and format."""

    path: str
    sha256: str
    format: str  # "text" or "pdf"


@dataclass(frozen=True)
class Sentence(JsonModel):
    """One sentence of the body, with a stable id such as ``s3.7`` (section 3, sentence 7)."""

    id: str
    text: str
    footnote_refs: tuple[int, ...] = ()


@dataclass(frozen=True)
class Paragraph(JsonModel):
    """Sentences that belong together. ``kind`` is "text", "table" (rows kept as text, left out
    of briefs), "list" (items; ``lead_in`` is the id of the sentence that introduces them) or
    "box" (a framed paragraph; its first sentence is the box's title)."""

    JSON_KEYS: ClassVar[tuple[str, ...]] = ("kind", "lead_in", "sentences")

    sentences: tuple[Sentence, ...]
    kind: str = "text"
    lead_in: str | None = None


@dataclass(frozen=True)
class Section(JsonModel):
    """A section: ``heading`` is None for the opening text before the first heading.

    ``kind`` is "body" for the letter itself and "annex" for text that follows the signature.
    """

    JSON_KEYS: ClassVar[tuple[str, ...]] = ("index", "heading", "kind", "level", "parent", "paragraphs")

    index: int
    heading: str | None
    paragraphs: tuple[Paragraph, ...]
    kind: str = "body"
    level: int = 1  # 1 for a top heading (and the opening text), 2 for "1.1" or a sub-heading, ...
    parent: int | None = None  # the index of the enclosing section, None at the top

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for p in self.paragraphs for s in p.sentences)

    @property
    def heading_id(self) -> str:
        return f"h{self.index}"


@dataclass(frozen=True)
class Footnote(JsonModel):
    JSON_OMIT_NONE: ClassVar[tuple[str, ...]] = ("label",)  # in the JSON only where it is set

    number: int
    text: str
    label: str | None = None  # the number as printed where it differs from ``number`` ("01")

    @property
    def id(self) -> str:
        return f"f{self.number}"


@dataclass(frozen=True)
class Citation(JsonModel):
    """A parliamentary paper, normalised as ``Kamerstukken 2023/2024, 32 317, nr. 872``; for the
    proceedings the dossier is the series ("Handelingen", "Aanhangsel Handelingen") and the text
    the whole citation (``Handelingen II 2022/2023, nr. 45, item 12``)."""

    text: str
    session: str | None
    dossier: str
    number: str | None
    where: str  # id of the sentence, heading or footnote that cites it


@dataclass(frozen=True)
class Motion(JsonModel):
    """A motion (motie) the letter answers or mentions."""

    member: str | None
    dossier: str | None
    number: str | None
    date: str | None
    where: str


@dataclass(frozen=True)
class Commitment(JsonModel):
    """A commitment (toezegging) the letter mentions."""

    text: str
    where: str


@dataclass(frozen=True)
class Kamerstuk(JsonModel):
    """The letter's own parliamentary paper, as printed above it in the official edition:
    ``Kamerstukken II 2024/25, 36 410, nr. 12`` with the dossier title."""

    chamber: str | None  # "II" (Tweede Kamer) or "I" (Eerste Kamer)
    session: str | None  # "2024/25" where printed
    dossiers: tuple[str, ...]  # "36 410", also two for one letter
    number: str | None  # "12", or a letter number for Eerste Kamer papers ("A")
    title: str | None  # the dossier title ("Kabinetsformatie 2025")


@dataclass(frozen=True)
class Letter(JsonModel):
    """A parsed letter. See the module docstring for the accounting invariant.

    ``to_dict`` gives the JSON documented in the README (``nlbrief parse --format json``);
    ``from_dict`` reads it back and raises `SchemaError` (an `InputError`) for any other shape.
    """

    source: Source
    addressee: str | None = None
    place: str | None = None
    date: str | None = None  # ISO 8601
    sender_role: tuple[str, ...] = ()
    signatory: tuple[str, ...] = ()
    subject: str | None = None
    reference: str | None = None
    kamerstuk: Kamerstuk | None = None  # the letter's own paper (metadata, never a citation)
    sections: tuple[Section, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    citations: tuple[Citation, ...] = ()
    motions: tuple[Motion, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    letterhead: tuple[str, ...] = ()  # raw lines the metadata was read from
    salutation: str | None = None
    closing: tuple[str, ...] = ()  # raw closing lines: greeting, role(s), name(s)
    furniture: tuple[str, ...] = ()  # running headers, footers, sidebars, page numbers
    unassigned: tuple[str, ...] = ()  # text the parser could not place: shown, never dropped

    def iter_sentences(self) -> Iterator[Sentence]:
        for section in self.sections:
            yield from section.sentences

    def sentence_index(self) -> dict[str, Sentence]:
        return {s.id: s for s in self.iter_sentences()}

    def section(self, index: int) -> Section:
        for section in self.sections:
            if section.index == index:
                return section
        raise KeyError(index)

    def metadata(self) -> dict[str, Any]:
        """The letter's metadata, as shown at the top of every output."""
        return {key: encode(getattr(self, key)) for key in METADATA_KEYS}


#: The keys of `Letter.metadata`, in the order of the JSON.
METADATA_KEYS = ("source", "addressee", "place", "date", "sender_role", "signatory", "subject",
                 "reference", "kamerstuk")


@dataclass(frozen=True)
class RawDocument:
    """What the read stage gives: the text, and where it came from.

    Pages are separated by form feeds (the PDF reader puts one between pages, pdftotext does too);
    ``furniture`` holds what a layout-aware reader already recognised as page furniture;
    ``warnings`` what the reader found doubtful (one line each, shown to the user).
    """

    text: str
    source: Source
    furniture: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def pages(self) -> tuple[str, ...]:
        return tuple(self.text.split("\f"))
