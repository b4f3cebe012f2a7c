//===- Checkpointing.cpp - Segment checkpointing heuristics ---------------===//

#include "passes/planner/Checkpointing.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace mlir::strata::planner;
using llvm::ArrayRef;
using llvm::SmallVector;

namespace {

/// Where each tensor is read relative to the turn: the step of the
/// unconstrained peak, where the forward pass's saved tensors all are live.
struct TurnView {
  int turn = 0;
  /// Last step at or before the turn that reads the tensor (its producer
  /// when none does).
  SmallVector<int> forwardLast;
  /// First step after the turn that reads it, or -1.
  SmallVector<int> backwardFirst;
  /// Whether it is read after the turn.
  SmallVector<bool> readLater;
  /// Kept across the turn in the unconstrained plan and droppable there:
  /// what checkpointing rebuilds.
  SmallVector<bool> saved;
};

TurnView viewAtTurn(const Problem &problem) {
  TurnView view;
  int numSteps = problem.numSteps();
  SmallVector<int64_t> delta(numSteps + 1, 0);
  for (const Tensor &tensor : problem.tensors) {
    int last = tensor.uses.empty() ? tensor.producer
                                   : std::max(tensor.producer,
                                              tensor.uses.back());
    delta[tensor.producer] += tensor.bytes;
    delta[last + 1] -= tensor.bytes;
  }
  int64_t running = 0, peak = -1;
  for (int step = 0; step < numSteps; ++step) {
    running += delta[step];
    int64_t live = running + problem.stepExtraBytes[step];
    if (live > peak) {
      peak = live;
      view.turn = step;
    }
  }
  for (const Tensor &tensor : problem.tensors) {
    int forwardLast = tensor.producer, backwardFirst = -1;
    for (int use : tensor.uses) {
      if (use <= view.turn)
        forwardLast = std::max(forwardLast, use);
      else if (backwardFirst < 0)
        backwardFirst = use;
    }
    view.forwardLast.push_back(forwardLast);
    view.backwardFirst.push_back(backwardFirst);
    view.readLater.push_back(backwardFirst >= 0);
    view.saved.push_back(!tensor.isArgument && tensor.recomputable &&
                         tensor.mayEvict && tensor.producer < view.turn &&
                         backwardFirst >= 0 &&
                         backwardFirst - forwardLast >= 2);
  }
  return view;
}

/// Steps of the forward pass after which a single tensor is still to be
/// read before the turn (the residual stream between two blocks), keeping
/// only those with a saved tensor produced since the one before.
SmallVector<int> layerBoundaries(const Problem &problem,
                                 const TurnView &view) {
  // Tensors read across more than half of the forward pass (a padded
  // weight, an attention mask, read by every block) cross every boundary.
  auto longLived = [&](int index) {
    return 2 * (view.forwardLast[index] - problem.tensors[index].producer) >
           view.turn;
  };
  SmallVector<int> crossing(view.turn + 1, 0);
  SmallVector<SmallVector<int>> savedAt(view.turn + 1);
  for (auto [index, tensor] : llvm::enumerate(problem.tensors)) {
    if (view.saved[index])
      savedAt[tensor.producer].push_back(index);
    if (tensor.isArgument || longLived(index))
      continue;
    for (int step = tensor.producer; step < view.forwardLast[index]; ++step)
      ++crossing[step];
  }
  // A boundary must close a segment with something to drop: a saved
  // tensor produced since the last boundary that the forward pass no longer
  // reads after it.
  SmallVector<int> boundaries;
  int droppableFrom = std::numeric_limits<int>::max();
  for (int step = 0; step < view.turn; ++step) {
    for (int index : savedAt[step])
      droppableFrom = std::min(droppableFrom, view.forwardLast[index]);
    if (crossing[step] <= 1 && droppableFrom <= step) {
      boundaries.push_back(step);
      droppableFrom = std::numeric_limits<int>::max();
    }
  }
  return boundaries;
}

} // namespace

