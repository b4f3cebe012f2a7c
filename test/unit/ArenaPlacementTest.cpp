//===- ArenaPlacementTest.cpp - Offsets for buffers of known lifetimes ----===//

#include "passes/planner/ArenaPlacement.h"

#include <gtest/gtest.h>

using namespace mlir::strata;

namespace {

Buffer buffer(unsigned start, unsigned end, int64_t bytes,
              Tier tier = Tier::Hbm) {
  Buffer result;
  result.tier = tier;
  result.bytes = bytes;
  result.start = start;
  result.end = end;
  return result;
}

/// No two buffers live at a common position share a byte.
void expectDisjoint(llvm::ArrayRef<Buffer> buffers,
                    llvm::ArrayRef<int64_t> offsets) {
  for (size_t a = 0; a < buffers.size(); ++a)
    for (size_t b = a + 1; b < buffers.size(); ++b) {
      const Buffer &x = buffers[a], &y = buffers[b];
      if (x.tier != y.tier || x.end < y.start || y.end < x.start)
        continue;
      bool apart = offsets[a] + alignedSize(x.bytes) <= offsets[b] ||
                   offsets[b] + alignedSize(y.bytes) <= offsets[a];
      EXPECT_TRUE(apart) << "buffers " << a << " and " << b << " overlap";
    }
}

TEST(ArenaPlacementTest, PlacingTheHighestBuffersFirstClosesGaps) {
  // Units of 256 bytes: (positions 1-2, 3), (1, 4), (4, 4), (2-4, 3).
  // At most 7 units are live at once. Largest first (and longest-lived
  // first, and largest area first) stacks the last buffer on two others,
  // at 10 units; placing first the buffers that ended above the live
  // bytes finds the 7-unit placement.
  llvm::SmallVector<Buffer> buffers = {buffer(1, 2, 768), buffer(1, 1, 1024),
                                       buffer(4, 4, 1024), buffer(2, 4, 768)};
  const unsigned hbm = static_cast<unsigned>(Tier::Hbm);
  EXPECT_EQ(liveBytesBound(buffers)[hbm], 7 * 256);
  llvm::SmallVector<int64_t> offsets = placeBuffers(buffers);
  expectDisjoint(buffers, offsets);
  EXPECT_EQ(arenaSizes(buffers, offsets)[hbm], 7 * 256);
}

TEST(ArenaPlacementTest, TiersHaveTheirOwnArenas) {
  // A host buffer live beside an HBM one takes no HBM bytes; sizes round
  // up to the alignment.
  llvm::SmallVector<Buffer> buffers = {
      buffer(0, 3, 1000), buffer(1, 2, 4096, Tier::Host), buffer(2, 5, 100)};
  llvm::SmallVector<int64_t> offsets = placeBuffers(buffers);
  expectDisjoint(buffers, offsets);
  std::array<int64_t, 3> sizes = arenaSizes(buffers, offsets);
  EXPECT_EQ(sizes[static_cast<unsigned>(Tier::Hbm)], 1024 + 256);
  EXPECT_EQ(sizes[static_cast<unsigned>(Tier::Host)], 4096);
  EXPECT_EQ(offsets[1], 0);
}

} // namespace
