//===- StablehloInputOps.h - Ops of the stablehlo input dialect -----------===//

#ifndef STRATA_LIB_STABLEHLO_STABLEHLOINPUTOPS_H
#define STRATA_LIB_STABLEHLO_STABLEHLOINPUTOPS_H

#include "lib/stablehlo/StablehloInputAttributes.h"
#include "lib/stablehlo/StablehloInputDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "lib/stablehlo/StablehloInputOps.h.inc"

#endif // STRATA_LIB_STABLEHLO_STABLEHLOINPUTOPS_H