SmallVector<Segment>
mlir::strata::planner::segmentForwardPass(const Problem &problem,
                                          CheckpointSpacing spacing) {
  SmallVector<Segment> segments;
  if (problem.numSteps() < 3 || problem.maxRecomputeDepth == 0)
    return segments;
  TurnView view = viewAtTurn(problem);
  if (!llvm::is_contained(view.saved, true))
    return segments;
  SmallVector<int> boundaries = layerBoundaries(problem, view);
  SmallVector<int> cuts;
  unsigned every = 1;
  if (spacing == CheckpointSpacing::SquareRoot)
    every = std::max<unsigned>(
        1, static_cast<unsigned>(std::lround(std::sqrt(boundaries.size()))));
  for (unsigned i = 0; i < boundaries.size(); ++i)
    if ((i + 1) % every == 0)
      cuts.push_back(boundaries[i]);
  cuts.push_back(view.turn);

  int previous = -1;
  for (int cut : cuts) {
    if (cut <= previous)
      continue;
    auto inSegment = [&](int index) {
      const Tensor &tensor = problem.tensors[index];
      return !tensor.isArgument && tensor.producer > previous &&
             tensor.producer <= cut;
    };
    // Rebuilt: recomputable, read by the forward pass only up to the cut,
    // and either saved or not read after the turn at all.
    auto rebuildable = [&](int index) {
      return inSegment(index) && problem.tensors[index].recomputable &&
             view.forwardLast[index] <= cut &&
             (view.saved[index] || !view.readLater[index]);
    };
    Segment segment;
    segment.rebuildStep = problem.numSteps();
    for (size_t index = 0; index < problem.tensors.size(); ++index)
      if (view.saved[index] && rebuildable(index)) {
        segment.dropped.push_back(index);
        segment.rebuildStep =
            std::min(segment.rebuildStep, view.backwardFirst[index]);
      }
    if (segment.dropped.empty()) {
      previous = cut;
      continue;
    }
    SmallVector<bool> inRebuild(problem.tensors.size(), false);
    SmallVector<int> worklist(segment.dropped);
    for (int index : segment.dropped)
      inRebuild[index] = true;
    while (!worklist.empty()) {
      int index = worklist.pop_back_val();
      for (int input : problem.tensors[index].inputs) {
        if (inRebuild[input] || llvm::is_contained(segment.held, input))
          continue;
        if (rebuildable(input)) {
          inRebuild[input] = true;
          worklist.push_back(input);
        } else {
          segment.held.push_back(input);
        }
      }
    }
    for (size_t index = 0; index < problem.tensors.size(); ++index)
      if (inRebuild[index])
        segment.rebuilt.push_back(index);
    llvm::stable_sort(segment.rebuilt, [&](int a, int b) {
      return problem.tensors[a].producer < problem.tensors[b].producer;
    });
    llvm::sort(segment.held);
    segments.push_back(std::move(segment));
    previous = cut;
  }
  return segments;
}

void mlir::strata::planner::addRebuildPoints(Problem &problem,
                                             ArrayRef<Segment> segments) {
  for (const Segment &segment : segments) {
    for (int tensor : segment.rebuilt)
      problem.rebuildPoints.emplace_back(tensor, segment.rebuildStep);
    for (int tensor : segment.held)
      problem.rebuildPoints.emplace_back(tensor, segment.rebuildStep);
  }
}

/// Changes `plan` (the plan that keeps everything, with other segments
/// applied) so that `segment` is dropped after the forward pass and
/// rebuilt. False when the points do not allow it (addRebuildPoints was
/// not called for this segment).
static bool applySegment(const PointSet &points, const Segment &segment,
                         Plan &plan) {
  int step = segment.rebuildStep;
  for (int tensor : segment.held) {
    int k = points.indexAt(tensor, step);
    if (k < 0)
      return false;
    TensorPlan &tp = plan.tensors[tensor];
    if (tp.present[k])
      continue;
    int last = k;
    while (last > 0 && !tp.present[last])
      --last;
    for (int j = last; j < k; ++j) {
      tp.kept[j] = 1;
      tp.present[j + 1] = 1;
    }
  }
  for (int tensor : segment.rebuilt) {
    int k = points.indexAt(tensor, step);
    if (k < 0)
      return false;
    TensorPlan &tp = plan.tensors[tensor];
    const auto &tensorPoints = points.points[tensor];
    if (llvm::is_contained(segment.dropped, tensor)) {
      int lastForward = k - 1;
      while (lastForward > 0 && !tensorPoints[lastForward].required)
        --lastForward;
      for (int j = lastForward; j < k; ++j)
        tp.kept[j] = 0;
      for (int j = lastForward + 1; j < k; ++j) {
        tp.present[j] = 0;
        tp.restore[j] = Restore::None;
      }
    }
    tp.present[k] = 1;
    tp.restore[k] = Restore::Recompute;
  }
  return true;
}

