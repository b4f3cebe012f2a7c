//===- SortKernels.cpp - Sorting slices of tensors along a dimension ------===//

#include "strata-runtime/Kernels.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

namespace strata::rt {

StatusOr<std::vector<HostTensor>>
sort(const std::vector<const HostTensor *> &operands, int64_t dimension,
     bool descending) {
  if (operands.empty())
    return makeError("sort: needs at least one operand");
  const HostTensor &keys = *operands.front();
  for (const HostTensor *operand : operands)
    if (operand->shape() != keys.shape())
      return makeError("sort: operand ", operand->describe(),
                       " does not have the keys' shape ", keys.describe());
  if (dimension < 0 || dimension >= keys.rank())
    return makeError("sort: dimension ", dimension, " is out of range for ",
                     keys.describe());

  int64_t outer = 1, inner = 1, length = keys.dim(dimension);
  for (int64_t d = 0; d < dimension; ++d)
    outer *= keys.dim(d);
  for (int64_t d = dimension + 1; d < keys.rank(); ++d)
    inner *= keys.dim(d);

  std::vector<HostTensor> results;
  for (const HostTensor *operand : operands) {
    StatusOr<HostTensor> result =
        HostTensor::create(operand->dtype(), operand->shape());
    if (!result.ok())
      return result.status();
    results.push_back(std::move(result.value()));
  }

  std::vector<int64_t> order(static_cast<size_t>(length));
  std::vector<double> slice(static_cast<size_t>(length));
  // NaN sorts after everything ascending and before everything descending,
  // so that descending is the exact reverse order of ascending.
  auto before = [&](int64_t a, int64_t b) {
    double x = slice[a], y = slice[b];
    if (std::isnan(x) || std::isnan(y))
      return descending ? std::isnan(x) && !std::isnan(y)
                        : !std::isnan(x) && std::isnan(y);
    return descending ? x > y : x < y;
  };
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      auto flat = [&](int64_t j) { return (o * length + j) * inner + i; };
      for (int64_t j = 0; j < length; ++j)
        slice[j] = keys.getAsDouble(flat(j));
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(), before);
      for (size_t k = 0; k < operands.size(); ++k) {
        size_t size = dtypeByteSize(operands[k]->dtype());
        const std::byte *from = operands[k]->rawData();
        std::byte *to = results[k].rawData();
        for (int64_t j = 0; j < length; ++j)
          std::memcpy(to + flat(j) * size, from + flat(order[j]) * size, size);
      }
    }
  return results;
}

} // namespace strata::rt
