#!/usr/bin/env python3
"""Compares where two runs of strata-run --report spend a step, by the
source line of each plan step and its kind (kernel, gemm, copy, wait).

  timeline_by_line.py ARTIFACT_A RUN_A.json[.gz] ARTIFACT_B RUN_B.json[.gz] [--top N]

Each ARTIFACT is the directory strata-compile wrote (its plan.json names
every step's source location); each RUN is the report of running it
(its `timeline` holds [step, start, seconds] for one step of the model).
Prints the lines whose total time differs most, A against B.
"""
import argparse
import collections
import gzip
import json


def load(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        return json.load(f)


def by_line(artifact, run):
    steps = load(f"{artifact}/plan.json")["steps"]
    seconds = collections.defaultdict(float)
    count = collections.Counter()
    for index, _, duration in load(run)["timeline"]:
        step = steps[index]
        key = (step.get("location", "").rsplit(":", 1)[-1], step["kind"])
        seconds[key] += duration
        count[key] += 1
    return seconds, count


parser = argparse.ArgumentParser()
parser.add_argument("artifact_a")
parser.add_argument("run_a")
parser.add_argument("artifact_b")
parser.add_argument("run_b")
parser.add_argument("--top", type=int, default=12)
args = parser.parse_args()
a, a_count = by_line(args.artifact_a, args.run_a)
b, b_count = by_line(args.artifact_b, args.run_b)
print(f"total A {sum(a.values()) * 1e3:.2f} ms, B {sum(b.values()) * 1e3:.2f} ms")
keys = sorted(set(a) | set(b), key=lambda k: -abs(a.get(k, 0) - b.get(k, 0)))
for line, kind in keys[:args.top]:
    print(f"line {line or '-':>6} {kind:7} A {a.get((line, kind), 0) * 1e3:7.3f} ms "
          f"({a_count[(line, kind)]:3})  B {b.get((line, kind), 0) * 1e3:7.3f} ms "
          f"({b_count[(line, kind)]:3})")
