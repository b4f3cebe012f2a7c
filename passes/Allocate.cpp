//===- Allocate.cpp - Static offsets in each tier's arena -----------------===//

#include "passes/Passes.h"
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
    SmallVector<int64_t> offsets = place(liveness);
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

  /// Each buffer, in a given order, at the lowest offset free for its
  /// whole lifetime; the order that gives the smallest arenas wins (largest
  /// first is usually best, longest-lived first helps when a few long
  /// tensors would otherwise split the arena).
  static SmallVector<int64_t> place(const BufferLiveness &liveness) {
    const auto &buffers = liveness.buffers;
    auto bySize = [&](unsigned a, unsigned b) {
      if (buffers[a].bytes != buffers[b].bytes)
        return buffers[a].bytes > buffers[b].bytes;
      return buffers[a].start < buffers[b].start;
    };
    auto byLifetime = [&](unsigned a, unsigned b) {
      unsigned la = buffers[a].end - buffers[a].start;
      unsigned lb = buffers[b].end - buffers[b].start;
      if (la != lb)
        return la > lb;
      return bySize(a, b);
    };
    auto byArea = [&](unsigned a, unsigned b) {
      double area = double(buffers[a].bytes) * (buffers[a].end - buffers[a].start + 1);
      double other = double(buffers[b].bytes) * (buffers[b].end - buffers[b].start + 1);
      if (area != other)
        return area > other;
      return bySize(a, b);
    };
    SmallVector<int64_t> best;
    int64_t bestTotal = std::numeric_limits<int64_t>::max();
    for (unsigned strategy = 0; strategy < 3; ++strategy) {
      SmallVector<unsigned> order(buffers.size());
      for (unsigned i = 0; i < order.size(); ++i)
        order[i] = i;
      if (strategy == 0)
        llvm::stable_sort(order, bySize);
      else if (strategy == 1)
        llvm::stable_sort(order, byLifetime);
      else
        llvm::stable_sort(order, byArea);
      SmallVector<int64_t> offsets = placeInOrder(buffers, order);
      int64_t total = 0;
      for (auto [index, buffer] : llvm::enumerate(buffers))
        total = std::max(total, offsets[index] + alignedSize(buffer.bytes));
      if (total < bestTotal) {
        bestTotal = total;
        best = std::move(offsets);
      }
    }
    return best;
  }

  static SmallVector<int64_t> placeInOrder(ArrayRef<Buffer> buffers,
                                           ArrayRef<unsigned> order) {
    SmallVector<int64_t> offsets(buffers.size(), -1);
    SmallVector<unsigned> placed;
    SmallVector<std::pair<int64_t, int64_t>> taken;
    for (unsigned index : order) {
      const Buffer &buffer = buffers[index];
      taken.clear();
      for (unsigned other : placed) {
        const Buffer &o = buffers[other];
        if (o.tier == buffer.tier && o.start <= buffer.end &&
            buffer.start <= o.end)
          taken.push_back(
              {offsets[other], offsets[other] + alignedSize(o.bytes)});
      }
      llvm::sort(taken);
      int64_t size = alignedSize(buffer.bytes);
      int64_t offset = 0;
      for (auto [begin, end] : taken) {
        if (offset + size <= begin)
          break;
        offset = std::max(offset, end);
      }
      offsets[index] = offset;
      placed.push_back(index);
    }
    return offsets;
  }
};

} // namespace
