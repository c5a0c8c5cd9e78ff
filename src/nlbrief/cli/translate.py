"""`nlbrief translate FILE`: the bilingual letter as Markdown, JSON or HTML."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import InputError
from ..letter import Letter
from .options import format_options, progress_callback, translator_options, write_output


def load_letter(path: str) -> Letter:
    """A letter file (.txt, .pdf, stdin) through the parser, or a parsed letter's JSON."""
    if path != "-" and path.lower().endswith(".json"):
        try:
            return Letter.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise InputError(
                f"{path} is not a parsed letter (the JSON of `nlbrief parse --format json`): {err}."
            ) from None
    from ..parse import parse_path  # the parser stage; imported when a letter must be parsed

    return parse_path(path)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@format_options("md: the English letter; json: segments with ids, coverage, signature; "
                "html: Dutch and English side by side.")
@translator_options
def translate(file: str, fmt: str, output: str, translator_settings) -> None:  # type: ignore[no-untyped-def]
    """Translate a letter (.txt, .pdf, or parsed JSON) into English, sentence by sentence."""
    from ..render.translation import render_translation
    from ..translate import translate_letter

    letter = load_letter(file)
    translator = translator_settings.build()
    result = translate_letter(letter, translator, progress=progress_callback(translator_settings.quiet))
    write_output(render_translation(result, fmt), output)
    c = result.coverage
    if not translator_settings.quiet:
        hits = getattr(translator, "hits", None)
        click.echo(
            f"nlbrief: {c.translated}/{c.segments} segments translated, {len(c.split)} split, "
            f"{len(c.guarded)} guarded, {len(c.cached)} from the translation memory"
            + (f" ({hits} hits)" if hits is not None else "")
            + f", {len(c.number_problems)} with missing numbers.",
            err=True,
        )
