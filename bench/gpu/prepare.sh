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
rm -rf "$dir/artifacts"
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
# Tile-for-memory forced on gpt2_tiny (the planner does not choose it on so
# small a model): the chunked ops' kernels against JAX's goldens.
"$root/build/bin/strata-translate" --import-stablehlo \
  "$corpus/goldens/gpt2_tiny/gpt2_tiny.stablehlo.mlir" |
  "$root/build/bin/strata-opt" --canonicalize --strata-pad-contractions \
    --canonicalize --strata-rebuild-softmax-exponentials --strata-fuse \
    --strata-tile-for-memory \
    -o "$dir/gpt2_tiny_tiled.mlir"
"$compile" --quiet "$dir/gpt2_tiny_tiled.mlir" --donate-arguments \
  --budget 25% --time-limit 5 --gemm-precision f32 \
  -o "$dir/artifacts/golden_gpt2_tiny_tiled_25%_f32"
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
# The program as it was before the softmax's exponentials were rebuilt from
# its probabilities (--rebuild-softmax-exponentials=false), unconstrained
# and at its own 50% and 25% budgets, and the default program at those same
# budgets in bytes: what the rewrite buys at equal memory, measured in one
# session.
for model in small medium; do
  source=$corpus/stablehlo/gpt2_${model}_b8_t1024.stablehlo.mlir
  "$compile" --quiet "$source" --donate-arguments \
    --rebuild-softmax-exponentials=false \
    --report "$dir/artifacts/${model}_exp-kept_full.json" \
    -o "$dir/artifacts/${model}_exp-kept_full"
  for budget in 50% 25%; do
    "$compile" --quiet "$source" --donate-arguments --budget $budget \
      --rebuild-softmax-exponentials=false \
      --report "$dir/artifacts/${model}_exp-kept_$budget.json" \
      -o "$dir/artifacts/${model}_exp-kept_$budget"
    bytes=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['budget_bytes'])" \
      "$dir/artifacts/${model}_exp-kept_$budget.json")
    "$compile" --quiet "$source" --donate-arguments --budget "$bytes" \
      --report "$dir/artifacts/${model}_at-exp-kept-$budget.json" \
      -o "$dir/artifacts/${model}_at-exp-kept-$budget"
  done
done
# The same 25% budget without tile-for-memory, and with the logits' group
# forced into 2 and 8 chunks (the planner weighs 2, 4 and 8 by prediction):
# what the chunks cost and buy, measured.
small=$corpus/stablehlo/gpt2_small_b8_t1024.stablehlo.mlir
budget25=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['budget_bytes'])" \
  "$dir/artifacts/small_25%.json")
"$compile" --quiet "$small" --donate-arguments --budget 25% \
  --tile-for-memory=false --report "$dir/artifacts/small_25%_untiled.json" \
  -o "$dir/artifacts/small_25%_untiled"
for chunks in 2 8; do
  "$root/build/bin/strata-translate" --import-stablehlo "$small" \
    --mlir-print-debuginfo |
    "$root/build/bin/strata-opt" --canonicalize --strata-pad-contractions \
      --canonicalize --strata-rebuild-softmax-exponentials --strata-fuse \
      --strata-tile-for-memory="max-chunks=$chunks" --mlir-print-debuginfo \
      -o "$dir/small_k$chunks.mlir"
  "$compile" --quiet "$dir/small_k$chunks.mlir" --donate-arguments \
    --budget "$budget25" --tile-for-memory=false \
    --report "$dir/artifacts/small_25%_k$chunks.json" \
    -o "$dir/artifacts/small_25%_k$chunks"
done
tar czf "$dir/artifacts.tar.gz" -C "$dir" artifacts
du -sh "$dir/artifacts.tar.gz"
