//===- CudaDevice.h - Choosing and describing the GPU -----------*- C++ -*-===//
//
// The backend runs on one GPU: device 0 of those CUDA_VISIBLE_DEVICES shows,
// or the one STRATA_CUDA_DEVICE names. Its primary context (the one the
// CUDA runtime uses) is made current on the calling thread so that driver
// calls (module loading, launches) and runtime calls share it.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_CUDA_CUDADEVICE_H
#define STRATA_RUNTIME_CUDA_CUDADEVICE_H

#include "strata-runtime/Status.h"

#include <cstdint>
#include <string>

namespace strata::rt::cuda {

struct DeviceInfo {
  int ordinal = 0;
  std::string name;
  int multiprocessors = 0;
  int major = 0, minor = 0;
  int64_t totalMemoryBytes = 0;

  /// "sm_90".
  std::string arch() const;
  /// "NVIDIA H100 80GB HBM3 (sm_90, 132 SMs, 79.1 GiB)".
  std::string describe() const;
};

/// Finds the device, makes its primary context current on this thread and
/// resolves the driver entry points. Fails with "no CUDA device visible: ..."
/// when there is no driver or no device; never crashes for want of one.
StatusOr<DeviceInfo> openCudaDevice();

/// Free and total device memory as the driver reports them.
struct MemoryInfo {
  int64_t freeBytes = 0, totalBytes = 0;
};
StatusOr<MemoryInfo> queryDeviceMemory(const std::string &when);

} // namespace strata::rt::cuda

#endif // STRATA_RUNTIME_CUDA_CUDADEVICE_H
