//===- StablehloInputDialect.h - The stablehlo input dialect --------------===//

#ifndef STRATA_LIB_STABLEHLO_STABLEHLOINPUTDIALECT_H
#define STRATA_LIB_STABLEHLO_STABLEHLOINPUTDIALECT_H

#include "mlir/IR/Dialect.h"

#include "lib/stablehlo/StablehloInputDialect.h.inc"

#endif // STRATA_LIB_STABLEHLO_STABLEHLOINPUTDIALECT_H
