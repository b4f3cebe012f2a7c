//===- Heuristics.cpp - Greedy plans that seed the MIP or stand alone -----===//
//
// All three work on gaps: the stretch between two points of a tensor where
// something needs it (a use, or a recomputation that reads it), kept in HBM
// throughout in the plan that keeps everything. Dropping a gap frees the
// tensor's bytes at every step strictly inside it, at the price of bringing
// it back at the gap's end: by recomputation, or by a prefetch from a copy
// offloaded after production.

#include "passes/planner/PlanProblem.h"

#include "llvm/ADT/ArrayRef.h"

#include <algorithm>
#include <limits>

using namespace mlir::strata::planner;
using llvm::ArrayRef;
using llvm::SmallVector;

namespace {

/// An input at least this many times smaller than the tensor a
/// recomputation rebuilds is kept for it rather than recomputed: it costs
/// next to no memory, and rebuilding it may mean reading a tensor as large
/// as the one rebuilt.
constexpr int64_t kKeptInputShare = 64;

struct Gap {
  int tensor;
  /// Points at the gap's ends: needed at both, kept in between.
  int from, to;
  Restore restore;
  /// For a recomputation: inputs absent at that step, recomputed there
  /// first (tensor, point), producers before consumers.
  SmallVector<std::pair<int, int>> chain;
  /// For a prefetch: the step its copy starts; -1 for the latest start.
  int prefetchFrom = -1;
  /// For a recomputation: inputs absent at that step but small beside the
  /// tensor, kept from the last point they were present at to that one
  /// (tensor, point) instead of recomputed.
  SmallVector<std::pair<int, int>> keptInputs;
};

class GreedyPlanner {
public:
  /// Starts from `base` (the plan that keeps everything when null); its
  /// recomputations' inputs are needed where they read them.
  GreedyPlanner(const Problem &problem, const PointSet &points,
                double prefetchCostScale, const Plan *base)
      : plan(base ? *base : keepEverything(problem, points)), problem(problem),
        points(points), evaluator(problem, points, plan), buckets(problem),
        prefetchCostScale(prefetchCostScale) {
    neededBy.resize(problem.tensors.size());
    for (auto [index, tensorPoints] : llvm::enumerate(points.points))
      neededBy[index].assign(tensorPoints.size(), 0);
    for (auto [index, tensorPoints] : llvm::enumerate(points.points))
      for (size_t k = 0; k < tensorPoints.size(); ++k)
        if (plan.tensors[index].restore[k] == Restore::Recompute)
          for (int input : problem.tensors[index].inputs)
            ++neededBy[input][points.indexAt(input, tensorPoints[k].step)];
    baseNeededBy = neededBy;
    basePlan = plan;
  }

  /// Drops gaps until the peak fits, trying the restores allowed;
  /// `offloadOrder` switches from "most bytes freed per second at the peak"
  /// to one pass over every prefetchable gap by size x idle time.
  bool run(bool allowRecompute, bool allowPrefetch, bool offloadOrder);

  /// Once the plan fits, takes back the decisions that later ones made
  /// unnecessary, costliest first: each is dropped when the plan without
  /// it is still consistent and within the budget.
  void prune();

  Plan plan;

private:
  /// Whether point `k` of `tensor` must be present for a reason other than
  /// being kept through.
  bool needed(int tensor, size_t k) const {
    return points.points[tensor][k].required || neededBy[tensor][k] > 0;
  }
  /// The gaps kept across `step` that could be dropped.
  SmallVector<Gap> gapsAround(const Evaluation &evaluation, bool allowRecompute,
                              bool allowPrefetch) const;
  /// Fills the gap's recompute chain; false when an input can be neither
  /// found present nor recomputed within the depth limit.
  bool canRestore(Gap &gap) const;
  bool addChain(int tensor, int step, unsigned depth, Gap &gap) const;
  /// Keeps `input` from the last point before `k` it is present at through
  /// `k`. (`addChain` chose it because there is one; a replay that left out
  /// the decision making it present leaves it absent, and the evaluation
  /// flags the plan, as it does a chain's missing input.)
  void keepThrough(int input, int k);
  /// Whether point `k` of `tensor` lies in the window of a prefetch into a
  /// later point: the tensor may not be present there.
  bool inPrefetchWindow(int tensor, int k) const;
  double cost(const Gap &gap, const Evaluation &evaluation) const;
  void apply(const Gap &gap);
  /// Applies `gap` and prices the tensors it changed.
  void take(const Gap &gap);
  /// The tensors whose plans `gap` changes.
  static SmallVector<int> changedBy(const Gap &gap);
  int inputPoint(int input, int step) const {
    return points.indexAt(input, step);
  }

