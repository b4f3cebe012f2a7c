//===- ConvertKernelsTest.cpp - Element type conversion -------------------===//

#include "RuntimeTestUtils.h"

#include <cmath>
#include <limits>

using namespace strata::rt;
using namespace strata::rt::test;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

template <typename To> std::vector<To> convertF32(std::vector<float> values) {
  StatusOr<HostTensor> r = convert(
      f32({static_cast<int64_t>(values.size())}, values), dtypeOf<To>());
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? r->toVector<To>() : std::vector<To>();
}

std::vector<uint16_t> bitsOf(const HostTensor &t) {
  std::vector<uint16_t> bits(static_cast<size_t>(t.numElements()));
  std::memcpy(bits.data(), t.rawData(), t.sizeInBytes());
  return bits;
}

TEST(ConvertTest, FloatToIntegerTruncatesAndSaturates) {
  EXPECT_EQ(convertF32<int32_t>({1.9f, -1.9f, 2.5f, -0.5f}),
            (std::vector<int32_t>{1, -1, 2, 0}));
  EXPECT_EQ(convertF32<int32_t>({kNaN, 1e10f, -1e10f, kInf}),
            (std::vector<int32_t>{0, std::numeric_limits<int32_t>::max(),
                                  std::numeric_limits<int32_t>::min(),
                                  std::numeric_limits<int32_t>::max()}));
  EXPECT_EQ(convertF32<uint8_t>({-3.0f, 300.0f, 255.9f}),
            (std::vector<uint8_t>{0, 255, 255}));
  EXPECT_EQ(convertF32<int64_t>({-1e30f, 3.0e9f}),
            (std::vector<int64_t>{std::numeric_limits<int64_t>::min(),
                                  3000000000LL}));
  EXPECT_EQ(convertF32<uint64_t>({1e30f, -1.0f}),
            (std::vector<uint64_t>{std::numeric_limits<uint64_t>::max(), 0}));
}

TEST(ConvertTest, ToI1IsNonzero) {
  ASSERT_OK_AND_ASSIGN(HostTensor r,
                       convert(f32({4}, {0.0f, 0.5f, -0.0f, kNaN}), DType::i1));
  EXPECT_EQ(boolsOf(r), (std::vector<bool>{false, true, false, true}));
  ASSERT_OK_AND_ASSIGN(HostTensor s, convert(i32({2}, {0, 5}), DType::i1));
  EXPECT_EQ(boolsOf(s), (std::vector<bool>{false, true}));
  ASSERT_OK_AND_ASSIGN(HostTensor back, convert(s, DType::f32));
  EXPECT_EQ(back.toVector<float>(), (std::vector<float>{0, 1}));
}

TEST(ConvertTest, HalfRoundsToNearestEven) {
  ASSERT_OK_AND_ASSIGN(
      HostTensor r,
      convert(f32({9}, {1.0f + std::ldexp(1.0f, -11),     // tie, to 1.0
                        1.0f + 3 * std::ldexp(1.0f, -11), // tie, to 1+2^-9
                        65504.0f, 65519.0f, 65520.0f,     // max, below, over
                        std::ldexp(1.0f, -24),            // smallest subnormal
                        1e-8f, -kInf, kNaN}),
              DType::f16));
  std::vector<uint16_t> bits = bitsOf(r);
  EXPECT_EQ(bits[0], 0x3C00);
  EXPECT_EQ(bits[1], 0x3C02);
  EXPECT_EQ(bits[2], 0x7BFF);
  EXPECT_EQ(bits[3], 0x7BFF);
  EXPECT_EQ(bits[4], 0x7C00);
  EXPECT_EQ(bits[5], 0x0001);
  EXPECT_EQ(bits[6], 0x0000);
  EXPECT_EQ(bits[7], 0xFC00);
  EXPECT_EQ(bits[8] & 0x7C00, 0x7C00);
  EXPECT_NE(bits[8] & 0x03FF, 0) << "NaN must stay NaN";
}

