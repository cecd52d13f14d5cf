#!/usr/bin/env bash
# Median s/epoch, eval s and peak RSS of every model on one dataset, one fresh JVM per model (so peak
# RSS is per model), as a markdown table on stdout. Usage:
#   bench/scripts/zoo-epochs.sh DATA_DIR [THREADS] [EPOCHS] [MODEL...]
# With no models, every model in `./mmrec4j models` runs. Per-model settings come from the dataset YAML
# and the model YAML, as in training.
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${1:?usage: zoo-epochs.sh DATA_DIR [THREADS] [EPOCHS] [MODEL...]}
threads=${2:-2}
epochs=${3:-4}
shift $(( $# < 3 ? $# : 3 ))
models=("$@")
if [ ${#models[@]} -eq 0 ]; then
  mapfile -t models < <(./mmrec4j models | tail -n +2 | awk '{print $1}')
fi
echo "| model | train s/epoch | eval s | peak RSS |"
echo "|---|---|---|---|"
for m in "${models[@]}"; do
  out=$(./mmrec4j bench epoch --model "$m" --data "$data" --epochs "$epochs" --threads "$threads" 2>/dev/null) || {
    echo "| $m | failed | | |"; continue; }
  train=$(sed -n 's/^train s\/epoch (median): //p' <<<"$out")
  eval=$(sed -n 's/^validation eval s (median): //p' <<<"$out")
  rss=$(sed -n 's/^peak RSS: //p' <<<"$out")
  echo "| $m | $train | $eval | $rss |"
done
