"""Writes seeded random inputs for the models of ort-reference.test.

    make_ort_inputs.py MODELS_DIR DATA_DIR

DATA_DIR/NAME/argI.npy for every graph input of MODELS_DIR/NAME.onnx:
standard normal floats, except inputs named `idx_N` (integers in [-N, N),
negative ones counting from the end) and `ties` (small integers as floats,
so that extremes repeat).
"""
import os
import sys

import numpy as np
import onnx
from onnx.mapping import TENSOR_TYPE_TO_NP_TYPE


def main(models_dir, data_dir):
    rng = np.random.default_rng(2026)
    for name in sorted(os.listdir(models_dir)):
        if not name.endswith(".onnx"):
            continue
        model = onnx.load(os.path.join(models_dir, name))
        out = os.path.join(data_dir, name[:-5])
        os.makedirs(out, exist_ok=True)
        for i, value in enumerate(model.graph.input):
            tensor = value.type.tensor_type
            shape = [d.dim_value for d in tensor.shape.dim]
            dtype = TENSOR_TYPE_TO_NP_TYPE[tensor.elem_type]
            if value.name.startswith("idx_"):
                bound = int(value.name[4:])
                array = rng.integers(-bound, bound, size=shape).astype(dtype)
            elif value.name == "ties":
                array = rng.integers(0, 3, size=shape).astype(dtype)
            else:
                array = rng.standard_normal(shape).astype(dtype)
            np.save(os.path.join(out, f"arg{i}.npy"), array)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
