//===- PlannerTest.cpp - The planning problem, its prices and its solvers -===//
//
// Small problems written by hand, whose best plans are known, for the parts
// of the planner that do not need IR: points, evaluation, the heuristics
// and the MIP.

#include "passes/planner/LowerBound.h"
#include "passes/planner/PlanProblem.h"

#include <gtest/gtest.h>

#include <limits>

using namespace mlir::strata::planner;

namespace {

/// A chain of `steps` steps of 1 ms each: tensor 0 (`bytes`) is produced at
/// step 0 and read at step 1 and at the last step; tensor i (i >= 1) is
/// produced at step i, read at step i + 1, and holds `other` bytes.
Problem chain(int steps, int64_t bytes, int64_t other) {
  Problem problem;
  problem.stepSeconds.assign(steps, 1e-3);
  problem.stepExtraBytes.assign(steps, 0);
  problem.hostCapacity = 1 << 30;
  Tensor first;
  first.bytes = bytes;
  first.producer = 0;
  first.uses = {1, steps - 1};
  first.mayEvict = first.mayOffload = true;
  problem.tensors.push_back(first);
  for (int step = 1; step < steps - 1; ++step) {
    Tensor tensor;
    tensor.bytes = other;
    tensor.producer = step;
    tensor.uses = {step + 1};
    problem.tensors.push_back(tensor);
  }
  return problem;
}

/// Adds a 1000-byte tensor produced at step 4 and read at step 5, which no
/// plan may move: it is what pushes the peak over the budget.
void addMiddle(Problem &problem) {
  Tensor middle;
  middle.bytes = 1000;
  middle.producer = 4;
  middle.uses = {5};
  problem.tensors.push_back(middle);
}

/// Tensor 1 (big) is produced from tensor 0 (small, kept to the end) at
/// step 1 and read at steps 2 and 7: under a 1500-byte budget it cannot
/// stay across the middle tensor's steps, and no copy link exists, so it
/// must be rebuilt at step 7.
Problem recomputable() {
  Problem problem;
  problem.stepSeconds.assign(8, 1e-3);
  problem.stepExtraBytes.assign(8, 0);
  Tensor input;
  input.bytes = 10;
  input.uses = {1, 7};
  problem.tensors.push_back(input);
  Tensor big;
  big.bytes = 1000;
  big.producer = 1;
  big.uses = {2, 7};
  big.inputs = {0};
  big.recomputable = true;
  big.recomputeSeconds = 2e-4;
  big.mayEvict = true;
  problem.tensors.push_back(big);
  addMiddle(problem);
  return problem;
}

/// The MIP's plan for `problem`, solved from `start` (none: from scratch)
/// within 10 s, evaluated; `report` gets the solver's report when given.
Evaluation solvedByMip(const Problem &problem, const PointSet &points,
                       const Plan *start = nullptr,
                       SolverReport *report = nullptr) {
  MipOptions options;
  options.timeLimitSeconds = 10;
  options.start = start;
  Plan mip;
  SolverReport ignored;
  EXPECT_TRUE(
      solveMip(problem, points, options, mip, report ? *report : ignored));
  return evaluate(problem, points, mip);
}

TEST(PlannerTest, PointsAreProductionUsesAndOffloadEnd) {
  Problem problem = chain(6, 1000, 10);
  problem.d2hBytesPerSecond = 1e6; // the copy takes 1 ms: one step
  problem.h2dBytesPerSecond = 1e6;
  PointSet points = computePoints(problem);
  std::vector<int> steps;
  for (const Point &point : points.points[0])
    steps.push_back(point.step);
  // Production, first use (which is also where the copy lands), last use.
  EXPECT_EQ(steps, (std::vector<int>{0, 1, 5}));
  EXPECT_EQ(points.offloadEnd[0], 1);
  EXPECT_TRUE(points.points[0][2].mayPrefetch);
  // Landing at step 5 after 1 ms: the copy starts at step 4.
  EXPECT_EQ(points.points[0][2].prefetchStart, 4);
}

TEST(PlannerTest, KeepingEverythingCostsTheLiveSum) {
  Problem problem = chain(6, 1000, 10);
  PointSet points = computePoints(problem);
  Evaluation evaluation =
      evaluate(problem, points, keepEverything(problem, points));
  EXPECT_TRUE(evaluation.consistent);
  // Tensor 0 lives throughout; two neighbours of the chain overlap.
  EXPECT_EQ(evaluation.peakBytes, 1020);
  EXPECT_DOUBLE_EQ(evaluation.stepSeconds(), 6e-3);
}

TEST(PlannerTest, EvaluateRejectsAPlanThatLosesATensor) {
  Problem problem = chain(6, 1000, 10);
  PointSet points = computePoints(problem);
  Plan plan = keepEverything(problem, points);
  plan.tensors[0].kept[1] = 0; // dropped, never brought back
  plan.tensors[0].kept.back() = 0;
  Evaluation evaluation = evaluate(problem, points, plan);
  EXPECT_FALSE(evaluation.consistent);
}

TEST(PlannerTest, OffloadFitsWhenTheLinkKeepsUp) {
  Problem problem = chain(8, 1000, 10);
  addMiddle(problem);
  problem.d2hBytesPerSecond = problem.h2dBytesPerSecond = 1e6;
  PointSet points = computePoints(problem);
  EXPECT_EQ(evaluate(problem, points, keepEverything(problem, points))
                .peakBytes,
            2020);
  problem.budget = 1500;
  Plan plan;
  ASSERT_TRUE(planGreedyOffload(problem, points, plan));
  Evaluation evaluation = evaluate(problem, points, plan);
  EXPECT_TRUE(evaluation.consistent);
  EXPECT_LE(evaluation.peakBytes, 1500);
  EXPECT_EQ(evaluation.numPrefetches, 1);
  // Two steps of compute hide each 1 ms copy: nothing stalls.
  EXPECT_DOUBLE_EQ(evaluation.stallSeconds, 0);
}

TEST(PlannerTest, ACopySlowsTheComputeBesideIt) {
  // The big tensor of `recomputable()` may also be copied out and back;
  // each 1 ms copy fits in the compute around it.
  Problem problem = recomputable();
  problem.tensors[1].mayOffload = true;
  problem.d2hBytesPerSecond = problem.h2dBytesPerSecond = 1e6;
  problem.budget = 1500;
  PointSet points = computePoints(problem);
  Plan offloaded;
  ASSERT_TRUE(planGreedyOffload(problem, points, offloaded));
  ASSERT_EQ(evaluate(problem, points, offloaded).numPrefetches, 1);
  EXPECT_DOUBLE_EQ(evaluate(problem, points, offloaded).stallSeconds, 0);
  Plan chosen;
  ASSERT_TRUE(planGreedyCombined(problem, points, chosen));
  EXPECT_EQ(evaluate(problem, points, chosen).numPrefetches, 1);
  EXPECT_DOUBLE_EQ(addedSecondsLowerBound(problem, points), 0);

  // At 0.4 us of compute per byte copied, the copy out and back (0.8 ms)
  // costs more than the recomputation (0.2 ms), even for the 510 bytes
  // over the budget alone that the bound may copy (0.41 ms): the greedy
  // and the bound take the recomputation.
  problem.d2hSlowdownSecondsPerByte = problem.h2dSlowdownSecondsPerByte = 4e-7;
  EXPECT_NEAR(evaluate(problem, points, offloaded).stallSeconds, 8e-4, 1e-12);
  ASSERT_TRUE(planGreedyCombined(problem, points, chosen));
  Evaluation evaluation = evaluate(problem, points, chosen);
  EXPECT_EQ(evaluation.numPrefetches, 0);
  EXPECT_EQ(evaluation.numRecomputes, 1);
  EXPECT_NEAR(addedSecondsLowerBound(problem, points), 2e-4, 1e-12);

  // The MIP prices the copy the same way.
  Evaluation solved = solvedByMip(problem, points, &offloaded);
  EXPECT_EQ(solved.numRecomputes, 1);
  EXPECT_EQ(solved.numPrefetches, 0);
}

TEST(PlannerTest, AShortPrefetchWindowStalls) {
  // Tensor 0 is read at steps 1, 4 and 9; the copy takes 2.5 ms, and the
  // gap before step 4 holds only two 1 ms steps, the one before step 9
  // four.
  Problem problem = chain(10, 1000, 10);
  problem.tensors[0].uses = {1, 4, 9};
  problem.d2hBytesPerSecond = 1e6;
  problem.h2dBytesPerSecond = 1e6 / 2.5;
  PointSet points = computePoints(problem);
  ASSERT_EQ(points.points[0].size(), 4u);
  const Point &early = points.points[0][2];
  ASSERT_EQ(early.step, 4);
  ASSERT_TRUE(early.mayPrefetch);
  EXPECT_EQ(early.prefetchStart, 2);
  EXPECT_NEAR(early.prefetchShortfall, 0.5e-3, 1e-12);
  const Point &late = points.points[0][3];
  ASSERT_TRUE(late.mayPrefetch);
  EXPECT_DOUBLE_EQ(late.prefetchShortfall, 0);

  // The evaluation charges the shortfall whatever the buckets say.
  Plan plan = keepEverything(problem, points);
  TensorPlan &tp = plan.tensors[0];
  tp.offload = true;
  tp.kept[1] = 0;
  tp.restore[2] = Restore::Prefetch;
  Evaluation evaluation = evaluate(problem, points, plan);
  ASSERT_TRUE(evaluation.consistent) << evaluation.inconsistency;
  EXPECT_NEAR(evaluation.windowStallSeconds, 0.5e-3, 1e-12);
  EXPECT_GE(evaluation.stallSeconds, evaluation.windowStallSeconds);
}

TEST(PlannerTest, AnOffloadNothingPrefetchesIsDropped) {
  Problem problem = chain(8, 1000, 10);
  problem.d2hBytesPerSecond = problem.h2dBytesPerSecond = 1e6;
  PointSet points = computePoints(problem);
  Plan plan = keepEverything(problem, points);
  plan.tensors[0].offload = true;
  dropUnusedOffloads(plan);
  EXPECT_FALSE(plan.tensors[0].offload);

  plan.tensors[0].offload = true;
  plan.tensors[0].restore.back() = Restore::Prefetch;
  dropUnusedOffloads(plan);
  EXPECT_TRUE(plan.tensors[0].offload);
}

TEST(PlannerTest, APrefetchWindowPassesOverAPointNothingNeeds) {
  // Tensor 0 (1000 bytes, one 1 ms copy each way) is read at steps 1 and
  // 9; tensor 1 (10 bytes) is made from it at step 1 and read at step 8,
  // so a recomputation of tensor 1 at step 8 would read tensor 0 there:
  // tensor 0 has a point at step 8 that no use needs. The middle tensor at
  // steps 4 and 5 pushes the peak over the budget.
  Problem problem = chain(10, 1000, 10);
  problem.tensors.resize(1);
  Tensor small;
  small.bytes = 10;
  small.producer = 1;
  small.uses = {8};
  small.inputs = {0};
  small.recomputable = true;
  small.recomputeSeconds = 1e-4;
  small.mayEvict = true;
  problem.tensors.push_back(small);
  problem.tensors[0].uses = {1, 9};
  addMiddle(problem);
  problem.d2hBytesPerSecond = problem.h2dBytesPerSecond = 1e6;
  problem.budget = 1500;
  PointSet points = computePoints(problem);
  int atEight = points.indexAt(0, 8), atNine = points.indexAt(0, 9);
  ASSERT_GE(atEight, 0);
  ASSERT_EQ(atNine, atEight + 1);
  // The copy into step 9 may start at step 8: the point there is absent.
  EXPECT_TRUE(points.points[0][atNine].mayPrefetch);
  EXPECT_EQ(points.points[0][atNine].prefetchStart, 8);

  // The greedy offloads tensor 0 and brings it back for step 9. (When the
  // point at step 8 closed the window, it found no way to fit.)
  Plan plan;
  ASSERT_TRUE(planGreedyCombined(problem, points, plan));
  Evaluation greedy = evaluate(problem, points, plan);
  EXPECT_TRUE(greedy.consistent) << greedy.inconsistency;
  EXPECT_LE(greedy.peakBytes, 1500);
  EXPECT_EQ(greedy.numPrefetches, 1);
  EXPECT_DOUBLE_EQ(greedy.stallSeconds, 0);

  // The MIP may not keep tensor 0 at step 8 inside that window: its plan,
  // from the greedy's or from none, is consistent and as fast.
  for (const Plan *start :
       std::initializer_list<const Plan *>{&plan, nullptr}) {
    Evaluation solved = solvedByMip(problem, points, start);
    EXPECT_TRUE(solved.consistent) << solved.inconsistency;
    EXPECT_LE(solved.peakBytes, 1500);
    EXPECT_NEAR(solved.stepSeconds(), greedy.stepSeconds(), 1e-12);
  }
}

TEST(PlannerTest, RecomputationFromAPresentInput) {
  Problem problem = recomputable();
  problem.budget = 1500; // the big tensor cannot stay across steps 4 and 5
  PointSet points = computePoints(problem);
  Plan plan;
  ASSERT_TRUE(planGreedyRecompute(problem, points, plan));
  Evaluation greedy = evaluate(problem, points, plan);
  EXPECT_TRUE(greedy.consistent);
  EXPECT_EQ(greedy.numRecomputes, 1);
  EXPECT_DOUBLE_EQ(greedy.recomputeSeconds, 2e-4);

  // The MIP agrees, and proves it optimal.
  SolverReport report;
  Evaluation solved = solvedByMip(problem, points, &plan, &report);
  EXPECT_TRUE(solved.consistent);
  EXPECT_LE(solved.peakBytes, problem.budget);
  EXPECT_NEAR(solved.stepSeconds(), greedy.stepSeconds(), 1e-12);
  EXPECT_EQ(report.status, "optimal");
}

/// The incremental evaluation's live bytes, consistency and copy load
/// against a full evaluation of the same plan.
void expectSameEvaluation(const PlanEvaluator &incremental,
                          const Problem &problem, const PointSet &points,
                          const Plan &plan) {
  Evaluation whole = evaluate(problem, points, plan);
  const Evaluation &kept = incremental.evaluation();
  EXPECT_EQ(kept.consistent, whole.consistent);
  EXPECT_EQ(kept.inconsistency, whole.inconsistency);
  EXPECT_EQ(kept.liveBytes, whole.liveBytes);
  EXPECT_EQ(kept.peakBytes, whole.peakBytes);
  EXPECT_EQ(kept.peakStep, whole.peakStep);
  EXPECT_EQ(kept.numRecomputes, whole.numRecomputes);
  EXPECT_EQ(kept.numPrefetches, whole.numPrefetches);
  EXPECT_EQ(kept.h2dBucketBytes, whole.h2dBucketBytes);
  EXPECT_EQ(kept.d2hBucketBytes, whole.d2hBucketBytes);
  EXPECT_NEAR(kept.stepSeconds(), whole.stepSeconds(), 1e-15);
}

TEST(PlannerTest, TheIncrementalEvaluationFollowsThePlan) {
  Problem problem = recomputable();
  problem.d2hBytesPerSecond = problem.h2dBytesPerSecond = 1e6;
  problem.hostCapacity = 1 << 20;
  problem.tensors[1].mayOffload = true;
  // The input's last use is at step 6: a recomputation at step 7 must keep
  // it one step longer.
  problem.tensors[0].uses = {1, 6};
  PointSet points = computePoints(problem);
  Plan plan = keepEverything(problem, points);
  PlanEvaluator incremental(problem, points, plan);
  expectSameEvaluation(incremental, problem, points, plan);
  EXPECT_EQ(incremental.evaluation().peakBytes, 2010);

  // The big tensor dropped after step 2 and rebuilt at step 7 from its
  // input.
  TensorPlan &big = plan.tensors[1];
  ASSERT_EQ(points.points[1].back().step, 7);
  for (size_t k = 1; k < big.kept.size(); ++k)
    big.kept[k] = 0;
  for (size_t k = 2; k + 1 < big.present.size(); ++k)
    big.present[k] = 0;
  big.restore.back() = Restore::Recompute;
  TensorPlan &input = plan.tensors[0];
  int at = points.indexAt(0, 7);
  ASSERT_GT(at, 0);
  ASSERT_FALSE(points.points[0][at].required);
  input.present[at] = 1;
  input.kept[at - 1] = 1;
  incremental.update(plan, {0, 1});
  expectSameEvaluation(incremental, problem, points, plan);
  EXPECT_TRUE(incremental.evaluation().consistent);
  EXPECT_EQ(incremental.evaluation().numRecomputes, 1);

  // The input dropped where the recomputation reads it: the recomputation,
  // whose plan did not change, is inconsistent now.
  input.present[at] = 0;
  input.kept[at - 1] = 0;
  incremental.update(plan, {0});
  expectSameEvaluation(incremental, problem, points, plan);
  EXPECT_FALSE(incremental.evaluation().consistent);

  // Back, and the big tensor prefetched instead: the copies' load per
  // bucket follows.
  plan = keepEverything(problem, points);
  incremental.update(plan, {0, 1});
  expectSameEvaluation(incremental, problem, points, plan);
  TensorPlan &copied = plan.tensors[1];
  size_t last = copied.present.size() - 1;
  ASSERT_TRUE(points.points[1][last].mayPrefetch);
  for (size_t k = 1; k < last; ++k)
    copied.kept[k] = 0;
  for (size_t k = 2; k < last; ++k)
    copied.present[k] = 0;
  copied.offload = true;
  copied.restore[last] = Restore::Prefetch;
  incremental.update(plan, {1});
  expectSameEvaluation(incremental, problem, points, plan);
  EXPECT_EQ(incremental.evaluation().numPrefetches, 1);
}

TEST(PlannerTest, TheLowerBoundPricesTheBytesThatMustGo) {
  // No copy links: the big tensor must be rebuilt, and the bound is that
  // recomputation, which the greedy's plan meets.
  Problem problem = recomputable();
  problem.budget = 1500;
  PointSet points = computePoints(problem);
  EXPECT_DOUBLE_EQ(addedSecondsLowerBound(problem, points), 2e-4);
  // A budget that everything fits costs nothing; one below what the steps
  // themselves read cannot be met.
  problem.budget = 2010;
  EXPECT_EQ(addedSecondsLowerBound(problem, points), 0);
  problem.budget = 1000;
  EXPECT_EQ(addedSecondsLowerBound(problem, points),
            std::numeric_limits<double>::infinity());

  // Links that carry the tensor within the compute around the gap free it
  // at no cost; slower ones charge the overflow of the busier link.
  problem.budget = 1500;
  problem.tensors[1].mayOffload = true;
  problem.d2hBytesPerSecond = problem.h2dBytesPerSecond = 1e6;
  points = computePoints(problem);
  EXPECT_EQ(addedSecondsLowerBound(problem, points), 0);
  problem.d2hBytesPerSecond = problem.h2dBytesPerSecond = 1e5;
  points = computePoints(problem);
  EXPECT_GT(addedSecondsLowerBound(problem, points), 0);
  EXPECT_LE(addedSecondsLowerBound(problem, points), 2e-4);
}

/// A softmax's shape of problem, from `recomputable()`: tensor 1 (the
/// scores) is now read only at step 2, where tensor 3 (the probabilities,
/// as large) is produced from it and read at steps 3 and 7; the middle
/// tensor holds 1500 bytes. Under a 2010-byte budget the probabilities
/// cannot stay across the middle tensor's steps, and no copy link exists.
Problem rebuiltFromADeadInput() {
  Problem problem = recomputable();
  problem.budget = 2010;
  Tensor &scores = problem.tensors[1];
  scores.uses = {2};
  scores.recomputeSeconds = 3e-4;
  Tensor probabilities = scores;
  probabilities.producer = 2;
  probabilities.uses = {3, 7};
  probabilities.inputs = {1};
  probabilities.recomputeSeconds = 2e-4;
  problem.tensors[2].bytes = 1500;
  problem.tensors.push_back(probabilities);
  return problem;
}

TEST(PlannerTest, TheLowerBoundRebuildsAnInputThatDiedBeforeTheStep) {
  // Keeping the scores to rebuild the probabilities frees nothing: both
  // must be recomputed, and the bound is what the MIP's plan spends.
  Problem problem = rebuiltFromADeadInput();
  PointSet points = computePoints(problem);
  EXPECT_DOUBLE_EQ(addedSecondsLowerBound(problem, points), 5e-4);
  Evaluation solved = solvedByMip(problem, points);
  Evaluation keep = evaluate(problem, points, keepEverything(problem, points));
  ASSERT_TRUE(solved.consistent);
  EXPECT_LE(solved.peakBytes, 2010);
  EXPECT_NEAR(solved.stepSeconds() - keep.stepSeconds(), 5e-4, 1e-12);

  // Scores smaller than the probabilities could be kept at a profit: only
  // the probabilities' own recomputation is certain.
  problem.tensors[1].bytes = 400;
  points = computePoints(problem);
  EXPECT_DOUBLE_EQ(addedSecondsLowerBound(problem, points), 2e-4);
}

/// The recomputing greedy's plan for `problem`, evaluated.
Evaluation recomputingGreedysPlan(const Problem &problem) {
  PointSet points = computePoints(problem);
  Plan plan;
  EXPECT_TRUE(planGreedyRecompute(problem, points, plan));
  return evaluate(problem, points, plan);
}

TEST(PlannerTest, TheGreedyKeepsATinyInputRatherThanRebuildIt) {
  // A softmax's probabilities (tensor 3) are rebuilt from the scores
  // (tensor 1) and the row maxima (tensor 2, 8 bytes), both dead by then;
  // rebuilding the maxima would read the scores again. The greedy
  // recomputes the scores and keeps the maxima.
  Problem problem;
  problem.stepSeconds.assign(10, 1e-3);
  problem.stepExtraBytes.assign(10, 0);
  problem.budget = 2030;
  auto add = [&](int64_t bytes, int producer, llvm::SmallVector<int> inputs,
                 llvm::SmallVector<int> uses, double recomputeSeconds) {
    Tensor tensor;
    tensor.bytes = bytes;
    tensor.producer = producer;
    tensor.inputs = inputs;
    tensor.uses = uses;
    tensor.recomputable = recomputeSeconds > 0;
    tensor.recomputeSeconds = recomputeSeconds;
    tensor.mayEvict = recomputeSeconds > 0;
    problem.tensors.push_back(tensor);
  };
  add(10, 0, {}, {1, 9}, 0);          // the input, kept to the end
  add(1000, 1, {0}, {2, 3}, 3e-4);    // the scores
  add(8, 2, {1}, {3}, 2e-4);          // the row maxima
  add(1000, 3, {1, 2}, {4, 9}, 2e-4); // the probabilities
  add(1500, 6, {}, {7}, 0);           // what pushes the peak over
  Evaluation greedy = recomputingGreedysPlan(problem);
  ASSERT_TRUE(greedy.consistent);
  EXPECT_LE(greedy.peakBytes, 2030);
  EXPECT_EQ(greedy.numRecomputes, 2);
  EXPECT_DOUBLE_EQ(greedy.recomputeSeconds, 5e-4);
}

TEST(PlannerTest, MipFindsThePlanTheGreedyMisses) {
  // Without a starting plan the MIP must find the recomputation itself.
  Problem problem = recomputable();
  problem.budget = 1500;
  PointSet points = computePoints(problem);
  MipOptions options;
  options.timeLimitSeconds = 10;
  Plan mip;
  SolverReport report;
  ASSERT_TRUE(solveMip(problem, points, options, mip, report));
  Evaluation solved = evaluate(problem, points, mip);
  EXPECT_TRUE(solved.consistent);
  EXPECT_LE(solved.peakBytes, 1500);
  EXPECT_EQ(solved.numRecomputes, 1);

  // Asked for the smallest peak, it keeps only what each step reads: at
  // step 1 the input and the big tensor, at step 4 the input (kept to the
  // end) and the middle one.
  options.minimizePeak = true;
  ASSERT_TRUE(solveMip(problem, points, options, mip, report));
  EXPECT_EQ(evaluate(problem, points, mip).peakBytes, 1010);
}

} // namespace
