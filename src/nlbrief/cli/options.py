"""Options shared by the commands that translate (translate, summarise, batch, eval) or summarise
(summarise, batch), defined once, and their output and progress helpers."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

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
        click.option("--translator", default="auto", show_default=True, envvar="NLBRIEF_TRANSLATOR",
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
                     help="What runs the chat model: auto (ctranslate2 where installed, converted once to "
                          "int8; else transformers), ctranslate2 or transformers. [env NLBRIEF_SUMMARY_BACKEND]"),
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
                     show_default=True, help="Most words of an abstractive section brief."),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def input_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--max-size``, ``--no-language-check`` and ``--strict`` for the commands that read a letter;
    the command receives ``input_settings`` (an `InputSettings`)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        kwargs["input_settings"] = InputSettings(
            max_size_mb=kwargs.pop("max_size"), check_language=not kwargs.pop("no_language_check"),
            strict=kwargs.pop("strict_input"))
        return func(*args, **kwargs)

    options = [
        click.option("--max-size", type=float, default=None, envvar="NLBRIEF_MAX_SIZE_MB",
                     help="Largest input to accept, in MB (default 20). [env NLBRIEF_MAX_SIZE_MB]"),
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
    """How a command reads its letter: size limit, language gate, nothing-lost policy."""

    def __init__(self, max_size_mb: float | None, check_language: bool, strict: bool) -> None:
        self.max_size_mb = max_size_mb
        self.check_language = check_language
        self.strict = strict

    def load(self, source: str) -> Any:
        """The letter through `nlbrief.pipeline.load_letter`, warning on stderr on a failed check."""
        from ..pipeline import load_letter

        return load_letter(source, max_size_mb=self.max_size_mb, check_language=self.check_language,
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
    """A ``progress(done, total)`` that drives a tqdm bar on stderr; None when quiet or not a terminal.

    A call after the bar finished, or with another total, starts a new bar: `summarise_letter`
    reports the pieces it translates, then its sections. A bar appears only after a second
    (tqdm's ``delay``), so short work shows none.
    """
    if quiet or not sys.stderr.isatty():
        return None
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        from tqdm import tqdm

        bar = state.get("bar")
        if bar is not None and bar.total != total:
            bar.close()
            bar = None
        if bar is None:
            bar = state["bar"] = tqdm(total=total, desc=desc, unit="seg", file=sys.stderr, delay=1.0, leave=False)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()
            del state["bar"]

    return update


def write_output(text: str, output: str | Path | None) -> None:
    """Write to a file (atomically: a killed run never leaves half a file), or to stdout for None
    or "-"."""
    if output in (None, "-"):
        click.echo(text, nl=False)
        return
    from ..fileio import atomic_write

    atomic_write(Path(output), text.encode("utf-8"))
