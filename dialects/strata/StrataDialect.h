//===- StrataDialect.h - The strata dialect, its attributes and types ----===//

#ifndef STRATA_DIALECT_STRATADIALECT_H
#define STRATA_DIALECT_STRATADIALECT_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"

#include "dialects/strata/StrataDialect.h.inc"
#include "dialects/strata/StrataEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/strata/StrataAttributes.h.inc"

#define GET_TYPEDEF_CLASSES
#include "dialects/strata/StrataTypes.h.inc"

namespace mlir::strata {

/// Name of the module attribute that holds the target `#strata.machine`.
inline constexpr llvm::StringLiteral kMachineAttrName = "strata.machine";

/// Bytes that one element of `elementType` occupies in memory (i1 and other
/// sub-byte integers take a whole byte, as buffers store them).
int64_t getElementSizeInBytes(Type elementType);

/// Bytes of a statically shaped tensor; 0 for anything that is not one.
int64_t getSizeInBytes(Type type);

/// The tier a tensor type lives in: its `#strata.tier` encoding, else HBM.
Tier getTier(Type type);

/// The statically shaped tensor type of `value`, or null after a diagnostic
/// at `loc` naming `opName`. Type inference runs while parsing, before
/// operand constraints are verified, so it must not assume them.
RankedTensorType getStaticTensorType(Value value, std::optional<Location> loc,
                                     StringRef opName);

/// A diagnostic from type inference: "'<opName>' op " at `loc` (or at an
/// unknown location when a builder infers without one).
InFlightDiagnostic emitInferenceError(std::optional<Location> loc,
                                      MLIRContext *context, StringRef opName);

/// Checks that a reduction combiner suits the element type: `and` and `or`
/// need integers. Shared by strata.reduce and the collectives.
LogicalResult verifyReduceFn(Operation *op, ReduceFn fn, Type elementType);

} // namespace mlir::strata

#endif // STRATA_DIALECT_STRATADIALECT_H
