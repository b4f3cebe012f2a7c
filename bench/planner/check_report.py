#!/usr/bin/env python3
"""Checks a strata-compile --report against bounds, for the reduced sweep
that CI runs: exits non-zero, naming the figure, when one is out of bounds.

  check_report.py REPORT.json --max-overhead 0.15 [--max-gap 0.05]
      [--heuristic-fits NAME] [--min-tiled-groups N] [--faster-than OTHER.json]
"""
import argparse
import json
import sys

parser = argparse.ArgumentParser()
parser.add_argument("report")
parser.add_argument("--max-overhead", type=float, required=True,
                    help="largest predicted step time over unconstrained, "
                         "as a fraction")
parser.add_argument("--max-gap", type=float,
                    help="largest proven optimality gap, as a fraction")
parser.add_argument("--heuristic-fits", action="append", default=[],
                    help="a heuristic whose plan must fit the budget")
parser.add_argument("--min-tiled-groups", type=int, default=0,
                    help="fewest groups of ops the plan must run in chunks "
                         "(tile-for-memory)")
parser.add_argument("--faster-than",
                    help="another report whose predicted step this plan's "
                         "must not exceed")
args = parser.parse_args()
report = json.load(open(args.report))
failures = []
overhead = (report["predicted_step_seconds"] /
            report["unconstrained_step_seconds"] - 1)
if overhead > args.max_overhead:
    failures.append(f"predicted overhead {overhead:.1%} > {args.max_overhead:.1%}")
if report["planned_peak_bytes"]["hbm"] > report["budget_bytes"]:
    failures.append("planned HBM peak over the budget")
if report["arena_bytes"]["hbm"] > report["budget_bytes"]:
    failures.append("HBM arena over the budget")
if not report["verified"]:
    failures.append("plan not verified")
if report["best_heuristic_step_seconds"] and (
        report["predicted_step_seconds"] >
        report["best_heuristic_step_seconds"] + 1e-12):
    failures.append("chosen plan slower than the best heuristic")
gap = report["solver"]["gap"]
if args.max_gap is not None and (gap is None or gap > args.max_gap):
    failures.append(f"optimality gap {gap} > {args.max_gap}")
bound = report["lower_bound_step_seconds"]
if bound > report["predicted_step_seconds"] + 1e-9:
    failures.append("lower bound above the chosen plan: the bound is wrong")
heuristics = report.get("heuristics", {})
for name, result in heuristics.items():
    if result["fits"] and (report["predicted_step_seconds"] >
                           result["step_seconds"] + 1e-9):
        failures.append(f"chosen plan slower than the {name} heuristic's")
for name in args.heuristic_fits:
    if not heuristics.get(name, {}).get("fits"):
        failures.append(f"the {name} heuristic's plan does not fit")
if report.get("tiled_groups", 0) < args.min_tiled_groups:
    failures.append(f"{report.get('tiled_groups', 0)} groups tiled for memory, "
                    f"expected at least {args.min_tiled_groups}")
if args.faster_than:
    other = json.load(open(args.faster_than))
    if report["predicted_step_seconds"] > other["predicted_step_seconds"] + 1e-9:
        failures.append(
            f"predicted step {report['predicted_step_seconds'] * 1e3:.2f} ms "
            f"slower than {args.faster_than}'s "
            f"{other['predicted_step_seconds'] * 1e3:.2f} ms")
for failure in failures:
    print(f"{args.report}: {failure}")
gap_text = "n/a" if gap is None else f"{gap:.2%}"
print(f"overhead {overhead:.1%}, gap {gap_text}, arena {report['arena_bytes']['hbm']} of "
      f"{report['budget_bytes']} bytes")
sys.exit(1 if failures else 0)
