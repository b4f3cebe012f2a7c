//===- OnnxImportTest.cpp - The ONNX importer through the library API ----===//
//
// Models are built with libonnx's generated classes in memory, as an
// embedding framework would hand them over, and imported with
// mlir::strata::importOnnx.

#include "strata/Import.h"

#include "dialects/strata/StrataOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include "onnx/onnx_pb.h"

#include <gtest/gtest.h>

using namespace mlir;

namespace {

/// y = Relu(x) with x : float[batch, 4].
std::string reluModel() {
  onnx::ModelProto model;
  model.set_ir_version(8);
  model.add_opset_import()->set_version(17);
  onnx::GraphProto *graph = model.mutable_graph();
  graph->set_name("relu");
  onnx::NodeProto *node = graph->add_node();
  node->set_op_type("Relu");
  node->set_name("act");
  node->add_input("x");
  node->add_output("y");
  for (auto [info, name] : {std::pair{graph->add_input(), "x"},
                            std::pair{graph->add_output(), "y"}}) {
    info->set_name(name);
    auto *tensor = info->mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(onnx::TensorProto::FLOAT);
    tensor->mutable_shape()->add_dim()->set_dim_param("batch");
    tensor->mutable_shape()->add_dim()->set_dim_value(4);
  }
  return model.SerializeAsString();
}

/// Collects error messages instead of printing them.
struct Errors {
  explicit Errors(MLIRContext &context)
      : handler(&context, [this](Diagnostic &diag) {
          if (diag.getSeverity() == DiagnosticSeverity::Error)
            messages += diag.str() + "\n";
          return success();
        }) {}
  std::string messages;
  ScopedDiagnosticHandler handler;
};

TEST(OnnxImport, PinnedInputShape) {
  MLIRContext context;
  strata::OnnxImportOptions options;
  std::string error;
  ASSERT_TRUE(strata::parseOnnxInputShapes({"x=8x4"}, options, error)) << error;
  OwningOpRef<ModuleOp> module =
      strata::importOnnx(reluModel(), "relu.onnx", &context, options);
  ASSERT_TRUE(module);
  auto func = module->lookupSymbol<func::FuncOp>("main");
  ASSERT_TRUE(func);
  auto input = cast<RankedTensorType>(func.getArgumentTypes()[0]);
  EXPECT_EQ(input.getShape(), ArrayRef<int64_t>({8, 4}));
  EXPECT_EQ(func.getResultTypes()[0], input);
  // Relu is max(x, 0).
  int maxOps = 0;
  func.walk([&](strata::BinaryOp op) {
    maxOps += op.getFn() == strata::BinaryFn::Max;
  });
  EXPECT_EQ(maxOps, 1);
}

TEST(OnnxImport, DynamicDimensionWithoutPin) {
  MLIRContext context;
  Errors errors(context);
  EXPECT_FALSE(strata::importOnnx(reluModel(), "relu.onnx", &context));
  EXPECT_NE(errors.messages.find("input 'x' has dynamic dimension 0 ('batch')"),
            std::string::npos)
      << errors.messages;
}

TEST(OnnxImport, TruncatedBytes) {
  MLIRContext context;
  Errors errors(context);
  std::string bytes = reluModel();
  bytes.resize(bytes.size() / 2);
  EXPECT_FALSE(strata::importOnnx(bytes, "cut.onnx", &context));
  EXPECT_NE(errors.messages.find("'cut.onnx' is not a valid ONNX model"),
            std::string::npos)
      << errors.messages;
}

TEST(OnnxImport, ParseInputShapes) {
  strata::OnnxImportOptions options;
  std::string error;
  ASSERT_TRUE(strata::parseOnnxInputShapes(
      {"ids=8x1024,mask=8x1024", "t=scalar"}, options, error))
      << error;
  EXPECT_EQ(options.inputShapes.lookup("ids"), SmallVector<int64_t>({8, 1024}));
  EXPECT_EQ(options.inputShapes.lookup("mask"),
            SmallVector<int64_t>({8, 1024}));
  ASSERT_TRUE(options.inputShapes.count("t"));
  EXPECT_TRUE(options.inputShapes.lookup("t").empty());
  EXPECT_FALSE(strata::parseOnnxInputShapes({"ids:8x1024"}, options, error));
  EXPECT_NE(error.find("expects NAME=DxDx..."), std::string::npos) << error;
  EXPECT_FALSE(strata::parseOnnxInputShapes({"ids=8xq"}, options, error));
  EXPECT_NE(error.find("'q' is not a dimension size"), std::string::npos)
      << error;
}

} // namespace
