"""What every letter of a batch run is given: task, formats, and the single commands' settings."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError, NlbriefError
from ..fileio import hash_file
from ..render import FORMATS
from ..summarise import SummariseOptions
from ..translate import TranslatorSettings

TASKS = ("translate", "summarise")
DEFAULT_FORMATS = ("md", "json")
EXPORTS = ("parquet",)


class BatchError(NlbriefError):
    """A batch run cannot start or go on (the output folder is in use or not writable, Ray failed...)."""


@dataclass(frozen=True)
class BatchOptions:
    """What every letter of a run is given: task, formats and the single commands' settings.

    Args:
        task: "translate" or "summarise".
        formats: output formats, each one file per letter ("md", "json", "html").
        translator: the translator options of the single commands (its ``extra`` carries backend
            options such as a fixed ``max_new_tokens`` for benchmarks).
        summarise: the summariser options; its ``strict`` (``--strict``) also applies to the
            translate task: a failed nothing-lost check then makes the letter a failed row.
        max_size_mb: the size limit of one letter (None: the single commands' default).
        max_pages: the page limit of one PDF letter (None: the reader's default).
        check_language: refuse a text that does not look Dutch (``--no-language-check`` turns it off).
        include_non_letters: process files that have neither an addressee nor a closing (saved web
            pages, notes); by default they are skipped with the reason.
    """

    task: str = "translate"
    formats: tuple[str, ...] = DEFAULT_FORMATS
    translator: TranslatorSettings = field(default_factory=TranslatorSettings)
    summarise: SummariseOptions = field(default_factory=SummariseOptions)
    max_size_mb: float | None = None
    max_pages: int | None = None
    check_language: bool = True
    include_non_letters: bool = False

    @property
    def lang(self) -> str:
        return self.summarise.lang if self.task == "summarise" else "en"

    @property
    def strict(self) -> bool:
        return self.summarise.strict

    @property
    def needs_translator(self) -> bool:
        return self.task == "translate" or self.lang == "en"

    def validate(self) -> None:
        """Raises ConfigError for an unknown task or format, or options that do not fit the task."""
        if self.task not in TASKS:
            raise ConfigError(f"Unknown task {self.task!r}: use one of {', '.join(TASKS)}.")
        if not self.formats:
            raise ConfigError("--format needs at least one of md, json, html.")
        bad = [f for f in self.formats if f not in FORMATS]
        if bad:
            raise ConfigError(f"Unknown format {bad[0]!r} in --format: use a comma-separated list of "
                              f"{', '.join(FORMATS)}.")
        if self.task == "summarise":
            self.summarise.validate()
        elif self.summarise.lang != "en":
            raise ConfigError("--task translate always translates into English; --lang nl is for "
                              "--task summarise (a Dutch brief).")

    def key(self) -> str:
        """A short hash of every option that changes an output (not device, threads, batch size).

        Options added after the first manifests were written enter only when they differ from their
        default, so that a rerun with the defaults keeps the earlier key (and its letters).
        """
        data: dict[str, Any] = {"task": self.task, "formats": sorted(self.formats)}
        if self.task == "summarise":
            opts = asdict(self.summarise)
            for neutral in ("device", "threads"):
                opts.pop(neutral, None)
            data["summarise"] = opts
        elif self.strict:
            data["strict"] = True
        if self.needs_translator:
            s = self.translator
            data["translator"] = {
                "name": s.name, "model": s.model, "beam_size": s.beam_size,
                "glossary": file_digest(s.glossary) if s.glossary else None,
                "extra": dict(s.extra),
            }
        if not self.check_language:
            data["check_language"] = False
        if self.include_non_letters:
            data["include_non_letters"] = True
        text = json.dumps(data, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def parse_formats(text: str) -> tuple[str, ...]:
    """"json,md" -> ("md", "json"): known formats in a fixed order (ConfigError for others)."""
    asked = [part.strip().lower() for part in text.split(",") if part.strip()]
    bad = [f for f in asked if f not in FORMATS]
    if bad or not asked:
        raise ConfigError(f"--format {text!r}: use a comma-separated list of {', '.join(FORMATS)}.")
    return tuple(f for f in FORMATS if f in asked)


def file_digest(path: str) -> str:
    """The first 16 hex digits of a file's sha256 (``unreadable:PATH`` when it cannot be read)."""
    digest = hash_file(Path(path))
    return digest[:16] if digest else f"unreadable:{path}"
