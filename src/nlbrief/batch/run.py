"""A batch run: plan, process with an engine, commit each letter, rewrite the manifest.

Nothing is lost when a run stops at any moment, SIGKILL included: every output is written to a
temporary file, flushed and renamed into place; a letter counts as done only when its manifest
row, appended and fsynced after all its outputs are in place, is on disk; the journal is rewritten
at the end, atomically, as one row per letter in input order.
"""

from __future__ import annotations

import contextlib
import errno
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import ConfigError, InputError
from ..fileio import atomic_write, fsync_dir
from ..model.manifest import ManifestRow
from .engines import EngineSettings, get_engine
from .inputs import LetterTask, discover
from .manifest import ManifestJournal, build_row, compact_manifest, read_manifest
from .options import EXPORTS, BatchError, BatchOptions
from .paths import (
    LOCK_FILE,
    MANIFEST,
    batch_lock,
    contained,
    not_writable,
    output_path,
    sweep_temp_files,
)
from .plan import file_sha256, plan_run
from .worker import LetterResult

#: Errors of one letter's outputs (a name that clashes on disk), not of the output folder.
_LETTER_ERRNOS = (errno.ENOTDIR, errno.EISDIR, errno.EEXIST, errno.ENAMETOOLONG, errno.ELOOP)


@dataclass
class BatchReport:
    """What a run did: counts of the letters of the input by final status, and this run's work."""

    letters: int = 0
    done: int = 0
    failed: int = 0
    skipped: int = 0
    already_done: int = 0  # done by an earlier run: not processed again
    processed: int = 0  # letters this run worked on (done or failed now)
    sentences: int = 0  # source sentences of the letters processed now
    seconds: float = 0.0
    cache_hits: int = 0
    cache_misses: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (id, reason), this input
    notes: list[str] = field(default_factory=list)  # damaged manifest rows left out, ...
    manifest: Path | None = None
    export: Path | None = None

    @property
    def hit_rate(self) -> float | None:
        total = self.cache_hits + self.cache_misses
        return self.cache_hits / total if total else None

    def summary(self) -> str:
        rate = self.processed / (self.seconds / 60) if self.seconds > 0 and self.processed else 0.0
        parts = [f"{self.letters} letters: {self.done} done"
                 + (f" ({self.already_done} by an earlier run)" if self.already_done else ""),
                 f"{self.failed} failed", f"{self.skipped} skipped"]
        text = ", ".join(parts) + "."
        if self.processed:
            text += (f" This run: {self.processed} letters, {self.sentences} sentences in {self.seconds:.1f} s "
                     f"({rate:.1f} letters/min).")
        if self.hit_rate is not None:
            text += (f" Translation memory: {self.cache_hits} of {self.cache_hits + self.cache_misses} "
                     f"segments found ({100 * self.hit_rate:.0f}%).")
        if self.manifest is not None:
            text += f" Manifest: {self.manifest}."
        return text


class Progress:
    """The callbacks a run makes as it goes; this base does nothing. The CLI draws its bar and
    log lines from them (library code never prints)."""

    def start(self, todo: int, already: int) -> None:
        """The run starts ``todo`` letters; ``already`` were done by an earlier run."""

    def letter(self, row: ManifestRow) -> None:
        """A letter's row was committed (its status is done, failed or skipped)."""

    def note(self, message: str) -> None:
        """Something the user should know that is no letter's failure (one line)."""

    def close(self) -> None:
        """The run's letters are over (also after an error)."""


