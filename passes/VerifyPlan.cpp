//===- VerifyPlan.cpp - Check a materialized memory plan ------------------===//

#include "passes/MemoryTimeline.h"
#include "passes/Passes.h"
#include "passes/planner/BufferLiveness.h"
#include "passes/planner/ByteSize.h"
#include "passes/planner/PlanAttributes.h"

#include "dialects/strata/StrataOps.h"

namespace mlir::strata {
#define GEN_PASS_DEF_VERIFYPLANPASS
#include "passes/Passes.h.inc"
} // namespace mlir::strata

using namespace mlir;
using namespace mlir::strata;

namespace {

struct VerifyPlanPass
    : public strata::impl::VerifyPlanPassBase<VerifyPlanPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    Block &body = func.getBody().front();
    DenseMap<Operation *, unsigned> stepOf;
    for (Operation &op : body)
      stepOf[&op] = stepOf.size();
    auto stepOfUse = [&](Operation *user) -> unsigned {
      Operation *ancestor = body.findAncestorOpInBlock(*user);
      return ancestor ? stepOf.lookup(ancestor) : 0;
    };
    // The first step, after `after`, that waits on `token`; none: ~0u.
    auto waitAfter = [&](Value token, unsigned after) {
      unsigned first = ~0u;
      for (Operation *user : token.getUsers())
        if (isa<WaitOp>(user) && user->getBlock() == &body &&
            stepOf.lookup(user) > after)
          first = std::min(first, stepOf.lookup(user));
      return first;
    };
    bool failed = false;
    // Errors point at the op's location without printing the op: a
    // planned program is large.
    auto error = [&](Operation *op) {
      failed = true;
      return mlir::emitError(op->getLoc());
    };

    for (Operation &op : body) {
      unsigned step = stepOf.lookup(&op);
      if (auto free = dyn_cast<FreeOp>(op)) {
        Value value = free.getOperand();
        for (OpOperand &use : value.getUses()) {
          Operation *user = use.getOwner();
          if (user == &op)
            continue;
          unsigned at = stepOfUse(user);
          if (at > step) {
            InFlightDiagnostic diag = error(user);
            if (isa<FreeOp>(user))
              diag << "frees a tensor that step " << step
                   << " already freed";
            else
              diag << "uses a tensor that step " << step << " freed";
          }
        }
        for (Operation *user : value.getUsers())
          if (auto offload = dyn_cast<OffloadOp>(user))
            if (stepOf.lookup(user) < step &&
                waitAfter(offload.getDone(), stepOf.lookup(user)) > step)
              error(&op) << "frees a tensor before waiting for its offload "
                            "copy to finish";
      } else if (auto prefetch = dyn_cast<PrefetchOp>(op)) {
        unsigned ready = waitAfter(prefetch.getDone(), step);
        for (Operation *user : prefetch.getResult().getUsers())
          if (stepOfUse(user) <= ready || ready == ~0u)
            error(user) << "uses a prefetched tensor before a strata.wait "
                           "on its token";
        if (auto offload = prefetch.getOperand().getDefiningOp<OffloadOp>())
          if (waitAfter(offload.getDone(), stepOf.lookup(offload)) > step)
            error(&op) << "prefetches a host copy before waiting for its "
                          "offload to finish";
      }
    }

