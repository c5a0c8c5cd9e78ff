"""Small file helpers shared by the commands: atomic writes, reading only regular files, hashing,
and a process's peak memory."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

#: The suffix of the temporary files `atomic_path` writes (a killed run can leave them behind).
TMP_SUFFIX = ".nlbrief-tmp"


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(str(path), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_path(path: Path, *, sync_dir: bool = True) -> Iterator[Path]:
    """A temporary file beside ``path`` to write; on success it is fsynced and renamed into place,
    on failure removed (`sweep_temp_files` removes what a killed run left)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}{TMP_SUFFIX}")
    # A file or link already there (left by a killed run, or planted) is removed, not written
    # through: writing opens the name afresh.
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    try:
        yield tmp
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if sync_dir:
        fsync_dir(path.parent)


def atomic_write(path: Path, data: bytes, *, sync_dir: bool = True) -> None:
    """Write ``data`` to a temporary file beside ``path``, fsync it, and rename it into place."""
    with atomic_path(path, sync_dir=sync_dir) as tmp:
        tmp.write_bytes(data)


class NotRegularFileError(OSError):
    """The path is a FIFO, a device, a socket or a folder: reading it could block or never end."""


def open_regular(path: str | Path, *, follow_links: bool = True) -> int:
    """Open ``path`` for reading, refusing anything but a regular file; returns the descriptor.

    The open itself cannot block (``O_NONBLOCK``: a FIFO without a writer would wait forever), and
    the check is made on the opened descriptor (``fstat``), so a file swapped for a FIFO between a
    check and the open is refused too. With ``follow_links=False`` a link is refused (``O_NOFOLLOW``
    where the OS has it).

    Raises:
        NotRegularFileError: the path is not a regular file (or, not following, is a link).
        OSError: the path is missing or unreadable.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_links:
        if os.path.islink(path):
            raise NotRegularFileError(f"{path} is a link")
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        os.close(fd)
        raise
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise NotRegularFileError(f"{path} is {describe_mode(mode)}, not a regular file")
    return fd


def describe_mode(mode: int) -> str:
    """"a FIFO", "a device", ... for a ``st_mode`` that is not a regular file."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISLNK(mode):
        return "a link"
    return "a special file"


def hash_file(path: str | Path) -> str | None:
    """The sha256 of a regular file's bytes; None when it is missing, unreadable or not a regular
    file (the reader then says why, in its own words)."""
    digest = hashlib.sha256()
    try:
        fd = open_regular(path)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def peak_rss_mb() -> float | None:
    """This process's peak resident memory in MB. VmHWM where Linux has it, not ru_maxrss: a child
    inherits its parent's ru_maxrss across fork and exec."""
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    try:
        import resource
    except ImportError:  # not on Windows
        return None
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)
