//===- OnnxModelFile.cpp - Reading ONNX protobufs without exceptions ------===//
//
// Built with -fexceptions (see CMakeLists.txt): protobuf and ONNX throw, the
// rest of the compiler does not, so every exception stops here.

#include "lib/onnx/OnnxModelFile.h"

#include "onnx/shape_inference/implementation.h"

#include <exception>
#include <limits>

using namespace mlir::strata::onnx_import;

bool mlir::strata::onnx_import::parseModel(llvm::StringRef bytes,
                                           onnx::ModelProto &model,
                                           std::string &error) {
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    error = "is larger than 2 GiB, the most a protobuf message can hold "
            "(keep the weights in external data)";
    return false;
  }
  try {
    if (!model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      error = "is not a valid ONNX model (the protobuf is truncated or "
              "corrupt)";
      return false;
    }
  } catch (const std::exception &exception) {
    error = std::string("is not a valid ONNX model: ") + exception.what();
    return false;
  }
  if (!model.has_graph()) {
    error = "is not a valid ONNX model (it has no graph)";
    return false;
  }
  return true;
}

bool mlir::strata::onnx_import::inferShapes(onnx::ModelProto &model,
                                            std::string &error) {
  try {
    onnx::ShapeInferenceOptions options;
    options.check_type = false;
    // Errors in a node ONNX cannot infer are not fatal: the importer
    // computes every shape itself and only uses ONNX's as a cross-check.
    options.error_mode = 0;
    options.enable_data_propagation = true;
    onnx::shape_inference::InferShapes(
        model, onnx::OpSchemaRegistry::Instance(), options);
  } catch (const std::exception &exception) {
    error = exception.what();
    return false;
  }
  return true;
}
