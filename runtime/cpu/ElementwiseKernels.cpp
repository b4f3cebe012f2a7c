//===- ElementwiseKernels.cpp - Unary, binary, compare and clamp ----------===//

#include "KernelSupport.h"
#include "ScalarOps.h"

#include "strata-runtime/Kernels.h"

#include <cmath>
#include <iterator>

using namespace strata::rt;
using namespace strata::rt::detail;

namespace {

/// Below this many elements a kernel runs on the calling thread: starting
/// threads costs more than the work.
constexpr int64_t kElementwiseGrain = 1 << 15;

template <typename E> struct FnName {
  E fn;
  const char *name;
};

constexpr FnName<UnaryFn> kUnaryNames[] = {
    {UnaryFn::Abs, "abs"},
    {UnaryFn::Ceil, "ceil"},
    {UnaryFn::Cbrt, "cbrt"},
    {UnaryFn::Cos, "cos"},
    {UnaryFn::Erf, "erf"},
    {UnaryFn::Exp, "exp"},
    {UnaryFn::Expm1, "expm1"},
    {UnaryFn::Floor, "floor"},
    {UnaryFn::IsFinite, "is_finite"},
    {UnaryFn::Log, "log"},
    {UnaryFn::Log1p, "log1p"},
    {UnaryFn::Logistic, "logistic"},
    {UnaryFn::Neg, "neg"},
    {UnaryFn::Not, "not"},
    {UnaryFn::Popcnt, "popcnt"},
    {UnaryFn::RoundAfz, "round_afz"},
    {UnaryFn::RoundEven, "round_even"},
    {UnaryFn::Rsqrt, "rsqrt"},
    {UnaryFn::Sign, "sign"},
    {UnaryFn::Sin, "sin"},
    {UnaryFn::Sqrt, "sqrt"},
    {UnaryFn::Tan, "tan"},
    {UnaryFn::Tanh, "tanh"},
    {UnaryFn::Clz, "clz"},
};

constexpr FnName<BinaryFn> kBinaryNames[] = {
    {BinaryFn::Add, "add"},
    {BinaryFn::Sub, "sub"},
    {BinaryFn::Mul, "mul"},
    {BinaryFn::Div, "div"},
    {BinaryFn::Rem, "rem"},
    {BinaryFn::Pow, "pow"},
    {BinaryFn::Max, "max"},
    {BinaryFn::Min, "min"},
    {BinaryFn::And, "and"},
    {BinaryFn::Or, "or"},
    {BinaryFn::Xor, "xor"},
    {BinaryFn::Shl, "shl"},
    {BinaryFn::ShrArith, "shr_arith"},
    {BinaryFn::ShrLogical, "shr_logical"},
    {BinaryFn::Atan2, "atan2"},
};

constexpr FnName<CompareFn> kCompareNames[] = {
    {CompareFn::Eq, "eq"}, {CompareFn::Ne, "ne"}, {CompareFn::Lt, "lt"},
    {CompareFn::Le, "le"}, {CompareFn::Gt, "gt"}, {CompareFn::Ge, "ge"},
};

template <typename E, size_t N>
const char *nameOf(const FnName<E> (&table)[N], E fn) {
  for (const FnName<E> &entry : table)
    if (entry.fn == fn)
      return entry.name;
  return "<invalid>";
}

template <typename E, size_t N>
std::optional<E> parseName(const FnName<E> (&table)[N], std::string_view name) {
  for (const FnName<E> &entry : table)
    if (name == entry.name)
      return entry.fn;
  return std::nullopt;
}

Status checkSameTypeAndShape(const char *kernel, const HostTensor &lhs,
                             const HostTensor &rhs) {
  if (lhs.dtype() != rhs.dtype() || lhs.shape() != rhs.shape())
    return makeError(kernel,
                     ": operands must have the same type and shape "
                     "(there is no implicit broadcasting), got ",
                     lhs.describe(), " and ", rhs.describe());
  return Status::success();
}

} // namespace

const char *strata::rt::unaryFnName(UnaryFn fn) {
  return nameOf(kUnaryNames, fn);
}
const char *strata::rt::binaryFnName(BinaryFn fn) {
  return nameOf(kBinaryNames, fn);
}
const char *strata::rt::compareFnName(CompareFn fn) {
  return nameOf(kCompareNames, fn);
}
std::optional<UnaryFn> strata::rt::parseUnaryFn(std::string_view name) {
  return parseName(kUnaryNames, name);
}
std::optional<BinaryFn> strata::rt::parseBinaryFn(std::string_view name) {
  return parseName(kBinaryNames, name);
}
std::optional<CompareFn> strata::rt::parseCompareFn(std::string_view name) {
  return parseName(kCompareNames, name);
}

bool strata::rt::isSupported(UnaryFn fn, DType dtype) {
  if (dtype == DType::i1)
    return fn == UnaryFn::Not;
  bool bitwise =
      fn == UnaryFn::Not || fn == UnaryFn::Popcnt || fn == UnaryFn::Clz;
  if (isFloatDType(dtype))
    return !bitwise;
  return bitwise || fn == UnaryFn::Abs || fn == UnaryFn::Neg ||
         fn == UnaryFn::Sign;
}

