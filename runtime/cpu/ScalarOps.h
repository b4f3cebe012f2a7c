//===- ScalarOps.h - Scalar semantics of the elementwise ops ----*- C++ -*-===//
//
// Private to runtime/cpu. The per-element meaning of every UnaryFn, BinaryFn
// and CompareFn on the compute types (float, double, bool and the integers),
// shared by the elementwise kernels, reductions and scatter's combiner.
//
// Functions are template parameters so a kernel's inner loop is specialized
// per function instead of switching per element; withUnaryFn and friends turn
// a runtime enum into that template argument once per kernel call.
//
// Integer arithmetic wraps modulo 2^bits (computed in unsigned types, so it is
// never undefined behavior); the cases StableHLO leaves to the implementation
// (division by zero, INT_MIN / -1, shifts by at least the bit width, negative
// integer exponents) follow XLA's definitions.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_CPU_SCALAROPS_H
#define STRATA_RUNTIME_CPU_SCALAROPS_H

#include "strata-runtime/Kernels.h"

#include <cmath>
#include <limits>
#include <type_traits>

namespace strata::rt::detail {

template <typename C> inline constexpr bool kIsBoolC = std::is_same_v<C, bool>;
template <typename C>
inline constexpr bool kIsFloatC = std::is_floating_point_v<C>;
template <typename C>
inline constexpr bool kIsIntC = std::is_integral_v<C> && !kIsBoolC<C>;

/// An unsigned type at least as wide as int, so that small integer types do
/// not promote to (signed, overflowing) int in the middle of wrapping math.
template <typename I>
using WrapT = std::conditional_t<(sizeof(I) < sizeof(unsigned)), unsigned,
                                 std::make_unsigned_t<I>>;

template <typename I> I wrapAdd(I a, I b) {
  return static_cast<I>(static_cast<WrapT<I>>(a) + static_cast<WrapT<I>>(b));
}
template <typename I> I wrapSub(I a, I b) {
  return static_cast<I>(static_cast<WrapT<I>>(a) - static_cast<WrapT<I>>(b));
}
template <typename I> I wrapMul(I a, I b) {
  return static_cast<I>(static_cast<WrapT<I>>(a) * static_cast<WrapT<I>>(b));
}
template <typename I> I wrapNeg(I a) {
  return static_cast<I>(WrapT<I>(0) - static_cast<WrapT<I>>(a));
}

template <typename F> F roundHalfToEven(F x) {
  F rounded = std::round(x);
  if (std::fabs(x - std::trunc(x)) == F(0.5))
    rounded = F(2) * std::round(x / F(2));
  return rounded;
}

/// IEEE 754-2019 maximum/minimum: NaN wins, and +0 > -0.
template <typename F> F ieeeMax(F a, F b) {
  if (std::isnan(a) || std::isnan(b))
    return std::numeric_limits<F>::quiet_NaN();
  if (a == b)
    return std::signbit(a) ? b : a;
  return a > b ? a : b;
}
template <typename F> F ieeeMin(F a, F b) {
  if (std::isnan(a) || std::isnan(b))
    return std::numeric_limits<F>::quiet_NaN();
  if (a == b)
    return std::signbit(a) ? a : b;
  return a < b ? a : b;
}

template <typename I> I intDiv(I a, I b) {
  if (b == 0)
    return static_cast<I>(-1);
  if constexpr (std::is_signed_v<I>)
    if (a == std::numeric_limits<I>::min() && b == -1)
      return a;
  return static_cast<I>(a / b);
}

template <typename I> I intRem(I a, I b) {
  if (b == 0)
    return a;
  if constexpr (std::is_signed_v<I>)
    if (a == std::numeric_limits<I>::min() && b == -1)
      return 0;
  return static_cast<I>(a % b);
}

template <typename I> I intPow(I base, I exponent) {
  if constexpr (std::is_signed_v<I>) {
    if (exponent < 0) {
      // Only 1 and -1 have integral reciprocal powers; XLA gives 0 otherwise.
      if (base == 1)
        return 1;
      if (base == -1)
        return (exponent % 2 == 0) ? 1 : -1;
      return 0;
    }
  }
  I result = 1;
  while (exponent != 0) {
    if (exponent & 1)
      result = wrapMul(result, base);
    base = wrapMul(base, base);
    exponent = static_cast<I>(exponent >> 1);
  }
  return result;
}

template <typename I> constexpr unsigned bitWidth() { return sizeof(I) * 8; }

template <typename I> I shiftLeft(I a, I b) {
  using U = std::make_unsigned_t<I>;
  U amount = static_cast<U>(b);
  if (amount >= bitWidth<I>())
    return 0;
  return static_cast<I>(static_cast<WrapT<I>>(static_cast<U>(a)) << amount);
}

template <typename I> I shiftRightLogical(I a, I b) {
  using U = std::make_unsigned_t<I>;
  U amount = static_cast<U>(b);
  if (amount >= bitWidth<I>())
    return 0;
  return static_cast<I>(static_cast<U>(a) >> amount);
}

template <typename I> I shiftRightArithmetic(I a, I b) {
  using U = std::make_unsigned_t<I>;
  using S = std::make_signed_t<I>;
  U amount = static_cast<U>(b);
  S value = static_cast<S>(a);
  if (amount >= bitWidth<I>())
    return static_cast<I>(value < 0 ? S(-1) : S(0));
  return static_cast<I>(static_cast<S>(value >> amount));
}

template <typename I> I countLeadingZeros(I a) {
  using U = std::make_unsigned_t<I>;
  U value = static_cast<U>(a);
  I count = 0;
  for (int bit = static_cast<int>(bitWidth<I>()) - 1;
       bit >= 0 && !((value >> bit) & 1u); --bit)
    ++count;
  return count;
}

template <typename I> I populationCount(I a) {
  using U = std::make_unsigned_t<I>;
  U value = static_cast<U>(a);
  I count = 0;
  for (; value; value = static_cast<U>(value & (value - 1)))
    ++count;
  return count;
}

//===----------------------------------------------------------------------===//
// Unary
//===----------------------------------------------------------------------===//

/// Precondition: isSupported(F, the operand's dtype); IsFinite is handled by
/// the kernel because its result type differs.
template <UnaryFn F, typename C> C applyUnary(C x) {
  if constexpr (kIsBoolC<C>) {
    return F == UnaryFn::Not ? !x : x;
  } else if constexpr (kIsFloatC<C>) {
    switch (F) {
    case UnaryFn::Abs:
      return std::fabs(x);
    case UnaryFn::Ceil:
      return std::ceil(x);
    case UnaryFn::Cbrt:
      return std::cbrt(x);
    case UnaryFn::Cos:
      return std::cos(x);
    case UnaryFn::Erf:
      return std::erf(x);
    case UnaryFn::Exp:
      return std::exp(x);
    case UnaryFn::Expm1:
      return std::expm1(x);
    case UnaryFn::Floor:
      return std::floor(x);
    case UnaryFn::Log:
      return std::log(x);
    case UnaryFn::Log1p:
      return std::log1p(x);
    case UnaryFn::Logistic:
      return C(1) / (C(1) + std::exp(-x));
    case UnaryFn::Neg:
      return -x;
    case UnaryFn::RoundAfz:
      return std::round(x);
    case UnaryFn::RoundEven:
      return roundHalfToEven(x);
    case UnaryFn::Rsqrt:
      return C(1) / std::sqrt(x);
    case UnaryFn::Sign:
      if (std::isnan(x) || x == C(0))
        return x;
      return x > C(0) ? C(1) : C(-1);
    case UnaryFn::Sin:
      return std::sin(x);
    case UnaryFn::Sqrt:
      return std::sqrt(x);
    case UnaryFn::Tan:
      return std::tan(x);
    case UnaryFn::Tanh:
      return std::tanh(x);
    case UnaryFn::IsFinite:
    case UnaryFn::Not:
    case UnaryFn::Popcnt:
    case UnaryFn::Clz:
      break;
    }
    return x;
  } else {
    switch (F) {
    case UnaryFn::Abs:
      if constexpr (std::is_signed_v<C>)
        return x < 0 ? wrapNeg(x) : x;
      return x;
    case UnaryFn::Neg:
      return wrapNeg(x);
    case UnaryFn::Not:
      return static_cast<C>(~x);
    case UnaryFn::Popcnt:
      return populationCount(x);
    case UnaryFn::Clz:
      return countLeadingZeros(x);
    case UnaryFn::Sign:
      if constexpr (std::is_signed_v<C>)
        return static_cast<C>(x > 0 ? 1 : (x < 0 ? -1 : 0));
      return static_cast<C>(x > 0 ? 1 : 0);
    default:
      return x;
    }
  }
}

template <typename G> decltype(auto) withUnaryFn(UnaryFn fn, G &&g) {
  using E = UnaryFn;
  switch (fn) {
  case E::Abs:
    return g(std::integral_constant<E, E::Abs>{});
  case E::Ceil:
    return g(std::integral_constant<E, E::Ceil>{});
  case E::Cbrt:
    return g(std::integral_constant<E, E::Cbrt>{});
  case E::Cos:
    return g(std::integral_constant<E, E::Cos>{});
  case E::Erf:
    return g(std::integral_constant<E, E::Erf>{});
  case E::Exp:
    return g(std::integral_constant<E, E::Exp>{});
  case E::Expm1:
    return g(std::integral_constant<E, E::Expm1>{});
  case E::Floor:
    return g(std::integral_constant<E, E::Floor>{});
  case E::IsFinite:
    return g(std::integral_constant<E, E::IsFinite>{});
  case E::Log:
    return g(std::integral_constant<E, E::Log>{});
  case E::Log1p:
    return g(std::integral_constant<E, E::Log1p>{});
  case E::Logistic:
    return g(std::integral_constant<E, E::Logistic>{});
  case E::Neg:
    return g(std::integral_constant<E, E::Neg>{});
  case E::Not:
    return g(std::integral_constant<E, E::Not>{});
  case E::Popcnt:
    return g(std::integral_constant<E, E::Popcnt>{});
  case E::RoundAfz:
    return g(std::integral_constant<E, E::RoundAfz>{});
  case E::RoundEven:
    return g(std::integral_constant<E, E::RoundEven>{});
  case E::Rsqrt:
    return g(std::integral_constant<E, E::Rsqrt>{});
  case E::Sign:
    return g(std::integral_constant<E, E::Sign>{});
  case E::Sin:
    return g(std::integral_constant<E, E::Sin>{});
  case E::Sqrt:
    return g(std::integral_constant<E, E::Sqrt>{});
  case E::Tan:
    return g(std::integral_constant<E, E::Tan>{});
  case E::Tanh:
    return g(std::integral_constant<E, E::Tanh>{});
  case E::Clz:
    return g(std::integral_constant<E, E::Clz>{});
  }
  return g(std::integral_constant<E, E::Abs>{}); // Unreachable.
}

//===----------------------------------------------------------------------===//
// Binary
//===----------------------------------------------------------------------===//

/// Precondition: isSupported(F, the operands' dtype).
template <BinaryFn F, typename C> C applyBinary(C a, C b) {
  using E = BinaryFn;
  if constexpr (kIsBoolC<C>) {
    // StableHLO's add/multiply on i1 are logical or/and.
    if constexpr (F == E::Add || F == E::Or || F == E::Max)
      return a || b;
    else if constexpr (F == E::Mul || F == E::And || F == E::Min)
      return a && b;
    else if constexpr (F == E::Xor)
      return a != b;
    else
      return a;
  } else if constexpr (kIsFloatC<C>) {
    switch (F) {
    case E::Add:
      return a + b;
    case E::Sub:
      return a - b;
    case E::Mul:
      return a * b;
    case E::Div:
      return a / b;
    case E::Rem:
      return std::fmod(a, b);
    case E::Pow:
      return std::pow(a, b);
    case E::Max:
      return ieeeMax(a, b);
    case E::Min:
      return ieeeMin(a, b);
    case E::Atan2:
      return std::atan2(a, b);
    default:
      return a;
    }
  } else {
    switch (F) {
    case E::Add:
      return wrapAdd(a, b);
    case E::Sub:
      return wrapSub(a, b);
    case E::Mul:
      return wrapMul(a, b);
    case E::Div:
      return intDiv(a, b);
    case E::Rem:
      return intRem(a, b);
    case E::Pow:
      return intPow(a, b);
    case E::Max:
      return a > b ? a : b;
    case E::Min:
      return a < b ? a : b;
    case E::And:
      return static_cast<C>(a & b);
    case E::Or:
      return static_cast<C>(a | b);
    case E::Xor:
      return static_cast<C>(a ^ b);
    case E::Shl:
      return shiftLeft(a, b);
    case E::ShrArith:
      return shiftRightArithmetic(a, b);
    case E::ShrLogical:
      return shiftRightLogical(a, b);
    case E::Atan2:
      return a;
    }
    return a;
  }
}

template <typename G> decltype(auto) withBinaryFn(BinaryFn fn, G &&g) {
  using E = BinaryFn;
  switch (fn) {
  case E::Add:
    return g(std::integral_constant<E, E::Add>{});
  case E::Sub:
    return g(std::integral_constant<E, E::Sub>{});
  case E::Mul:
    return g(std::integral_constant<E, E::Mul>{});
  case E::Div:
    return g(std::integral_constant<E, E::Div>{});
  case E::Rem:
    return g(std::integral_constant<E, E::Rem>{});
  case E::Pow:
    return g(std::integral_constant<E, E::Pow>{});
  case E::Max:
    return g(std::integral_constant<E, E::Max>{});
  case E::Min:
    return g(std::integral_constant<E, E::Min>{});
  case E::And:
    return g(std::integral_constant<E, E::And>{});
  case E::Or:
    return g(std::integral_constant<E, E::Or>{});
  case E::Xor:
    return g(std::integral_constant<E, E::Xor>{});
  case E::Shl:
    return g(std::integral_constant<E, E::Shl>{});
  case E::ShrArith:
    return g(std::integral_constant<E, E::ShrArith>{});
  case E::ShrLogical:
    return g(std::integral_constant<E, E::ShrLogical>{});
  case E::Atan2:
    return g(std::integral_constant<E, E::Atan2>{});
  }
  return g(std::integral_constant<E, E::Add>{}); // Unreachable.
}

/// applyBinary for a function known only at run time (scatter's combiner).
template <typename C> C applyBinaryDynamic(BinaryFn fn, C a, C b) {
  return withBinaryFn(fn, [&](auto f) { return applyBinary<f.value>(a, b); });
}

//===----------------------------------------------------------------------===//
// Compare
//===----------------------------------------------------------------------===//

/// C++'s operators already give IEEE semantics: every ordered comparison
/// with NaN is false and NaN != NaN.
template <CompareFn F, typename C> bool applyCompare(C a, C b) {
  switch (F) {
  case CompareFn::Eq:
    return a == b;
  case CompareFn::Ne:
    return a != b;
  case CompareFn::Lt:
    return a < b;
  case CompareFn::Le:
    return a <= b;
  case CompareFn::Gt:
    return a > b;
  case CompareFn::Ge:
    return a >= b;
  }
  return false;
}

template <typename G> decltype(auto) withCompareFn(CompareFn fn, G &&g) {
  using E = CompareFn;
  switch (fn) {
  case E::Eq:
    return g(std::integral_constant<E, E::Eq>{});
  case E::Ne:
    return g(std::integral_constant<E, E::Ne>{});
  case E::Lt:
    return g(std::integral_constant<E, E::Lt>{});
  case E::Le:
    return g(std::integral_constant<E, E::Le>{});
  case E::Gt:
    return g(std::integral_constant<E, E::Gt>{});
  case E::Ge:
    return g(std::integral_constant<E, E::Ge>{});
  }
  return g(std::integral_constant<E, E::Eq>{}); // Unreachable.
}

//===----------------------------------------------------------------------===//
// Reduce
//===----------------------------------------------------------------------===//

constexpr BinaryFn binaryFnOf(ReduceFn fn) {
  switch (fn) {
  case ReduceFn::Add:
    return BinaryFn::Add;
  case ReduceFn::Mul:
    return BinaryFn::Mul;
  case ReduceFn::Max:
    return BinaryFn::Max;
  case ReduceFn::Min:
    return BinaryFn::Min;
  case ReduceFn::And:
    return BinaryFn::And;
  case ReduceFn::Or:
    return BinaryFn::Or;
  }
  return BinaryFn::Add;
}

/// The identity of `fn` in compute type C: the value reductions start from
/// and the value padding and dilation holes read as in reduce_window.
template <typename C> C reduceIdentity(ReduceFn fn) {
  switch (fn) {
  case ReduceFn::Add:
  case ReduceFn::Or:
    return C(0);
  case ReduceFn::Mul:
    return C(1);
  case ReduceFn::Max:
    if constexpr (kIsFloatC<C>)
      return -std::numeric_limits<C>::infinity();
    else
      return std::numeric_limits<C>::lowest();
  case ReduceFn::Min:
    if constexpr (kIsFloatC<C>)
      return std::numeric_limits<C>::infinity();
    else
      return std::numeric_limits<C>::max();
  case ReduceFn::And:
    if constexpr (kIsBoolC<C>)
      return true;
    else if constexpr (kIsIntC<C>)
      return static_cast<C>(~C(0));
    else
      return C(0); // And is not defined on floats; callers reject it.
  }
  return C(0);
}

} // namespace strata::rt::detail

#endif // STRATA_RUNTIME_CPU_SCALAROPS_H
