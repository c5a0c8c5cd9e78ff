"""Render a parsed `Letter`: JSON (the documented format) and clean Markdown."""

from __future__ import annotations

import json
from typing import Any

from ..model.letter import Letter
from . import escape_markdown_html


def letter_to_json(letter: Letter, *, extra: dict[str, Any] | None = None) -> str:
    """The JSON of `nlbrief parse --format json` (see README, "The Letter JSON")."""
    data = letter.to_dict()
    if extra:
        data.update(extra)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def letter_to_markdown(letter: Letter) -> str:
    """The letter as clean Markdown: metadata, headings, paragraphs with footnote marks, notes."""
    out: list[str] = []
    title = letter.subject or "Kamerbrief"
    out.append(f"# {title}\n")
    meta = [
        ("To", letter.addressee),
        ("Place", letter.place),
        ("Date", letter.date),
        ("Reference", letter.reference),
        ("From", "; ".join(letter.sender_role) or None),
        ("Signed", "; ".join(letter.signatory) or None),
    ]
    for label, value in meta:
        if value:
            out.append(f"- **{label}:** {value}")
    out.append("")
    for section in letter.sections:
        if section.heading:
            prefix = "Annex: " if section.kind == "annex" and not section.heading.lower().startswith("bijlage") else ""
            out.append(f"## {prefix}{section.heading}\n")
        elif section.kind == "annex":
            out.append("## Annex\n")
        for para in section.paragraphs:
            parts = []
            for s in para.sentences:
                marks = "".join(f"[^{n}]" for n in s.footnote_refs)
                parts.append(f"{s.text}{marks}")
            out.append(" ".join(parts) + "\n")
    if letter.footnotes:
        for fn in letter.footnotes:
            out.append(f"[^{fn.number}]: {fn.text}")
        out.append("")
    if letter.citations:
        out.append("## Parliamentary papers cited\n")
        out.extend(f"- {c.text}" for c in letter.citations)
        out.append("")
    if letter.motions:
        out.append("## Motions\n")
        for m in letter.motions:
            bits = [f"motie {m.member}" if m.member else "motie"]
            if m.dossier:
                bits.append(f"{m.dossier}" + (f", nr. {m.number}" if m.number else ""))
            if m.date:
                bits.append(m.date)
            out.append(f"- {' — '.join(bits)} ({m.where})")
        out.append("")
    if letter.unassigned:
        out.append("## Text not placed by the parser\n")
        out.extend(f"- {t}" for t in letter.unassigned)
        out.append("")
    return escape_markdown_html("\n".join(out).rstrip() + "\n")
