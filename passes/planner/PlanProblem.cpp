//===- PlanProblem.cpp - Points of a problem and the price of a plan ------===//

#include "passes/planner/PlanProblem.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>

using namespace mlir::strata::planner;

//===----------------------------------------------------------------------===//
// Buckets
//===----------------------------------------------------------------------===//

Buckets::Buckets(const Problem &problem) : problem(problem) {
  double total = 0;
  for (double seconds : problem.stepSeconds)
    total += seconds;
  unsigned count = std::max<unsigned>(
      1, std::min<unsigned>(problem.numBuckets, problem.numSteps()));
  computeSeconds.assign(count, 0);
  double before = 0;
  for (double seconds : problem.stepSeconds) {
    unsigned bucket =
        total > 0 ? std::min<unsigned>(count - 1,
                                       static_cast<unsigned>(before / total *
                                                             count))
                  : 0;
    bucketOfStep.push_back(bucket);
    computeSeconds[bucket] += seconds;
    before += seconds;
  }
}

void Buckets::spread(int first, int last,
                     llvm::function_ref<void(unsigned, double)> add) const {
  first = std::clamp(first, 0, problem.numSteps() - 1);
  last = std::clamp(last, first, problem.numSteps() - 1);
  double window = 0;
  for (int step = first; step <= last; ++step)
    window += problem.stepSeconds[step];
  if (window <= 0) {
    add(bucketOfStep[first], 1.0);
    return;
  }
  // Consecutive steps mostly share a bucket: add once per bucket.
  unsigned bucket = bucketOfStep[first];
  double share = 0;
  for (int step = first; step <= last; ++step) {
    if (bucketOfStep[step] != bucket) {
      add(bucket, share);
      bucket = bucketOfStep[step];
      share = 0;
    }
    share += problem.stepSeconds[step] / window;
  }
  add(bucket, share);
}

double mlir::strata::planner::linkStall(const Problem &problem,
                                        double computeSeconds, double h2dBytes,
                                        double d2hBytes) {
  double need = 0;
  if (problem.h2dBytesPerSecond > 0)
    need = std::max(need, h2dBytes / problem.h2dBytesPerSecond);
  if (problem.d2hBytesPerSecond > 0)
    need = std::max(need, d2hBytes / problem.d2hBytesPerSecond);
  if (problem.duplexBytesPerSecond > 0)
    need = std::max(need, (h2dBytes + d2hBytes) / problem.duplexBytesPerSecond);
  return std::max(0.0, need - computeSeconds);
}

//===----------------------------------------------------------------------===//
// Points
//===----------------------------------------------------------------------===//

/// The first step from which the copy of `bytes` over a link of `bandwidth`
/// finishes by the start of `arrival`, counting back no further than
/// `earliest`.
static int prefetchStartFor(const Problem &problem, int64_t bytes,
                            int arrival, int earliest) {
  double needed = static_cast<double>(bytes) / problem.h2dBytesPerSecond;
  double covered = 0;
  int step = arrival;
  while (step > earliest && covered < needed) {
    --step;
    covered += problem.stepSeconds[step];
  }
  return step;
}

double PointSet::prefetchShortfall(const Problem &problem, int64_t bytes,
                                   int start, int arrival) const {
  double copySeconds = static_cast<double>(bytes) / problem.h2dBytesPerSecond;
  double windowSeconds = secondsBefore[arrival] - secondsBefore[start];
  return std::max(0.0, copySeconds - windowSeconds);
}

int PointSet::indexAt(int tensor, int step) const {
  const auto &tensorPoints = points[tensor];
  auto it = llvm::lower_bound(tensorPoints, step,
                              [](const Point &point, int s) {
                                return point.step < s;
                              });
  if (it == tensorPoints.end() || it->step != step)
    return -1;
  return it - tensorPoints.begin();
}

