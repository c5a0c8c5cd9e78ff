"""Output renderers: one module per kind of output (`translation`, `brief`), Markdown/JSON/HTML."""

from __future__ import annotations

#: The output formats of `translate`, `summarise` and `batch`.
FORMATS = ("md", "json", "html")
