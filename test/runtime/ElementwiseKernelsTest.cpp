//===- ElementwiseKernelsTest.cpp - Unary, binary, compare, select, clamp -===//

#include "RuntimeTestUtils.h"

#include <cmath>
#include <limits>

using namespace strata::rt;
using namespace strata::rt::test;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

std::vector<float> unaryF32(UnaryFn fn, const std::vector<float> &values) {
  StatusOr<HostTensor> result =
      unary(fn, f32({static_cast<int64_t>(values.size())}, values));
  EXPECT_TRUE(result.ok()) << result.status().message();
  return result.ok() ? result->toVector<float>() : std::vector<float>();
}

std::vector<int32_t> unaryI32(UnaryFn fn, const std::vector<int32_t> &values) {
  StatusOr<HostTensor> result =
      unary(fn, i32({static_cast<int64_t>(values.size())}, values));
  EXPECT_TRUE(result.ok()) << result.status().message();
  return result.ok() ? result->toVector<int32_t>() : std::vector<int32_t>();
}

template <typename T>
std::vector<T> binaryOf(BinaryFn fn, const std::vector<T> &a,
                        const std::vector<T> &b) {
  Shape shape{static_cast<int64_t>(a.size())};
  StatusOr<HostTensor> result =
      binary(fn, makeTensor<T>(shape, a), makeTensor<T>(shape, b));
  EXPECT_TRUE(result.ok()) << result.status().message();
  return result.ok() ? result->toVector<T>() : std::vector<T>();
}

TEST(UnaryTest, RoundEvenSendsHalvesToEven) {
  std::vector<float> r = unaryF32(UnaryFn::RoundEven,
                                  {2.5f, 3.5f, -2.5f, 0.5f, 1.5f, 2.4f, -0.5f});
  EXPECT_EQ(r, (std::vector<float>{2, 4, -2, 0, 2, 2, -0.0f}));
  EXPECT_TRUE(std::signbit(r[6])) << "round_even(-0.5) is -0";
}

TEST(UnaryTest, RoundAfzSendsHalvesAwayFromZero) {
  EXPECT_EQ(unaryF32(UnaryFn::RoundAfz, {2.5f, -2.5f, 0.5f, 2.4f}),
            (std::vector<float>{3, -3, 1, 2}));
}

TEST(UnaryTest, FloatFunctions) {
  std::vector<float> r = unaryF32(UnaryFn::Abs, {-1.5f, 2.0f});
  EXPECT_EQ(r, (std::vector<float>{1.5f, 2.0f}));
  EXPECT_EQ(unaryF32(UnaryFn::Ceil, {1.2f, -1.2f}),
            (std::vector<float>{2, -1}));
  EXPECT_EQ(unaryF32(UnaryFn::Floor, {1.8f, -1.2f}),
            (std::vector<float>{1, -2}));
  EXPECT_EQ(unaryF32(UnaryFn::Neg, {3.0f}), (std::vector<float>{-3.0f}));
  EXPECT_EQ(unaryF32(UnaryFn::Cbrt, {-8.0f, 27.0f}),
            (std::vector<float>{-2.0f, 3.0f}));
  EXPECT_EQ(unaryF32(UnaryFn::Sqrt, {9.0f}), (std::vector<float>{3.0f}));
  EXPECT_EQ(unaryF32(UnaryFn::Rsqrt, {4.0f}), (std::vector<float>{0.5f}));
  EXPECT_EQ(unaryF32(UnaryFn::Logistic, {0.0f}), (std::vector<float>{0.5f}));
  EXPECT_EQ(unaryF32(UnaryFn::Logistic, {-1000.0f, 1000.0f}),
            (std::vector<float>{0.0f, 1.0f}));
  EXPECT_EQ(unaryF32(UnaryFn::Exp, {0.0f}), (std::vector<float>{1.0f}));
  EXPECT_EQ(unaryF32(UnaryFn::Log, {1.0f}), (std::vector<float>{0.0f}));
  EXPECT_FLOAT_EQ(unaryF32(UnaryFn::Expm1, {1e-10f})[0], 1e-10f);
  EXPECT_FLOAT_EQ(unaryF32(UnaryFn::Log1p, {1e-10f})[0], 1e-10f);
  EXPECT_FLOAT_EQ(unaryF32(UnaryFn::Tanh, {0.5f})[0], std::tanh(0.5f));
  EXPECT_FLOAT_EQ(unaryF32(UnaryFn::Erf, {1.0f})[0], 0.84270079f);
  EXPECT_FLOAT_EQ(unaryF32(UnaryFn::Sin, {1.0f})[0], 0.84147098f);
  EXPECT_FLOAT_EQ(unaryF32(UnaryFn::Cos, {1.0f})[0], 0.54030231f);
  EXPECT_FLOAT_EQ(unaryF32(UnaryFn::Tan, {1.0f})[0], 1.5574077f);
}

