//===- GemmLowering.cpp - Contractions as library matrix products ---------===//

#include "GemmLowering.h"

#include "strata/OpRecords.h"

using namespace mlir;
using namespace mlir::strata;
namespace rt = ::strata::rt;

namespace {

/// How one operand's non-batch dimensions are laid out: its free
/// dimensions then its contracting ones (not transposed for lhs), or the
/// other way round.
enum class Order { FreeFirst, ContractingFirst, Neither };

Order operandOrder(ArrayRef<int64_t> shapeDims, int64_t batchCount,
                   ArrayRef<int64_t> contracting) {
  int64_t rank = shapeDims.size();
  int64_t contractCount = contracting.size();
  auto contiguousFrom = [&](int64_t first) {
    for (auto [i, d] : llvm::enumerate(contracting))
      if (d != first + static_cast<int64_t>(i))
        return false;
    return true;
  };
  if (contiguousFrom(rank - contractCount))
    return Order::FreeFirst;
  if (contiguousFrom(batchCount))
    return Order::ContractingFirst;
  return Order::Neither;
}

int64_t product(ArrayRef<int64_t> shape, int64_t begin, int64_t end) {
  int64_t result = 1;
  for (int64_t d = begin; d < end; ++d)
    result *= shape[d];
  return result;
}

} // namespace

std::optional<rt::GemmDescriptor>
codegen::gemmDescriptorFor(DotOp dot, StringRef computeMode) {
  auto lhsType = cast<RankedTensorType>(dot.getLhs().getType());
  auto rhsType = cast<RankedTensorType>(dot.getRhs().getType());
  auto resultType = cast<RankedTensorType>(dot.getResult().getType());
  Type element = lhsType.getElementType();
  if (rhsType.getElementType() != element ||
      resultType.getElementType() != element)
    return std::nullopt;
  FailureOr<rt::DType> dtype = toRuntimeDType(element);
  if (failed(dtype) || (*dtype != rt::DType::f32 && *dtype != rt::DType::f16 &&
                        *dtype != rt::DType::bf16))
    return std::nullopt;

  ArrayRef<int64_t> lhsBatch = dot.getLhsBatchingDimensions();
  ArrayRef<int64_t> rhsBatch = dot.getRhsBatchingDimensions();
  int64_t batchCount = lhsBatch.size();
  for (int64_t i = 0; i < batchCount; ++i)
    if (lhsBatch[i] != i || rhsBatch[i] != i)
      return std::nullopt;
  ArrayRef<int64_t> lhsContract = dot.getLhsContractingDimensions();
  ArrayRef<int64_t> rhsContract = dot.getRhsContractingDimensions();
  ArrayRef<int64_t> lhsShape = lhsType.getShape();
  ArrayRef<int64_t> rhsShape = rhsType.getShape();
  Order lhsOrder = operandOrder(lhsShape, batchCount, lhsContract);
  Order rhsOrder = operandOrder(rhsShape, batchCount, rhsContract);
  if (lhsOrder == Order::Neither || rhsOrder == Order::Neither)
    return std::nullopt;
  // With no free dimensions both orders describe the operand; prefer the
  // untransposed reading of each.
  int64_t lhsRank = lhsShape.size(), rhsRank = rhsShape.size();
  int64_t contractCount = lhsContract.size();
  if (lhsRank - batchCount == contractCount)
    lhsOrder = Order::FreeFirst;
  if (rhsRank - batchCount == contractCount)
    rhsOrder = Order::ContractingFirst;

  rt::GemmDescriptor gemm;
  gemm.dtype = *dtype;
  gemm.computeMode =
      (*dtype == rt::DType::f32 && computeMode == "tf32") ? "tf32" : "f32";
  gemm.batch = product(lhsShape, 0, batchCount);
  gemm.k = 1;
  for (int64_t d : lhsContract)
    gemm.k *= lhsShape[d];
  gemm.m = product(lhsShape, batchCount, lhsRank) / std::max<int64_t>(gemm.k, 1);
  int64_t rhsK = 1;
  for (int64_t d : rhsContract)
    rhsK *= rhsShape[d];
  if (rhsK != gemm.k)
    return std::nullopt;
  gemm.n = product(rhsShape, batchCount, rhsRank) / std::max<int64_t>(rhsK, 1);
  gemm.transA = lhsOrder == Order::ContractingFirst;
  gemm.transB = rhsOrder == Order::FreeFirst;
  gemm.lda = gemm.transA ? gemm.m : gemm.k;
  gemm.ldb = gemm.transB ? gemm.k : gemm.n;
  gemm.ldc = gemm.n;
  gemm.strideA = gemm.m * gemm.k;
  gemm.strideB = gemm.k * gemm.n;
  gemm.strideC = gemm.m * gemm.n;
  if (gemm.m == 0 || gemm.n == 0 || gemm.k == 0)
    return std::nullopt;
  return gemm;
}
