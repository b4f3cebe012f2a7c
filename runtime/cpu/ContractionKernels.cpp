//===- ContractionKernels.cpp - dot_general and convolution ---------------===//
//
// Both kernels first copy their operands into accumulator-typed buffers
// (double for every float type, uint64 for integers), so the inner loops do
// no type conversion and float32 products sum in double.
//
//===----------------------------------------------------------------------===//

#include "KernelSupport.h"

#include "strata-runtime/Kernels.h"

#include <algorithm>

using namespace strata::rt;
using namespace strata::rt::detail;

namespace {

/// Multiply-adds a thread should get before another thread is worth starting.
constexpr int64_t kContractionGrain = 1 << 16;

/// Copies `src` (shape `shape`) transposed by `perm` into `dst` in row-major
/// order, converting each element to the accumulator type.
template <typename T>
void packTransposed(const T *src, const Shape &shape,
                    const std::vector<int64_t> &perm, AccT<T> *dst) {
  std::vector<int64_t> srcStrides = rowMajorStrides(shape);
  Shape packedShape;
  std::vector<int64_t> packedStrides; // Source stride of each packed axis.
  for (int64_t axis : perm) {
    packedShape.push_back(shape[static_cast<size_t>(axis)]);
    packedStrides.push_back(srcStrides[static_cast<size_t>(axis)]);
  }
  int64_t count = 1;
  for (int64_t dim : packedShape)
    count *= dim;
  if (count == 0)
    return;
  std::vector<int64_t> index(packedShape.size(), 0);
  int64_t offset = 0;
  for (int64_t i = 0; i < count; ++i) {
    dst[i] = toAcc(src[offset]);
    // Advance the odometer, keeping the source offset in step with it.
    for (size_t d = packedShape.size(); d > 0; --d) {
      size_t axis = d - 1;
      offset += packedStrides[axis];
      if (++index[axis] < packedShape[axis])
        break;
      offset -= packedStrides[axis] * packedShape[axis];
      index[axis] = 0;
    }
  }
}

/// The axes of a rank-`rank` tensor not listed in `used`, in order.
std::vector<int64_t> freeAxes(int64_t rank, const std::vector<int64_t> &a,
                              const std::vector<int64_t> &b) {
  std::vector<int64_t> result;
  for (int64_t axis = 0; axis < rank; ++axis)
    if (std::find(a.begin(), a.end(), axis) == a.end() &&
        std::find(b.begin(), b.end(), axis) == b.end())
      result.push_back(axis);
  return result;
}

int64_t productOf(const Shape &shape, const std::vector<int64_t> &axes) {
  int64_t product = 1;
  for (int64_t axis : axes)
    product *= shape[static_cast<size_t>(axis)];
  return product;
}

std::vector<int64_t> concat(std::vector<int64_t> a,
                            const std::vector<int64_t> &b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

} // namespace

StatusOr<HostTensor>
strata::rt::dotGeneral(const HostTensor &lhs, const HostTensor &rhs,
                       const std::vector<int64_t> &lhsBatchingDims,
                       const std::vector<int64_t> &rhsBatchingDims,
                       const std::vector<int64_t> &lhsContractingDims,
                       const std::vector<int64_t> &rhsContractingDims) {
  const char *kernel = "dot_general";
  if (lhs.dtype() != rhs.dtype())
    return makeError(kernel, ": operand element types differ: ", lhs.describe(),
                     " and ", rhs.describe());
  if (lhsBatchingDims.size() != rhsBatchingDims.size())
    return makeError(kernel, ": lhs batching dims ",
                     formatList(lhsBatchingDims), " and rhs batching dims ",
                     formatList(rhsBatchingDims), " differ in number");
  if (lhsContractingDims.size() != rhsContractingDims.size())
    return makeError(kernel, ": lhs contracting dims ",
                     formatList(lhsContractingDims),
                     " and rhs contracting dims ",
                     formatList(rhsContractingDims), " differ in number");
  STRATA_RT_RETURN_IF_ERROR(
      checkAxes(kernel, "lhs batching + contracting dims",
                concat(lhsBatchingDims, lhsContractingDims), lhs.rank()));
  STRATA_RT_RETURN_IF_ERROR(
      checkAxes(kernel, "rhs batching + contracting dims",
                concat(rhsBatchingDims, rhsContractingDims), rhs.rank()));
  auto checkSizes = [&](const std::vector<int64_t> &l,
                        const std::vector<int64_t> &r,
                        const char *what) -> Status {
    for (size_t i = 0; i < l.size(); ++i)
      if (lhs.dim(l[i]) != rhs.dim(r[i]))
        return makeError(kernel, ": ", what, " dimension ", i, " has size ",
                         lhs.dim(l[i]), " in lhs ", lhs.describe(), " but ",
                         rhs.dim(r[i]), " in rhs ", rhs.describe());
    return Status::success();
  };
  STRATA_RT_RETURN_IF_ERROR(
      checkSizes(lhsBatchingDims, rhsBatchingDims, "batching"));
  STRATA_RT_RETURN_IF_ERROR(
      checkSizes(lhsContractingDims, rhsContractingDims, "contracting"));

  std::vector<int64_t> lhsFree =
      freeAxes(lhs.rank(), lhsBatchingDims, lhsContractingDims);
  std::vector<int64_t> rhsFree =
      freeAxes(rhs.rank(), rhsBatchingDims, rhsContractingDims);
  Shape resultShape;
  for (int64_t axis : concat(lhsBatchingDims, lhsFree))
    resultShape.push_back(lhs.dim(axis));
  for (int64_t axis : rhsFree)
    resultShape.push_back(rhs.dim(axis));
  STRATA_RT_ASSIGN_OR_RETURN(HostTensor result,
                             HostTensor::create(lhs.dtype(), resultShape));

  const int64_t batch = productOf(lhs.shape(), lhsBatchingDims);
  const int64_t m = productOf(lhs.shape(), lhsFree);
  const int64_t k = productOf(lhs.shape(), lhsContractingDims);
  const int64_t n = productOf(rhs.shape(), rhsFree);
  if (result.numElements() == 0)
    return result;

  visitDType(lhs.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    using Acc = AccT<T>;
    // [batch, m, k] and [batch, k, n], so the inner loop walks a row of the
    // rhs and a row of the accumulator contiguously.
    std::vector<Acc> a(static_cast<size_t>(batch * m * k));
    std::vector<Acc> b(static_cast<size_t>(batch * k * n));
    packTransposed(lhs.data<T>(), lhs.shape(),
                   concat(concat(lhsBatchingDims, lhsFree), lhsContractingDims),
                   a.data());
    packTransposed(rhs.data<T>(), rhs.shape(),
                   concat(concat(rhsBatchingDims, rhsContractingDims), rhsFree),
                   b.data());
    T *out = result.data<T>();
    int64_t rowWork = std::max<int64_t>(1, k * n);
    parallelFor(batch * m, std::max<int64_t>(1, kContractionGrain / rowWork),
                [&](int64_t begin, int64_t end) {
                  std::vector<Acc> acc(static_cast<size_t>(n));
                  for (int64_t row = begin; row < end; ++row) {
                    std::fill(acc.begin(), acc.end(), Acc(0));
                    const Acc *aRow = a.data() + row * k;
                    const Acc *bBatch = b.data() + (row / m) * k * n;
                    for (int64_t kk = 0; kk < k; ++kk) {
                      const Acc scale = aRow[kk];
                      const Acc *bRow = bBatch + kk * n;
                      for (int64_t col = 0; col < n; ++col)
                        acc[col] += scale * bRow[col];
                    }
                    T *outRow = out + row * n;
                    for (int64_t col = 0; col < n; ++col)
                      outRow[col] = fromAcc<T>(acc[col]);
                  }
                });
  });
  return result;
}

