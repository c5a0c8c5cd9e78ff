#!/usr/bin/env bash
# Create .venv/ in the project root and install nlbrief with everything the main job and the tests
# need. Safe to run again: it only installs what is missing. Says what it installs as it goes.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/torch_index.sh
PYTHON=${PYTHON:-python3}
TORCH_VERSION=2.13.0
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv with $("$PYTHON" --version 2>&1)"
  "$PYTHON" -m venv .venv
fi
# torch first and alone, pinned, from the index scripts/torch_index.sh picks: left to resolve
# `torch` from the project's requirements, pip would pull a multi-GB CUDA build on a CPU machine.
if .venv/bin/python -c "import torch" 2>/dev/null; then
  echo "== torch $(.venv/bin/python -c 'import torch; print(torch.__version__)') is already installed"
else
  index=$(torch_index)
  if [ -n "$index" ]; then
    echo "== installing torch $TORCH_VERSION, the CPU build (a 190 MB download, 750 MB installed), from $index"
    # Bounded: one try with a short timeout, so that where that index is out of reach (a machine
    # with its own wheels in pip's find-links) pip moves on at once instead of retrying for minutes.
    if ! .venv/bin/python -m pip install --progress-bar on --retries 0 --timeout 15 \
         "torch==$TORCH_VERSION" --index-url "$index"; then
      echo "== $index could not be used; installing torch $TORCH_VERSION from pip's configured index"
      .venv/bin/python -m pip install --progress-bar on "torch==$TORCH_VERSION"
    fi
  else
    echo "== installing torch $TORCH_VERSION from pip's configured index (an NVIDIA GPU or not Linux:"
    echo "   on Linux with a GPU this is the CUDA build, about 2.5 GB with its nvidia packages)"
    .venv/bin/python -m pip install --progress-bar on "torch==$TORCH_VERSION"
  fi
fi
echo "== installing nlbrief and its other dependencies (transformers, ray, pyarrow, ...: about 0.5 GB to download, 1.3 GB installed on a first install)"
.venv/bin/python -m pip install --progress-bar on -e ".[all,dev]"
.venv/bin/nlbrief --version
echo "nlbrief is installed in .venv. To have the \`nlbrief\` command in this shell: source .venv/bin/activate"
