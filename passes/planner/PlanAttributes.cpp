//===- PlanAttributes.cpp - A memory plan written into the IR -------------===//

#include "passes/planner/PlanAttributes.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::strata;
using namespace mlir::strata::planner;

static bool isTrivial(const TensorPlan &plan) {
  if (plan.offload)
    return false;
  for (Restore restore : plan.restore)
    if (restore != Restore::None)
      return false;
  return true;
}

void mlir::strata::planner::writePlan(const ScheduledFunction &function,
                                      const Plan &plan) {
  func::FuncOp func = function.func;
  Builder builder(func.getContext());
  DenseMap<Operation *, int> stepOf;
  for (auto [step, op] : llvm::enumerate(function.steps))
    stepOf[op] = step;
  SmallVector<Attribute> entries;
  for (auto [index, tensorPlan] : llvm::enumerate(plan.tensors)) {
    if (isTrivial(tensorPlan))
      continue;
    Value value = function.values[index];
    int64_t step = -1, position;
    if (auto argument = dyn_cast<BlockArgument>(value)) {
      position = argument.getArgNumber();
    } else {
      step = stepOf.lookup(value.getDefiningOp());
      position = cast<OpResult>(value).getResultNumber();
    }
    const auto &points = function.points.points[index];
    SmallVector<int64_t> steps, present, kept, restore, prefetchFrom;
    for (auto [k, point] : llvm::enumerate(points)) {
      steps.push_back(point.step);
      present.push_back(tensorPlan.present[k]);
      restore.push_back(static_cast<int64_t>(tensorPlan.restore[k]));
      prefetchFrom.push_back(tensorPlan.restore[k] == Restore::Prefetch
                                 ? tensorPlan.prefetchStart(point, k)
                                 : -1);
    }
    for (uint8_t k : tensorPlan.kept)
      kept.push_back(k);
    entries.push_back(builder.getDictionaryAttr({
        builder.getNamedAttr("value",
                             builder.getDenseI64ArrayAttr({step, position})),
        builder.getNamedAttr("points", builder.getDenseI64ArrayAttr(steps)),
        builder.getNamedAttr("present", builder.getDenseI64ArrayAttr(present)),
        builder.getNamedAttr("kept", builder.getDenseI64ArrayAttr(kept)),
        builder.getNamedAttr("restore", builder.getDenseI64ArrayAttr(restore)),
        builder.getNamedAttr("prefetch_from",
                             builder.getDenseI64ArrayAttr(prefetchFrom)),
        builder.getNamedAttr("offload",
                             builder.getBoolAttr(tensorPlan.offload)),
    }));
  }
  func->setAttr(kMemoryPlanAttrName, builder.getArrayAttr(entries));
}

FailureOr<std::vector<TensorDecision>>
mlir::strata::planner::readPlan(func::FuncOp func) {
  std::vector<TensorDecision> decisions;
  auto entries = func->getAttrOfType<ArrayAttr>(kMemoryPlanAttrName);
  if (!entries)
    return decisions;
  Block &body = func.getBody().front();
  SmallVector<Operation *> steps;
  for (Operation &op : body)
    steps.push_back(&op);
  int numSteps = steps.size();
  for (auto [index, entry] : llvm::enumerate(entries)) {
    auto fail = [&, index = index](const Twine &why) {
      return func.emitError() << "memory plan entry " << index << ": " << why;
    };
    auto dict = dyn_cast<DictionaryAttr>(entry);
    if (!dict)
      return fail("is not a dictionary");
    auto array = [&](StringRef name) -> DenseI64ArrayAttr {
      return dict.getAs<DenseI64ArrayAttr>(name);
    };
    TensorDecision decision;
    DenseI64ArrayAttr value = array("value");
    DenseI64ArrayAttr points = array("points"), present = array("present"),
                      kept = array("kept"), restore = array("restore"),
                      prefetchFrom = array("prefetch_from");
    if (!value || value.size() != 2 || !points || !present || !kept ||
        !restore || !prefetchFrom)
      return fail("needs value, points, present, kept, restore and "
                  "prefetch_from arrays");
    int64_t numPoints = points.size();
    if (present.size() != numPoints || restore.size() != numPoints ||
        prefetchFrom.size() != numPoints ||
        kept.size() + 1 != std::max<int64_t>(numPoints, 1))
      return fail("has arrays of mismatched lengths");
    int64_t step = value[0], position = value[1];
    if (step == -1) {
      if (position < 0 || position >= body.getNumArguments())
        return fail("names argument " + Twine(position) + " of " +
                    Twine(body.getNumArguments()));
      decision.value = body.getArgument(position);
    } else {
      if (step < 0 || step >= numSteps ||
          position >= steps[step]->getNumResults() || position < 0)
        return fail("names result " + Twine(position) + " of step " +
                    Twine(step) + ", which the body does not have");
      decision.value = steps[step]->getResult(position);
    }
    decision.producerStep = step;
    for (int64_t point : points.asArrayRef())
      if (point < 0 || point >= numSteps)
        return fail("has point " + Twine(point) + " outside the body");
    for (int64_t kind : restore.asArrayRef())
      if (kind < 0 || kind > 2)
        return fail("has unknown restore kind " + Twine(kind));
    decision.points.assign(points.asArrayRef().begin(),
                           points.asArrayRef().end());
    decision.present.assign(present.asArrayRef().begin(),
                            present.asArrayRef().end());
    decision.kept.assign(kept.asArrayRef().begin(), kept.asArrayRef().end());
    decision.restore.assign(restore.asArrayRef().begin(),
                            restore.asArrayRef().end());
    decision.prefetchFrom.assign(prefetchFrom.asArrayRef().begin(),
                                 prefetchFrom.asArrayRef().end());
    if (auto offload = dict.getAs<BoolAttr>("offload"))
      decision.offload = offload.getValue();
    decisions.push_back(std::move(decision));
  }
  return decisions;
}
