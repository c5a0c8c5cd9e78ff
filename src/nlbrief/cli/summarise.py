"""`nlbrief summarise FILE`: per-section briefs that cite their source sentences."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import click

from .options import (
    announce_downloads,
    check_output,
    check_translator_name,
    format_options,
    input_options,
    progress_callback,
    summariser_options,
    translator_options,
    write_output,
)

NO_MODEL_HINT = ("`--lang nl --summariser none` needs no model at all; `--summariser none` needs no "
                 "summary model, `--lang nl` no translation model.")


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@summariser_options
@format_options("md: readable brief with source ids; json: the full brief; html: briefs beside the "
                "source text with their sources highlighted.")
@translator_options
@input_options
@click.option("--explain", is_flag=True,
              help="Also print, on stderr, why each sentence was selected: its score and features.")
def summarise(file: str, fmt: str, output: str, summarise_options, translator_settings, quiet,  # type: ignore[no-untyped-def]
              input_settings, explain: bool) -> None:
    """Brief a letter (.txt, .pdf, or parsed JSON) section by section, in English or Dutch."""
    from ..modelhub import require_models
    from ..pipeline import summarise as summarise_loaded
    from ..render.brief import render_brief
    from ..summarise import (
        SUMMARY_MODEL_HINT,
        TRANSLATION_MODEL_HINT,
        build_abstractor,
        build_translator,
    )

    options = replace(summarise_options, strict=input_settings.strict)
    # The letter first (a bad input is the cheapest thing to report), then the summary model,
    # which is only resolved here (loaded on first use), then the translation model, which loads.
    check_output(output)  # before the models load and the work is done
    loaded = input_settings.load(file)
    if options.lang == "en":
        check_translator_name(translator_settings.name)
    downloads = require_models(
        _needed_models(options, translator_settings), command=f"nlbrief summarise --lang {options.lang}",
        hints={"summary": SUMMARY_MODEL_HINT, "translation": TRANSLATION_MODEL_HINT, "all": NO_MODEL_HINT})
    announce_downloads(downloads)
    abstractor = build_abstractor(options)
    translator = build_translator(translator_settings) if options.lang == "en" else None
    brief = summarise_loaded(loaded, options, abstractor=abstractor, translator=translator,
                             progress=progress_callback(quiet, desc="summarising"))
    write_output(render_brief(brief, fmt, loaded.letter), output)
    if explain:
        from ..select import explain as explain_selection
        from ..select import select_letter

        # The selection is deterministic: made again here, it is the one the brief rests on.
        selection = select_letter(loaded.letter, ratio=options.ratio, max_sentences=options.max_sentences,
                                  max_words=options.budget_words)
        click.echo(explain_selection(loaded.letter, selection), err=True, nl=False)
    if not quiet:
        flags = brief.flags()
        replaced = sum(1 for f in flags if f.action == "replaced")
        sentences = sum(len(s.sentences) for s in brief.sections)
        click.echo(
            f"nlbrief: {_count(len(brief.sections), 'section')}, {_count(sentences, 'brief sentence')}, "
            f"{_count(len(flags), 'unsupported item')} flagged"
            + (f" ({replaced} in sentences replaced)" if replaced else "") + ".",
            err=True,
        )


def _needed_models(options: Any, translator_settings: Any) -> list[tuple[str, str]]:
    """(purpose, model) for every model this brief needs, the defaults filled in."""
    from ..backends.seq2seq_common import DEFAULT_MODEL
    from ..backends.summary_common import DEFAULT_CHAT_MODELS, DEFAULT_SEQ2SEQ_MODEL

    needed = []
    if options.summariser == "chat":
        needed.append(("summary", options.summary_model or DEFAULT_CHAT_MODELS.get(options.lang, "")))
    elif options.summariser == "seq2seq" and (options.lang == "en" or options.summary_model):
        # (a Dutch brief with the English default is refused by the backend itself, exit 2)
        needed.append(("summary", options.summary_model or DEFAULT_SEQ2SEQ_MODEL))
    if options.lang == "en":
        needed.append(("translation", translator_settings.model or DEFAULT_MODEL))
    return [(purpose, name) for purpose, name in needed if name]


def _count(n: int, noun: str) -> str:
    """"1 section", "2 sections"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
