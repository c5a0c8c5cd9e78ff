"""Backend protocols and their registries.

A backend subclasses `Translator` or `Abstractor` and declares what it can do as capability
attributes on the class (the way llm's ``llm/models.py`` declares ``can_stream``): an input limit
and token counter for splitting, terms a split must not cut, whether it writes an overview of its
own, whether its brief is the selection itself, whether it decodes many sections at once. The
stages read these attributes; they never probe a backend with ``getattr``/``hasattr``.

A backend is registered by name with a factory; the factory imports its heavy libraries when it is
called, never at import time. Wrappers (translation memory, glossary protection) subclass the
protocol and hold the backend they wrap as a typed ``inner`` (as argos-translate's
``CachedTranslation`` wraps an ``ITranslation``).

This module imports nothing of the package above it, so ``backends/__init__`` can import it and
it never imports ``backends/__init__`` back.
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..errors import UnknownBackendError


@dataclass(frozen=True)
class SegmentResult:
    """One translated segment and how it came about (what ``translate_segments`` returns)."""

    text: str
    guarded: bool = False  # the repetition / runaway-length guard intervened
    cached: bool = False  # served by the translation memory
    note: str | None = None
    problems: tuple[str, ...] = ()  # checks that failed (a term, date or number missing)


class Translator(ABC):
    """Translates segments one-to-one: ``len(output) == len(segments)``, order kept.

    Capabilities (override where the backend has them):

    - `max_input_tokens`: the most tokens one segment may have; None means no limit, and the
      translate stage then never splits.
    - `count_tokens`: tokens of a text as the model would get it (for splitting).
    - `term_spans`: character spans a split must not cut (glossary terms).
    - `memory_counts`: (hits, misses) of a translation memory around the backend, None without one.
    """

    name: str = "translator"

    @property
    def max_input_tokens(self) -> int | None:
        """The most tokens one segment may have (None: no limit, never split)."""
        return None

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` as the model gets it (here: whitespace words)."""
        return len(text.split())

    def term_spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) character spans of ``text`` that a split must keep whole."""
        return []

    def memory_counts(self) -> tuple[int, int] | None:
        """(hits, misses) of the translation memory, or None where there is none."""
        return None

    @abstractmethod
    def translate_segments(self, segments: Sequence[str]) -> list[SegmentResult]:
        """One `SegmentResult` per segment, in order; an empty segment gives an empty result."""

    @abstractmethod
    def describe(self) -> dict[str, Any]:
        """Backend, model id, revision and options: what goes into an output's signature."""

    def translate(self, sentences: Sequence[str]) -> list[str]:
        """The translated texts of `translate_segments`."""
        return [r.text for r in translate_checked(self, sentences)]


def translate_checked(translator: Translator, texts: Sequence[str]) -> list[SegmentResult]:
    """``translator.translate_segments(texts)``, checked to be one-to-one.

    Raises:
        RuntimeError: the translator broke the one-to-one contract.
    """
    out = list(translator.translate_segments(list(texts)))
    if len(out) != len(texts):
        raise RuntimeError(
            f"translator {translator.name!r} returned {len(out)} segments for {len(texts)}: "
            "the Translator protocol is one-to-one"
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


class Abstractor(ABC):
    """Condenses the selected sentences of one section into a short brief.

    Capabilities (class attributes):

    - `extractive`: the brief is the selection itself (no model); the stage then gives each
      sentence its own id and writes the overview from the selection.
    - `writes_overview`: `overview` has its own prompt; otherwise it is `condense` of the section
      briefs.
    - `batches`: `condense_batch` decodes several sections at once (faster than one by one, with
      the same result).
    """

    name: str = "abstractor"
    extractive: ClassVar[bool] = False
    writes_overview: ClassVar[bool] = False
    batches: bool = False

    @abstractmethod
    def condense(self, section: SectionInput) -> str:
        """The brief of one section, as plain prose ("" where there is nothing to condense)."""

    @abstractmethod
    def describe(self) -> dict[str, Any]:
        """Backend, model id, revision, prompts and options: what goes into a brief's signature."""

    def load(self) -> None:
        """Load the model now, so that an error that concerns every letter (a model of the wrong
        kind, a broken folder) comes before the first letter; backends without a model do nothing.

        Raises:
            ModelLoadError: the model cannot be loaded.
        """
        return None  # no model to load (the extractive backend, test doubles)

    def condense_batch(self, sections: Sequence[SectionInput]) -> list[str]:
        """`condense` of each section, in order (backends with `batches` decode them together)."""
        return [self.condense(section) for section in sections]

    def overview(self, section: SectionInput) -> str:
        """One paragraph for the whole letter; ``section.sentences`` are the section briefs."""
        return self.condense(section)


TranslatorFactory = Callable[..., Translator]
AbstractorFactory = Callable[..., Abstractor]

TRANSLATORS: dict[str, TranslatorFactory] = {}
ABSTRACTORS: dict[str, AbstractorFactory] = {}

# Modules that register built-in backends. Importing them is cheap: each imports its heavy
# libraries only when a backend is built.
_BUILTIN_MODULES: tuple[str, ...] = ("marian", "ctranslate2", "chat", "seq2seq", "extractive", "auto")
_loaded = False


def load_builtin_backends() -> None:
    """Import the built-in backend modules once, so that their registrations run."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    package = __name__.rsplit(".", 1)[0]
    for module in _BUILTIN_MODULES:
        importlib.import_module(f"{package}.{module}")


def register_translator(name: str) -> Callable[[TranslatorFactory], TranslatorFactory]:
    """Register a translator factory under ``name`` (a decorator)."""

    def deco(factory: TranslatorFactory) -> TranslatorFactory:
        TRANSLATORS[name] = factory
        return factory

    return deco


def register_abstractor(name: str) -> Callable[[AbstractorFactory], AbstractorFactory]:
    """Register a summariser factory under ``name`` (a decorator)."""

    def deco(factory: AbstractorFactory) -> AbstractorFactory:
        ABSTRACTORS[name] = factory
        return factory

    return deco


def _lookup(registry: dict[str, Callable[..., Any]], kind: str, name: str) -> Callable[..., Any]:
    load_builtin_backends()
    try:
        return registry[name]
    except KeyError:
        valid = ", ".join(sorted(registry)) or "(none)"
        raise UnknownBackendError(f"Unknown {kind} {name!r}. Valid {kind}s: {valid}.") from None


def get_translator(name: str, **options: Any) -> Translator:
    """Build the translator registered as ``name`` (unknown names list the valid ones)."""
    factory: TranslatorFactory = _lookup(TRANSLATORS, "translator", name)
    return factory(**options)


def get_abstractor(name: str, **options: Any) -> Abstractor:
    """Build the abstractor (summariser) registered as ``name``."""
    factory: AbstractorFactory = _lookup(ABSTRACTORS, "summariser", name)
    return factory(**options)
