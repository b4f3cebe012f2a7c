//===- ConvertKernels.cpp - Element type conversion -----------------------===//

#include "KernelSupport.h"

#include "strata-runtime/Kernels.h"

#include <cstring>

using namespace strata::rt;
using namespace strata::rt::detail;

namespace {

constexpr int64_t kConvertGrain = 1 << 15;

/// One element from `From` to `To` with StableHLO convert's rules.
template <typename From, typename To> To convertValue(From value) {
  if constexpr (std::is_same_v<To, bool>) {
    if constexpr (kIsFloatStorage<From>)
      return loadValue(value) != 0; // NaN is nonzero, hence true.
    else
      return value != 0;
  } else if constexpr (std::is_same_v<From, bool>) {
    if constexpr (kIsHalfLike<To>)
      return To(value ? 1.0 : 0.0);
    else
      return static_cast<To>(value ? 1 : 0);
  } else if constexpr (kIsHalfLike<To>) {
    // Straight from double so f64 -> f16 rounds once, not via float.
    return To(static_cast<double>(value));
  } else if constexpr (std::is_floating_point_v<To>) {
    if constexpr (kIsHalfLike<From>)
      return static_cast<To>(static_cast<double>(value));
    else
      return static_cast<To>(value);
  } else if constexpr (kIsFloatStorage<From>) {
    return saturateToInteger<To>(static_cast<double>(value));
  } else {
    // Integer to integer keeps the low bits (two's complement wrap).
    return static_cast<To>(value);
  }
}

} // namespace

StatusOr<HostTensor> strata::rt::convert(const HostTensor &operand,
                                         DType resultType) {
  STRATA_RT_ASSIGN_OR_RETURN(HostTensor result,
                             HostTensor::create(resultType, operand.shape()));
  if (resultType == operand.dtype()) {
    if (operand.sizeInBytes() != 0)
      std::memcpy(result.rawData(), operand.rawData(), operand.sizeInBytes());
    return result;
  }
  visitDType(operand.dtype(), [&](auto fromTag) {
    using From = typename decltype(fromTag)::type;
    visitDType(resultType, [&](auto toTag) {
      using To = typename decltype(toTag)::type;
      const From *in = operand.data<From>();
      To *out = result.data<To>();
      parallelFor(operand.numElements(), kConvertGrain,
                  [&](int64_t begin, int64_t end) {
                    for (int64_t i = begin; i < end; ++i)
                      out[i] = convertValue<From, To>(in[i]);
                  });
    });
  });
  return result;
}
