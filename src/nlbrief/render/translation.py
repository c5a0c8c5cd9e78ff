"""Render a `Translation`: Markdown (the English letter), JSON, HTML (Dutch and English side by side)."""

from __future__ import annotations

import html
from typing import Any

from ..model.translation import Translation
from . import FORMATS


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
    return "\n".join(out)


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


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:78rem;
padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;width:100%}td,th{vertical-align:top;padding:.35rem .6rem;
border-bottom:1px solid #e3e3e3;width:50%}th{text-align:left;background:#f4f4f4}
td.nl{color:#444}.id{color:#999;font-size:.75rem;margin-right:.35rem;font-family:monospace}
.flag{font-size:.75rem;color:#a15c00;margin-left:.3rem}dl.meta dt{font-weight:600;float:left;
clear:left;width:10rem}dl.meta dd{margin-left:10.5rem}footer{margin-top:2rem;color:#666;font-size:.85rem}
"""


def _cell(seg_id: str, text: str, flags: list[str]) -> str:
    flag = "".join(f'<span class="flag">{html.escape(f)}</span>' for f in flags)
    return f'<span class="id">{html.escape(seg_id)}</span>{html.escape(text)}{flag}'


def to_html(translation: Translation) -> str:
    """One self-contained page (inline CSS, no scripts, no external resources): Dutch | English."""
    c = translation.coverage
    flags: dict[str, list[str]] = {}
    for i in c.split:
        flags.setdefault(i, []).append("split")
    for i in c.guarded:
        flags.setdefault(i, []).append("guarded")
    for p in c.number_problems:
        flags.setdefault(p["id"], []).append("missing: " + ", ".join(p["missing"]))
    esc = html.escape
    title = _title(translation.letter)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        '<dl class="meta">',
    ]
    for label, value in _meta_lines(translation.letter):
        parts.append(f"<dt>{esc(label)}</dt><dd>{esc(value)}</dd>")
    parts.append("</dl>")
    for sec in translation.sections:
        if sec.heading is not None:
            parts.append(f'<h2 id="h{sec.index}">{esc(sec.heading)} <small lang="nl">({esc(sec.heading_source or "")})</small></h2>')
        parts.append('<table><thead><tr><th lang="nl">Nederlands</th><th>English</th></tr></thead><tbody>')
        for para in sec.paragraphs:
            for s in para.sentences:
                parts.append(
                    f'<tr id="{esc(s.id)}"><td class="nl" lang="nl">{_cell(s.id, s.source, [])}</td>'
                    f"<td>{_cell(s.id, s.text, flags.get(s.id, []))}</td></tr>"
                )
        parts.append("</tbody></table>")
    if translation.footnotes:
        parts.append('<h2>Footnotes</h2><table><tbody>')
        for fn in translation.footnotes:
            fid = f"f{fn.number}"
            parts.append(
                f'<tr id="{fid}"><td class="nl" lang="nl">{_cell(fid, fn.source, [])}</td>'
                f"<td>{_cell(fid, fn.text, flags.get(fid, []))}</td></tr>"
            )
        parts.append("</tbody></table>")
    parts.append(f"<footer>{esc(_coverage_line(translation))}</footer></body></html>")
    return "\n".join(parts) + "\n"
