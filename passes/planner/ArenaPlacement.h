//===- ArenaPlacement.h - Offsets for buffers of known lifetimes ----------===//
//
// The static allocator's placement: every buffer gets an offset in its
// tier's arena such that two buffers live at the same position never share
// bytes, with arenas as small as the heuristics below find. The smallest
// arena any placement can reach is the most bytes live at once
// (`liveBytesBound`); buffers of a few large sizes with staggered
// lifetimes leave gaps above it.

#ifndef STRATA_PASSES_PLANNER_ARENAPLACEMENT_H
#define STRATA_PASSES_PLANNER_ARENAPLACEMENT_H

#include "passes/planner/BufferLiveness.h"

#include <array>

namespace mlir::strata {

/// Offsets (multiples of kArenaAlignment) for `buffers`, one per buffer.
SmallVector<int64_t> placeBuffers(ArrayRef<Buffer> buffers);

/// The arena each tier (indexed by `Tier`) needs for `offsets`.
std::array<int64_t, 3> arenaSizes(ArrayRef<Buffer> buffers,
                                  ArrayRef<int64_t> offsets);

/// The most bytes live at once in each tier: no placement needs less.
std::array<int64_t, 3> liveBytesBound(ArrayRef<Buffer> buffers);

} // namespace mlir::strata

#endif // STRATA_PASSES_PLANNER_ARENAPLACEMENT_H