TEST(ConvertTest, BFloat16RoundsToNearestEven) {
  ASSERT_OK_AND_ASSIGN(
      HostTensor r,
      convert(f32({6}, {1.0f, 1.0f + std::ldexp(1.0f, -8),
                        1.0f + 3 * std::ldexp(1.0f, -8), 3.4e38f, -2.0f, kNaN}),
              DType::bf16));
  std::vector<uint16_t> bits = bitsOf(r);
  EXPECT_EQ(bits[0], 0x3F80);
  EXPECT_EQ(bits[1], 0x3F80);
  EXPECT_EQ(bits[2], 0x3F82);
  EXPECT_EQ(bits[3], 0x7F80) << "beyond the largest bfloat16: infinity";
  EXPECT_EQ(bits[4], 0xC000);
  EXPECT_EQ(bits[5] & 0x7F80, 0x7F80);
  EXPECT_NE(bits[5] & 0x007F, 0);
}

TEST(ConvertTest, F64ToHalfRoundsOnce) {
  // Just above the midpoint between 1 and the next half. Rounding to float
  // first would land exactly on the midpoint and then round down to 1.
  double value = 1.0 + std::ldexp(1.0, -11) + std::ldexp(1.0, -40);
  ASSERT_OK_AND_ASSIGN(HostTensor r,
                       convert(makeTensor<double>({1}, {value}), DType::f16));
  EXPECT_EQ(bitsOf(r)[0], 0x3C01);
}

TEST(ConvertTest, HalfWidensExactly) {
  HostTensor h = makeTensor<Float16>(
      {2}, {Float16::fromBits(0x3555), Float16::fromBits(0x0001)});
  ASSERT_OK_AND_ASSIGN(HostTensor r, convert(h, DType::f32));
  EXPECT_EQ(r.toVector<float>(),
            (std::vector<float>{0.333251953125f, std::ldexp(1.0f, -24)}));
  HostTensor b = makeTensor<BFloat16>({1}, {BFloat16(1.5)});
  ASSERT_OK_AND_ASSIGN(HostTensor asHalf, convert(b, DType::f16));
  EXPECT_EQ(bitsOf(asHalf)[0], 0x3E00);
}

TEST(ConvertTest, IntegerToIntegerWraps) {
  ASSERT_OK_AND_ASSIGN(
      HostTensor r,
      convert(i64({2}, {(int64_t(1) << 32) + 5, -1}), DType::i32));
  EXPECT_EQ(r.toVector<int32_t>(), (std::vector<int32_t>{5, -1}));
  ASSERT_OK_AND_ASSIGN(HostTensor u, convert(i32({1}, {-1}), DType::u32));
  EXPECT_EQ(u.toVector<uint32_t>(), (std::vector<uint32_t>{0xFFFFFFFFu}));
  ASSERT_OK_AND_ASSIGN(
      HostTensor big,
      convert(makeTensor<uint64_t>({1}, {uint64_t(1) << 63}), DType::f64));
  EXPECT_EQ(big.toVector<double>()[0], 9223372036854775808.0);
}

TEST(ConvertTest, SmallValuesSurviveEveryPairOfTypes) {
  for (DType from : kAllDTypes) {
    for (DType to : kAllDTypes) {
      StatusOr<HostTensor> source = HostTensor::create(from, {4});
      ASSERT_TRUE(source.ok());
      for (int64_t i = 0; i < 4; ++i)
        source->setFromDouble(i, static_cast<double>(i));
      ASSERT_OK_AND_ASSIGN(HostTensor there, convert(*source, to));
      ASSERT_OK_AND_ASSIGN(HostTensor back, convert(there, from));
      EXPECT_EQ(there.dtype(), to);
      for (int64_t i = 0; i < 4; ++i) {
        double expected = (from == DType::i1 || to == DType::i1)
                              ? (i != 0 ? 1.0 : 0.0)
                              : static_cast<double>(i);
        EXPECT_EQ(back.getAsDouble(i), expected)
            << dtypeName(from) << " -> " << dtypeName(to) << " -> "
            << dtypeName(from) << " at " << i;
      }
    }
  }
}

} // namespace
