"""Render a parsed `Letter`: JSON (the documented format) and clean Markdown."""

from __future__ import annotations

import json
from typing import Any

from ..model.letter import Letter, Motion, Section
from . import escape_markdown_html


def letter_to_json(letter: Letter, *, extra: dict[str, Any] | None = None) -> str:
    """The JSON of `nlbrief parse --format json` (see README, "The Letter JSON")."""
    data = letter.to_dict()
    if extra:
        data.update(extra)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def letter_to_markdown(letter: Letter) -> str:
    """The letter as clean Markdown: metadata, headings, paragraphs with footnote marks, notes.
    Raw HTML in the letter's text is escaped (`escape_markdown_html`)."""
    out: list[str] = [f"# {letter.subject or 'Kamerbrief'}\n"]
    meta = [
        ("To", letter.addressee),
        ("Place", letter.place),
        ("Date", letter.date),
        ("Reference", letter.reference),
        ("From", "; ".join(letter.sender_role) or None),
        ("Signed", "; ".join(letter.signatory) or None),
    ]
    out += [f"- **{label}:** {value}" for label, value in meta if value]
    out.append("")
    for section in letter.sections:
        out += _md_section(section)
    if letter.footnotes:
        out += [f"[^{fn.number}]: {fn.text}" for fn in letter.footnotes] + [""]
    out += _md_list("Parliamentary papers cited", [c.text for c in letter.citations])
    out += _md_list("Motions", [f"{_motion_text(m)} ({m.where})" for m in letter.motions])
    out += _md_list("Text not placed by the parser", list(letter.unassigned))
    return escape_markdown_html("\n".join(out).rstrip() + "\n")


def _md_section(section: Section) -> list[str]:
    out = []
    if section.heading:
        annex = section.kind == "annex" and not section.heading.lower().startswith("bijlage")
        out.append(f"## {'Annex: ' if annex else ''}{section.heading}\n")
    elif section.kind == "annex":
        out.append("## Annex\n")
    for para in section.paragraphs:
        out.append(" ".join(f"{s.text}{''.join(f'[^{n}]' for n in s.footnote_refs)}" for s in para.sentences) + "\n")
    return out


def _motion_text(m: Motion) -> str:
    bits = [f"motie {m.member}" if m.member else "motie"]
    if m.dossier:
        bits.append(f"{m.dossier}" + (f", nr. {m.number}" if m.number else ""))
    if m.date:
        bits.append(m.date)
    return " — ".join(bits)


def _md_list(title: str, items: list[str]) -> list[str]:
    return [f"## {title}\n", *(f"- {item}" for item in items), ""] if items else []
