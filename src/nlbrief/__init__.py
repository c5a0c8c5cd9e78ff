"""nlbrief: faithful English briefs and translations of Dutch parliamentary letters.

The public API, importable from here::

    import nlbrief
    letter = nlbrief.parse_file("letter.pdf")                                 # a Letter
    brief = nlbrief.summarise_letter(letter, lang="nl", summariser="none")    # a Brief, no model
    english = nlbrief.translate_letter(letter)                                # a Translation

Every name is imported on first use (PEP 562 ``__getattr__``), so ``import nlbrief`` loads no
stage, and heavy libraries (torch, transformers, ctranslate2, ray) are imported only inside the
functions that need them: ``import nlbrief`` and ``nlbrief --help`` stay fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "parse_file": "nlbrief.api",
    "parse_text": "nlbrief.api",
    "load_file": "nlbrief.api",
    "translate_letter": "nlbrief.api",
    "summarise_letter": "nlbrief.api",
    "summarize_letter": "nlbrief.api",
    "get_translator": "nlbrief.api",
    "get_abstractor": "nlbrief.api",
    "LoadedLetter": "nlbrief.pipeline",
    "Letter": "nlbrief.model.letter",
    "Translation": "nlbrief.model.translation",
    "Brief": "nlbrief.model.brief",
    "Translator": "nlbrief.backends.base",
    "Abstractor": "nlbrief.backends.base",
    "NlbriefError": "nlbrief.errors",
    "InputError": "nlbrief.errors",
    "ModelNotFoundError": "nlbrief.errors",
    "NothingLostError": "nlbrief.pipeline",
}

__all__ = [
    "Abstractor", "Brief", "InputError", "Letter", "LoadedLetter", "ModelNotFoundError", "NlbriefError",
    "NothingLostError", "Translation", "Translator", "__version__", "get_abstractor", "get_translator",
    "load_file", "parse_file", "parse_text", "summarise_letter", "summarize_letter", "translate_letter",
]

if TYPE_CHECKING:
    from .api import (
        get_abstractor,
        get_translator,
        load_file,
        parse_file,
        parse_text,
        summarise_letter,
        summarize_letter,
        translate_letter,
    )
    from .backends.base import Abstractor, Translator
    from .errors import InputError, ModelNotFoundError, NlbriefError
    from .model.brief import Brief
    from .model.letter import Letter
    from .model.translation import Translation
    from .pipeline import LoadedLetter, NothingLostError


def __getattr__(name: str) -> Any:
    """Import a public name on first use (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'nlbrief' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
