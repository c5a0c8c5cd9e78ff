#!/usr/bin/env bash
# Shows which torch build a fresh clone would install on this machine (issue 13), run by .ci/run.
# Where the chosen index is reachable, asks pip itself: `pip install --dry-run --report` names the
# wheel it would take (a "+cpu" version on a Linux machine without an NVIDIA GPU). Where it is not
# (a machine with its own wheels and no internet), it says so: the choice is then what
# scripts/torch_index.sh prints, which tests/cli/test_setup_scripts.py checks.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/torch_index.sh
PY=${PY:-.venv/bin/python}
index=$(torch_index)
echo "torch index chosen by scripts/torch_index.sh: ${index:-the configured index (PyPI)}"
if [ -z "$index" ]; then
  exit 0
fi
reachable='import sys, urllib.request
try:
    urllib.request.urlopen(sys.argv[1] + "/torch/", timeout=5)
except Exception as err:
    print(f"{sys.argv[1]} is not reachable here ({err}); the decision above is the evidence")
    sys.exit(1)'
if ! "$PY" -c "$reachable" "$index"; then
  exit 0
fi
report=$(mktemp)
trap 'rm -f "$report"' EXIT
"$PY" -m pip install --dry-run --ignore-installed --no-deps --quiet --retries 0 --timeout 15 \
  --report "$report" "torch==2.13.0" --index-url "$index"
"$PY" - "$report" <<'PY'
import json, sys
item = json.load(open(sys.argv[1]))["install"][0]
version, url = item["metadata"]["version"], item["download_info"]["url"]
print(f"pip would install torch {version} from {url}")
if "+cpu" not in version:
    sys.exit("expected the CPU build (a +cpu version)")
PY
