//===- ImportStablehlo.cpp - StableHLO text to strata graph IR ------------===//

#include "strata/Import.h"

#include "lib/stablehlo/ImportPasses.h"
#include "lib/stablehlo/StablehloInputDialect.h"

#include "dialects/strata/StrataDialect.h"

#include "mlir/Dialect/Func/Extensions/InlinerExtension.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

void mlir::strata::registerStablehloImport(DialectRegistry &registry) {
  registry
      .insert<shlo::StablehloInputDialect, func::FuncDialect, StrataDialect>();
  func::registerInlinerExtension(registry);
}

OwningOpRef<ModuleOp> mlir::strata::importStablehlo(llvm::SourceMgr &sourceMgr,
                                                    MLIRContext *context) {
  DialectRegistry registry;
  registerStablehloImport(registry);
  context->appendDialectRegistry(registry);
  context->loadDialect<shlo::StablehloInputDialect, func::FuncDialect,
                       StrataDialect>();

  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(context));
  if (!module)
    return nullptr;

  PassManager pm(context, ModuleOp::getOperationName());
  pm.addPass(createConvertStablehloToStrataPass());
  // JAX factors code into private functions; the planner wants one graph.
  // No simplification runs in between: the import stays op for op what JAX
  // wrote, and whoever wants canonical IR asks for it.
  pm.addPass(
      createInlinerPass(/*opPipelines=*/{},
                        /*defaultPipelineBuilder=*/[](OpPassManager &) {}));
  pm.addPass(createSymbolDCEPass());
  if (failed(pm.run(*module)))
    return nullptr;
  return module;
}
