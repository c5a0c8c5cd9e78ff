"""Render a `Brief`: Markdown (default), JSON, or one self-contained HTML page.

Markdown puts each brief sentence's source ids after it in brackets and lists the flags of a
section below it. HTML shows each section's brief beside its source text; hovering, focusing or
clicking a brief sentence highlights the source sentences it rests on (a click keeps the highlight),
and the other way round. The page has its CSS and script inline, loads nothing, and every text it
shows is escaped (Jinja2 autoescaping, templates/brief.html.j2).
"""

from __future__ import annotations

import json
from typing import Any

from ..model.brief import Brief, BriefSentence, Flag, SectionBrief
from ..model.letter import Letter, Section
from ..mttext import citation_to_english
from ..text.words import HEADING_NUMBER_RE
from . import FORMATS, escape_markdown_html, render_html

_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Letter to parliament", "brief": "Brief", "date": "Date", "from": "From", "to": "To",
        "subject": "Subject (Dutch)", "reference": "Reference", "source": "Source", "overview": "Overview",
        "opening": "Opening", "dutch_heading": "Dutch heading", "flag": "Not supported by its sources",
        "replaced": "replaced by its source sentences (--strict)", "sentence": "sentence",
        "citations": "Parliamentary papers cited", "motions": "Motions", "member": "member", "number": "no.",
        "empty": "(no sentences)", "source_text": "Source text (Dutch)", "footnotes": "Footnotes",
        "signature": "Signature", "contents": "Contents", "hint": "Hover over or click a sentence of a brief to see its sources.",
        "left_out": "Not briefed within the word budget of {budget} words (a larger --max-words briefs them)",
    },
    "nl": {
        "title": "Brief aan de Kamer", "brief": "Samenvatting", "date": "Datum", "from": "Van",
        "to": "Aan", "subject": "Onderwerp", "reference": "Kenmerk", "source": "Bron",
        "overview": "Overzicht", "opening": "Opening", "dutch_heading": "Kop",
        "flag": "Niet gedekt door de bronzinnen", "replaced": "vervangen door de bronzinnen (--strict)",
        "sentence": "zin", "citations": "Aangehaalde Kamerstukken", "motions": "Moties", "member": "lid", "number": "nr.",
        "empty": "(geen zinnen)", "source_text": "Brontekst", "footnotes": "Voetnoten",
        "signature": "Handtekening", "contents": "Inhoud", "hint": "Wijs een zin van de samenvatting aan of klik erop om de bronzinnen te zien.",
        "left_out": "Niet samengevat binnen het woordbudget van {budget} woorden (een grotere --max-words neemt ze mee)",
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
        engine = (summ.get("engine") or {}).get("name")
        parts.append(f"summariser {summ.get('backend', '?')}" + (f" on {engine}" if engine else "")
                     + (f" ({model}{_at(summ.get('revision'))})" if model else ""))
    tr = sig.get("translator") or {}
    if tr:
        parts.append(f"translator {tr.get('backend', '?')} ({tr.get('model', '?')}{_at(tr.get('revision'))})")
    for name, digest in (sig.get("prompts") or {}).items():
        parts.append(f"prompt {name} {str(digest)[:12]}")
    opts = sig.get("options") or {}
    if opts:
        budget = (sig.get("selection") or {}).get("max_words")
        parts.append(f"ratio {opts.get('ratio')}, at most {opts.get('max_sentences')} sentences, "
                     f"{opts.get('max_words')} words" + (f", budget {budget} words" if budget else "")
                     + (", strict" if opts.get("strict") else ""))
    return " · ".join(parts)


def _at(revision: Any) -> str:
    """"@0123456789" (a commit, shortened) or "@local:0a1b2c3d4e5f" (a local folder's fingerprint)."""
    if not revision:
        return ""
    text = str(revision)
    return f"@{text if text.startswith('local:') else text[:10]}"


def _md_sentences(sentences: tuple[BriefSentence, ...]) -> str:
    return " ".join(f"{s.text} [{', '.join(s.sources)}]" for s in sentences)


def _citation_text(c: dict[str, Any], lang: str) -> str:
    """A cited paper as printed, in English for an English brief ("Parliamentary Papers ..., no.")."""
    text = str(c.get("text") or "")
    return citation_to_english(text) if lang == "en" else text


def _motion_text(m: dict[str, Any], lab: dict[str, str]) -> str:
    parts = []
    if m.get("member"):
        parts.append(f"{lab['member']} {m['member']}")
    if m.get("dossier"):
        parts.append(str(m["dossier"]) + (f", {lab['number']} {m['number']}" if m.get("number") else ""))
    if m.get("date"):
        parts.append(str(m["date"]))
    return ", ".join(parts) or "?"


def _letter_numbers(brief: Brief) -> bool:
    """Whether the letter numbers its own headings ("2. Bebouwd gebied")."""
    return any(sec.heading and HEADING_NUMBER_RE.match(sec.heading) for sec in brief.sections)


def _section_label(sec: SectionBrief, lab: dict[str, str], letter_numbers: bool) -> str:
    """A section's label, the same in the heading, the table of contents and the HTML page: its
    index, unless the letter numbers its headings ("2. Bebouwd gebied"), which a reader knows the
    sections by: then no section gets an index (an index beside them would read "55. 2. Bebouwd
    gebied", or "1. Opening" above "1 Onbeantwoorde vragen")."""
    title = _section_title(sec, lab)
    return title if letter_numbers else f"{sec.index}. {title}"


def _md_section(sec: SectionBrief, lang: str, lab: dict[str, str], letter_numbers: bool) -> list[str]:
    out = [f"## {_section_label(sec, lab, letter_numbers)}", ""]
    if lang == "en" and sec.heading_source and sec.heading != sec.heading_source:
        out += [f"*{lab['dutch_heading']}: {sec.heading_source}*", ""]
    out += [_md_sentences(sec.sentences) if sec.sentences else f"*{lab['empty']}*", ""]
    out += [f"> ⚠ {lab['flag']}: {_flag_text(f, lab)}" for f in sec.flags]
    out += [f"> {note}" for note in sec.notes]
    if sec.flags or sec.notes:
        out.append("")
    return out


def _contents(brief: Brief, lab: dict[str, str]) -> list[str]:
    """A long letter, briefed per top-level section, gets a table of contents."""
    if not (brief.signature.get("selection") or {}).get("tree"):
        return []
    numbers = _letter_numbers(brief)
    return [f"## {lab['contents']}", "", *(f"- {_section_label(sec, lab, numbers)}" for sec in brief.sections), ""]


def _md_left_out(brief: Brief, lab: dict[str, str], letter_numbers: bool) -> list[str]:
    """A line naming the sections the word budget left without a sentence (none: no line)."""
    selection = brief.signature.get("selection") or {}
    left = selection.get("left_out") or []
    if not left:
        return []
    # named as the contents list names them: no index of ours where the letter numbers its headings
    names = [str(u.get("heading") or lab["opening"]) if letter_numbers else
             f"{u.get('index')}. {u.get('heading') or lab['opening']}" for u in left]
    return [f"*{lab['left_out'].format(budget=selection.get('max_words'))}: {'; '.join(names)}.*", ""]


def _md_list(title: str, items: list[str]) -> list[str]:
    return [f"## {title}", "", *(f"- {item}" for item in items), ""] if items else []


def to_markdown(brief: Brief) -> str:
    """Title, metadata, overview, one part per section (sentences with their source ids, flags),
    citations, motions, and the signature line. Raw HTML in the letter's text is escaped."""
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
    numbers = _letter_numbers(brief)
    for sec in brief.sections:
        out += _md_section(sec, brief.lang, lab, numbers)
    out += _md_left_out(brief, lab, numbers)
    out += _md_list(lab["citations"], [f"{_citation_text(c, brief.lang)} ({c.get('where')})" for c in brief.citations])
    out += _md_list(lab["motions"], [f"{_motion_text(m, lab)} ({m.get('where')})" for m in brief.motions])
    out += ["---", "", _signature_line(brief), ""]
    return escape_markdown_html("\n".join(out))


# --- HTML (templates/brief.html.j2; the context below is plain data, the template escapes it) ------


def _html_sentences(sentences: tuple[BriefSentence, ...], flags: tuple[Flag, ...]) -> list[dict[str, Any]]:
    flagged = {f.sentence for f in flags if f.action == "flagged"}
    return [{"text": s.text, "sources": list(s.sources), "flagged": k in flagged} for k, s in enumerate(sentences)]


def _shown_sections(sec: SectionBrief, letter: Letter | None, kept: dict[str, str]) -> list[Section]:
    """The section, and the sub-sections that a long letter's brief folded into it and cites."""
    sections = letter.sections if letter is not None else ()
    cited = {s.index for s in sections for x in s.sentences if x.id in kept}
    return [s for s in sections if s.index == sec.index or s.index in cited]


def _html_source(sec: SectionBrief, letter: Letter | None) -> list[list[dict[str, Any]]]:
    """The source paragraphs beside a section's brief: each sentence with its id, whether the brief
    kept it, and (when the brief's language differs) the kept sentence's translation as a title."""
    kept = {s.id: s.text for s in sec.selected}
    shown = _shown_sections(sec, letter, kept)
    if not shown:  # no letter: the selected sentences are all there is to show
        return [[{"id": sid, "text": text, "kept": True, "title": None}] for sid, text in kept.items()]
    return [
        [{"id": s.id, "text": s.text, "kept": s.id in kept,
          "title": kept[s.id] if s.id in kept and kept[s.id] != s.text else None} for s in para.sentences]
        for section in shown for para in section.paragraphs
    ]


def to_html(brief: Brief, letter: Letter | None = None) -> str:
    """One self-contained page: metadata, overview, and per section the brief beside its source.

    Rendered from ``templates/brief.html.j2`` with autoescaping, so every field is escaped."""
    lab = _labels(brief)
    numbers = _letter_numbers(brief)
    sections = [
        {
            "index": sec.index,
            "title": _section_label(sec, lab, numbers),  # plain text: the template escapes it
            "heading_source": sec.heading_source if (brief.lang == "en" and sec.heading_source
                                                     and sec.heading != sec.heading_source) else None,
            "sentences": _html_sentences(sec.sentences, sec.flags),
            "flags": [_flag_text(f, lab) for f in sec.flags],
            "notes": list(sec.notes),
            "source": _html_source(sec, letter),
        }
        for sec in brief.sections
    ]
    return render_html(
        "brief.html.j2", lang=brief.lang, lab=lab, title=_title(brief), meta=_meta_rows(brief),
        overview=_html_sentences(brief.overview_sentences, brief.overview_flags),
        overview_flags=[_flag_text(f, lab) for f in brief.overview_flags], sections=sections,
        footnotes=letter.footnotes if letter is not None else (),
        citations=[(_citation_text(c, brief.lang), c.get("where")) for c in brief.citations],
        motions=[(_motion_text(m, lab), m.get("where")) for m in brief.motions],
        signature_line=_signature_line(brief),
        signature=json.dumps(brief.signature, ensure_ascii=False, indent=2),
    )
