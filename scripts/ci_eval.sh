#!/usr/bin/env bash
# The evaluation step of CI (issue 5): `.ci/run` runs `bash scripts/ci_eval.sh` after the tests.
# It runs from the repository root (it cd's there itself), needs no network and no downloaded
# model, and leaves its reports in eval-reports/ (EVAL_OUT overrides).
#
#   1. structure + Dutch extractive briefs beside the lead/random/oracle baselines (tune and test
#      parts of eval/split.toml) against eval/thresholds.toml (no model), plus the real letters in
#      ../shared/data/letters when that folder is there (parse, nothing lost, and the parts
#      real.tune / real.heldout against eval/real/expected.json);
#      exit 1 when a threshold fails.                                        ~20 s on 2 cores
#   2. the English path on the tiny random-weight models (scripts/make_tiny_models.py) for one
#      letter: translation (with the translation memory and glossary) + seq2seq summariser +
#      scoring, and sacrebleu on 20 FLORES lines. Plumbing only: the scores of random weights mean
#      nothing, so this run has no thresholds; it fails only on an error.
#      Measured (21:55, 2 cores shared with other jobs, tiny models already built): 16 s loading
#      the models, 51 s for the seq2seq brief (random weights generate to the length bound): about
#      70 s for this part; building the tiny models adds about 8 s on a quiet machine. (Not measured
#      again since the tiny seq2seq model was trained to one short answer and runs on CTranslate2.)
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_DATASETS_OFFLINE=1
NLBRIEF=.venv/bin/nlbrief
OUT=${EVAL_OUT:-eval-reports}
mkdir -p "$OUT"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export NLBRIEF_CACHE="$TMP/cache"  # no translation memory from an earlier run

echo "== eval: structure and Dutch extractive briefs (thresholds: eval/thresholds.toml)"
letters=()
if [ -d ../shared/data/letters ]; then
  letters=(--letters-dir ../shared/data/letters)
else
  echo "(../shared/data/letters is not there: the real letters are not checked)"
fi
"$NLBRIEF" eval --out "$OUT/eval.json" "${letters[@]}" | tee "$OUT/eval.md"

echo "== eval: English path on the tiny models (plumbing only, no thresholds)"
TINY=${NLBRIEF_TINY_MODELS:-$TMP/tiny}
.venv/bin/python scripts/make_tiny_models.py "$TINY" >"$TMP/tiny.log" 2>&1 || { cat "$TMP/tiny.log"; exit 1; }
mkdir -p "$TMP/set/letters" "$TMP/set/references"
name=def-2025-11-20-munitievoorraden  # the shortest letter: footnotes, lists, a table
cp "eval/letters/$name.txt" "$TMP/set/letters/"
cp "eval/references/$name.json" "$TMP/set/references/"
mt=()
if [ -f ../shared/data/mt/flores200-devtest.nld ]; then
  mt=(--mt-src ../shared/data/mt/flores200-devtest.nld --mt-ref ../shared/data/mt/flores200-devtest.eng
      --mt-limit 20)
else
  echo "(../shared/data/mt is not there: no translation scores)"
fi
"$NLBRIEF" eval --set "$TMP/set" --lang en --summariser seq2seq --summary-model "$TINY/seq2seq" \
  --translation-model "$TINY/marian" --beam-size 1 --device cpu "${mt[@]}" \
  --out "$OUT/eval-en-tiny.json" > "$OUT/eval-en-tiny.md"
grep -E '^\| (briefs\.en\.seq2seq|translation) \| (rouge1|provenance_valid|bleu|chrf|translated) ' "$OUT/eval-en-tiny.md"
grep -E '^- (BLEU|CHRF):' "$OUT/eval-en-tiny.md"
echo "== eval passed"
