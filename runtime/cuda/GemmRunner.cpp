//===- GemmRunner.cpp - Row-major matrix products with cuBLASLt -----------===//

#include "GemmRunner.h"

#include <algorithm>
#include <cstdint>

namespace strata::rt::cuda {
namespace {

StatusOr<cudaDataType_t> cudaDataType(DType dtype, const std::string &what) {
  switch (dtype) {
  case DType::f32:
    return CUDA_R_32F;
  case DType::f16:
    return CUDA_R_16F;
  case DType::bf16:
    return CUDA_R_16BF;
  default:
    return makeError(what, ": a gemm on ", dtypeName(dtype),
                     " is not supported (f32, f16 and bf16 are)");
  }
}

/// The largest power of two (up to 256, cuBLASLt's largest requirement)
/// dividing the operand's address and, when batched, its stride.
unsigned alignmentOf(const void *ptr, int64_t strideBytes, int64_t batch) {
  uint64_t bits = reinterpret_cast<uintptr_t>(ptr) | 256u;
  if (batch > 1)
    bits |= static_cast<uint64_t>(strideBytes);
  return static_cast<unsigned>(bits & (~bits + 1));
}

/// Elements a row-major rows x cols operand with leading dimension `ld`
/// spans over `batch` entries `stride` apart.
int64_t operandExtent(int64_t rows, int64_t cols, int64_t ld, int64_t batch,
                      int64_t stride) {
  return (batch - 1) * stride + (rows - 1) * ld + cols;
}

Status checkOperand(const char *name, int64_t rows, int64_t cols, int64_t ld,
                    int64_t batch, int64_t stride, int64_t elementBytes,
                    int64_t bufferBytes, const std::string &what) {
  if (ld < cols)
    return makeError(what, ": gemm operand ", name, " is stored ", rows, " x ",
                     cols, " row-major but its leading dimension is ", ld);
  if (batch > 1 && stride < 0)
    return makeError(what, ": gemm operand ", name, " has batch stride ",
                     stride);
  int64_t needed =
      operandExtent(rows, cols, ld, batch, stride) * elementBytes;
  if (bufferBytes >= 0 && needed > bufferBytes)
    return makeError(what, ": gemm operand ", name, " spans ", needed,
                     " bytes but its buffer holds ", bufferBytes);
  return Status::success();
}

template <typename T>
Status setLayoutAttribute(cublasLtMatrixLayout_t layout,
                          cublasLtMatrixLayoutAttribute_t attribute, T value,
                          const std::string &what) {
  STRATA_CUBLAS_CHECK(
      cublasLtMatrixLayoutSetAttribute(layout, attribute, &value,
                                       sizeof(value)),
      what, ": setting a matrix layout attribute");
  return Status::success();
}

/// A column-major rows x cols layout with leading dimension `ld`, batched.
StatusOr<Owned<cublasLtMatrixLayout_t, detail::releaseLayout>>
makeLayout(cudaDataType_t type, int64_t rows, int64_t cols, int64_t ld,
           int64_t batch, int64_t stride, const std::string &what) {
  cublasLtMatrixLayout_t raw = nullptr;
  STRATA_CUBLAS_CHECK(cublasLtMatrixLayoutCreate(&raw, type,
                                                 static_cast<uint64_t>(rows),
                                                 static_cast<uint64_t>(cols),
                                                 ld),
                      what, ": creating a ", rows, " x ", cols,
                      " matrix layout");
  Owned<cublasLtMatrixLayout_t, detail::releaseLayout> layout(raw);
  if (batch > 1) {
    STRATA_RT_RETURN_IF_ERROR(setLayoutAttribute(
        raw, CUBLASLT_MATRIX_LAYOUT_BATCH_COUNT, static_cast<int32_t>(batch),
        what));
    STRATA_RT_RETURN_IF_ERROR(setLayoutAttribute(
        raw, CUBLASLT_MATRIX_LAYOUT_STRIDED_BATCH_OFFSET,
        static_cast<int64_t>(stride), what));
  }
  return layout;
}

} // namespace

StatusOr<std::unique_ptr<GemmRunner>>
GemmRunner::create(int64_t workspaceBytes) {
  std::unique_ptr<GemmRunner> runner(new GemmRunner());
  cublasLtHandle_t handle = nullptr;
  STRATA_CUBLAS_CHECK(cublasLtCreate(&handle), "creating the cuBLASLt handle");
  runner->handle = Owned<cublasLtHandle_t, detail::releaseLtHandle>(handle);
  STRATA_RT_ASSIGN_OR_RETURN(
      runner->workspace,
      allocateDevice(workspaceBytes, "the cuBLASLt workspace"));
  return runner;
}

StatusOr<const GemmPlan *>
GemmRunner::prepare(const GemmDescriptor &gemm, const void *a, int64_t aBytes,
                    const void *b, int64_t bBytes, const void *c,
                    int64_t cBytes, bool useWorkspace,
                    const std::string &what) {
  STRATA_RT_ASSIGN_OR_RETURN(cudaDataType_t type,
                             cudaDataType(gemm.dtype, what));
  bool tf32 = gemm.computeMode == "tf32";
  if (!tf32 && gemm.computeMode != "f32")
    return makeError(what, ": unknown gemm compute mode '", gemm.computeMode,
                     "' (expected f32 or tf32)");
  if (gemm.batch < 1 || gemm.m < 1 || gemm.n < 1 || gemm.k < 1)
    return makeError(what, ": gemm of batch ", gemm.batch, ", m ", gemm.m,
                     ", n ", gemm.n, ", k ", gemm.k,
                     " (all must be positive)");
  if (gemm.batch > INT32_MAX)
    return makeError(what, ": gemm batch ", gemm.batch, " exceeds cuBLASLt's");
  int64_t elementBytes = static_cast<int64_t>(dtypeByteSize(gemm.dtype));
  STRATA_RT_RETURN_IF_ERROR(checkOperand(
      "A", gemm.transA ? gemm.k : gemm.m, gemm.transA ? gemm.m : gemm.k,
      gemm.lda, gemm.batch, gemm.strideA, elementBytes, aBytes, what));
  STRATA_RT_RETURN_IF_ERROR(checkOperand(
      "B", gemm.transB ? gemm.n : gemm.k, gemm.transB ? gemm.k : gemm.n,
      gemm.ldb, gemm.batch, gemm.strideB, elementBytes, bBytes, what));
  STRATA_RT_RETURN_IF_ERROR(checkOperand("C", gemm.m, gemm.n, gemm.ldc,
                                         gemm.batch, gemm.strideC,
                                         elementBytes, cBytes, what));

  unsigned alignA = alignmentOf(a, gemm.strideA * elementBytes, gemm.batch);
  unsigned alignB = alignmentOf(b, gemm.strideB * elementBytes, gemm.batch);
  unsigned alignC = alignmentOf(c, gemm.strideC * elementBytes, gemm.batch);
  Key key{static_cast<int>(gemm.dtype), tf32, gemm.batch, gemm.m, gemm.n,
          gemm.k, gemm.transA, gemm.transB, gemm.lda, gemm.ldb, gemm.ldc,
          gemm.strideA, gemm.strideB, gemm.strideC, alignA, alignB, alignC,
          useWorkspace};
  if (auto it = plans.find(key); it != plans.end())
    return it->second.get();

  auto plan = std::make_unique<GemmPlan>();
  plan->useWorkspace = useWorkspace && workspace;
  plan->flops = 2.0 * static_cast<double>(gemm.batch) * gemm.m * gemm.n * gemm.k;

  // tf32 only changes how f32 inputs are multiplied; 16-bit inputs always
  // accumulate in f32.
  cublasComputeType_t compute =
      gemm.dtype == DType::f32 && tf32 ? CUBLAS_COMPUTE_32F_FAST_TF32
                                       : CUBLAS_COMPUTE_32F;
  cublasLtMatmulDesc_t operation = nullptr;
  STRATA_CUBLAS_CHECK(cublasLtMatmulDescCreate(&operation, compute, CUDA_R_32F),
                      what, ": creating the matmul descriptor");
  plan->operation =
      Owned<cublasLtMatmulDesc_t, detail::releaseMatmulDesc>(operation);
  // Swapped operands (see the header): cuBLASLt's A is the plan's B.
  int32_t opA = gemm.transB ? CUBLAS_OP_T : CUBLAS_OP_N;
  int32_t opB = gemm.transA ? CUBLAS_OP_T : CUBLAS_OP_N;
  STRATA_CUBLAS_CHECK(cublasLtMatmulDescSetAttribute(
                          operation, CUBLASLT_MATMUL_DESC_TRANSA, &opA,
                          sizeof(opA)),
                      what, ": setting TRANSA");
  STRATA_CUBLAS_CHECK(cublasLtMatmulDescSetAttribute(
                          operation, CUBLASLT_MATMUL_DESC_TRANSB, &opB,
                          sizeof(opB)),
                      what, ": setting TRANSB");

  // Stored matrices read column-major: row-major r x c is column-major c x r.
  STRATA_RT_ASSIGN_OR_RETURN(
      plan->layoutA,
      makeLayout(type, gemm.transB ? gemm.k : gemm.n,
                 gemm.transB ? gemm.n : gemm.k, gemm.ldb, gemm.batch,
                 gemm.strideB, what));
  STRATA_RT_ASSIGN_OR_RETURN(
      plan->layoutB,
      makeLayout(type, gemm.transA ? gemm.m : gemm.k,
                 gemm.transA ? gemm.k : gemm.m, gemm.lda, gemm.batch,
                 gemm.strideA, what));
  STRATA_RT_ASSIGN_OR_RETURN(plan->layoutC,
                             makeLayout(type, gemm.n, gemm.m, gemm.ldc,
                                        gemm.batch, gemm.strideC, what));

  cublasLtMatmulPreference_t rawPreference = nullptr;
  STRATA_CUBLAS_CHECK(cublasLtMatmulPreferenceCreate(&rawPreference), what,
                      ": creating the algorithm preference");
  Owned<cublasLtMatmulPreference_t, detail::releasePreference> preference(
      rawPreference);
  uint64_t workspaceLimit =
      plan->useWorkspace ? static_cast<uint64_t>(workspace.bytes()) : 0;
  STRATA_CUBLAS_CHECK(cublasLtMatmulPreferenceSetAttribute(
                          rawPreference,
                          CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES,
                          &workspaceLimit, sizeof(workspaceLimit)),
                      what, ": setting the workspace limit");
  // The heuristic assumes 256-byte aligned operands unless told otherwise.
  // Swapped again: cuBLASLt's A is the plan's B.
  struct {
    cublasLtMatmulPreferenceAttributes_t attribute;
    uint32_t bytes;
  } alignments[] = {{CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_A_BYTES, alignB},
                    {CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_B_BYTES, alignA},
                    {CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_C_BYTES, alignC},
                    {CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_D_BYTES, alignC}};
  for (const auto &alignment : alignments)
    STRATA_CUBLAS_CHECK(cublasLtMatmulPreferenceSetAttribute(
                            rawPreference, alignment.attribute,
                            &alignment.bytes, sizeof(alignment.bytes)),
                        what, ": setting an operand alignment");

  cublasLtMatmulHeuristicResult_t result{};
  int found = 0;
  STRATA_CUBLAS_CHECK(cublasLtMatmulAlgoGetHeuristic(
                          handle.get(), operation, plan->layoutA.get(),
                          plan->layoutB.get(), plan->layoutC.get(),
                          plan->layoutC.get(), rawPreference, 1, &result,
                          &found),
                      what, ": choosing an algorithm for a ", dtypeName(gemm.dtype),
                      " gemm of batch ", gemm.batch, ", m ", gemm.m, ", n ",
                      gemm.n, ", k ", gemm.k);
  if (found == 0 || result.state != CUBLAS_STATUS_SUCCESS)
    return makeError(what, ": cuBLASLt has no algorithm for a ",
                     dtypeName(gemm.dtype), " gemm of batch ", gemm.batch,
                     ", m ", gemm.m, ", n ", gemm.n, ", k ", gemm.k,
                     " (lda ", gemm.lda, ", ldb ", gemm.ldb, ", ldc ",
                     gemm.ldc, ", alignments ", alignA, "/", alignB, "/",
                     alignC, " bytes)");
  plan->algorithm = result.algo;

  const GemmPlan *stored = plan.get();
  plans.emplace(key, std::move(plan));
  return stored;
}

Status GemmRunner::run(const GemmPlan &plan, const void *a, const void *b,
                       void *c, cudaStream_t stream, const std::string &what) {
  const float alpha = 1.0f, beta = 0.0f;
  STRATA_CUBLAS_CHECK(
      cublasLtMatmul(handle.get(), plan.operation.get(), &alpha,
                     /*A=*/b, plan.layoutA.get(), /*B=*/a, plan.layoutB.get(),
                     &beta, c, plan.layoutC.get(), c, plan.layoutC.get(),
                     &plan.algorithm,
                     plan.useWorkspace ? workspace.data() : nullptr,
                     plan.useWorkspace ? static_cast<size_t>(workspace.bytes())
                                       : 0,
                     stream),
      what);
  return Status::success();
}

} // namespace strata::rt::cuda
