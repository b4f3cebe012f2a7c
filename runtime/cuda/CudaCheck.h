//===- CudaCheck.h - CUDA, driver and cuBLASLt errors as Status -*- C++ -*-===//
//
// Every call into CUDA goes through one of the macros below, which turn a
// failing CUresult / cudaError_t / cublasStatus_t into an rt::Status saying
// what the runtime was doing (the plan step, the buffer), which call failed
// and the library's name and description of the error:
//
//   step 12 (kernel fused_3 of module main at "model.mlir":4:7):
//       cuLaunchKernel failed: CUDA_ERROR_INVALID_VALUE (invalid argument)
//
// The macros return from the enclosing function, which must return Status or
// a StatusOr. The context arguments are streamed (as makeError does) only
// when the call failed, so they cost nothing on the fast path.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_CUDA_CUDACHECK_H
#define STRATA_RUNTIME_CUDA_CUDACHECK_H

#include "strata-runtime/Status.h"

#include <cublasLt.h>
#include <cuda.h>
#include <cuda_runtime_api.h>

#include <sstream>
#include <string>
#include <utility>

namespace strata::rt::cuda {

/// The called function's name from the macro's stringified call, e.g.
/// "cuLaunchKernel" from "driver().cuLaunchKernel(function, ...)".
std::string calledFunction(const char *callText);

/// "CUDA_ERROR_OUT_OF_MEMORY (out of memory)" and the like.
std::string describeError(CUresult result);
std::string describeError(cudaError_t error);
std::string describeError(cublasStatus_t status);

/// "<context>: <call> failed: <error>".
template <typename Error, typename... Context>
Status callFailure(Error error, const char *callText, Context &&...context) {
  std::ostringstream os;
  (os << ... << std::forward<Context>(context));
  os << ": " << calledFunction(callText)
     << " failed: " << describeError(error);
  return Status::error(os.str());
}

} // namespace strata::rt::cuda

/// Checks a CUDA runtime call; the remaining arguments say what for.
#define STRATA_CUDA_CHECK(call, ...)                                           \
  do {                                                                         \
    cudaError_t strataCudaError = (call);                                      \
    if (strataCudaError != cudaSuccess)                                        \
      return ::strata::rt::cuda::callFailure(strataCudaError, #call,           \
                                             __VA_ARGS__);                     \
  } while (false)

/// Checks a CUDA driver call (made through cuda::driver(), see DriverApi.h).
#define STRATA_CU_CHECK(call, ...)                                             \
  do {                                                                         \
    CUresult strataCuResult = (call);                                          \
    if (strataCuResult != CUDA_SUCCESS)                                        \
      return ::strata::rt::cuda::callFailure(strataCuResult, #call,            \
                                             __VA_ARGS__);                     \
  } while (false)

/// Checks a cuBLASLt call.
#define STRATA_CUBLAS_CHECK(call, ...)                                         \
  do {                                                                         \
    cublasStatus_t strataCublasStatus = (call);                                \
    if (strataCublasStatus != CUBLAS_STATUS_SUCCESS)                           \
      return ::strata::rt::cuda::callFailure(strataCublasStatus, #call,        \
                                             __VA_ARGS__);                     \
  } while (false)

#endif // STRATA_RUNTIME_CUDA_CUDACHECK_H