class _Committer:
    """Writes a finished letter's outputs and then its manifest row (the order that makes it safe)."""

    def __init__(self, out_dir: Path, journal: ManifestJournal, key: str, options: BatchOptions,
                 previous: dict[str, ManifestRow], claimed: set[str]) -> None:
        self.out_dir = out_dir
        self.journal = journal
        self.key = key
        self.options = options
        self.previous = previous
        self.claimed = claimed
        self.rows: dict[str, ManifestRow] = {}

    def commit(self, task: LetterTask, result: LetterResult) -> ManifestRow:
        """Write the outputs, remove stale ones, append the row.

        Raises:
            BatchError: the output folder cannot be written (full, read-only): the run stops.
        """
        try:
            outputs = self._write_outputs(task, result)
        except (OSError, BatchError, UnicodeError) as err:
            if isinstance(err, OSError) and err.errno not in _LETTER_ERRNOS:
                raise not_writable(self.out_dir, err) from None
            detail = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
            result = replace(result, status="failed", outputs={},
                             reason=f"its outputs cannot be written under {task.name!r}: {detail}.")
            outputs = {}
        try:
            self._remove_stale(task, outputs)
            row = build_row(task, self.key, self.options, result, outputs)
            self.journal.append(row)
        except OSError as err:
            raise not_writable(self.out_dir, err) from None
        self.rows[task.id] = row
        return row

    def _write_outputs(self, task: LetterTask, result: LetterResult) -> dict[str, str]:
        import hashlib

        if result.status != "done":
            return {}
        outputs: dict[str, str] = {}
        written: list[Path] = []
        base = self.out_dir.resolve()
        try:
            for fmt in self.options.formats:
                data = result.outputs[fmt].encode("utf-8")
                path = output_path(self.out_dir, task.name, fmt)
                atomic_write(path, data, sync_dir=False)
                written.append(path)
                outputs[path.relative_to(base).as_posix()] = hashlib.sha256(data).hexdigest()
        except BaseException:
            for path in written:  # not recorded: a later run would not know them
                with contextlib.suppress(OSError):
                    path.unlink()
            raise
        for folder in {p.parent for p in written}:
            fsync_dir(folder)
        return outputs

    def _remove_stale(self, task: LetterTask, outputs: dict[str, str]) -> None:
        """Outputs of an earlier version of this letter that this one does not have (other formats,
        or the letter failed now): removed before the row says so. Only a path inside the output
        folder, owned by no other letter, and still holding what the old row recorded."""
        prev = self.previous.get(task.id)
        if prev is None:
            return
        own = {f"{task.name}.{fmt}".casefold() for fmt in self.options.formats}
        for rel, digest in prev.outputs.items():
            if rel in outputs or (rel.casefold() in self.claimed and rel.casefold() not in own):
                continue
            path = contained(self.out_dir, rel)
            if path is not None and file_sha256(path) == digest:
                with contextlib.suppress(OSError):
                    path.unlink()


@dataclass(frozen=True)
class RunSettings:
    """How a run goes, apart from what each letter is given (`BatchOptions`)."""

    engine: str = "local"
    engine_settings: EngineSettings = field(default_factory=EngineSettings)
    retry_failed: bool = False
    export: str | None = None


def run_batch(
    input_path: str | Path,
    out_dir: str | Path,
    options: BatchOptions,
    *,
    engine: str = "local",
    workers: int | None = None,
    retry_failed: bool = False,
    export: str | None = None,
    ray_address: str | None = None,
    cpus_per_worker: float = 1.0,
    gpus_per_worker: float | None = None,
    progress: Progress | None = None,
) -> BatchReport:
    """Process every letter of ``input_path`` into ``out_dir`` (see `nlbrief.batch`).

    Args:
        input_path: a folder, a list of paths, or a dataset (JSONL, Parquet, saved `datasets`).
        out_dir: the output folder (made if missing; removed again if the run cannot start).
        options: task, formats, translator and summariser settings (`BatchOptions`).
        engine: a registered engine: "local" or "ray" (`nlbrief.batch.engines`).
        workers: local: processes (1: this process); ray: actors (None: one per CPU, or per GPU).
        retry_failed: process letters that failed before (with the same source and options) again.
        export: "parquet" to also write ``out_dir/results.parquet`` with every letter's results.
        ray_address: the Ray cluster to join (None: start a local Ray).
        cpus_per_worker, gpus_per_worker: resources of each Ray actor.
        progress: callbacks made as letters finish (`Progress`; the CLI draws a bar from them).

    Raises:
        InputError, ConfigError, BatchError, ModelNotFoundError: problems that stop the whole run
            (bad input or options, a missing model, a folder in use or not writable); a bad letter
            never raises.
    """
    options.validate()
    get_engine(engine)  # an unknown engine fails before anything is made
    if export is not None and export not in EXPORTS:
        raise ConfigError(f"Unknown export {export!r}: use parquet.")
    if workers is not None and workers < 1:
        raise ConfigError(f"--workers must be at least 1, not {workers}.")
    settings = RunSettings(engine, EngineSettings(workers, ray_address, cpus_per_worker, gpus_per_worker),
                           retry_failed, export)
    out = Path(out_dir)
    tasks = discover(input_path, out_dir=out)  # a bad input leaves nothing behind
    created = _make_out(out)
    try:
        with batch_lock(out):
            return _run(tasks, out, options, settings, progress or Progress())
    except BaseException:
        if created:
            _remove_if_empty(out)
        raise


