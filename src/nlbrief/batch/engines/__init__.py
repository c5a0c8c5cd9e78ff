"""The engines that run a batch's letters, behind one interface, found by name in a registry.

An engine gets the letters to do and a callback; it runs `LetterWorker.process` on each letter
wherever it likes (this process, worker processes, Ray actors) and calls ``on_result`` in this
process, in the driver, as each letter finishes. The driver does all the writing, so every engine
gives the same outputs. Engines are imported only when a run asks for them by name: the batch run
does not import Ray, and no engine imports the run.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from ...errors import ConfigError
from ..inputs import LetterTask
from ..options import BatchOptions
from ..worker import LetterResult

#: Called in the driver with each finished letter.
OnResult = Callable[[LetterTask, LetterResult], None]


@dataclass(frozen=True)
class EngineSettings:
    """Where and how wide an engine runs.

    Args:
        workers: local: processes (None or 1: this process); ray: actors (None: one per CPU, or
            per GPU).
        ray_address: the Ray cluster to join (None: ``RAY_ADDRESS``, else a local Ray).
        cpus_per_worker, gpus_per_worker: resources of each Ray actor (GPUs None: 1 with
            ``--device cuda``, else 0).
    """

    workers: int | None = None
    ray_address: str | None = None
    cpus_per_worker: float = 1.0
    gpus_per_worker: float | None = None


class Engine(Protocol):
    """Runs letters and hands each result to ``on_result`` in the calling process.

    `run` raises an `NlbriefError` for what concerns every letter (a missing model, the engine
    itself failing); a bad letter is a failed `LetterResult`, never an exception.
    """

    name: str

    def run(self, todo: Sequence[LetterTask], options: BatchOptions, on_result: OnResult,
            settings: EngineSettings) -> None: ...


#: name -> "module:attribute" of a zero-argument factory (a class) of the engine.
_REGISTRY: dict[str, str | Callable[[], Engine]] = {
    "local": "nlbrief.batch.engines.local:LocalEngine",
    "ray": "nlbrief.batch.engines.ray:RayEngine",
}


def register_engine(name: str, factory: str | Callable[[], Engine]) -> None:
    """Add an engine: a factory, or its ``"module:attribute"`` (imported on first use)."""
    _REGISTRY[name] = factory


def engine_names() -> tuple[str, ...]:
    """The registered engines' names, in registration order."""
    return tuple(_REGISTRY)


def get_engine(name: str) -> Engine:
    """The engine registered as ``name``.

    Raises:
        ConfigError: no engine has that name (the message lists those that do).
    """
    factory = _REGISTRY.get(name)
    if factory is None:
        raise ConfigError(f"Unknown engine {name!r}: use one of {', '.join(_REGISTRY)}.")
    if isinstance(factory, str):
        module, _, attr = factory.partition(":")
        factory = getattr(importlib.import_module(module), attr)
    return factory()


__all__ = ["Engine", "EngineSettings", "OnResult", "engine_names", "get_engine", "register_engine"]
