"""HTML pages come from autoescaped Jinja2 templates, Markdown escapes raw HTML (issue 14)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlbrief.model.brief import BriefSentence, Flag, SectionBrief, SelectedSentence  # noqa: E402
from nlbrief.model.letter import Footnote, Paragraph, Section, Sentence  # noqa: E402
from nlbrief.pipeline import LoadedLetter, summarise, translate  # noqa: E402
from nlbrief.render import escape_markdown_html  # noqa: E402
from nlbrief.render.brief import render_brief  # noqa: E402
from nlbrief.render.letter import letter_to_markdown  # noqa: E402
from nlbrief.render.translation import render_translation  # noqa: E402
from nlbrief.summarise import SummariseOptions, build_abstractor  # noqa: E402
from translation_helpers import EchoTranslator, make_letter  # noqa: E402

EVIL = '"><script>alert(1)</script>'


def _hostile_letter():  # type: ignore[no-untyped-def]
    """Fields a parsed-letter JSON could carry if nothing validated it: strings where numbers go."""
    base = make_letter()
    evil_section = Section(EVIL, EVIL, (Paragraph((Sentence(EVIL, f"Een zin met {EVIL} erin."),)),))  # type: ignore[arg-type]
    return replace(base, subject=EVIL, sections=(*base.sections, evil_section),
                   footnotes=(*base.footnotes, Footnote(EVIL, EVIL)))  # type: ignore[arg-type]


def test_translation_and_brief_pages_escape_every_field() -> None:
    loaded = LoadedLetter(_hostile_letter(), None)
    pages = [render_translation(translate(loaded, EchoTranslator()), "html")]
    options = SummariseOptions(lang="nl", summariser="none")
    brief = summarise(LoadedLetter(make_letter(), None), options, abstractor=build_abstractor(options))
    evil = SectionBrief(EVIL, EVIL, EVIL, (BriefSentence(EVIL, (EVIL,)),), (Flag(EVIL, EVIL, 0),),  # type: ignore[arg-type]
                        (SelectedSentence(EVIL, EVIL),), notes=(EVIL,))
    brief = replace(brief, sections=(*brief.sections, evil), letter={**brief.letter, "subject": EVIL},
                    citations=({"text": EVIL, "where": EVIL},), motions=({"member": EVIL, "where": EVIL},))
    pages.append(render_brief(brief, "html", loaded.letter))
    for page in pages:
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert page.count("<script>") <= 1  # the brief page's own highlighting script only


def test_markdown_escapes_raw_html_but_keeps_ordinary_text() -> None:
    assert escape_markdown_html("a < b & J&V <b>x</b> &amp; <!-- c -->") == \
        "a < b & J&V &lt;b>x&lt;/b> &amp;amp; &lt;!-- c -->"
    letter = _hostile_letter()
    md = letter_to_markdown(letter)
    loaded = LoadedLetter(letter, None)
    options = SummariseOptions(lang="nl", summariser="none")
    brief = summarise(LoadedLetter(make_letter(), None), options, abstractor=build_abstractor(options))
    brief_md = render_brief(replace(brief, letter={**brief.letter, "subject": EVIL}), "md")
    tr_md = render_translation(translate(loaded, EchoTranslator()), "md")
    for text in (md, brief_md, tr_md):
        assert "<script>" not in text and "&lt;script>" in text


def test_no_template_or_renderer_marks_text_safe() -> None:
    import re

    render = Path(__file__).resolve().parents[2] / "src" / "nlbrief" / "render"
    for path in [*render.glob("templates/*.j2"), *render.glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b|Markup\(|autoescape\s*(=\s*)?false", text, re.I), path


def test_markdown_defuses_script_links_in_the_letters_text_and_keeps_web_links() -> None:
    assert escape_markdown_html("[x](javascript:alert(1)) and [y]( VBScript:x)") == \
        "[x]\\(javascript:alert(1)) and [y]\\( VBScript:x)"
    assert escape_markdown_html("[a]: data:text/html,x\n[b]: https://www.rijksoverheid.nl") == \
        "[a]\\: data:text/html,x\n[b]: https://www.rijksoverheid.nl"
    assert escape_markdown_html("zie [de brief](https://zoek.officielebekendmakingen.nl/kst-1.html)") == \
        "zie [de brief](https://zoek.officielebekendmakingen.nl/kst-1.html)"
    letter = make_letter()
    hostile = replace(letter, subject="[klik](javascript:alert(1))")
    assert "](javascript:" not in letter_to_markdown(hostile)
