//===- strata-translate.cpp - Import models into strata IR ----------------===//
//
//   strata-translate --import-stablehlo IN.mlir -o OUT.mlir
//   strata-translate --import-onnx MODEL.onnx [--input-shape X=8x1024] -o OUT
//
// Writes the output only when the whole import succeeded.

#include "strata/Import.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

static llvm::cl::list<std::string> inputShapes(
    "input-shape",
    llvm::cl::desc("Static shape for an ONNX graph input with dynamic "
                   "dimensions: NAME=8x1024 (repeat, or separate with commas; "
                   "NAME=scalar for rank 0)"),
    llvm::cl::value_desc("name=DxD..."), llvm::cl::CommaSeparated);

int main(int argc, char **argv) {
  TranslateToMLIRRegistration importStablehlo(
      "import-stablehlo",
      "Import a StableHLO module (pretty or generic form, as JAX writes it)",
      [](llvm::SourceMgr &sourceMgr, MLIRContext *context) {
        return strata::importStablehlo(sourceMgr, context);
      },
      [](DialectRegistry &registry) {
        strata::registerStablehloImport(registry);
      });
  TranslateToMLIRRegistration importOnnx(
      "import-onnx", "Import an ONNX model (opsets 13 to 17)",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        strata::OnnxImportOptions options;
        std::string error;
        if (!strata::parseOnnxInputShapes(inputShapes, options, error)) {
          emitError(UnknownLoc::get(context)) << error;
          return nullptr;
        }
        return strata::importOnnx(sourceMgr, context, options);
      },
      [](DialectRegistry &registry) { strata::registerOnnxImport(registry); });
  return failed(mlirTranslateMain(argc, argv, "Strata translation tool"));
}
