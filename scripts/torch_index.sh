#!/usr/bin/env bash
# Which torch build to install, decided once here and used by scripts/setup.sh (and tested).
#
# Prints the package index to install torch from, or nothing for pip's configured index (PyPI):
#  - TORCH_INDEX_URL when set (the user knows best);
#  - nothing where an NVIDIA GPU is present (nvidia-smi lists one, or the driver is loaded): PyPI's
#    Linux torch is the CUDA build, and that is what a GPU machine wants;
#  - nothing on macOS and Windows, where PyPI's torch has no CUDA in it anyway;
#  - otherwise (Linux without an NVIDIA GPU) PyPI would bring a CUDA build with about 18
#    nvidia/cuda packages (several GB), so PyTorch's CPU index: https://download.pytorch.org/whl/cpu
# TORCH_INDEX_NVIDIA_PROC (default /proc/driver/nvidia/version) exists for the tests.
torch_index() {
  if [ -n "${TORCH_INDEX_URL:-}" ]; then
    echo "$TORCH_INDEX_URL"
    return
  fi
  if [ "$(uname -s)" != "Linux" ]; then
    return
  fi
  if { command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L 2>/dev/null | grep -q GPU; } \
     || [ -e "${TORCH_INDEX_NVIDIA_PROC:-/proc/driver/nvidia/version}" ]; then
    return
  fi
  echo "https://download.pytorch.org/whl/cpu"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  torch_index
fi