TEST(UnaryTest, SignKeepsZerosAndNaN) {
  std::vector<float> r =
      unaryF32(UnaryFn::Sign, {-3.0f, 0.0f, -0.0f, 5.0f, kNaN});
  EXPECT_EQ(r[0], -1.0f);
  EXPECT_EQ(r[1], 0.0f);
  EXPECT_TRUE(std::signbit(r[2]));
  EXPECT_EQ(r[3], 1.0f);
  EXPECT_TRUE(std::isnan(r[4]));
  EXPECT_EQ(unaryI32(UnaryFn::Sign, {-7, 0, 9}),
            (std::vector<int32_t>{-1, 0, 1}));
}

TEST(UnaryTest, IsFiniteYieldsI1) {
  ASSERT_OK_AND_ASSIGN(
      HostTensor r,
      unary(UnaryFn::IsFinite, f32({4}, {1.0f, kInf, -kInf, kNaN})));
  EXPECT_EQ(r.dtype(), DType::i1);
  EXPECT_EQ(boolsOf(r), (std::vector<bool>{true, false, false, false}));
}

TEST(UnaryTest, IntegerBitOperations) {
  EXPECT_EQ(unaryI32(UnaryFn::Not, {5, 0}), (std::vector<int32_t>{-6, -1}));
  EXPECT_EQ(unaryI32(UnaryFn::Popcnt, {0, 7, -1}),
            (std::vector<int32_t>{0, 3, 32}));
  EXPECT_EQ(unaryI32(UnaryFn::Clz, {0, 1, -1, 256}),
            (std::vector<int32_t>{32, 31, 0, 23}));
  ASSERT_OK_AND_ASSIGN(HostTensor clz64, unary(UnaryFn::Clz, i64({2}, {1, 0})));
  EXPECT_EQ(clz64.toVector<int64_t>(), (std::vector<int64_t>{63, 64}));
  ASSERT_OK_AND_ASSIGN(HostTensor clz8,
                       unary(UnaryFn::Clz, makeTensor<int8_t>({1}, {1})));
  EXPECT_EQ(clz8.toVector<int8_t>(), (std::vector<int8_t>{7}));
}

TEST(UnaryTest, IntegerAbsAndNegWrap) {
  const int32_t min = std::numeric_limits<int32_t>::min();
  EXPECT_EQ(unaryI32(UnaryFn::Abs, {-5, 5, min}),
            (std::vector<int32_t>{5, 5, min}));
  EXPECT_EQ(unaryI32(UnaryFn::Neg, {-5, min}), (std::vector<int32_t>{5, min}));
}

TEST(UnaryTest, NotIsLogicalOnI1) {
  ASSERT_OK_AND_ASSIGN(HostTensor r,
                       unary(UnaryFn::Not, i1({2}, {true, false})));
  EXPECT_EQ(boolsOf(r), (std::vector<bool>{false, true}));
}