  /// Rebuilds the plan from the one the run started from and `gaps`, a
  /// subset of the decisions taken, in their order.
  void replay(ArrayRef<Gap> gaps);

  const Problem &problem;
  const PointSet &points;
  /// Prices the plan as it changes.
  PlanEvaluator evaluator;
  Buckets buckets;
  /// Weight of a prefetch's stall against a recomputation's time when
  /// choosing: the stall estimate is local to a few buckets and ignores
  /// the copies later decisions will add.
  double prefetchCostScale;
  std::vector<SmallVector<int>> neededBy;
  /// The plan and needs the run started from.
  Plan basePlan;
  std::vector<SmallVector<int>> baseNeededBy;
  /// The decisions taken, in order, with the time each was priced at.
  SmallVector<std::pair<Gap, double>> applied;
};

} // namespace

SmallVector<Gap> GreedyPlanner::gapsAround(const Evaluation &evaluation,
                                           bool allowRecompute,
                                           bool allowPrefetch) const {
  int step = evaluation.peakStep;
  SmallVector<Gap> gaps;
  for (auto [index, tensor] : llvm::enumerate(problem.tensors)) {
    const auto &tensorPoints = points.points[index];
    const TensorPlan &tp = plan.tensors[index];
    // The kept run through `step`, between two needed points.
    auto after =
        llvm::upper_bound(tensorPoints, step, [](int s, const Point &point) {
          return s < point.step;
        });
    // Not live at `step`: produced after it, or last needed before it.
    if (after == tensorPoints.begin())
      continue;
    size_t k = std::distance(tensorPoints.begin(), after) - 1;
    if (k + 1 >= tensorPoints.size() || !tp.kept[k])
      continue;
    // A point at the step itself is fine when nothing needs the tensor
    // there: the run is kept through it.
    if (tensorPoints[k].step == step &&
        (needed(index, k) || k == 0 || !tp.kept[k - 1]))
      continue;
    int from = k, to = k + 1;
    while (from > 0 && !needed(index, from) && tp.kept[from - 1])
      --from;
    while (to + 1 < static_cast<int>(tensorPoints.size()) &&
           !needed(index, to) && tp.kept[to])
      ++to;
    if (!needed(index, from) || !needed(index, to))
      continue;
    const Point &end = tensorPoints[to];
    bool evictable = tensor.mayEvict || !end.required;
    if (!evictable)
      continue;
    if (allowRecompute && end.mayRecompute)
      gaps.push_back({int(index), from, to, Restore::Recompute});
    if (allowPrefetch && end.mayPrefetch && end.prefetchStart > step) {
      // The HBM copy stays until the offload copy has landed.
      int dropFrom = from;
      while (dropFrom < to &&
             tensorPoints[dropFrom].step < points.offloadEnd[index])
        ++dropFrom;
      if (dropFrom < to && tensorPoints[dropFrom].step < step) {
        // The latest window, and earlier ones that spread the copy over
        // more compute when the links are busy, as long as the tensor is
        // still away at `step`.
        int latest = end.prefetchStart;
        int length = std::max(1, end.step - latest);
        SmallVector<int> starts;
        for (int multiple : {0, 1, 3}) {
          int start = std::max(latest - multiple * length,
                               tensorPoints[dropFrom].step + 1);
          if (start <= step || llvm::is_contained(starts, start))
            continue;
          // An earlier start must not push another step over the budget.
          bool fits = true;
          for (int s = start; s < latest && fits; ++s)
            fits = evaluation.liveBytes[s] + tensor.bytes <= problem.budget;
          if (fits || start == latest)
            starts.push_back(start);
        }
        for (int start : starts) {
          Gap gap{int(index), dropFrom, to, Restore::Prefetch, {}, -1};
          if (start != latest)
            gap.prefetchFrom = start;
          gaps.push_back(gap);
        }
      }
    }
  }
  return gaps;
}

