"""Translation and summarisation backends behind small typed protocols (see `base`)."""

from __future__ import annotations

from .base import (
    ABSTRACTORS,
    TRANSLATORS,
    Abstractor,
    SectionInput,
    SegmentResult,
    Translator,
    get_abstractor,
    get_translator,
    load_builtin_backends,
    register_abstractor,
    register_translator,
)

__all__ = [
    "ABSTRACTORS",
    "TRANSLATORS",
    "Abstractor",
    "SectionInput",
    "SegmentResult",
    "Translator",
    "get_abstractor",
    "get_translator",
    "load_builtin_backends",
    "register_abstractor",
    "register_translator",
]
