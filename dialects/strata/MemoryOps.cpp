//===- MemoryOps.cpp - Offload, prefetch, wait, free, recompute, alloc ----===//

#include "dialects/strata/StrataOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::strata;

LogicalResult OffloadOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  RankedTensorType type =
      getStaticTensorType(adaptor.getOperand(), loc, getOperationName());
  if (!type)
    return failure();
  inferred.push_back(RankedTensorType::get(
      type.getShape(), type.getElementType(), adaptor.getTierAttr()));
  inferred.push_back(TokenType::get(context));
  return success();
}

LogicalResult OffloadOp::verify() {
  if (getTier() == Tier::Hbm)
    return emitOpError() << "cannot offload to 'hbm', the tensor is already "
                            "there; expected 'host' or 'nvme'";
  return success();
}

void OffloadOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), stringifyTier(getTier()));
  setNameFn(getDone(), "offloaded");
}

void PrefetchOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "prefetched");
  setNameFn(getDone(), "ready");
}

LogicalResult PrefetchOp::inferReturnTypes(MLIRContext *context,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &inferred) {
  RankedTensorType type =
      getStaticTensorType(adaptor.getOperand(), loc, getOperationName());
  if (!type)
    return failure();
  inferred.push_back(
      RankedTensorType::get(type.getShape(), type.getElementType()));
  inferred.push_back(TokenType::get(context));
  return success();
}

LogicalResult WaitOp::verify() {
  if (getTokens().empty())
    return emitOpError() << "needs at least one token to wait on";
  return success();
}

void mlir::strata::buildIsolatedBody(OperationState &state,
                                     TypeRange resultTypes,
                                     ValueRange inputs) {
  state.addOperands(inputs);
  state.addTypes(resultTypes);
  Region *body = state.addRegion();
  Block *block = new Block();
  body->push_back(block);
  for (Value input : inputs)
    block->addArgument(input.getType(), input.getLoc());
}

LogicalResult mlir::strata::verifyIsolatedBody(Operation *op, Block &body,
                                               ValueRange inputs,
                                               TypeRange resultTypes) {
  if (body.getArgumentTypes() != inputs.getTypes())
    return op->emitOpError() << "body arguments must match the inputs' types";
  auto yield = cast<YieldOp>(body.getTerminator());
  if (yield.getValues().getTypes() != resultTypes)
    return op->emitOpError()
           << "yields " << yield.getValues().size()
           << " values whose types do not match the " << resultTypes.size()
           << " results";
  return success();
}

void RecomputeOp::build(OpBuilder &builder, OperationState &state,
                        TypeRange resultTypes, ValueRange inputs) {
  buildIsolatedBody(state, resultTypes, inputs);
}

LogicalResult RecomputeOp::verifyRegions() {
  return verifyIsolatedBody(*this, getBody().front(), getInputs(),
                            getResultTypes());
}

LogicalResult AllocOp::verify() {
  RankedTensorType type = getType();
  if (!type.hasStaticShape())
    return emitOpError() << "needs a statically shaped tensor, got " << type;
  if (!llvm::isPowerOf2_64(getAlignment()))
    return emitOpError() << "alignment " << getAlignment()
                         << " is not a power of two";
  if (type.getEncoding() && !isa<TierAttr>(type.getEncoding()))
    return emitOpError() << "result encoding " << type.getEncoding()
                         << " is not a #strata.tier";
  if (getOffset() % getAlignment() != 0)
    return emitOpError() << "offset " << getOffset()
                         << " is not a multiple of the alignment "
                         << getAlignment();
  Tier typeTier = strata::getTier(type);
  if (typeTier != getTier())
    return emitOpError() << "allocates in tier '" << stringifyTier(getTier())
                         << "' but its type " << type << " lives in tier '"
                         << stringifyTier(typeTier) << "'";
  return success();
}

#define GET_OP_CLASSES
#include "dialects/strata/StrataMemoryOps.cpp.inc"
