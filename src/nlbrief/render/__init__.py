"""Output renderers: one module per kind of output (`letter`, `translation`, `brief`).

HTML pages come from the Jinja2 templates in ``templates/`` (package data), rendered with
autoescaping on: every value a page shows is escaped unless a template marks it safe, and none does,
so a letter field (even one from a hostile parsed-letter JSON) cannot become markup.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2

#: The output formats of `translate`, `summarise` and `batch`.
FORMATS = ("md", "json", "html")


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2  # imported on first HTML page: `nlbrief parse` and Markdown output do not need it

    return jinja2.Environment(
        loader=jinja2.PackageLoader("nlbrief.render", "templates"),
        autoescape=True,  # every value, whatever the template's name
        undefined=jinja2.StrictUndefined,  # a misspelt name is an error, not an empty string
        keep_trailing_newline=True,
    )


def render_html(template: str, **context: Any) -> str:
    """Render ``templates/<template>`` with autoescaping (see the module docstring)."""
    return _environment().get_template(template).render(**context)


# What CommonMark reads as raw HTML (a tag, closing tag, comment, declaration or processing
# instruction starts with "<" and one of these) or as a character reference ("&amp;", "&#60;").
_RAW_HTML_START = re.compile(r"<(?=[A-Za-z/!?])")
_CHAR_REF = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


# A link in the letter's text whose target runs script or opens local data: "[x](javascript:...)"
# inline, "[x]: javascript:..." as a definition (autolinks "<javascript:...>" start with "<").
_SCHEME = r"\s*<?\s*(?:javascript|vbscript|data|file):"
_UNSAFE_INLINE_LINK = re.compile(rf"\]\((?={_SCHEME})", re.IGNORECASE)
_UNSAFE_LINK_DEFINITION = re.compile(rf"^( {{0,3}}\[[^\]\n]+\]):(?={_SCHEME})", re.IGNORECASE | re.MULTILINE)


def escape_markdown_html(text: str) -> str:
    """Markdown in which no text of the letter can act as HTML or a script link: ``<`` before a
    tag-like character becomes ``&lt;``, ``&`` before an entity-like word ``&amp;``, and the
    bracket or colon that would make a ``javascript:``, ``vbscript:``, ``data:`` or ``file:``
    target a link is backslash-escaped ("[x]\\(javascript:...)"); other text is unchanged
    ("a < b", "J&V", "[x](https://...)"). The renderers emit no HTML of their own, so the whole
    document is passed.

    Source: CommonMark 0.31, sections 6.6 (raw HTML), 2.5 (entity and numeric references), 2.4
    (backslash escapes), 6.3 (links) and 4.7 (link reference definitions).
    """
    text = _RAW_HTML_START.sub("&lt;", _CHAR_REF.sub("&amp;", text))
    return _UNSAFE_LINK_DEFINITION.sub(r"\1\\:", _UNSAFE_INLINE_LINK.sub(r"]\\(", text))
