//===- ScheduledFunction.h - A function's body as a planning problem ------===//
//
// The bridge between IR and the planner: the top-level ops of a function,
// in order, are the schedule's steps (the return is the last); its
// arguments and the tensor results of those ops are the problem's tensors.

#ifndef STRATA_PASSES_PLANNER_SCHEDULEDFUNCTION_H
#define STRATA_PASSES_PLANNER_SCHEDULEDFUNCTION_H

#include "passes/CostModel.h"
#include "passes/planner/Checkpointing.h"
#include "passes/planner/PlanProblem.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::strata::planner {

struct ScheduledFunction {
  func::FuncOp func;
  SmallVector<Operation *> steps;
  /// The value behind each tensor of `problem`.
  SmallVector<Value> values;
  DenseMap<Value, int> tensorOf;
  Problem problem;
  PointSet points;
  /// The forward pass cut at every layer boundary, and every sqrt(n).
  SmallVector<Segment> layerSegments, sqrtSegments;
  /// Bytes of the function's arguments (the model's state and batch).
  int64_t argumentBytes = 0;
};

struct ScheduleOptions {
  unsigned maxRecomputeDepth = 6;
  /// Tensors smaller than this stay where they are between their uses.
  int64_t minEvictBytes = 1 << 20;
};

/// Builds the problem for `func` on the machine of `costModel`. The budget
/// is left at 0 for the caller to set.
ScheduledFunction scheduleFunction(func::FuncOp func,
                                   const CostModel &costModel,
                                   const ScheduleOptions &options);

/// Whether `op` can be cloned to run again: a pure graph op whose regions
/// read nothing from outside it.
bool isRecomputable(Operation *op);

} // namespace mlir::strata::planner

#endif // STRATA_PASSES_PLANNER_SCHEDULEDFUNCTION_H
