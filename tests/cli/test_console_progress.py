"""The CLI's one progress helper: a bar on a terminal, log lines elsewhere, nothing when quiet."""

from __future__ import annotations

import io

from nlbrief.cli.progress import ConsoleProgress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_on_a_terminal_new_bar_per_part() -> None:
    stream = _Terminal()
    progress = ConsoleProgress(stream=stream, delay=0, unit="seg")
    update = progress.callback("translating")
    for done in range(4):
        update(done, 3)
    assert progress.bar is None  # closed when the part finished
    progress.update("summarising", 1, 2)
    assert progress.bar is not None and progress.part == "summarising"
    progress.close()
    assert "translating" in stream.getvalue() and "summarising" in stream.getvalue()


def test_log_lines_off_a_terminal() -> None:
    stream = io.StringIO()
    progress = ConsoleProgress(stream=stream, delay=0, log_every=0, unit="letters")
    for done in range(3):
        progress.update("batch", done, 2)
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("nlbrief: batch: 0/2 letters")
    assert lines[-1].startswith("nlbrief: batch: 2 letters in")


def test_quiet_prints_nothing() -> None:
    stream = _Terminal()
    progress = ConsoleProgress(quiet=True, stream=stream, delay=0)
    progress.update("x", 1, 2)
    progress.log("hello")
    assert stream.getvalue() == ""
