"""Render a `Brief`: Markdown (default), JSON, or one self-contained HTML page.

Markdown puts each brief sentence's source ids after it in brackets and lists the flags of a
section below it. HTML shows each section's brief beside its source text; hovering, focusing or
clicking a brief sentence highlights the source sentences it rests on (a click keeps the highlight),
and the other way round. The page has its CSS and script inline, loads nothing, and every text it
shows is escaped.
"""

from __future__ import annotations

import html
import json
from typing import Any

from ..model.brief import Brief, BriefSentence, Flag, SectionBrief
from ..model.letter import Letter, Section
from . import FORMATS

_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Letter to parliament", "brief": "Brief", "date": "Date", "from": "From", "to": "To",
        "subject": "Subject (Dutch)", "reference": "Reference", "source": "Source", "overview": "Overview",
        "opening": "Opening", "dutch_heading": "Dutch heading", "flag": "Not supported by its sources",
        "replaced": "replaced by its source sentences (--strict)", "sentence": "sentence",
        "citations": "Parliamentary papers cited", "motions": "Motions", "member": "member",
        "empty": "(no sentences)", "source_text": "Source text (Dutch)", "footnotes": "Footnotes",
        "signature": "Signature", "contents": "Contents", "hint": "Hover over or click a sentence of a brief to see its sources.",
    },
    "nl": {
        "title": "Brief aan de Kamer", "brief": "Samenvatting", "date": "Datum", "from": "Van",
        "to": "Aan", "subject": "Onderwerp", "reference": "Kenmerk", "source": "Bron",
        "overview": "Overzicht", "opening": "Opening", "dutch_heading": "Kop",
        "flag": "Niet gedekt door de bronzinnen", "replaced": "vervangen door de bronzinnen (--strict)",
        "sentence": "zin", "citations": "Aangehaalde Kamerstukken", "motions": "Moties", "member": "lid",
        "empty": "(geen zinnen)", "source_text": "Brontekst", "footnotes": "Voetnoten",
        "signature": "Handtekening", "contents": "Inhoud", "hint": "Wijs een zin van de samenvatting aan of klik erop om de bronzinnen te zien.",
    },
}


def render_brief(brief: Brief, fmt: str = "md", letter: Letter | None = None) -> str:
    """The brief in ``fmt`` ("md", "json" or "html"); HTML shows the source text when ``letter``
    is given, else only the selected sentences."""
    if fmt == "json":
        return brief.to_json()
    if fmt == "md":
        return to_markdown(brief)
    if fmt == "html":
        return to_html(brief, letter)
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


def _labels(brief: Brief) -> dict[str, str]:
    return _LABELS.get(brief.lang, _LABELS["en"])


def _title(brief: Brief) -> str:
    letter = brief.letter
    return str(letter.get("subject_translation") or letter.get("subject") or _labels(brief)["title"])


def _meta_rows(brief: Brief) -> list[tuple[str, str]]:
    lab, letter = _labels(brief), brief.letter
    rows = []
    if letter.get("date"):
        rows.append((lab["date"], str(letter["date"])))
    if letter.get("sender_role") or letter.get("signatory"):
        who = "; ".join(letter.get("sender_role") or [])
        if letter.get("signatory"):
            who = f"{who} ({', '.join(letter['signatory'])})" if who else ", ".join(letter["signatory"])
        rows.append((lab["from"], who))
    if letter.get("addressee"):
        rows.append((lab["to"], str(letter["addressee"])))
    if letter.get("subject") and letter.get("subject_translation"):
        rows.append((lab["subject"], str(letter["subject"])))
    if letter.get("reference"):
        rows.append((lab["reference"], str(letter["reference"])))
    source = letter.get("source") or {}
    if source.get("path"):
        rows.append((lab["source"], f"{source['path']} (sha256 {str(source.get('sha256', ''))[:12]})"))
    return rows


def _section_title(sec: SectionBrief, lab: dict[str, str]) -> str:
    return sec.heading or sec.heading_source or lab["opening"]


def _flag_text(flag: Flag, lab: dict[str, str]) -> str:
    text = f"{flag.kind} “{flag.value}” ({lab['sentence']} {flag.sentence + 1})"
    return f"{text}: {lab['replaced']}" if flag.action == "replaced" else text


