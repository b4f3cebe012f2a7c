//===- KernelSupport.h - Shared machinery of the CPU kernels ----*- C++ -*-===//
//
// Private to runtime/cpu: dtype dispatch, the types kernels compute and
// accumulate in, index arithmetic, attribute validation and ParallelFor.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_CPU_KERNELSUPPORT_H
#define STRATA_RUNTIME_CPU_KERNELSUPPORT_H

#include "strata-runtime/DType.h"
#include "strata-runtime/Status.h"
#include "strata-runtime/Tensor.h"

#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

namespace strata::rt::detail {

template <typename T> struct TypeTag { using type = T; };

/// Calls `f(TypeTag<T>{})` with T the storage type of `dtype`, so one generic
/// lambda serves every element type.
template <typename F>
auto visitDType(DType dtype, F &&f) -> decltype(f(TypeTag<float>{})) {
  switch (dtype) {
  case DType::f32:
    return f(TypeTag<float>{});
  case DType::f64:
    return f(TypeTag<double>{});
  case DType::f16:
    return f(TypeTag<Float16>{});
  case DType::bf16:
    return f(TypeTag<BFloat16>{});
  case DType::i1:
    return f(TypeTag<bool>{});
  case DType::i8:
    return f(TypeTag<int8_t>{});
  case DType::i16:
    return f(TypeTag<int16_t>{});
  case DType::i32:
    return f(TypeTag<int32_t>{});
  case DType::i64:
    return f(TypeTag<int64_t>{});
  case DType::u8:
    return f(TypeTag<uint8_t>{});
  case DType::u32:
    return f(TypeTag<uint32_t>{});
  case DType::u64:
    return f(TypeTag<uint64_t>{});
  }
  return f(TypeTag<float>{}); // Unreachable: the switch covers every DType.
}

template <typename T>
inline constexpr bool kIsHalfLike =
    std::is_same_v<T, Float16> || std::is_same_v<T, BFloat16>;
template <typename T>
inline constexpr bool kIsFloatStorage =
    std::is_floating_point_v<T> || kIsHalfLike<T>;

/// The type elementwise arithmetic happens in: 16-bit floats compute in
/// float and round once when stored, as XLA's CPU backend does.
template <typename T>
using ComputeT = std::conditional_t<kIsHalfLike<T>, float, T>;

template <typename T> ComputeT<T> loadValue(T value) {
  if constexpr (kIsHalfLike<T>)
    return static_cast<float>(value);
  else
    return value;
}

template <typename T> T storeValue(ComputeT<T> value) {
  if constexpr (kIsHalfLike<T>)
    return T(static_cast<double>(value));
  else
    return value;
}

/// The type sums of products accumulate in: double for every float type,
/// uint64 for integers so that overflow wraps without undefined behavior.
template <typename T>
using AccT = std::conditional_t<kIsFloatStorage<T>, double, uint64_t>;

template <typename T> AccT<T> toAcc(T value) {
  if constexpr (kIsFloatStorage<T>)
    return static_cast<double>(value);
  else if constexpr (std::is_signed_v<T>)
    return static_cast<uint64_t>(static_cast<int64_t>(value));
  else
    return static_cast<uint64_t>(value);
}

/// Narrows an accumulator: once for floats (so f16 rounds a single time),
/// modulo 2^bits for integers, "any product was true" for i1.
template <typename T> T fromAcc(AccT<T> acc) {
  if constexpr (std::is_same_v<T, bool>)
    return acc != 0;
  else if constexpr (kIsHalfLike<T>)
    return T(acc);
  else
    return static_cast<T>(acc);
}

/// Steps `index` to the next multi-index of `shape` in row-major order;
/// returns false after the last one (leaving `index` all zeros).
inline bool advanceIndex(std::vector<int64_t> &index, const Shape &shape) {
  for (size_t i = shape.size(); i > 0; --i) {
    if (++index[i - 1] < shape[i - 1])
      return true;
    index[i - 1] = 0;
  }
  return false;
}

/// Runs body(begin, end) over disjoint chunks covering [0, count) on up to
/// hardware_concurrency threads (STRATA_RT_NUM_THREADS overrides), giving
/// each thread at least `minChunk` items. Every item is computed by exactly
/// one thread in a fixed order, so results do not depend on the thread count.
void parallelFor(int64_t count, int64_t minChunk,
                 const std::function<void(int64_t, int64_t)> &body);

/// "[0,2,1]".
std::string formatList(const std::vector<int64_t> &values);

/// Fails unless every entry is a distinct axis of a rank-`rank` tensor.
Status checkAxes(const char *kernel, const char *what,
                 const std::vector<int64_t> &axes, int64_t rank);

/// Fails unless attribute `what` has `expected` entries (or none, when
/// `allowEmpty` says the attribute has a default).
Status checkAttrSize(const char *kernel, const char *what, size_t size,
                     int64_t expected, bool allowEmpty);

/// An index element of an integer tensor as int64; unsigned values beyond
/// int64's range saturate so that clamping still works on them.
int64_t loadIndex(const HostTensor &indices, int64_t flat);

} // namespace strata::rt::detail

#endif // STRATA_RUNTIME_CPU_KERNELSUPPORT_H
