"""`nlbrief summarise FILE`: per-section briefs that cite their source sentences."""

from __future__ import annotations

import click

from ..select import DEFAULT_MAX_SENTENCES, DEFAULT_RATIO
from ..summarise import DEFAULT_MAX_WORDS, SUMMARISERS
from .options import progress_callback, translator_options, write_output


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True, envvar="NLBRIEF_LANG",
              help="Language of the brief; nl translates nothing. [env NLBRIEF_LANG]")
@click.option("--summariser", type=click.Choice(SUMMARISERS), default="chat", show_default=True,
              envvar="NLBRIEF_SUMMARISER",
              help="chat: an instruction model; seq2seq: a BART-style summariser (English); none: the "
                   "extractive selection itself, no summary model. [env NLBRIEF_SUMMARISER]")
@click.option("--summary-model", metavar="ID|PATH", envvar="NLBRIEF_SUMMARY_MODEL",
              help="Hugging Face model id or local directory for the summariser (default: "
                   "Qwen/Qwen2.5-1.5B-Instruct for en, utter-project/EuroLLM-1.7B-Instruct for nl; "
                   "sshleifer/distilbart-cnn-12-6 for seq2seq). [env NLBRIEF_SUMMARY_MODEL]")
@click.option("--ratio", type=click.FloatRange(min=0, max=1, min_open=True), default=DEFAULT_RATIO,
              show_default=True, help="Share of each section's sentences to select.")
@click.option("--max-sentences", type=click.IntRange(min=1), default=DEFAULT_MAX_SENTENCES, show_default=True,
              help="Most sentences selected per section.")
@click.option("--max-words", type=click.IntRange(min=5), default=DEFAULT_MAX_WORDS, show_default=True,
              help="Most words of an abstractive section brief.")
@click.option("--strict", is_flag=True,
              help="Replace a brief sentence with unsupported numbers, dates, citations or names by "
                   "the source sentences it came from.")
@click.option("--format", "fmt", type=click.Choice(["md", "json", "html"]), default="md", show_default=True,
              help="md: readable brief with source ids; json: the full brief; html: briefs beside the "
                   "source text with their sources highlighted.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write here instead of stdout.")
@translator_options
def summarise(file: str, lang: str, summariser: str, summary_model: str | None, ratio: float,
              max_sentences: int, max_words: int, strict: bool, fmt: str, output: str,
              translator_settings) -> None:  # type: ignore[no-untyped-def]
    """Brief a letter (.txt, .pdf, or parsed JSON) section by section, in English or Dutch."""
    from ..render.brief import render_brief
    from ..summarise import SummariseOptions, build_abstractor, build_translator, summarise_letter
    from .translate import load_letter

    options = SummariseOptions(
        lang=lang, summariser=summariser, summary_model=summary_model, ratio=ratio,
        max_sentences=max_sentences, max_words=max_words, strict=strict,
        device=translator_settings.device, threads=translator_settings.threads or 0,
    )
    # The summary model is only resolved here (loaded on first use), so a missing one fails at
    # once; the translation model loads when built, so that comes after the letter is read.
    abstractor = build_abstractor(options)
    letter = load_letter(file)
    translator = build_translator(translator_settings) if lang == "en" else None
    brief = summarise_letter(letter, options, abstractor=abstractor, translator=translator,
                             progress=progress_callback(translator_settings.quiet, desc="summarising"))
    write_output(render_brief(brief, fmt, letter), output)
    if not translator_settings.quiet:
        flags = brief.flags()
        replaced = sum(1 for f in flags if f.action == "replaced")
        click.echo(
            f"nlbrief: {len(brief.sections)} sections, "
            f"{sum(len(s.sentences) for s in brief.sections)} brief sentences, {len(flags)} unsupported "
            f"items flagged" + (f" ({replaced} in sentences replaced)" if replaced else "") + ".",
            err=True,
        )
