"""`none`: no summary model; the brief is the extractive selection itself.

It declares the capability ``extractive = True``: the summarise stage then gives each selected sentence its
own id as provenance, so nothing has to be aligned afterwards.
"""

from __future__ import annotations

from typing import Any

from .base import Abstractor, SectionInput, register_abstractor


class ExtractiveAbstractor(Abstractor):
    """Returns the selected sentences (already in the target language) unchanged."""

    name = "none"
    extractive = True

    def condense(self, section: SectionInput) -> str:
        return " ".join(s.strip() for s in section.sentences if s.strip())

    def describe(self) -> dict[str, Any]:
        return {"backend": self.name, "model": None, "revision": None}


@register_abstractor("none")
def make_extractive_abstractor(**_: Any) -> ExtractiveAbstractor:
    """Build the extractive summariser (takes and ignores the model options)."""
    return ExtractiveAbstractor()
