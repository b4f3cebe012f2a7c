//===- BufferLiveness.cpp - Buffers of a function and when they are live --===//

#include "passes/planner/BufferLiveness.h"

#include "dialects/strata/StrataOps.h"
#include "passes/MemoryTimeline.h"

using namespace mlir;
using namespace mlir::strata;

int64_t mlir::strata::alignedSize(int64_t bytes) {
  return (bytes + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment;
}

BufferLiveness mlir::strata::computeBufferLiveness(func::FuncOp func) {
  BufferLiveness result;
  Block &body = func.getBody().front();
  DenseMap<Operation *, unsigned> positionOf;
  for (Operation &op : body) {
    if (auto recompute = dyn_cast<RecomputeOp>(op))
      for (Operation &inner : recompute.getBody().front().without_terminator()) {
        positionOf[&inner] = result.positions.size();
        result.positions.push_back(&inner);
      }
    positionOf[&op] = result.positions.size();
    result.positions.push_back(&op);
  }
  unsigned last = result.positions.empty() ? 0 : result.positions.size() - 1;

  // Where a use happens: at the nearest enclosing op that has a position.
  auto positionOfUse = [&](Operation *user) -> unsigned {
    for (Operation *op = user; op; op = op->getParentOp()) {
      auto it = positionOf.find(op);
      if (it != positionOf.end())
        return it->second;
    }
    return last;
  };
  auto addBuffer = [&](Value value, unsigned start, unsigned end) {
    int64_t bytes = getSizeInBytes(value.getType());
    if (bytes == 0)
      return;
    result.bufferOf[value] = result.buffers.size();
    result.buffers.push_back(
        {value, nullptr, getTier(value.getType()), bytes, start, end});
  };
  auto extendToUses = [&](Value value) {
    auto it = result.bufferOf.find(value);
    if (it == result.bufferOf.end())
      return;
    Buffer &buffer = result.buffers[it->second];
    for (Operation *user : value.getUsers()) {
      if (isa<YieldOp>(user) && isa<RecomputeOp>(user->getParentOp()))
        continue;
      buffer.end = std::max(buffer.end, positionOfUse(user));
    }
  };

  for (BlockArgument argument : body.getArguments()) {
    bool donated = isDonatedArgument(func, argument.getArgNumber());
    addBuffer(argument, 0, donated ? 0 : last);
    extendToUses(argument);
  }
  for (Operation *op : result.positions) {
    unsigned position = positionOf.lookup(op);
    if (auto recompute = dyn_cast<RecomputeOp>(op)) {
      // Each result lives in the buffer of the value the body yields.
      auto yield = cast<YieldOp>(recompute.getBody().front().getTerminator());
      for (auto [yielded, res] :
           llvm::zip(yield.getValues(), recompute.getResults())) {
        auto it = result.bufferOf.find(yielded);
        if (it == result.bufferOf.end() || isa<BlockArgument>(yielded)) {
          addBuffer(res, position, position);
          extendToUses(res);
          continue;
        }
        result.bufferOf[res] = it->second;
        Buffer &buffer = result.buffers[it->second];
        buffer.end = std::max(buffer.end, position);
        for (Operation *user : res.getUsers())
          buffer.end = std::max(buffer.end, positionOfUse(user));
      }
      continue;
    }
    for (Value value : op->getResults()) {
      addBuffer(value, position, position);
      extendToUses(value);
    }
    if (op->getNumRegions() && !isa<FusionOp>(op)) {
      int64_t scratch = regionPeak(op)[static_cast<unsigned>(Tier::Hbm)];
      if (scratch > 0)
        result.buffers.push_back(
            {Value(), op, Tier::Hbm, scratch, position, position});
    }
  }
  return result;
}
