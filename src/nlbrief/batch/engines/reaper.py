"""A watcher that ends the processes of a local Ray when the run that started it is killed.

Ray's agents (``DashboardAgent``, ``RuntimeEnvAgent``) outlive a driver killed with SIGKILL: they
notice that the raylet is gone, then wait on the GCS, which is gone too. The watcher is a small
process of its own session (so the kill of the run's process group does not reach it) that notes,
every half second, the processes below the run (itself apart), and when the run is gone kills those
of them that are still there (the same process: the pid with the same start time). Linux only (it
reads /proc).
"""

from __future__ import annotations

import os
import subprocess
import sys

_WATCHER = r"""
import os, signal, sys, time

def start(pid):
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None

def below(root):
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as fh:
                    parents[int(name)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    found, todo = set(), [root]
    while todo:
        parent = todo.pop()
        for child, ppid in parents.items():
            if ppid == parent and child not in found:
                found.add(child)
                todo.append(child)
    return found

for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGPIPE):
    signal.signal(sig, signal.SIG_IGN)
driver, since = int(sys.argv[1]), sys.argv[2]
seen = {}
while start(driver) == since:
    for pid in below(driver) - {os.getpid()}:
        seen.setdefault(pid, start(pid))
    time.sleep(0.5)
# The youngest first: the agents, then the raylet and the GCS they might otherwise wait for.
for pid, started in sorted(seen.items(), key=lambda item: -int(item[1] or 0)):
    if started is not None and start(pid) == started:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
"""


def _start_time(pid: int) -> str | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def watch_this_process() -> subprocess.Popen[bytes] | None:
    """Start the watcher for this process (None where /proc is missing, or it cannot start)."""
    since = _start_time(os.getpid())
    if not sys.platform.startswith("linux") or since is None:
        return None
    try:
        return subprocess.Popen(
            [sys.executable, "-c", _WATCHER, str(os.getpid()), since],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True, close_fds=True,
        )
    except OSError:
        return None
