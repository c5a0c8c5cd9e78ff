"""Cached models are released before the interpreter's teardown (see `release_models`)."""

from __future__ import annotations

import atexit
import gc
import weakref

import pytest

from nlbrief.backends import loading


class _Model:
    pass


def test_release_models_drops_every_cached_model_and_runs_at_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading, "_MODEL_CACHE", {})
    registered: list[object] = []
    monkeypatch.setattr(atexit, "register", registered.append)
    first = loading.cached_load(("test", "a"), _Model)
    assert loading.cached_load(("test", "a"), _Model) is first  # once per process
    loading.cached_load(("test", "b"), _Model)
    assert registered == [loading.release_models]  # registered once, with the first model
    ref = weakref.ref(first)
    del first
    gc.collect()
    assert ref() is not None  # the cache holds it
    assert loading.release_models() == 2
    assert ref() is None and loading.release_models() == 0
