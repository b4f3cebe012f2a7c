//===- Checkpointing.h - Segment checkpointing heuristics -----------------===//
//
// The classic answers to activation memory, as baselines and seeds for the
// MIP: the forward pass is cut into segments; only the tensors that cross
// a cut (the checkpoints) stay in HBM across the forward/backward turn,
// and each segment is run again, once, just before the backward pass first
// reads it. Cutting at every layer boundary is what framework
// checkpointing does per block; cutting every sqrt(n) boundaries is Chen
// et al.'s "Training deep nets with sublinear memory cost" (2016).
//
// Layer boundaries are found in the schedule, not in model metadata: a
// step of the forward pass (before the unconstrained peak) after which at
// most one large tensor is still to be read by the forward pass.

#ifndef STRATA_PASSES_PLANNER_CHECKPOINTING_H
#define STRATA_PASSES_PLANNER_CHECKPOINTING_H

#include "passes/planner/PlanProblem.h"

#include "llvm/ADT/ArrayRef.h"

namespace mlir::strata::planner {

enum class CheckpointSpacing {
  /// A cut at every layer boundary.
  EveryLayer,
  /// A cut every round(sqrt(n)) of the n layer boundaries.
  SquareRoot,
};

/// One segment of the forward pass and its rebuild.
struct Segment {
  /// The step before which the backward pass rebuilds the segment: the
  /// first step after the turn that reads one of `dropped`.
  int rebuildStep = 0;
  /// Tensors the rebuild recomputes, in production order: those the
  /// backward pass reads (`dropped`) and what they are computed from
  /// inside the segment.
  llvm::SmallVector<int> rebuilt;
  llvm::SmallVector<int> dropped;
  /// What the rebuild reads from outside: checkpoints, arguments, tensors
  /// that cannot be recomputed. They stay in HBM until `rebuildStep`.
  llvm::SmallVector<int> held;
};

/// The segments of the forward pass of `problem` for `spacing`: none when
/// no tensor stays in HBM across the unconstrained peak that a rebuild
/// could drop (an inference step, or a schedule without boundaries).
llvm::SmallVector<Segment> segmentForwardPass(const Problem &problem,
                                              CheckpointSpacing spacing);

/// Records in `problem.rebuildPoints` the points the segments' rebuilds
/// need (call before computePoints).
void addRebuildPoints(Problem &problem, llvm::ArrayRef<Segment> segments);

/// The checkpointed plan: every segment dropped after the forward pass
/// and rebuilt, then, costliest first, segments left in HBM as long as the
/// peak stays within the budget; when rebuilding every segment is not
/// enough, the greedy (planGreedyCombined) continues from that plan.
/// Returns false when no plan fits (the plan then holds the best attempt;
/// with no segments, the plan that keeps everything).
bool planCheckpointed(const Problem &problem, const PointSet &points,
                      llvm::ArrayRef<Segment> segments, Plan &plan);

} // namespace mlir::strata::planner

#endif // STRATA_PASSES_PLANNER_CHECKPOINTING_H
