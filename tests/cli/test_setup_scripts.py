"""scripts/setup.sh takes the CPU torch build on Linux without an NVIDIA GPU, bounded in time; the
quick start falls back to the Dutch brief only when a model is missing (exit 4) (issue 13)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def _torch_index(tmp_path: Path, nvidia_smi: str | None, **env: str) -> str:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    fake = bin_dir / "nvidia-smi"
    # A fake nvidia-smi first on the PATH: one that lists a GPU, or one that fails as on a machine
    # with the tools but no device (it also hides a real one where the tests run on a GPU machine).
    fake.write_text(f"#!/bin/sh\n{nvidia_smi or 'exit 9'}\n")
    fake.chmod(0o755)
    full_env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}",
                "TORCH_INDEX_NVIDIA_PROC": str(tmp_path / "no-driver"), **env}
    if "TORCH_INDEX_URL" not in env:
        full_env.pop("TORCH_INDEX_URL", None)
    out = subprocess.run(["bash", str(ROOT / "scripts" / "torch_index.sh")], env=full_env,
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_cpu_build_on_linux_without_an_nvidia_gpu(tmp_path: Path) -> None:
    if sys.platform != "linux":
        return
    assert _torch_index(tmp_path, None) == CPU_INDEX


def test_cuda_build_where_a_gpu_is_present(tmp_path: Path) -> None:
    assert _torch_index(tmp_path, "echo 'GPU 0: NVIDIA H200 (UUID: GPU-1)'") == ""
    (tmp_path / "driver").write_text("NVRM version: 1\n")
    assert _torch_index(tmp_path, None, TORCH_INDEX_NVIDIA_PROC=str(tmp_path / "driver")) == ""


def test_an_explicit_index_wins(tmp_path: Path) -> None:
    assert _torch_index(tmp_path, None, TORCH_INDEX_URL="https://example.org/whl") == "https://example.org/whl"


def test_setup_uses_the_decision_with_a_bounded_first_try() -> None:
    setup = (ROOT / "scripts" / "setup.sh").read_text()
    assert ". scripts/torch_index.sh" in setup and "index=$(torch_index)" in setup
    assert "--retries 0 --timeout 15" in setup  # an unreachable index costs seconds, not minutes
    assert "--quiet" not in setup  # no silent minutes: pip shows downloads and their sizes
    assert "source .venv/bin/activate" in setup


def _quickstart(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    wrapper = tmp_path / "nlbrief"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m nlbrief "$@"\n')
    wrapper.chmod(0o755)
    env = {**os.environ, "QUICKSTART_SKIP_SETUP": "1", "QUICKSTART_COMMAND": str(wrapper),
           "QUICKSTART_OUT": str(tmp_path / "out"), "HF_HUB_OFFLINE": "1",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run(["bash", str(ROOT / "scripts" / "quickstart.sh"), *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_quickstart_falls_back_only_when_a_model_is_missing(tmp_path: Path) -> None:
    done = _quickstart(tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Dutch brief written" in done.stdout
    assert "source .venv/bin/activate && nlbrief --help" in done.stdout  # the one line to use next
    wrong = _quickstart(tmp_path, "no/such/letter.txt")
    assert wrong.returncode == 2
    assert "Dutch brief written" not in wrong.stdout
