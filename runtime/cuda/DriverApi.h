//===- DriverApi.h - The CUDA driver functions the runtime calls -*- C++ -*-===//
//
// The runtime reaches the driver API through entry points that the CUDA
// runtime hands out (cudaGetDriverEntryPointByVersion) instead of linking
// libcuda. libcuda.so.1 comes with the GPU driver, not with the toolkit:
// linking it would make every program that links the runtime (strata-run
// with the CPU backend included) fail to start on a machine that has the
// toolkit but no GPU, instead of reporting "no CUDA device visible".
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_CUDA_DRIVERAPI_H
#define STRATA_RUNTIME_CUDA_DRIVERAPI_H

#include "strata-runtime/Status.h"

#include <cuda.h>

namespace strata::rt::cuda {

/// Driver functions with the signatures of the cuda.h the runtime was built
/// against (the entry points are requested at that CUDA_VERSION).
struct DriverApi {
  decltype(&::cuGetErrorName) cuGetErrorName = nullptr;
  decltype(&::cuGetErrorString) cuGetErrorString = nullptr;
  decltype(&::cuModuleLoadDataEx) cuModuleLoadDataEx = nullptr;
  decltype(&::cuModuleUnload) cuModuleUnload = nullptr;
  decltype(&::cuModuleGetFunction) cuModuleGetFunction = nullptr;
  decltype(&::cuFuncGetAttribute) cuFuncGetAttribute = nullptr;
  decltype(&::cuFuncSetAttribute) cuFuncSetAttribute = nullptr;
  decltype(&::cuLaunchKernel) cuLaunchKernel = nullptr;
};

/// Resolves the entry points once (thread-safe). Requires a CUDA runtime
/// that could talk to a driver; fails with the runtime's error otherwise.
Status loadDriverApi();

/// The resolved functions. Precondition: loadDriverApi() succeeded.
const DriverApi &driver();

/// Whether loadDriverApi() has succeeded (error messages use it to decide
/// whether the driver can name a CUresult).
bool driverApiLoaded();

} // namespace strata::rt::cuda

#endif // STRATA_RUNTIME_CUDA_DRIVERAPI_H
