"""`nlbrief eval`: score the parser, the briefs and the translations against the evaluation set."""

from __future__ import annotations

from typing import Any

import click

from ..summarise import SUMMARISERS
from .options import translator_options


@click.command("eval")
@click.option("--set", "set_path", type=click.Path(file_okay=False), default="eval", show_default=True,
              help="Evaluation set: a folder with letters/ and references/ (see eval/README.md).")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
              help="Language of the briefs to score besides the Dutch extractive ones (en needs a "
                   "translation model).")
@click.option("--summariser", type=click.Choice(SUMMARISERS), default="none", show_default=True,
              help="none: the extractive selection (no model); chat or seq2seq: a summary model.")
@click.option("--summary-model", metavar="ID|PATH", envvar="NLBRIEF_SUMMARY_MODEL",
              help="Hugging Face model id or local directory of the summariser (with --summariser chat "
                   "or seq2seq). [env NLBRIEF_SUMMARY_MODEL]")
@click.option("--summary-backend", type=click.Choice(["auto", "ctranslate2", "transformers"]), default="auto",
              show_default=True, envvar="NLBRIEF_SUMMARY_BACKEND",
              help="What runs the chat or seq2seq model: auto (ctranslate2 where installed and the architecture "
                   "is supported), ctranslate2 or transformers. [env NLBRIEF_SUMMARY_BACKEND]")
@click.option("--mt-src", type=click.Path(dir_okay=False), help="Translation test set: Dutch source, one "
              "sentence a line (e.g. ../shared/data/mt/flores200-devtest.nld).")
@click.option("--mt-ref", type=click.Path(dir_okay=False), help="The English reference, aligned with --mt-src.")
@click.option("--mt-limit", type=click.IntRange(min=1), help="Score only the first N lines of the test set.")
@click.option("--letters-dir", type=click.Path(file_okay=False),
              help="Also check a folder of letters without references (structure only: parse status, "
                   "nothing lost, counts).")
@click.option("--real-letters", type=click.Path(file_okay=False),
              help="The real letters that SET/real/expected.json describes (default: ../shared/data/letters "
                   "beside the checkout); scored as the parts real.tune and real.heldout.")
@click.option("--baseline", type=click.Path(dir_okay=False),
              help="An earlier report (--out) to compare with: exit 1 when a metric falls by more than "
                   "its tolerance.")
@click.option("--thresholds", type=click.Path(dir_okay=False),
              help="Minimum scores and tolerances (TOML). Default: thresholds.toml of the set, if there.")
@click.option("--out", type=click.Path(dir_okay=False), help="Write the JSON report here.")
@translator_options
def eval_command(set_path: str, lang: str, summariser: str, summary_model: str | None, summary_backend: str,
                 mt_src: str | None,
                 mt_ref: str | None, mt_limit: int | None, letters_dir: str | None, real_letters: str | None,
                 baseline: str | None, thresholds: str | None, out: str | None, translator_settings: Any, quiet: bool) -> None:
    """Score structure, briefs and translations against the evaluation set.

    With no options it scores what needs no model (the parser's structure and the Dutch extractive
    briefs) and lists what it skipped. Prints a Markdown table; exit 1 when a threshold or the
    baseline comparison fails, 2 on bad input or options, 4 when a model it needs is not available.
    """
    from ..evaluation import EvalOptions, run_evaluation
    from ..render.evaluation import to_markdown
    from .options import write_output

    options = EvalOptions(
        set_path=set_path, lang=lang, summariser=summariser, summary_model=summary_model,
        summary_backend=summary_backend, translator=translator_settings, mt_src=mt_src, mt_ref=mt_ref, mt_limit=mt_limit,
        letters_dir=letters_dir, real_letters=real_letters, thresholds=thresholds, baseline=baseline,
    )
    from .progress import ConsoleProgress

    # delay 0: each finished part is logged, so a CI log shows where the time went.
    progress = ConsoleProgress(quiet=quiet, unit="items", delay=0.0)
    try:
        report = run_evaluation(options, progress=progress.update)
    finally:
        progress.close()
    if out:
        write_output(report.to_json(), out)
    click.echo(to_markdown(report), nl=False)
    failed = [c for c in report.checks if not c.ok]
    if not quiet:
        for note in report.notes:
            click.echo(f"nlbrief eval: note: {note}", err=True)
        skipped = ", ".join(p.name for p in report.skipped())
        click.echo(f"nlbrief eval: {len(report.scored())} parts scored"
                   + (f", skipped: {skipped}" if skipped else "")
                   + f"; {len(failed)} checks failed.", err=True)
    for c in failed:
        click.echo(f"nlbrief eval: FAIL {c.kind} {c.metric} = {c.value} (must be {c.op} {c.limit:g})", err=True)
    if failed:
        click.get_current_context().exit(1)