def _signature_line(brief: Brief) -> str:
    sig = brief.signature
    parts = [f"nlbrief {sig.get('nlbrief', '')}".strip()]
    summ = sig.get("summariser") or {}
    if summ:
        model = summ.get("model")
        rev = summ.get("revision")
        parts.append(f"summariser {summ.get('backend', '?')}" + (f" ({model}{'@' + str(rev)[:10] if rev else ''})" if model else ""))
    tr = sig.get("translator") or {}
    if tr:
        rev = tr.get("revision")
        parts.append(f"translator {tr.get('backend', '?')} ({tr.get('model', '?')}{'@' + str(rev)[:10] if rev else ''})")
    for name, digest in (sig.get("prompts") or {}).items():
        parts.append(f"prompt {name} {str(digest)[:12]}")
    opts = sig.get("options") or {}
    if opts:
        budget = (sig.get("selection") or {}).get("max_words")
        parts.append(f"ratio {opts.get('ratio')}, at most {opts.get('max_sentences')} sentences, "
                     f"{opts.get('max_words')} words" + (f", budget {budget} words" if budget else "")
                     + (", strict" if opts.get("strict") else ""))
    return " · ".join(parts)


def _md_sentences(sentences: tuple[BriefSentence, ...]) -> str:
    return " ".join(f"{s.text} [{', '.join(s.sources)}]" for s in sentences)


def _citation_text(c: dict[str, Any]) -> str:
    return str(c.get("text") or "")


def _motion_text(m: dict[str, Any], lab: dict[str, str]) -> str:
    parts = []
    if m.get("member"):
        parts.append(f"{lab['member']} {m['member']}")
    if m.get("dossier"):
        parts.append(str(m["dossier"]) + (f", nr. {m['number']}" if m.get("number") else ""))
    if m.get("date"):
        parts.append(str(m["date"]))
    return ", ".join(parts) or "?"


def _contents(brief: Brief, lab: dict[str, str]) -> list[str]:
    """A long letter, briefed per top-level section, gets a table of contents."""
    if not (brief.signature.get("selection") or {}).get("tree"):
        return []
    return [f"## {lab['contents']}", "", *(f"{k}. {_section_title(sec, lab)}"
                                             for k, sec in enumerate(brief.sections, start=1)), ""]


def to_markdown(brief: Brief) -> str:
    """Title, metadata, overview, one part per section (sentences with their source ids, flags),
    citations, motions, and the signature line."""
    lab = _labels(brief)
    out = [f"# {lab['brief']}: {_title(brief)}", ""]
    out += [f"- **{k}:** {v}" for k, v in _meta_rows(brief)]
    out.append("")
    if brief.overview_sentences:
        out += [f"## {lab['overview']}", "", _md_sentences(brief.overview_sentences), ""]
        out += [f"> ⚠ {lab['flag']}: {_flag_text(f, lab)}" for f in brief.overview_flags]
        if brief.overview_flags:
            out.append("")
    out += _contents(brief, lab)
    for sec in brief.sections:
        out += [f"## {sec.index}. {_section_title(sec, lab)}", ""]
        if brief.lang == "en" and sec.heading_source and sec.heading != sec.heading_source:
            out += [f"*{lab['dutch_heading']}: {sec.heading_source}*", ""]
        out += [_md_sentences(sec.sentences) if sec.sentences else f"*{lab['empty']}*", ""]
        out += [f"> ⚠ {lab['flag']}: {_flag_text(f, lab)}" for f in sec.flags]
        out += [f"> {note}" for note in sec.notes]
        if sec.flags or sec.notes:
            out.append("")
    if brief.citations:
        out += [f"## {lab['citations']}", ""]
        out += [f"- {_citation_text(c)} ({c.get('where')})" for c in brief.citations]
        out.append("")
    if brief.motions:
        out += [f"## {lab['motions']}", ""]
        out += [f"- {_motion_text(m, lab)} ({m.get('where')})" for m in brief.motions]
        out.append("")
    out += ["---", "", _signature_line(brief), ""]
    return "\n".join(out)


