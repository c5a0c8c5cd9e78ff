"""The letters of a batch input: a folder, a list of paths, or a dataset (JSONL, Parquet, saved).

`discover` turns an input into `LetterTask` s in a stable order, each with an id, a safe output
name and where to read it. Entries that must not be read at all are tasks too, with the reason:
``skip`` (a repeated id, a FIFO or device in a folder, a link leading out of the folder) or
``fail`` (a listed path that is not a regular file, a dataset ``text`` that is not text). Only an
input that cannot be read as a whole raises.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..fileio import describe_mode, hash_file, open_regular
from ..read import LETTER_SUFFIXES
from .paths import safe_name, short_hash

_DATASET_FILES = ("state.json", "dataset_dict.json", "dataset_info.json")
_INPUT_HELP = "Pass a folder of letters, a text file listing paths, or a JSONL, Parquet or saved `datasets` dataset."


@dataclass(frozen=True)
class LetterTask:
    """One input letter: its id, output name and where to read it.

    ``path`` is set for files (absolute, what the worker reads); ``data`` for dataset rows (the
    text as UTF-8, or the raw bytes of a binary column). ``source`` is what the outputs and the
    manifest show: the path as given, or ``INPUT[row]`` for a dataset row; ``origin`` the same
    independently of how the input was spelled (an absolute path, or ``DATASET#id``). ``sha256``
    is set by the run only where an earlier manifest row must be compared (the worker records the
    hash of what it read). ``skip`` / ``fail`` hold the reason for an entry that is not processed at
    all and is recorded as skipped / failed.
    """

    id: str
    name: str
    source: str
    order: int
    path: str | None = None
    data: bytes | None = None
    sha256: str | None = None
    skip: str | None = None
    fail: str | None = None
    origin: str | None = None

    @property
    def settled(self) -> str | None:
        """The reason an entry is not processed (skipped or failed at discovery), else None."""
        return self.skip or self.fail

    def to_row(self) -> dict[str, Any]:
        """A flat record for Ray Data (JSON text plus the bytes)."""
        meta = {k: v for k, v in asdict(self).items() if k != "data"}
        return {"task": json.dumps(meta), "data": self.data if self.data is not None else b"",
                "has_data": self.data is not None}

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> LetterTask:
        """Inverse of `to_row`."""
        meta = json.loads(row["task"])
        return cls(**meta, data=bytes(row["data"]) if row["has_data"] else None)


@dataclass
class _Entry:
    id: str
    source: str
    path: str | None = None
    data: bytes | None = None
    stem: str | None = None  # the id without a letter suffix: the preferred output name
    skip: str | None = None
    fail: str | None = None
    origin: str | None = None


def _is_saved_dataset(path: Path) -> bool:
    return any((path / name).is_file() for name in _DATASET_FILES)


def discover(input_path: str | Path, *, out_dir: Path | None = None) -> list[LetterTask]:
    """The letters of ``input_path`` in a stable order, with ids and safe output names.

    Raises:
        InputError: the input does not exist, is not a regular file or folder, is a single
            letter, or a dataset without ``id``/``text`` columns; or it holds no letters.
    """
    arg = str(input_path)
    path = Path(arg)
    try:
        mode = path.stat().st_mode
    except OSError:
        raise InputError(f"{arg}: no such file or folder. {_INPUT_HELP}") from None
    if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
        raise InputError(f"{arg} is {describe_mode(mode)}, not a folder or a file. {_INPUT_HELP}")
    entries = _entries(path, arg, out_dir)
    if not entries:
        what = "no .txt or .pdf files" if path.is_dir() and not _is_saved_dataset(path) else "no rows"
        raise InputError(f"{arg} holds {what}: there are no letters to process.")
    return _assign_names(entries)


def _entries(path: Path, arg: str, out_dir: Path | None) -> list[_Entry]:
    if path.is_dir():
        if _is_saved_dataset(path):
            return _saved_dataset_entries(path, arg)
        return _folder_entries(path, arg, out_dir)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return _jsonl_entries(path, arg)
    if suffix == ".parquet":
        return _parquet_entries(path, arg)
    if suffix == ".pdf":
        raise InputError(f"{arg} is one letter. Use `nlbrief translate` or `nlbrief summarise` for one "
                         "letter; `nlbrief batch` takes a folder, a list of paths or a dataset.")
    return _list_entries(path, arg)


def _strip_suffix(text: str) -> str:
    lower = text.lower()
    for suffix in LETTER_SUFFIXES:
        if lower.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


# --- folders ----------------------------------------------------------------------------------


def _folder_file_problem(root_real: Path, file: Path) -> str | None:
    """Why a file found in a folder is not read (None: it is read)."""
    try:
        if file.is_symlink():
            target = Path(os.path.realpath(file))
            if root_real not in target.parents:
                return (f"is a link to {target}, outside the input folder: skipped (a batch reads only "
                        "what its folder holds; list such files in a list of paths instead).")
        mode = file.stat().st_mode
    except OSError as err:
        return f"cannot be read ({err.strerror or err}): skipped."
    if not stat.S_ISREG(mode):
        return f"is {describe_mode(mode)}, not a regular file: skipped (reading it could block)."
    return None


def _folder_entries(root: Path, arg: str, out_dir: Path | None) -> list[_Entry]:
    skip_dir = out_dir.resolve() if out_dir is not None else None
    root_real = Path(os.path.realpath(root))
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
    entries = []
    for rel, file in found:
        problem = _folder_file_problem(root_real, file)
        real = os.path.realpath(file)
        entries.append(_Entry(id=rel, source=os.path.join(arg, rel), path=real, stem=_strip_suffix(rel),
                              skip=problem, origin=str(root_real / rel)))
    return entries


# --- lists of paths ---------------------------------------------------------------------------


def _read_regular_text(path: Path, arg: str, what: str) -> str:
    try:
        fd = open_regular(path)
        with os.fdopen(fd, "rb") as fh:
            return fh.read().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{arg} cannot be read as {what}: {err}.") from None


def _listed_file_problem(path: Path) -> str | None:
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # missing or unreadable: the reader says so, in the single commands' words
    if stat.S_ISREG(mode):
        return None
    return f"{path} is {describe_mode(mode)}, not a regular file: nlbrief reads only letter files."


def _list_entries(listing: Path, arg: str) -> list[_Entry]:
    text = _read_regular_text(listing, arg, "a list of paths")
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
        real = str(p.resolve())
        entries.append(_Entry(id=line, source=shown, path=real, stem=_strip_suffix(line),
                              fail=_listed_file_problem(p), origin=real))
    return entries


# --- datasets ---------------------------------------------------------------------------------


def _require_columns(arg: str, columns: Iterable[str]) -> None:
    cols = list(columns)
    if "id" not in cols or "text" not in cols:
        raise InputError(
            f"{arg} needs an `id` and a `text` column; it has {', '.join(map(str, cols)) or 'none'}."
        )


def _text_bytes(value: object) -> tuple[bytes, str | None]:
    """A row's ``text`` as bytes, or the reason it is not a letter text."""
    if value is None:
        return b"", None  # the reader calls it empty
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value), None  # the raw bytes of a file (a PDF, or text in any encoding)
    if isinstance(value, str):
        try:
            return value.encode("utf-8"), None
        except UnicodeEncodeError:
            return b"", "its `text` holds a lone surrogate (not valid Unicode): there is no letter text to read."
    kinds = {dict: "an object", list: "a list", bool: "true or false", int: "a number", float: "a number"}
    kind = kinds.get(type(value), f"a {type(value).__name__}")
    return b"", f"its `text` is {kind}, not a string: there is no letter text to read."


