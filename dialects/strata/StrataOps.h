//===- StrataOps.h - Graph, memory and collective ops of strata -----------===//

#ifndef STRATA_DIALECT_STRATAOPS_H
#define STRATA_DIALECT_STRATAOPS_H

#include "dialects/strata/StrataDialect.h"
#include "dialects/strata/StrataInterfaces.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dialects/strata/StrataGraphOps.h.inc"
#define GET_OP_CLASSES
#include "dialects/strata/StrataMemoryOps.h.inc"
#define GET_OP_CLASSES
#include "dialects/strata/StrataCollectiveOps.h.inc"

#endif // STRATA_DIALECT_STRATAOPS_H
