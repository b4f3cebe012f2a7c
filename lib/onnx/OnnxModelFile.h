//===- OnnxModelFile.h - Reading ONNX protobufs without exceptions --------===//
//
// The importer's only contact with code that throws: protobuf parsing and
// ONNX's shape inference. Everything here reports failure as a value and an
// error message; the file that implements it is the one built with
// exceptions enabled.

#ifndef STRATA_LIB_ONNX_ONNXMODELFILE_H
#define STRATA_LIB_ONNX_ONNXMODELFILE_H

#include "onnx/onnx_pb.h"

#include "llvm/ADT/StringRef.h"

#include <string>

namespace mlir::strata::onnx_import {

/// Parses `bytes` as a ModelProto. Returns false with `error` set when the
/// bytes are not a complete, well-formed model.
bool parseModel(llvm::StringRef bytes, onnx::ModelProto &model,
                std::string &error);

/// Runs ONNX's shape inference over `model` in place, filling value_info
/// where the exporter left shapes out. Returns false with `error` set when
/// inference reports an inconsistency.
bool inferShapes(onnx::ModelProto &model, std::string &error);

/// "node 'NAME' (OpType)", or "node producing 'OUT' (OpType)" when the node
/// has no name: how diagnostics refer to a node.
std::string describeNode(const onnx::NodeProto &node);

/// Checks `node` against ONNX's schema of its operator at `opset`: the
/// number of inputs and outputs, and that required inputs are named.
/// Returns false with `error` set when the node breaks it; true also when
/// ONNX has no schema for the operator (the converter, if any, decides).
bool checkNodeArity(const onnx::NodeProto &node, int opset, std::string &error);

} // namespace mlir::strata::onnx_import

#endif // STRATA_LIB_ONNX_ONNXMODELFILE_H
