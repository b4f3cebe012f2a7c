#!/usr/bin/env bash
# Sweeps HBM budgets for one model with strata-compile and prints one
# table row per budget (Markdown), then a table of what each heuristic
# reached at each budget. Run from the repository root after
# scripts/setup:
#
#   bench/planner/sweep.sh ../shared/corpus/stablehlo/gpt2_small_b8_t1024.stablehlo.mlir \
#       "100% 75% 50% 35% 25%" [extra strata-compile options]
set -u
model=$1
budgets=$2
shift 2
out=$(mktemp -d)
heuristic_rows=""
echo "| budget | planned peak (hbm) | arena | predicted step | vs unconstrained | lower bound | best heuristic | recompute | exposed copies | h2d / d2h | planner | tiled | solver | gap | planner wall time |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for budget in $budgets; do
  start=$(date +%s.%N)
  if ! build/bin/strata-compile --quiet "$model" --budget "$budget" \
      --report "$out/report.json" "$@" > "$out/summary.txt" 2> "$out/err.txt"; then
    echo "| $budget | $(grep -o 'smallest budget.*' "$out/err.txt" | head -1) | | | | | | | | | | | | | |"
    heuristic_rows+="| $budget | no plan fits | | | | |"$'\n'
    continue
  fi
  end=$(date +%s.%N)
  python3 - "$out/report.json" "$budget" "$start" "$end" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
budget, start, end = sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
gib = lambda b: f"{b / 2**30:.2f} GiB"
ms = lambda s: f"{s * 1e3:.1f} ms"
u, p = r["unconstrained_step_seconds"], r["predicted_step_seconds"]
h = r["best_heuristic_step_seconds"]
gap = r["solver"]["gap"]
gap = "n/a" if gap is None else f"{gap * 100:.1f}%"
print(f"| {budget} ({gib(r['budget_bytes'])}) | {gib(r['planned_peak_bytes']['hbm'])} | "
      f"{gib(r['arena_bytes']['hbm'])} | {ms(p)} | +{(p / u - 1) * 100:.1f}% | "
      f"+{(r['lower_bound_step_seconds'] / u - 1) * 100:.1f}% | "
      f"{ms(h) if h else 'none fits'} | {ms(r['recompute_seconds'])} | "
      f"{ms(r['exposed_transfer_seconds'])} | "
      f"{gib(r['transfer_bytes']['host->hbm'])} / {gib(r['transfer_bytes']['hbm->host'])} | "
      f"{r['planner']} | "
      f"{str(r.get('tiled_chunks', 1)) + ' chunks' if r.get('tiled_groups') else 'no'} | "
      f"{r['solver']['status']} | {gap} | "
      f"{end - start:.0f} s |")
PY
  heuristic_rows+=$(python3 - "$out/report.json" "$budget" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
u = r["unconstrained_step_seconds"]
cells = []
for name in ["greedy", "greedy-recompute", "greedy-offload",
             "checkpoint-layers", "checkpoint-sqrt"]:
    h = r["heuristics"].get(name)
    if not h:
        cells.append("")
    elif h["fits"]:
        cells.append(f"{h['step_seconds'] * 1e3:.1f} ms (+{(h['step_seconds'] / u - 1) * 100:.1f}%)")
    else:
        cells.append(f"over: {h['peak_bytes'] / 2**30:.2f} GiB")
print(f"| {sys.argv[2]} | " + " | ".join(cells) + " |")
PY
)$'\n'
done
echo
echo "| budget | greedy | greedy-recompute | greedy-offload | checkpoint-layers | checkpoint-sqrt |"
echo "| --- | --- | --- | --- | --- | --- |"
printf "%s" "$heuristic_rows"
rm -rf "$out"