bool GreedyPlanner::addChain(int tensor, int step, unsigned depth,
                             Gap &gap) const {
  for (int input : problem.tensors[tensor].inputs) {
    int k = inputPoint(input, step);
    if (k < 0)
      return false;
    std::pair<int, int> at(input, k);
    if (plan.tensors[input].present[k] || llvm::is_contained(gap.chain, at) ||
        llvm::is_contained(gap.keptInputs, at))
      continue;
    // Inside a prefetch's window the input may be neither kept nor rebuilt.
    if (inPrefetchWindow(input, k))
      return false;
    // A small input (a softmax's row maxima beside its probabilities) is
    // kept rather than read again from the large tensor it reduced.
    if (problem.tensors[input].bytes * kKeptInputShare <=
            problem.tensors[gap.tensor].bytes &&
        llvm::any_of(ArrayRef(plan.tensors[input].present).take_front(k),
                     [](uint8_t present) { return present; })) {
      gap.keptInputs.push_back(at);
      continue;
    }
    const Point &point = points.points[input][k];
    if (!point.mayRecompute || depth + 1 >= problem.maxRecomputeDepth ||
        !addChain(input, step, depth + 1, gap))
      return false;
    gap.chain.push_back(at);
  }
  return true;
}

void GreedyPlanner::keepThrough(int input, int k) {
  TensorPlan &tp = plan.tensors[input];
  int from = k - 1;
  while (from >= 0 && !tp.present[from])
    --from;
  if (from < 0)
    return;
  for (int segment = from; segment < k; ++segment)
    tp.kept[segment] = 1;
  for (int point = from + 1; point <= k; ++point)
    tp.present[point] = 1;
}

bool GreedyPlanner::inPrefetchWindow(int tensor, int k) const {
  const TensorPlan &tp = plan.tensors[tensor];
  const auto &tensorPoints = points.points[tensor];
  for (size_t later = k + 1; later < tensorPoints.size(); ++later) {
    if (!tp.present[later])
      continue;
    return tp.restore[later] == Restore::Prefetch &&
           tp.prefetchStart(tensorPoints[later], later) <= tensorPoints[k].step;
  }
  return false;
}

bool GreedyPlanner::canRestore(Gap &gap) const {
  if (gap.restore != Restore::Recompute)
    return true;
  gap.chain.clear();
  gap.keptInputs.clear();
  const Point &end = points.points[gap.tensor][gap.to];
  return addChain(gap.tensor, end.step, end.depth, gap);
}

double GreedyPlanner::cost(const Gap &gap,
                           const Evaluation &evaluation) const {
  const Tensor &tensor = problem.tensors[gap.tensor];
  if (gap.restore == Restore::Recompute) {
    double seconds = tensor.recomputeSeconds;
    for (auto [input, k] : gap.chain)
      seconds += problem.tensors[input].recomputeSeconds;
    return seconds;
  }
  // Extra stall in the buckets the two copies touch.
  SmallVector<double> h2d(evaluation.h2dBucketBytes);
  SmallVector<double> d2h(evaluation.d2hBucketBytes);
  SmallVector<unsigned> touched;
  const Point &end = points.points[gap.tensor][gap.to];
  int start = gap.prefetchFrom >= 0 ? gap.prefetchFrom : end.prefetchStart;
  buckets.spread(start, end.step - 1,
                 [&](unsigned b, double share) {
                   h2d[b] += share * tensor.bytes;
                   touched.push_back(b);
                 });
  if (!plan.tensors[gap.tensor].offload)
    buckets.spread(tensor.isArgument ? 0 : tensor.producer + 1,
                   points.offloadEnd[gap.tensor],
                   [&](unsigned b, double share) {
                     d2h[b] += share * tensor.bytes;
                     touched.push_back(b);
                   });
  llvm::sort(touched);
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  double extra =
      points.prefetchShortfall(problem, tensor.bytes, start, end.step) +
      tensor.bytes * problem.h2dSlowdownSecondsPerByte;
  if (!plan.tensors[gap.tensor].offload)
    extra += tensor.bytes * problem.d2hSlowdownSecondsPerByte;
  for (unsigned b : touched)
    extra += linkStall(problem, buckets.compute(b), h2d[b], d2h[b]) -
             linkStall(problem, buckets.compute(b),
                       evaluation.h2dBucketBytes[b],
                       evaluation.d2hBucketBytes[b]);
  return extra;
}

