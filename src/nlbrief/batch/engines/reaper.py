"""A watcher that ends the processes of a local Ray when the run that started it is killed.

Ray's agents (``DashboardAgent``, ``RuntimeEnvAgent``) outlive a driver killed with SIGKILL: they
notice that the raylet is gone, then wait on the GCS, which is gone too. The watcher is a small
process of its own session (so the kill of the run's process group does not reach it) that notes,
every half second, the processes below the run (itself apart), and when the run is gone kills those
of them that are still there (the same process: the pid with the same start time). Linux only (it
reads /proc, see proc(5)). The /proc helpers here also serve the batch benchmark and tests.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of ``/proc/PID/stat`` after the command name (state is [0], ppid [1], start
    time [19]); None when the process is gone or /proc is missing."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def start_time(pid: int) -> str | None:
    """The start time of ``pid`` (clock ticks since boot, as text): with the pid it names one
    process, even after the pid is reused. None when it is gone."""
    fields = _stat_fields(pid)
    return fields[19] if fields and len(fields) > 19 else None


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie does not)."""
    fields = _stat_fields(pid)
    return fields is not None and bool(fields) and fields[0] != "Z"


def descendants(root: int) -> set[int]:
    """Every process below ``root`` (children, theirs, ...); empty where /proc is missing."""
    parents: dict[int, int] = {}
    try:
        names = os.listdir("/proc")
    except OSError:
        return set()
    for name in names:
        if name.isdigit() and (fields := _stat_fields(int(name))) and len(fields) > 1:
            parents[int(name)] = int(fields[1])
    children: dict[int, list[int]] = {}
    for child, ppid in parents.items():
        children.setdefault(ppid, []).append(child)
    found: set[int] = set()
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def watch(driver: int, since: str) -> None:
    """Note the processes below ``driver`` while it runs (the one started at ``since``), then
    kill those still there, the youngest first: the agents, then the raylet and the GCS they
    might otherwise wait for."""
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_IGN)
    seen: dict[int, str | None] = {}
    while start_time(driver) == since:
        for pid in descendants(driver) - {os.getpid()}:
            seen.setdefault(pid, start_time(pid))
        time.sleep(0.5)
    for pid, started in sorted(seen.items(), key=lambda item: -int(item[1] or 0)):
        if started is not None and start_time(pid) == started:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


def watch_this_process() -> subprocess.Popen[bytes] | None:
    """Start the watcher for this process (None where /proc is missing, or it cannot start)."""
    since = start_time(os.getpid())
    if not sys.platform.startswith("linux") or since is None:
        return None
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "nlbrief.batch.engines.reaper", str(os.getpid()), since],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True, close_fds=True,
        )
    except OSError:
        return None


if __name__ == "__main__":
    watch(int(sys.argv[1]), sys.argv[2])
