"""The data model of a parsed Kamerbrief: plain frozen dataclasses that round-trip through JSON.

A `Letter` accounts for every word of its input: each one sits in exactly one place, be it the
letterhead, the closing, a heading, a sentence (or its footnote markers), a footnote, page
furniture (running headers, footers, sidebars) or `unassigned`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Source:
    """Where a letter came from: path (or "-" for stdin), content hash and format."""

    path: str
    sha256: str
    format: str  # "text" or "pdf"


@dataclass(frozen=True)
class Sentence:
    """One sentence of the body, with a stable id such as ``s3.7`` (section 3, sentence 7)."""

    id: str
    text: str
    footnote_refs: tuple[int, ...] = ()


@dataclass(frozen=True)
class Paragraph:
    """Sentences that belong together. ``kind`` is "text", "table" (rows kept as text, left out
    of briefs) or "list" (items; ``lead_in`` is the id of the sentence that introduces them)."""

    sentences: tuple[Sentence, ...]
    kind: str = "text"
    lead_in: str | None = None


@dataclass(frozen=True)
class Section:
    """A section: ``heading`` is None for the opening text before the first heading.

    ``kind`` is "body" for the letter itself and "annex" for text that follows the signature.
    """

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
class Footnote:
    number: int
    text: str

    @property
    def id(self) -> str:
        return f"f{self.number}"


@dataclass(frozen=True)
class Citation:
    """A parliamentary paper, normalised as ``Kamerstukken 2023/2024, 32 317, nr. 872``."""

    text: str
    session: str | None
    dossier: str
    number: str | None
    where: str  # id of the sentence, heading or footnote that cites it


@dataclass(frozen=True)
class Motion:
    """A motion (motie) the letter answers or mentions."""

    member: str | None
    dossier: str | None
    number: str | None
    date: str | None
    where: str


@dataclass(frozen=True)
class Commitment:
    """A commitment (toezegging) the letter mentions."""

    text: str
    where: str


@dataclass(frozen=True)
class Kamerstuk:
    """The letter's own parliamentary paper, as printed above it in the official edition:
    ``Kamerstukken II 2024/25, 36 410, nr. 12`` with the dossier title."""

    chamber: str | None  # "II" (Tweede Kamer) or "I" (Eerste Kamer)
    session: str | None  # "2024/25" where printed
    dossiers: tuple[str, ...]  # "36 410", also two for one letter
    number: str | None  # "12", or a letter number for Eerste Kamer papers ("A")
    title: str | None  # the dossier title ("Kabinetsformatie 2025")


@dataclass(frozen=True)
class Letter:
    """A parsed letter. See the module docstring for the accounting invariant."""

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
        return {
            "source": asdict(self.source),
            "addressee": self.addressee,
            "place": self.place,
            "date": self.date,
            "sender_role": list(self.sender_role),
            "signatory": list(self.signatory),
            "subject": self.subject,
            "reference": self.reference,
            "kamerstuk": asdict(self.kamerstuk) if self.kamerstuk else None,
        }

    def to_dict(self) -> dict[str, Any]:
        """The JSON form documented in the README (``nlbrief parse --format json``)."""
        data = self.metadata()
        data["sections"] = [
            {
                "index": sec.index,
                "heading": sec.heading,
                "kind": sec.kind,
                "level": sec.level,
                "parent": sec.parent,
                "paragraphs": [
                    {
                        "kind": para.kind,
                        "lead_in": para.lead_in,
                        "sentences": [
                            {"id": s.id, "text": s.text, "footnote_refs": list(s.footnote_refs)}
                            for s in para.sentences
                        ],
                    }
                    for para in sec.paragraphs
                ],
            }
            for sec in self.sections
        ]
        data["footnotes"] = [asdict(f) for f in self.footnotes]
        data["citations"] = [asdict(c) for c in self.citations]
        data["motions"] = [asdict(m) for m in self.motions]
        data["commitments"] = [asdict(c) for c in self.commitments]
        data["letterhead"] = list(self.letterhead)
        data["salutation"] = self.salutation
        data["closing"] = list(self.closing)
        data["furniture"] = list(self.furniture)
        data["unassigned"] = list(self.unassigned)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Letter:
        """Inverse of `to_dict`."""
        sections = tuple(
            Section(
                index=sec["index"],
                heading=sec["heading"],
                kind=sec.get("kind", "body"),
                level=sec.get("level", 1),
                parent=sec.get("parent"),
                paragraphs=tuple(
                    Paragraph(
                        tuple(
                            Sentence(s["id"], s["text"], tuple(s.get("footnote_refs", ())))
                            for s in para["sentences"]
                        ),
                        kind=para.get("kind", "text"),
                        lead_in=para.get("lead_in"),
                    )
                    for para in sec["paragraphs"]
                ),
            )
            for sec in data.get("sections", ())
        )
        return cls(
            source=Source(**data["source"]),
            addressee=data.get("addressee"),
            place=data.get("place"),
            date=data.get("date"),
            sender_role=tuple(data.get("sender_role", ())),
            signatory=tuple(data.get("signatory", ())),
            subject=data.get("subject"),
            reference=data.get("reference"),
            kamerstuk=_kamerstuk(data.get("kamerstuk")),
            sections=sections,
            footnotes=tuple(Footnote(**f) for f in data.get("footnotes", ())),
            citations=tuple(Citation(**c) for c in data.get("citations", ())),
            motions=tuple(Motion(**m) for m in data.get("motions", ())),
            commitments=tuple(Commitment(**c) for c in data.get("commitments", ())),
            letterhead=tuple(data.get("letterhead", ())),
            salutation=data.get("salutation"),
            closing=tuple(data.get("closing", ())),
            furniture=tuple(data.get("furniture", ())),
            unassigned=tuple(data.get("unassigned", ())),
        )


def _kamerstuk(data: dict[str, Any] | None) -> Kamerstuk | None:
    if not data:
        return None
    return Kamerstuk(**{**data, "dossiers": tuple(data.get("dossiers", ()))})


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
