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

/// strata.recompute and strata.fusion hold one block that reads only its
/// arguments (one per input) and yields one value per result: the builder
/// and the check they share.
void buildIsolatedBody(OperationState &state, TypeRange resultTypes,
                       ValueRange inputs);
LogicalResult verifyIsolatedBody(Operation *op, Block &body, ValueRange inputs,
                                 TypeRange resultTypes);
} // namespace mlir::strata

#define GET_OP_CLASSES
#include "dialects/strata/StrataMemoryOps.h.inc"
#define GET_OP_CLASSES
#include "dialects/strata/StrataGraphOps.h.inc"
#define GET_OP_CLASSES
#include "dialects/strata/StrataCollectiveOps.h.inc"

#endif // STRATA_DIALECT_STRATAOPS_H
