#!/usr/bin/env bash
# Bit-identity check for refactors: trains a fixed set of short runs through every command path
# (train, --grid, compare, tune, sweep-noise, demo) and prints one SHA-256 per run of its results
# with the timing fields removed (metrics.json without *_seconds*, every CSV without its *seconds* columns:
# train_log.csv, test_per_user.csv, and grid.csv / search.csv / sweep.csv / leaderboard.csv where written).
# Usage: bench/identity/run.sh OUT_DIR [demo|tiktok|all]   (run from the repository root; needs jq)
# Two checkouts give identical output exactly when every hash line matches: diff the two hashes.txt.
set -euo pipefail
out=$(realpath -m "$1"); which=${2:-all}
mkdir -p "$out"
here=$(pwd)
m() { "$here/mmrec4j" "$@" > /dev/null 2>>"$out/stderr.log"; }
tiktok=../shared/datasets/tiktok
no_seconds() { # a CSV without its timing columns (any header naming seconds)
  awk -F, 'NR==1{for(i=1;i<=NF;i++) if($i!~/seconds/) keep[i]=1} {s="";for(i=1;i<=NF;i++) if(keep[i]) s=s $i ","; print s}' "$1"
}
hash_run() { # a run folder -> "name hash"
  local d=$1 name=$2 h
  h=$( { jq -S 'del(.epoch_seconds_median, .eval_seconds_median)' "$d/metrics.json";
         no_seconds "$d/train_log.csv";
         for f in grid.csv search.csv sweep.csv test_per_user.csv; do [ -f "$d/$f" ] && no_seconds "$d/$f"; done; true; } | sha256sum | cut -c1-16)
  echo "$name $h"
}
if [ "$which" != tiktok ]; then
  m demo --dir "$out/demo-data" --out "$out/demo" --threads 2
  for r in LightGCN VBPR FREEDOM; do hash_run "$out/demo/$r" "demo/$r"; done
  D="$out/demo-data"
  for model in BPR LightGCN VBPR BM3 FREEDOM LATTICE MGCN LGMRec SLMRec SMORE MMGCN GRCN DualGNN DRAGON ItemKNNCBF DiffMM; do
    m train --model $model --data "$D" --threads 2 --set epochs=3 --set checkpoint_every=2 --out "$out/d-$model"
    hash_run "$out/d-$model" "demo-3ep/$model"
  done
  for mode in code_compat paper; do
    m train --model BM3 --data "$D" --threads 2 --set epochs=3 --set wrapper=guider --set guider_mode=$mode --out "$out/d-guider-$mode"
    hash_run "$out/d-guider-$mode" "demo-3ep/BM3+GUIDER-$mode"
  done
  m train --model BPR --data "$D" --threads 2 --set epochs=3 --set denoise=tce --inject-noise 0.1 --out "$out/d-tce"
  hash_run "$out/d-tce" "demo-3ep/BPR-tce-noise"
  m train --model LightGCN --data "$D" --threads 2 --set epochs=3 --set stopping_step=null --protocol diffmm --out "$out/d-diffmm-protocol"
  hash_run "$out/d-diffmm-protocol" "demo-3ep/LightGCN-diffmm-protocol"
  m train --model BPR --data "$D" --threads 2 --set epochs=2 --grid --out "$out/d-grid"
  hash_run "$out/d-grid" "demo-grid/BPR"
  m compare --data "$D" --models BPR,VBPR --seeds 2 --threads 2 --set epochs=3 --out "$out/d-compare"
  for f in $(cd "$out/d-compare" && find runs -name metrics.json | sort); do hash_run "$out/d-compare/$(dirname $f)" "demo-compare/$(dirname $f)"; done
  echo "demo-compare/leaderboard $(no_seconds "$out/d-compare/leaderboard.csv" | sha256sum | cut -c1-16)"
  m tune --model BPR --data "$D" --threads 2 --trials 3 --set epochs=2 --out "$out/d-tune"
  echo "demo-tune/search.csv $(sha256sum < "$out/d-tune/search.csv" | cut -c1-16) best.yaml $(grep -v '^#' "$out/d-tune/best.yaml" | sha256sum | cut -c1-16)"
  m sweep-noise --data "$D" --variants 'BPR;BPR+T-CE=BPR:denoise=tce' --ratios 0,0.2 --seeds 2 --threads 2 --set epochs=3 --out "$out/d-sweep"
  echo "demo-sweep/sweep.csv $(sha256sum < "$out/d-sweep/sweep.csv" | cut -c1-16)"
fi
if [ "$which" != demo ] && [ -d $tiktok ]; then
  for model in BPR LightGCN VBPR BM3 FREEDOM LATTICE MGCN LGMRec SLMRec SMORE MMGCN GRCN DualGNN DRAGON ItemKNNCBF; do
    m train --model $model --data $tiktok --threads 2 --set epochs=2 --out "$out/t-$model"
    hash_run "$out/t-$model" "tiktok-2ep/$model"
  done
  m train --model DiffMM --data $tiktok --threads 2 --set epochs=1 --out "$out/t-DiffMM"
  hash_run "$out/t-DiffMM" "tiktok-1ep/DiffMM"
  for mode in code_compat paper; do
    m train --model BM3 --data $tiktok --threads 2 --set epochs=2 --set wrapper=guider --set guider_mode=$mode --out "$out/t-guider-$mode"
    hash_run "$out/t-guider-$mode" "tiktok-2ep/BM3+GUIDER-$mode"
  done
fi
