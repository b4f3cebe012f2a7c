#!/usr/bin/env bash
# The GPU measurements of bench/gpu/README.md, run on the GPU machine from
# the repository root. That machine has CUDA, CMake, Ninja and JAX but no
# MLIR: artifacts are compiled on a developer machine (bench/gpu/prepare.sh)
# and carried here with nlohmann/json's headers; only runtime/ is built.
#
#   bench/gpu/run.sh INPUTS OUT PART
#
# INPUTS: what prepare.sh made (artifacts.tar.gz, include/, goldens/, the
# StableHLO modules); OUT: where results.tar.gz (every raw result, one file:
# the device tool brings back only a few files) goes; PART: build, goldens,
# small, medium, xla-small, xla-medium, calibrate (several, comma-separated).
set -uo pipefail
inputs=$1
archive=$2/results.tar.gz
parts=",$3,"
mkdir -p "$2"
out=$(mktemp -d)
run=build-gpu/strata-run
log() { echo "[$(date +%T)] $*" >&2; }

if [[ $parts == *,build,* ]]; then
  nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.sm \
    --format=csv > "$out/device.txt" 2>&1
  log "building runtime/"
  cmake -S runtime -B build-gpu -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DNLOHMANN_JSON_INCLUDE_DIR="$PWD/$inputs/include" > "$out/cmake.log" 2>&1
  ninja -C build-gpu > "$out/build.log" 2>&1 || { tail -40 "$out/build.log"; exit 1; }
  rm -rf "$inputs/artifacts"
  tar xzf "$inputs/artifacts.tar.gz" -C "$inputs"
fi

if [[ $parts == *,goldens,* ]]; then
  for artifact in "$inputs"/artifacts/golden_*; do
    name=$(basename "$artifact" | tr '%' 'p')
    for model in mlp_tiny gpt2_tiny; do
      [[ $name == golden_${model}_* ]] && break
    done
    # tf32 products round the operands to 10-bit mantissas: 1e-3; f32: 1e-5.
    rtol=1e-5
    [[ $name == *tf32 ]] && rtol=1e-3
    log "numerics $name"
    $run --backend=cuda "$artifact" --inputs "$inputs/goldens/$model" \
      --expect "$inputs/goldens/$model" --rtol $rtol --report "$out/$name.run.json" \
      > "$out/$name.txt" 2>&1
    echo "$name rc=$? $(tail -1 "$out/$name.txt")" >> "$out/goldens.txt"
  done
fi

time_artifacts() {
  for artifact in "$@"; do
    [ -d "$artifact" ] || continue
    name=$(basename "$artifact" | tr '%' 'p')
    log "timing $name"
    $run --backend=cuda "$artifact" --steps 20 --warmup 3 \
      --report "$out/$name.run.json" > "$out/$name.txt" 2>&1
    echo "$name rc=$?" >> "$out/timing.txt"
  done
}
[[ $parts == *,small,* ]] && time_artifacts "$inputs"/artifacts/small_*
[[ $parts == *,medium,* ]] && time_artifacts "$inputs"/artifacts/medium_*

if [[ $parts == *,xla-small,* ]]; then
  log "XLA gpt2_small"
  python3 bench/gpu/xla_step.py "$inputs/gpt2_small_b8_t1024.stablehlo.mlir" \
    > "$out/xla_small.json" 2> "$out/xla_small.err"
fi
if [[ $parts == *,xla-medium,* ]]; then
  log "XLA gpt2_medium"
  python3 bench/gpu/xla_step.py "$inputs/gpt2_medium_b8_t1024.stablehlo.mlir" \
    > "$out/xla_medium.json" 2> "$out/xla_medium.err"
fi
if [[ $parts == *,calibrate,* ]]; then
  log "calibrating"
  $run --calibrate "$out/machine.json" > "$out/calibrate.txt" 2>&1 ||
    build-gpu/cuda/strata-cuda-smoke --calibrate > "$out/calibrate.txt" 2>&1
fi
tar czf "$archive" -C "$out" .
log done
