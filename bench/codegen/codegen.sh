#!/usr/bin/env bash
# Code generation figures per model: kernels, library calls, PTX size,
# compile time, and what ptxas says about the kernels (registers, spills).
#
#   bench/codegen/codegen.sh [BUDGET] [MODEL.mlir ...]
#
# Defaults: no budget (the machine's HBM: nothing to plan), every StableHLO
# model of ../shared/corpus. Prints
# one Markdown table row per model. Needs build/ (scripts/setup) and, for
# the ptxas columns, the CUDA toolkit (ptxas on PATH or /usr/local/cuda).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
budget=${1:-none}
shift || true
models=("$@")
if [ ${#models[@]} -eq 0 ]; then
  models=("$root"/../shared/corpus/stablehlo/*.stablehlo.mlir
          "$root"/../shared/corpus/goldens/*/*.stablehlo.mlir)
fi
ptxas=$(command -v ptxas || echo /usr/local/cuda/bin/ptxas)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "| model | budget | kernels | cuBLASLt calls | generated contractions | copies | steps | PTX | strata-compile | ptxas | max registers | kernels with spills |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for model in "${models[@]}"; do
  name=$(basename "$model" .stablehlo.mlir)
  start=$(date +%s.%N)
  budgetArgs=()
  [ "$budget" != none ] && budgetArgs=(--budget "$budget")
  line=$("$root"/build/bin/strata-compile --quiet "$model" "${budgetArgs[@]}" \
           --planner heuristic --donate-arguments -o "$work/$name" | grep artifact)
  end=$(date +%s.%N)
  read -r kernels gemms fallback copies steps ptxkib <<<"$(echo "$line" |
    sed -E 's/.*: ([0-9]+) kernels \(([0-9]+) KiB.*, ([0-9]+) library matrix products, ([0-9]+) generated contractions, ([0-9]+) copies, ([0-9]+) steps.*/\1 \3 \4 \5 \6 \2/')"
  pstart=$(date +%s.%N)
  "$ptxas" -arch=sm_90 -v "$work/$name/kernels.ptx" -o "$work/$name/k.cubin" 2>"$work/$name/ptxas.log"
  pend=$(date +%s.%N)
  regs=$(grep -o "Used [0-9]* registers" "$work/$name/ptxas.log" | awk '{print $2}' | sort -n | tail -1)
  spills=$(grep -c "[1-9][0-9]* bytes spill stores" "$work/$name/ptxas.log" || true)
  printf "| %s | %s | %s | %s | %s | %s | %s | %s KiB | %.1f s | %.1f s | %s | %s |\n" \
    "$name" "$budget" "$kernels" "$gemms" "$fallback" "$copies" "$steps" "$ptxkib" \
    "$(echo "$end - $start" | bc)" "$(echo "$pend - $pstart" | bc)" "$regs" "$spills"
done
