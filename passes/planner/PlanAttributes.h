//===- PlanAttributes.h - A memory plan written into the IR ---------------===//
//
// --strata-plan-memory records its decisions on the function so that
// --strata-materialize-plan (or a person) can read them:
//
//   strata.memory_plan = [{value = array<i64: STEP, RESULT>,
//                          points = array<i64: ...>, present = array<i64>,
//                          kept = array<i64>, restore = array<i64>,
//                          prefetch_from = array<i64>, offload = BOOL}, ...]
//
// one entry per tensor whose plan differs from keeping it: STEP is the
// position of its producer in the body (-1 for an argument, RESULT then
// being the argument number); `points` the steps where it may be present;
// `present` (0/1) per point; `kept` (0/1) per segment between points;
// `restore` per point (0 none, 1 recompute, 2 prefetch) and `prefetch_from`
// the step where that prefetch starts.

#ifndef STRATA_PASSES_PLANNER_PLANATTRIBUTES_H
#define STRATA_PASSES_PLANNER_PLANATTRIBUTES_H

#include "passes/planner/ScheduledFunction.h"

namespace mlir::strata::planner {

constexpr llvm::StringLiteral kMemoryPlanAttrName = "strata.memory_plan";
constexpr llvm::StringLiteral kPlanSummaryAttrName = "strata.plan_summary";
/// The summary's `solver_status` when a heuristic plan fits and the pass
/// was told not to try improving on it (`improve=false`).
constexpr llvm::StringLiteral kSolverNotAskedStatus =
    "not run: improving on the heuristics was not asked";
constexpr llvm::StringLiteral kBudgetAttrName = "strata.budget_bytes";

/// One tensor's plan as read back from the IR.
struct TensorDecision {
  Value value;
  int producerStep;
  SmallVector<int64_t> points, present, kept, restore, prefetchFrom;
  bool offload = false;
};

void writePlan(const ScheduledFunction &function, const Plan &plan);

/// Reads the plan of `func`; reports a diagnostic and fails when it does
/// not fit the function (edited, or written for another body).
FailureOr<std::vector<TensorDecision>> readPlan(func::FuncOp func);

} // namespace mlir::strata::planner

#endif // STRATA_PASSES_PLANNER_PLANATTRIBUTES_H