void GreedyPlanner::apply(const Gap &gap) {
  TensorPlan &tp = plan.tensors[gap.tensor];
  for (int k = gap.from; k < gap.to; ++k)
    tp.kept[k] = 0;
  for (int k = gap.from + 1; k < gap.to; ++k)
    tp.present[k] = 0;
  tp.restore[gap.to] = gap.restore;
  if (gap.restore == Restore::Prefetch) {
    tp.offload = true;
    tp.prefetchFrom[gap.to] = gap.prefetchFrom;
  }
  if (gap.restore == Restore::Recompute) {
    int step = points.points[gap.tensor][gap.to].step;
    auto markInputs = [&](int tensor) {
      for (int input : problem.tensors[tensor].inputs)
        ++neededBy[input][inputPoint(input, step)];
    };
    markInputs(gap.tensor);
    for (auto [input, k] : gap.keptInputs)
      keepThrough(input, k);
    for (auto [input, k] : gap.chain) {
      plan.tensors[input].present[k] = 1;
      plan.tensors[input].restore[k] = Restore::Recompute;
      markInputs(input);
    }
  }
}

SmallVector<int> GreedyPlanner::changedBy(const Gap &gap) {
  SmallVector<int> tensors = {gap.tensor};
  for (auto [input, k] : gap.chain)
    tensors.push_back(input);
  for (auto [input, k] : gap.keptInputs)
    tensors.push_back(input);
  return tensors;
}

void GreedyPlanner::take(const Gap &gap) {
  apply(gap);
  evaluator.update(plan, changedBy(gap));
}

bool GreedyPlanner::run(bool allowRecompute, bool allowPrefetch,
                        bool offloadOrder) {
  if (offloadOrder) {
    // Every prefetchable gap of the plan that keeps everything, largest
    // bytes x idle time first, taken while it lowers a step over budget.
    struct Scored {
      Gap gap;
      double score;
    };
    SmallVector<Scored> candidates;
    for (auto [index, tensorPoints] : llvm::enumerate(points.points))
      for (size_t k = 0; k + 1 < tensorPoints.size(); ++k) {
        const Point &end = tensorPoints[k + 1];
        if (!plan.tensors[index].kept[k] || !end.mayPrefetch ||
            tensorPoints[k].step < points.offloadEnd[index] ||
            !plan.tensors[index].present[k])
          continue;
        double idle = 0;
        for (int step = tensorPoints[k].step + 1; step < end.step; ++step)
          idle += problem.stepSeconds[step];
        candidates.push_back(
            {{int(index), int(k), int(k + 1), Restore::Prefetch},
             problem.tensors[index].bytes * idle});
      }
    llvm::stable_sort(candidates, [](const Scored &a, const Scored &b) {
      return a.score > b.score;
    });
    const Evaluation &evaluation = evaluator.evaluation();
    for (const Scored &candidate : candidates) {
      if (evaluation.peakBytes <= problem.budget)
        return true;
      const auto &tensorPoints = points.points[candidate.gap.tensor];
      bool helps = false;
      for (int step = tensorPoints[candidate.gap.to].prefetchStart - 1;
           step > tensorPoints[candidate.gap.from].step && !helps; --step)
        helps = evaluation.liveBytes[step] > problem.budget;
      if (!helps)
        continue;
      apply(candidate.gap);
      applied.push_back({candidate.gap, cost(candidate.gap, evaluation)});
      evaluator.update(plan, changedBy(candidate.gap));
    }
    return evaluation.peakBytes <= problem.budget;
  }

  // A restore can raise the peak elsewhere (the inputs a recomputation
  // needs), so a run that gets stuck may end above a plan it passed: the
  // lowest one is its best attempt.
  // The lowest is the plan after its first `lowestTaken` decisions.
  size_t lowestTaken = 0;
  int64_t lowestPeak = std::numeric_limits<int64_t>::max();
  while (true) {
    const Evaluation &evaluation = evaluator.evaluation();
    if (evaluation.peakBytes <= problem.budget)
      return true;
    if (evaluation.consistent && evaluation.peakBytes < lowestPeak) {
      lowestPeak = evaluation.peakBytes;
      lowestTaken = applied.size();
    }
    const Gap *best = nullptr;
    double bestScore = -1;
    SmallVector<Gap> gaps =
        gapsAround(evaluation, allowRecompute, allowPrefetch);
    for (Gap &gap : gaps) {
      if (!canRestore(gap))
        continue;
      double seconds = cost(gap, evaluation);
      if (gap.restore == Restore::Prefetch)
        seconds *= prefetchCostScale;
      seconds = std::max(seconds, 1e-9);
      double score = problem.tensors[gap.tensor].bytes / seconds;
      if (score > bestScore) {
        bestScore = score;
        best = &gap;
      }
    }
    if (!best) {
      // A plan that does not fit is never pruned: the run ends on the
      // lowest plan it passed, its first decisions replayed.
      if (lowestPeak != std::numeric_limits<int64_t>::max()) {
        SmallVector<Gap> taken;
        for (size_t i = 0; i < lowestTaken; ++i)
          taken.push_back(applied[i].first);
        replay(taken);
      }
      return false;
    }
    applied.push_back({*best, cost(*best, evaluation)});
    take(*best);
  }
}

