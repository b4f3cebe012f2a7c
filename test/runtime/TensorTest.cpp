//===- TensorTest.cpp - HostTensor, DType and Status ----------------------===//

#include "RuntimeTestUtils.h"

#include <limits>

using namespace strata::rt;
using namespace strata::rt::test;

namespace {

TEST(DTypeTest, SizesAndNames) {
  EXPECT_EQ(dtypeByteSize(DType::i1), 1u);
  EXPECT_EQ(dtypeByteSize(DType::bf16), 2u);
  EXPECT_EQ(dtypeByteSize(DType::u32), 4u);
  EXPECT_EQ(dtypeByteSize(DType::f64), 8u);
  for (DType dtype : kAllDTypes)
    EXPECT_EQ(parseDType(dtypeName(dtype)), dtype) << dtypeName(dtype);
  EXPECT_EQ(parseDType("ui8"), DType::u8);
  EXPECT_EQ(parseDType("si32"), DType::i32);
  EXPECT_FALSE(parseDType("f8").has_value());
  EXPECT_TRUE(isFloatDType(DType::bf16));
  EXPECT_TRUE(isSignedIntegerDType(DType::i8));
  EXPECT_FALSE(isSignedIntegerDType(DType::i1));
  EXPECT_TRUE(isUnsignedIntegerDType(DType::u64));
}

TEST(DTypeTest, SixteenBitFloatEncodings) {
  EXPECT_EQ(doubleToHalfBits(1.0), 0x3C00);
  EXPECT_EQ(doubleToHalfBits(-2.0), 0xC000);
  EXPECT_EQ(doubleToHalfBits(65504.0), 0x7BFF);
  EXPECT_EQ(doubleToHalfBits(std::ldexp(1.0, -14)), 0x0400); // Min normal.
  EXPECT_EQ(halfBitsToDouble(0x3555), 0.333251953125);
  EXPECT_EQ(doubleToBFloat16Bits(1.0), 0x3F80);
  EXPECT_EQ(bfloat16BitsToDouble(0x4049), 3.140625);
  EXPECT_TRUE(std::isinf(halfBitsToDouble(0x7C00)));
  EXPECT_TRUE(std::isnan(bfloat16BitsToDouble(0x7FC0)));
}

TEST(HostTensorTest, CreateValidatesShapes) {
  ASSERT_OK_AND_ASSIGN(HostTensor zeros,
                       HostTensor::create(DType::i16, {2, 3}));
  EXPECT_EQ(zeros.numElements(), 6);
  EXPECT_EQ(zeros.sizeInBytes(), 12u);
  EXPECT_EQ(zeros.toVector<int16_t>(), std::vector<int16_t>(6, 0));
  EXPECT_EQ(reinterpret_cast<uintptr_t>(zeros.rawData()) %
                HostTensor::kAlignment,
            0u);
  EXPECT_TRUE(failsWith(HostTensor::create(DType::f32, {2, -1}),
                        {"negative dimension", "[2,-1]"}));
  int64_t huge = std::numeric_limits<int64_t>::max() / 2;
  EXPECT_TRUE(
      failsWith(HostTensor::create(DType::f32, {huge, 4}), {"overflows"}));
  EXPECT_TRUE(failsWith(HostTensor::fromVector<float>({3}, {1, 2}),
                        {"2 values", "[3]"}));
}

TEST(HostTensorTest, AccessorsAndDescribe) {
  HostTensor t = i32({2, 3}, {1, 2, 3, 4, 5, 6});
  EXPECT_EQ(t.describe(), "i32[2,3]");
  EXPECT_EQ(HostTensor::scalar(1.5).describe(), "f64[]");
  EXPECT_EQ(t.at<int32_t>({1, 2}), 6);
  EXPECT_EQ(t.flatIndex({1, 0}), 3);
  EXPECT_EQ(t.getAsDouble(4), 5.0);
  t.setFromDouble(0, -7.9);
  EXPECT_EQ(t.at<int32_t>({0, 0}), -7) << "setFromDouble truncates";
  ASSERT_OK_AND_ASSIGN(HostTensor r, t.reshaped({3, 2}));
  EXPECT_EQ(r.shape(), (Shape{3, 2}));
  EXPECT_EQ(r.toVector<int32_t>(), t.toVector<int32_t>());
}

TEST(HostTensorTest, CopiesAreDeepAndMovesEmptyTheSource) {
  HostTensor a = f32({2}, {1, 2});
  HostTensor copy = a;
  copy.data<float>()[0] = 9;
  EXPECT_EQ(a.toVector<float>(), (std::vector<float>{1, 2}));
  HostTensor moved = std::move(a);
  EXPECT_EQ(moved.toVector<float>(), (std::vector<float>{1, 2}));
  EXPECT_EQ(a.numElements(), 0); // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(a.shape(), (Shape{0}));
  HostTensor copyOfEmpty = a;
  EXPECT_TRUE(copyOfEmpty.bitwiseEquals(a));
}

Status failWhenNegative(int value) {
  if (value < 0)
    return makeError("value ", value, " is negative");
  return Status::success();
}

StatusOr<int> doubled(int value) {
  STRATA_RT_RETURN_IF_ERROR(failWhenNegative(value));
  return 2 * value;
}

StatusOr<int> quadrupled(int value) {
  STRATA_RT_ASSIGN_OR_RETURN(int twice, doubled(value));
  return 2 * twice;
}

TEST(StatusTest, PropagationMacros) {
  ASSERT_OK_AND_ASSIGN(int four, quadrupled(1));
  EXPECT_EQ(four, 4);
  EXPECT_TRUE(failsWith(quadrupled(-3), {"value -3 is negative"}));
  Status withContext = failWhenNegative(-1).withContext("reading x.npy");
  EXPECT_EQ(withContext.message(), "reading x.npy: value -1 is negative");
  EXPECT_TRUE(Status::success().withContext("unused").ok());
}

} // namespace
