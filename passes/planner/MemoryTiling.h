//===- MemoryTiling.h - Split a region of ops into chunks -----------------===//
//
// Tile-for-memory: a group of ops whose largest tensors are computed and
// consumed together (the logits, their softmax and their gradient) is run
// in k chunks along a dimension they are all parallel in, one chunk after
// the other, so that only a k-th of those tensors is ever live. What enters
// the group is sliced per chunk (or read whole); what leaves is joined
// again: concatenated along the split dimension, or summed where the group
// contracts or reduces over it (a weight gradient).
//
// The analysis assigns every value of the group how it is divided among
// the chunks, by local rules per op (elementwise ops keep the split
// dimension, broadcasts, reshapes and transposes move it, a matrix product
// carries it to its result or sums over it) solved to a fixed point, in
// fusion bodies too. A group whose values cannot all be assigned is not
// tiled.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_PASSES_PLANNER_MEMORYTILING_H
#define STRATA_PASSES_PLANNER_MEMORYTILING_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace mlir::strata::planner {

/// How one value of a tiled group is divided among its chunks.
struct ChunkSplit {
  enum class Kind {
    /// Not decided yet.
    Unknown,
    /// Every chunk reads or computes the whole value.
    Whole,
    /// Chunk j holds the j-th k-th of the value along `dim`.
    Rows,
    /// Chunk j holds a partial sum; the value is the sum over the chunks.
    Partial,
  };
  Kind kind = Kind::Unknown;
  int64_t dim = -1;

  static ChunkSplit whole() { return {Kind::Whole, -1}; }
  static ChunkSplit rows(int64_t dim) { return {Kind::Rows, dim}; }
  static ChunkSplit partial() { return {Kind::Partial, -1}; }
  bool operator==(const ChunkSplit &other) const {
    return kind == other.kind && dim == other.dim;
  }
  bool operator!=(const ChunkSplit &other) const { return !(*this == other); }
};

/// A group of top-level ops of a function that can run in `chunks` chunks.
struct MemoryTiling {
  /// The group, in the order of the function's body.
  SmallVector<Operation *> ops;
  /// The division of every value the group defines or reads, fusion bodies
  /// included.
  llvm::DenseMap<Value, ChunkSplit> splits;
  int64_t chunks = 1;
  /// The largest tensor of the group, which tiling makes k times smaller.
  Value seed;
  /// Bytes of the largest tensor the group no longer writes whole.
  int64_t seedBytes = 0;
};

struct MemoryTilingOptions {
  /// Most chunks a group is split into (the largest divisor of the split
  /// dimension's size up to this).
  int64_t maxChunks = 8;
  /// A tensor seeds a group when it is at least this share of the
  /// function's largest tensor (before any tiling).
  double minSeedShare = 0.5;
  /// Or, when set, at least this many bytes.
  int64_t minSeedBytes = 0;
  /// Most ops a group may hold.
  size_t maxOps = 64;
};

/// The group worth tiling around the largest seed that has one, if any.
/// Tensors that ops in `chunked` produce (chunks of a group tiled before)
/// seed none.
std::optional<MemoryTiling>
findMemoryTiling(func::FuncOp func, const MemoryTilingOptions &options,
                 const llvm::DenseSet<Operation *> &chunked = {});

/// Rewrites `tiling.ops` as `tiling.chunks` chunks placed where the last of
/// them was; ops that read the group's results in between move after it.
/// The ops built are added to `built` when given.
LogicalResult applyMemoryTiling(func::FuncOp func, const MemoryTiling &tiling,
                                llvm::DenseSet<Operation *> *built = nullptr);

struct TilingSummary {
  unsigned groups = 0;
  /// The most chunks any group was split into.
  int64_t mostChunks = 1;
};

/// Finds and applies groups until none is left.
FailureOr<TilingSummary> tileForMemory(func::FuncOp func,
                                       const MemoryTilingOptions &options);

} // namespace mlir::strata::planner

#endif // STRATA_PASSES_PLANNER_MEMORYTILING_H
