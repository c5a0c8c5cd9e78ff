"""The local engine: the letters in this process, or in a pool of worker processes.

Pool workers are spawned (a clean process each: forking a process that holds threads and models is
unsafe), get their share of the cores, load the models once, and die with the process that
started them, also when it is killed with SIGKILL (Linux: the parent-death signal; elsewhere a
thread that watches the parent), so no worker holding a model in memory is left behind.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Sequence

from ...config import usable_cores
from ..inputs import LetterTask
from ..options import BatchOptions
from ..worker import LetterResult, LetterWorker
from . import EngineSettings, OnResult

_POOL_WORKER: LetterWorker | None = None
#: How often a worker looks whether its parent is still there (where no parent-death signal exists).
_WATCH_SECONDS = 1.0
_PR_SET_PDEATHSIG = 1


def _ask_parent_death_signal() -> bool:
    """Linux: have the kernel SIGKILL this process when its parent dies (prctl PR_SET_PDEATHSIG)."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent_pid: int) -> None:
    while True:
        time.sleep(_WATCH_SECONDS)
        if os.getppid() != parent_pid:
            os._exit(1)


def die_with_parent(parent_pid: int) -> None:
    """Make this (worker) process end when ``parent_pid``, its parent, ends, however it ends."""
    signalled = _ask_parent_death_signal()
    if os.getppid() != parent_pid:  # the parent died before the signal was asked for
        os._exit(1)
    if not signalled and os.name != "nt":  # Windows: getppid does not change when the parent dies
        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True, name="nlbrief-parent").start()


def _pool_init(options: BatchOptions, threads: int, parent_pid: int) -> None:
    die_with_parent(parent_pid)
    # Each process gets its share of the cores; set before torch is imported in this process.
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(threads))
    global _POOL_WORKER
    _POOL_WORKER = LetterWorker(options)


def _pool_process(task: LetterTask) -> LetterResult:
    assert _POOL_WORKER is not None
    return _POOL_WORKER.process(task)


class LocalEngine:
    """``--engine local``: ``workers`` 1 (default) runs here; more run in spawned processes."""

    name = "local"

    def run(self, todo: Sequence[LetterTask], options: BatchOptions, on_result: OnResult,
            settings: EngineSettings) -> None:
        workers = settings.workers or 1
        if workers <= 1:
            worker = LetterWorker(options)
            worker.prepare()
            for task in todo:
                on_result(task, worker.process(task))
            return
        _run_pool(todo, options, on_result, workers)


def _run_pool(todo: Sequence[LetterTask], options: BatchOptions, on_result: OnResult, workers: int) -> None:
    """``todo`` in ``workers`` processes, committing in this process as results come."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    threads = max(1, usable_cores() // workers)
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_pool_init,
                             initargs=(options, threads, os.getpid())) as pool:
        queue = iter(todo)
        pending: dict[Future[LetterResult], LetterTask] = {}

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
