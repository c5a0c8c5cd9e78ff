"""The batch stage: an archive of letters in, per-letter outputs and a manifest out.

Inputs are a folder (recursive; .txt and .pdf), a text file listing paths, or a local dataset
(JSONL, Parquet, or a folder saved with `datasets`' ``save_to_disk``) with ``id`` and ``text``
columns. Each letter goes through the same functions as the single-letter commands (`read_path`
or `read_bytes`, `parse_document`, `translate_letter` or `summarise_letter`, the renderers); its
outputs are written under the output folder with a name derived from its id that cannot leave
the folder.

Nothing is lost when a run stops at any moment, SIGKILL included:

- every output is written to a temporary file, flushed to disk and renamed into place;
- a letter counts as done only when its manifest row is on disk, and that row is appended (and
  fsynced) after all its outputs are in place, with the sha256 of each output;
- ``manifest.jsonl`` is an append-only journal while a run goes on (the last row of a letter
  wins; a torn last line is cut off before anything is appended) and is rewritten at the end of
  a run, atomically, as one row per letter in input order;
- a rerun skips a letter whose row says done for the same source sha256 and options key and
  whose outputs are all present and unchanged; everything else is processed again (failed letters
  only with ``retry_failed``), and temporary files a killed run left behind are removed.

Engines: ``local`` runs the letters in this process (``workers=1``) or in a pool of worker
processes, ``ray`` on Ray Data (`nlbrief.batch_ray`). Both call `LetterWorker.process` and hand its
result to the same commit code in this process, so their outputs are the same.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from .config import usable_cores
from .errors import ConfigError, InputError, NlbriefError
from .fileio import TMP_SUFFIX, atomic_path, atomic_write, fsync_dir, peak_rss_mb
from .model.letter import RawDocument
from .read import LETTER_SUFFIXES
from .render import FORMATS
from .summarise import SummariseOptions
from .translate import TranslatorSettings

TASKS = ("translate", "summarise")
DEFAULT_FORMATS = ("md", "json")
ENGINES = ("local", "ray")
EXPORTS = ("parquet",)
MANIFEST = "manifest.jsonl"
EXPORT_FILE = "results.parquet"
LOCK_FILE = ".nlbrief-batch.lock"
#: Every temporary file ends so; a run removes those a killed run left behind.
#: Manifest fields that depend on the run (when, where, how fast, what the memory held then),
#: not on the letter and the options: left out when two runs' manifests are compared.
RUN_FIELDS = ("timings", "cache", "run")
_MAX_COMPONENT = 80


class BatchError(NlbriefError):
    """A batch run cannot start or go on (the output folder is in use, Ray failed, ...)."""


# ---------------------------------------------------------------------------------------------
# Options
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchOptions:
    """What every letter of a run is given: task, formats and the single commands' settings.

    Args:
        task: "translate" or "summarise".
        formats: output formats, each one file per letter ("md", "json", "html").
        translator: the translator options of the single commands (its ``extra`` carries backend
            options such as a fixed ``max_new_tokens`` for benchmarks).
        summarise: the summariser options, for task "summarise".
        max_size_mb: the size limit of one letter (None: the single commands' default).
    """

    task: str = "translate"
    formats: tuple[str, ...] = DEFAULT_FORMATS
    translator: TranslatorSettings = field(default_factory=TranslatorSettings)
    summarise: SummariseOptions = field(default_factory=SummariseOptions)
    max_size_mb: float | None = None

    @property
    def lang(self) -> str:
        return self.summarise.lang if self.task == "summarise" else "en"

    @property
    def needs_translator(self) -> bool:
        return self.task == "translate" or self.lang == "en"

    def validate(self) -> None:
        """Raises ConfigError for an unknown task or format, or options that do not fit the task."""
        if self.task not in TASKS:
            raise ConfigError(f"Unknown task {self.task!r}: use one of {', '.join(TASKS)}.")
        if not self.formats:
            raise ConfigError("--format needs at least one of md, json, html.")
        bad = [f for f in self.formats if f not in FORMATS]
        if bad:
            raise ConfigError(f"Unknown format {bad[0]!r} in --format: use a comma-separated list of "
                              f"{', '.join(FORMATS)}.")
        if self.task == "summarise":
            self.summarise.validate()
        elif self.summarise.lang != "en":
            raise ConfigError("--task translate always translates into English; --lang nl is for "
                              "--task summarise (a Dutch brief).")

    def key(self) -> str:
        """A short hash of every option that changes an output (not device, threads, batch size)."""
        data: dict[str, Any] = {"task": self.task, "formats": sorted(self.formats)}
        if self.task == "summarise":
            opts = asdict(self.summarise)
            for neutral in ("device", "threads"):
                opts.pop(neutral, None)
            data["summarise"] = opts
        if self.needs_translator:
            s = self.translator
            data["translator"] = {
                "name": s.name, "model": s.model, "beam_size": s.beam_size,
                "glossary": _file_digest(s.glossary) if s.glossary else None,
                "extra": dict(s.extra),
            }
        text = json.dumps(data, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def parse_formats(text: str) -> tuple[str, ...]:
    """"json,md" -> ("md", "json"): known formats in a fixed order (ConfigError for others)."""
    asked = [part.strip().lower() for part in text.split(",") if part.strip()]
    bad = [f for f in asked if f not in FORMATS]
    if bad or not asked:
        raise ConfigError(f"--format {text!r}: use a comma-separated list of {', '.join(FORMATS)}.")
    return tuple(f for f in FORMATS if f in asked)


def _file_digest(path: str) -> str:
    digest = _hash_file(Path(path))
    return digest[:16] if digest else f"unreadable:{path}"


# ---------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterTask:
    """One input letter: its id, output name and where to read it.

    ``path`` is set for files (absolute, what the worker reads); ``data`` for dataset rows (the
    text as UTF-8, or the raw bytes of a binary column). ``source`` is what the outputs and the
    manifest show: the path as given, or ``INPUT[row]`` for a dataset row. ``sha256`` is set by
    the run only where an earlier manifest row must be compared (the worker records the hash of
    what it read). ``skip`` is set for an entry that is not processed at all (a repeated id), with
    the reason.
    """

    id: str
    name: str
    source: str
    order: int
    path: str | None = None
    data: bytes | None = None
    sha256: str | None = None
    skip: str | None = None

    def to_row(self) -> dict[str, Any]:
        """A flat record for Ray Data (JSON text plus the bytes)."""
        meta = {k: v for k, v in asdict(self).items() if k != "data"}
        return {"task": json.dumps(meta), "data": self.data if self.data is not None else b"",
                "has_data": self.data is not None}

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> LetterTask:
        meta = json.loads(row["task"])
        return cls(**meta, data=bytes(row["data"]) if row["has_data"] else None)


def _hash_file(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None  # the worker reports the error in the read stage's words
    return digest.hexdigest()


def _is_saved_dataset(path: Path) -> bool:
    return any((path / name).is_file() for name in ("state.json", "dataset_dict.json", "dataset_info.json"))


def discover(input_path: str | Path, *, out_dir: Path | None = None) -> list[LetterTask]:
    """The letters of ``input_path`` in a stable order, with ids, safe output names and hashes.

    Raises:
        InputError: the input does not exist, is a single letter, or a dataset without
            ``id``/``text`` columns.
    """
    arg = str(input_path)
    path = Path(arg)
    if not path.exists():
        raise InputError(f"{arg}: no such file or folder. Pass a folder of letters, a text file "
                         "listing paths, or a JSONL, Parquet or saved `datasets` dataset.")
    if path.is_dir():
        if _is_saved_dataset(path):
            entries = _saved_dataset_entries(path, arg)
        else:
            entries = _folder_entries(path, arg, out_dir)
    elif path.suffix.lower() in (".jsonl", ".ndjson"):
        entries = _jsonl_entries(path, arg)
    elif path.suffix.lower() == ".parquet":
        entries = _parquet_entries(path, arg)
    elif path.suffix.lower() == ".pdf":
        raise InputError(f"{arg} is one letter. Use `nlbrief translate` or `nlbrief summarise` for one "
                         "letter; `nlbrief batch` takes a folder, a list of paths or a dataset.")
    else:
        entries = _list_entries(path, arg)
    if not entries:
        what = "no .txt or .pdf files" if path.is_dir() and not _is_saved_dataset(path) else "no rows"
        raise InputError(f"{arg} holds {what}: there are no letters to process.")
    return _assign_names(entries)


@dataclass
class _Entry:
    id: str
    source: str
    path: str | None = None
    data: bytes | None = None
    stem: str | None = None  # the id without a letter suffix: the preferred output name


def _strip_suffix(text: str) -> str:
    lower = text.lower()
    for suffix in LETTER_SUFFIXES:
        if lower.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def _folder_entries(root: Path, arg: str, out_dir: Path | None) -> list[_Entry]:
    skip_dir = out_dir.resolve() if out_dir is not None else None
    found: list[tuple[str, Path]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d for d in dirnames
            if not d.startswith(".") and (skip_dir is None or (here / d).resolve() != skip_dir)
        )
        for name in filenames:
            if name.startswith(".") or not name.lower().endswith(LETTER_SUFFIXES):
                continue
            file = here / name
            found.append((file.relative_to(root).as_posix(), file))
    found.sort(key=lambda item: item[0])
    return [
        _Entry(id=rel, source=os.path.join(arg, rel), path=str(file.resolve()), stem=_strip_suffix(rel))
        for rel, file in found
    ]


def _list_entries(listing: Path, arg: str) -> list[_Entry]:
    try:
        text = listing.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{arg} cannot be read as a list of paths: {err}.") from None
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    base = listing.parent
    resolved = [(line, Path(line) if os.path.isabs(line) else base / line) for line in lines]
    plausible = sum(1 for line, p in resolved if p.is_file() or line.lower().endswith(LETTER_SUFFIXES))
    if not lines or plausible * 2 < len(lines):
        raise InputError(
            f"{arg} does not look like a list of paths (one letter file per line): most of its lines "
            "name no file. To translate or brief one letter use `nlbrief translate` or `nlbrief "
            "summarise`; `nlbrief batch` takes a folder, a list of paths or a dataset."
        )
    entries = []
    for line, p in resolved:
        shown = line if os.path.isabs(line) else os.path.normpath(os.path.join(os.path.dirname(arg), line))
        entries.append(_Entry(id=line, source=shown, path=str(p.resolve()), stem=_strip_suffix(line)))
    return entries


def _require_columns(arg: str, columns: Iterable[str]) -> None:
    cols = list(columns)
    if "id" not in cols or "text" not in cols:
        raise InputError(
            f"{arg} needs an `id` and a `text` column; it has {', '.join(map(str, cols)) or 'none'}."
        )


def _row_entry(arg: str, index: int, row: dict[str, Any], columns: Iterable[str]) -> _Entry:
    _require_columns(arg, columns)
    rid = row.get("id")
    if rid is None or str(rid).strip() == "":
        raise InputError(f"{arg}: row {index} has no id. Every row needs a unique `id`.")
    value = row.get("text")
    if value is None:
        data = b""
    elif isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)  # the raw bytes of a file (a PDF, or text in any encoding)
    else:
        data = str(value).encode("utf-8")
    return _Entry(id=str(rid), source=f"{arg}[{index}]", data=data)


def _jsonl_entries(path: Path, arg: str) -> list[_Entry]:
    entries = []
    try:
        with path.open(encoding="utf-8-sig") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except ValueError as err:
                    raise InputError(f"{arg}, line {number}, is not JSON ({err}). Every line must be "
                                     "one object with an `id` and a `text`.") from None
                if not isinstance(row, dict):
                    raise InputError(f"{arg}, line {number}, is not a JSON object with `id` and `text`.")
                entries.append(_row_entry(arg, len(entries), row, row.keys()))
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{arg} cannot be read: {err}.") from None
    return entries


def _parquet_entries(path: Path, arg: str) -> list[_Entry]:
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
        names = schema.names
        _require_columns(arg, names)
        table = pq.read_table(path, columns=["id", "text"])
    except InputError:
        raise
    except Exception as err:  # pyarrow raises several kinds on a damaged file
        raise InputError(f"{arg} cannot be read as Parquet: {err}.") from None
    return [_row_entry(arg, i, row, names) for i, row in enumerate(table.to_pylist())]


def _saved_dataset_entries(path: Path, arg: str) -> list[_Entry]:
    from datasets import DatasetDict, load_from_disk

    try:
        data = load_from_disk(str(path))
    except Exception as err:  # datasets raises FileNotFoundError, ValueError, ...
        raise InputError(f"{arg} cannot be loaded as a saved `datasets` dataset: {err}.") from None
    if isinstance(data, DatasetDict):
        splits = list(data)
        if len(splits) != 1:
            raise InputError(f"{arg} holds the splits {', '.join(splits)}: pass one split's folder, "
                             f"for example {os.path.join(arg, splits[0])}.")
        data = data[splits[0]]
    names = list(data.column_names)
    _require_columns(arg, names)
    return [_row_entry(arg, i, row, names) for i, row in enumerate(data.select_columns(["id", "text"]))]


_UNSAFE_RE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(letter_id: str) -> str:
    """A relative output name for ``letter_id`` that cannot leave the output folder.

    Each path component keeps ASCII letters, digits, ``.``, ``_`` and ``-`` (accents are dropped,
    anything else becomes ``_``); empty, ``.`` and ``..`` components and leading dots go, so no
    name is absolute, hidden or climbs up. Where anything changed, or a component was shortened,
    a short hash of the id is appended, so different ids keep different names.
    """
    parts: list[str] = []
    shortened = False
    for comp in letter_id.replace("\\", "/").split("/"):
        ascii_comp = unicodedata.normalize("NFKD", comp).encode("ascii", "ignore").decode("ascii")
        clean = _UNSAFE_RE.sub("_", ascii_comp).lstrip(".-_").rstrip(".")
        if len(clean) > _MAX_COMPONENT:
            clean, shortened = clean[:_MAX_COMPONENT].rstrip("."), True
        if clean:
            parts.append(clean)
    parts = parts[-8:] if len(parts) > 8 else parts  # a bounded depth
    name = "/".join(parts) or "letter"
    if name != letter_id or shortened:
        name = f"{name}-{hashlib.sha256(letter_id.encode('utf-8')).hexdigest()[:8]}"
    return name


def _assign_names(entries: list[_Entry]) -> list[LetterTask]:
    """Safe names, unique within the input (case-insensitively); repeated ids are skipped."""
    tasks: list[LetterTask] = []
    first_of: dict[str, int] = {}
    repeats: dict[str, int] = {}
    taken: set[str] = set()
    for order, entry in enumerate(entries):
        if entry.id in first_of:
            first = entries[first_of[entry.id]]
            repeats[entry.id] = repeats.get(entry.id, 0) + 1
            tasks.append(LetterTask(
                id=f"{entry.id}#dup{repeats[entry.id]}", name="", source=entry.source, order=order,
                skip=f"repeats the id {entry.id!r} of {first.source}; only the first is processed.",
            ))
            continue
        first_of[entry.id] = order
        name = safe_name(entry.stem if entry.stem is not None else entry.id)
        if name.casefold() in taken:  # "a.txt" next to "a.pdf", or names equal but for case
            name = safe_name(entry.id)
            if name.casefold() in taken:
                name = f"{name}-{hashlib.sha256(entry.id.encode('utf-8')).hexdigest()[:8]}"
        taken.add(name.casefold())
        tasks.append(LetterTask(id=entry.id, name=name, source=entry.source, order=order, path=entry.path,
                                data=entry.data))
    return tasks


def task_digest(task: LetterTask) -> str | None:
    """The sha256 of a task's bytes (None for a file that cannot be read: the worker says why)."""
    if task.data is not None:
        return hashlib.sha256(task.data).hexdigest()
    return _hash_file(Path(task.path)) if task.path is not None else None


# ---------------------------------------------------------------------------------------------
# The per-letter work (runs in a worker: this process, a pool process or a Ray actor)
# ---------------------------------------------------------------------------------------------


def read_task(task: LetterTask, max_size_mb: float | None = None) -> RawDocument:
    """The read stage for one task: `read_path` for a file, `read_bytes` for a dataset row."""
    from .read import read_bytes, read_path

    if task.path is not None:
        doc = read_path(task.path, max_size_mb=max_size_mb)
        return replace(doc, source=replace(doc.source, path=task.source))
    return read_bytes(task.data or b"", name=task.id, max_size_mb=max_size_mb)


class LetterWorker:
    """Holds the models of one worker (loaded once, by `prepare`) and processes letters.

    `process` never raises for a bad letter: it returns a failed result with the reason. Errors
    that concern every letter (a missing model, bad options) are raised by `prepare`.
    """

    def __init__(self, options: BatchOptions) -> None:
        self.options = options
        self.translator: Any = None
        self.abstractor: Any = None
        self._ready = False

    def prepare(self) -> None:
        """Build the translator and the summariser (the backends cache the models per process)."""
        if self._ready:
            return
        opts = self.options
        opts.validate()
        if opts.task == "summarise":
            from .summarise import build_abstractor, build_translator

            self.abstractor = build_abstractor(opts.summarise)
            if opts.needs_translator:
                self.translator = build_translator(opts.translator)
        else:
            self.translator = opts.translator.build()
        self._ready = True

    def _cache_counts(self) -> tuple[int, int]:
        if self.translator is None:
            return 0, 0
        return int(getattr(self.translator, "hits", 0) or 0), int(getattr(self.translator, "misses", 0) or 0)

    def process(self, task: LetterTask) -> dict[str, Any]:
        """Read, parse, translate or summarise, and render one letter; never raises for the letter."""
        self.prepare()
        start = time.perf_counter()
        timings: dict[str, float] = {}
        hits0, misses0 = self._cache_counts()
        result: dict[str, Any] = {"id": task.id, "sha256": task.sha256, "status": "failed", "reason": None,
                                  "outputs": {}, "counts": {}, "nothing_lost": None}
        try:
            from . import pipeline

            mark = time.perf_counter()
            doc = read_task(task, self.options.max_size_mb)
            result["sha256"] = doc.source.sha256
            timings["read"] = time.perf_counter() - mark
            mark = time.perf_counter()
            loaded = pipeline.parse_document(doc)
            letter = loaded.letter
            result["nothing_lost"] = loaded.nothing_lost
            timings["parse"] = time.perf_counter() - mark
            counts = {"sections": len(letter.sections),
                      "sentences": sum(1 for _ in letter.iter_sentences()),
                      "footnotes": len(letter.footnotes)}
            mark = time.perf_counter()
            if self.options.task == "translate":
                from .render.translation import render_translation

                translation = pipeline.translate(loaded, self.translator)
                timings["work"] = time.perf_counter() - mark
                counts["segments"] = translation.coverage.segments
                mark = time.perf_counter()
                outputs = {fmt: render_translation(translation, fmt) for fmt in self.options.formats}
            else:
                from .render.brief import render_brief

                brief = pipeline.summarise(loaded, self.options.summarise, abstractor=self.abstractor,
                                           translator=self.translator)
                timings["work"] = time.perf_counter() - mark
                counts["brief_sentences"] = sum(len(s.sentences) for s in brief.sections)
                mark = time.perf_counter()
                outputs = {fmt: render_brief(brief, fmt, letter) for fmt in self.options.formats}
            timings["render"] = time.perf_counter() - mark
            result.update(status="done", outputs=outputs, counts=counts)
        except NlbriefError as err:
            reason = " ".join(str(err).split())
            # The reader names the absolute path it was given; show the path as the input gave it.
            result["reason"] = reason.replace(task.path, task.source) if task.path else reason
        except Exception as err:  # a bug on one letter must not stop the archive
            result["reason"] = f"internal error ({type(err).__name__}: {' '.join(str(err).split())[:500]})"
            if os.environ.get("NLBRIEF_DEBUG"):
                import traceback

                traceback.print_exc()
        if result["status"] == "failed" and result["sha256"] is None:
            # Read failed before hashing (too large, unreadable): the rerun still needs the hash to
            # keep this failure rather than retry it without --retry-failed.
            result["sha256"] = task_digest(task)
        hits1, misses1 = self._cache_counts()
        timings["total"] = time.perf_counter() - start
        result["timings"] = {k: round(v, 4) for k, v in timings.items()}
        result["cache"] = {"hits": hits1 - hits0, "misses": misses1 - misses0}
        result["run"] = {"worker": f"{_hostname()}:{os.getpid()}", "peak_rss_mb": peak_rss_mb(),
                         "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        return result


def _hostname() -> str:
    import socket

    return socket.gethostname()


# ---------------------------------------------------------------------------------------------
# Files: atomic writes, the manifest
# ---------------------------------------------------------------------------------------------


def output_path(out_dir: Path, name: str, fmt: str) -> Path:
    """``out_dir/name.fmt``, refusing anything that would resolve outside ``out_dir``."""
    base = out_dir.resolve()
    path = base / f"{name}.{fmt}"
    # The nearest folder that exists, with links resolved: a link inside the output folder must
    # not lead a name elsewhere either.
    existing = path.parent
    while not existing.exists() and existing != base and base in existing.parents:
        existing = existing.parent
    real = Path(os.path.realpath(existing))
    if Path(name).is_absolute() or ".." in Path(name).parts or not (real == base or base in real.parents):
        raise BatchError(f"The output name {name!r} would leave {out_dir}; refusing to write it.")
    return path


def sweep_temp_files(out_dir: Path) -> int:
    """Remove the temporary files a killed run left in ``out_dir``; returns how many."""
    removed = 0
    for dirpath, _dirnames, filenames in os.walk(out_dir):
        for name in filenames:
            if name.endswith(TMP_SUFFIX):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(dirpath, name))
                    removed += 1
    return removed


def read_manifest(path: Path) -> dict[str, dict[str, Any]]:
    """The manifest's rows by id, the last row of an id winning; a torn or broken line is ignored."""
    rows: dict[str, dict[str, Any]] = {}
    if not path.exists():
        return rows
    with path.open("rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                break  # a line cut off by a kill: its letter was not committed
            try:
                row = json.loads(raw)
            except ValueError:
                continue
            if isinstance(row, dict) and isinstance(row.get("id"), str):
                rows.pop(row["id"], None)  # keep rows in the order they were last written
                rows[row["id"]] = row
    return rows


class ManifestJournal:
    """Appends manifest rows, each flushed and fsynced, after cutting off a torn last line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._repair_tail()
        self._fh = open(path, "ab")  # noqa: SIM115  (held open for the run)

    def _repair_tail(self) -> None:
        if not self.path.exists():
            return
        with open(self.path, "r+b") as fh:
            data = fh.read()  # `read_manifest` has just read it all too: rows are small
            if data and not data.endswith(b"\n"):
                fh.truncate(data.rfind(b"\n") + 1)  # cut after the last complete line
                fh.flush()
                os.fsync(fh.fileno())

    def append(self, row: dict[str, Any]) -> None:
        self._fh.write(manifest_line(row))
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def close(self) -> None:
        self._fh.close()


def manifest_line(row: dict[str, Any]) -> bytes:
    return (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")


def comparable(row: dict[str, Any]) -> dict[str, Any]:
    """A manifest row without the fields that depend on the run (`RUN_FIELDS`)."""
    return {k: v for k, v in row.items() if k not in RUN_FIELDS}


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """One run per output folder at a time (released by the OS if the run is killed)."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; runs must not overlap
        yield
        return
    fh = open(out_dir / LOCK_FILE, "a+b")  # noqa: SIM115
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise BatchError(f"Another `nlbrief batch` run is writing to {out_dir}. Wait for it to end, "
                             "or pass another --out folder.") from None
        yield
    finally:
        fh.close()


# ---------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------


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
    """Hooks a run calls as it goes (no-ops here; see `console_progress`)."""

    def start(self, todo: int, already: int) -> None: ...

    def letter(self, row: dict[str, Any]) -> None: ...

    def close(self) -> None: ...


class _ConsoleProgress(Progress):
    """A tqdm bar on a terminal; otherwise a log line per failed letter and every 30 seconds."""

    def __init__(self, bar: bool) -> None:
        self.bar_enabled = bar
        self.bar: Any = None
        self.done = self.failed = self.todo = 0
        self.started = time.monotonic()
        self.last_log = self.started

    def start(self, todo: int, already: int) -> None:
        self.todo = todo
        self.started = self.last_log = time.monotonic()
        if already:
            self._log(f"{already} letters already done: skipped.")
        if self.bar_enabled and todo:
            from tqdm import tqdm

            self.bar = tqdm(total=todo, desc="letters", unit="letter", file=sys.stderr, dynamic_ncols=True)

    def letter(self, row: dict[str, Any]) -> None:
        if row["status"] == "done":
            self.done += 1
        else:
            self.failed += 1
        if self.bar is not None:
            self.bar.set_postfix(done=self.done, failed=self.failed, refresh=False)
            self.bar.update(1)
            if row["status"] == "failed":
                self.bar.write(f"nlbrief: failed: {row['id']}: {row.get('reason')}", file=sys.stderr)
            return
        if row["status"] == "failed":
            self._log(f"failed: {row['id']}: {row.get('reason')}")
        now = time.monotonic()
        if now - self.last_log >= 30:
            self.last_log = now
            n = self.done + self.failed
            rate = n / ((now - self.started) / 60)
            eta = (self.todo - n) / rate if rate else 0
            self._log(f"{n}/{self.todo} letters ({self.done} done, {self.failed} failed), "
                      f"{rate:.1f} letters/min, about {eta:.0f} min left.")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()

    @staticmethod
    def _log(text: str) -> None:
        print(f"nlbrief: {text}", file=sys.stderr, flush=True)


def console_progress(quiet: bool) -> Progress:
    """Progress on stderr: a bar on a terminal, log lines otherwise, nothing with ``quiet``."""
    if quiet:
        return Progress()
    return _ConsoleProgress(bar=sys.stderr.isatty())


def _outputs_intact(out_dir: Path, row: dict[str, Any]) -> bool:
    outputs = row.get("outputs") or {}
    if not outputs:
        return False
    for rel, digest in outputs.items():
        try:
            data = (out_dir / rel).read_bytes()
        except OSError:
            return False
        if hashlib.sha256(data).hexdigest() != digest:
            return False
    return True


def _is_current(task: LetterTask, prev: dict[str, Any], key: str, out_dir: Path, retry_failed: bool) -> bool:
    """Whether the earlier row of ``task`` stands (same source, options and name; outputs intact,
    or a failure not to be retried)."""
    if (prev.get("sha256"), prev.get("options"), prev.get("name")) != (task.sha256, key, task.name):
        return False
    if prev.get("status") == "done":
        return _outputs_intact(out_dir, prev)
    return prev.get("status") == "failed" and not retry_failed


class _Committer:
    """Writes a finished letter's outputs and then its manifest row (the order that makes it safe)."""

    def __init__(self, out_dir: Path, journal: ManifestJournal, key: str, options: BatchOptions,
                 previous: dict[str, dict[str, Any]]) -> None:
        self.out_dir = out_dir
        self.journal = journal
        self.key = key
        self.options = options
        self.previous = previous
        self.rows: dict[str, dict[str, Any]] = {}

    def commit(self, task: LetterTask, result: dict[str, Any]) -> dict[str, Any]:
        try:
            return self._commit(task, result)
        except OSError as err:
            raise BatchError(
                f"Could not write the results of {task.id} to {self.out_dir}: {err.strerror or err}. "
                "Letters written so far are kept; free space or fix the permissions, then rerun the "
                "same command to go on."
            ) from None

    def _commit(self, task: LetterTask, result: dict[str, Any]) -> dict[str, Any]:
        outputs: dict[str, str] = {}
        dirs: set[Path] = set()
        if result["status"] == "done":
            for fmt in self.options.formats:
                data = result["outputs"][fmt].encode("utf-8")
                path = output_path(self.out_dir, task.name, fmt)
                atomic_write(path, data, sync_dir=False)
                dirs.add(path.parent)
                outputs[path.relative_to(self.out_dir.resolve()).as_posix()] = hashlib.sha256(data).hexdigest()
        for d in dirs:
            fsync_dir(d)
        # Outputs of an earlier version of this letter that this one does not have (other formats,
        # or the letter failed now): removed before the row says so.
        prev = self.previous.get(task.id)
        for rel in (prev or {}).get("outputs") or {}:
            if rel not in outputs:
                with contextlib.suppress(OSError):
                    (self.out_dir / rel).unlink()
        row = build_row(task, self.key, self.options, result, outputs)
        self.journal.append(row)
        self.rows[task.id] = row
        return row


def build_row(task: LetterTask, key: str, options: BatchOptions, result: dict[str, Any] | None,
              outputs: dict[str, str] | None = None) -> dict[str, Any]:
    """A manifest row. Its key order is fixed, so equal rows are equal bytes."""
    result = result or {}
    counts = result.get("counts") or {}
    return {
        "id": task.id,
        "name": task.name,
        "source": task.source,
        "sha256": result.get("sha256", task.sha256),
        "task": options.task,
        "lang": options.lang,
        "options": key,
        "status": result.get("status", "skipped" if task.skip else "failed"),
        "reason": result.get("reason", task.skip),
        "outputs": outputs or {},
        "sections": counts.get("sections"),
        "sentences": counts.get("sentences"),
        "footnotes": counts.get("footnotes"),
        "segments": counts.get("segments"),
        "brief_sentences": counts.get("brief_sentences"),
        "nothing_lost": result.get("nothing_lost"),
        "timings": result.get("timings", {}),
        "cache": result.get("cache", {}),
        "run": result.get("run", {}),
    }


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
    """Process every letter of ``input_path`` into ``out_dir`` (see the module docstring).

    Args:
        input_path: a folder, a list of paths, or a dataset (JSONL, Parquet, saved `datasets`).
        out_dir: the output folder (made if missing).
        options: task, formats, translator and summariser settings (`BatchOptions`).
        engine: "local" or "ray".
        workers: local: processes (1: this process); ray: actors (None: one per CPU, or per GPU).
        retry_failed: process letters that failed before (with the same source and options) again.
        export: "parquet" to also write ``out_dir/results.parquet`` with every letter's results.
        ray_address: the Ray cluster to join (None: start a local Ray).
        cpus_per_worker, gpus_per_worker: resources of each Ray actor.
        progress: hooks called as letters finish (`console_progress`).

    Raises:
        InputError, ConfigError, BatchError, ModelNotFoundError: problems that stop the whole run
            (bad input or options, a missing model, a folder in use); a bad letter never raises.
    """
    options.validate()
    if engine not in ENGINES:
        raise ConfigError(f"Unknown engine {engine!r}: use local or ray.")
    if export is not None and export not in EXPORTS:
        raise ConfigError(f"Unknown export {export!r}: use parquet.")
    if workers is not None and workers < 1:
        raise ConfigError(f"--workers must be at least 1, not {workers}.")
    progress = progress or Progress()
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} is a file; pass a folder (it is made if missing).")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"--out {out} cannot be made: {err.strerror or err}.") from None
    tasks = discover(input_path, out_dir=out)
    report = BatchReport(letters=len(tasks), manifest=out / MANIFEST)
    with _locked(out):
        sweep_temp_files(out)
        key = options.key()
        manifest = out / MANIFEST
        previous = read_manifest(manifest)
        todo: list[LetterTask] = []
        for task in tasks:
            if task.skip is not None:
                continue
            prev = previous.get(task.id)
            if prev is not None:
                # Read here only to compare with the earlier row; a new letter is hashed by the
                # worker, which reads it anyway.
                task = replace(task, sha256=task_digest(task))
                if _is_current(task, prev, key, out, retry_failed):
                    report.already_done += 1 if prev["status"] == "done" else 0
                    continue
            todo.append(task)
        journal = ManifestJournal(manifest)
        committer = _Committer(out, journal, key, options, previous)

        def on_result(task: LetterTask, result: dict[str, Any]) -> None:
            row = committer.commit(task, result)
            report.processed += 1
            report.sentences += row.get("sentences") or 0
            report.cache_hits += (row.get("cache") or {}).get("hits", 0)
            report.cache_misses += (row.get("cache") or {}).get("misses", 0)
            progress.letter(row)

        start = time.perf_counter()
        progress.start(len(todo), report.already_done)
        try:
            if todo:
                if engine == "ray":
                    from .batch_ray import run_ray

                    run_ray(todo, options, on_result, workers=workers, address=ray_address,
                            cpus_per_worker=cpus_per_worker, gpus_per_worker=gpus_per_worker)
                else:
                    run_local(todo, options, on_result, workers=workers or 1)
        finally:
            progress.close()
            journal.close()
        report.seconds = time.perf_counter() - start
        final = _final_rows(tasks, previous, committer.rows, key, options)
        compact_manifest(manifest, final)
        for task in tasks:
            row = final[task.id]
            status = row["status"]
            if status == "done":
                report.done += 1
            elif status == "failed":
                report.failed += 1
                report.failures.append((task.id, row.get("reason") or ""))
            else:
                report.skipped += 1
        if export == "parquet":
            report.export = export_parquet(out, list(final.values()))
    return report


def _final_rows(tasks: list[LetterTask], previous: dict[str, dict[str, Any]], now: dict[str, dict[str, Any]],
                key: str, options: BatchOptions) -> dict[str, dict[str, Any]]:
    """One row per letter: this input's in input order, then rows of letters no longer in it."""
    final: dict[str, dict[str, Any]] = {}
    for task in tasks:
        if task.id in now:
            final[task.id] = now[task.id]
        elif task.skip is not None:
            final[task.id] = build_row(task, key, options, None)
        else:
            final[task.id] = previous[task.id]
    for rid, row in previous.items():
        if rid not in final:
            final[rid] = row
    return final


def compact_manifest(path: Path, rows: dict[str, dict[str, Any]]) -> None:
    """Rewrite the journal as one row per letter, atomically."""
    atomic_write(path, b"".join(manifest_line(row) for row in rows.values()))


def export_parquet(out_dir: Path, rows: list[dict[str, Any]]) -> Path:
    """All results as ``out_dir/results.parquet``: the manifest's fields and one column per format.

    Load it with ``datasets.Dataset.from_parquet(path)`` (or pandas, pyarrow, DuckDB ...).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns: dict[str, list[Any]] = {name: [] for name in (
        "id", "name", "source", "sha256", "task", "lang", "options", "status", "reason",
        "sections", "sentences", "footnotes", "segments", "brief_sentences", "nothing_lost")}
    texts: dict[str, list[str | None]] = {fmt: [] for fmt in FORMATS}
    for row in rows:
        for name in columns:
            columns[name].append(row.get(name))
        by_fmt = {rel.rsplit(".", 1)[-1]: rel for rel in (row.get("outputs") or {})}
        for fmt in FORMATS:
            rel = by_fmt.get(fmt)
            texts[fmt].append((out_dir / rel).read_text(encoding="utf-8") if rel else None)
    ints = ("sections", "sentences", "footnotes", "segments", "brief_sentences")
    arrays = {name: pa.array(values, type=pa.int64() if name in ints else
                             pa.bool_() if name == "nothing_lost" else pa.string())
              for name, values in columns.items()}
    for fmt in FORMATS:
        if any(v is not None for v in texts[fmt]):
            arrays[fmt] = pa.array(texts[fmt], type=pa.string())
    path = out_dir / EXPORT_FILE
    with atomic_path(path) as tmp:
        pq.write_table(pa.table(arrays), tmp)
    return path


# ---------------------------------------------------------------------------------------------
# The local engine
# ---------------------------------------------------------------------------------------------

_POOL_WORKER: LetterWorker | None = None


def _pool_init(options: BatchOptions, threads: int) -> None:
    # Each process gets its share of the cores; set before torch is imported in this process.
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(threads))
    global _POOL_WORKER
    _POOL_WORKER = LetterWorker(options)


def _pool_process(task: LetterTask) -> dict[str, Any]:
    assert _POOL_WORKER is not None
    return _POOL_WORKER.process(task)


def run_local(todo: list[LetterTask], options: BatchOptions,
              on_result: Callable[[LetterTask, dict[str, Any]], None], *, workers: int = 1) -> None:
    """Process ``todo`` here (one worker) or in ``workers`` processes, committing as results come."""
    if workers <= 1:
        worker = LetterWorker(options)
        worker.prepare()
        for task in todo:
            on_result(task, worker.process(task))
        return
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    threads = max(1, usable_cores() // workers)
    # spawn: a clean process per worker (forking a process that holds threads and models is unsafe).
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_pool_init,
                             initargs=(options, threads)) as pool:
        queue = iter(todo)
        pending: dict[Future[dict[str, Any]], LetterTask] = {}

        def submit() -> None:
            task = next(queue, None)
            if task is not None:
                pending[pool.submit(_pool_process, task)] = task

        for _ in range(2 * workers):
            submit()
        try:
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    task = pending.pop(future)
                    on_result(task, future.result())  # a worker's NlbriefError (no model) stops the run
                    submit()
        except BaseException:
            for future in pending:
                future.cancel()
            raise
