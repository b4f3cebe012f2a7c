//===- CollectiveOps.cpp - all_reduce, reduce_scatter, all_gather ---------===//

#include "dialects/strata/StrataOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::strata;

/// Checks that `sharded` is `full` split `parts` ways along `dim`.
static LogicalResult verifySharding(Operation *op, RankedTensorType full,
                                    RankedTensorType sharded, uint64_t dim,
                                    int64_t parts) {
  if (full.getElementType() != sharded.getElementType() ||
      full.getRank() != sharded.getRank())
    return op->emitOpError() << "operand and result must have the same rank "
                                "and element type";
  if (static_cast<int64_t>(dim) >= full.getRank())
    return op->emitOpError() << "dimension " << dim
                             << " is out of range for rank " << full.getRank();
  for (int64_t d = 0; d < full.getRank(); ++d) {
    int64_t expected = d == static_cast<int64_t>(dim)
                           ? full.getDimSize(d) / parts
                           : full.getDimSize(d);
    if (d == static_cast<int64_t>(dim) && full.getDimSize(d) % parts != 0)
      return op->emitOpError()
             << "size " << full.getDimSize(d) << " of dimension " << dim
             << " is not divisible by the " << parts
             << " devices of the communicator";
    if (sharded.getDimSize(d) != expected)
      return op->emitOpError()
             << "dimension " << d << " of the shard has size "
             << sharded.getDimSize(d) << ", expected " << expected;
  }
  return success();
}

static int64_t communicatorSize(CommunicatorAttr communicator) {
  return communicator.getDevices().size();
}

OpCost AllReduceOp::getCost() {
  OpCost cost = elementwiseCost(*this);
  cost.flops =
      getType().getNumElements() * (communicatorSize(getCommunicator()) - 1);
  return cost;
}

LogicalResult AllReduceOp::verify() {
  return verifyReduceFn(*this, getFn(), getType().getElementType());
}

LogicalResult ReduceScatterOp::verify() {
  if (failed(verifyReduceFn(*this, getFn(), getType().getElementType())))
    return failure();
  return verifySharding(*this, getOperand().getType(), getType(),
                        getDimension(), communicatorSize(getCommunicator()));
}

OpCost ReduceScatterOp::getCost() {
  OpCost cost = elementwiseCost(*this);
  cost.flops =
      getType().getNumElements() * (communicatorSize(getCommunicator()) - 1);
  return cost;
}

LogicalResult AllGatherOp::verify() {
  return verifySharding(*this, getType(), getOperand().getType(),
                        getDimension(), communicatorSize(getCommunicator()));
}

OpCost AllGatherOp::getCost() {
  OpCost cost = elementwiseCost(*this);
  cost.flops = 0;
  return cost;
}

#define GET_OP_CLASSES
#include "dialects/strata/StrataCollectiveOps.cpp.inc"
