"""``manifest.jsonl``: an append-only journal while a run goes on, one row per letter after it.

Rows are `nlbrief.model.manifest.ManifestRow` s. Reading one back trusts nothing: a line that is
not a row of the right shape, or whose output paths would lead outside ``--out``, is damaged and
left out (its letter is processed again; nothing is read or deleted through it). The manifest is
never opened through a link.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..fileio import NotRegularFileError, atomic_write, open_regular
from ..model.manifest import ManifestRow
from .inputs import LetterTask
from .options import BatchError, BatchOptions
from .paths import contained, refuse_link
from .worker import LetterResult

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _open_manifest(path: Path) -> int | None:
    """The manifest's descriptor for reading (None when there is none); refuses links and FIFOs."""
    refuse_link(path, "the manifest")
    try:
        return open_regular(path, follow_links=False)
    except FileNotFoundError:
        return None
    except NotRegularFileError as err:
        raise BatchError(f"{err}: the manifest must be a plain file. Remove it and rerun.") from None
    except OSError as err:
        raise BatchError(f"{path} cannot be read: {err.strerror or err}.") from None


def _parse_line(raw: bytes, out_dir: Path) -> ManifestRow:
    """One row, checked (ValueError for anything damaged)."""
    import json

    row = ManifestRow.from_dict(json.loads(raw))
    for rel in row.outputs:
        if contained(out_dir, rel) is None:
            raise ValueError(f"its output {rel!r} lies outside the output folder")
    return row


def read_manifest(path: Path, damaged: list[str] | None = None) -> dict[str, ManifestRow]:
    """The manifest's rows by id, the last row of an id winning.

    A torn last line (a killed run) is ignored; so is a damaged line (bad JSON, a row of the wrong
    shape, an output path outside the manifest's folder), which is described in ``damaged``.

    Raises:
        BatchError: the manifest is a link, not a regular file, or unreadable.
    """
    rows: dict[str, ManifestRow] = {}
    fd = _open_manifest(path)
    if fd is None:
        return rows
    with os.fdopen(fd, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if not raw.endswith(b"\n"):
                break  # a line cut off by a kill: its letter was not committed
            if not raw.strip():
                continue
            try:
                row = _parse_line(raw, path.parent)
            except (ValueError, TypeError, RecursionError) as err:
                if damaged is not None:
                    damaged.append(f"line {number}: {err}")
                continue
            rows.pop(row.id, None)  # keep rows in the order they were last written
            rows[row.id] = row
    return rows


class ManifestJournal:
    """Appends manifest rows, each flushed and fsynced, after cutting off a torn last line.

    The file is opened (without following a link) at the first row, so a run that stops before
    any letter leaves no manifest behind.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def _open(self) -> int:
        refuse_link(self.path, "the manifest")
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | getattr(os, "O_BINARY", 0), 0o644)
        try:
            size = os.fstat(fd).st_size
            if size:
                # `read_manifest` has just read it all too: rows are small.
                data = os.pread(fd, size, 0) if hasattr(os, "pread") else _read_all(fd, size)
                if not data.endswith(b"\n"):
                    os.ftruncate(fd, data.rfind(b"\n") + 1)  # cut after the last complete line
                    os.fsync(fd)
            os.lseek(fd, 0, os.SEEK_END)
        except BaseException:
            os.close(fd)
            raise
        return fd

    def append(self, row: ManifestRow) -> None:
        """Append ``row`` and fsync it: from now on the letter counts as committed.

        Raises:
            BatchError: the manifest is a link. OSError: it cannot be written (full, read-only).
        """
        if self._fd is None:
            self._fd = self._open()
        data = row.to_line()
        while data:
            data = data[os.write(self._fd, data):]
        os.fsync(self._fd)

    def close(self) -> None:
        """Close the file (a no-op when no row was appended)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _read_all(fd: int, size: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while size > 0:
        chunk = os.read(fd, size)
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def compact_manifest(path: Path, rows: dict[str, ManifestRow]) -> None:
    """Rewrite the journal as one row per letter, atomically (nothing at all for no rows).

    Raises:
        OSError: the folder cannot be written (the journal is then left as it was).
    """
    if not rows and not os.path.lexists(path):
        return
    atomic_write(path, b"".join(row.to_line() for row in rows.values()))


def build_row(task: LetterTask, key: str, options: BatchOptions, result: LetterResult | None,
              outputs: dict[str, str] | None = None) -> ManifestRow:
    """A manifest row for a task and its result (None: the task was settled at discovery)."""
    if result is None:
        status = "skipped" if task.skip else "failed"
        return ManifestRow(id=task.id, name=task.name, source=task.source, sha256=task.sha256,
                           task=options.task, lang=options.lang, options=key, status=status,
                           reason=task.settled, origin=task.origin)
    counts = result.counts
    return ManifestRow(
        id=task.id, name=task.name, source=task.source, sha256=result.sha256 or task.sha256,
        task=options.task, lang=options.lang, options=key, status=result.status, reason=result.reason,
        outputs=outputs or {}, sections=counts.get("sections"), sentences=counts.get("sentences"),
        footnotes=counts.get("footnotes"), segments=counts.get("segments"),
        brief_sentences=counts.get("brief_sentences"), nothing_lost=result.nothing_lost,
        origin=task.origin, timings=result.timings, cache=result.cache, run=result.run,
    )


def comparable(row: ManifestRow | dict[str, object]) -> dict[str, object]:
    """A manifest row without the fields that depend on the run (`RUN_FIELDS`)."""
    from ..model.manifest import RUN_FIELDS

    data = row.to_dict() if isinstance(row, ManifestRow) else row
    return {k: v for k, v in data.items() if k not in RUN_FIELDS}
