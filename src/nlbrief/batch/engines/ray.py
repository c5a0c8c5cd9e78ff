"""The Ray engine of `nlbrief batch` (``--engine ray``): the same per-letter work on Ray Data.

The driver (this process) plans the run and commits every result, exactly as the local engine
does; Ray only runs `LetterWorker.process`. The plan's letters become a Ray Dataset
(``from_items``, one block per letter so that results stream back one by one), ``map_batches``
hands them to a pool of actors that each hold the models (loaded once per actor), and the
driver writes each result as it arrives (atomic outputs, then the manifest row). Outputs
therefore never need a filesystem shared with the workers; the input files do (or use a JSONL or
Parquet input, whose text travels with the rows).

A PDF's text is extracted inside the actor: a separate Ray read stage starves for CPUs when the
actors hold them all (measured on a 2-CPU machine: it hung, or, given no CPUs, took 30 s more to
start), and on a GPU cluster a Parquet input of extracted text keeps the GPUs busy instead.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
from collections.abc import Generator, Sequence
from typing import Any

from ...errors import NlbriefError
from ..inputs import LetterTask
from ..options import BatchError, BatchOptions
from ..worker import LetterResult, LetterWorker
from . import EngineSettings, OnResult

#: Environment variables handed to the actors (model caches, translation memory, offline mode).
FORWARDED_ENV_PREFIXES = ("NLBRIEF_", "HF_", "TRANSFORMERS_", "CT2_")
#: More letters than this share blocks (the driver then sees their results a block at a time).
MAX_BLOCKS = 20000


def _import_ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise BatchError(
            "--engine ray needs Ray, which is not installed. Install it with "
            "`pip install 'nlbrief[ray]'` (Ray Data, about 600 MB), or use --engine local."
        ) from None
    return ray


class RayLetterWorker:
    """A Ray Data actor: one `LetterWorker` (its models load on the first letter, once per actor)."""

    def __init__(self, options: BatchOptions) -> None:
        self.worker = LetterWorker(options)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        try:
            self.worker.prepare()
        except NlbriefError as err:
            # Concerns every letter (a missing model): handed to the driver, which stops the run
            # with the same message the local engine gives.
            fatal = json.dumps({"fatal": str(err), "error": type(err).__name__})
            return {"result": [fatal] * len(batch["task"])}
        results = []
        for task_json, data, has_data in zip(batch["task"], batch["data"], batch["has_data"]):
            task = LetterTask.from_row({"task": task_json, "data": data, "has_data": bool(has_data)})
            results.append(json.dumps(self.worker.process(task).to_dict(), ensure_ascii=False))
        return {"result": results}


def _map_letters(ds: Any, kwargs: dict[str, Any], *, restarts: bool) -> Any:
    """``map_batches`` onto the actor pool.

    On one machine a dead actor (out of memory) would only die again, so it is not restarted,
    which also spares the warning Ray logs for restartable actors with constructor arguments; a
    cluster restarts the actors of a lost node. Either way a rerun commits what was in flight.
    """
    if restarts:
        return ds.map_batches(RayLetterWorker, **kwargs)
    import warnings

    with warnings.catch_warnings():
        # max_restarts has no named parameter yet; the generic one is deprecated since Ray 2.5x.
        warnings.simplefilter("ignore")
        try:
            return ds.map_batches(RayLetterWorker, max_restarts=0, **kwargs)
        except TypeError:  # a Ray that dropped the generic remote arguments
            return ds.map_batches(RayLetterWorker, **kwargs)


def _forwarded_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.startswith(FORWARDED_ENV_PREFIXES)}


def _rebuild_error(name: str, message: str) -> NlbriefError:
    from ... import errors

    cls = getattr(errors, name, None)
    if not (isinstance(cls, type) and issubclass(cls, NlbriefError)):
        cls = BatchError
    return cls(message)


class RayEngine:
    """``--engine ray``: the letters on a pool of Ray Data actors; results stream back here."""

    name = "ray"

    def run(self, todo: Sequence[LetterTask], options: BatchOptions, on_result: OnResult,
            settings: EngineSettings) -> None:
        run_ray(list(todo), options, on_result, workers=settings.workers, address=settings.ray_address,
                cpus_per_worker=settings.cpus_per_worker, gpus_per_worker=settings.gpus_per_worker)


def _init_ray(ray: Any, *, address: str | None, workers: int | None, cpus_per_worker: float) -> bool:
    """Join the cluster at ``address`` (or ``RAY_ADDRESS``), else start a local Ray; returns whether
    it is a cluster. Raises `BatchError` when neither works."""
    cluster = bool(address or os.environ.get("RAY_ADDRESS"))
    common: dict[str, Any] = {"logging_level": "ERROR", "log_to_driver": False}
    try:
        if cluster:
            ray.init(address=address or os.environ["RAY_ADDRESS"], **common)
        else:
            cpus = os.cpu_count() or 1
            if workers:
                cpus = max(1, int(round(workers * cpus_per_worker)))
            ray.init(num_cpus=cpus, include_dashboard=False, **common)
    except Exception as err:  # ConnectionError, a timeout, a version mismatch, ...
        where = f"the Ray cluster at {address or os.environ.get('RAY_ADDRESS')}" if cluster else "a local Ray"
        raise BatchError(f"Could not start or join {where}: {' '.join(str(err).split())[:400]}") from None
    return cluster


def run_ray(
    todo: list[LetterTask],
    options: BatchOptions,
    on_result: OnResult,
    *,
    workers: int | None = None,
    address: str | None = None,
    cpus_per_worker: float = 1.0,
    gpus_per_worker: float | None = None,
) -> None:
    """Process ``todo`` on Ray; ``on_result`` runs here, in the driver, as each letter finishes.

    Joins the cluster at ``address`` (or the one ``RAY_ADDRESS`` names); without one, starts a
    local Ray with as many CPUs as the actors need (default: this machine's) and no dashboard.
    An already initialised Ray (a notebook, a test) is used as it is.
    """
    ray = _import_ray()
    if gpus_per_worker is None:
        gpus_per_worker = 1.0 if options.translator.device == "cuda" else 0.0
    started = False
    watcher = None
    cluster = bool(address or os.environ.get("RAY_ADDRESS"))
    if not ray.is_initialized():
        if not cluster:
            # Ray's agents outlive a driver killed with SIGKILL: a watcher ends them then.
            from .reaper import watch_this_process

            watcher = watch_this_process()
        try:
            cluster = _init_ray(ray, address=address, workers=workers, cpus_per_worker=cpus_per_worker)
        except BaseException:
            _stop(watcher)
            raise
        started = True
    by_id = {task.id: task for task in todo}
    results = _results(todo, options, workers=workers, cpus_per_worker=cpus_per_worker,
                       gpus_per_worker=gpus_per_worker, restarts=cluster)
    try:
        for result in results:
            if "fatal" in result:
                raise _rebuild_error(result["error"], result["fatal"])
            # The driver's own writing: its errors pass as they are.
            on_result(by_id[result["id"]], LetterResult.from_dict(result))
    finally:
        results.close()
        if started:
            ray.shutdown()
        _stop(watcher)  # the run ended on its own: Ray has stopped its processes


def _stop(watcher: subprocess.Popen[bytes] | None) -> None:
    if watcher is not None:
        watcher.kill()
        watcher.wait()


def _results(todo: list[LetterTask], options: BatchOptions, *, workers: int | None,
             cpus_per_worker: float, gpus_per_worker: float, restarts: bool) -> Generator[dict[str, Any], None, None]:
    """Each letter's result (or a fatal error) as an actor finishes it; a failure of Ray itself
    becomes a `BatchError`."""
    try:
        import ray.data
        from ray.data import ActorPoolStrategy

        logging.getLogger("ray.data").setLevel(logging.ERROR)  # its plan and timing notes, per run
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False  # nlbrief's own bar counts letters
        ctx.execution_options.preserve_order = False
        if workers is None:
            resources = ray.cluster_resources()
            if gpus_per_worker:
                workers = int(resources.get("GPU", 0) // gpus_per_worker)
                if workers < 1:
                    raise BatchError("--device cuda asks every Ray worker for a GPU, and the cluster has "
                                     "none. Use --device cpu, or join a cluster with GPU nodes.")
            else:
                workers = max(1, int(resources.get("CPU", 1) // max(cpus_per_worker, 1e-3)))
        workers = max(1, min(workers, len(todo)))
        rows = [task.to_row() for task in todo]
        ds = ray.data.from_items(rows, override_num_blocks=min(len(rows), MAX_BLOCKS))
        kwargs: dict[str, Any] = dict(
            fn_constructor_kwargs={"options": options},
            batch_size=1,
            compute=ActorPoolStrategy(size=workers),
            num_cpus=cpus_per_worker,
            num_gpus=gpus_per_worker or None,
            # The actors see this process's model caches, translation memory and offline mode,
            # also on a Ray that was started before they were set.
            runtime_env={"env_vars": _forwarded_env()},
        )
        for row in _map_letters(ds, kwargs, restarts=restarts).iter_rows():
            yield json.loads(row["result"])
    except NlbriefError:
        raise
    except Exception as err:
        raise BatchError(f"The Ray run failed: {' '.join(str(err).split())[:600]}. Letters finished "
                         "before the failure are kept; rerun the same command to go on.") from None