PointSet mlir::strata::planner::computePoints(const Problem &problem) {
  PointSet result;
  result.secondsBefore.assign(problem.numSteps() + 1, 0);
  for (int step = 0; step < problem.numSteps(); ++step)
    result.secondsBefore[step + 1] =
        result.secondsBefore[step] + problem.stepSeconds[step];
  size_t numTensors = problem.tensors.size();
  std::vector<std::map<int, Point>> byStep(numTensors);
  std::deque<std::pair<int, int>> worklist;

  auto request = [&](int tensor, int step, bool required, unsigned depth) {
    auto [it, inserted] =
        byStep[tensor].try_emplace(step, Point{step, required, depth});
    if (!inserted) {
      it->second.required |= required;
      if (depth >= it->second.depth)
        return;
      it->second.depth = depth;
    }
    worklist.emplace_back(tensor, step);
  };
  for (size_t index = 0; index < numTensors; ++index) {
    const Tensor &tensor = problem.tensors[index];
    request(index, tensor.producer, true, 0);
    for (int use : tensor.uses)
      request(index, use, true, 0);
  }
  // A segment's rebuild may recompute there, reaching one level further.
  unsigned rebuildDepth =
      problem.maxRecomputeDepth ? problem.maxRecomputeDepth - 1 : 0;
  for (auto [tensor, step] : problem.rebuildPoints)
    if (step > problem.tensors[tensor].producer)
      request(tensor, step, false, rebuildDepth);
  // A recomputation at step t reads its producer's inputs at t: each gets a
  // point there, which may itself be recomputed, up to the depth limit.
  while (!worklist.empty()) {
    auto [index, step] = worklist.front();
    worklist.pop_front();
    const Tensor &tensor = problem.tensors[index];
    const Point &point = byStep[index].at(step);
    if (!tensor.recomputable || step <= tensor.producer ||
        point.depth >= problem.maxRecomputeDepth)
      continue;
    for (int input : tensor.inputs)
      request(input, step, false, point.depth + 1);
  }

  result.points.resize(numTensors);
  result.offloadEnd.assign(numTensors, problem.numSteps());
  for (size_t index = 0; index < numTensors; ++index) {
    const Tensor &tensor = problem.tensors[index];
    auto &points = result.points[index];
    if (tensor.mayOffload && problem.d2hBytesPerSecond > 0) {
      double needed =
          static_cast<double>(tensor.bytes) / problem.d2hBytesPerSecond;
      int step = tensor.isArgument ? 0 : tensor.producer + 1;
      double covered = 0;
      for (; step < problem.numSteps(); ++step) {
        covered += problem.stepSeconds[step];
        if (covered >= needed)
          break;
      }
      result.offloadEnd[index] = step;
      // The HBM copy may go once the offload copy has landed: a point
      // there lets a plan drop it then, rather than only at its next use.
      int lastStep = byStep[index].empty() ? 0 : byStep[index].rbegin()->first;
      if (step < lastStep)
        byStep[index].try_emplace(
            step, Point{step, false, problem.maxRecomputeDepth});
    }
    for (auto &[step, point] : byStep[index])
      points.push_back(point);
    // A prefetch may start once the tensor is gone: after the last point
    // that needs it and after its offload copy has landed. The points in
    // between (where a recomputation could read it) are then absent.
    int previousRequired = points.empty() ? 0 : points[0].step;
    for (size_t k = 1; k < points.size(); ++k) {
      Point &point = points[k];
      point.mayRecompute = tensor.recomputable && !tensor.isArgument &&
                           point.depth < problem.maxRecomputeDepth &&
                           (tensor.mayEvict || !point.required);
      int held = std::max(previousRequired, result.offloadEnd[index]);
      bool evictable = tensor.mayEvict || !point.required;
      point.mayPrefetch = tensor.mayOffload && evictable &&
                          problem.h2dBytesPerSecond > 0 &&
                          point.step - held >= 2;
      if (point.required)
        previousRequired = point.step;
      if (point.mayPrefetch) {
        point.prefetchStart =
            prefetchStartFor(problem, tensor.bytes, point.step, held + 1);
        point.prefetchShortfall = result.prefetchShortfall(
            problem, tensor.bytes, point.prefetchStart, point.step);
      }
    }
  }
  return result;
}

//===----------------------------------------------------------------------===//
// Plans
//===----------------------------------------------------------------------===//

