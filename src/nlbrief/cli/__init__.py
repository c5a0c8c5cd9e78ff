"""The `nlbrief` command: a thin click layer over the library.

Each subcommand lives in its own module and is imported only when it runs, so that
``nlbrief --help`` stays fast. Library errors (`NlbriefError`) become one paragraph on stderr and
their exit code, never a traceback.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys
import textwrap
from typing import Any

import click

from .. import __version__
from ..errors import NlbriefError, OutputError

# errno values that mean "this cannot be written": no space, quota, read-only, no permission.
_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}

# name -> (module, attribute, short help). Order is the order of `nlbrief --help`.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "parse": ("nlbrief.cli.parse", "parse", "Parse a letter into structure (JSON or Markdown)."),
    "translate": ("nlbrief.cli.translate", "translate", "Translate a letter into English (Markdown, JSON or HTML)."),
    "summarise": ("nlbrief.cli.summarise", "summarise", "Brief a letter section by section, citing the source sentences (also: summarize)."),
    "batch": ("nlbrief.cli.batch", "batch", "Translate or brief a whole archive of letters, resumably (local or Ray)."),
    "models": ("nlbrief.cli.models", "models", "List, download and convert models."),
    "eval": ("nlbrief.cli.eval", "eval_command", "Score structure, briefs and translations against the evaluation set."),
    "env": ("nlbrief.cli.env", "env", "Print versions, device and cache paths (for bug reports)."),
}


#: Other spellings that run a command (not listed in `nlbrief --help`).
ALIASES: dict[str, str] = {"summarize": "summarise"}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        cmd_name = ALIASES.get(cmd_name, cmd_name)
        if cmd_name not in COMMANDS:
            return None
        module, attr, _ = COMMANDS[cmd_name]
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NlbriefError as err:
            report_error(err)
            ctx.exit(err.exit_code)
        except OSError as err:
            # The last line of defence for the disk and the devices (a full disk while a stage
            # writes, a read-only folder): one paragraph and exit 2, never a traceback.
            if err.errno not in _WRITE_ERRNOS:
                raise
            where = f" {err.filename}" if err.filename else ""
            if err.errno in (errno.EACCES, errno.EPERM):
                text = (f"No permission to use{where} ({err.strerror}). Choose a file or folder this "
                        "user may read and write, then run the command again.")
            else:
                text = (f"Could not write{where}: {err.strerror or err}. Free some space or choose a "
                        "writable place, then run the command again.")
            report_error(OutputError(text))
            ctx.exit(OutputError.exit_code)


def report_error(err: NlbriefError) -> None:
    """Print a library error as one wrapped paragraph on stderr."""
    message = " ".join(str(err).split())
    # Never break inside a model id or option ("opus-mt-nl-en", "--translation-model").
    click.echo(textwrap.fill(f"nlbrief: {message}", width=100, break_on_hyphens=False,
                             break_long_words=False), err=True)
    if os.environ.get("NLBRIEF_DEBUG"):
        import traceback

        traceback.print_exception(err, file=sys.stderr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="nlbrief")
def cli() -> None:
    """Briefs and translations of Dutch parliamentary letters (Kamerbrieven)."""


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    cli.main(args=argv, prog_name="nlbrief")