TEST(UnaryTest, SixteenBitFloatsComputeInFloatAndRound) {
  HostTensor half = makeTensor<Float16>({1}, {Float16(1.0)});
  ASSERT_OK_AND_ASSIGN(HostTensor e, unary(UnaryFn::Exp, half));
  // e = 2.71828...; halves near it are spaced 2^-9 apart: 2.71875 is nearest.
  EXPECT_EQ(static_cast<double>(e.data<Float16>()[0]), 2.71875);

  HostTensor bf = makeTensor<BFloat16>({1}, {BFloat16(2.0)});
  ASSERT_OK_AND_ASSIGN(HostTensor root, unary(UnaryFn::Sqrt, bf));
  // 1.41421 / 2^-7 = 181.02, so bfloat16 rounds to 181 * 2^-7.
  EXPECT_EQ(static_cast<double>(root.data<BFloat16>()[0]), 1.4140625);
}

TEST(UnaryTest, F64ComputesInDouble) {
  ASSERT_OK_AND_ASSIGN(HostTensor r,
                       unary(UnaryFn::Exp, makeTensor<double>({1}, {1.0})));
  EXPECT_EQ(r.toVector<double>()[0], std::exp(1.0));
}

TEST(UnaryTest, UndefinedCombinationsAreErrors) {
  EXPECT_TRUE(
      failsWith(unary(UnaryFn::Sqrt, i32({1}, {4})), {"unary sqrt", "i32[1]"}));
  EXPECT_TRUE(
      failsWith(unary(UnaryFn::Popcnt, f32({1}, {1})), {"popcnt", "f32"}));
  EXPECT_TRUE(
      failsWith(unary(UnaryFn::IsFinite, i32({1}, {1})), {"is_finite"}));
}

TEST(BinaryTest, FloatArithmetic) {
  EXPECT_EQ(binaryOf<float>(BinaryFn::Add, {1, 2}, {0.5f, -4}),
            (std::vector<float>{1.5f, -2}));
  EXPECT_EQ(binaryOf<float>(BinaryFn::Sub, {1, 2}, {0.5f, -4}),
            (std::vector<float>{0.5f, 6}));
  EXPECT_EQ(binaryOf<float>(BinaryFn::Mul, {1.5f, 2}, {2, -4}),
            (std::vector<float>{3, -8}));
  EXPECT_EQ(binaryOf<float>(BinaryFn::Div, {1, -7}, {4, 2}),
            (std::vector<float>{0.25f, -3.5f}));
  EXPECT_EQ(binaryOf<float>(BinaryFn::Pow, {2, 9}, {10, 0.5f}),
            (std::vector<float>{1024, 3}));
  EXPECT_FLOAT_EQ(binaryOf<float>(BinaryFn::Atan2, {1}, {1})[0], 0.78539816f);
}

TEST(BinaryTest, RemainderHasTheSignOfTheDividend) {
  EXPECT_EQ(binaryOf<int32_t>(BinaryFn::Rem, {-7, 7, -7, 7}, {3, -3, -3, 3}),
            (std::vector<int32_t>{-1, 1, -1, 1}));
  EXPECT_EQ(binaryOf<float>(BinaryFn::Rem, {-7.5f, 7.5f}, {2, -2}),
            (std::vector<float>{-1.5f, 1.5f}));
}

TEST(BinaryTest, IntegerDivisionTruncatesTowardZero) {
  EXPECT_EQ(binaryOf<int32_t>(BinaryFn::Div, {-7, 7, -7, 7}, {2, -2, -2, 2}),
            (std::vector<int32_t>{-3, -3, 3, 3}));
  EXPECT_EQ(binaryOf<int64_t>(BinaryFn::Div, {-7}, {2}),
            (std::vector<int64_t>{-3}));
}