void mlir::strata::planner::dropUnusedOffloads(Plan &plan) {
  for (TensorPlan &tensorPlan : plan.tensors)
    if (tensorPlan.offload &&
        !llvm::is_contained(tensorPlan.restore, Restore::Prefetch))
      tensorPlan.offload = false;
}

Plan mlir::strata::planner::keepEverything(const Problem &problem,
                                           const PointSet &points) {
  Plan plan;
  plan.tensors.resize(problem.tensors.size());
  for (auto [index, tensorPlan] : llvm::enumerate(plan.tensors)) {
    const auto &tensorPoints = points.points[index];
    size_t lastRequired = 0;
    for (size_t k = 0; k < tensorPoints.size(); ++k)
      if (tensorPoints[k].required)
        lastRequired = k;
    tensorPlan.present.assign(tensorPoints.size(), 0);
    tensorPlan.kept.assign(tensorPoints.size() ? tensorPoints.size() - 1 : 0,
                           0);
    tensorPlan.restore.assign(tensorPoints.size(), Restore::None);
    tensorPlan.prefetchFrom.assign(tensorPoints.size(), -1);
    for (size_t k = 0; k <= lastRequired && k < tensorPoints.size(); ++k)
      tensorPlan.present[k] = 1;
    for (size_t k = 0; k < lastRequired; ++k)
      tensorPlan.kept[k] = 1;
  }
  return plan;
}

/// Prices the plan of tensor `index`: adds its scalars to `totals` and
/// reports its live ranges (`sink.live(first, last)`), its copies' bytes
/// per bucket (`sink.h2d(bucket, bytes)`, `sink.d2h(bucket, bytes)`) and
/// what makes it inconsistent (`sink.fail(why)`).
template <typename Sink>
static void priceTensor(const Problem &problem, const PointSet &points,
                        const Buckets &buckets, const Plan &plan, size_t index,
                        PriceTotals &totals, Sink &sink) {
  const Tensor &tensor = problem.tensors[index];
  const auto &tensorPoints = points.points[index];
  const TensorPlan &tensorPlan = plan.tensors[index];
  int64_t bytes = tensor.bytes;
  for (size_t k = 0; k < tensorPoints.size(); ++k) {
    const Point &point = tensorPoints[k];
    if (!tensorPlan.present[k]) {
      if (point.required)
        sink.fail("absent at a use, step " + std::to_string(point.step));
      if (tensorPlan.restore[k] != Restore::None)
        sink.fail("restored at step " + std::to_string(point.step) +
                  " where it is absent");
      continue;
    }
    sink.live(point.step, point.step);
    if (k == 0)
      continue;
    Restore restore = tensorPlan.restore[k];
    if (!tensorPlan.kept[k - 1] && restore == Restore::None)
      sink.fail("present at step " + std::to_string(point.step) +
                " but neither kept nor restored");
    if (restore == Restore::Recompute) {
      if (!point.mayRecompute)
        sink.fail("recomputed where it may not be");
      for (int input : tensor.inputs) {
        int at = points.indexAt(input, point.step);
        if (at < 0 || !plan.tensors[input].present[at])
          sink.fail("recomputed at step " + std::to_string(point.step) +
                    " without input " + std::to_string(input));
      }
      totals.recomputeSeconds += tensor.recomputeSeconds;
      totals.recomputeFlops += tensor.recomputeFlops;
      ++totals.numRecomputes;
    } else if (restore == Restore::Prefetch) {
      if (!point.mayPrefetch || !tensorPlan.offload)
        sink.fail("prefetched without an offloaded copy");
      // The copy runs while the tensor is away: after the last point
      // where it was present.
      size_t previous = k - 1;
      while (previous > 0 && !tensorPlan.present[previous])
        --previous;
      int start = tensorPlan.prefetchStart(point, k);
      if (start < tensorPoints[previous].step + 1 ||
          start > point.prefetchStart)
        sink.fail("prefetched over a window that does not fit its gap");
      sink.live(start, point.step - 1);
      totals.windowStallSeconds +=
          points.prefetchShortfall(problem, bytes, start, point.step);
      totals.h2dBytes += bytes;
      ++totals.numPrefetches;
      buckets.spread(start, point.step - 1, [&](unsigned b, double share) {
        sink.h2d(b, share * bytes);
      });
    }
  }
  for (size_t k = 0; k + 1 < tensorPoints.size(); ++k) {
    if (!tensorPlan.kept[k])
      continue;
    if (!tensorPlan.present[k] || !tensorPlan.present[k + 1])
      sink.fail("kept across a segment it is absent at");
    sink.live(tensorPoints[k].step + 1, tensorPoints[k + 1].step - 1);
  }
  if (tensorPlan.offload) {
    int end = points.offloadEnd[index];
    for (size_t k = 0; k + 1 < tensorPoints.size(); ++k)
      if (tensorPoints[k].step < end && !tensorPlan.kept[k] &&
          tensorPlan.present[k + 1])
        sink.fail("dropped before its offload copy finished");
    int start = tensor.isArgument ? 0 : tensor.producer + 1;
    buckets.spread(start, end, [&](unsigned b, double share) {
      sink.d2h(b, share * bytes);
    });
    totals.d2hBytes += bytes;
    totals.hostBytes += bytes;
  }
}

