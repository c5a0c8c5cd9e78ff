#!/usr/bin/env bash
# Set up nlbrief and write an English brief of one of our example letters.
#
# The English brief needs two models from the Hugging Face Hub (downloaded on first use, about
# 3.4 GB together). Where they cannot be had (no network, as on CI machines), nlbrief says so and
# exits with code 4 ("a model is not available"); on that code only, this script writes the Dutch
# extractive brief instead, which needs no model. Any other failure stops the script.
set -euo pipefail
cd "$(dirname "$0")/.."
LETTER=${1:-eval/letters/ienw-2025-03-14-drinkwaterbronnen.txt}
# (QUICKSTART_SKIP_SETUP, QUICKSTART_COMMAND and QUICKSTART_OUT exist for the tests of this script.)
[ -n "${QUICKSTART_SKIP_SETUP:-}" ] || bash scripts/setup.sh
NLBRIEF=${QUICKSTART_COMMAND:-.venv/bin/nlbrief}
out=${QUICKSTART_OUT:-out}
mkdir -p "$out"
name=$(basename "$LETTER" .txt)
if $NLBRIEF summarise "$LETTER" --lang en --format md -o "$out/$name.en.md"; then
  echo "English brief written to $out/$name.en.md"
  cat "$out/$name.en.md"
else
  status=$?
  if [ "$status" -ne 4 ]; then exit "$status"; fi  # 4: a model is not available (README, "Exit codes")
  echo "(The models for the English brief are not available here; writing the Dutch extractive brief, which needs none.)" >&2
  $NLBRIEF summarise "$LETTER" --lang nl --summariser none --format md -o "$out/$name.nl.md"
  echo "Dutch brief written to $out/$name.nl.md"
  cat "$out/$name.nl.md"
fi
echo
echo "Next, to use nlbrief in this shell:  source .venv/bin/activate && nlbrief --help"
