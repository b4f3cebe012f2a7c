"""Writes the ONNX models that ONNX's text syntax cannot express.

    make_test_models.py OUT_DIR

- external.onnx + external.weights: y = MatMul(x, w) with w (2x3, values
  0.5, 1.5, ..., 5.5) kept in an external data file;
- named_unsupported.onnx: a node named 'block/Hardmax_3' with an operator
  the importer does not convert;
- opset12.onnx: a Relu model that imports opset 12.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def external(out_dir):
    w = numpy_helper.from_array(
        (np.arange(6, dtype=np.float32) + 0.5).reshape(2, 3), "w")
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"], name="proj/MatMul")],
        "external",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [4, 2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [4, 3])],
        [w])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.save(model, os.path.join(out_dir, "external.onnx"),
              save_as_external_data=True, all_tensors_to_one_file=True,
              location="external.weights", size_threshold=0)


def named_unsupported(out_dir):
    graph = helper.make_graph(
        [helper.make_node("Hardmax", ["x"], ["y"], name="block/Hardmax_3")],
        "named_unsupported",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.save(model, os.path.join(out_dir, "named_unsupported.onnx"))


def opset12(out_dir):
    graph = helper.make_graph(
        [helper.make_node("Relu", ["x"], ["y"], name="relu")],
        "opset12",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 12)])
    onnx.save(model, os.path.join(out_dir, "opset12.onnx"))


if __name__ == "__main__":
    os.makedirs(sys.argv[1], exist_ok=True)
    external(sys.argv[1])
    named_unsupported(sys.argv[1])
    opset12(sys.argv[1])
