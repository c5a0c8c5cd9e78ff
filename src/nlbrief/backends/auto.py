"""`auto`: the fastest translator installed: CTranslate2 (int8, converted once) where the package is
there, transformers (`marian`) otherwise. The signature records the backend that ran."""

from __future__ import annotations

import importlib.util
from typing import Any

from .base import Translator, get_translator, register_translator


def ctranslate2_installed() -> bool:
    """Whether the ctranslate2 package can be imported (without importing it)."""
    return importlib.util.find_spec("ctranslate2") is not None


@register_translator("auto")
def make_auto_translator(model: str | None = None, **options: Any) -> Translator:
    """`ctranslate2` where installed, else `marian`, with the same options."""
    return get_translator("ctranslate2" if ctranslate2_installed() else "marian", model=model, **options)
