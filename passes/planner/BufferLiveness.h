//===- BufferLiveness.h - Buffers of a function and when they are live ----===//
//
// What the static allocator places and the plan verifier checks: every
// tensor that occupies a tier's arena, with the span of positions where it
// must keep its bytes. Positions number the ops of the function body in
// execution order with the bodies of strata.recompute flattened in front of
// the recompute op (their values are real buffers: the recomputed chain
// runs as ordinary kernels). A recompute body's arguments are its operands'
// buffers, and what it yields is the buffer of the corresponding result.
// Fusion bodies never reach memory; other ops with regions (control flow)
// get one scratch buffer of their regions' peak at their position.

#ifndef STRATA_PASSES_PLANNER_BUFFERLIVENESS_H
#define STRATA_PASSES_PLANNER_BUFFERLIVENESS_H

#include "dialects/strata/StrataDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::strata {

struct Buffer {
  /// The value whose bytes these are (a yielded recompute value is the
  /// buffer of the recompute's result); null for a scratch buffer.
  Value value;
  /// For a scratch buffer: the op it belongs to.
  Operation *scratchOf = nullptr;
  Tier tier;
  int64_t bytes;
  unsigned start, end;
};

struct BufferLiveness {
  SmallVector<Operation *> positions;
  SmallVector<Buffer> buffers;
  /// Buffer index of each value that owns or shares one.
  DenseMap<Value, unsigned> bufferOf;
};

BufferLiveness computeBufferLiveness(func::FuncOp func);

/// Bytes rounded up to the arena alignment.
int64_t alignedSize(int64_t bytes);
constexpr int64_t kArenaAlignment = 256;

constexpr llvm::StringLiteral kOffsetsAttrName = "strata.offsets";
constexpr llvm::StringLiteral kArgOffsetAttrName = "strata.offset";
constexpr llvm::StringLiteral kScratchOffsetAttrName = "strata.scratch_offset";
constexpr llvm::StringLiteral kArenaAttrName = "strata.arena_bytes";

} // namespace mlir::strata

#endif // STRATA_PASSES_PLANNER_BUFFERLIVENESS_H