void GreedyPlanner::replay(ArrayRef<Gap> gaps) {
  plan = basePlan;
  neededBy = baseNeededBy;
  for (const Gap &gap : gaps)
    apply(gap);
}

void GreedyPlanner::prune() {
  SmallVector<unsigned> order;
  for (unsigned i = 0; i < applied.size(); ++i)
    order.push_back(i);
  llvm::stable_sort(order, [&](unsigned a, unsigned b) {
    return applied[a].second > applied[b].second;
  });
  SmallVector<bool> kept(applied.size(), true);
  auto current = [&](int skip) {
    SmallVector<Gap> gaps;
    for (unsigned i = 0; i < applied.size(); ++i)
      if (kept[i] && static_cast<int>(i) != skip)
        gaps.push_back(applied[i].first);
    return gaps;
  };
  // The evaluator follows the replays: each differs from the one before
  // in the decision it leaves out and the one the one before left out.
  int previous = -1;
  for (unsigned index : order) {
    if (applied[index].second <= 0)
      continue;
    replay(current(index));
    SmallVector<int> changed = changedBy(applied[index].first);
    if (previous >= 0)
      llvm::append_range(changed, changedBy(applied[previous].first));
    evaluator.update(plan, changed);
    const Evaluation &evaluation = evaluator.evaluation();
    if (evaluation.consistent && evaluation.peakBytes <= problem.budget)
      kept[index] = false;
    previous = index;
  }
  replay(current(-1));
}

/// One greedy run, pruned when it fits.
static bool planGreedy(const Problem &problem, const PointSet &points,
                       Plan &plan, bool allowRecompute, bool allowPrefetch,
                       bool offloadOrder, double prefetchCostScale = 1.0,
                       const Plan *base = nullptr) {
  GreedyPlanner greedy(problem, points, prefetchCostScale, base);
  bool fits = greedy.run(allowRecompute, allowPrefetch, offloadOrder);
  if (fits)
    greedy.prune();
  plan = std::move(greedy.plan);
  return fits;
}

bool mlir::strata::planner::planGreedyOffload(const Problem &problem,
                                              const PointSet &points,
                                              Plan &plan) {
  return planGreedy(problem, points, plan, false, true, true);
}

bool mlir::strata::planner::planGreedyRecompute(const Problem &problem,
                                                const PointSet &points,
                                                Plan &plan) {
  return planGreedy(problem, points, plan, true, false, false);
}

bool mlir::strata::planner::planGreedyCombined(const Problem &problem,
                                               const PointSet &points,
                                               Plan &plan, const Plan *base) {
  // The balance between copies and recomputation that the local stall
  // estimate strikes is rarely the best one: try a few and keep the
  // fastest plan that fits.
  // When none fits, the balanced attempt (scale 1) is the one reported:
  // the other scales may reach lower peaks with far more copies, which the
  // allocator fragments (gpt2_medium's smallest plan needs 2 GiB more arena
  // than its peak with them).
  bool anyFits = false;
  double best = std::numeric_limits<double>::infinity();
  plan = Plan();
  // From a base plan (a checkpointed one, tried in several variants by
  // its caller) the balanced scale alone: the others cost as much again
  // each, and the variants already vary the plan.
  SmallVector<double> scales = {1.0, 0.25, 4.0, 16.0};
  if (base)
    scales = {1.0};
  for (double scale : scales) {
    Plan attempt;
    bool fits =
        planGreedy(problem, points, attempt, true, true, false, scale, base);
    Evaluation evaluation = evaluate(problem, points, attempt);
    bool better = fits ? evaluation.stepSeconds() < best
                       : !anyFits && plan.tensors.empty();
    if (better) {
      plan = std::move(attempt);
      if (fits)
        best = evaluation.stepSeconds();
    }
    anyFits |= fits;
  }
  return anyFits;
}
