//===- ReductionKernelsTest.cpp - reduce, reduce_window, softmax, norm ----===//

#include "RuntimeTestUtils.h"

#include <cmath>
#include <limits>

using namespace strata::rt;
using namespace strata::rt::test;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

TEST(ReduceTest, SumOverOneAndAllDimensions) {
  HostTensor x = f32({2, 3}, {1, 2, 3, 4, 5, 6});
  ASSERT_OK_AND_ASSIGN(HostTensor rows, reduce(x, {1}, ReduceFn::Add));
  EXPECT_EQ(rows.shape(), (Shape{2}));
  EXPECT_EQ(rows.toVector<float>(), (std::vector<float>{6, 15}));
  ASSERT_OK_AND_ASSIGN(HostTensor cols, reduce(x, {0}, ReduceFn::Add));
  EXPECT_EQ(cols.toVector<float>(), (std::vector<float>{5, 7, 9}));
  ASSERT_OK_AND_ASSIGN(HostTensor all, reduce(x, {1, 0}, ReduceFn::Add));
  EXPECT_EQ(all.shape(), Shape{});
  EXPECT_EQ(all.toVector<float>(), (std::vector<float>{21}));
  ASSERT_OK_AND_ASSIGN(HostTensor none, reduce(x, {}, ReduceFn::Add));
  EXPECT_TRUE(none.bitwiseEquals(x));
}

