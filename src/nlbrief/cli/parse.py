"""`nlbrief parse FILE`: the letter's structure as JSON or Markdown."""

from __future__ import annotations

import click

from .options import input_options, write_output


@click.command()
@click.argument("file", type=str)
@click.option("--format", "fmt", type=click.Choice(["json", "md"]), default="json", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write to this file instead of standard output (- for standard output).")
@input_options
def parse(file: str, fmt: str, output: str, input_settings) -> None:  # type: ignore[no-untyped-def]
    """Parse a letter (text or PDF; - for standard input) into structure.

    Every word of the input ends up in exactly one place: letterhead, heading, sentence, footnote,
    closing, page furniture or `unassigned`; the nothing-lost check verifies it on every run.
    """
    from ..render.letter import letter_to_json, letter_to_markdown

    loaded = input_settings.load(file)
    extra = {"nothing_lost": loaded.nothing_lost}
    text = letter_to_json(loaded.letter, extra=extra) if fmt == "json" else letter_to_markdown(loaded.letter)
    write_output(text, output)
