//===- NoCudaBackend.cpp - createCudaBackend where CUDA was not found -----===//
//
// Compiled instead of the CUDA backend when CMake found no CUDA toolkit, so
// that asking for --backend=cuda says why there is none.

#include "strata-runtime/Backend.h"

namespace strata::rt {

StatusOr<std::unique_ptr<Backend>> createCudaBackend() {
  return Status::error("strata-run was built without CUDA (the CUDA toolkit "
                       "was not found at configure time)");
}

StatusOr<nlohmann::json> calibrateCudaMachine() {
  return Status::error("strata-run was built without CUDA (the CUDA toolkit "
                       "was not found at configure time): nothing to "
                       "calibrate");
}

} // namespace strata::rt
