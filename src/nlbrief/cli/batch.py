"""`nlbrief batch INPUT --out DIR`: translations or briefs of a whole archive, resumable."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..batch import BatchOptions, Progress, parse_formats, run_batch
from .options import input_options, summariser_options, translator_options
from .progress import ConsoleProgress

if TYPE_CHECKING:
    from ..model.manifest import ManifestRow


class BatchConsole(Progress):
    """The batch run's callbacks drawn by the CLI's one progress helper (`ConsoleProgress`): a bar
    of letters on a terminal, log lines elsewhere, a line per failed letter, nothing when quiet."""

    def __init__(self, console: ConsoleProgress) -> None:
        self.console = console
        self.counts = {"done": 0, "failed": 0, "skipped": 0}
        self.todo = 0

    def start(self, todo: int, already: int) -> None:
        self.todo = todo
        if already:
            self.console.log(f"{already} letters already done: skipped.")
        if todo:
            self.console.update("letters", 0, todo)

    def note(self, message: str) -> None:
        self.console.log(message)

    def letter(self, row: ManifestRow) -> None:
        self.counts[row.status] = self.counts.get(row.status, 0) + 1
        if row.status == "failed":
            self.console.log(f"failed: {row.id}: {row.reason}")
        self.console.update("letters", sum(self.counts.values()), self.todo)

    def close(self) -> None:
        self.console.close()


def console_progress(quiet: bool) -> Progress:
    """Progress on stderr through the CLI's progress helper; nothing with ``quiet``."""
    return BatchConsole(ConsoleProgress(quiet=quiet, unit="letters", delay=0.0))


@click.command()
@click.argument("input_path", metavar="INPUT", type=str)
@click.option("--out", "-o", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output folder: one file per letter and format, manifest.jsonl (made if missing).")
@click.option("--task", type=click.Choice(["translate", "summarise"]), default="translate", show_default=True,
              help="translate: the whole letter in English; summarise: a brief per section.")
@click.option("--format", "formats", default="md,json", show_default=True, metavar="LIST",
              help="Comma-separated output formats: md, json, html (one file each per letter).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              envvar="NLBRIEF_ENGINE", help="local: this machine; ray: Ray Data (pip install 'nlbrief[ray]'). "
                                            "[env NLBRIEF_ENGINE]")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="local: worker processes (default 1: this process); ray: actors holding the models "
                   "(default: one per CPU, or per GPU with --device cuda).")
@click.option("--ray-address", metavar="ADDR", envvar="RAY_ADDRESS",
              help="Join this Ray cluster (e.g. ray://head:10001 or auto) instead of starting a local Ray. "
                   "[env RAY_ADDRESS]")
@click.option("--cpus-per-worker", type=click.FloatRange(min=0, min_open=True), default=1.0, show_default=True,
              help="CPUs each Ray actor reserves.")
@click.option("--gpus-per-worker", type=click.FloatRange(min=0), default=None,
              help="GPUs each Ray actor reserves (default 1 with --device cuda, else 0; 0.5 puts two on a GPU).")
@click.option("--retry-failed", is_flag=True, help="Process letters that failed in an earlier run again.")
@click.option("--export", type=click.Choice(["parquet"]), default=None,
              help="Also write DIR/results.parquet with every letter's results (loadable with `datasets`).")
@click.option("--include-non-letters", is_flag=True,
              help="Also process files that do not look like letters (no addressee, salutation or closing, "
                   "no mention of the Kamer: saved web pages, notes); by default they are skipped.")
@summariser_options
@translator_options
@input_options
def batch(input_path: str, out_dir: Path, task: str, formats: str, engine: str, workers: int | None,  # type: ignore[no-untyped-def]
          ray_address: str | None, cpus_per_worker: float, gpus_per_worker: float | None, retry_failed: bool,
          export: str | None, include_non_letters: bool, summarise_options, translator_settings, quiet: bool,
          input_settings) -> None:
    """Translate or brief every letter of INPUT into DIR, resuming where an earlier run stopped.

    INPUT is a folder (searched recursively for .txt and .pdf), a text file listing one path per
    line, or a dataset with `id` and `text` columns: JSONL, Parquet, or a folder saved with
    `datasets`. Letters already done with the same source and options are skipped; a bad letter is
    recorded as failed in DIR/manifest.jsonl and the run goes on. Exit code 0: every letter is
    done (or skipped); 1: some letter failed; 2: the run could not start; 4: a model is missing.
    """
    options = BatchOptions(task=task, formats=parse_formats(formats), translator=translator_settings,
                           summarise=replace(summarise_options, strict=input_settings.strict),
                           max_size_mb=input_settings.max_size_mb, max_pages=input_settings.max_pages,
                           check_language=input_settings.check_language,
                           include_non_letters=include_non_letters)
    report = run_batch(
        input_path, out_dir, options, engine=engine, workers=workers, retry_failed=retry_failed,
        export=export, ray_address=ray_address, cpus_per_worker=cpus_per_worker,
        gpus_per_worker=gpus_per_worker, progress=console_progress(quiet),
    )
    if not quiet:
        click.echo(f"nlbrief: {report.summary()}", err=True)
    if report.failed:
        raise click.exceptions.Exit(1)
