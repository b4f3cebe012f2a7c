//===- MemoryTimeline.cpp - Live bytes per tier along a block's order -----===//

#include "passes/MemoryTimeline.h"

#include "dialects/strata/StrataOps.h"

#include "mlir/IR/Operation.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::strata;

std::pair<unsigned, int64_t> MemoryTimeline::peak(Tier tier) const {
  std::pair<unsigned, int64_t> best = {0, 0};
  for (auto [step, bytes] : llvm::enumerate(liveBytes))
    if (bytes[static_cast<unsigned>(tier)] > best.second)
      best = {static_cast<unsigned>(step), bytes[static_cast<unsigned>(tier)]};
  return best;
}

SmallVector<const LiveInterval *> MemoryTimeline::liveAt(unsigned step) const {
  SmallVector<const LiveInterval *> live;
  for (const LiveInterval &interval : intervals)
    if (interval.start <= step && step <= interval.end)
      live.push_back(&interval);
  llvm::stable_sort(live, [](const LiveInterval *a, const LiveInterval *b) {
    return a->bytes > b->bytes;
  });
  return live;
}

std::array<int64_t, MemoryTimeline::kNumTiers>
mlir::strata::regionPeak(Operation *op) {
  std::array<int64_t, MemoryTimeline::kNumTiers> peak = {0, 0, 0};
  // A fusion runs as one kernel: what its body computes never reaches memory.
  if (isa<FusionOp>(op))
    return peak;
  for (Region &region : op->getRegions())
    for (Block &block : region) {
      // The region's arguments alias the op's operands, which the outer
      // timeline already counts.
      MemoryTimeline inner =
          computeMemoryTimeline(block, [](unsigned) { return true; });
      // What the body yields becomes the op's results, which the outer
      // timeline counts from this step on.
      Operation *terminator = block.empty() ? nullptr : &block.back();
      auto isYielded = [&](Value value) {
        return terminator && terminator->hasTrait<OpTrait::IsTerminator>() &&
               llvm::is_contained(terminator->getOperands(), value);
      };
      for (const LiveInterval &interval : inner.intervals)
        if (isa<BlockArgument>(interval.value) || isYielded(interval.value))
          for (unsigned step = interval.start; step <= interval.end; ++step)
            inner.liveBytes[step][static_cast<unsigned>(interval.tier)] -=
                interval.bytes;
      for (const auto &bytes : inner.liveBytes)
        for (unsigned t = 0; t < MemoryTimeline::kNumTiers; ++t)
          peak[t] = std::max(peak[t], bytes[t]);
    }
  return peak;
}

MemoryTimeline mlir::strata::computeMemoryTimeline(
    Block &block, llvm::function_ref<bool(unsigned)> isDonated) {
  MemoryTimeline timeline;
  DenseMap<Operation *, unsigned> stepOf;
  for (Operation &op : block) {
    stepOf[&op] = timeline.ops.size();
    timeline.ops.push_back(&op);
  }
  unsigned numSteps = timeline.ops.size();
  timeline.liveBytes.assign(numSteps, {0, 0, 0});
  if (numSteps == 0)
    return timeline;

  // The last step that uses `value`, through the ancestor of each user
  // that sits in this block; `defaultEnd` when nothing uses it.
  auto lastUse = [&](Value value, unsigned defaultEnd) {
    unsigned end = defaultEnd;
    for (Operation *user : value.getUsers())
      if (Operation *ancestor = block.findAncestorOpInBlock(*user))
        end = std::max(end, stepOf.lookup(ancestor));
    return end;
  };
  auto addInterval = [&](Value value, unsigned start, unsigned end) {
    int64_t bytes = getSizeInBytes(value.getType());
    if (bytes == 0)
      return;
    timeline.intervals.push_back(
        {value, bytes, getTier(value.getType()), start, end});
  };

  for (BlockArgument argument : block.getArguments())
    addInterval(argument, 0,
                isDonated(argument.getArgNumber()) ? lastUse(argument, 0)
                                                   : numSteps - 1);
  for (Operation *op : timeline.ops)
    for (Value result : op->getResults()) {
      unsigned step = stepOf.lookup(op);
      addInterval(result, step, lastUse(result, step));
    }

  // Sweep: add each interval's bytes over its steps with a difference array.
  SmallVector<std::array<int64_t, MemoryTimeline::kNumTiers>> delta(
      numSteps + 1, {0, 0, 0});
  for (const LiveInterval &interval : timeline.intervals) {
    unsigned tier = static_cast<unsigned>(interval.tier);
    delta[interval.start][tier] += interval.bytes;
    delta[interval.end + 1][tier] -= interval.bytes;
  }
  std::array<int64_t, MemoryTimeline::kNumTiers> running = {0, 0, 0};
  for (unsigned step = 0; step < numSteps; ++step) {
    std::array<int64_t, MemoryTimeline::kNumTiers> inner = {0, 0, 0};
    if (timeline.ops[step]->getNumRegions())
      inner = regionPeak(timeline.ops[step]);
    for (unsigned t = 0; t < MemoryTimeline::kNumTiers; ++t) {
      running[t] += delta[step][t];
      timeline.liveBytes[step][t] = running[t] + inner[t];
    }
  }
  return timeline;
}

bool mlir::strata::isDonatedArgument(Operation *op, unsigned index) {
  auto func = dyn_cast<FunctionOpInterface>(op);
  if (!func)
    return false;
  return func.getArgAttr(index, "strata.donated") ||
         func.getArgAttr(index, "tf.aliasing_output");
}
