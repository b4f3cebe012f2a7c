//===- CudaCheck.cpp - Naming CUDA errors ---------------------------------===//

#include "CudaCheck.h"

#include "DriverApi.h"

#include <cstring>

namespace strata::rt::cuda {

std::string calledFunction(const char *callText) {
  std::string text(callText);
  // "driver().cuLaunchKernel(f, ...)" -> "driver.cuLaunchKernel(f, ...)"
  // -> "driver.cuLaunchKernel" -> "cuLaunchKernel".
  for (size_t at; (at = text.find("()")) != std::string::npos;)
    text.erase(at, 2);
  text = text.substr(0, text.find('('));
  size_t start = text.find_last_of(".>: ");
  if (start != std::string::npos)
    text = text.substr(start + 1);
  return text;
}

std::string describeError(CUresult result) {
  const char *name = nullptr;
  const char *text = nullptr;
  if (driverApiLoaded()) {
    driver().cuGetErrorName(result, &name);
    driver().cuGetErrorString(result, &text);
  }
  std::string out = name ? name : "CUresult " + std::to_string(int(result));
  if (text)
    out += std::string(" (") + text + ")";
  return out;
}

std::string describeError(cudaError_t error) {
  return std::string(cudaGetErrorName(error)) + " (" +
         cudaGetErrorString(error) + ")";
}

std::string describeError(cublasStatus_t status) {
  return std::string(cublasLtGetStatusName(status)) + " (" +
         cublasLtGetStatusString(status) + ")";
}

} // namespace strata::rt::cuda
