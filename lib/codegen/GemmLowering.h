//===- GemmLowering.h - Contractions as library matrix products -*- C++ -*-===//
//
// A strata.dot whose operands' memory layout is already that of a (batched)
// row-major matrix product, possibly with either operand transposed, runs as
// one cuBLASLt call; the descriptor says how. Other contractions (batch
// dimensions not leading, contracting dimensions not contiguous, mixed
// element types) get no descriptor and fall back to a generated kernel.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_LIB_CODEGEN_GEMMLOWERING_H
#define STRATA_LIB_CODEGEN_GEMMLOWERING_H

#include "dialects/strata/StrataOps.h"
#include "strata-runtime/Artifact.h"

#include <optional>

namespace mlir::strata::codegen {

/// The matrix product `dot` is, or nothing when its layouts do not allow
/// one. `computeMode` is "f32" or "tf32" (f32 operands only).
std::optional<::strata::rt::GemmDescriptor>
gemmDescriptorFor(DotOp dot, StringRef computeMode);

} // namespace mlir::strata::codegen

#endif // STRATA_LIB_CODEGEN_GEMMLOWERING_H
