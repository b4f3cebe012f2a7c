//===- StrataBase.td - Shared pieces of the strata op files -*- tablegen -*-===//
//
// Everything the three op files (graph, memory, collectives) have in common:
// the dialect, its enums, attributes, types, interfaces and type constraints.

#ifndef STRATA_BASE_TD
#define STRATA_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/BuiltinTypes.td"
include "dialects/strata/StrataDialect.td"
include "dialects/strata/StrataEnums.td"
include "dialects/strata/StrataAttributes.td"
include "dialects/strata/StrataTypes.td"
include "dialects/strata/StrataInterfaces.td"

// Planning needs every size, so graph ops take statically shaped tensors
// only, and only tensors that live in HBM (no tier encoding).
def Strata_Tensor : Type<And<[
    CPred<"::llvm::isa<::mlir::RankedTensorType>($_self)">,
    CPred<"::llvm::cast<::mlir::RankedTensorType>($_self).hasStaticShape()">,
    CPred<"!::llvm::cast<::mlir::RankedTensorType>($_self).getEncoding()">]>,
  "statically shaped tensor in HBM", "::mlir::RankedTensorType">;

def Strata_IndexTensor : Type<And<[Strata_Tensor.predicate,
    CPred<"::llvm::cast<::mlir::RankedTensorType>($_self).getElementType()"
          ".isSignlessInteger()">]>,
  "statically shaped tensor of signless integers in HBM",
  "::mlir::RankedTensorType">;

def Strata_PredTensor : Type<And<[Strata_Tensor.predicate,
    CPred<"::llvm::cast<::mlir::RankedTensorType>($_self).getElementType()"
          ".isInteger(1)">]>,
  "statically shaped tensor of i1 in HBM", "::mlir::RankedTensorType">;

// A tensor that lives in a tier below HBM: its encoding is #strata.tier.
def Strata_TieredTensor : Type<And<[
    CPred<"::llvm::isa<::mlir::RankedTensorType>($_self)">,
    CPred<"::llvm::cast<::mlir::RankedTensorType>($_self).hasStaticShape()">,
    CPred<"::llvm::isa_and_nonnull<::mlir::strata::TierAttr>("
          "::llvm::cast<::mlir::RankedTensorType>($_self).getEncoding())">]>,
  "statically shaped tensor with a #strata.tier encoding",
  "::mlir::RankedTensorType">;

#endif // STRATA_BASE_TD