# --- HTML -------------------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:80rem;
padding:0 1rem;color:#1b1b1b;line-height:1.5}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin:0 0 .5rem}h3{font-size:.95rem;color:#555;margin:0 0 .5rem}
dl.meta dt{font-weight:600;float:left;clear:left;width:9rem}dl.meta dd{margin-left:9.5rem}
.hint{color:#666;font-size:.85rem}
section.sec{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem;border-top:1px solid #ddd;padding:1rem 0}
.brief .bs{cursor:pointer;border-radius:3px;padding:0 .1rem}
.brief .bs:hover,.brief .bs:focus,.brief .bs.pinned{background:#e8f0fe;outline:none}
.bs.flagged{text-decoration:underline wavy #c77700}
.ids{color:#888;font-size:.72rem;font-family:monospace;margin-left:.2rem}
.source{color:#444;font-size:.93rem}.source p{margin:.3rem 0}
.src.kept{border-bottom:2px solid #b8c7e0}
.src.hl,.bs.hl{background:#ffe58a}
ul.flags{color:#8a4b00;font-size:.85rem;padding-left:1.2rem}.note{color:#666;font-size:.85rem}
.overview{background:#f7f7f7;padding:.8rem 1rem;border-radius:4px}
footer{margin-top:2rem;color:#666;font-size:.85rem}pre{white-space:pre-wrap;font-size:.75rem}
"""

# Highlighting: a brief sentence names its sources in data-src; a source sentence has id "src-<id>".
_JS = """
(function(){
  function srcs(el){return (el.getAttribute('data-src')||'').split(' ').filter(Boolean)
    .map(function(i){return document.getElementById('src-'+i);}).filter(Boolean);}
  function mark(el,on){el.classList.toggle('hl',on);srcs(el).forEach(function(s){s.classList.toggle('hl',on);});}
  function clearPins(){document.querySelectorAll('.bs.pinned').forEach(function(b){
    b.classList.remove('pinned');mark(b,false);});}
  document.querySelectorAll('.bs').forEach(function(b){
    b.addEventListener('mouseenter',function(){mark(b,true);});
    b.addEventListener('focus',function(){mark(b,true);});
    b.addEventListener('mouseleave',function(){if(!b.classList.contains('pinned'))mark(b,false);});
    b.addEventListener('blur',function(){if(!b.classList.contains('pinned'))mark(b,false);});
    b.addEventListener('click',function(){var was=b.classList.contains('pinned');clearPins();
      if(!was){b.classList.add('pinned');mark(b,true);}});
  });
  document.querySelectorAll('.src').forEach(function(s){
    var id=s.id.slice(4);
    function users(){return Array.prototype.filter.call(document.querySelectorAll('.bs'),function(b){
      return (b.getAttribute('data-src')||'').split(' ').indexOf(id)>=0;});}
    s.addEventListener('mouseenter',function(){users().forEach(function(b){b.classList.add('hl');});});
    s.addEventListener('mouseleave',function(){users().forEach(function(b){
      if(!b.classList.contains('pinned'))b.classList.remove('hl');});});
  });
})();
"""


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _html_sentences(sentences: tuple[BriefSentence, ...], flags: tuple[Flag, ...]) -> str:
    flagged = {f.sentence for f in flags if f.action == "flagged"}
    out = []
    for k, s in enumerate(sentences):
        cls = "bs flagged" if k in flagged else "bs"
        out.append(
            f'<span class="{cls}" tabindex="0" data-src="{_esc(" ".join(s.sources))}">{_esc(s.text)}'
            f'<span class="ids">[{_esc(", ".join(s.sources))}]</span></span>'
        )
    return " ".join(out)


def _html_flags(flags: tuple[Flag, ...], notes: tuple[str, ...], lab: dict[str, str]) -> str:
    parts = []
    if flags:
        items = "".join(f"<li>{_esc(_flag_text(f, lab))}</li>" for f in flags)
        parts.append(f'<ul class="flags" title="{_esc(lab["flag"])}">{items}</ul>')
    parts += [f'<p class="note">{_esc(n)}</p>' for n in notes]
    return "".join(parts)


def _html_paragraphs(section: Section, kept: dict[str, str]) -> list[str]:
    out = []
    for para in section.paragraphs:
        spans = []
        for s in para.sentences:
            cls = "src kept" if s.id in kept else "src"
            title = f' title="{_esc(kept[s.id])}"' if s.id in kept and kept[s.id] != s.text else ""
            spans.append(f'<span class="{cls}" id="src-{_esc(s.id)}"{title}>{_esc(s.text)}</span>')
        out.append(f"<p>{' '.join(spans)}</p>")
    return out


def _html_source(sec: SectionBrief, letter: Letter | None, lab: dict[str, str]) -> str:
    kept = {s.id: s.text for s in sec.selected}
    parts = [f'<div class="source" lang="nl"><h3>{_esc(lab["source_text"])}</h3>']
    # The section, and the sub-sections a long letter's brief folded into it that it cites.
    sections = letter.sections if letter is not None else ()
    cited = {s.index for s in sections for x in s.sentences if x.id in kept}
    shown = [s for s in sections if s.index == sec.index or s.index in cited]
    if not shown:  # no letter: the selected sentences are all there is to show
        for sid, text in kept.items():
            parts.append(f'<p><span class="src kept" id="src-{_esc(sid)}">{_esc(text)}</span></p>')
    for section in shown:
        if section.index != sec.index and section.heading:
            parts.append(f"<h4>{_esc(section.heading)}</h4>")
        parts += _html_paragraphs(section, kept)
    parts.append("</div>")
    return "".join(parts)


def to_html(brief: Brief, letter: Letter | None = None) -> str:
    """One self-contained page: metadata, overview, and per section the brief beside its source."""
    lab = _labels(brief)
    title = _title(brief)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_esc(brief.lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(lab['brief'])}: {_esc(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_esc(lab['brief'])}: {_esc(title)}</h1>",
        '<dl class="meta">',
        *(f"<dt>{_esc(k)}</dt><dd>{_esc(v)}</dd>" for k, v in _meta_rows(brief)),
        "</dl>",
        f'<p class="hint">{_esc(lab["hint"])}</p>',
    ]
    if brief.overview_sentences:
        parts.append(f'<div class="overview brief"><h2>{_esc(lab["overview"])}</h2><p>'
                     f"{_html_sentences(brief.overview_sentences, brief.overview_flags)}</p>"
                     f"{_html_flags(brief.overview_flags, (), lab)}</div>")
    for sec in brief.sections:
        heading = f"{sec.index}. {_section_title(sec, lab)}"
        sub = ""
        if brief.lang == "en" and sec.heading_source and sec.heading != sec.heading_source:
            sub = f'<h3 lang="nl">{_esc(sec.heading_source)}</h3>'
        body = _html_sentences(sec.sentences, sec.flags) if sec.sentences else _esc(lab["empty"])
        parts.append(
            f'<section class="sec" id="sec-{sec.index}"><div class="brief"><h2>{_esc(heading)}</h2>{sub}'
            f"<p>{body}</p>{_html_flags(sec.flags, sec.notes, lab)}</div>"
            f"{_html_source(sec, letter, lab)}</section>"
        )
    if letter is not None and letter.footnotes:
        items = "".join(f'<li value="{fn.number}" id="src-f{fn.number}">{_esc(fn.text)}</li>' for fn in letter.footnotes)
        parts.append(f'<h2>{_esc(lab["footnotes"])}</h2><ol class="source" lang="nl">{items}</ol>')
    if brief.citations:
        items = "".join(f"<li>{_esc(_citation_text(c))} <span class='ids'>{_esc(c.get('where'))}</span></li>"
                        for c in brief.citations)
        parts.append(f"<h2>{_esc(lab['citations'])}</h2><ul>{items}</ul>")
    if brief.motions:
        items = "".join(f"<li>{_esc(_motion_text(m, lab))} <span class='ids'>{_esc(m.get('where'))}</span></li>"
                        for m in brief.motions)
        parts.append(f"<h2>{_esc(lab['motions'])}</h2><ul>{items}</ul>")
    signature = json.dumps(brief.signature, ensure_ascii=False, indent=2)
    parts.append(
        f"<footer>{_esc(_signature_line(brief))}<details><summary>{_esc(lab['signature'])}</summary>"
        f"<pre>{_esc(signature)}</pre></details></footer>"
    )
    parts.append(f"<script>{_JS}</script></body></html>")
    return "\n".join(parts) + "\n"