/// The plan that rebuilds `segments` but those it can leave in HBM within
/// `budget`, costliest rebuild first; every segment when even that does
/// not fit (`fits` then says false).
static Plan rebuildWithin(const Problem &problem, const PointSet &points,
                          ArrayRef<Segment> segments, int64_t budget,
                          bool &fits) {
  SmallVector<bool> active(segments.size(), true);
  Plan plan;
  auto build = [&]() {
    plan = keepEverything(problem, points);
    for (auto [segment, on] : llvm::zip(segments, active))
      if (on && !applySegment(points, segment, plan))
        return false;
    return true;
  };
  auto within = [&]() {
    if (!build())
      return false;
    Evaluation evaluation = evaluate(problem, points, plan);
    return evaluation.consistent && evaluation.peakBytes <= budget;
  };
  fits = within();
  if (!fits)
    return plan;
  SmallVector<double> seconds;
  for (const Segment &segment : segments) {
    double total = 0;
    for (int tensor : segment.rebuilt)
      total += problem.tensors[tensor].recomputeSeconds;
    seconds.push_back(total);
  }
  SmallVector<unsigned> order;
  for (unsigned i = 0; i < segments.size(); ++i)
    order.push_back(i);
  llvm::stable_sort(
      order, [&](unsigned a, unsigned b) { return seconds[a] > seconds[b]; });
  for (unsigned index : order) {
    active[index] = false;
    if (!within())
      active[index] = true;
  }
  build();
  return plan;
}

bool mlir::strata::planner::planCheckpointed(const Problem &problem,
                                             const PointSet &points,
                                             ArrayRef<Segment> segments,
                                             Plan &plan) {
  if (segments.empty()) {
    plan = keepEverything(problem, points);
    return false;
  }
  int64_t unconstrained =
      evaluate(problem, points, keepEverything(problem, points)).peakBytes;
  // Rebuilding only what the budget needs may leave the rest to be
  // rebuilt at a higher price than the greedy's recomputations and copies
  // would cost: from fewer segments (those a looser budget needs), the
  // greedy takes the plan the rest of the way. The fastest plan wins.
  //
  // Each segment may also rebuild only what the backward pass reads, from
  // the segment's other tensors held in HBM across the turn: more memory,
  // less recomputation. Those have points at the rebuild step too.
  SmallVector<Segment> holding(segments.begin(), segments.end());
  for (Segment &segment : holding) {
    for (int tensor : segment.rebuilt)
      if (!llvm::is_contained(segment.dropped, tensor))
        segment.held.push_back(tensor);
    segment.rebuilt = segment.dropped;
  }
  bool anyFits = false;
  double best = std::numeric_limits<double>::infinity();
  for (auto [variant, slack] :
       {std::pair(segments, 0.0), std::pair(segments, 0.25),
        std::pair(segments, 0.5), std::pair(ArrayRef<Segment>(holding), 0.0),
        std::pair(ArrayRef<Segment>(holding), 0.25),
        std::pair(ArrayRef<Segment>(holding), 0.5)}) {
    // Asked for the smallest peak (no budget), looser budgets mean nothing.
    if (problem.budget <= 0 && slack > 0)
      continue;
    int64_t looser =
        problem.budget +
        static_cast<int64_t>(slack * std::max<int64_t>(
                                         0, unconstrained - problem.budget));
    bool fitsLooser;
    Plan attempt =
        rebuildWithin(problem, points, variant, looser, fitsLooser);
    // Every segment rebuilt already: the same as without slack.
    if (!fitsLooser && slack > 0)
      continue;
    Evaluation evaluation = evaluate(problem, points, attempt);
    bool fits = evaluation.consistent && evaluation.peakBytes <= problem.budget;
    if (!fits) {
      Plan rebuilt = std::move(attempt);
      fits = planGreedyCombined(problem, points, attempt, &rebuilt);
      evaluation = evaluate(problem, points, attempt);
    }
    if (fits ? evaluation.stepSeconds() < best
             : !anyFits && slack == 0 && variant.data() == segments.data())
      plan = attempt;
    if (fits) {
      best = std::min(best, evaluation.stepSeconds());
      anyFits = true;
    }
  }
  return anyFits;
}