TEST(ReduceTest, MiddleDimensionOfRank3) {
  HostTensor x = i32({2, 3, 2}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
  ASSERT_OK_AND_ASSIGN(HostTensor r, reduce(x, {1}, ReduceFn::Mul));
  EXPECT_EQ(r.shape(), (Shape{2, 2}));
  EXPECT_EQ(
      r.toVector<int32_t>(),
      (std::vector<int32_t>{1 * 3 * 5, 2 * 4 * 6, 7 * 9 * 11, 8 * 10 * 12}));
}

TEST(ReduceTest, MaxMinPropagateNaNAndStartFromIdentity) {
  ASSERT_OK_AND_ASSIGN(
      HostTensor mx, reduce(f32({2, 2}, {1, kNaN, 3, 2}), {1}, ReduceFn::Max));
  std::vector<float> v = mx.toVector<float>();
  EXPECT_TRUE(std::isnan(v[0]));
  EXPECT_EQ(v[1], 3);
  ASSERT_OK_AND_ASSIGN(HostTensor emptyMax,
                       reduce(f32({2, 0}, {}), {1}, ReduceFn::Max));
  EXPECT_EQ(emptyMax.toVector<float>(), (std::vector<float>{-kInf, -kInf}));
  ASSERT_OK_AND_ASSIGN(HostTensor emptyMin,
                       reduce(i32({0}, {}), {0}, ReduceFn::Min));
  EXPECT_EQ(emptyMin.toVector<int32_t>(),
            (std::vector<int32_t>{std::numeric_limits<int32_t>::max()}));
  ASSERT_OK_AND_ASSIGN(HostTensor emptyMul,
                       reduce(f32({0}, {}), {0}, ReduceFn::Mul));
  EXPECT_EQ(emptyMul.toVector<float>(), (std::vector<float>{1}));
}

TEST(ReduceTest, LogicalReductionsOnI1) {
  HostTensor x = i1({2, 2}, {true, false, true, true});
  ASSERT_OK_AND_ASSIGN(HostTensor all, reduce(x, {1}, ReduceFn::And));
  ASSERT_OK_AND_ASSIGN(HostTensor any, reduce(x, {1}, ReduceFn::Or));
  EXPECT_EQ(boolsOf(all), (std::vector<bool>{false, true}));
  EXPECT_EQ(boolsOf(any), (std::vector<bool>{true, true}));
  ASSERT_OK_AND_ASSIGN(
      HostTensor bits,
      reduce(i32({3}, {0b1110, 0b0111, 0b1111}), {0}, ReduceFn::And));
  EXPECT_EQ(bits.toVector<int32_t>(), (std::vector<int32_t>{0b0110}));
}

TEST(ReduceTest, FloatSumsAccumulateInDouble) {
  ASSERT_OK_AND_ASSIGN(
      HostTensor r, reduce(f32({3}, {1e8f, 1.0f, -1e8f}), {0}, ReduceFn::Add));
  EXPECT_EQ(r.toVector<float>(), (std::vector<float>{1.0f}));
}

TEST(ReduceTest, InvalidArgumentsAreErrors) {
  HostTensor x = f32({2, 3}, {1, 2, 3, 4, 5, 6});
  EXPECT_TRUE(failsWith(reduce(x, {1, 1}, ReduceFn::Add),
                        {"reduce", "repeats axis 1"}));
  EXPECT_TRUE(failsWith(reduce(x, {2}, ReduceFn::Add), {"reduce", "axis 2"}));
  EXPECT_TRUE(
      failsWith(reduce(x, {0}, ReduceFn::And), {"reduce", "and", "f32[2,3]"}));
}

TEST(ReduceWindowTest, MaxPool2x2Stride2) {
  HostTensor x = f32({4, 4}, {1, 2, 3, 4,    //
                              5, 6, 7, 8,    //
                              9, 10, 11, 12, //
                              13, 14, 15, 16});
  ReduceWindowAttrs attrs;
  attrs.windowDimensions = {2, 2};
  attrs.windowStrides = {2, 2};
  ASSERT_OK_AND_ASSIGN(HostTensor r, reduceWindow(x, ReduceFn::Max, attrs));
  EXPECT_EQ(r.shape(), (Shape{2, 2}));
  EXPECT_EQ(r.toVector<float>(), (std::vector<float>{6, 8, 14, 16}));
}

TEST(ReduceWindowTest, PaddingReadsTheIdentity) {
  HostTensor x = f32({3}, {1, 2, 3});
  ReduceWindowAttrs attrs;
  attrs.windowDimensions = {3};
  attrs.padding = {{1, 1}};
  ASSERT_OK_AND_ASSIGN(HostTensor sum, reduceWindow(x, ReduceFn::Add, attrs));
  EXPECT_EQ(sum.toVector<float>(), (std::vector<float>{3, 6, 5}));
  HostTensor negative = f32({3}, {-1, -2, -3});
  attrs.windowDimensions = {2};
  attrs.padding = {{1, 0}};
  ASSERT_OK_AND_ASSIGN(HostTensor mx,
                       reduceWindow(negative, ReduceFn::Max, attrs));
  // With 0 as padding the first window would be 0; the identity is -inf.
  EXPECT_EQ(mx.toVector<float>(), (std::vector<float>{-1, -1, -2}));
}

TEST(ReduceWindowTest, BaseAndWindowDilation) {
  ReduceWindowAttrs attrs;
  attrs.windowDimensions = {2};
  attrs.baseDilations = {2};
  // Dilated base [1, _, 2, _, 3]: windows of 2 see one element each.
  ASSERT_OK_AND_ASSIGN(HostTensor base,
                       reduceWindow(f32({3}, {1, 2, 3}), ReduceFn::Add, attrs));
  EXPECT_EQ(base.toVector<float>(), (std::vector<float>{1, 2, 2, 3}));
  attrs.baseDilations = {};
  attrs.windowDilations = {2};
  ASSERT_OK_AND_ASSIGN(
      HostTensor window,
      reduceWindow(f32({5}, {1, 2, 3, 4, 5}), ReduceFn::Add, attrs));
  EXPECT_EQ(window.toVector<float>(), (std::vector<float>{4, 6, 8}));
}

TEST(ReduceWindowTest, NegativePaddingCropsAndIntegersWork) {
  ReduceWindowAttrs attrs;
  attrs.windowDimensions = {1, 2};
  attrs.windowStrides = {1, 2};
  attrs.padding = {{0, 0}, {-1, 0}};
  // Columns 1..4 remain; windows (1,2) and (3,4).
  ASSERT_OK_AND_ASSIGN(HostTensor r, reduceWindow(i32({2, 5}, {1, 2, 3, 4, 5, //
                                                               6, 7, 8, 9, 10}),
                                                  ReduceFn::Add, attrs));
  EXPECT_EQ(r.shape(), (Shape{2, 2}));
  EXPECT_EQ(r.toVector<int32_t>(), (std::vector<int32_t>{5, 9, 15, 19}));
}

TEST(ReduceWindowTest, InvalidAttributesAreErrors) {
  ReduceWindowAttrs attrs;
  attrs.windowDimensions = {2};
  EXPECT_TRUE(
      failsWith(reduceWindow(f32({2, 2}, {1, 2, 3, 4}), ReduceFn::Add, attrs),
                {"reduce_window", "window_dimensions"}));
  attrs.windowDimensions = {1, 0};
  EXPECT_TRUE(
      failsWith(reduceWindow(f32({2, 2}, {1, 2, 3, 4}), ReduceFn::Add, attrs),
                {"reduce_window", "positive"}));
}

TEST(SoftmaxTest, NormalizesAlongTheDimension) {
  ASSERT_OK_AND_ASSIGN(HostTensor r, softmax(f32({1, 3}, {1, 2, 3}), 1));
  double denominator = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
  std::vector<float> v = r.toVector<float>();
  EXPECT_FLOAT_EQ(v[0], static_cast<float>(std::exp(1.0) / denominator));
  EXPECT_FLOAT_EQ(v[1], static_cast<float>(std::exp(2.0) / denominator));
  EXPECT_FLOAT_EQ(v[2], static_cast<float>(std::exp(3.0) / denominator));
  ASSERT_OK_AND_ASSIGN(HostTensor cols, softmax(f32({2, 2}, {0, 5, 0, 5}), 0));
  EXPECT_EQ(cols.toVector<float>(),
            (std::vector<float>{0.5f, 0.5f, 0.5f, 0.5f}));
}

TEST(SoftmaxTest, LargeInputsDoNotOverflow) {
  ASSERT_OK_AND_ASSIGN(HostTensor r, softmax(f32({3}, {1000, 1000, -kInf}), 0));
  EXPECT_EQ(r.toVector<float>(), (std::vector<float>{0.5f, 0.5f, 0.0f}));
  EXPECT_TRUE(failsWith(softmax(i32({2}, {1, 2}), 0), {"softmax", "i32[2]"}));
  EXPECT_TRUE(
      failsWith(softmax(f32({2}, {1, 2}), 1), {"softmax", "dimension 1"}));
}

TEST(LayerNormTest, NormalizesTrailingAxes) {
  HostTensor x = f32({2, 4}, {1, 2, 3, 4, 2, 2, 2, 2});
  ASSERT_OK_AND_ASSIGN(HostTensor r, layerNorm(x, nullptr, nullptr, 1, 0.0));
  // Row 0: mean 2.5, population variance 1.25.
  double invStd = 1.0 / std::sqrt(1.25);
  std::vector<float> v = r.toVector<float>();
  EXPECT_FLOAT_EQ(v[0], static_cast<float>(-1.5 * invStd));
  EXPECT_FLOAT_EQ(v[1], static_cast<float>(-0.5 * invStd));
  EXPECT_FLOAT_EQ(v[2], static_cast<float>(0.5 * invStd));
  EXPECT_FLOAT_EQ(v[3], static_cast<float>(1.5 * invStd));
  // Row 1 is constant: with epsilon 0 it would divide 0 by 0; epsilon 1e-5
  // keeps it at 0.
  ASSERT_OK_AND_ASSIGN(HostTensor eps, layerNorm(x, nullptr, nullptr, 1, 1e-5));
  for (int64_t j = 4; j < 8; ++j)
    EXPECT_EQ(eps.toVector<float>()[static_cast<size_t>(j)], 0.0f);
}

TEST(LayerNormTest, ScaleAndBias) {
  HostTensor x = f32({1, 2}, {0, 2});
  HostTensor scale = f32({2}, {2, 3});
  HostTensor bias = f32({2}, {10, 20});
  ASSERT_OK_AND_ASSIGN(HostTensor r, layerNorm(x, &scale, &bias, 1, 0.0));
  // Normalized row is [-1, 1].
  EXPECT_EQ(r.toVector<float>(), (std::vector<float>{8, 23}));
  ASSERT_OK_AND_ASSIGN(
      HostTensor all, layerNorm(f32({2, 1}, {0, 2}), nullptr, nullptr, 0, 0.0));
  EXPECT_EQ(all.toVector<float>(), (std::vector<float>{-1, 1}));
  HostTensor badScale = f32({3}, {1, 1, 1});
  EXPECT_TRUE(failsWith(layerNorm(x, &badScale, nullptr, 1, 0.0),
                        {"layer_norm", "scale f32[3]", "f32[2]"}));
}

TEST(ReduceFnNamesTest, RoundTrip) {
  for (ReduceFn fn : {ReduceFn::Add, ReduceFn::Mul, ReduceFn::Max,
                      ReduceFn::Min, ReduceFn::And, ReduceFn::Or})
    EXPECT_EQ(parseReduceFn(reduceFnName(fn)), fn);
}

} // namespace
