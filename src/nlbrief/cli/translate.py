"""`nlbrief translate FILE`: the bilingual letter as Markdown, JSON or HTML."""

from __future__ import annotations

import click

from .options import (
    announce_downloads,
    check_output,
    check_translator_name,
    format_options,
    input_options,
    progress_callback,
    translator_options,
    write_output,
)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@format_options("md: the English letter; json: segments with ids, coverage, signature; "
                "html: Dutch and English side by side.")
@translator_options
@input_options
def translate(file: str, fmt: str, output: str, translator_settings, quiet, input_settings) -> None:  # type: ignore[no-untyped-def]
    """Translate a letter (.txt, .pdf, or parsed JSON) into English, sentence by sentence."""
    from ..backends.seq2seq_common import DEFAULT_MODEL
    from ..modelhub import require_models
    from ..pipeline import translate as translate_loaded
    from ..render.translation import render_translation

    check_output(output)  # before the models load and the work is done
    loaded = input_settings.load(file)
    check_translator_name(translator_settings.name)
    announce_downloads(require_models([("translation", translator_settings.model or DEFAULT_MODEL)],
                                      command="nlbrief translate"))
    translator = translator_settings.build()
    result = translate_loaded(loaded, translator, progress=progress_callback(quiet))
    write_output(render_translation(result, fmt), output)
    c = result.coverage
    if not quiet:
        counts = translator.memory_counts()  # (hits, misses), None without the memory
        hits = counts[0] if counts is not None else None
        click.echo(
            f"nlbrief: {c.translated}/{c.segments} segments translated, {len(c.split)} split, "
            f"{len(c.guarded)} guarded, {len(c.cached)} from the translation memory"
            + (f" ({hits} hits)" if hits is not None else "")
            + f", {len(c.number_problems)} with missing numbers.",
            err=True,
        )
