//===- TileForMemory.cpp - Run the largest tensors' ops in chunks ---------===//

#include "passes/Passes.h"
#include "passes/planner/MemoryTiling.h"

#include "dialects/strata/StrataOps.h"

namespace mlir::strata {
#define GEN_PASS_DEF_TILEFORMEMORYPASS
#include "passes/Passes.h.inc"
} // namespace mlir::strata

using namespace mlir;
using namespace mlir::strata;

namespace {

struct TileForMemoryPass
    : public strata::impl::TileForMemoryPassBase<TileForMemoryPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    if (maxChunks < 2 || minSeedShare <= 0 || minSeedShare > 1) {
      func.emitError() << "tile-for-memory needs max-chunks >= 2 and "
                          "min-seed-share in (0, 1]";
      return signalPassFailure();
    }
    planner::MemoryTilingOptions options;
    options.maxChunks = maxChunks;
    options.minSeedShare = minSeedShare;
    FailureOr<planner::TilingSummary> tiled =
        planner::tileForMemory(func, options);
    if (failed(tiled))
      return signalPassFailure();
    numGroupsTiled += tiled->groups;
  }
};

} // namespace