TEST(BinaryTest, IntegerEdgeCasesFollowXla) {
  const int32_t min = std::numeric_limits<int32_t>::min();
  const int32_t max = std::numeric_limits<int32_t>::max();
  EXPECT_EQ(binaryOf<int32_t>(BinaryFn::Div, {5, min}, {0, -1}),
            (std::vector<int32_t>{-1, min}));
  EXPECT_EQ(binaryOf<int32_t>(BinaryFn::Rem, {5, min}, {0, -1}),
            (std::vector<int32_t>{5, 0}));
  EXPECT_EQ(binaryOf<int32_t>(BinaryFn::Add, {max}, {1}),
            (std::vector<int32_t>{min}));
  EXPECT_EQ(binaryOf<int8_t>(BinaryFn::Mul, {16, -128}, {16, -1}),
            (std::vector<int8_t>{0, -128}));
  EXPECT_EQ(
      binaryOf<int32_t>(BinaryFn::Pow, {3, 2, -1, 1, -1}, {4, -1, -3, -5, 2}),
      (std::vector<int32_t>{81, 0, -1, 1, 1}));
}

TEST(BinaryTest, MaxAndMinPropagateNaN) {
  std::vector<float> mx =
      binaryOf<float>(BinaryFn::Max, {kNaN, 1, 2, -0.0f}, {1, kNaN, 3, 0.0f});
  EXPECT_TRUE(std::isnan(mx[0]));
  EXPECT_TRUE(std::isnan(mx[1]));
  EXPECT_EQ(mx[2], 3);
  EXPECT_FALSE(std::signbit(mx[3])) << "max(-0, +0) is +0";
  std::vector<float> mn =
      binaryOf<float>(BinaryFn::Min, {kNaN, 1, 2, -0.0f}, {1, kNaN, 3, 0.0f});
  EXPECT_TRUE(std::isnan(mn[0]));
  EXPECT_TRUE(std::isnan(mn[1]));
  EXPECT_EQ(mn[2], 2);
  EXPECT_TRUE(std::signbit(mn[3])) << "min(-0, +0) is -0";
  EXPECT_EQ(binaryOf<uint32_t>(BinaryFn::Max, {0xFFFFFFFFu}, {1}),
            (std::vector<uint32_t>{0xFFFFFFFFu}));
}

TEST(BinaryTest, ShiftsHandleLargeAmounts) {
  const int32_t min = std::numeric_limits<int32_t>::min();
  EXPECT_EQ(binaryOf<int32_t>(BinaryFn::Shl, {1, 1, 1}, {31, 32, -1}),
            (std::vector<int32_t>{min, 0, 0}));
  EXPECT_EQ(binaryOf<int32_t>(BinaryFn::ShrLogical, {-1, -1}, {28, 32}),
            (std::vector<int32_t>{15, 0}));
  EXPECT_EQ(binaryOf<int32_t>(BinaryFn::ShrArith, {-16, -1, 5}, {2, 40, 40}),
            (std::vector<int32_t>{-4, -1, 0}));
  EXPECT_EQ(binaryOf<uint8_t>(BinaryFn::Shl, {0x81}, {1}),
            (std::vector<uint8_t>{0x02}));
  EXPECT_EQ(binaryOf<uint8_t>(BinaryFn::ShrArith, {0x80}, {1}),
            (std::vector<uint8_t>{0xC0}));
}

