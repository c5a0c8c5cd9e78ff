"""Where a batch run writes: safe output names, paths that stay inside ``--out``, the lock.

Nothing here follows a link out of the output folder: output names cannot be absolute or climb,
a path is refused when a link inside ``--out`` would lead it elsewhere, the manifest and the lock
file are refused when they are links, and paths read back from a manifest are checked the same way
before anything is read or deleted through them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import posixpath
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from ..fileio import TMP_SUFFIX
from .options import BatchError

MANIFEST = "manifest.jsonl"
EXPORT_FILE = "results.parquet"
LOCK_FILE = ".nlbrief-batch.lock"
#: Names in ``--out`` that belong to the run itself: no letter's output may use them as a folder.
RESERVED = (MANIFEST, EXPORT_FILE, LOCK_FILE)
#: Names Windows gives to devices in every folder, with any extension ("con.md" is the console).
WINDOWS_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{kind}{n}" for kind in ("COM", "LPT") for n in "0123456789"]
)
_MAX_COMPONENT = 80
_MAX_DEPTH = 8
_UNSAFE_RE = re.compile(r"[^A-Za-z0-9._-]+")


def short_hash(text: str) -> str:
    """The first 8 hex digits of the sha256 of ``text`` (what tells changed names apart)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def _safe_component(comp: str) -> tuple[str, bool]:
    """One path component made safe; the flag says it was shortened or renamed beyond cleaning."""
    ascii_comp = unicodedata.normalize("NFKD", comp).encode("ascii", "ignore").decode("ascii")
    clean = _UNSAFE_RE.sub("_", ascii_comp).lstrip(".-_").rstrip(".")
    changed = False
    if len(clean) > _MAX_COMPONENT:
        clean, changed = clean[:_MAX_COMPONENT].rstrip("."), True
    base, dot, rest = clean.partition(".")
    if base.upper() in WINDOWS_DEVICES:
        clean, changed = f"{base}_{dot}{rest}", True
    return clean, changed


def safe_name(letter_id: str) -> str:
    """A relative output name for ``letter_id`` that cannot leave the output folder.

    Each path component keeps ASCII letters, digits, ``.``, ``_`` and ``-`` (accents are dropped,
    anything else becomes ``_``); empty, ``.`` and ``..`` components and leading dots go, so no
    name is absolute, hidden or climbs up; a Windows device name (``CON``, ``NUL``, ``COM1`` ...,
    with any extension) gets a ``_`` after it. Where anything changed, or a component was
    shortened, a short hash of the id is appended, so different ids keep different names.
    """
    parts: list[str] = []
    changed = False
    for comp in letter_id.replace("\\", "/").split("/"):
        clean, renamed = _safe_component(comp)
        changed = changed or renamed
        if clean:
            parts.append(clean)
    parts = parts[-_MAX_DEPTH:]  # a bounded depth
    name = "/".join(parts) or "letter"
    if name != letter_id or changed:
        name = f"{name}-{short_hash(letter_id)}"
    return name


def _inside(base: Path, path: Path) -> bool:
    return path == base or base in path.parents


def output_path(out_dir: Path, name: str, fmt: str) -> Path:
    """``out_dir/name.fmt``, refusing anything that would resolve outside ``out_dir``.

    Raises:
        BatchError: the name is absolute, climbs, or a link inside ``out_dir`` leads it out.
    """
    base = out_dir.resolve()
    path = base / f"{name}.{fmt}"
    # The nearest folder that exists, with links resolved: a link inside the output folder must
    # not lead a name elsewhere either.
    existing = path.parent
    while not existing.exists() and existing != base and base in existing.parents:
        existing = existing.parent
    real = Path(os.path.realpath(existing))
    if Path(name).is_absolute() or ".." in Path(name).parts or not _inside(base, real):
        raise BatchError(f"The output name {name!r} would leave {out_dir}; refusing to write it.")
    return path


def contained(out_dir: Path, rel: str) -> Path | None:
    """``out_dir/rel`` for a path read back from a manifest, or None when it is not a plain
    relative path that stays inside ``out_dir`` with every link resolved (a damaged or hostile
    manifest must not make a run read or delete anything elsewhere)."""
    if not rel or "\\" in rel or "\x00" in rel or posixpath.isabs(rel) or Path(rel).is_absolute():
        return None
    if posixpath.normpath(rel) != rel or rel.startswith("../") or rel == "..":
        return None
    if rel.split("/")[0] in RESERVED:
        return None
    base = out_dir.resolve()
    path = base / rel
    real = Path(os.path.realpath(path))
    return path if _inside(base, real) and real != base else None


def sweep_temp_files(out_dir: Path) -> int:
    """Remove the temporary files a killed run left in ``out_dir``; returns how many."""
    removed = 0
    for dirpath, _dirnames, filenames in os.walk(out_dir):  # links to folders are not followed
        for name in filenames:
            if name.endswith(TMP_SUFFIX):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(dirpath, name))
                    removed += 1
    return removed


def refuse_link(path: Path, what: str) -> None:
    """Raise `BatchError` when ``path`` is a link (nlbrief never writes through links in ``--out``)."""
    if path.is_symlink():
        raise BatchError(
            f"{path} ({what}) is a link. nlbrief does not follow links inside --out, so that nothing "
            "outside it is written; remove the link (or pass another --out folder) and rerun."
        )


def not_writable(out_dir: Path, err: OSError) -> BatchError:
    """The one paragraph for an output folder that cannot be written."""
    return BatchError(
        f"--out {out_dir} cannot be written: {err.strerror or err}. Letters written so far are kept; "
        "fix the permissions, free space, or pass another --out folder, then rerun the same command."
    )


@contextlib.contextmanager
def batch_lock(out_dir: Path) -> Iterator[None]:
    """One run per output folder at a time, through `filelock` (also on Windows; released by the
    OS when the run is killed).

    Raises:
        BatchError: another run holds the lock, the lock file is a link, or ``out_dir`` cannot be
            written.
    """
    from filelock import FileLock, Timeout

    path = out_dir / LOCK_FILE
    refuse_link(path, "the batch lock file")
    lock = FileLock(str(path), timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise BatchError(f"Another `nlbrief batch` run is writing to {out_dir}. Wait for it to end, "
                         "or pass another --out folder.") from None
    except OSError as err:
        if path.is_symlink():
            refuse_link(path, "the batch lock file")
        raise not_writable(out_dir, err) from None
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            lock.release()
