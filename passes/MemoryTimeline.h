//===- MemoryTimeline.h - Live bytes per tier along a block's order -------===//
//
// The liveness replay that the memory profile reports and that later
// planning passes reuse: for each op of a block, in order, which tensors are
// live and how many bytes each tier holds while the op runs.

#ifndef STRATA_PASSES_MEMORYTIMELINE_H
#define STRATA_PASSES_MEMORYTIMELINE_H

#include "dialects/strata/StrataDialect.h"

#include "mlir/IR/Block.h"
#include "llvm/ADT/SmallVector.h"

#include <array>

namespace mlir::strata {

/// One tensor's lifetime: live during steps [start, end] of the block.
struct LiveInterval {
  Value value;
  int64_t bytes;
  Tier tier;
  unsigned start;
  unsigned end;
};

struct MemoryTimeline {
  static constexpr unsigned kNumTiers = 3;

  /// The block's ops in order; step i is ops[i].
  SmallVector<Operation *> ops;
  SmallVector<LiveInterval> intervals;
  /// Live bytes per tier while each step runs (including region peaks).
  SmallVector<std::array<int64_t, kNumTiers>> liveBytes;

  /// The step with the most live bytes in `tier` (the first one on ties)
  /// and that many bytes; {0, 0} for an empty block.
  std::pair<unsigned, int64_t> peak(Tier tier) const;

  /// The intervals live at `step`, largest first.
  SmallVector<const LiveInterval *> liveAt(unsigned step) const;
};

/// Replays `block`. Block arguments are live throughout unless
/// `isDonated(argument index)` says their owner gives them up, in which
/// case they die at their last use.
MemoryTimeline
computeMemoryTimeline(Block &block,
                      llvm::function_ref<bool(unsigned)> isDonated);

/// The largest live bytes per tier inside the regions of `op`, which exist
/// only while `op` runs (nothing for a fusion, whose body stays in
/// registers).
std::array<int64_t, MemoryTimeline::kNumTiers> regionPeak(Operation *op);

/// Whether argument `index` of `func` is donated: marked `strata.donated`
/// or aliased to a result with JAX's `tf.aliasing_output`.
bool isDonatedArgument(Operation *func, unsigned index);

} // namespace mlir::strata

#endif // STRATA_PASSES_MEMORYTIMELINE_H
