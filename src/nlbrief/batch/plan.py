"""The plan of a batch run: which letters to do, under which names, and which are settled.

Given the input's tasks and the rows an earlier run left in the manifest, the plan

- keeps a letter whose row stands (same source bytes, options and name; outputs intact);
- gives a distinct id and name (``ID@HASH``, ``NAME-HASH``) to a letter whose id is already in
  the manifest for a different letter (another file at another place, with other bytes: two
  inputs sharing ``--out``), and a distinct name to one whose name belongs to a letter that is
  not in this input, so that no run silently overwrites another's outputs;
- fails, with the reason, a letter whose outputs cannot be written: a name whose folder is
  another output file or one of the run's own files (``a`` next to ``a.md/x``,
  ``manifest.jsonl/x``), a path that exists as a folder, or a link in ``--out`` that leads out.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..fileio import open_regular
from ..model.manifest import ManifestRow
from .inputs import LetterTask, task_digest
from .options import BatchError, BatchOptions
from .paths import RESERVED, contained, output_path, short_hash


@dataclass
class Plan:
    """``tasks``: every letter of the input (renamed where needed) in input order; ``todo``: those
    to process now; ``claimed``: the output paths (relative, case-folded) that letters of this input
    or rows kept from earlier runs own, which no stale-output clean-up may delete."""

    tasks: list[LetterTask]
    todo: list[LetterTask] = field(default_factory=list)
    already_done: int = 0
    claimed: set[str] = field(default_factory=set)


def outputs_intact(out_dir: Path, row: ManifestRow) -> bool:
    """Whether every output of ``row`` is in ``out_dir`` (a regular file, not a link) with its hash."""
    if not row.outputs:
        return False
    for rel, digest in row.outputs.items():
        path = contained(out_dir, rel)
        if path is None or file_sha256(path) != digest:
            return False
    return True


def file_sha256(path: Path) -> str | None:
    """The sha256 of the regular file at ``path`` (a link or anything else: None)."""
    import os

    try:
        fd = open_regular(path, follow_links=False)
    except OSError:
        return None
    digest = hashlib.sha256()
    with os.fdopen(fd, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _is_current(task: LetterTask, prev: ManifestRow, key: str, out_dir: Path, retry_failed: bool) -> bool:
    """Whether the earlier row of ``task`` stands (same source, options and name; outputs intact,
    or a failure not to be retried)."""
    if (prev.sha256, prev.options, prev.name) != (task.sha256, key, task.name):
        return False
    if prev.status == "done":
        return outputs_intact(out_dir, prev)
    return prev.status in ("failed", "skipped") and not retry_failed


def _distinct_identity(task: LetterTask, previous: dict[str, ManifestRow]) -> LetterTask:
    """The task, or, when its id belongs in the manifest to another letter (another origin and
    other bytes), the task under ``ID@HASH`` and ``NAME-HASH`` (the hash of its origin: stable
    across reruns)."""
    prev = previous.get(task.id)
    if prev is None or prev.origin is None or task.origin is None or prev.origin == task.origin:
        return task
    digest = task.sha256 or task_digest(task)
    if digest is not None and digest == prev.sha256:
        return task  # the same letter, found at another place (a moved or differently named folder)
    tag = short_hash(task.origin)
    return replace(task, id=f"{task.id}@{tag}", name=f"{task.name}-{tag}", sha256=digest)


def _folders(name: str) -> list[str]:
    parts = name.split("/")
    return ["/".join(parts[:i]).casefold() for i in range(1, len(parts))]


class _Names:
    """The output files and folders claimed so far, to find clashes before anything is written."""

    def __init__(self, out_dir: Path, formats: tuple[str, ...]) -> None:
        self.out_dir = out_dir
        self.formats = formats
        self.files: set[str] = {r.casefold() for r in RESERVED}
        self.dirs: set[str] = set()
        self.names: set[str] = set()

    def claim_row(self, row: ManifestRow) -> None:
        for rel in row.outputs:
            self.files.add(rel.casefold())
            self.dirs.update(_folders(rel))
        if row.outputs:
            self.names.add(row.name.casefold())

    def rels(self, name: str) -> list[str]:
        return [f"{name}.{fmt}" for fmt in self.formats]

    def clash(self, name: str) -> str | None:
        """Why ``name``'s outputs cannot be written (None: they can)."""
        for folder in _folders(name):
            if folder in self.files:
                return f"its output folder {folder!r} is already a file of this output folder"
        for rel in self.rels(name):
            if rel.casefold() in self.dirs or rel.casefold() in self.files:
                return f"its output {rel!r} is already a folder or another letter's output"
        return self._clash_on_disk(name)

    def _clash_on_disk(self, name: str) -> str | None:
        try:
            paths = [output_path(self.out_dir, name, fmt) for fmt in self.formats]
        except BatchError as err:
            return str(err)
        base = self.out_dir.resolve()
        for path in paths:
            if path.is_dir():
                return f"its output {path.relative_to(base).as_posix()!r} exists as a folder"
            parent = path.parent
            while parent != base:
                if parent.exists() and not parent.is_dir():
                    return f"its output folder {parent.relative_to(base).as_posix()!r} exists as a file"
                parent = parent.parent
        return None

    def claim(self, name: str) -> None:
        for rel in self.rels(name):
            self.files.add(rel.casefold())
        self.dirs.update(_folders(name))
        self.names.add(name.casefold())


def plan_run(tasks: list[LetterTask], previous: dict[str, ManifestRow], out_dir: Path, options: BatchOptions,
             key: str, *, retry_failed: bool) -> Plan:
    """The plan of a run (see the module docstring)."""
    tasks = [_distinct_identity(t, previous) if t.settled is None else t for t in tasks]
    current = {t.id for t in tasks}
    names = _Names(out_dir, options.formats)
    for row in previous.values():
        if row.id not in current:  # a letter of another input, or one no longer in this one: kept
            names.claim_row(row)
    plan = Plan(tasks=[])
    for task in tasks:
        if task.settled is None:
            task = _settle_name(task, names)
        plan.tasks.append(task)
        if task.settled is not None:
            continue
        names.claim(task.name)
        prev = previous.get(task.id)
        if prev is not None:
            # Read here only to compare with the earlier row; a new letter is hashed by the
            # worker, which reads it anyway.
            task = replace(task, sha256=task.sha256 or task_digest(task))
            plan.tasks[-1] = task
            if _is_current(task, prev, key, out_dir, retry_failed):
                plan.already_done += 1 if prev.status == "done" else 0
                continue
        plan.todo.append(task)
    plan.claimed = names.files | names.dirs
    return plan


def _settle_name(task: LetterTask, names: _Names) -> LetterTask:
    """A name of its own for ``task`` (distinct from one a kept row owns), or the task failed."""
    if task.name.casefold() in names.names:
        tag = short_hash(task.origin or task.id)
        task = replace(task, name=f"{task.name}-{tag}")
    reason = names.clash(task.name)
    if reason is None:
        return task
    return replace(task, fail=f"{task.source}: {reason}; its outputs cannot be written, so it is not "
                              "processed. Rename the file, or pass another --out folder.")
