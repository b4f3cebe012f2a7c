//===- GemmRunner.h - Row-major matrix products with cuBLASLt ---*- C++ -*-===//
//
// Runs the plan's Gemm steps (row-major, possibly batched and transposed,
// see GemmDescriptor) with cuBLASLt, which is column-major: a row-major
// m x n C is the column-major n x m C^T, and C^T = op(B)^T op(A)^T, so the
// call passes B as cuBLASLt's A and A as its B with m and n swapped; each
// operand's layout is its stored matrix read column-major, and a transpose
// flag of the plan becomes the same flag on the swapped operand.
//
// Each distinct product (descriptor, operand alignment, workspace use) gets
// its descriptors and its heuristic's algorithm once; every later call is
// one cublasLtMatmul. One workspace serves every call on the compute
// stream; products on other streams get none, since they could overlap.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_CUDA_GEMMRUNNER_H
#define STRATA_RUNTIME_CUDA_GEMMRUNNER_H

#include "CudaHandles.h"

#include "strata-runtime/Artifact.h"

#include <cublasLt.h>

#include <map>
#include <memory>
#include <string>
#include <tuple>

namespace strata::rt::cuda {

namespace detail {
inline void releaseMatmulDesc(cublasLtMatmulDesc_t desc) {
  cublasLtMatmulDescDestroy(desc);
}
inline void releaseLayout(cublasLtMatrixLayout_t layout) {
  cublasLtMatrixLayoutDestroy(layout);
}
inline void releasePreference(cublasLtMatmulPreference_t preference) {
  cublasLtMatmulPreferenceDestroy(preference);
}
inline void releaseLtHandle(cublasLtHandle_t handle) {
  cublasLtDestroy(handle);
}
} // namespace detail

/// One product's cuBLASLt descriptors and chosen algorithm.
struct GemmPlan {
  Owned<cublasLtMatmulDesc_t, detail::releaseMatmulDesc> operation;
  // cuBLASLt's A (the plan's B), B (the plan's A) and C.
  Owned<cublasLtMatrixLayout_t, detail::releaseLayout> layoutA, layoutB,
      layoutC;
  cublasLtMatmulAlgo_t algorithm{};
  bool useWorkspace = false;
  /// 2 m n k per batch entry, for throughput figures.
  double flops = 0;
};

class GemmRunner {
public:
  static constexpr int64_t kDefaultWorkspaceBytes = 32ll << 20;

  static StatusOr<std::unique_ptr<GemmRunner>>
  create(int64_t workspaceBytes = kDefaultWorkspaceBytes);

  /// Checks `gemm` (types, dimensions, leading dimensions; operand extents
  /// against the buffers' bytes when these are >= 0) and returns the plan
  /// for it with operands at these addresses, made on first use. `what`
  /// names the step in errors.
  StatusOr<const GemmPlan *> prepare(const GemmDescriptor &gemm,
                                     const void *a, int64_t aBytes,
                                     const void *b, int64_t bBytes,
                                     const void *c, int64_t cBytes,
                                     bool useWorkspace,
                                     const std::string &what);

  /// C = op(A) op(B) on `stream`.
  Status run(const GemmPlan &plan, const void *a, const void *b, void *c,
             cudaStream_t stream, const std::string &what);

  int64_t workspaceBytes() const { return workspace.bytes(); }

private:
  GemmRunner() = default;

  using Key = std::tuple<int, bool, int64_t, int64_t, int64_t, int64_t, bool,
                         bool, int64_t, int64_t, int64_t, int64_t, int64_t,
                         int64_t, unsigned, unsigned, unsigned, bool>;

  Owned<cublasLtHandle_t, detail::releaseLtHandle> handle;
  DeviceMemory workspace;
  std::map<Key, std::unique_ptr<GemmPlan>> plans;
};

} // namespace strata::rt::cuda

#endif // STRATA_RUNTIME_CUDA_GEMMRUNNER_H
