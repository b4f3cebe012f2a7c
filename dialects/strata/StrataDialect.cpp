//===- StrataDialect.cpp - Registration of the strata dialect ------------===//

#include "dialects/strata/StrataDialect.h"
#include "dialects/strata/StrataOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/Transforms/InliningUtils.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::strata;

#include "dialects/strata/StrataDialect.cpp.inc"

namespace {
/// Strata ops have no side effects beyond what their interfaces say and no
/// region that cares where it is, so calls into strata code inline freely
/// (the importers inline the helper functions that JAX emits).
struct StrataInlinerInterface : public DialectInlinerInterface {
  using DialectInlinerInterface::DialectInlinerInterface;
  bool isLegalToInline(Operation *, Operation *, bool) const final {
    return true;
  }
  bool isLegalToInline(Region *, Region *, bool, IRMapping &) const final {
    return true;
  }
  bool isLegalToInline(Operation *, Region *, bool, IRMapping &) const final {
    return true;
  }
};
} // namespace

void StrataDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/strata/StrataGraphOps.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dialects/strata/StrataMemoryOps.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dialects/strata/StrataCollectiveOps.cpp.inc"
      >();
  registerAttributes();
  registerTypes();
  addInterfaces<StrataInlinerInterface>();
}

Operation *StrataDialect::materializeConstant(OpBuilder &builder,
                                              Attribute value, Type type,
                                              Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, elements);
}

int64_t mlir::strata::getElementSizeInBytes(Type elementType) {
  if (auto complex = dyn_cast<ComplexType>(elementType))
    return 2 * getElementSizeInBytes(complex.getElementType());
  if (elementType.isIntOrIndexOrFloat()) {
    unsigned bits =
        elementType.isIndex() ? 64 : elementType.getIntOrFloatBitWidth();
    return (bits + 7) / 8;
  }
  return 0;
}

int64_t mlir::strata::getSizeInBytes(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return 0;
  return tensor.getNumElements() *
         getElementSizeInBytes(tensor.getElementType());
}

Tier mlir::strata::getTier(Type type) {
  if (auto tensor = dyn_cast<RankedTensorType>(type))
    if (auto tier = dyn_cast_or_null<TierAttr>(tensor.getEncoding()))
      return tier.getValue();
  return Tier::Hbm;
}

RankedTensorType mlir::strata::getStaticTensorType(Value value,
                                                   std::optional<Location> loc,
                                                   StringRef opName) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (type && type.hasStaticShape())
    return type;
  (void)emitOptionalError(loc, "'", opName,
                          "' op expects statically shaped tensors, got ",
                          value.getType());
  return {};
}

InFlightDiagnostic mlir::strata::emitInferenceError(std::optional<Location> loc,
                                                    MLIRContext *context,
                                                    StringRef opName) {
  return mlir::emitError(loc.value_or(UnknownLoc::get(context)))
         << "'" << opName << "' op ";
}