/// Completes `result` from the live bytes' differences between steps and
/// the bytes each link carries per bucket: live bytes and the peak, compute
/// and stall time, and the host capacity's check.
static void finishEvaluation(const Problem &problem, const Buckets &buckets,
                             llvm::ArrayRef<int64_t> delta,
                             Evaluation &result) {
  int numSteps = problem.numSteps();
  result.liveBytes.assign(numSteps, 0);
  result.peakBytes = 0;
  result.peakStep = 0;
  int64_t running = 0;
  for (int step = 0; step < numSteps; ++step) {
    running += delta[step];
    result.liveBytes[step] = running + problem.stepExtraBytes[step];
    if (result.liveBytes[step] > result.peakBytes) {
      result.peakBytes = result.liveBytes[step];
      result.peakStep = step;
    }
  }
  result.computeSeconds = 0;
  for (double seconds : problem.stepSeconds)
    result.computeSeconds += seconds;
  result.stallSeconds = result.windowStallSeconds +
                        result.h2dBytes * problem.h2dSlowdownSecondsPerByte +
                        result.d2hBytes * problem.d2hSlowdownSecondsPerByte;
  for (unsigned b = 0; b < buckets.size(); ++b)
    result.stallSeconds +=
        linkStall(problem, buckets.compute(b), result.h2dBucketBytes[b],
                  result.d2hBucketBytes[b]);
  if (result.hostBytes > problem.hostCapacity && result.hostBytes > 0 &&
      result.consistent) {
    result.consistent = false;
    result.inconsistency =
        "tensor 0: offloaded copies exceed the host capacity";
  }
}

Evaluation mlir::strata::planner::evaluate(const Problem &problem,
                                           const PointSet &points,
                                           const Plan &plan) {
  Evaluation result;
  Buckets buckets(problem);
  result.h2dBucketBytes.assign(buckets.size(), 0);
  result.d2hBucketBytes.assign(buckets.size(), 0);
  llvm::SmallVector<int64_t> delta(problem.numSteps() + 1, 0);
  struct Sink {
    Evaluation &result;
    llvm::SmallVector<int64_t> &delta;
    size_t tensor = 0;
    int64_t bytes = 0;
    void live(int first, int last) {
      if (first > last)
        return;
      delta[first] += bytes;
      delta[last + 1] -= bytes;
    }
    void h2d(unsigned bucket, double b) { result.h2dBucketBytes[bucket] += b; }
    void d2h(unsigned bucket, double b) { result.d2hBucketBytes[bucket] += b; }
    void fail(const std::string &why) {
      if (result.consistent)
        result.inconsistency = "tensor " + std::to_string(tensor) + ": " + why;
      result.consistent = false;
    }
  } sink{result, delta};
  for (size_t index = 0; index < problem.tensors.size(); ++index) {
    sink.tensor = index;
    sink.bytes = problem.tensors[index].bytes;
    priceTensor(problem, points, buckets, plan, index, result, sink);
  }
  finishEvaluation(problem, buckets, delta, result);
  return result;
}

