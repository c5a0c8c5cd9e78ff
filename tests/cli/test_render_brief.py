"""Rendering a brief: Markdown with source ids, JSON with the documented keys, one safe HTML page."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from letter_builder import MIGRATION_LIKE, build_letter
from nlbrief.backends.extractive import ExtractiveAbstractor
from nlbrief.model.brief import Brief
from nlbrief.render.brief import render_brief
from nlbrief.summarise import SummariseOptions, summarise_letter
from summary_helpers import QueueAbstractor

HOSTILE = 'The Council <script>alert("x")</script> agreed on 17 May 2024 & more.'


@pytest.fixture()
def letter():  # type: ignore[no-untyped-def]
    return build_letter(MIGRATION_LIKE)


@pytest.fixture()
def brief(letter) -> Brief:  # type: ignore[no-untyped-def]
    queue = QueueAbstractor("Het kabinet informeert de Kamer over migratie.", HOSTILE,
                            "Er was een conferentie in Kopenhagen.", "Overzicht van de brief.")
    return summarise_letter(letter, SummariseOptions(lang="nl", summariser="queue", ratio=0.4, max_sentences=3),
                            abstractor=queue)


def test_markdown(brief: Brief) -> None:
    md = render_brief(brief, "md")
    assert md.startswith("# Samenvatting: ")
    assert "## 2. Akkoord over het Asiel- en Migratiepact" in md
    assert "## 1. Opening" in md
    assert re.search(r"Het kabinet informeert de Kamer over migratie\. \[s1\.\d(, s1\.\d)*\]", md)
    assert "> ⚠ Niet gedekt door de bronzinnen: date “17 May 2024” (zin 1)" in md
    assert "nlbrief 0.1.0" in md and "summariser queue (queue-model@abc123)" in md


def test_markdown_english_labels_and_dutch_headings(letter) -> None:  # type: ignore[no-untyped-def]
    from translation_helpers import EchoTranslator

    tr = EchoTranslator(transform=lambda s: "EN " + s)
    brief = summarise_letter(letter, SummariseOptions(lang="en", summariser="none"), abstractor=ExtractiveAbstractor(),
                             translator=tr)
    md = render_brief(brief, "md")
    assert md.startswith("# Brief: Letter to parliament")
    assert "## 2. EN Akkoord over het Asiel- en Migratiepact" in md
    assert "*Dutch heading: Akkoord over het Asiel- en Migratiepact*" in md
    assert "translator echo (echo)" in md


def test_markdown_signature_names_the_engine_and_the_revision(brief: Brief) -> None:
    from dataclasses import replace

    sig = {**brief.signature, "summariser": {"backend": "chat", "model": "org/chat", "revision": "local:0a1b2c3d4e5f",
                                             "engine": {"name": "ctranslate2"}},
           "translator": {"backend": "ctranslate2", "model": "org/mt", "revision": "0123456789abcdef"}}
    out = render_brief(replace(brief, signature=sig), "md")
    assert "summariser chat on ctranslate2 (org/chat@local:0a1b2c3d4e5f)" in out
    assert "translator ctranslate2 (org/mt@0123456789)" in out


def test_json(brief: Brief) -> None:
    data = json.loads(render_brief(brief, "json"))
    assert {"letter", "lang", "overview", "sections", "citations", "motions", "signature"} <= set(data)
    sec = data["sections"][1]
    assert {"index", "heading", "heading_source", "text", "sentences", "flags"} <= set(sec)
    assert {"kind": "date", "value": "17 May 2024", "sentence": 0, "action": "flagged"} in sec["flags"]
    assert all(s["sources"] for s in sec["sentences"])
    assert Brief.from_dict(data) == brief


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[str] = []
        self.external: list[str] = []
        self.scripts = 0
        self.script_text = ""
        self._in_script = False
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if a.get("data-src") is not None:
            self.refs.extend((a["data-src"] or "").split())
        for key in ("src", "href"):
            if a.get(key):
                self.external.append(a[key] or "")
        if tag == "link":
            self.external.append(str(a))
        if tag == "script":
            self.scripts += 1
            self._in_script = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text += data
        else:
            self.text += data


def test_html_is_self_contained_linked_and_escaped(brief: Brief, letter) -> None:  # type: ignore[no-untyped-def]
    page = render_brief(brief, "html", letter)
    parser = _Page()
    parser.feed(page)
    assert page.startswith("<!DOCTYPE html>")
    assert parser.external == []  # no external script, style, image or link
    assert parser.scripts == 1 and "alert" not in parser.script_text
    assert HOSTILE in parser.text  # shown as text, not markup
    assert "<script>alert" not in page
    # Every source a brief sentence names is a highlighted sentence of the page.
    assert parser.refs and all(f"src-{ref}" in parser.ids for ref in parser.refs)
    # The whole source text is there, not only the selected sentences.
    assert "Dat is goed nieuws." in parser.text
    assert 'class="bs flagged"' in page


def test_html_without_the_letter_shows_the_selection(brief: Brief) -> None:
    parser = _Page()
    parser.feed(render_brief(brief, "html"))
    assert parser.refs and all(f"src-{ref}" in parser.ids for ref in parser.refs)
    assert "Dat is goed nieuws." not in parser.text


def test_unknown_format(brief: Brief) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render_brief(brief, "pdf")


# A minimal DOM for the page's script: the brief sentences (.bs) and source sentences (.src) with
# their ids, classes and data-src, events sent by hand. It prints the highlighted ids after each step.
_DOM_JS = r"""
const spec = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const handlers = new Map();
function element(e) {
  const classes = new Set(e.cls);
  const el = {
    id: e.id || '', key: e.key,
    classList: {
      add: (c) => classes.add(c), remove: (c) => classes.delete(c), contains: (c) => classes.has(c),
      toggle: (c, on) => (on ? classes.add(c) : classes.delete(c)),
    },
    getAttribute: (a) => (a === 'data-src' ? e.src : null),
    addEventListener: (type, fn) => handlers.set(e.key + ':' + type, fn),
    has: (c) => classes.has(c),
  };
  return el;
}
const all = spec.elements.map(element);
global.document = {
  getElementById: (id) => all.find((el) => el.id === id) || null,
  querySelectorAll: (sel) => {
    const want = sel.split('.').filter(Boolean);
    return all.filter((el) => want.every((c) => el.has(c)));
  },
};
eval(spec.script);
const out = [];
for (const [key, type] of spec.steps) {
  handlers.get(key + ':' + type)();
  out.push(all.filter((el) => el.has('hl')).map((el) => el.key));
}
console.log(JSON.stringify(out));
"""


class _Spans(HTMLParser):
    """The .bs and .src elements of a page, in order, and its script."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[dict[str, object]] = []
        self.script = ""
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if "bs" in cls or "src" in cls:
            key = a.get("id") or f"bs{len(self.elements)}"
            self.elements.append({"key": key, "id": a.get("id"), "cls": cls, "src": a.get("data-src")})
        self._in_script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script += data


