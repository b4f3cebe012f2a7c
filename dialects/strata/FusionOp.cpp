//===- FusionOp.cpp - Builder, verifier and cost of strata.fusion ---------===//
//
// The op's class is generated with the graph ops (StrataGraphOps.td); its
// C++ lives here because, unlike every other graph op, its cost comes from
// the ops inside it.

#include "dialects/strata/StrataOps.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::strata;

void FusionOp::build(OpBuilder &builder, OperationState &state,
                     TypeRange resultTypes, ValueRange inputs) {
  buildIsolatedBody(state, resultTypes, inputs);
}

LogicalResult FusionOp::verifyRegions() {
  if (failed(verifyIsolatedBody(*this, getBody().front(), getInputs(),
                                getResultTypes())))
    return failure();
  for (Operation &member : getBody().front().without_terminator())
    if (!isa<CostOpInterface>(member) || member.getNumRegions() > 1)
      return member.emitOpError()
             << "cannot be a member of a fusion: only graph ops are";
  return success();
}

OpCost FusionOp::getCost() {
  // The members' arithmetic, but only the group's inputs and results touch
  // memory: that is the point of fusing.
  OpCost cost;
  for (Operation &member : getBody().front().without_terminator()) {
    OpCost memberCost = cast<CostOpInterface>(member).getCost();
    cost.flops += memberCost.flops;
    if (memberCost.unit == ComputeUnit::Matrix)
      cost.unit = ComputeUnit::Matrix;
    if (memberCost.flops && !cost.computeType)
      cost.computeType = memberCost.computeType;
  }
  for (Value input : getInputs())
    cost.bytesRead += getSizeInBytes(input.getType());
  for (Value result : getResults())
    cost.bytesWritten += getSizeInBytes(result.getType());
  return cost;
}