llvm::SmallVector<LiveRun>
mlir::strata::planner::liveRuns(const Problem &problem, const PointSet &points,
                                const Plan &plan) {
  Buckets buckets(problem);
  llvm::SmallVector<LiveRun> runs;
  struct Sink {
    llvm::SmallVector<std::pair<int, int>> ranges;
    void live(int first, int last) {
      if (first <= last)
        ranges.push_back({first, last});
    }
    void h2d(unsigned, double) {}
    void d2h(unsigned, double) {}
    void fail(const std::string &) {}
  } sink;
  for (size_t index = 0; index < problem.tensors.size(); ++index) {
    sink.ranges.clear();
    PriceTotals totals;
    priceTensor(problem, points, buckets, plan, index, totals, sink);
    llvm::sort(sink.ranges);
    size_t firstRun = runs.size();
    for (auto [first, last] : sink.ranges) {
      if (runs.size() > firstRun && first <= runs.back().last + 1)
        runs.back().last = std::max(runs.back().last, last);
      else
        runs.push_back({int(index), first, last});
    }
  }
  return runs;
}

//===----------------------------------------------------------------------===//
// PlanEvaluator
//===----------------------------------------------------------------------===//

PlanEvaluator::PlanEvaluator(const Problem &problem, const PointSet &points,
                             const Plan &plan)
    : problem(problem), points(points), buckets(problem),
      prices(problem.tensors.size()), readers(problem.tensors.size()),
      delta(problem.numSteps() + 1, 0) {
  for (auto [index, tensor] : llvm::enumerate(problem.tensors))
    for (int input : tensor.inputs)
      if (readers[input].empty() || readers[input].back() != int(index))
        readers[input].push_back(index);
  for (size_t index = 0; index < problem.tensors.size(); ++index) {
    price(plan, index);
    addRanges(index, 1);
  }
  finish();
}

void PlanEvaluator::price(const Plan &plan, int tensor) {
  TensorPrice &tensorPrice = prices[tensor];
  tensorPrice = TensorPrice();
  struct Sink {
    TensorPrice &price;
    void live(int first, int last) {
      if (first <= last)
        price.ranges.push_back({first, last});
    }
    void h2d(unsigned bucket, double b) { price.h2d.push_back({bucket, b}); }
    void d2h(unsigned bucket, double b) { price.d2h.push_back({bucket, b}); }
    void fail(const std::string &why) {
      if (price.inconsistency.empty())
        price.inconsistency = why;
    }
  } sink{tensorPrice};
  priceTensor(problem, points, buckets, plan, tensor, tensorPrice.totals, sink);
}

void PlanEvaluator::addRanges(int tensor, int64_t sign) {
  int64_t bytes = sign * problem.tensors[tensor].bytes;
  for (auto [first, last] : prices[tensor].ranges) {
    delta[first] += bytes;
    delta[last + 1] -= bytes;
  }
}

void PlanEvaluator::update(const Plan &plan, llvm::ArrayRef<int> tensors) {
  // A recomputation's consistency depends on its inputs' plans.
  llvm::SmallVector<int> changed(tensors.begin(), tensors.end());
  for (int tensor : tensors)
    changed.append(readers[tensor].begin(), readers[tensor].end());
  llvm::sort(changed);
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  for (int tensor : changed) {
    addRanges(tensor, -1);
    price(plan, tensor);
    addRanges(tensor, 1);
  }
  finish();
}

void PlanEvaluator::finish() {
  Evaluation result;
  result.h2dBucketBytes.assign(buckets.size(), 0);
  result.d2hBucketBytes.assign(buckets.size(), 0);
  // In tensor order, as `evaluate` adds them.
  for (auto [index, tensorPrice] : llvm::enumerate(prices)) {
    result += tensorPrice.totals;
    for (auto [bucket, bytes] : tensorPrice.h2d)
      result.h2dBucketBytes[bucket] += bytes;
    for (auto [bucket, bytes] : tensorPrice.d2h)
      result.d2hBucketBytes[bucket] += bytes;
    if (result.consistent && !tensorPrice.inconsistency.empty()) {
      result.consistent = false;
      result.inconsistency =
          "tensor " + std::to_string(index) + ": " + tensorPrice.inconsistency;
    }
  }
  finishEvaluation(problem, buckets, delta, result);
  current = std::move(result);
}