    auto budget = func->getAttrOfType<IntegerAttr>(
        planner::kBudgetAttrName);
    if (budget) {
      MemoryTimeline timeline =
          computeMemoryTimeline(body, [&](unsigned index) {
            return isDonatedArgument(func, index);
          });
      for (auto [step, bytes] : llvm::enumerate(timeline.liveBytes)) {
        int64_t hbm = bytes[static_cast<unsigned>(Tier::Hbm)];
        if (hbm > budget.getInt()) {
          error(timeline.ops[step])
              << "holds " << hbm << " bytes (" << formatByteSize(hbm)
              << ") of live HBM, over the plan's budget of "
              << budget.getInt() << " bytes ("
              << formatByteSize(budget.getInt()) << ")";
          break;
        }
      }
    }
    if (func->hasAttr(kArenaAttrName))
      checkOffsets(func, budget, failed);
    if (failed)
      signalPassFailure();
  }

  /// Every buffer has an offset inside its arena, and no two buffers live
  /// at the same time share a byte.
  void checkOffsets(func::FuncOp func, IntegerAttr budget, bool &failed) {
    auto arenas = func->getAttrOfType<DictionaryAttr>(kArenaAttrName);
    BufferLiveness liveness = computeBufferLiveness(func);
    SmallVector<int64_t> offsets;
    for (const Buffer &buffer : liveness.buffers) {
      int64_t offset = -1;
      if (buffer.scratchOf) {
        if (auto attr = buffer.scratchOf->getAttrOfType<IntegerAttr>(
                kScratchOffsetAttrName))
          offset = attr.getInt();
      } else if (auto argument = dyn_cast<BlockArgument>(buffer.value)) {
        if (auto attr = func.getArgAttrOfType<IntegerAttr>(
                argument.getArgNumber(), kArgOffsetAttrName))
          offset = attr.getInt();
      } else {
        auto result = cast<OpResult>(buffer.value);
        auto attr =
            result.getOwner()->getAttrOfType<DenseI64ArrayAttr>(kOffsetsAttrName);
        if (attr && attr.size() == result.getOwner()->getNumResults())
          offset = attr[result.getResultNumber()];
      }
      Operation *where = buffer.scratchOf ? buffer.scratchOf
                         : buffer.value.getDefiningOp()
                             ? buffer.value.getDefiningOp()
                             : func.getOperation();
      auto arena = arenas.getAs<IntegerAttr>(stringifyTier(buffer.tier));
      if (offset < 0 || offset % kArenaAlignment != 0) {
        mlir::emitError(where->getLoc()) << "has a buffer without a valid arena offset";
        failed = true;
      } else if (!arena || offset + buffer.bytes > arena.getInt()) {
        mlir::emitError(where->getLoc()) << "has a buffer at [" << offset << ", "
                           << offset + buffer.bytes << ") outside the "
                           << stringifyTier(buffer.tier) << " arena";
        failed = true;
      }
      offsets.push_back(offset);
    }
    if (auto hbm = arenas.getAs<IntegerAttr>("hbm"))
      if (budget && hbm.getInt() > budget.getInt()) {
        mlir::emitError(func.getLoc()) << "has an HBM arena of " << hbm.getInt()
                         << " bytes, over the plan's budget of "
                         << budget.getInt() << " bytes";
        failed = true;
      }
    if (failed)
      return;
    // Sweep by start position, keeping the buffers still live.
    SmallVector<unsigned> order(liveness.buffers.size());
    for (unsigned i = 0; i < order.size(); ++i)
      order[i] = i;
    llvm::sort(order, [&](unsigned a, unsigned b) {
      return liveness.buffers[a].start < liveness.buffers[b].start;
    });
    SmallVector<unsigned> live;
    for (unsigned index : order) {
      const Buffer &buffer = liveness.buffers[index];
      llvm::erase_if(live, [&](unsigned other) {
        return liveness.buffers[other].end < buffer.start;
      });
      for (unsigned other : live) {
        const Buffer &o = liveness.buffers[other];
        if (o.tier != buffer.tier)
          continue;
        if (offsets[index] < offsets[other] + o.bytes &&
            offsets[other] < offsets[index] + buffer.bytes) {
          Operation *where = liveness.positions[buffer.start];
          mlir::emitError(where->getLoc())
              << "places a buffer at [" << offsets[index] << ", "
              << offsets[index] + buffer.bytes
              << ") over one that is still live at [" << offsets[other]
              << ", " << offsets[other] + o.bytes << ")";
          failed = true;
          return;
        }
      }
      live.push_back(index);
    }
  }
};

} // namespace