def test_html_highlights_the_sources_on_hover_and_click(brief: Brief, letter) -> None:  # type: ignore[no-untyped-def]
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the page's script is not run")
    page = _Spans()
    page.feed(render_brief(brief, "html", letter))
    # The second section's first brief sentence and the source sentences it names.
    sec = next(el for el in page.elements if el["src"] and str(el["src"]).startswith("s2."))
    sources = {f"src-{i}" for i in str(sec["src"]).split()}
    other = next(el for el in page.elements if el["src"] and str(el["src"]).startswith("s3."))
    steps = [
        [sec["key"], "mouseenter"], [sec["key"], "mouseleave"],  # hover: on, then off
        [sec["key"], "click"], [sec["key"], "mouseleave"],  # click pins: stays on after leaving
        [other["key"], "click"],  # another click moves the pin
        [other["key"], "click"],  # clicking the pinned one again clears it
        [sorted(sources)[0], "mouseenter"], [sorted(sources)[0], "mouseleave"],  # and the other way round
    ]
    spec = {"elements": page.elements, "script": page.script, "steps": steps}
    run = subprocess.run([node, "-e", _DOM_JS], input=json.dumps(spec), capture_output=True, text=True, timeout=30)
    assert run.returncode == 0, run.stderr
    states = [set(s) for s in json.loads(run.stdout)]
    on = {sec["key"], *sources}
    others = {other["key"], *(f"src-{i}" for i in str(other["src"]).split())}
    assert states[:4] == [on, set(), on, on]
    assert states[4] == others
    assert states[5] == set()
    first = sorted(sources)[0][len("src-"):]
    users = {el["key"] for el in page.elements if first in str(el["src"] or "").split()}
    assert sec["key"] in users and states[6] == users  # a source lights the brief sentences resting on it
    assert states[7] == set()


def test_contents_and_headings_use_one_label() -> None:
    """A long letter's table of contents names each section as its heading does; a letter that
    numbers its headings is not numbered a second time."""
    from nlbrief.model.brief import Brief, SectionBrief
    from nlbrief.render.brief import to_markdown

    sections = tuple(SectionBrief(index=i, heading=h, heading_source=h, sentences=())
                     for i, h in [(12, "2. Bebouwd gebied"), (14, "Tot slot")])
    brief = Brief(letter={"subject": "Water"}, lang="nl", sections=sections,
                  signature={"selection": {"tree": True}})
    md = to_markdown(brief)
    contents = md.split("## Inhoud", 1)[1].split("\n## ", 1)[0]
    # the letter numbers its headings: no index of ours on any section ("14. Tot slot" beside
    # "2. Bebouwd gebied" read as a second numbering)
    assert "- 2. Bebouwd gebied" in contents and "- Tot slot" in contents
    assert "## 2. Bebouwd gebied" in md and "## Tot slot" in md
    assert "12. 2." not in md and "14." not in md


def test_markdown_keeps_the_letters_own_numbering_and_adds_none_beside_it(brief: Brief) -> None:
    from dataclasses import replace

    numbered = [replace(sec, heading=f"{k} {sec.heading}") if sec.heading else sec for k, sec in enumerate(brief.sections)]
    md = render_brief(replace(brief, sections=tuple(numbered)), "md")
    # the opening has no index of ours beside the letter's "1 ...": "## Opening", never "## 1. Opening"
    assert "## Opening" in md and "## 1. Opening" not in md
    assert "## 1 Akkoord over het Asiel- en Migratiepact" in md


def test_an_english_brief_lists_the_papers_and_motions_in_english(brief: Brief) -> None:
    from dataclasses import replace

    cited = ({"text": "Kamerstukken II 2022/23, 27 625, nr. 600", "where": "f1"},)
    motions = ({"member": "Van der Plas", "dossier": "35 334", "number": "12", "where": "s2.1"},)
    english = render_brief(replace(brief, lang="en", citations=cited, motions=motions), "md")
    assert "- Parliamentary Papers II 2022/23, 27 625, no. 600 (f1)" in english
    assert "member Van der Plas, 35 334, no. 12 (s2.1)" in english and "nr." not in english
    dutch = render_brief(replace(brief, citations=cited, motions=motions), "md")
    assert "- Kamerstukken II 2022/23, 27 625, nr. 600 (f1)" in dutch and "lid Van der Plas, 35 334, nr. 12" in dutch
