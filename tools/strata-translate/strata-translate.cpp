//===- strata-translate.cpp - Import models into strata IR ----------------===//
//
//   strata-translate --import-stablehlo IN.mlir -o OUT.mlir
//   strata-translate --import-onnx MODEL.onnx [--input-shape X=8x1024] -o OUT
//   strata-translate --emit-artifact PLANNED.mlir [--artifact-dir DIR] -o OUT
//
// --emit-artifact takes an allocated (planned, materialized, verified)
// module, prints its plan.json (one line per step) followed by the PTX of
// its kernels, which is what lit tests check, and writes the artifact
// directory when asked to.
//
// Writes the output only when the whole import succeeded.

#include "dialects/strata/StrataDialect.h"
#include "strata/Codegen.h"
#include "strata/Import.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Arith/IR/Arith.h"

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

static llvm::cl::opt<std::string> artifactDir(
    "artifact-dir",
    llvm::cl::desc("With --emit-artifact: the directory to write the "
                   "artifact to (plan.json, kernels.ptx, constants.bin)"),
    llvm::cl::value_desc("directory"), llvm::cl::init(""));
static llvm::cl::opt<std::string>
    artifactChip("artifact-chip", llvm::cl::init("sm_90"),
                 llvm::cl::desc("With --emit-artifact: the PTX target"));
static llvm::cl::opt<std::string> gemmPrecision(
    "gemm-precision", llvm::cl::init("tf32"),
    llvm::cl::desc("With --emit-artifact: tf32 or f32 for f32 matrix "
                   "products"));

int main(int argc, char **argv) {
  TranslateFromMLIRRegistration emitArtifact(
      "emit-artifact",
      "Emit the executable artifact of an allocated strata module "
      "(prints plan.json and the PTX)",
      [](Operation *op, llvm::raw_ostream &os) -> LogicalResult {
        auto module = dyn_cast<ModuleOp>(op);
        if (!module)
          return op->emitError("expected a module");
        mlir::strata::ArtifactOptions options;
        options.chip = artifactChip;
        options.gemmPrecision = gemmPrecision;
        FailureOr<mlir::strata::BuiltArtifact> built =
            mlir::strata::buildArtifact(module, options);
        if (failed(built))
          return failure();
        if (!artifactDir.empty() &&
            failed(mlir::strata::writeArtifactDirectory(*built, artifactDir,
                                                  module.getLoc())))
          return failure();
        // One line per step, so that tests can check them in order.
        nlohmann::json plan = ::strata::rt::toJson(built->plan);
        nlohmann::json steps = std::move(plan["steps"]);
        plan.erase("steps");
        os << "// plan.json\n" << plan.dump() << "\n";
        for (const nlohmann::json &step : steps)
          os << "step " << step.dump() << "\n";
        os << "// kernels.ptx\n" << built->ptx;
        return success();
      },
      [](DialectRegistry &registry) {
        registry.insert<mlir::strata::StrataDialect, func::FuncDialect,
                        arith::ArithDialect, scf::SCFDialect,
                        tensor::TensorDialect>();
        mlir::strata::registerCodegenDialects(registry);
      });
  TranslateToMLIRRegistration importStablehlo(
      "import-stablehlo",
      "Import a StableHLO module (pretty or generic form, as JAX writes it)",
      [](llvm::SourceMgr &sourceMgr, MLIRContext *context) {
        return mlir::strata::importStablehlo(sourceMgr, context);
      },
      [](DialectRegistry &registry) {
        mlir::strata::registerStablehloImport(registry);
      });
  TranslateToMLIRRegistration importOnnx(
      "import-onnx", "Import an ONNX model (opsets 13 to 17)",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        mlir::strata::OnnxImportOptions options;
        std::string error;
        if (!mlir::strata::parseOnnxInputShapes(inputShapes, options, error)) {
          emitError(UnknownLoc::get(context)) << error;
          return nullptr;
        }
        return mlir::strata::importOnnx(sourceMgr, context, options);
      },
      [](DialectRegistry &registry) { mlir::strata::registerOnnxImport(registry); });
  return failed(mlirTranslateMain(argc, argv, "Strata translation tool"));
}