//===----------------------------------------------------------------------===//
// convolution
//===----------------------------------------------------------------------===//

namespace {

/// The convolution's attributes with defaults filled in and per-spatial-
/// dimension index tables, after validation.
struct ConvPlan {
  int64_t spatialRank = 0;
  std::vector<int64_t> strides, lhsDilation, rhsDilation;
  std::vector<std::pair<int64_t, int64_t>> padding;
  std::vector<bool> reversal;
  Shape resultShape;
  /// inputIndex[s][y * kernelSize[s] + k]: the lhs index along spatial
  /// dimension s read by output position y and kernel tap k, or -1 where the
  /// tap lands in padding or in a hole of the lhs dilation.
  std::vector<std::vector<int64_t>> inputIndex;
};

StatusOr<ConvPlan> planConvolution(const HostTensor &lhs, const HostTensor &rhs,
                                   const ConvolutionAttrs &attrs) {
  const char *kernel = "convolution";
  const ConvDimensionNumbers &dn = attrs.dimensionNumbers;
  if (lhs.dtype() != rhs.dtype())
    return makeError(kernel, ": operand element types differ: ", lhs.describe(),
                     " and ", rhs.describe());
  if (lhs.rank() != rhs.rank() || lhs.rank() < 2)
    return makeError(kernel, ": lhs ", lhs.describe(), " and rhs ",
                     rhs.describe(), " must have the same rank, at least 2");
  const int64_t rank = lhs.rank();
  ConvPlan plan;
  plan.spatialRank = rank - 2;
  const size_t spatial = static_cast<size_t>(plan.spatialRank);

  auto checkLayout = [&](const char *what, int64_t a,
                         const std::vector<int64_t> &spatialDims,
                         int64_t b) -> Status {
    if (spatialDims.size() != spatial)
      return makeError(kernel, ": ", what, " spatial dimensions ",
                       formatList(spatialDims), " should have ", spatial,
                       " entries for rank ", rank);
    std::vector<int64_t> all = spatialDims;
    all.push_back(a);
    all.push_back(b);
    return checkAxes(kernel, what, all, rank);
  };
  STRATA_RT_RETURN_IF_ERROR(
      checkLayout("input dimensions", dn.inputBatchDimension,
                  dn.inputSpatialDimensions, dn.inputFeatureDimension));
  STRATA_RT_RETURN_IF_ERROR(
      checkLayout("kernel dimensions", dn.kernelInputFeatureDimension,
                  dn.kernelSpatialDimensions, dn.kernelOutputFeatureDimension));
  STRATA_RT_RETURN_IF_ERROR(
      checkLayout("output dimensions", dn.outputBatchDimension,
                  dn.outputSpatialDimensions, dn.outputFeatureDimension));

  STRATA_RT_RETURN_IF_ERROR(checkAttrSize(kernel, "window_strides",
                                          attrs.windowStrides.size(),
                                          plan.spatialRank, true));
  STRATA_RT_RETURN_IF_ERROR(checkAttrSize(
      kernel, "padding", attrs.padding.size(), plan.spatialRank, true));
  STRATA_RT_RETURN_IF_ERROR(checkAttrSize(kernel, "lhs_dilation",
                                          attrs.lhsDilation.size(),
                                          plan.spatialRank, true));
  STRATA_RT_RETURN_IF_ERROR(checkAttrSize(kernel, "rhs_dilation",
                                          attrs.rhsDilation.size(),
                                          plan.spatialRank, true));
  STRATA_RT_RETURN_IF_ERROR(checkAttrSize(kernel, "window_reversal",
                                          attrs.windowReversal.size(),
                                          plan.spatialRank, true));
  auto orDefault = [spatial](const std::vector<int64_t> &v) {
    return v.empty() ? std::vector<int64_t>(spatial, 1) : v;
  };
  plan.strides = orDefault(attrs.windowStrides);
  plan.lhsDilation = orDefault(attrs.lhsDilation);
  plan.rhsDilation = orDefault(attrs.rhsDilation);
  plan.padding = attrs.padding.empty()
                     ? std::vector<std::pair<int64_t, int64_t>>(spatial)
                     : attrs.padding;
  plan.reversal = attrs.windowReversal.empty()
                      ? std::vector<bool>(spatial, false)
                      : attrs.windowReversal;
  for (size_t s = 0; s < spatial; ++s)
    if (plan.strides[s] <= 0 || plan.lhsDilation[s] <= 0 ||
        plan.rhsDilation[s] <= 0)
      return makeError(kernel, ": window_strides ", formatList(plan.strides),
                       ", lhs_dilation ", formatList(plan.lhsDilation),
                       " and rhs_dilation ", formatList(plan.rhsDilation),
                       " must be positive");

  const int64_t fgc = attrs.featureGroupCount;
  const int64_t bgc = attrs.batchGroupCount;
  if (fgc <= 0 || bgc <= 0 || (fgc != 1 && bgc != 1))
    return makeError(kernel, ": feature_group_count ", fgc,
                     " and batch_group_count ", bgc,
                     " must be positive and at most one of them above 1");
  const int64_t batchSize = lhs.dim(dn.inputBatchDimension);
  const int64_t inFeatures = lhs.dim(dn.inputFeatureDimension);
  const int64_t kernelIn = rhs.dim(dn.kernelInputFeatureDimension);
  const int64_t kernelOut = rhs.dim(dn.kernelOutputFeatureDimension);
  if (batchSize % bgc != 0 || kernelOut % bgc != 0)
    return makeError(kernel, ": batch_group_count ", bgc,
                     " must divide the input batch size ", batchSize,
                     " and the kernel output features ", kernelOut);
  if (inFeatures % fgc != 0 || kernelOut % fgc != 0)
    return makeError(kernel, ": feature_group_count ", fgc,
                     " must divide the input features ", inFeatures,
                     " and the kernel output features ", kernelOut);
  if (kernelIn * fgc != inFeatures)
    return makeError(kernel, ": kernel input features ", kernelIn,
                     " times "
                     "feature_group_count ",
                     fgc,
                     " must equal the input "
                     "features ",
                     inFeatures, " (lhs ", lhs.describe(), ", rhs ",
                     rhs.describe(), ")");

  plan.resultShape.assign(static_cast<size_t>(rank), 0);
  plan.resultShape[static_cast<size_t>(dn.outputBatchDimension)] =
      batchSize / bgc;
  plan.resultShape[static_cast<size_t>(dn.outputFeatureDimension)] = kernelOut;
  plan.inputIndex.resize(spatial);
  for (size_t s = 0; s < spatial; ++s) {
    const int64_t inSize = lhs.dim(dn.inputSpatialDimensions[s]);
    const int64_t kSize = rhs.dim(dn.kernelSpatialDimensions[s]);
    const int64_t dilatedIn =
        inSize == 0 ? 0 : (inSize - 1) * plan.lhsDilation[s] + 1;
    const int64_t paddedIn =
        plan.padding[s].first + dilatedIn + plan.padding[s].second;
    const int64_t dilatedWindow =
        kSize == 0 ? 0 : (kSize - 1) * plan.rhsDilation[s] + 1;
    int64_t windows = 0;
    if (paddedIn > 0 && dilatedWindow <= paddedIn)
      windows = (paddedIn - dilatedWindow) / plan.strides[s] + 1;
    plan.resultShape[static_cast<size_t>(dn.outputSpatialDimensions[s])] =
        windows;

    std::vector<int64_t> &table = plan.inputIndex[s];
    table.assign(static_cast<size_t>(windows * kSize), -1);
    for (int64_t y = 0; y < windows; ++y) {
      for (int64_t k = 0; k < kSize; ++k) {
        int64_t tap = plan.reversal[s] ? kSize - 1 - k : k;
        int64_t dilated = y * plan.strides[s] + tap * plan.rhsDilation[s] -
                          plan.padding[s].first;
        if (dilated < 0 || dilated % plan.lhsDilation[s] != 0)
          continue;
        int64_t x = dilated / plan.lhsDilation[s];
        if (x < inSize)
          table[static_cast<size_t>(y * kSize + k)] = x;
      }
    }
  }
  return plan;
}

} // namespace

