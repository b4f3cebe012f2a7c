//===- StrataOps.h - Graph, memory and collective ops of strata -----------===//

#ifndef STRATA_DIALECT_STRATAOPS_H
#define STRATA_DIALECT_STRATAOPS_H

#include "dialects/strata/StrataDialect.h"
#include "dialects/strata/StrataInterfaces.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

// strata.yield ends both recompute bodies (memory ops) and fusion bodies
// (graph ops): the memory ops come first so that the fusion's implicit
// terminator is a complete type.
namespace mlir::strata {
class FusionOp;
} // namespace mlir::strata

#define GET_OP_CLASSES
#include "dialects/strata/StrataMemoryOps.h.inc"
#define GET_OP_CLASSES
#include "dialects/strata/StrataGraphOps.h.inc"
#define GET_OP_CLASSES
#include "dialects/strata/StrataCollectiveOps.h.inc"

#endif // STRATA_DIALECT_STRATAOPS_H
