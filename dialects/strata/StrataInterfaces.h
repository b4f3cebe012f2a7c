//===- StrataInterfaces.h - Cost and gradient op interfaces --------------===//

#ifndef STRATA_DIALECT_STRATAINTERFACES_H
#define STRATA_DIALECT_STRATAINTERFACES_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"

namespace mlir::strata {

/// Which hardware unit does an op's arithmetic: its peak rate differs by
/// an order of magnitude between them.
enum class ComputeUnit { Vector, Matrix };

/// Work of one op execution, from shapes and element types alone.
struct OpCost {
  int64_t flops = 0;
  int64_t bytesRead = 0;
  int64_t bytesWritten = 0;
  ComputeUnit unit = ComputeUnit::Vector;
  /// The element type whose peak rate applies (null: no arithmetic).
  Type computeType;

  int64_t bytesMoved() const { return bytesRead + bytesWritten; }
};

/// One operation per result element, every operand read and every result
/// written once: the default of the cost interface.
OpCost elementwiseCost(Operation *op);

} // namespace mlir::strata

#include "dialects/strata/StrataInterfaces.h.inc"

#endif // STRATA_DIALECT_STRATAINTERFACES_H
