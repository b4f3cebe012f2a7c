"""Builds the ONNX models written as text in a test file.

    onnx_text.py TEST_FILE OUT_DIR

Every model in TEST_FILE is ONNX's textual syntax (onnx.parser), from a
header line starting with `<` to a line holding only `}`. Each is written
to OUT_DIR/GRAPH_NAME.onnx, where GRAPH_NAME is the name after the header.
"""
import os
import sys

import onnx
import onnx.parser


def models(text):
    lines, current = text.splitlines(), None
    for line in lines:
        if current is None and line.startswith("<"):
            current = [line]
        elif current is not None:
            current.append(line)
            if line.strip() == "}":
                yield "\n".join(current)
                current = None


def main(test_file, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    with open(test_file) as f:
        for source in models(f.read()):
            model = onnx.parser.parse_model(source)
            onnx.save(model, os.path.join(out_dir, model.graph.name + ".onnx"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