TEST(BinaryTest, BitwiseOnIntegersAndLogicalOnI1) {
  EXPECT_EQ(binaryOf<int32_t>(BinaryFn::And, {12}, {10}),
            (std::vector<int32_t>{8}));
  EXPECT_EQ(binaryOf<int32_t>(BinaryFn::Or, {12}, {10}),
            (std::vector<int32_t>{14}));
  EXPECT_EQ(binaryOf<int32_t>(BinaryFn::Xor, {12}, {10}),
            (std::vector<int32_t>{6}));
  HostTensor a = i1({4}, {false, false, true, true});
  HostTensor b = i1({4}, {false, true, false, true});
  ASSERT_OK_AND_ASSIGN(HostTensor andR, binary(BinaryFn::And, a, b));
  ASSERT_OK_AND_ASSIGN(HostTensor orR, binary(BinaryFn::Or, a, b));
  ASSERT_OK_AND_ASSIGN(HostTensor xorR, binary(BinaryFn::Xor, a, b));
  ASSERT_OK_AND_ASSIGN(HostTensor addR, binary(BinaryFn::Add, a, b));
  EXPECT_EQ(boolsOf(andR), (std::vector<bool>{false, false, false, true}));
  EXPECT_EQ(boolsOf(orR), (std::vector<bool>{false, true, true, true}));
  EXPECT_EQ(boolsOf(xorR), (std::vector<bool>{false, true, true, false}));
  EXPECT_EQ(boolsOf(addR), boolsOf(orR));
}

TEST(BinaryTest, HalfPrecisionRoundsTheResult) {
  HostTensor a = makeTensor<Float16>({2}, {Float16(0.5), Float16(2048.0)});
  HostTensor b = makeTensor<Float16>({2}, {Float16(0.25), Float16(1.0)});
  ASSERT_OK_AND_ASSIGN(HostTensor r, binary(BinaryFn::Add, a, b));
  EXPECT_EQ(static_cast<double>(r.data<Float16>()[0]), 0.75);
  // 2049 is not a half; it is halfway between 2048 and 2050: ties to even.
  EXPECT_EQ(static_cast<double>(r.data<Float16>()[1]), 2048.0);
}

TEST(BinaryTest, MismatchedOperandsAreErrors) {
  EXPECT_TRUE(
      failsWith(binary(BinaryFn::Add, f32({2}, {1, 2}), f32({3}, {1, 2, 3})),
                {"binary add", "f32[2]", "f32[3]"}));
  EXPECT_TRUE(failsWith(binary(BinaryFn::Add, f32({1}, {1}), i32({1}, {1})),
                        {"f32[1]", "i32[1]"}));
  EXPECT_TRUE(failsWith(binary(BinaryFn::Shl, f32({1}, {1}), f32({1}, {1})),
                        {"shl", "f32"}));
}

TEST(BinaryTest, LargeInputsRunInParallelWithTheSameResult) {
  const int64_t n = 1 << 20;
  std::vector<int32_t> a(n), b(n);
  for (int64_t i = 0; i < n; ++i) {
    a[i] = static_cast<int32_t>(i);
    b[i] = static_cast<int32_t>(2 * i);
  }
  ASSERT_OK_AND_ASSIGN(HostTensor r,
                       binary(BinaryFn::Add, i32({n}, a), i32({n}, b)));
  const int32_t *out = r.data<int32_t>();
  for (int64_t i = 0; i < n; i += 4099)
    ASSERT_EQ(out[i], 3 * i);
  EXPECT_EQ(out[n - 1], 3 * (n - 1));
}

TEST(CompareTest, NaNIsUnorderedAndUnequal) {
  HostTensor a = f32({4}, {kNaN, kNaN, 1, 2});
  HostTensor b = f32({4}, {kNaN, 1, 1, 1});
  auto run = [&](CompareFn fn) {
    StatusOr<HostTensor> r = compare(fn, a, b);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r->dtype(), DType::i1);
    return boolsOf(*r);
  };
  EXPECT_EQ(run(CompareFn::Eq), (std::vector<bool>{false, false, true, false}));
  EXPECT_EQ(run(CompareFn::Ne), (std::vector<bool>{true, true, false, true}));
  EXPECT_EQ(run(CompareFn::Lt),
            (std::vector<bool>{false, false, false, false}));
  EXPECT_EQ(run(CompareFn::Le), (std::vector<bool>{false, false, true, false}));
  EXPECT_EQ(run(CompareFn::Gt), (std::vector<bool>{false, false, false, true}));
  EXPECT_EQ(run(CompareFn::Ge), (std::vector<bool>{false, false, true, true}));
}