def _row_entry(arg: str, index: int, row: dict[str, Any], columns: Iterable[str],
               dataset: str) -> _Entry:
    _require_columns(arg, columns)
    rid = row.get("id")
    if rid is None or str(rid).strip() == "":
        raise InputError(f"{arg}: row {index} has no id. Every row needs a unique `id`.")
    if not isinstance(rid, (str, int)) or isinstance(rid, bool):
        rid = json.dumps(rid, sort_keys=True, default=str)
    data, problem = _text_bytes(row.get("text"))
    return _Entry(id=str(rid), source=f"{arg}[{index}]", data=data, fail=problem,
                  origin=f"{dataset}#{rid}")


def _jsonl_entries(path: Path, arg: str) -> list[_Entry]:
    entries: list[_Entry] = []
    dataset = str(path.resolve())
    text = _read_regular_text(path, arg, "JSONL")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as err:
            raise InputError(f"{arg}, line {number}, is not JSON ({err}). Every line must be "
                             "one object with an `id` and a `text`.") from None
        if not isinstance(row, dict):
            raise InputError(f"{arg}, line {number}, is not a JSON object with `id` and `text`.")
        entries.append(_row_entry(arg, len(entries), row, row.keys(), dataset))
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
    dataset = str(path.resolve())
    return [_row_entry(arg, i, row, names, dataset) for i, row in enumerate(table.to_pylist())]


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
    dataset = str(path.resolve())
    return [_row_entry(arg, i, row, names, dataset)
            for i, row in enumerate(data.select_columns(["id", "text"]))]


# --- names ------------------------------------------------------------------------------------


def printable(text: str) -> str:
    """``text`` with what UTF-8 cannot hold (lone surrogates: a file name in another encoding, a
    broken JSON escape) written as backslash escapes, so ids and sources can go into the manifest
    and the outputs; text that is valid stays as it is."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _assign_names(entries: list[_Entry]) -> list[LetterTask]:
    """Safe names, unique within the input (case-insensitively); repeated ids are skipped."""
    for entry in entries:  # the path stays as the file system spells it: it is what is opened
        entry.id, entry.source, entry.stem = printable(entry.id), printable(entry.source), \
            printable(entry.stem) if entry.stem is not None else None
        entry.origin = printable(entry.origin) if entry.origin is not None else None
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
        name = ""
        if entry.skip is None and entry.fail is None:
            name = safe_name(entry.stem if entry.stem is not None else entry.id)
            if name.casefold() in taken:  # "a.txt" next to "a.pdf", or names equal but for case
                name = safe_name(entry.id)
                if name.casefold() in taken:
                    name = f"{name}-{short_hash(entry.id)}"
            taken.add(name.casefold())
        tasks.append(LetterTask(id=entry.id, name=name, source=entry.source, order=order, path=entry.path,
                                data=entry.data, skip=entry.skip, fail=entry.fail, origin=entry.origin))
    return tasks


def task_digest(task: LetterTask) -> str | None:
    """The sha256 of a task's bytes (None for a file that cannot be read: the worker says why)."""
    import hashlib

    if task.data is not None:
        return hashlib.sha256(task.data).hexdigest()
    return hash_file(task.path) if task.path is not None else None
