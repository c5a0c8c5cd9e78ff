"""`nlbrief batch --engine ray`: the same outputs and manifest as the local engine.

One local Ray (2 CPUs, no dashboard) serves the module; deselect with ``-m "not ray"``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from batch_helpers import (
    add_bad_letters,
    copy_eval_letters,
    make_archive,
    manifest_rows,
    snapshot,
    temp_files,
)

from nlbrief.batch import MANIFEST, BatchOptions, read_manifest, run_batch
from nlbrief.batch.engines.reaper import alive, descendants
from nlbrief.errors import ModelNotFoundError
from nlbrief.summarise import SummariseOptions
from nlbrief.translate import TranslatorSettings

pytestmark = pytest.mark.ray

ray = pytest.importorskip("ray")


@pytest.fixture(scope="module", autouse=True)
def local_ray() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
    yield
    ray.shutdown()


def test_ray_gives_the_local_outputs_and_manifest(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    make_archive(archive, 5)
    add_bad_letters(archive)
    options = BatchOptions(task="summarise", formats=("md", "json", "html"),
                           summarise=SummariseOptions(lang="nl", summariser="none"))
    local = run_batch(archive, tmp_path / "local", options, export="parquet")
    on_ray = run_batch(archive, tmp_path / "ray", options, engine="ray", workers=2, export="parquet")
    assert (on_ray.done, on_ray.failed, on_ray.processed) == (local.done, local.failed, 9) == (5, 4, 9)
    assert snapshot(tmp_path / "ray") == snapshot(tmp_path / "local")
    workers = {row["run"]["worker"] for row in manifest_rows(tmp_path / "ray")}
    assert len(workers) == 2  # two actors shared the letters
    assert not temp_files(tmp_path / "ray")
    again = run_batch(archive, tmp_path / "ray", options, engine="ray", workers=2)
    assert again.processed == 0 and again.already_done == 5


def test_ray_translates_with_the_models_in_the_actors(tmp_path: Path, tiny_models: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    copy_eval_letters(tmp_path / "a", 2)
    settings = TranslatorSettings(model=str(tiny_models / "marian"), beam_size=1, threads=1)
    options = BatchOptions(task="translate", formats=("md", "json"), translator=settings)
    memory = tmp_path / "tm.sqlite3"
    monkeypatch.setenv("NLBRIEF_TM", str(memory))  # the actors get it from the driver
    local = run_batch(tmp_path / "a", tmp_path / "local", options)
    for leftover in tmp_path.glob("tm.sqlite3*"):
        leftover.unlink()  # a fresh memory for Ray too: the same work, the same outputs
    on_ray = run_batch(tmp_path / "a", tmp_path / "ray", options, engine="ray", workers=2)
    assert local.done == on_ray.done == 2
    assert snapshot(tmp_path / "ray") == snapshot(tmp_path / "local")
    assert memory.exists()  # the actors wrote the memory the driver named
    assert on_ray.cache_misses == local.cache_misses > 0


def test_a_missing_model_in_the_actors_stops_the_run_with_its_message(tmp_path: Path) -> None:
    copy_eval_letters(tmp_path / "a", 2)
    options = BatchOptions(translator=TranslatorSettings(model=str(tmp_path / "no-model")))
    with pytest.raises(ModelNotFoundError, match="no-model"):
        run_batch(tmp_path / "a", tmp_path / "out", options, engine="ray", workers=1)
    assert read_manifest(tmp_path / "out" / MANIFEST) == {}  # not a failure of each letter


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_ray_run_leaves_no_ray_process(tmp_path: Path) -> None:
    """kill -9 of a run that started its own Ray: its agents (which outlive the raylet) go too."""
    archive = tmp_path / "a"
    make_archive(archive, 30)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "nlbrief", "batch", str(archive), "--out", str(out), "--task", "summarise",
           "--lang", "nl", "--summariser", "none", "--engine", "ray", "--workers", "1", "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen: set[int] = set()
    try:
        deadline = time.monotonic() + 180
        while proc.poll() is None and time.monotonic() < deadline and not (out / MANIFEST).exists():
            seen |= descendants(proc.pid)
            time.sleep(0.2)
        assert proc.poll() is None, "the run ended before it could be killed"
        seen |= descendants(proc.pid)
        assert any(b"RuntimeEnvAgent" in Path(f"/proc/{p}/cmdline").read_bytes() for p in seen if alive(p))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(alive(p) for p in seen):
            time.sleep(0.2)
        assert not [p for p in seen if alive(p)]
    finally:
        for pid in seen:  # only what this test started
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
