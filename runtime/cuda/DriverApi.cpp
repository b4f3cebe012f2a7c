//===- DriverApi.cpp - Resolving driver entry points at run time ----------===//

#include "DriverApi.h"

#include "CudaCheck.h"

#include <cuda_runtime_api.h>

#include <atomic>
#include <mutex>

namespace strata::rt::cuda {
namespace {

DriverApi driverTable;
std::atomic<bool> driverTableReady{false};
std::mutex driverTableMutex;

template <typename Fn> Status resolve(const char *symbol, Fn &slot) {
  void *address = nullptr;
  cudaDriverEntryPointQueryResult found = cudaDriverEntryPointSymbolNotFound;
  STRATA_CUDA_CHECK(cudaGetDriverEntryPointByVersion(symbol, &address,
                                                     CUDA_VERSION,
                                                     cudaEnableDefault, &found),
                    "resolving driver function ", symbol);
  if (found != cudaDriverEntryPointSuccess || !address)
    return makeError("resolving driver function ", symbol,
                     ": the installed driver does not provide it at CUDA ",
                     CUDA_VERSION / 1000, ".", (CUDA_VERSION % 1000) / 10,
                     found == cudaDriverEntryPointVersionNotSufficent
                         ? " (driver older than the toolkit)"
                         : "");
  slot = reinterpret_cast<Fn>(address);
  return Status::success();
}

} // namespace

Status loadDriverApi() {
  if (driverTableReady.load(std::memory_order_acquire))
    return Status::success();
  std::lock_guard<std::mutex> lock(driverTableMutex);
  if (driverTableReady.load(std::memory_order_relaxed))
    return Status::success();
  DriverApi table;
  STRATA_RT_RETURN_IF_ERROR(resolve("cuGetErrorName", table.cuGetErrorName));
  STRATA_RT_RETURN_IF_ERROR(
      resolve("cuGetErrorString", table.cuGetErrorString));
  STRATA_RT_RETURN_IF_ERROR(
      resolve("cuModuleLoadDataEx", table.cuModuleLoadDataEx));
  STRATA_RT_RETURN_IF_ERROR(resolve("cuModuleUnload", table.cuModuleUnload));
  STRATA_RT_RETURN_IF_ERROR(
      resolve("cuModuleGetFunction", table.cuModuleGetFunction));
  STRATA_RT_RETURN_IF_ERROR(
      resolve("cuFuncGetAttribute", table.cuFuncGetAttribute));
  STRATA_RT_RETURN_IF_ERROR(
      resolve("cuFuncSetAttribute", table.cuFuncSetAttribute));
  STRATA_RT_RETURN_IF_ERROR(resolve("cuLaunchKernel", table.cuLaunchKernel));
  driverTable = table;
  driverTableReady.store(true, std::memory_order_release);
  return Status::success();
}

const DriverApi &driver() { return driverTable; }

bool driverApiLoaded() {
  return driverTableReady.load(std::memory_order_acquire);
}

} // namespace strata::rt::cuda
