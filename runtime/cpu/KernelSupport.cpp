//===- KernelSupport.cpp - Shared machinery of the CPU kernels ------------===//

#include "KernelSupport.h"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <sstream>
#include <thread>

using namespace strata::rt;
using namespace strata::rt::detail;

namespace {
int64_t threadBudget() {
  static const int64_t budget = [] {
    if (const char *env = std::getenv("STRATA_RT_NUM_THREADS")) {
      long requested = std::strtol(env, nullptr, 10);
      if (requested > 0)
        return static_cast<int64_t>(requested);
    }
    unsigned hardware = std::thread::hardware_concurrency();
    return static_cast<int64_t>(hardware == 0 ? 1 : hardware);
  }();
  return budget;
}
} // namespace

void strata::rt::detail::parallelFor(
    int64_t count, int64_t minChunk,
    const std::function<void(int64_t, int64_t)> &body) {
  if (count <= 0)
    return;
  int64_t byWork = count / std::max<int64_t>(1, minChunk);
  int64_t threads = std::max<int64_t>(1, std::min(threadBudget(), byWork));
  if (threads == 1) {
    body(0, count);
    return;
  }
  int64_t chunk = (count + threads - 1) / threads;
  std::vector<std::thread> workers;
  workers.reserve(static_cast<size_t>(threads - 1));
  for (int64_t begin = chunk; begin < count; begin += chunk)
    workers.emplace_back(body, begin, std::min(count, begin + chunk));
  body(0, std::min(count, chunk));
  for (std::thread &worker : workers)
    worker.join();
}

std::string strata::rt::detail::formatList(const std::vector<int64_t> &values) {
  return formatShape(values);
}

Status strata::rt::detail::checkAxes(const char *kernel, const char *what,
                                     const std::vector<int64_t> &axes,
                                     int64_t rank) {
  std::vector<bool> seen(static_cast<size_t>(std::max<int64_t>(rank, 0)));
  for (int64_t axis : axes) {
    if (axis < 0 || axis >= rank)
      return makeError(kernel, ": ", what, " ", formatList(axes), " has axis ",
                       axis, " outside [0, ", rank, ")");
    if (seen[static_cast<size_t>(axis)])
      return makeError(kernel, ": ", what, " ", formatList(axes),
                       " repeats axis ", axis);
    seen[static_cast<size_t>(axis)] = true;
  }
  return Status::success();
}

Status strata::rt::detail::checkAttrSize(const char *kernel, const char *what,
                                         size_t size, int64_t expected,
                                         bool allowEmpty) {
  if (static_cast<int64_t>(size) == expected || (allowEmpty && size == 0))
    return Status::success();
  return makeError(kernel, ": ", what, " has ", size, " entries, expected ",
                   expected);
}

int64_t strata::rt::detail::loadIndex(const HostTensor &indices, int64_t flat) {
  return visitDType(indices.dtype(), [&](auto tag) -> int64_t {
    using T = typename decltype(tag)::type;
    if constexpr (kIsFloatStorage<T>) {
      return 0; // Callers reject float index tensors before loading.
    } else {
      T value = indices.data<T>()[flat];
      if constexpr (std::is_same_v<T, uint64_t>)
        return value > static_cast<uint64_t>(
                           std::numeric_limits<int64_t>::max())
                   ? std::numeric_limits<int64_t>::max()
                   : static_cast<int64_t>(value);
      else
        return static_cast<int64_t>(value);
    }
  });
}
