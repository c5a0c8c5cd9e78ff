"""Render a `Translation`: Markdown (the English letter), JSON, HTML (Dutch and English side by side)."""

from __future__ import annotations

from typing import Any

from ..model.translation import Translation
from . import FORMATS, escape_markdown_html, render_html


def render_translation(translation: Translation, fmt: str = "md") -> str:
    """The translation in ``fmt`` ("md", "json" or "html")."""
    if fmt == "json":
        return translation.to_json() + "\n"
    if fmt == "html":
        return to_html(translation)
    if fmt == "md":
        return to_markdown(translation)
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


def _meta_lines(letter: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    if letter.get("date"):
        rows.append(("Date", str(letter["date"])))
    if letter.get("sender_role"):
        rows.append(("From", "; ".join(letter["sender_role"])))
    if letter.get("addressee"):
        rows.append(("To", str(letter["addressee"])))
    if letter.get("subject"):
        rows.append(("Subject (Dutch)", str(letter["subject"])))
    if letter.get("reference"):
        rows.append(("Reference", str(letter["reference"])))
    return rows


def _title(letter: dict[str, Any]) -> str:
    return str(letter.get("subject_translation") or letter.get("subject") or "Letter to parliament")


def to_markdown(translation: Translation) -> str:
    """The English letter as Markdown: title, metadata, sections, footnotes, coverage line."""
    out = [f"# {_title(translation.letter)}", ""]
    for label, value in _meta_lines(translation.letter):
        out.append(f"- **{label}:** {value}")
    out.append("")
    for sec in translation.sections:
        if sec.heading is not None:
            out += [f"## {sec.heading}", ""]
        for para in sec.paragraphs:
            text = " ".join(s.text for s in para.sentences if s.text)
            if text:
                out += [text, ""]
    if translation.footnotes:
        out += ["## Footnotes", ""]
        out += [f"{fn.number}. {fn.text}" for fn in translation.footnotes]
        out.append("")
    out += ["---", "", _coverage_line(translation), ""]
    return escape_markdown_html("\n".join(out))


def _coverage_line(translation: Translation) -> str:
    c = translation.coverage
    sig = translation.signature
    model = sig.get("model", "?")
    if sig.get("revision"):
        model += f"@{str(sig['revision'])[:10]}"
    return (
        f"Machine translation by nlbrief {sig.get('nlbrief', '')} ({sig.get('backend', '?')}, {model}): "
        f"{c.translated}/{c.segments} segments, {len(c.split)} split, {len(c.guarded)} guarded, "
        f"{len(c.cached)} from the translation memory, {len(c.number_problems)} with missing numbers."
    )


def to_html(translation: Translation) -> str:
    """One self-contained page (inline CSS, no scripts, no external resources): Dutch | English.

    Rendered from ``templates/translation.html.j2`` with autoescaping: every field is escaped."""
    c = translation.coverage
    flags: dict[str, list[str]] = {}
    for i in c.split:
        flags.setdefault(i, []).append("split")
    for i in c.guarded:
        flags.setdefault(i, []).append("guarded")
    for p in c.number_problems:
        flags.setdefault(str(p.get("id")), []).append("missing: " + ", ".join(map(str, p.get("missing", ()))))
    return render_html(
        "translation.html.j2", title=_title(translation.letter), meta=_meta_lines(translation.letter),
        sections=translation.sections, footnotes=translation.footnotes, flags=flags,
        coverage_line=_coverage_line(translation),
    )
