//===- CudaDevice.cpp - Choosing and describing the GPU -------------------===//

#include "CudaDevice.h"

#include "CudaCheck.h"
#include "DriverApi.h"

#include <cuda_runtime_api.h>

#include <cstdio>
#include <cstdlib>

namespace strata::rt::cuda {

std::string DeviceInfo::arch() const {
  return "sm_" + std::to_string(major) + std::to_string(minor);
}

std::string DeviceInfo::describe() const {
  char memory[32];
  std::snprintf(memory, sizeof(memory), "%.1f GiB",
                static_cast<double>(totalMemoryBytes) / (1ull << 30));
  return name + " (" + arch() + ", " + std::to_string(multiprocessors) +
         " SMs, " + memory + ")";
}

StatusOr<DeviceInfo> openCudaDevice() {
  int count = 0;
  cudaError_t error = cudaGetDeviceCount(&count);
  if (error != cudaSuccess)
    return makeError(
        "no CUDA device visible: cudaGetDeviceCount failed: ",
        describeError(error),
        error == cudaErrorInsufficientDriver
            ? "; no GPU driver is installed, or it predates CUDA " +
                  std::to_string(CUDART_VERSION / 1000) + "." +
                  std::to_string(CUDART_VERSION % 1000 / 10)
            : std::string());
  if (count == 0)
    return makeError("no CUDA device visible: cudaGetDeviceCount found none");

  DeviceInfo info;
  if (const char *chosen = std::getenv("STRATA_CUDA_DEVICE")) {
    char *end = nullptr;
    long ordinal = std::strtol(chosen, &end, 10);
    if (end == chosen || *end != '\0' || ordinal < 0 || ordinal >= count)
      return makeError("STRATA_CUDA_DEVICE='", chosen,
                       "' is not a device ordinal below ", count);
    info.ordinal = static_cast<int>(ordinal);
  }

  STRATA_CUDA_CHECK(cudaSetDevice(info.ordinal), "selecting CUDA device ",
                    info.ordinal);
  // cudaFree(nullptr) creates the primary context now, so that failures to
  // create it are reported here and driver calls find it current.
  STRATA_CUDA_CHECK(cudaFree(nullptr), "creating the context of device ",
                    info.ordinal);
  STRATA_RT_RETURN_IF_ERROR(loadDriverApi().withContext(
      "no CUDA device visible: cannot use the CUDA driver"));

  cudaDeviceProp props{};
  STRATA_CUDA_CHECK(cudaGetDeviceProperties(&props, info.ordinal),
                    "reading the properties of device ", info.ordinal);
  info.name = props.name;
  info.multiprocessors = props.multiProcessorCount;
  info.major = props.major;
  info.minor = props.minor;
  info.totalMemoryBytes = static_cast<int64_t>(props.totalGlobalMem);
  if (!props.unifiedAddressing)
    return makeError("device ", info.ordinal, " (", info.name,
                     ") lacks unified addressing, which the runtime needs "
                     "to pass pinned host buffers to copies and kernels");
  return info;
}

StatusOr<MemoryInfo> queryDeviceMemory(const std::string &when) {
  size_t freeBytes = 0, totalBytes = 0;
  STRATA_CUDA_CHECK(cudaMemGetInfo(&freeBytes, &totalBytes),
                    "reading free device memory ", when);
  return MemoryInfo{static_cast<int64_t>(freeBytes),
                    static_cast<int64_t>(totalBytes)};
}

} // namespace strata::rt::cuda
