//===- DataMovementKernelsTest.cpp - Layout and indexing ops --------------===//

#include "RuntimeTestUtils.h"

#include <numeric>

using namespace strata::rt;
using namespace strata::rt::test;

namespace {

std::vector<int32_t> iotaValues(int32_t count, int32_t first = 0) {
  std::vector<int32_t> values(static_cast<size_t>(count));
  std::iota(values.begin(), values.end(), first);
  return values;
}

TEST(TransposeTest, Permutations) {
  ASSERT_OK_AND_ASSIGN(HostTensor t,
                       transpose(i32({2, 3}, {1, 2, 3, 4, 5, 6}), {1, 0}));
  EXPECT_EQ(t.shape(), (Shape{3, 2}));
  EXPECT_EQ(t.toVector<int32_t>(), (std::vector<int32_t>{1, 4, 2, 5, 3, 6}));
  HostTensor x = i32({2, 3, 4}, iotaValues(24));
  ASSERT_OK_AND_ASSIGN(HostTensor r, transpose(x, {2, 0, 1}));
  ASSERT_EQ(r.shape(), (Shape{4, 2, 3}));
  for (int64_t a = 0; a < 2; ++a)
    for (int64_t b = 0; b < 3; ++b)
      for (int64_t c = 0; c < 4; ++c)
        EXPECT_EQ(r.at<int32_t>({c, a, b}), x.at<int32_t>({a, b, c}));
  EXPECT_TRUE(failsWith(transpose(x, {0, 0, 1}), {"transpose", "repeats"}));
}

TEST(BroadcastInDimTest, ExpandsNewAndUnitDimensions) {
  ASSERT_OK_AND_ASSIGN(HostTensor rows,
                       broadcastInDim(i32({3}, {1, 2, 3}), {2, 3}, {1}));
  EXPECT_EQ(rows.toVector<int32_t>(), (std::vector<int32_t>{1, 2, 3, 1, 2, 3}));
  ASSERT_OK_AND_ASSIGN(HostTensor cols,
                       broadcastInDim(i32({2, 1}, {7, 8}), {2, 3}, {0, 1}));
  EXPECT_EQ(cols.toVector<int32_t>(), (std::vector<int32_t>{7, 7, 7, 8, 8, 8}));
  ASSERT_OK_AND_ASSIGN(HostTensor scalar,
                       broadcastInDim(HostTensor::scalar(2.5f), {2, 2}, {}));
  EXPECT_EQ(scalar.toVector<float>(), (std::vector<float>(4, 2.5f)));
  // Dimensions may be permuted: operand dim 0 -> result dim 1.
  ASSERT_OK_AND_ASSIGN(
      HostTensor permuted,
      broadcastInDim(i32({3, 2}, {1, 2, 3, 4, 5, 6}), {2, 3}, {1, 0}));
  EXPECT_EQ(permuted.toVector<int32_t>(),
            (std::vector<int32_t>{1, 3, 5, 2, 4, 6}));
  EXPECT_TRUE(failsWith(broadcastInDim(i32({3}, {1, 2, 3}), {2, 4}, {1}),
                        {"broadcast_in_dim", "size 3", "[2,4]"}));
}

TEST(ReshapeTest, KeepsRowMajorOrder) {
  ASSERT_OK_AND_ASSIGN(HostTensor r,
                       reshape(i32({2, 3}, iotaValues(6)), {3, 2}));
  EXPECT_EQ(r.shape(), (Shape{3, 2}));
  EXPECT_EQ(r.toVector<int32_t>(), iotaValues(6));
  EXPECT_TRUE(failsWith(reshape(i32({2, 3}, iotaValues(6)), {4, 2}),
                        {"reshape", "i32[2,3]", "[4,2]"}));
}

TEST(SliceTest, StartsLimitsAndStrides) {
  ASSERT_OK_AND_ASSIGN(HostTensor r,
                       slice(i32({10}, iotaValues(10)), {1}, {8}, {3}));
  EXPECT_EQ(r.toVector<int32_t>(), (std::vector<int32_t>{1, 4, 7}));
  ASSERT_OK_AND_ASSIGN(HostTensor m,
                       slice(i32({3, 4}, iotaValues(12)), {1, 1}, {3, 4}, {}));
  EXPECT_EQ(m.shape(), (Shape{2, 3}));
  EXPECT_EQ(m.toVector<int32_t>(), (std::vector<int32_t>{5, 6, 7, 9, 10, 11}));
  EXPECT_TRUE(
      failsWith(slice(i32({3}, {1, 2, 3}), {2}, {4}, {}), {"slice", "i32[3]"}));
}

TEST(ConcatenateTest, AlongEachDimension) {
  HostTensor a = i32({2, 2}, {1, 2, 3, 4});
  HostTensor b = i32({2, 1}, {5, 6});
  ASSERT_OK_AND_ASSIGN(HostTensor cols, concatenate({&a, &b}, 1));
  EXPECT_EQ(cols.shape(), (Shape{2, 3}));
  EXPECT_EQ(cols.toVector<int32_t>(), (std::vector<int32_t>{1, 2, 5, 3, 4, 6}));
  HostTensor c = i32({1, 2}, {7, 8});
  ASSERT_OK_AND_ASSIGN(HostTensor rows, concatenate({&a, &c, &a}, 0));
  EXPECT_EQ(rows.toVector<int32_t>(),
            (std::vector<int32_t>{1, 2, 3, 4, 7, 8, 1, 2, 3, 4}));
  EXPECT_TRUE(failsWith(concatenate({&a, &b}, 0),
                        {"concatenate", "i32[2,1]", "i32[2,2]"}));
}

TEST(PadTest, NegativeLowWithInterior) {
  // Interior 1 gives [1,0,2,0,3]; low -1 drops the 1; high 1 appends a 0.
  ASSERT_OK_AND_ASSIGN(
      HostTensor r,
      pad(i32({3}, {1, 2, 3}), HostTensor::scalar<int32_t>(0), {-1}, {1}, {1}));
  EXPECT_EQ(r.toVector<int32_t>(), (std::vector<int32_t>{0, 2, 0, 3, 0}));
}

TEST(PadTest, TwoDimensionsWithValue) {
  ASSERT_OK_AND_ASSIGN(HostTensor r,
                       pad(f32({2, 2}, {1, 2, 3, 4}), HostTensor::scalar(9.0f),
                           {1, 0}, {0, 1}, {0, 1}));
  EXPECT_EQ(r.shape(), (Shape{3, 4}));
  EXPECT_EQ(r.toVector<float>(),
            (std::vector<float>{9, 9, 9, 9, 1, 9, 2, 9, 3, 9, 4, 9}));
  ASSERT_OK_AND_ASSIGN(HostTensor cropped,
                       pad(f32({2, 2}, {1, 2, 3, 4}), HostTensor::scalar(0.0f),
                           {-1, -1}, {0, 0}, {0, 0}));
  EXPECT_EQ(cropped.toVector<float>(), (std::vector<float>{4}));
  EXPECT_TRUE(
      failsWith(pad(f32({2}, {1, 2}), HostTensor::scalar(0.0f), {-3}, {0}, {0}),
                {"pad", "negative size"}));
  EXPECT_TRUE(
      failsWith(pad(f32({2}, {1, 2}), HostTensor::scalar(0), {0}, {0}, {0}),
                {"pad", "i32[]"}));
}

TEST(IotaTest, CountsAlongTheDimension) {
  ASSERT_OK_AND_ASSIGN(HostTensor r, iota({2, 3}, DType::i32, 1));
  EXPECT_EQ(r.toVector<int32_t>(), (std::vector<int32_t>{0, 1, 2, 0, 1, 2}));
  ASSERT_OK_AND_ASSIGN(HostTensor f, iota({2, 3}, DType::f32, 0));
  EXPECT_EQ(f.toVector<float>(), (std::vector<float>{0, 0, 0, 1, 1, 1}));
  EXPECT_TRUE(failsWith(iota({2}, DType::i32, 1), {"iota", "[2]"}));
}

GatherDimensionNumbers embeddingLookup() {
  GatherDimensionNumbers dn;
  dn.offsetDims = {1};
  dn.collapsedSliceDims = {0};
  dn.startIndexMap = {0};
  dn.indexVectorDim = 1;
  return dn;
}

TEST(GatherTest, EmbeddingRows) {
  HostTensor table = f32({4, 3}, {0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32});
  ASSERT_OK_AND_ASSIGN(HostTensor rows, gather(table, i32({3, 1}, {3, 1, 3}),
                                               embeddingLookup(), {1, 3}));
  EXPECT_EQ(rows.shape(), (Shape{3, 3}));
  EXPECT_EQ(rows.toVector<float>(),
            (std::vector<float>{30, 31, 32, 10, 11, 12, 30, 31, 32}));
  // The same lookup with an implicit index vector (index_vector_dim = rank).
  ASSERT_OK_AND_ASSIGN(HostTensor implicit, gather(table, i64({2}, {2, 0}),
                                                   embeddingLookup(), {1, 3}));
  EXPECT_EQ(implicit.toVector<float>(),
            (std::vector<float>{20, 21, 22, 0, 1, 2}));
}

TEST(GatherTest, StartIndicesAreClamped) {
  HostTensor table = i32({4, 2}, iotaValues(8));
  ASSERT_OK_AND_ASSIGN(HostTensor rows, gather(table, i32({2, 1}, {10, -5}),
                                               embeddingLookup(), {1, 2}));
  EXPECT_EQ(rows.toVector<int32_t>(), (std::vector<int32_t>{6, 7, 0, 1}));
  // A window of 3 rows starting at 2 is clamped to start at 1.
  GatherDimensionNumbers dn;
  dn.offsetDims = {1, 2};
  dn.startIndexMap = {0};
  dn.indexVectorDim = 1;
  ASSERT_OK_AND_ASSIGN(HostTensor window,
                       gather(table, i32({1, 1}, {2}), dn, {3, 2}));
  EXPECT_EQ(window.shape(), (Shape{1, 3, 2}));
  EXPECT_EQ(window.toVector<int32_t>(),
            (std::vector<int32_t>{2, 3, 4, 5, 6, 7}));
}

TEST(GatherTest, BatchingDimsFollowTheSpecExample) {
  // The batching-dimensions example of the StableHLO gather specification.
  HostTensor operand = i32({2, 3, 4, 2}, iotaValues(48, 1));
  HostTensor indices = i64({2, 2, 3, 2}, {0, 0, 1, 0, 2, 1, //
                                          0, 1, 1, 1, 0, 9, //
                                          0, 0, 2, 1, 2, 2, //
                                          1, 2, 0, 1, 1, 0});
  GatherDimensionNumbers dn;
  dn.offsetDims = {3, 4};
  dn.collapsedSliceDims = {1};
  dn.operandBatchingDims = {0};
  dn.startIndicesBatchingDims = {1};
  dn.startIndexMap = {2, 1};
  dn.indexVectorDim = 3;
  ASSERT_OK_AND_ASSIGN(HostTensor r,
                       gather(operand, indices, dn, {1, 1, 2, 2}));
  EXPECT_EQ(r.shape(), (Shape{2, 2, 3, 2, 2}));
  EXPECT_EQ(
      r.toVector<int32_t>(),
      (std::vector<int32_t>{1,  2,  3,  4,  3,  4,  5,  6,  13, 14, 15, 16,
                            33, 34, 35, 36, 35, 36, 37, 38, 41, 42, 43, 44,
                            1,  2,  3,  4,  13, 14, 15, 16, 21, 22, 23, 24,
                            43, 44, 45, 46, 33, 34, 35, 36, 27, 28, 29, 30}));
}

TEST(GatherTest, InvalidDimensionNumbersAreErrors) {
  HostTensor table = f32({4, 3}, std::vector<float>(12, 0));
  EXPECT_TRUE(
      failsWith(gather(table, i32({2, 1}, {0, 1}), embeddingLookup(), {2, 3}),
                {"gather", "slice_sizes"}));
  EXPECT_TRUE(
      failsWith(gather(table, f32({2, 1}, {0, 1}), embeddingLookup(), {1, 3}),
                {"gather", "integer", "f32[2,1]"}));
  GatherDimensionNumbers dn = embeddingLookup();
  dn.startIndexMap = {0, 1};
  EXPECT_TRUE(failsWith(gather(table, i32({2, 1}, {0, 1}), dn, {1, 3}),
                        {"gather", "start_index_map"}));
}

ScatterDimensionNumbers rowScatter() {
  ScatterDimensionNumbers dn;
  dn.updateWindowDims = {1};
  dn.insertedWindowDims = {0};
  dn.scatterDimsToOperandDims = {0};
  dn.indexVectorDim = 1;
  return dn;
}

TEST(ScatterTest, AddAccumulatesDuplicateIndices) {
  HostTensor input = f32({4, 2}, std::vector<float>(8, 0));
  HostTensor updates = f32({3, 2}, {1, 2, 3, 4, 5, 6});
  ASSERT_OK_AND_ASSIGN(HostTensor r,
                       scatter(input, i32({3, 1}, {1, 3, 1}), updates,
                               rowScatter(),
                               ScatterCombiner::combineWith(BinaryFn::Add)));
  EXPECT_EQ(r.toVector<float>(), (std::vector<float>{0, 0, 6, 8, 0, 0, 3, 4}));
}

TEST(ScatterTest, ReplaceSkipsOutOfBoundsUpdates) {
  HostTensor input = i32({3, 2}, {1, 1, 1, 1, 1, 1});
  HostTensor updates = i32({3, 2}, {7, 8, 9, 9, 5, 5});
  ASSERT_OK_AND_ASSIGN(HostTensor r,
                       scatter(input, i32({3, 1}, {2, 3, -1}), updates,
                               rowScatter(), ScatterCombiner::replaceValue()));
  EXPECT_EQ(r.toVector<int32_t>(), (std::vector<int32_t>{1, 1, 1, 1, 7, 8}));
  // A window that starts inside but runs past the end is skipped element by
  // element: only the elements that land inside are written.
  ScatterDimensionNumbers dn;
  dn.updateWindowDims = {1};
  dn.scatterDimsToOperandDims = {0};
  dn.indexVectorDim = 1;
  ASSERT_OK_AND_ASSIGN(HostTensor partial,
                       scatter(i32({4}, {0, 0, 0, 0}), i32({1, 1}, {3}),
                               i32({1, 2}, {5, 6}), dn,
                               ScatterCombiner::replaceValue()));
  EXPECT_EQ(partial.toVector<int32_t>(), (std::vector<int32_t>{0, 0, 0, 5}));
}

TEST(ScatterTest, BatchingDims) {
  // input [2,3]: batch dim 0 pairs with indices dim 0; each batch scatters
  // one element into its own row.
  ScatterDimensionNumbers dn;
  dn.insertedWindowDims = {1};
  dn.inputBatchingDims = {0};
  dn.scatterIndicesBatchingDims = {0};
  dn.scatterDimsToOperandDims = {1};
  dn.indexVectorDim = 1;
  ASSERT_OK_AND_ASSIGN(HostTensor r,
                       scatter(i32({2, 3}, {0, 0, 0, 0, 0, 0}),
                               i32({2}, {2, 0}), i32({2}, {10, 20}), dn,
                               ScatterCombiner::combineWith(BinaryFn::Add)));
  EXPECT_EQ(r.toVector<int32_t>(), (std::vector<int32_t>{0, 0, 10, 20, 0, 0}));
}

TEST(ScatterTest, CombinersAndErrors) {
  ASSERT_OK_AND_ASSIGN(HostTensor r,
                       scatter(f32({2, 2}, {1, 5, 1, 5}), i32({2, 1}, {0, 0}),
                               f32({2, 2}, {3, 2, 4, 1}), rowScatter(),
                               ScatterCombiner::combineWith(BinaryFn::Max)));
  EXPECT_EQ(r.toVector<float>(), (std::vector<float>{4, 5, 1, 5}));
  EXPECT_TRUE(failsWith(scatter(f32({2, 2}, {0, 0, 0, 0}), i32({2, 1}, {0, 0}),
                                f32({3, 2}, {0, 0, 0, 0, 0, 0}), rowScatter(),
                                ScatterCombiner::replaceValue()),
                        {"scatter", "f32[3,2]"}));
  EXPECT_TRUE(failsWith(scatter(f32({2, 2}, {0, 0, 0, 0}), i32({2, 1}, {0, 0}),
                                f32({2, 2}, {0, 0, 0, 0}), rowScatter(),
                                ScatterCombiner::combineWith(BinaryFn::Xor)),
                        {"scatter", "xor", "f32"}));
}

TEST(DynamicSliceTest, StartsAreClamped) {
  HostTensor x = i32({10}, iotaValues(10));
  ASSERT_OK_AND_ASSIGN(HostTensor tail, dynamicSlice(x, {8}, {4}));
  EXPECT_EQ(tail.toVector<int32_t>(), (std::vector<int32_t>{6, 7, 8, 9}));
  ASSERT_OK_AND_ASSIGN(HostTensor head, dynamicSlice(x, {-3}, {2}));
  EXPECT_EQ(head.toVector<int32_t>(), (std::vector<int32_t>{0, 1}));
  ASSERT_OK_AND_ASSIGN(
      HostTensor block,
      dynamicSlice(i32({3, 3}, iotaValues(9)), {1, 1}, {2, 2}));
  EXPECT_EQ(block.toVector<int32_t>(), (std::vector<int32_t>{4, 5, 7, 8}));
  EXPECT_TRUE(failsWith(dynamicSlice(x, {0}, {11}), {"dynamic_slice"}));
  ASSERT_OK_AND_ASSIGN(int64_t start,
                       indexScalarValue(HostTensor::scalar<int8_t>(-4)));
  EXPECT_EQ(start, -4);
  EXPECT_TRUE(failsWith(indexScalarValue(HostTensor::scalar(1.0f)), {"f32[]"}));
}

TEST(DynamicUpdateSliceTest, StartsAreClamped) {
  ASSERT_OK_AND_ASSIGN(
      HostTensor r, dynamicUpdateSlice(i32({3, 3}, iotaValues(9)),
                                       i32({2, 2}, {-1, -2, -3, -4}), {5, -1}));
  EXPECT_EQ(r.toVector<int32_t>(),
            (std::vector<int32_t>{0, 1, 2, -1, -2, 5, -3, -4, 8}));
  EXPECT_TRUE(
      failsWith(dynamicUpdateSlice(i32({2}, {0, 0}), i32({3}, {1, 2, 3}), {0}),
                {"dynamic_update_slice", "i32[3]", "i32[2]"}));
}

} // namespace