def _make_out(out: Path) -> bool:
    """Make ``--out``; returns whether it was made now."""
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} is a file; pass a folder (it is made if missing).")
    if out.is_dir():
        return False
    try:
        out.mkdir(parents=True)
    except OSError as err:
        raise InputError(f"--out {out} cannot be made: {err.strerror or err}.") from None
    return True


def _remove_if_empty(out: Path) -> None:
    """Remove an output folder this run made and could not use (no letter was written)."""
    with contextlib.suppress(OSError):
        if {p.name for p in out.iterdir()} <= {LOCK_FILE}:
            lock = out / LOCK_FILE
            if lock.is_file() and not lock.is_symlink():
                lock.unlink()
            out.rmdir()  # only an empty folder: a run that wrote anything keeps it


def _run(tasks: list[LetterTask], out: Path, options: BatchOptions, settings: RunSettings,
         progress: Progress) -> BatchReport:
    try:
        sweep_temp_files(out)
    except OSError:
        pass  # removing leftovers is a courtesy; writing tells whether the folder is usable
    key = options.key()
    manifest = out / MANIFEST
    damaged: list[str] = []
    previous = read_manifest(manifest, damaged)
    report = BatchReport(manifest=manifest)
    if damaged:
        report.notes.append(f"{manifest}: {len(damaged)} damaged row(s) left out, their letters are done "
                            f"again (first: {damaged[0]}).")
        progress.note(report.notes[-1])
    plan = plan_run(tasks, previous, out, options, key, retry_failed=settings.retry_failed)
    report.letters, report.already_done = len(plan.tasks), plan.already_done
    journal = ManifestJournal(manifest)
    committer = _Committer(out, journal, key, options, previous, plan.claimed)

    def on_result(task: LetterTask, result: LetterResult) -> None:
        row = committer.commit(task, result)
        report.processed += 1
        report.sentences += row.sentences or 0
        report.cache_hits += row.cache.get("hits", 0)
        report.cache_misses += row.cache.get("misses", 0)
        progress.letter(row)

    start = time.perf_counter()
    progress.start(len(plan.todo), report.already_done)
    for task in plan.tasks:  # failed before any work (unreadable, a clash of names): said now, as later failures are
        if task.fail is not None and task.skip is None:
            progress.note(f"failed: {task.id}: {task.fail}")
    try:
        if plan.todo:
            get_engine(settings.engine).run(plan.todo, options, on_result, settings.engine_settings)
    finally:
        progress.close()
        journal.close()
    report.seconds = time.perf_counter() - start
    final = _final_rows(plan.tasks, previous, committer.rows, key, options)
    try:
        compact_manifest(manifest, final)
    except OSError as err:
        raise BatchError(
            f"Could not rewrite {manifest}: {err.strerror or err}. Every letter's row is in the journal "
            "(nothing is lost); free space or fix the permissions, then rerun the same command."
        ) from None
    _tally(report, plan.tasks, final)
    if settings.export == "parquet":
        report.export = _export(out, list(final.values()))
    return report


def _export(out: Path, rows: list[ManifestRow]) -> Path:
    from .export import export_parquet

    try:
        return export_parquet(out, rows)
    except OSError as err:
        raise not_writable(out, err) from None


def _tally(report: BatchReport, tasks: list[LetterTask], final: dict[str, ManifestRow]) -> None:
    for task in tasks:
        row = final[task.id]
        if row.status == "done":
            report.done += 1
        elif row.status == "failed":
            report.failed += 1
            report.failures.append((task.id, row.reason or ""))
        else:
            report.skipped += 1


def _final_rows(tasks: list[LetterTask], previous: dict[str, ManifestRow], now: dict[str, ManifestRow],
                key: str, options: BatchOptions) -> dict[str, ManifestRow]:
    """One row per letter: this input's in input order, then rows of letters no longer in it."""
    final: dict[str, ManifestRow] = {}
    for task in tasks:
        if task.id in now:
            final[task.id] = now[task.id]
        elif task.settled is not None:
            final[task.id] = build_row(task, key, options, None)
        else:
            final[task.id] = previous[task.id]
    for rid, row in previous.items():
        if rid not in final:
            final[rid] = row
    return final
