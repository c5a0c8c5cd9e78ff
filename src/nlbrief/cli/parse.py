"""`nlbrief parse FILE`: the letter's structure as JSON or Markdown."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ParseError
from .options import write_output


@click.command()
@click.argument("file", type=str)
@click.option("--format", "fmt", type=click.Choice(["json", "md"]), default="json", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")
@click.option("--max-size", type=float, default=None, envvar="NLBRIEF_MAX_SIZE_MB",
              help="Largest input to accept, in MB (default 20).")
@click.option("--no-language-check", is_flag=True, help="Parse even if the text does not look Dutch.")
@click.option("--strict", is_flag=True,
              help="Fail (exit 3) when the nothing-lost check fails instead of only warning.")
def parse(file: str, fmt: str, output: Path | None, max_size: float | None,
          no_language_check: bool, strict: bool) -> None:
    """Parse a letter (text or PDF; - for standard input) into structure.

    Every word of the input ends up in exactly one place: letterhead, heading, sentence, footnote,
    closing, page furniture or `unassigned`; the nothing-lost check verifies it on every run.
    """
    from ..accounting import check_document
    from ..parse import parse_document
    from ..read import read_path
    from ..render.letter import letter_to_json, letter_to_markdown

    doc = read_path(file, max_size_mb=max_size)
    letter = parse_document(doc, check_language=not no_language_check)
    acc = check_document(doc, letter)
    if not acc.ok:
        message = f"nothing-lost check failed for {file}: {acc.summary()}"
        if strict:
            err = ParseError(message)
            err.exit_code = 3
            raise err
        click.echo(f"nlbrief: warning: {message}", err=True)
    extra = {"nothing_lost": acc.ok}
    text = letter_to_json(letter, extra=extra) if fmt == "json" else letter_to_markdown(letter)
    write_output(text, output)
