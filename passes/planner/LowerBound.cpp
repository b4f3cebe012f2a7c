//===- LowerBound.cpp - A bound no plan of the problem can beat -----------===//

#include "passes/planner/LowerBound.h"

#include "llvm/ADT/DenseMap.h"

#include <algorithm>
#include <limits>

using namespace mlir::strata::planner;
using llvm::SmallVector;

namespace {

/// Bytes that some restore can bring back at a price per byte.
struct Offer {
  double secondsPerByte;
  double bytes;
};

/// The cheapest way to free `excess` bytes from `offers`, split
/// fractionally; infinity when they do not add up to it.
double cheapestCover(SmallVector<Offer> &offers, double excess) {
  llvm::sort(offers, [](const Offer &a, const Offer &b) {
    return a.secondsPerByte < b.secondsPerByte;
  });
  double seconds = 0;
  for (const Offer &offer : offers) {
    double taken = std::min(offer.bytes, excess);
    seconds += taken * offer.secondsPerByte;
    excess -= taken;
    if (excess <= 0)
      return seconds;
  }
  return std::numeric_limits<double>::infinity();
}

SmallVector<int> uniqueInputs(const Tensor &tensor) {
  SmallVector<int> inputs(tensor.inputs.begin(), tensor.inputs.end());
  llvm::sort(inputs);
  inputs.erase(std::unique(inputs.begin(), inputs.end()), inputs.end());
  return inputs;
}

/// What recomputing `tensor` after `step` must also spend on inputs that
/// are gone by then: an input no larger-than-`tensor` saving can hold.
///
/// An input that died before `step` (its last read came earlier) and is at
/// least as large as `tensor` must be present when `tensor` is rebuilt.
/// Kept across `step` instead, it would take as many bytes as rebuilding
/// `tensor` frees; offloaded and prefetched, it would load the links with
/// more bytes than offloading `tensor` itself (where `tensor` may be
/// offloaded). So it is recomputed too, at least at its producer's time.
/// An input read by the producers of other tensors away at `step` could be
/// rebuilt once for all of them, or kept for all of them at a profit: it
/// adds nothing.
double inputsRebuiltSeconds(const Problem &problem, const Tensor &tensor,
                            int step,
                            const llvm::DenseMap<int, int> &awayReaders,
                            bool linksCarry) {
  double seconds = 0;
  for (int index : uniqueInputs(tensor)) {
    const Tensor &input = problem.tensors[index];
    bool deadAtStep = input.producer < step &&
                      (input.uses.empty() || input.uses.back() < step);
    bool offloadInstead = linksCarry && input.mayOffload && !tensor.mayOffload;
    if (input.isArgument || !input.recomputable || input.bytes < tensor.bytes ||
        !deadAtStep || offloadInstead || awayReaders.lookup(index) != 1)
      continue;
    seconds += input.recomputeSeconds;
  }
  return seconds;
}

} // namespace

double mlir::strata::planner::addedSecondsLowerBound(const Problem &problem,
                                                     const PointSet &points) {
  return addedSecondsLowerBound(
      problem, points,
      evaluate(problem, points, keepEverything(problem, points)));
}

double
mlir::strata::planner::addedSecondsLowerBound(const Problem &problem,
                                              const PointSet &points,
                                              const Evaluation &unconstrained) {
  if (unconstrained.peakBytes <= problem.budget)
    return 0;
  int numSteps = problem.numSteps();

  // Where each tensor may be away: strictly between two steps that read it
  // (or produce it), when it may leave HBM at all and some restore exists.
  struct Away {
    int first, last;
    int tensor;
  };
  SmallVector<Away> stretches;
  for (auto [index, tensor] : llvm::enumerate(problem.tensors)) {
    bool canOffload = tensor.mayOffload && problem.d2hBytesPerSecond > 0 &&
                      problem.h2dBytesPerSecond > 0;
    bool canRecompute = tensor.recomputable && !tensor.isArgument;
    if (!tensor.mayEvict || (!canOffload && !canRecompute))
      continue;
    int previous = -1;
    for (const Point &point : points.points[index]) {
      if (!point.required)
        continue;
      if (previous >= 0 && point.step - previous >= 2)
        stretches.push_back({previous + 1, point.step - 1, int(index)});
      previous = point.step;
    }
  }
  SmallVector<SmallVector<int>> awayAt(numSteps);
  for (const Away &away : stretches)
    for (int step = away.first; step <= away.last; ++step)
      if (unconstrained.liveBytes[step] > problem.budget)
        awayAt[step].push_back(away.tensor);

  // Link time the compute hides: up to a step's bucket for the offloads
  // that must have landed by then, from it on for the prefetches.
  Buckets buckets(problem);
  SmallVector<double> computeThrough(buckets.size(), 0);
  double total = 0;
  for (unsigned b = 0; b < buckets.size(); ++b) {
    total += buckets.compute(b);
    computeThrough[b] = total;
  }

  bool linksCarry =
      problem.d2hBytesPerSecond > 0 && problem.h2dBytesPerSecond > 0;
  double bound = 0;
  for (int step = 0; step < numSteps; ++step) {
    double excess =
        static_cast<double>(unconstrained.liveBytes[step] - problem.budget);
    if (excess <= 0)
      continue;
    llvm::DenseMap<int, int> awayReaders;
    for (int index : awayAt[step])
      for (int input : uniqueInputs(problem.tensors[index]))
        ++awayReaders[input];
    SmallVector<Offer> offers;
    double offloadable = 0;
    for (int index : awayAt[step]) {
      const Tensor &tensor = problem.tensors[index];
      // A tensor is rebuilt whole: more than the excess is worth no more
      // than the excess (which keeps the fractional cover tight).
      if (tensor.recomputable && !tensor.isArgument) {
        double bytes = std::min<double>(tensor.bytes, excess);
        double seconds = tensor.recomputeSeconds +
                         inputsRebuiltSeconds(problem, tensor, step,
                                              awayReaders, linksCarry);
        offers.push_back({seconds / bytes, bytes});
      }
      if (tensor.mayOffload)
        offloadable += tensor.bytes;
    }
    if (offloadable > 0 && linksCarry) {
      unsigned bucket = buckets.bucketOf(step);
      double before = computeThrough[bucket];
      double after = total - (bucket ? computeThrough[bucket - 1] : 0);
      double d2hFree = problem.d2hBytesPerSecond * before;
      double h2dFree = problem.h2dBytesPerSecond * after;
      // The links stall at least as long as the busier one's overflow:
      // hidden up to the smaller capacity, then that link's time per byte.
      // Every byte away is copied out and back, slowing the compute.
      double hidden = std::min(d2hFree, h2dFree);
      double slowdown =
          problem.d2hSlowdownSecondsPerByte + problem.h2dSlowdownSecondsPerByte;
      double overflow = 1 / (d2hFree < h2dFree ? problem.d2hBytesPerSecond
                                               : problem.h2dBytesPerSecond);
      offers.push_back({slowdown, std::min(hidden, offloadable)});
      if (offloadable > hidden)
        offers.push_back({overflow + slowdown, offloadable - hidden});
    }
    bound = std::max(bound, cheapestCover(offers, excess));
  }
  return bound;
}
