"""Options shared by the commands that translate (translate, summarise, batch, eval) or summarise
(summarise, batch), defined once, and their output and progress helpers."""

from __future__ import annotations

import functools
import io
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..errors import OutputError
from ..render import FORMATS
from ..translate import TranslatorSettings

_SETTINGS = ("translator", "translation_model", "device", "beam_size", "batch_size", "threads",
             "glossary", "no_cache", "quiet")
_SUMMARISER_SETTINGS = ("lang", "summariser", "summary_model", "summary_backend", "ratio", "max_sentences",
                        "max_words", "budget_words")


def translator_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the translator options to a click command; it receives ``translator_settings`` and
    ``quiet`` (a CLI concern, not a translator setting)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {name: kwargs.pop(name) for name in _SETTINGS}
        kwargs["translator_settings"] = TranslatorSettings(
            name=values["translator"],
            model=values["translation_model"],
            device=values["device"],
            beam_size=values["beam_size"],
            batch_size=values["batch_size"],
            threads=values["threads"],
            glossary=values["glossary"],
            cache=not values["no_cache"],
        )
        kwargs["quiet"] = values["quiet"]
        return func(*args, **kwargs)

    options = [
        # Not a click.Choice: backends are a registry that a plugin can extend; the name is checked
        # when the backend is built (an unknown one lists the valid ones). The metavar shows them.
        click.option("--translator", default="auto", show_default=True, envvar="NLBRIEF_TRANSLATOR",
                     metavar="[auto|marian|ctranslate2]",
                     help="Translation backend: auto (ctranslate2 where installed, else marian), marian "
                          "(transformers) or ctranslate2. [env NLBRIEF_TRANSLATOR]"),
        click.option("--translation-model", metavar="ID|PATH", envvar="NLBRIEF_TRANSLATION_MODEL",
                     help="Hugging Face model id or local directory (default Helsinki-NLP/opus-mt-nl-en; "
                          "for ctranslate2 also a converted folder). [env NLBRIEF_TRANSLATION_MODEL]"),
        click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True,
                     envvar="NLBRIEF_DEVICE", help="Where to run the model. [env NLBRIEF_DEVICE]"),
        click.option("--beam-size", type=click.IntRange(min=1), envvar="NLBRIEF_BEAM_SIZE",
                     help="Beam size (default 4; 1 is greedy and faster). [env NLBRIEF_BEAM_SIZE]"),
        click.option("--batch-size", type=click.IntRange(min=1), envvar="NLBRIEF_BATCH_SIZE",
                     help="Sentences per batch (default 16). [env NLBRIEF_BATCH_SIZE]"),
        click.option("--threads", type=click.IntRange(min=0), envvar="NLBRIEF_THREADS",
                     help="CPU threads (default: all cores). [env NLBRIEF_THREADS]"),
        click.option("--glossary", type=click.Path(exists=True, dir_okay=False), envvar="NLBRIEF_GLOSSARY",
                     help="A TSV glossary (Dutch, English, note) added to the built-in one. [env NLBRIEF_GLOSSARY]"),
        click.option("--no-cache", is_flag=True, envvar="NLBRIEF_NO_CACHE",
                     help="Do not use the translation memory. [env NLBRIEF_NO_CACHE]"),
        click.option("--quiet", "-q", is_flag=True, envvar="NLBRIEF_QUIET",
                     help="No progress bar or notes on stderr. [env NLBRIEF_QUIET]"),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def summariser_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the summariser options to a click command; it receives ``summarise_options``.

    Put it above `translator_options`: the summary model runs where the translation model does,
    so the `SummariseOptions` get the ``--device`` and ``--threads`` of the translator options.
    """
    # Imported here, when a command that summarises is defined: `nlbrief translate` needs neither.
    from ..select import DEFAULT_MAX_SENTENCES, DEFAULT_RATIO
    from ..summarise import DEFAULT_MAX_WORDS, SUMMARISERS, SummariseOptions

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {name: kwargs.pop(name) for name in _SUMMARISER_SETTINGS}
        kwargs["summarise_options"] = SummariseOptions(
            **values, device=kwargs["device"], threads=kwargs["threads"] or 0
        )
        return func(*args, **kwargs)

    options = [
        click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True,
                     envvar="NLBRIEF_LANG", help="Language of the brief; nl translates nothing. [env NLBRIEF_LANG]"),
        click.option("--summariser", type=click.Choice(SUMMARISERS), default="chat", show_default=True,
                     envvar="NLBRIEF_SUMMARISER",
                     help="chat: an instruction model; seq2seq: a BART-style summariser (English); none: the "
                          "extractive selection itself, no summary model. [env NLBRIEF_SUMMARISER]"),
        click.option("--summary-model", metavar="ID|PATH", envvar="NLBRIEF_SUMMARY_MODEL",
                     help="Hugging Face model id or local directory for the summariser (default: "
                          "Qwen/Qwen2.5-1.5B-Instruct for en, utter-project/EuroLLM-1.7B-Instruct for nl; "
                          "sshleifer/distilbart-cnn-12-6 for seq2seq). [env NLBRIEF_SUMMARY_MODEL]"),
        click.option("--summary-backend", type=click.Choice(["auto", "ctranslate2", "transformers"]),
                     default="auto", show_default=True, envvar="NLBRIEF_SUMMARY_BACKEND",
                     help="What runs the chat or seq2seq model: auto (ctranslate2 where installed and the "
                          "architecture is supported, converted once to int8; else transformers), ctranslate2 "
                          "or transformers. [env NLBRIEF_SUMMARY_BACKEND]"),
        click.option("--ratio", type=click.FloatRange(min=0, max=1, min_open=True), default=DEFAULT_RATIO,
                     show_default=True, help="Share of each section's sentences to select (a long letter's "
                     "top-level section with its sub-sections counts as one)."),
        click.option("--max-sentences", type=click.IntRange(min=1), default=DEFAULT_MAX_SENTENCES,
                     show_default=True, help="Most sentences selected per section (a list counts as two)."),
        click.option("--max-words", "budget_words", type=click.IntRange(min=10), default=None,
                     help="Word budget of the brief's sections together (the overview comes on top). "
                          "Default: none up to 2,500 words; for longer letters 15% of the letter's words, "
                          "at most 1,000, less the 60-word overview."),
        click.option("--section-words", "max_words", type=click.IntRange(min=5), default=DEFAULT_MAX_WORDS,
                     show_default=True, help="Most words of an abstractive section brief, in whole sentences: the "
                     "first sentence is kept even when it alone is longer (a sentence is never cut)."),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


class SizeMB(click.ParamType):
    """A size limit in megabytes: a finite number above 0 (click's FloatRange lets nan through)."""

    name = "MB"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        import math

        try:
            mb = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of megabytes.", param, ctx)
        if not math.isfinite(mb) or mb <= 0:
            self.fail(f"it must be a number of megabytes above 0 (such as 20), not {value!r}.", param, ctx)
        return mb


#: The type of every ``--max-size`` option.
SIZE_MB = SizeMB()


def input_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--max-size``, ``--max-pages``, ``--no-language-check`` and ``--strict`` for the commands
    that read a letter; the command receives ``input_settings`` (an `InputSettings`)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        kwargs["input_settings"] = InputSettings(
            max_size_mb=kwargs.pop("max_size"), check_language=not kwargs.pop("no_language_check"),
            strict=kwargs.pop("strict_input"), max_pages=kwargs.pop("max_pages"))
        return func(*args, **kwargs)

    options = [
        click.option("--max-size", type=SIZE_MB, default=None, envvar="NLBRIEF_MAX_SIZE_MB",
                     help="Largest input to accept, in MB (default 20). [env NLBRIEF_MAX_SIZE_MB]"),
        click.option("--max-pages", type=click.IntRange(min=1), default=None, envvar="NLBRIEF_MAX_PAGES",
                     help="Most pages a PDF may have (default 500). [env NLBRIEF_MAX_PAGES]"),
        click.option("--no-language-check", is_flag=True, help="Read the letter even if it does not look Dutch."),
        click.option("--strict", "strict_input", is_flag=True,
                     help="Fail (exit 3) when the nothing-lost check fails instead of only warning; "
                          "for summarise also replace brief sentences with unsupported numbers, dates, "
                          "citations or names by their source sentences."),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


class InputSettings:
    """How a command reads its letter: size and page limits, language gate, nothing-lost policy."""

    def __init__(self, max_size_mb: float | None, check_language: bool, strict: bool,
                 max_pages: int | None = None) -> None:
        self.max_size_mb = max_size_mb
        self.max_pages = max_pages
        self.check_language = check_language
        self.strict = strict

    def load(self, source: str) -> Any:
        """The letter through `nlbrief.pipeline.load_letter`, warning on stderr on a failed check."""
        from ..pipeline import load_letter

        return load_letter(source, max_size_mb=self.max_size_mb, max_pages=self.max_pages,
                           check_language=self.check_language,
                           on_loss="raise" if self.strict else "report",
                           warn=lambda message: click.echo(f"nlbrief: warning: {message}", err=True))


def format_options(format_help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--format md|json|html`` (with the command's own help) and ``-o/--output``."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        func = click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
                            help="Write here instead of stdout.")(func)
        return click.option("--format", "fmt", type=click.Choice(FORMATS), default="md",
                            show_default=True, help=format_help)(func)

    return decorate


def progress_callback(quiet: bool, desc: str = "translating") -> Callable[[int, int], None] | None:
    """A ``progress(done, total)`` for library code, drawn by `ConsoleProgress` (a bar on a
    terminal, shown after a second; a line per finished part elsewhere); None when quiet."""
    if quiet or not sys.stderr.isatty():  # a log or a pipe gets the command's summary line only
        return None
    from .progress import ConsoleProgress

    return ConsoleProgress(unit="seg").callback(desc)  # type: ignore[no-any-return]


def check_translator_name(name: str) -> None:
    """Raise `UnknownBackendError` (listing the valid names) before any model is looked for."""
    from ..backends.base import TRANSLATORS, _lookup

    if name not in TRANSLATORS:
        _lookup(TRANSLATORS, "translator", name)  # loads the built-in backends; raises if still unknown


def announce_downloads(downloads: list[tuple[str, str]]) -> None:
    """Say on stderr which models are about to download on first use, and how big they are
    (huggingface_hub then draws a progress bar per file)."""
    from ..modelhub import size_text

    for purpose, name in downloads:
        click.echo(f"nlbrief: downloading the {purpose} model {name}{size_text(name)} on first use; "
                   "later runs use the local cache.", err=True)


def check_output(output: str | Path | None) -> None:
    """Refuse, before any work, an -o/--output that can never be written: a folder, or a path
    under a file ("notes.txt/brief.md"). A full disk or a lost permission still shows at the end.

    Raises:
        OutputError: the path names a folder, or a file stands where a folder of it would.
    """
    if output in (None, "-"):
        return
    path = Path(output)
    if path.is_dir():
        raise OutputError(f"-o/--output {path} is a folder; give a file name (such as {path / 'brief.md'}).")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(f"Could not write {path}: {parent} is a file, so no folder can be made "
                                  "under it. Choose another -o/--output.")
            return


def write_output(text: str, output: str | Path | None) -> None:
    """Write to a file (atomically: a killed run never leaves half a file), or to stdout for None
    or "-". A target that exists and is not a regular file (/dev/stdout, /dev/null, a FIFO) is
    written in place: renaming a temporary file over it would replace the device.

    Raises:
        OutputError: the output cannot be written (read-only or full filesystem, no permission,
            stdout on a full device); nothing half-written is left behind.
    """
    from ..fileio import atomic_write

    data = text.encode("utf-8")
    if output in (None, "-"):
        _write_stdout(data)
        return
    path = Path(output)
    try:
        if path.exists() and not path.is_file():
            with open(path, "wb") as fh:
                fh.write(data)
        else:
            atomic_write(path, data)
    except OSError as err:
        raise OutputError(f"Could not write {path}: {err.strerror or err}. Nothing was written there; "
                          "choose another -o/--output (a writable folder with free space).") from None


def _write_stdout(data: bytes) -> None:
    stream = sys.stdout
    try:
        stream.flush()
        stream.buffer.write(data) if hasattr(stream, "buffer") else stream.write(data.decode("utf-8"))
        stream.flush()
    except BrokenPipeError:  # `nlbrief ... | head`: the reader has all it wanted
        _silence_stdout()
    except OSError as err:
        _silence_stdout()
        raise OutputError(f"Could not write to standard output: {err.strerror or err}. Use -o FILE "
                          "to write to a file on a disk with free space.") from None


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass
