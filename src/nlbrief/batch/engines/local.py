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
from ..inputs import LetterTask, task_digest
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


#: The reason recorded for a letter whose worker process died while on it.
WORKER_DIED = ("the worker process died while on this letter (killed by the system, most likely out of "
               "memory: the letter needs more than this machine has). The other letters went on; rerun "
               "it alone with more memory, or leave it out.")


def _run_pool(todo: Sequence[LetterTask], options: BatchOptions, on_result: OnResult, workers: int) -> None:
    """``todo`` in ``workers`` processes, committing in this process as results come.

    A worker that dies (the out-of-memory killer, a crash in a library) breaks the pool: the letters
    that were in flight are then run again one at a time, each in a pool of its own, so that the one
    that kills its worker again is recorded as failed (`WORKER_DIED`) and the others are done; the
    rest of the run goes on in a new pool.
    """
    remaining = list(todo)
    while remaining:
        in_flight, remaining = _pool_pass(remaining, options, on_result, workers)
        for task in in_flight:
            alone, _ = _pool_pass([task], options, on_result, 1)
            if alone:
                on_result(task, LetterResult(id=task.id, sha256=task.sha256 or task_digest(task),
                                             reason=WORKER_DIED))


def _pool_pass(todo: list[LetterTask], options: BatchOptions, on_result: OnResult,
               workers: int) -> tuple[list[LetterTask], list[LetterTask]]:
    """Run ``todo`` in a pool until it is done or the pool breaks; returns the letters that were in
    flight when it broke and those not yet started (both empty when it did not break)."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    threads = max(1, usable_cores() // workers)
    ctx = multiprocessing.get_context("spawn")
    queue = iter(todo)
    pending: dict[Future[LetterResult], LetterTask] = {}
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_pool_init,
                             initargs=(options, threads, os.getpid())) as pool:

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
                    try:
                        result = future.result()  # a worker's NlbriefError (no model) stops the run
                    except BrokenProcessPool:
                        return [task, *pending.values()], list(queue)
                    on_result(task, result)
                    submit()
        except BaseException:
            for future in pending:
                future.cancel()
            raise
    return [], []
