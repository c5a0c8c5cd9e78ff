"""`nlbrief batch INPUT --out DIR`: translations or briefs of a whole archive, resumable."""

from __future__ import annotations

from pathlib import Path

import click

from .options import summariser_options, translator_options


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
@click.option("--max-size", type=float, default=None, envvar="NLBRIEF_MAX_SIZE_MB",
              help="Largest letter to accept, in MB (default 20); larger ones are recorded as failed.")
@summariser_options
@translator_options
def batch(input_path: str, out_dir: Path, task: str, formats: str, engine: str, workers: int | None,
          ray_address: str | None, cpus_per_worker: float, gpus_per_worker: float | None, retry_failed: bool,
          export: str | None, max_size: float | None, summarise_options,
          translator_settings, quiet) -> None:  # type: ignore[no-untyped-def]
    """Translate or brief every letter of INPUT into DIR, resuming where an earlier run stopped.

    INPUT is a folder (searched recursively for .txt and .pdf), a text file listing one path per
    line, or a dataset with `id` and `text` columns: JSONL, Parquet, or a folder saved with
    `datasets`. Letters already done with the same source and options are skipped; a bad letter is
    recorded as failed in DIR/manifest.jsonl and the run goes on. Exit code 0: every letter is
    done; 1: some letter failed; 2: the run could not start.
    """
    from ..batch import BatchOptions, console_progress, parse_formats, run_batch

    options = BatchOptions(task=task, formats=parse_formats(formats), translator=translator_settings,
                           summarise=summarise_options, max_size_mb=max_size)
    report = run_batch(
        input_path, out_dir, options, engine=engine, workers=workers, retry_failed=retry_failed,
        export=export, ray_address=ray_address, cpus_per_worker=cpus_per_worker,
        gpus_per_worker=gpus_per_worker, progress=console_progress(quiet),
    )
    if not quiet:
        click.echo(f"nlbrief: {report.summary()}", err=True)
    if report.failed:
        raise click.exceptions.Exit(1)
