"""Backend protocols and their registries.

A backend is registered by name with a factory; the factory imports its heavy libraries when it is
called, never at import time. Wrappers (translation memory, glossary protection) take a backend and
give one back with the same protocol.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from ..errors import UnknownBackendError


@runtime_checkable
class Translator(Protocol):
    """Translates sentences one-to-one: ``len(output) == len(sentences)``, order kept."""

    name: str

    def translate(self, sentences: list[str]) -> list[str]: ...

    def describe(self) -> dict[str, Any]:
        """Backend, model id, revision and options: what goes into an output's signature."""
        ...


@dataclass(frozen=True)
class SectionInput:
    """What an abstractor gets for one section: already in the target language."""

    heading: str | None
    sentences: tuple[str, ...]  # the selected sentences, in source order
    lang: str  # "en" or "nl"
    max_words: int
    context: dict[str, str] = field(default_factory=dict)  # sender, date, subject


@runtime_checkable
class Abstractor(Protocol):
    """Condenses the selected sentences of one section into a short brief."""

    name: str

    def condense(self, section: SectionInput) -> str: ...

    def describe(self) -> dict[str, Any]: ...


TranslatorFactory = Callable[..., Translator]
AbstractorFactory = Callable[..., Abstractor]

TRANSLATORS: dict[str, TranslatorFactory] = {}
ABSTRACTORS: dict[str, AbstractorFactory] = {}


def register_translator(name: str) -> Callable[[TranslatorFactory], TranslatorFactory]:
    def deco(factory: TranslatorFactory) -> TranslatorFactory:
        TRANSLATORS[name] = factory
        return factory

    return deco


def register_abstractor(name: str) -> Callable[[AbstractorFactory], AbstractorFactory]:
    def deco(factory: AbstractorFactory) -> AbstractorFactory:
        ABSTRACTORS[name] = factory
        return factory

    return deco


def _lookup(registry: dict[str, Callable[..., Any]], kind: str, name: str) -> Callable[..., Any]:
    from . import load_builtin_backends

    load_builtin_backends()
    try:
        return registry[name]
    except KeyError:
        valid = ", ".join(sorted(registry)) or "(none)"
        raise UnknownBackendError(f"Unknown {kind} {name!r}. Valid {kind}s: {valid}.") from None


def get_translator(name: str, **options: Any) -> Translator:
    """Build the translator registered as ``name`` (unknown names list the valid ones)."""
    return _lookup(TRANSLATORS, "translator", name)(**options)


def get_abstractor(name: str, **options: Any) -> Abstractor:
    """Build the abstractor (summariser) registered as ``name``."""
    return _lookup(ABSTRACTORS, "summariser", name)(**options)
