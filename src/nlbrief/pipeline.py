"""The one composition of nlbrief's stages: load -> read -> parse -> nothing-lost -> stage.

Every entry point (the CLI commands, `batch`, the evaluation harness and the Python API) calls
these functions; none of them rebuilds the chain. Heavy stages are imported inside the functions
that need them, so that importing this module stays cheap.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .errors import InputError, NlbriefError, ParseError

if TYPE_CHECKING:
    from .accounting import Accounting
    from .backends.base import Abstractor, Translator
    from .model.brief import Brief
    from .model.letter import Letter, RawDocument
    from .model.translation import Translation
    from .summarise import SummariseOptions

#: What to do when the nothing-lost check fails: "report" (carry `nothing_lost: false` and warn)
#: or "raise" (a `NothingLostError`, exit code 3: the CLI's ``--strict``).
LossPolicy = Literal["report", "raise"]
Progress = Callable[[int, int], None]
Warn = Callable[[str], None]

#: Exit code of a failed nothing-lost check under ``--strict``.
EXIT_NOTHING_LOST = 3


class NothingLostError(ParseError):
    """The nothing-lost check failed and the policy is "raise" (``--strict``)."""

    exit_code = EXIT_NOTHING_LOST


@dataclass(frozen=True)
class LoadedLetter:
    """A parsed letter with the outcome of its nothing-lost check.

    ``nothing_lost`` is None when it could not be checked: a letter loaded from `parse` JSON
    without the source text carries the value recorded in that JSON, if any.
    """

    letter: Letter
    nothing_lost: bool | None
    accounting: Accounting | None = None


def _enforce(name: str, loaded: LoadedLetter, on_loss: LossPolicy, warn: Warn | None) -> LoadedLetter:
    """Apply the loss policy: raise `NothingLostError` for "raise", else warn (if given)."""
    if loaded.nothing_lost is not False:
        return loaded
    detail = loaded.accounting.summary() if loaded.accounting is not None else "recorded as failed"
    message = f"nothing-lost check failed for {name}: {detail}"
    if on_loss == "raise":
        raise NothingLostError(message)
    if warn is not None:
        warn(message)
    return loaded


def parse_document(doc: RawDocument, *, check_language: bool = True, on_loss: LossPolicy = "report",
                   warn: Warn | None = None) -> LoadedLetter:
    """Parse a document from the read stage and run the nothing-lost check on it.

    Raises:
        ParseError / InputError: the text is not a letter (not Dutch, empty after reading).
        NothingLostError: the check failed and ``on_loss`` is "raise".
    """
    from .accounting import check_document
    from .parse import parse_document as parse_stage

    letter = parse_stage(doc, check_language=check_language)
    acc = check_document(doc, letter)
    return _enforce(doc.source.path, LoadedLetter(letter, acc.ok, acc), on_loss, warn)


def load_letter(source: str | Path, *, max_size_mb: float | None = None, check_language: bool = True,
                on_loss: LossPolicy = "report", warn: Warn | None = None,
                max_pages: int | None = None) -> LoadedLetter:
    """A letter from a path (.txt or .pdf), ``"-"`` for standard input, or `parse` JSON (.json).

    Args:
        source: the path as the user gave it.
        max_size_mb: the largest input accepted, in MB (None: the reader's default, 20 MB).
        max_pages: the most pages a PDF may have (None: the reader's default, 500).
        check_language: refuse a text that does not look Dutch.
        on_loss: the nothing-lost policy, see `LossPolicy`.
        warn: called with a one-line message when the check fails under "report", and with each
            of the reader's warnings (a stray byte, mixed encodings, NUL bytes removed).

    Raises:
        InputError: the file is missing, unreadable, too large, not a letter, or bad JSON.
        NothingLostError: the check failed and ``on_loss`` is "raise".
    """
    name = str(source)
    if name != "-" and name.lower().endswith(".json"):
        return _enforce(name, _load_json(Path(name)), on_loss, warn)
    from .read import read_path

    doc = read_path(name, max_size_mb=max_size_mb, max_pages=max_pages)
    if warn is not None:
        for message in doc.warnings:
            warn(message)
    return parse_document(doc, check_language=check_language, on_loss=on_loss, warn=warn)


def _load_json(path: Path) -> LoadedLetter:
    from .model.letter import Letter

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        letter = Letter.from_dict(data)  # validates the shape: a SchemaError names the bad place
    except RecursionError:  # json.loads on thousands of nested brackets
        raise InputError(f"{path} is not a parsed letter: its JSON nests too deeply.") from None
    except (OSError, ValueError) as err:
        raise InputError(
            f"{path} is not a parsed letter (the JSON of `nlbrief parse --format json`): "
            f"{str(err).rstrip('.')}."
        ) from None
    recorded = data.get("nothing_lost")
    return LoadedLetter(letter, recorded if isinstance(recorded, bool) else None)


def translate(loaded: LoadedLetter, translator: Translator, *, progress: Progress | None = None) -> Translation:
    """Translate a loaded letter; the result carries its ``nothing_lost``."""
    from .translate import translate_letter

    result = translate_letter(loaded.letter, translator, progress=progress)
    return replace(result, nothing_lost=loaded.nothing_lost)


def summarise(loaded: LoadedLetter, options: SummariseOptions, *, abstractor: Abstractor,
              translator: Translator | None = None, progress: Progress | None = None) -> Brief:
    """Brief a loaded letter (see `nlbrief.summarise.summarise_letter`); carries ``nothing_lost``."""
    from .summarise import summarise_letter

    brief = summarise_letter(loaded.letter, options, abstractor=abstractor, translator=translator,
                             progress=progress)
    return replace(brief, nothing_lost=loaded.nothing_lost)


__all__ = [
    "EXIT_NOTHING_LOST", "LoadedLetter", "LossPolicy", "NlbriefError", "NothingLostError",
    "load_letter", "parse_document", "summarise", "translate",
]
