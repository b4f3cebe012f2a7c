//===- ImportPasses.h - StableHLO to strata -------------------------------===//

#ifndef STRATA_LIB_STABLEHLO_IMPORTPASSES_H
#define STRATA_LIB_STABLEHLO_IMPORTPASSES_H

#include "dialects/strata/StrataDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::strata {

#define GEN_PASS_DECL
#include "lib/stablehlo/ImportPasses.h.inc"

#define GEN_PASS_REGISTRATION
#include "lib/stablehlo/ImportPasses.h.inc"

} // namespace mlir::strata

#endif // STRATA_LIB_STABLEHLO_IMPORTPASSES_H
