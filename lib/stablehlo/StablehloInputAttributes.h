//===- StablehloInputAttributes.h - Stablehlo attributes ------------------===//

#ifndef STRATA_LIB_STABLEHLO_STABLEHLOINPUTATTRIBUTES_H
#define STRATA_LIB_STABLEHLO_STABLEHLOINPUTATTRIBUTES_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/SmallVector.h"

#include "lib/stablehlo/StablehloInputEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "lib/stablehlo/StablehloInputAttributes.h.inc"

namespace mlir::strata::shlo {

/// Parses a list of dimensions written `[0, 2]` (possibly `[]`).
FailureOr<SmallVector<int64_t>> parseDimList(AsmParser &parser);

/// Prints `dims` as `[0, 2]`.
void printDimList(AsmPrinter &printer, ArrayRef<int64_t> dims);

/// Parses convolution dimension numbers in their compact form,
/// `[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]`, shared by `#stablehlo.conv`
/// and the pretty form of `stablehlo.convolution`.
FailureOr<ConvDimensionNumbersAttr> parseConvDimensions(AsmParser &parser);

/// Prints `dims` in the compact form that parseConvDimensions reads.
void printConvDimensions(AsmPrinter &printer, ConvDimensionNumbersAttr dims);

} // namespace mlir::strata::shlo

#endif // STRATA_LIB_STABLEHLO_STABLEHLOINPUTATTRIBUTES_H
