"""The one progress helper of the command line. Library code reports progress through callbacks
(``progress(done, total)``) and never prints; the commands turn those calls into this.

On a terminal it draws a tqdm bar on stderr (shown after ``delay`` seconds, so short work shows
none); elsewhere (a log file, CI) it writes a line when a part finishes and at most every
``log_every`` seconds in between. With ``quiet`` it does nothing at all.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

import click


class ConsoleProgress:
    """Progress of named parts (``update(part, done, total)``), one bar or log line at a time.

    A call with another part or another total closes the current bar and starts a new one:
    `summarise_letter` reports the pieces it translates, then its sections.
    """

    def __init__(self, *, quiet: bool = False, unit: str = "it", delay: float = 1.0,
                 log_every: float = 30.0, stream: TextIO | None = None, tty: bool | None = None) -> None:
        self.quiet = quiet
        self.unit = unit
        self.delay = delay
        self.log_every = log_every
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.bar: Any = None
        self.part: str | None = None
        self.total = 0
        self.started = self.last_log = time.monotonic()

    def update(self, part: str, done: int, total: int) -> None:
        """``done`` of ``total`` units of ``part`` are finished."""
        if self.quiet:
            return
        if part != self.part or total != self.total:
            self.close()
            self.part, self.total = part, total
            self.started = self.last_log = time.monotonic()
            if self.tty:
                from tqdm import tqdm

                self.bar = tqdm(total=total, desc=part, unit=self.unit, file=self.stream, delay=self.delay,
                                leave=False, dynamic_ncols=True)
        if self.bar is not None:
            self.bar.update(done - self.bar.n)
        elif time.monotonic() - self.last_log >= self.log_every and done < total:
            self.last_log = time.monotonic()
            self.log(f"{part}: {done}/{total} {self.unit}")
        if done >= total:
            elapsed = time.monotonic() - self.started
            self.close()
            if not self.tty and elapsed >= self.delay:
                self.log(f"{part}: {total} {self.unit} in {elapsed:.1f} s")

    def callback(self, part: str) -> Any:
        """A ``progress(done, total)`` for library code, reporting as ``part``."""
        return lambda done, total: self.update(part, done, total)

    def log(self, text: str) -> None:
        """One line on stderr, above the bar if one is drawn."""
        if self.quiet:
            return
        if self.bar is not None:
            self.bar.write(f"nlbrief: {text}", file=self.stream)
        else:
            click.echo(f"nlbrief: {text}", file=self.stream)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        self.part = None
