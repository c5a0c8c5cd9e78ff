"""Translation and summarisation backends behind small protocols (see `base`)."""

from __future__ import annotations

import importlib

from .base import (
    ABSTRACTORS,
    TRANSLATORS,
    Abstractor,
    SectionInput,
    Translator,
    get_abstractor,
    get_translator,
    register_abstractor,
    register_translator,
)

# Modules that register built-in backends. Importing them is cheap: each imports its heavy
# libraries only when a backend is built.
_BUILTIN_MODULES: tuple[str, ...] = ("marian", "ctranslate2", "chat", "seq2seq", "extractive")

_loaded = False


def load_builtin_backends() -> None:
    """Import the built-in backend modules once, so that their registrations run."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in _BUILTIN_MODULES:
        importlib.import_module(f"{__name__}.{module}")


__all__ = [
    "ABSTRACTORS",
    "TRANSLATORS",
    "Abstractor",
    "SectionInput",
    "Translator",
    "get_abstractor",
    "get_translator",
    "load_builtin_backends",
    "register_abstractor",
    "register_translator",
]
