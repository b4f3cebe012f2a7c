//===- StrataInterfaces.cpp - Cost and gradient op interfaces ------------===//

#include "dialects/strata/StrataInterfaces.h"
#include "dialects/strata/StrataDialect.h"

using namespace mlir;
using namespace mlir::strata;

#include "dialects/strata/StrataInterfaces.cpp.inc"

OpCost mlir::strata::elementwiseCost(Operation *op) {
  OpCost cost;
  for (Type type : op->getOperandTypes())
    cost.bytesRead += getSizeInBytes(type);
  for (Type type : op->getResultTypes()) {
    cost.bytesWritten += getSizeInBytes(type);
    if (auto tensor = dyn_cast<RankedTensorType>(type))
      cost.flops += tensor.getNumElements();
  }
  // The operands' element type does the arithmetic (a comparison of f32
  // values is f32 work even though it produces i1).
  Type typed = op->getNumOperands()  ? op->getOperand(0).getType()
               : op->getNumResults() ? op->getResult(0).getType()
                                     : Type();
  if (auto shaped = dyn_cast_or_null<ShapedType>(typed))
    cost.computeType = shaped.getElementType();
  return cost;
}
