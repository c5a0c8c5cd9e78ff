#!/usr/bin/env bash
# Create .venv/ in the project root and install nlbrief with everything the main job and the tests
# need. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# torch first and alone, pinned: left to resolve `torch` from the project's requirements, pip
# would pull a multi-GB CUDA build. Set TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu for the
# CPU-only build from PyTorch's own index.
if ! .venv/bin/python -c "import torch" 2>/dev/null; then
  if [ -n "${TORCH_INDEX_URL:-}" ]; then
    .venv/bin/python -m pip install --quiet "torch==2.13.0" --index-url "$TORCH_INDEX_URL"
  else
    .venv/bin/python -m pip install --quiet "torch==2.13.0"
  fi
fi
.venv/bin/python -m pip install --quiet -e ".[all,dev]"
.venv/bin/nlbrief --version
