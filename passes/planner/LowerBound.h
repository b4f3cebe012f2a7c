//===- LowerBound.h - A bound no plan of the problem can beat -------------===//
//
// The neighbourhood search proves nothing about the whole problem, and the
// whole MIP's LP bound is weak; this bound is cheap and holds for every
// plan `evaluate` accepts, so that a plan's optimality gap can always be
// stated.
//
// At any step t where keeping everything exceeds the budget, the excess
// must leave HBM: every byte of it belongs to a tensor kept across t that
// is neither produced nor read there, and such a tensor comes back after
// t by recomputation (at least its own producer's time) or by a prefetch
// of a copy that was offloaded and landed before t. The copy links carry
// without stalling at most their bandwidth times the compute time before t
// (offloads) and after it (prefetches); past the smaller of the two, every
// byte costs at least that link's time. The cheapest way to cover the excess
// under those prices, with bytes split fractionally and each tensor's bytes
// usable both ways (a relaxation), bounds the added time at t; the bound is the
// largest over all steps.

#ifndef STRATA_PASSES_PLANNER_LOWERBOUND_H
#define STRATA_PASSES_PLANNER_LOWERBOUND_H

#include "passes/planner/PlanProblem.h"

namespace mlir::strata::planner {

/// Seconds that every plan within `problem.budget` adds to the step of the
/// plan that keeps everything; infinity when no plan can fit.
double addedSecondsLowerBound(const Problem &problem, const PointSet &points);

/// The same, given the evaluation of the plan that keeps everything.
double addedSecondsLowerBound(const Problem &problem, const PointSet &points,
                              const Evaluation &unconstrained);

} // namespace mlir::strata::planner

#endif // STRATA_PASSES_PLANNER_LOWERBOUND_H
