//===- ContractionKernelsTest.cpp - dot_general and convolution -----------===//

#include "RuntimeTestUtils.h"

#include <algorithm>
#include <cmath>

using namespace strata::rt;
using namespace strata::rt::test;

namespace {

/// Deterministic small values in [-2, 2], exactly representable in float.
std::vector<float> pattern(int64_t count, int seed) {
  std::vector<float> values(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i)
    values[static_cast<size_t>(i)] =
        static_cast<float>(((i * 7 + seed * 13) % 17) - 8) / 4.0f;
  return values;
}

TEST(DotGeneralTest, MatrixProduct) {
  HostTensor lhs = f32({2, 3}, {1, 2, 3, 4, 5, 6});
  HostTensor rhs = f32({3, 2}, {7, 8, 9, 10, 11, 12});
  ASSERT_OK_AND_ASSIGN(HostTensor r, dotGeneral(lhs, rhs, {}, {}, {1}, {0}));
  EXPECT_EQ(r.shape(), (Shape{2, 2}));
  EXPECT_EQ(r.toVector<float>(), (std::vector<float>{58, 64, 139, 154}));
}

TEST(DotGeneralTest, BatchedWithTransposedContraction) {
  // lhs [b=2, m=2, k=3] times rhs [b=2, n=2, k=3]: contract k with k, i.e.
  // lhs[b] @ transpose(rhs[b]).
  HostTensor lhs = f32({2, 2, 3}, {1, 2, 3, 4, 5, 6, //
                                   1, 0, 1, 0, 1, 0});
  HostTensor rhs = f32({2, 2, 3}, {1, 1, 1, 1, 0, -1, //
                                   2, 3, 4, 5, 6, 7});
  ASSERT_OK_AND_ASSIGN(HostTensor r, dotGeneral(lhs, rhs, {0}, {0}, {2}, {2}));
  EXPECT_EQ(r.shape(), (Shape{2, 2, 2}));
  // Batch 0: [1,2,3].[1,1,1]=6, [1,2,3].[1,0,-1]=-2, [4,5,6]: 15, -2.
  // Batch 1: [1,0,1].[2,3,4]=6, [1,0,1].[5,6,7]=12, [0,1,0]: 3, 6.
  EXPECT_EQ(r.toVector<float>(),
            (std::vector<float>{6, -2, 15, -2, 6, 12, 3, 6}));
}

TEST(DotGeneralTest, ResultDimensionOrder) {
  // lhs [m=2, b=3, k=4], rhs [k=4, b=3, n=5] -> [b, m, n].
  HostTensor lhs = f32({2, 3, 4}, pattern(24, 1));
  HostTensor rhs = f32({4, 3, 5}, pattern(60, 2));
  ASSERT_OK_AND_ASSIGN(HostTensor r, dotGeneral(lhs, rhs, {1}, {1}, {2}, {0}));
  ASSERT_EQ(r.shape(), (Shape{3, 2, 5}));
  for (int64_t b = 0; b < 3; ++b)
    for (int64_t m = 0; m < 2; ++m)
      for (int64_t n = 0; n < 5; ++n) {
        double expected = 0;
        for (int64_t k = 0; k < 4; ++k)
          expected += lhs.at<float>({m, b, k}) * rhs.at<float>({k, b, n});
        EXPECT_EQ(r.at<float>({b, m, n}), static_cast<float>(expected));
      }
}

TEST(DotGeneralTest, MultipleContractingAndFreeDims) {
  // Contract two dimensions at once; free dims keep their relative order.
  HostTensor lhs = f32({2, 3, 2}, pattern(12, 3)); // [k0, m, k1]
  HostTensor rhs = f32({2, 2, 2}, pattern(8, 4));  // [n, k1, k0]
  ASSERT_OK_AND_ASSIGN(HostTensor r,
                       dotGeneral(lhs, rhs, {}, {}, {0, 2}, {2, 1}));
  ASSERT_EQ(r.shape(), (Shape{3, 2}));
  for (int64_t m = 0; m < 3; ++m)
    for (int64_t n = 0; n < 2; ++n) {
      double expected = 0;
      for (int64_t k0 = 0; k0 < 2; ++k0)
        for (int64_t k1 = 0; k1 < 2; ++k1)
          expected += lhs.at<float>({k0, m, k1}) * rhs.at<float>({n, k1, k0});
      EXPECT_EQ(r.at<float>({m, n}), static_cast<float>(expected));
    }
}

TEST(DotGeneralTest, FloatSumsAccumulateInDouble) {
  // In float, 1e8 + 1 == 1e8 and the 1 would be lost.
  HostTensor lhs = f32({1, 3}, {1e8f, 1.0f, -1e8f});
  HostTensor rhs = f32({3, 1}, {1, 1, 1});
  ASSERT_OK_AND_ASSIGN(HostTensor r, dotGeneral(lhs, rhs, {}, {}, {1}, {0}));
  EXPECT_EQ(r.toVector<float>(), (std::vector<float>{1.0f}));
}

TEST(DotGeneralTest, IntegersWrap) {
  HostTensor lhs = i32({1, 2}, {1 << 30, 1 << 30});
  HostTensor rhs = i32({2, 1}, {2, 2});
  ASSERT_OK_AND_ASSIGN(HostTensor r, dotGeneral(lhs, rhs, {}, {}, {1}, {0}));
  EXPECT_EQ(r.toVector<int32_t>(), (std::vector<int32_t>{0}));
  ASSERT_OK_AND_ASSIGN(
      HostTensor s,
      dotGeneral(i64({2}, {3, -4}), i64({2}, {5, 6}), {}, {}, {0}, {0}));
  EXPECT_EQ(s.shape(), Shape{});
  EXPECT_EQ(s.toVector<int64_t>(), (std::vector<int64_t>{-9}));
}

TEST(DotGeneralTest, MismatchesAreErrors) {
  HostTensor lhs = f32({2, 3}, pattern(6, 0));
  HostTensor rhs = f32({4, 2}, pattern(8, 0));
  EXPECT_TRUE(
      failsWith(dotGeneral(lhs, rhs, {}, {}, {1}, {0}),
                {"dot_general", "contracting", "f32[2,3]", "f32[4,2]"}));
  EXPECT_TRUE(failsWith(dotGeneral(lhs, lhs, {}, {}, {1, 1}, {0, 1}),
                        {"dot_general", "repeats axis 1"}));
  EXPECT_TRUE(failsWith(dotGeneral(lhs, lhs, {}, {}, {2}, {0}),
                        {"dot_general", "axis 2"}));
}

//===----------------------------------------------------------------------===//
// convolution
//===----------------------------------------------------------------------===//

ConvDimensionNumbers nchw(int64_t spatialRank) {
  ConvDimensionNumbers dn;
  dn.inputBatchDimension = 0;
  dn.inputFeatureDimension = 1;
  dn.kernelOutputFeatureDimension = 0;
  dn.kernelInputFeatureDimension = 1;
  dn.outputBatchDimension = 0;
  dn.outputFeatureDimension = 1;
  for (int64_t s = 0; s < spatialRank; ++s) {
    dn.inputSpatialDimensions.push_back(2 + s);
    dn.kernelSpatialDimensions.push_back(2 + s);
    dn.outputSpatialDimensions.push_back(2 + s);
  }
  return dn;
}

TEST(ConvolutionTest, SpecExampleWithLhsDilationAndStride) {
  // NHWC input, HWIO kernel of ones: the StableHLO spec's worked example.
  HostTensor lhs = i32(
      {1, 4, 4, 1}, {1, 2, 5, 6, 3, 4, 7, 8, 10, 11, 14, 15, 12, 13, 16, 17});
  HostTensor rhs = i32({3, 3, 1, 1}, std::vector<int32_t>(9, 1));
  ConvolutionAttrs attrs;
  attrs.dimensionNumbers.inputBatchDimension = 0;
  attrs.dimensionNumbers.inputSpatialDimensions = {1, 2};
  attrs.dimensionNumbers.inputFeatureDimension = 3;
  attrs.dimensionNumbers.kernelSpatialDimensions = {0, 1};
  attrs.dimensionNumbers.kernelInputFeatureDimension = 2;
  attrs.dimensionNumbers.kernelOutputFeatureDimension = 3;
  attrs.dimensionNumbers.outputBatchDimension = 0;
  attrs.dimensionNumbers.outputSpatialDimensions = {1, 2};
  attrs.dimensionNumbers.outputFeatureDimension = 3;
  attrs.windowStrides = {4, 4};
  attrs.lhsDilation = {2, 2};
  ASSERT_OK_AND_ASSIGN(HostTensor r, convolution(lhs, rhs, attrs));
  EXPECT_EQ(r.shape(), (Shape{1, 2, 2, 1}));
  EXPECT_EQ(r.toVector<int32_t>(), (std::vector<int32_t>{10, 26, 46, 62}));
}

TEST(ConvolutionTest, NoSpatialDimensionsIsAMatrixProduct) {
  // [b, f] x [i, o] -> [b, f]: a convolution with a 0-d window.
  ConvolutionAttrs attrs;
  attrs.dimensionNumbers = nchw(0);
  ASSERT_OK_AND_ASSIGN(HostTensor r,
                       convolution(f32({2, 3}, {1, 2, 3, 4, 5, 6}),
                                   f32({2, 3}, {7, 8, 9, 10, 11, 12}), attrs));
  // rhs is [o=2, i=3] in this layout, so this is lhs @ transpose(rhs).
  EXPECT_EQ(r.shape(), (Shape{2, 2}));
  EXPECT_EQ(r.toVector<float>(), (std::vector<float>{50, 68, 122, 167}));
}

TEST(ConvolutionTest, OneDimensionalPaddingAndReversal) {
  HostTensor lhs = f32({1, 1, 5}, {1, 2, 3, 4, 5});
  HostTensor rhs = f32({1, 1, 2}, {1, -1});
  ConvolutionAttrs attrs;
  attrs.dimensionNumbers = nchw(1);
  ASSERT_OK_AND_ASSIGN(HostTensor plain, convolution(lhs, rhs, attrs));
  EXPECT_EQ(plain.toVector<float>(), (std::vector<float>{-1, -1, -1, -1}));
  attrs.padding = {{1, -1}};
  ASSERT_OK_AND_ASSIGN(HostTensor padded, convolution(lhs, rhs, attrs));
  // Padded input [0,1,2,3,4]: windows (0,1) (1,2) (2,3) (3,4).
  EXPECT_EQ(padded.toVector<float>(), (std::vector<float>{-1, -1, -1, -1}));
  attrs.padding = {{2, 0}};
  attrs.windowReversal = {true};
  ASSERT_OK_AND_ASSIGN(HostTensor reversed, convolution(lhs, rhs, attrs));
  // Padded [0,0,1,2,3,4,5]; reversed windows give w[1] - w[0].
  EXPECT_EQ(reversed.toVector<float>(), (std::vector<float>{0, 1, 1, 1, 1, 1}));
}

/// A convolution reference in the most literal form: materialize the padded
/// and dilated input, then slide a dilated window over it per group.
HostTensor naiveConvNchw(const HostTensor &lhs, const HostTensor &rhs,
                         const std::vector<int64_t> &strides,
                         const std::vector<std::pair<int64_t, int64_t>> &pad,
                         const std::vector<int64_t> &lhsDil,
                         const std::vector<int64_t> &rhsDil,
                         int64_t featureGroups, int64_t batchGroups) {
  const int64_t n = lhs.dim(0), c = lhs.dim(1), h = lhs.dim(2), w = lhs.dim(3);
  const int64_t o = rhs.dim(0), ci = rhs.dim(1), kh = rhs.dim(2),
                kw = rhs.dim(3);
  // Dilated then padded input, as a dense array (negative padding crops).
  const int64_t dh = (h - 1) * lhsDil[0] + 1, dw = (w - 1) * lhsDil[1] + 1;
  const int64_t ph = pad[0].first + dh + pad[0].second;
  const int64_t pw = pad[1].first + dw + pad[1].second;
  std::vector<float> padded(static_cast<size_t>(n * c * ph * pw), 0.0f);
  for (int64_t b = 0; b < n; ++b)
    for (int64_t f = 0; f < c; ++f)
      for (int64_t y = 0; y < h; ++y)
        for (int64_t x = 0; x < w; ++x) {
          int64_t py = pad[0].first + y * lhsDil[0];
          int64_t px = pad[1].first + x * lhsDil[1];
          if (py >= 0 && py < ph && px >= 0 && px < pw)
            padded[static_cast<size_t>(((b * c + f) * ph + py) * pw + px)] =
                lhs.at<float>({b, f, y, x});
        }
  const int64_t ekh = (kh - 1) * rhsDil[0] + 1, ekw = (kw - 1) * rhsDil[1] + 1;
  const int64_t oh = (ph - ekh) / strides[0] + 1;
  const int64_t ow = (pw - ekw) / strides[1] + 1;
  const int64_t outBatch = n / batchGroups;
  HostTensor out =
      HostTensor::create(DType::f32, {outBatch, o, oh, ow}).value();
  for (int64_t b = 0; b < outBatch; ++b)
    for (int64_t of = 0; of < o; ++of) {
      int64_t fg = of / (o / featureGroups);
      int64_t bg = of / (o / batchGroups);
      for (int64_t y = 0; y < oh; ++y)
        for (int64_t x = 0; x < ow; ++x) {
          double sum = 0;
          for (int64_t i = 0; i < ci; ++i)
            for (int64_t ky = 0; ky < kh; ++ky)
              for (int64_t kx = 0; kx < kw; ++kx) {
                int64_t srcBatch = bg * outBatch + b;
                int64_t srcFeature = fg * ci + i;
                int64_t py = y * strides[0] + ky * rhsDil[0];
                int64_t px = x * strides[1] + kx * rhsDil[1];
                sum += padded[static_cast<size_t>(
                           ((srcBatch * c + srcFeature) * ph + py) * pw + px)] *
                       rhs.at<float>({of, i, ky, kx});
              }
          out.data<float>()[out.flatIndex({b, of, y, x})] =
              static_cast<float>(sum);
        }
    }
  return out;
}

TEST(ConvolutionTest, StridedDilatedGroupedMatchesNaiveLoop) {
  // 2 feature groups of 2 input channels each, 4 output channels.
  HostTensor lhs = f32({2, 4, 7, 6}, pattern(2 * 4 * 7 * 6, 7));
  HostTensor rhs = f32({4, 2, 3, 2}, pattern(4 * 2 * 3 * 2, 8));
  ConvolutionAttrs attrs;
  attrs.dimensionNumbers = nchw(2);
  attrs.windowStrides = {2, 1};
  attrs.padding = {{1, 2}, {-1, 1}};
  attrs.lhsDilation = {1, 2};
  attrs.rhsDilation = {2, 1};
  attrs.featureGroupCount = 2;
  ASSERT_OK_AND_ASSIGN(HostTensor r, convolution(lhs, rhs, attrs));
  HostTensor expected =
      naiveConvNchw(lhs, rhs, attrs.windowStrides, attrs.padding,
                    attrs.lhsDilation, attrs.rhsDilation, 2, 1);
  ASSERT_EQ(r.shape(), expected.shape());
  EXPECT_EQ(r.shape(), (Shape{2, 4, 3, 10}));
  EXPECT_EQ(r.toVector<float>(), expected.toVector<float>());
}

TEST(ConvolutionTest, BatchGroupsMatchNaiveLoop) {
  // The weight-gradient form: batch groups split the batch across outputs.
  HostTensor lhs = f32({4, 3, 5, 5}, pattern(4 * 3 * 5 * 5, 9));
  HostTensor rhs = f32({6, 3, 2, 2}, pattern(6 * 3 * 2 * 2, 10));
  ConvolutionAttrs attrs;
  attrs.dimensionNumbers = nchw(2);
  attrs.padding = {{0, 1}, {1, 0}};
  attrs.batchGroupCount = 2;
  ASSERT_OK_AND_ASSIGN(HostTensor r, convolution(lhs, rhs, attrs));
  HostTensor expected =
      naiveConvNchw(lhs, rhs, {1, 1}, attrs.padding, {1, 1}, {1, 1}, 1, 2);
  EXPECT_EQ(r.shape(), (Shape{2, 6, 5, 5}));
  EXPECT_EQ(r.toVector<float>(), expected.toVector<float>());
}

TEST(ConvolutionTest, NonDefaultLayouts) {
  // Output in NHWC while input is NCHW and kernel HWIO: only the element
  // placement differs from the NCHW result.
  HostTensor lhs = f32({1, 2, 3, 3}, pattern(18, 11));
  HostTensor rhsOihw = f32({2, 2, 2, 2}, pattern(16, 12));
  ASSERT_OK_AND_ASSIGN(HostTensor rhsHwio, transpose(rhsOihw, {2, 3, 1, 0}));
  ConvolutionAttrs reference;
  reference.dimensionNumbers = nchw(2);
  ASSERT_OK_AND_ASSIGN(HostTensor expected,
                       convolution(lhs, rhsOihw, reference));
  ConvolutionAttrs attrs;
  ConvDimensionNumbers &dn = attrs.dimensionNumbers;
  dn.inputBatchDimension = 0;
  dn.inputFeatureDimension = 1;
  dn.inputSpatialDimensions = {2, 3};
  dn.kernelSpatialDimensions = {0, 1};
  dn.kernelInputFeatureDimension = 2;
  dn.kernelOutputFeatureDimension = 3;
  dn.outputBatchDimension = 0;
  dn.outputSpatialDimensions = {1, 2};
  dn.outputFeatureDimension = 3;
  ASSERT_OK_AND_ASSIGN(HostTensor r, convolution(lhs, rhsHwio, attrs));
  ASSERT_OK_AND_ASSIGN(HostTensor asNchw, transpose(r, {0, 3, 1, 2}));
  EXPECT_EQ(asNchw.toVector<float>(), expected.toVector<float>());
}

TEST(ConvolutionTest, InvalidConfigurationsAreErrors) {
  HostTensor lhs = f32({1, 3, 4, 4}, pattern(48, 1));
  HostTensor rhs = f32({2, 2, 2, 2}, pattern(16, 1));
  ConvolutionAttrs attrs;
  attrs.dimensionNumbers = nchw(2);
  EXPECT_TRUE(failsWith(convolution(lhs, rhs, attrs),
                        {"convolution", "input features 3"}));
  attrs.featureGroupCount = 2;
  EXPECT_TRUE(failsWith(convolution(lhs, rhs, attrs),
                        {"convolution", "feature_group_count 2"}));
  attrs.featureGroupCount = 1;
  attrs.windowStrides = {1};
  EXPECT_TRUE(failsWith(convolution(lhs, rhs, attrs),
                        {"convolution", "window_strides"}));
}

} // namespace