StatusOr<HostTensor> strata::rt::convolution(const HostTensor &lhs,
                                             const HostTensor &rhs,
                                             const ConvolutionAttrs &attrs) {
  STRATA_RT_ASSIGN_OR_RETURN(ConvPlan plan, planConvolution(lhs, rhs, attrs));
  STRATA_RT_ASSIGN_OR_RETURN(HostTensor result,
                             HostTensor::create(lhs.dtype(), plan.resultShape));
  if (result.numElements() == 0)
    return result;

  const ConvDimensionNumbers &dn = attrs.dimensionNumbers;
  const size_t spatial = static_cast<size_t>(plan.spatialRank);
  const std::vector<int64_t> lhsStrides = rowMajorStrides(lhs.shape());
  const std::vector<int64_t> rhsStrides = rowMajorStrides(rhs.shape());
  const int64_t outBatch = result.dim(dn.outputBatchDimension);
  const int64_t kernelIn = rhs.dim(dn.kernelInputFeatureDimension);
  const int64_t kernelOut = rhs.dim(dn.kernelOutputFeatureDimension);
  // Output feature o belongs to group o / (kernelOut / groups); a feature
  // group reads its slice of the input features, a batch group its slice of
  // the input batch.
  const int64_t featureGroupSize = kernelOut / attrs.featureGroupCount;
  const int64_t batchGroupSize = kernelOut / attrs.batchGroupCount;

  Shape kernelSpatialShape;
  for (int64_t axis : dn.kernelSpatialDimensions)
    kernelSpatialShape.push_back(rhs.dim(axis));
  int64_t taps = 1;
  for (int64_t size : kernelSpatialShape)
    taps *= size;

  visitDType(lhs.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    using Acc = AccT<T>;
    std::vector<Acc> lhsAcc(static_cast<size_t>(lhs.numElements()));
    std::vector<Acc> rhsAcc(static_cast<size_t>(rhs.numElements()));
    for (int64_t i = 0; i < lhs.numElements(); ++i)
      lhsAcc[static_cast<size_t>(i)] = toAcc(lhs.data<T>()[i]);
    for (int64_t i = 0; i < rhs.numElements(); ++i)
      rhsAcc[static_cast<size_t>(i)] = toAcc(rhs.data<T>()[i]);
    T *out = result.data<T>();
    const std::vector<int64_t> resultStrides = rowMajorStrides(result.shape());
    const int64_t lhsFeatureStride = lhsStrides[dn.inputFeatureDimension];
    const int64_t rhsInStride = rhsStrides[dn.kernelInputFeatureDimension];

    int64_t work = std::max<int64_t>(1, taps * kernelIn);
    parallelFor(
        result.numElements(), std::max<int64_t>(1, kContractionGrain / work),
        [&](int64_t begin, int64_t end) {
          std::vector<int64_t> y(spatial), tap(spatial);
          for (int64_t flat = begin; flat < end; ++flat) {
            auto coord = [&](int64_t axis) {
              return (flat / resultStrides[static_cast<size_t>(axis)]) %
                     result.dim(axis);
            };
            const int64_t nOut = coord(dn.outputBatchDimension);
            const int64_t o = coord(dn.outputFeatureDimension);
            for (size_t s = 0; s < spatial; ++s)
              y[s] = coord(dn.outputSpatialDimensions[s]);
            const int64_t batchIndex = (o / batchGroupSize) * outBatch + nOut;
            const int64_t firstFeature = (o / featureGroupSize) * kernelIn;
            const int64_t lhsBase =
                batchIndex * lhsStrides[dn.inputBatchDimension] +
                firstFeature * lhsFeatureStride;
            const int64_t rhsBase =
                o * rhsStrides[dn.kernelOutputFeatureDimension];

            Acc acc = 0;
            std::fill(tap.begin(), tap.end(), 0);
            for (int64_t t = 0; t < taps; ++t) {
              int64_t lhsOffset = lhsBase, rhsOffset = rhsBase;
              bool inside = true;
              for (size_t s = 0; s < spatial && inside; ++s) {
                int64_t kSize = kernelSpatialShape[s];
                int64_t x =
                    plan.inputIndex[s]
                                   [static_cast<size_t>(y[s] * kSize + tap[s])];
                inside = x >= 0;
                lhsOffset += x * lhsStrides[dn.inputSpatialDimensions[s]];
                rhsOffset += tap[s] * rhsStrides[dn.kernelSpatialDimensions[s]];
              }
              if (inside)
                for (int64_t i = 0; i < kernelIn; ++i)
                  acc +=
                      lhsAcc[static_cast<size_t>(lhsOffset +
                                                 i * lhsFeatureStride)] *
                      rhsAcc[static_cast<size_t>(rhsOffset + i * rhsInStride)];
              advanceIndex(tap, kernelSpatialShape);
            }
            out[flat] = fromAcc<T>(acc);
          }
        });
  });
  return result;
}
