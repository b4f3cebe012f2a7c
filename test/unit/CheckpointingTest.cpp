//===- CheckpointingTest.cpp - Segments and checkpointed plans ------------===//
//
// A four-layer training step written by hand: the forward pass produces,
// per layer, a large activation the backward pass reads in reverse order
// and a small residual the next layer reads, so that the layer boundaries,
// the segments and their rebuild steps are known.

#include "passes/planner/Checkpointing.h"

#include <gtest/gtest.h>

using namespace mlir::strata::planner;

namespace {

constexpr int kLayers = 4;
constexpr int kTurn = 2 * kLayers;

/// Tensor index of layer i's activation a_i and of the residual x_i (x_0
/// is the argument).
int activation(int layer) { return 1 + 2 * layer; }
int residual(int layer) { return layer == 0 ? 0 : 2 * layer; }
/// The backward step that reads a_i.
int backwardStep(int layer) { return kTurn + 1 + (kLayers - 1 - layer); }

/// Steps 2i: a_i = f(x_i) (1000 bytes); 2i + 1: x_{i+1} = g(a_i, x_i)
/// (10 bytes); step 8: the loss from x_4; steps 9-12: the backward pass,
/// a_3 first. Recomputing a_i costs (i + 1) x 0.1 ms.
Problem fourLayers() {
  Problem problem;
  int numSteps = kTurn + 1 + kLayers;
  problem.stepSeconds.assign(numSteps, 1e-3);
  problem.stepExtraBytes.assign(numSteps, 0);
  Tensor input;
  input.bytes = 10;
  input.isArgument = true;
  input.uses = {0, 1};
  problem.tensors.push_back(input);
  for (int layer = 0; layer < kLayers; ++layer) {
    Tensor a;
    a.bytes = 1000;
    a.producer = 2 * layer;
    a.uses = {2 * layer + 1, backwardStep(layer)};
    a.inputs = {residual(layer)};
    a.recomputable = a.mayEvict = true;
    a.recomputeSeconds = (layer + 1) * 1e-4;
    problem.tensors.push_back(a);
    Tensor x;
    x.bytes = 10;
    x.producer = 2 * layer + 1;
    x.uses = {2 * layer + 2};
    if (layer + 1 < kLayers)
      x.uses.push_back(2 * layer + 3);
    x.inputs = {activation(layer), residual(layer)};
    x.recomputable = true;
    x.recomputeSeconds = 1e-5;
    problem.tensors.push_back(x);
  }
  Tensor loss;
  loss.bytes = 10;
  loss.producer = kTurn;
  loss.uses = {kTurn + 1};
  problem.tensors.push_back(loss);
  return problem;
}

TEST(CheckpointingTest, EveryLayerIsASegment) {
  Problem problem = fourLayers();
  auto segments = segmentForwardPass(problem, CheckpointSpacing::EveryLayer);
  ASSERT_EQ(segments.size(), size_t(kLayers));
  for (int layer = 0; layer < kLayers; ++layer) {
    const Segment &segment = segments[layer];
    EXPECT_EQ(segment.rebuildStep, backwardStep(layer));
    EXPECT_EQ(segment.dropped, llvm::SmallVector<int>{activation(layer)});
    EXPECT_EQ(segment.rebuilt, llvm::SmallVector<int>{activation(layer)});
    EXPECT_EQ(segment.held, llvm::SmallVector<int>{residual(layer)});
  }
}

TEST(CheckpointingTest, SquareRootSpacingRebuildsTwoLayersAtOnce) {
  Problem problem = fourLayers();
  auto segments = segmentForwardPass(problem, CheckpointSpacing::SquareRoot);
  ASSERT_EQ(segments.size(), 2u);
  // Layers 0 and 1, rebuilt where the backward pass first reads a_1; the
  // residual between them is rebuilt too, and only x_0 is held.
  const Segment &first = segments[0];
  EXPECT_EQ(first.rebuildStep, backwardStep(1));
  EXPECT_EQ(first.dropped,
            (llvm::SmallVector<int>{activation(0), activation(1)}));
  EXPECT_EQ(first.rebuilt, (llvm::SmallVector<int>{
                               activation(0), residual(1), activation(1)}));
  EXPECT_EQ(first.held, llvm::SmallVector<int>{residual(0)});
}

TEST(CheckpointingTest, RebuildsOnlyWhatTheBudgetNeeds) {
  Problem problem = fourLayers();
  auto segments = segmentForwardPass(problem, CheckpointSpacing::EveryLayer);
  addRebuildPoints(problem, segments);
  PointSet points = computePoints(problem);
  Plan plan;

  // Room for one activation beside the residuals: every layer is rebuilt
  // but the last, whose activation the backward pass reads right after the
  // turn (the costliest rebuild, left in HBM).
  problem.budget = 1100;
  ASSERT_TRUE(planCheckpointed(problem, points, segments, plan));
  Evaluation all = evaluate(problem, points, plan);
  EXPECT_TRUE(all.consistent) << all.inconsistency;
  EXPECT_LE(all.peakBytes, problem.budget);
  EXPECT_EQ(all.numRecomputes, kLayers - 1);
  EXPECT_NEAR(all.recomputeSeconds, 6e-4, 1e-12);
  EXPECT_FALSE(llvm::is_contained(plan.tensors[activation(3)].restore,
                                  Restore::Recompute));

  // Room for two activations across the turn: the two cheapest to rebuild
  // (layers 0 and 1) go, the others stay.
  problem.budget = 2100;
  ASSERT_TRUE(planCheckpointed(problem, points, segments, plan));
  Evaluation two = evaluate(problem, points, plan);
  EXPECT_TRUE(two.consistent) << two.inconsistency;
  EXPECT_LE(two.peakBytes, problem.budget);
  EXPECT_EQ(two.numRecomputes, 2);
  EXPECT_NEAR(two.recomputeSeconds, 3e-4, 1e-12);
  for (int layer : {2, 3})
    EXPECT_FALSE(llvm::is_contained(plan.tensors[activation(layer)].restore,
                                    Restore::Recompute));

  // Below one activation plus the residuals nothing fits.
  problem.budget = 1000;
  EXPECT_FALSE(planCheckpointed(problem, points, segments, plan));
}

} // namespace
