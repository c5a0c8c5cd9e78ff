"""The parse stage's composition: classify the lines zone by zone, then build the `Letter`."""

from __future__ import annotations

from ..model.letter import Letter, Source
from .blocks import body_blocks
from .closing import mark_closing
from .footnotes import FootnoteFinder, footnotes_of
from .furniture import mark_furniture, mark_letterhead
from .kamerstuk import find_kamerstuk
from .lines import CLOSING, FURNITURE, LETTERHEAD, UNASSIGNED, Line, LineDoc
from .metadata import letterhead_metadata, title_subject
from .references import with_references
from .sections import build_sections


def build_letter(lines: list[Line], source: Source, reader_furniture: tuple[str, ...]) -> Letter:
    """Classify ``lines`` (furniture, letterhead, closing, footnotes, body) and build the
    `Letter`; ``reader_furniture`` are lines the read stage already set aside (PDF page chrome)."""
    doc = LineDoc(lines)
    mark_furniture(doc, reader_furniture)
    mark_letterhead(doc)
    mark_closing(doc)
    FootnoteFinder(doc).mark()
    main_blocks, annex_blocks = body_blocks(doc)
    footnotes = footnotes_of(doc)
    sections = build_sections(main_blocks, annex_blocks, [f.number for f in footnotes], doc.evidence)
    furniture = (*reader_furniture, *doc.texts(FURNITURE))
    meta = letterhead_metadata(doc.texts(LETTERHEAD), furniture)
    kamerstuk = find_kamerstuk(doc.texts(LETTERHEAD))
    subject = meta.get("subject") or (None if kamerstuk else title_subject(doc.texts(LETTERHEAD)))
    letter = Letter(
        source=source,
        addressee=meta.get("addressee"),
        place=meta.get("place"),
        date=meta.get("date"),
        sender_role=tuple(doc.roles),
        signatory=tuple(doc.names),
        subject=subject,
        reference=meta.get("reference"),
        kamerstuk=kamerstuk,
        sections=tuple(sections),
        footnotes=tuple(footnotes),
        letterhead=tuple(doc.texts(LETTERHEAD)),
        salutation=doc.salutation,
        closing=tuple(doc.texts(CLOSING)),
        furniture=furniture,
        unassigned=tuple(doc.texts(UNASSIGNED)),
    )
    return with_references(letter)