TEST(CompareTest, SignednessFollowsTheType) {
  ASSERT_OK_AND_ASSIGN(HostTensor s,
                       compare(CompareFn::Lt, i32({1}, {-1}), i32({1}, {1})));
  EXPECT_EQ(boolsOf(s), (std::vector<bool>{true}));
  ASSERT_OK_AND_ASSIGN(HostTensor u,
                       compare(CompareFn::Lt,
                               makeTensor<uint32_t>({1}, {0xFFFFFFFFu}),
                               makeTensor<uint32_t>({1}, {1})));
  EXPECT_EQ(boolsOf(u), (std::vector<bool>{false}));
}

TEST(ClampTest, ScalarAndTensorBounds) {
  ASSERT_OK_AND_ASSIGN(HostTensor r, clamp(HostTensor::scalar(0.0f),
                                           f32({4}, {-1, 0.5f, 2, kNaN}),
                                           HostTensor::scalar(1.0f)));
  std::vector<float> v = r.toVector<float>();
  EXPECT_EQ(v[0], 0.0f);
  EXPECT_EQ(v[1], 0.5f);
  EXPECT_EQ(v[2], 1.0f);
  EXPECT_TRUE(std::isnan(v[3]));
  ASSERT_OK_AND_ASSIGN(
      HostTensor t,
      clamp(i32({3}, {0, 5, 10}), i32({3}, {-4, 4, 40}), i32({3}, {1, 6, 20})));
  EXPECT_EQ(t.toVector<int32_t>(), (std::vector<int32_t>{0, 5, 20}));
  EXPECT_TRUE(failsWith(
      clamp(f32({2}, {0, 0}), f32({3}, {1, 2, 3}), HostTensor::scalar(1.0f)),
      {"clamp", "f32[2]", "f32[3]"}));
}

TEST(SelectTest, TensorAndScalarPredicates) {
  HostTensor onTrue = i32({3}, {1, 2, 3});
  HostTensor onFalse = i32({3}, {-1, -2, -3});
  ASSERT_OK_AND_ASSIGN(HostTensor r,
                       select(i1({3}, {true, false, true}), onTrue, onFalse));
  EXPECT_EQ(r.toVector<int32_t>(), (std::vector<int32_t>{1, -2, 3}));
  ASSERT_OK_AND_ASSIGN(HostTensor s,
                       select(HostTensor::scalar(false), onTrue, onFalse));
  EXPECT_EQ(s.toVector<int32_t>(), (std::vector<int32_t>{-1, -2, -3}));
  EXPECT_TRUE(failsWith(select(i32({3}, {1, 0, 1}), onTrue, onFalse),
                        {"select", "predicate", "i32[3]"}));
}

TEST(NamesTest, EveryFunctionNameRoundTrips) {
  for (int i = 0; i <= static_cast<int>(UnaryFn::Clz); ++i) {
    auto fn = static_cast<UnaryFn>(i);
    EXPECT_EQ(parseUnaryFn(unaryFnName(fn)), fn) << unaryFnName(fn);
  }
  for (int i = 0; i <= static_cast<int>(BinaryFn::Atan2); ++i) {
    auto fn = static_cast<BinaryFn>(i);
    EXPECT_EQ(parseBinaryFn(binaryFnName(fn)), fn) << binaryFnName(fn);
  }
  for (int i = 0; i <= static_cast<int>(CompareFn::Ge); ++i) {
    auto fn = static_cast<CompareFn>(i);
    EXPECT_EQ(parseCompareFn(compareFnName(fn)), fn) << compareFnName(fn);
  }
  EXPECT_EQ(parseUnaryFn("round_even"), UnaryFn::RoundEven);
  EXPECT_EQ(parseBinaryFn("shr_logical"), BinaryFn::ShrLogical);
  EXPECT_FALSE(parseUnaryFn("nope").has_value());
}

} // namespace
