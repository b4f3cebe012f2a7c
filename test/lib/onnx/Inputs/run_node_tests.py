"""Runs ONNX backend node tests (Debian's libonnx-testdata) through Strata.

    run_node_tests.py --tools DIR --data DIR --work DIR [--rtol X] CASE...
    run_node_tests.py ... --cases-from TEST_FILE [--tag CASE]
        (takes the cases from lines "# CASE: NAME ..." of TEST_FILE)

Each CASE is a directory under --data (e.g. test_relu) holding model.onnx
and test_data_set_0/{input,output}_N.pb, whose outputs ONNX's reference
implementation computed. For each case the model is imported with
strata-translate --import-onnx and run with strata-run --backend=cpu
--expect; one line per case says `CASE: ok` or `CASE: FAILED` with the
tools' messages, and the script fails if any case failed.

Two adjustments make a test model importable without changing what it
computes. Inputs that ONNX allows to be dynamic but that fix shapes (the
ones named in SHAPE_INPUTS: shapes, axes, pads, slice bounds, ...) become
initializers holding the test's values, because strata needs static shapes;
`CASE:NAME,...` names more such inputs for one case (test_tile:y).
Models exported at an opset below 13 are converted to opset 13 with
onnx.version_converter, as a user would, since the importer reads opsets 13
to 17.
"""
import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pb_to_npy import convert  # noqa: E402

import numpy as np  # noqa: E402
import onnx  # noqa: E402
from onnx import numpy_helper, version_converter  # noqa: E402

SHAPE_INPUTS = {"shape", "new_shape", "pads", "axes", "starts", "ends",
                "steps", "axis", "k", "K", "repeats", "split", "start",
                "limit", "delta"}


def prepare_model(case_dir, work, known):
    """The model to import: the case's own, or work/model.onnx when inputs
    became initializers (argN.npy are renumbered) or the opset changed."""
    model = onnx.load(os.path.join(case_dir, "model.onnx"))
    args = [np.load(os.path.join(work, f"arg{i}.npy"))
            for i in range(len(model.graph.input))
            if os.path.exists(os.path.join(work, f"arg{i}.npy"))]
    kept = []
    for value_info, array in zip(list(model.graph.input), args):
        if value_info.name in SHAPE_INPUTS or value_info.name in known:
            model.graph.initializer.append(
                numpy_helper.from_array(array, value_info.name))
            model.graph.input.remove(value_info)
        else:
            kept.append(array)
    for i, array in enumerate(kept):
        np.save(os.path.join(work, f"arg{i}.npy"), array)
    for i in range(len(kept), len(args)):
        os.remove(os.path.join(work, f"arg{i}.npy"))
    opset = max((o.version for o in model.opset_import
                 if o.domain in ("", "ai.onnx")), default=13)
    if opset >= 13 and len(kept) == len(args):
        return os.path.join(case_dir, "model.onnx")  # Imported as it is.
    if opset < 13:
        model = version_converter.convert_version(model, 13)
    path = os.path.join(work, "model.onnx")
    onnx.save(model, path)
    return path


def run_case(args, spec):
    case, _, extra = spec.partition(":")
    known = set(filter(None, extra.split(",")))
    case_dir = os.path.join(args.data, case)
    work = os.path.join(args.work, case)
    os.makedirs(work, exist_ok=True)
    try:
        convert(os.path.join(case_dir, "test_data_set_0"), work)
    except Exception as error:  # Sequences and optionals are not tensors.
        return f"test data is not plain tensors: {error}"
    try:
        model = prepare_model(case_dir, work, known)
    except Exception as error:
        return f"could not prepare the model: {error}"
    module = os.path.join(work, "model.mlir")
    translate = subprocess.run(
        [os.path.join(args.tools, "strata-translate"), "--import-onnx",
         model, "-o", module],
        capture_output=True, text=True)
    if translate.returncode:
        return "import failed: " + translate.stderr.strip()
    run = subprocess.run(
        [os.path.join(args.tools, "strata-run"), "--backend=cpu", module,
         "--inputs", work, "--expect", work, "--rtol", str(args.rtol)],
        capture_output=True, text=True)
    if run.returncode or " 0 failed" not in run.stdout:
        return "run failed: " + (run.stdout + run.stderr).strip()
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tools", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--rtol", type=float, default=1e-5)
    parser.add_argument("--cases-from")
    parser.add_argument("--tag", default="CASE")
    parser.add_argument("cases", nargs="*")
    args = parser.parse_args()
    if args.cases_from:
        with open(args.cases_from) as f:
            for line in f:
                prefix = f"# {args.tag}:"
                if line.startswith(prefix):
                    args.cases.extend(line[len(prefix):].split())
    failed = 0
    for case in args.cases:
        error = run_case(args, case)
        if error:
            failed += 1
            print(f"{case}: FAILED\n  " + error.replace("\n", "\n  "))
        else:
            print(f"{case}: ok")
    print(f"{len(args.cases) - failed} of {len(args.cases)} cases passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
