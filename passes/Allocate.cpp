//===- Allocate.cpp - Static offsets in each tier's arena -----------------===//

#include "passes/Passes.h"
#include "passes/planner/ArenaPlacement.h"
#include "passes/planner/BufferLiveness.h"

#include "dialects/strata/StrataOps.h"
#include "mlir/IR/Builders.h"

namespace mlir::strata {
#define GEN_PASS_DEF_ALLOCATEPASS
#include "passes/Passes.h.inc"
} // namespace mlir::strata

using namespace mlir;
using namespace mlir::strata;

namespace {

struct AllocatePass : public strata::impl::AllocatePassBase<AllocatePass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    BufferLiveness liveness = computeBufferLiveness(func);
    SmallVector<int64_t> offsets = placeBuffers(liveness.buffers);
    numBuffers += liveness.buffers.size();

    Builder builder(func.getContext());
    int64_t arena[3] = {0, 0, 0};
    for (auto [index, buffer] : llvm::enumerate(liveness.buffers))
      arena[static_cast<unsigned>(buffer.tier)] =
          std::max(arena[static_cast<unsigned>(buffer.tier)],
                   offsets[index] + alignedSize(buffer.bytes));
    auto offsetOf = [&](Value value) -> int64_t {
      auto it = liveness.bufferOf.find(value);
      return it == liveness.bufferOf.end() ? -1 : offsets[it->second];
    };
    for (BlockArgument argument : func.getArguments())
      if (int64_t offset = offsetOf(argument); offset >= 0)
        func.setArgAttr(argument.getArgNumber(), kArgOffsetAttrName,
                        builder.getI64IntegerAttr(offset));
    for (Operation *op : liveness.positions) {
      if (op->getNumResults() == 0)
        continue;
      SmallVector<int64_t> resultOffsets;
      for (Value result : op->getResults())
        resultOffsets.push_back(offsetOf(result));
      op->setAttr(kOffsetsAttrName,
                  builder.getDenseI64ArrayAttr(resultOffsets));
    }
    for (auto [index, buffer] : llvm::enumerate(liveness.buffers))
      if (buffer.scratchOf)
        buffer.scratchOf->setAttr(kScratchOffsetAttrName,
                                  builder.getI64IntegerAttr(offsets[index]));
    SmallVector<NamedAttribute> sizes;
    for (Tier tier : {Tier::Hbm, Tier::Host, Tier::Nvme})
      if (arena[static_cast<unsigned>(tier)] > 0)
        sizes.push_back(builder.getNamedAttr(
            stringifyTier(tier),
            builder.getI64IntegerAttr(arena[static_cast<unsigned>(tier)])));
    func->setAttr(kArenaAttrName, builder.getDictionaryAttr(sizes));
  }
};

} // namespace
