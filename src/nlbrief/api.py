"""The public Python API (re-exported by ``nlbrief``): parse, translate and summarise a letter.

Every function goes through `nlbrief.pipeline`, the one composition the command line uses too, so a
notebook gets the same letters, checks and signatures as ``nlbrief parse|translate|summarise``.
Nothing here prints: a failed nothing-lost check is a `warnings.warn` (or `NothingLostError` with
``strict=True``), progress goes to an optional ``progress(done, total)`` callback.

Example::

    import nlbrief
    letter = nlbrief.parse_file("letter.pdf")
    brief = nlbrief.summarise_letter(letter, lang="nl", summariser="none")  # needs no model
    print(brief.overview)
    english = nlbrief.translate_letter(letter)  # downloads Helsinki-NLP/opus-mt-nl-en on first use

The names end in ``_file``/``_letter`` because ``nlbrief.parse``, ``nlbrief.translate`` and
``nlbrief.summarise`` are the stage modules.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from . import pipeline

if TYPE_CHECKING:
    from .backends.base import Abstractor, Translator
    from .model.brief import Brief
    from .model.letter import Letter
    from .model.translation import Translation

Progress = pipeline.Progress
LetterLike = Union["Letter", pipeline.LoadedLetter, str, Path]

_SURROGATE = re.compile("[\ud800-\udfff]")


def _policy(strict: bool) -> pipeline.LossPolicy:
    return "raise" if strict else "report"


def _warn(message: str) -> None:
    warnings.warn(message, stacklevel=3)


def parse_file(path: str | Path, *, max_size_mb: float | None = None, check_language: bool = True,
          strict: bool = False) -> Letter:
    """Parse a letter file (.txt, .pdf, or the JSON of ``nlbrief parse``) into a `Letter`.

    Raises:
        InputError: missing, unreadable, too large (20 MB by default), not Dutch, not a letter.
        NothingLostError: ``strict`` and the nothing-lost check failed (otherwise a warning).
    """
    return load_file(path, max_size_mb=max_size_mb, check_language=check_language, strict=strict).letter


def load_file(path: str | Path, *, max_size_mb: float | None = None, check_language: bool = True,
         strict: bool = False) -> pipeline.LoadedLetter:
    """Like `parse_file`, but keep the outcome of the nothing-lost check (``.nothing_lost``)."""
    return pipeline.load_letter(path, max_size_mb=max_size_mb, check_language=check_language,
                                on_loss=_policy(strict), warn=_warn)


def parse_text(text: str, *, name: str = "<text>", check_language: bool = True,
               strict: bool = False) -> Letter:
    """Parse a letter given as a string. Lone surrogates (from ``errors="surrogateescape"``
    decoding) become U+FFFD, the replacement character, instead of failing in the hashing.

    Raises:
        InputError: empty, too large, not Dutch. NothingLostError: as for `parse_file`.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_text takes a str, not {type(text).__name__}")
    from .read import read_bytes

    doc = read_bytes(_SURROGATE.sub("\ufffd", text).encode("utf-8"), name=name)
    return pipeline.parse_document(doc, check_language=check_language, on_loss=_policy(strict),
                                   warn=_warn).letter


def _loaded(letter: LetterLike) -> pipeline.LoadedLetter:
    if isinstance(letter, pipeline.LoadedLetter):
        return letter
    if isinstance(letter, (str, Path)):
        return load_file(letter)
    return pipeline.LoadedLetter(letter, None)


def get_translator(name: str = "marian", model: str | None = None, *, cache: bool = True,
                   glossary: str | None = None, **options: Any) -> Translator:
    """A translation backend by name ("marian", "ctranslate2"), wrapped in the translation memory
    (``cache``) and the glossary, as the command line builds it. ``options``: device, beam_size,
    batch_size, threads.

    Raises:
        UnknownBackendError: no such translator (the message lists the valid ones).
        ModelNotFoundError / ModelLoadError: when the backend resolves its model.
    """
    from .translate import make_translator

    translator: Translator = make_translator(name, model, glossary=glossary, cache=cache, **options)
    return translator


def get_abstractor(name: str = "chat", model: str | None = None, *, lang: str = "en",
                   **options: Any) -> Abstractor:
    """A summariser by name ("chat", "seq2seq", "none"); ``options``: device, threads, revision.

    Raises:
        UnknownBackendError, ModelNotFoundError: as for `get_translator`.
    """
    from .summarise import SummariseOptions, build_abstractor

    return build_abstractor(SummariseOptions(lang=lang, summariser=name, summary_model=model,
                                             summary_revision=options.pop("revision", None), **options))


def translate_letter(letter: LetterLike, translator: Translator | str = "marian", *,
              progress: Progress | None = None) -> Translation:
    """Translate a letter (a `Letter`, or a path to parse first) sentence by sentence.

    ``translator`` is a backend or a name for `get_translator`. The `Translation` carries coverage
    and a signature (nlbrief version, backend, model id and revision)."""
    backend = get_translator(translator) if isinstance(translator, str) else translator
    return pipeline.translate(_loaded(letter), backend, progress=progress)


def summarise_letter(letter: LetterLike, *, lang: str = "en", summariser: str = "chat",
              abstractor: Abstractor | None = None, translator: Translator | str | None = None,
              progress: Progress | None = None, **options: Any) -> Brief:
    """Brief a letter section by section; every brief sentence names its source sentences.

    Args:
        letter: a `Letter`, or a path to parse first.
        lang: "en" (translates the selected sentences: needs a translator) or "nl".
        summariser: "chat", "seq2seq" or "none" (the extractive selection: no model at all).
        abstractor / translator: backends already built (else built from the names).
        options: further `nlbrief.summarise.SummariseOptions` fields (ratio, max_sentences,
            max_words, summary_model, strict, device, threads).

    Raises:
        ConfigError: an option out of range. ModelNotFoundError: a model is missing.
    """
    from .summarise import SummariseOptions, build_abstractor

    known = {f.name for f in fields(SummariseOptions)}
    unknown = sorted(set(options) - known)
    if unknown:
        raise TypeError(f"unknown summarise options: {', '.join(unknown)} (valid: {', '.join(sorted(known))})")
    settings = SummariseOptions(lang=lang, summariser=summariser, **options)
    loaded = _loaded(letter)
    backend = abstractor if abstractor is not None else build_abstractor(settings)
    if lang == "en" and (translator is None or isinstance(translator, str)):
        translator = get_translator(translator or "marian")
    chosen = translator if not isinstance(translator, str) else None
    return pipeline.summarise(loaded, settings, abstractor=backend, translator=chosen, progress=progress)


def summarize_letter(*args: Any, **kwargs: Any) -> Brief:
    """`summarise_letter`, in US spelling."""
    return summarise_letter(*args, **kwargs)


__all__ = ["get_abstractor", "get_translator", "load_file", "parse_file", "parse_text", "summarise_letter",
           "summarize_letter", "translate_letter"]
