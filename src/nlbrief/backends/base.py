"""Backend protocols and their registries.

A backend is registered by name with a factory; the factory imports its heavy libraries when it is
called, never at import time. Wrappers (translation memory, glossary protection) take a backend and
give one back with the same protocol; they call the one inside through `translate_segments_of`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
class SegmentResult:
    """One translated segment and how it came about (what ``translate_segments`` returns)."""

    text: str
    guarded: bool = False  # the repetition / runaway-length guard intervened
    cached: bool = False  # served by the translation memory
    note: str | None = None
    problems: tuple[str, ...] = ()  # checks that failed (a term, date or number missing)


def translate_segments_of(translator: Any, texts: Sequence[str]) -> list[SegmentResult]:
    """``translator.translate_segments(texts)`` where it has that, else its `translate` wrapped.

    Raises:
        RuntimeError: the translator broke the one-to-one contract.
    """
    if hasattr(translator, "translate_segments"):
        out = list(translator.translate_segments(list(texts)))
    else:
        out = [SegmentResult(t) for t in translator.translate(list(texts))]
    if len(out) != len(texts):
        raise RuntimeError(
            f"translator {getattr(translator, 'name', translator)!r} returned {len(out)} segments "
            f"for {len(texts)}: the Translator protocol is one-to-one"
        )
    return out


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
