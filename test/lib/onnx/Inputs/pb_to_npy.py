"""Converts an ONNX test data set to strata-run's layout.

    pb_to_npy.py DATA_DIR OUT_DIR

DATA_DIR holds input_N.pb / output_N.pb (ONNX TensorProtos, as the ONNX
backend test data and exporters write them). OUT_DIR receives argN.npy and
resultN.npy, the files strata-run --inputs / --expect read.
"""
import os
import sys

import numpy as np
from onnx import TensorProto, numpy_helper


def convert(data_dir, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for stem, target in (("input", "arg"), ("output", "result")):
        index = 0
        while True:
            path = os.path.join(data_dir, f"{stem}_{index}.pb")
            if not os.path.exists(path):
                break
            tensor = TensorProto()
            with open(path, "rb") as f:
                tensor.ParseFromString(f.read())
            np.save(os.path.join(out_dir, f"{target}{index}.npy"),
                    numpy_helper.to_array(tensor))
            index += 1


if __name__ == "__main__":
    convert(sys.argv[1], sys.argv[2])
