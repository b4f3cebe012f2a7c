//===- ScheduledFunction.cpp - A function's body as a planning problem ----===//

#include "passes/planner/ScheduledFunction.h"

#include "dialects/strata/StrataOps.h"
#include "passes/MemoryTimeline.h"
#include "passes/planner/BufferLiveness.h"

#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;
using namespace mlir::strata;
using namespace mlir::strata::planner;

bool mlir::strata::planner::isRecomputable(Operation *op) {
  if (!isa<CostOpInterface>(op) || !isMemoryEffectFree(op))
    return false;
  bool readsOutside = false;
  op->walk([&](Operation *nested) {
    if (nested == op)
      return;
    for (Value operand : nested->getOperands())
      if (!op->isAncestor(operand.getParentRegion()->getParentOp()))
        readsOutside = true;
  });
  return !readsOutside;
}

ScheduledFunction
mlir::strata::planner::scheduleFunction(func::FuncOp func,
                                        const CostModel &costModel,
                                        const ScheduleOptions &options) {
  ScheduledFunction result;
  result.func = func;
  Block &body = func.getBody().front();
  DenseMap<Operation *, int> stepOf;
  for (Operation &op : body) {
    stepOf[&op] = result.steps.size();
    result.steps.push_back(&op);
  }
  Problem &problem = result.problem;
  int numSteps = result.steps.size();
  problem.maxRecomputeDepth = options.maxRecomputeDepth;
  MachineAttr machine = costModel.getMachine();
  constexpr double kNsPerGibToSecondsPerByte = 1e-9 / (1 << 30);
  if (LinkAttr h2d = machine.getLink(Tier::Host, Tier::Hbm)) {
    problem.h2dBytesPerSecond = h2d.getBandwidth();
    problem.duplexBytesPerSecond = h2d.getDuplex();
    problem.h2dSlowdownSecondsPerByte =
        h2d.getSlowdown() * kNsPerGibToSecondsPerByte;
  }
  if (LinkAttr d2h = machine.getLink(Tier::Hbm, Tier::Host)) {
    problem.d2hBytesPerSecond = d2h.getBandwidth();
    problem.d2hSlowdownSecondsPerByte =
        d2h.getSlowdown() * kNsPerGibToSecondsPerByte;
  }
  if (MemoryTierAttr host = machine.getTier(Tier::Host))
    problem.hostCapacity = host.getCapacity();

  for (Operation *op : result.steps) {
    problem.stepSeconds.push_back(costModel.seconds(op));
    int64_t extra = 0;
    if (op->getNumRegions())
      extra = regionPeak(op)[static_cast<unsigned>(Tier::Hbm)];
    problem.stepExtraBytes.push_back(extra);
  }

  auto addTensor = [&](Value value, int producer, bool isArgument) {
    int64_t bytes = getSizeInBytes(value.getType());
    if (bytes == 0 || getTier(value.getType()) != Tier::Hbm)
      return;
    // Counted as the allocator will place it.
    bytes = alignedSize(bytes);
    Tensor tensor;
    tensor.bytes = bytes;
    tensor.producer = producer;
    tensor.isArgument = isArgument;
    for (Operation *user : value.getUsers())
      if (Operation *ancestor = body.findAncestorOpInBlock(*user))
        tensor.uses.push_back(stepOf.lookup(ancestor));
    llvm::sort(tensor.uses);
    tensor.uses.erase(std::unique(tensor.uses.begin(), tensor.uses.end()),
                      tensor.uses.end());
    result.tensorOf[value] = result.values.size();
    result.values.push_back(value);
    problem.tensors.push_back(std::move(tensor));
  };
  for (BlockArgument argument : body.getArguments()) {
    addTensor(argument, 0, true);
    result.argumentBytes += getSizeInBytes(argument.getType());
  }
  for (Operation *op : result.steps)
    for (Value value : op->getResults())
      addTensor(value, stepOf.lookup(op), false);

  for (auto [index, tensor] : llvm::enumerate(problem.tensors)) {
    Value value = result.values[index];
    bool large = tensor.bytes >= options.minEvictBytes;
    if (auto argument = dyn_cast<BlockArgument>(value)) {
      // The caller keeps what it did not donate: it stays to the end.
      bool donated = isDonatedArgument(func, argument.getArgNumber());
      if (!donated && (tensor.uses.empty() || tensor.uses.back() != numSteps - 1))
        tensor.uses.push_back(numSteps - 1);
      tensor.mayEvict = donated && large;
      tensor.mayOffload = tensor.mayEvict;
      continue;
    }
    Operation *producer = value.getDefiningOp();
    tensor.mayEvict = large;
    tensor.mayOffload = large;
    tensor.recomputable = isRecomputable(producer);
    if (tensor.recomputable) {
      tensor.recomputeSeconds = costModel.seconds(producer);
      if (auto costed = dyn_cast<CostOpInterface>(producer))
        tensor.recomputeFlops = costed.getCost().flops;
      for (Value operand : producer->getOperands()) {
        auto it = result.tensorOf.find(operand);
        if (it == result.tensorOf.end()) {
          // Reads something that is not a planned tensor (a token, a
          // value of another tier): not worth modeling, not recomputed.
          tensor.recomputable = false;
          tensor.inputs.clear();
          break;
        }
        if (!llvm::is_contained(tensor.inputs, it->second))
          tensor.inputs.push_back(it->second);
      }
    }
  }
  result.layerSegments =
      segmentForwardPass(problem, CheckpointSpacing::EveryLayer);
  result.sqrtSegments =
      segmentForwardPass(problem, CheckpointSpacing::SquareRoot);
  addRebuildPoints(problem, result.layerSegments);
  addRebuildPoints(problem, result.sqrtSegments);
  result.points = computePoints(problem);
  return result;
}