bool strata::rt::isSupported(BinaryFn fn, DType dtype) {
  switch (fn) {
  case BinaryFn::Add:
  case BinaryFn::Mul:
  case BinaryFn::Max:
  case BinaryFn::Min:
    return true;
  case BinaryFn::Sub:
  case BinaryFn::Div:
  case BinaryFn::Rem:
  case BinaryFn::Pow:
    return dtype != DType::i1;
  case BinaryFn::And:
  case BinaryFn::Or:
  case BinaryFn::Xor:
    return !isFloatDType(dtype);
  case BinaryFn::Shl:
  case BinaryFn::ShrArith:
  case BinaryFn::ShrLogical:
    return !isFloatDType(dtype) && dtype != DType::i1;
  case BinaryFn::Atan2:
    return isFloatDType(dtype);
  }
  return false;
}

StatusOr<HostTensor> strata::rt::unary(UnaryFn fn, const HostTensor &operand) {
  if (!isSupported(fn, operand.dtype()))
    return makeError("unary ", unaryFnName(fn), ": not defined for ",
                     operand.describe());
  DType resultType = fn == UnaryFn::IsFinite ? DType::i1 : operand.dtype();
  STRATA_RT_ASSIGN_OR_RETURN(HostTensor result,
                             HostTensor::create(resultType, operand.shape()));
  visitDType(operand.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T *in = operand.data<T>();
    if (fn == UnaryFn::IsFinite) {
      if constexpr (kIsFloatStorage<T>) {
        bool *out = result.data<bool>();
        parallelFor(operand.numElements(), kElementwiseGrain,
                    [&](int64_t begin, int64_t end) {
                      for (int64_t i = begin; i < end; ++i)
                        out[i] = std::isfinite(loadValue(in[i]));
                    });
      }
      return;
    }
    T *out = result.data<T>();
    withUnaryFn(fn, [&](auto f) {
      parallelFor(operand.numElements(), kElementwiseGrain,
                  [&](int64_t begin, int64_t end) {
                    for (int64_t i = begin; i < end; ++i)
                      out[i] = storeValue<T>(
                          applyUnary<decltype(f)::value>(loadValue(in[i])));
                  });
    });
  });
  return result;
}

StatusOr<HostTensor> strata::rt::binary(BinaryFn fn, const HostTensor &lhs,
                                        const HostTensor &rhs) {
  std::string kernel = std::string("binary ") + binaryFnName(fn);
  STRATA_RT_RETURN_IF_ERROR(checkSameTypeAndShape(kernel.c_str(), lhs, rhs));
  if (!isSupported(fn, lhs.dtype()))
    return makeError(kernel, ": not defined for ", lhs.describe());
  STRATA_RT_ASSIGN_OR_RETURN(HostTensor result,
                             HostTensor::create(lhs.dtype(), lhs.shape()));
  visitDType(lhs.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T *a = lhs.data<T>();
    const T *b = rhs.data<T>();
    T *out = result.data<T>();
    withBinaryFn(fn, [&](auto f) {
      parallelFor(lhs.numElements(), kElementwiseGrain,
                  [&](int64_t begin, int64_t end) {
                    for (int64_t i = begin; i < end; ++i)
                      out[i] = storeValue<T>(applyBinary<decltype(f)::value>(
                          loadValue(a[i]), loadValue(b[i])));
                  });
    });
  });
  return result;
}

StatusOr<HostTensor> strata::rt::compare(CompareFn fn, const HostTensor &lhs,
                                         const HostTensor &rhs) {
  std::string kernel = std::string("compare ") + compareFnName(fn);
  STRATA_RT_RETURN_IF_ERROR(checkSameTypeAndShape(kernel.c_str(), lhs, rhs));
  STRATA_RT_ASSIGN_OR_RETURN(HostTensor result,
                             HostTensor::create(DType::i1, lhs.shape()));
  visitDType(lhs.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T *a = lhs.data<T>();
    const T *b = rhs.data<T>();
    bool *out = result.data<bool>();
    withCompareFn(fn, [&](auto f) {
      parallelFor(lhs.numElements(), kElementwiseGrain,
                  [&](int64_t begin, int64_t end) {
                    for (int64_t i = begin; i < end; ++i)
                      out[i] = applyCompare<decltype(f)::value>(
                          loadValue(a[i]), loadValue(b[i]));
                  });
    });
  });
  return result;
}

StatusOr<HostTensor> strata::rt::clamp(const HostTensor &min,
                                       const HostTensor &operand,
                                       const HostTensor &max) {
  for (const HostTensor *bound : {&min, &max}) {
    if (bound->dtype() != operand.dtype() ||
        (bound->rank() != 0 && bound->shape() != operand.shape()))
      return makeError("clamp: bounds must be rank 0 or shaped like the "
                       "operand, with its element type; got min ",
                       min.describe(), ", operand ", operand.describe(),
                       ", max ", max.describe());
  }
  STRATA_RT_ASSIGN_OR_RETURN(
      HostTensor result, HostTensor::create(operand.dtype(), operand.shape()));
  visitDType(operand.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T *x = operand.data<T>();
    const T *lo = min.data<T>();
    const T *hi = max.data<T>();
    int64_t loStep = min.rank() == 0 ? 0 : 1;
    int64_t hiStep = max.rank() == 0 ? 0 : 1;
    T *out = result.data<T>();
    parallelFor(operand.numElements(), kElementwiseGrain,
                [&](int64_t begin, int64_t end) {
                  for (int64_t i = begin; i < end; ++i) {
                    auto raised = applyBinary<BinaryFn::Max>(
                        loadValue(x[i]), loadValue(lo[i * loStep]));
                    out[i] = storeValue<T>(applyBinary<BinaryFn::Min>(
                        raised, loadValue(hi[i * hiStep])));
                  }
                });
  });
  return result;
}
