//===- strata-translate.cpp - Import models into strata IR ----------------===//
//
//   strata-translate --import-stablehlo IN.mlir -o OUT.mlir
//
// Writes the output only when the whole import succeeded.

#include "strata/Import.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"

using namespace mlir;

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
  return failed(mlirTranslateMain(argc, argv, "Strata translation tool"));
}
