//===- Import.h - Model importers of the compiler library -----------------===//

#ifndef STRATA_IMPORT_H
#define STRATA_IMPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace mlir {
class DialectRegistry;

namespace strata {

/// Registers what importing StableHLO needs: the stablehlo input dialect,
/// func, strata and the inliner extensions.
void registerStablehloImport(DialectRegistry &registry);

/// Imports a JAX StableHLO module, in its pretty or generic spelling, from
/// the main buffer of `sourceMgr` into strata graph IR: converts every op,
/// inlines the private functions JAX emits and drops them. Returns null
/// after reporting diagnostics through the context when the input cannot be
/// parsed or an op cannot be converted.
OwningOpRef<ModuleOp> importStablehlo(llvm::SourceMgr &sourceMgr,
                                      MLIRContext *context);

} // namespace strata
} // namespace mlir

#endif // STRATA_IMPORT_H
