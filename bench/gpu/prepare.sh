#!/usr/bin/env bash
# Compiles what bench/gpu/run.sh measures on the GPU machine, here (where
# MLIR is), into DIR (default build-gpu-inputs/, which git ignores): the
# artifacts of GPT-2 small and medium at the machine's capacity and at 50%
# and 25% of their activation peaks, the goldens' artifacts with exact f32
# and with tf32 matrix products (and the checkpointing heuristics' plans), the goldens' arrays, the StableHLO modules
# for XLA, and nlohmann/json's headers (the GPU machine has no package
# registry).
#
#   bench/gpu/prepare.sh [DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:-$root/build-gpu-inputs}
corpus=$root/../shared/corpus
compile=$root/build/bin/strata-compile
mkdir -p "$dir/artifacts" "$dir/include" "$dir/goldens"
cp -r /usr/include/nlohmann "$dir/include/"
cp "$corpus"/stablehlo/gpt2_small_b8_t1024.stablehlo.mlir \
   "$corpus"/stablehlo/gpt2_medium_b8_t1024.stablehlo.mlir "$dir/"
for model in mlp_tiny gpt2_tiny; do
  mkdir -p "$dir/goldens/$model"
  cp "$corpus"/goldens/$model/*.npy "$dir/goldens/$model/"
  for budget in 100% 25%; do
    for precision in f32 tf32; do
      "$compile" --quiet "$corpus/goldens/$model/$model.stablehlo.mlir" \
        --donate-arguments --budget $budget --time-limit 5 \
        --gemm-precision $precision \
        -o "$dir/artifacts/golden_${model}_${budget}_$precision"
    done
  done
done
# The checkpointing heuristics' plans, alone, at the smallest budget each
# reaches (what planned-goldens.test runs on the CPU).
for heuristic in checkpoint-layers checkpoint-sqrt; do
  "$compile" --quiet "$corpus/goldens/gpt2_tiny/gpt2_tiny.stablehlo.mlir" \
    --donate-arguments --budget min --planner $heuristic --gemm-precision f32 \
    -o "$dir/artifacts/golden_gpt2_tiny_${heuristic}_f32"
done
for model in small medium; do
  source=$corpus/stablehlo/gpt2_${model}_b8_t1024.stablehlo.mlir
  # No budget: the machine's HBM, i.e. unconstrained.
  "$compile" --quiet "$source" --donate-arguments \
    --report "$dir/artifacts/${model}_full.json" -o "$dir/artifacts/${model}_full"
  # A budget the planner cannot meet is reported and skipped; `min` is the
  # smallest budget the heuristics reach.
  for budget in 50% 25% min; do
    "$compile" --quiet "$source" --donate-arguments --budget $budget \
      --report "$dir/artifacts/${model}_$budget.json" \
      -o "$dir/artifacts/${model}_$budget" ||
      echo "prepare.sh: ${model} at $budget not compiled (see above)" >&2
  done
done
tar czf "$dir/artifacts.tar.gz" -C "$dir" artifacts
du -sh "$dir/artifacts.tar.gz"
