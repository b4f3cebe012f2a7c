//===- DataMovementKernels.cpp - Layout, indexing and selection ops -------===//
//
// These kernels only move elements, so they work on raw bytes with the
// element size as a template parameter (memcpy of a constant size compiles
// to one load and store, and sidesteps type-punning rules). The exceptions
// are iota, select and scatter's combiner, which need element values.
//
//===----------------------------------------------------------------------===//

#include "KernelSupport.h"
#include "ScalarOps.h"

#include "strata-runtime/Kernels.h"

#include <algorithm>
#include <cstring>

using namespace strata::rt;
using namespace strata::rt::detail;

namespace {

constexpr int64_t kCopyGrain = 1 << 15;

template <typename F> void withElementSize(DType dtype, F &&f) {
  switch (dtypeByteSize(dtype)) {
  case 1:
    f(std::integral_constant<size_t, 1>{});
    return;
  case 2:
    f(std::integral_constant<size_t, 2>{});
    return;
  case 4:
    f(std::integral_constant<size_t, 4>{});
    return;
  default:
    f(std::integral_constant<size_t, 8>{});
    return;
  }
}

/// dst[i] = src[base + sum(index_d * srcStrides[d])] over the row-major
/// multi-indices `index` of `outShape`; strides are in elements and may be
/// zero (broadcast) or scaled (strided slice).
template <size_t N>
void copyStrided(const std::byte *src, std::byte *dst, const Shape &outShape,
                 const std::vector<int64_t> &srcStrides, int64_t base) {
  int64_t count = 1;
  for (int64_t size : outShape)
    count *= size;
  if (count == 0)
    return;
  std::vector<int64_t> index(outShape.size(), 0);
  int64_t offset = base;
  for (int64_t i = 0; i < count; ++i) {
    std::memcpy(dst + i * N, src + offset * static_cast<int64_t>(N), N);
    for (size_t d = outShape.size(); d > 0; --d) {
      size_t axis = d - 1;
      offset += srcStrides[axis];
      if (++index[axis] < outShape[axis])
        break;
      offset -= srcStrides[axis] * outShape[axis];
      index[axis] = 0;
    }
  }
}

StatusOr<HostTensor> stridedView(const HostTensor &operand,
                                 const Shape &outShape,
                                 const std::vector<int64_t> &srcStrides,
                                 int64_t base) {
  STRATA_RT_ASSIGN_OR_RETURN(HostTensor result,
                             HostTensor::create(operand.dtype(), outShape));
  withElementSize(operand.dtype(), [&](auto size) {
    copyStrided<decltype(size)::value>(operand.rawData(), result.rawData(),
                                       outShape, srcStrides, base);
  });
  return result;
}

bool isSortedUnique(const std::vector<int64_t> &values) {
  for (size_t i = 1; i < values.size(); ++i)
    if (values[i - 1] >= values[i])
      return false;
  return true;
}

bool contains(const std::vector<int64_t> &values, int64_t value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

std::vector<int64_t> concat(std::vector<int64_t> a,
                            const std::vector<int64_t> &b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

Status checkIndexTensor(const char *kernel, const char *what,
                        const HostTensor &indices) {
  if (!isSignedIntegerDType(indices.dtype()) &&
      !isUnsignedIntegerDType(indices.dtype()))
    return makeError(kernel, ": ", what, " must have an integer type, got ",
                     indices.describe());
  return Status::success();
}

/// The pieces gather and scatter share: where each start-index vector sits
/// in the index tensor.
struct IndexVectorLayout {
  const HostTensor *indices;
  int64_t indexVectorDim;
  Shape batchShape;                    // indices' shape without ivd.
  std::vector<int64_t> indicesStrides; // Row-major strides of `indices`.

  IndexVectorLayout(const HostTensor &indices, int64_t indexVectorDim)
      : indices(&indices), indexVectorDim(indexVectorDim),
        indicesStrides(rowMajorStrides(indices.shape())) {
    for (int64_t axis = 0; axis < indices.rank(); ++axis)
      if (axis != indexVectorDim)
        batchShape.push_back(indices.dim(axis));
  }

  int64_t vectorLength() const {
    return indexVectorDim < indices->rank() ? indices->dim(indexVectorDim) : 1;
  }

  /// Component `k` of the start vector at batch position `batch`.
  int64_t component(const std::vector<int64_t> &batch, int64_t k) const {
    int64_t flat = 0;
    for (int64_t axis = 0, b = 0; axis < indices->rank(); ++axis) {
      int64_t coordinate =
          axis == indexVectorDim ? k : batch[static_cast<size_t>(b++)];
      flat += coordinate * indicesStrides[static_cast<size_t>(axis)];
    }
    return loadIndex(*indices, flat);
  }

  /// The batch coordinate standing for indices' dimension `indicesDim`,
  /// which is never the index vector dimension.
  int64_t batchCoordinate(const std::vector<int64_t> &batch,
                          int64_t indicesDim) const {
    return batch[static_cast<size_t>(
        indicesDim < indexVectorDim ? indicesDim : indicesDim - 1)];
  }
};

/// Checks the index-related attributes gather and scatter have in common,
/// named as gather names them.
Status checkIndexing(const char *kernel, const HostTensor &operand,
                     const HostTensor &indices, int64_t indexVectorDim,
                     const std::vector<int64_t> &startIndexMap,
                     const std::vector<int64_t> &operandBatchingDims,
                     const std::vector<int64_t> &indicesBatchingDims,
                     const char *mapName, const char *batchingName,
                     const char *indicesBatchingName) {
  STRATA_RT_RETURN_IF_ERROR(checkIndexTensor(kernel, "indices", indices));
  if (indexVectorDim < 0 || indexVectorDim > indices.rank())
    return makeError(kernel, ": index_vector_dim ", indexVectorDim,
                     " is outside [0, ", indices.rank(), "] for indices ",
                     indices.describe());
  int64_t vectorLength =
      indexVectorDim < indices.rank() ? indices.dim(indexVectorDim) : 1;
  if (static_cast<int64_t>(startIndexMap.size()) != vectorLength)
    return makeError(kernel, ": ", mapName, " ", formatList(startIndexMap),
                     " must have one entry per index vector component (",
                     vectorLength, ") of indices ", indices.describe());
  STRATA_RT_RETURN_IF_ERROR(
      checkAxes(kernel, (std::string(mapName) + " + " + batchingName).c_str(),
                concat(startIndexMap, operandBatchingDims), operand.rank()));
  STRATA_RT_RETURN_IF_ERROR(checkAxes(kernel, indicesBatchingName,
                                      indicesBatchingDims, indices.rank()));
  if (contains(indicesBatchingDims, indexVectorDim))
    return makeError(kernel, ": ", indicesBatchingName, " ",
                     formatList(indicesBatchingDims),
                     " must not contain index_vector_dim ", indexVectorDim);
  if (operandBatchingDims.size() != indicesBatchingDims.size())
    return makeError(kernel, ": ", batchingName, " ",
                     formatList(operandBatchingDims), " and ",
                     indicesBatchingName, " ", formatList(indicesBatchingDims),
                     " differ in length");
  for (size_t i = 0; i < operandBatchingDims.size(); ++i)
    if (operand.dim(operandBatchingDims[i]) !=
        indices.dim(indicesBatchingDims[i]))
      return makeError(kernel, ": batching dimension ", i, " has size ",
                       operand.dim(operandBatchingDims[i]), " in ",
                       operand.describe(), " but ",
                       indices.dim(indicesBatchingDims[i]), " in indices ",
                       indices.describe());
  return Status::success();
}

} // namespace

StatusOr<HostTensor>
strata::rt::transpose(const HostTensor &operand,
                      const std::vector<int64_t> &permutation) {
  const char *kernel = "transpose";
  if (static_cast<int64_t>(permutation.size()) != operand.rank())
    return makeError(kernel, ": permutation ", formatList(permutation),
                     " does not match the rank of ", operand.describe());
  STRATA_RT_RETURN_IF_ERROR(
      checkAxes(kernel, "permutation", permutation, operand.rank()));
  std::vector<int64_t> inStrides = rowMajorStrides(operand.shape());
  Shape outShape;
  std::vector<int64_t> srcStrides;
  for (int64_t axis : permutation) {
    outShape.push_back(operand.dim(axis));
    srcStrides.push_back(inStrides[static_cast<size_t>(axis)]);
  }
  return stridedView(operand, outShape, srcStrides, 0);
}

StatusOr<HostTensor>
strata::rt::broadcastInDim(const HostTensor &operand, const Shape &resultShape,
                           const std::vector<int64_t> &broadcastDimensions) {
  const char *kernel = "broadcast_in_dim";
  if (static_cast<int64_t>(broadcastDimensions.size()) != operand.rank())
    return makeError(
        kernel, ": broadcast_dimensions ", formatList(broadcastDimensions),
        " must have one entry per dimension of ", operand.describe());
  STRATA_RT_RETURN_IF_ERROR(
      checkAxes(kernel, "broadcast_dimensions", broadcastDimensions,
                static_cast<int64_t>(resultShape.size())));
  std::vector<int64_t> inStrides = rowMajorStrides(operand.shape());
  std::vector<int64_t> srcStrides(resultShape.size(), 0);
  for (int64_t i = 0; i < operand.rank(); ++i) {
    int64_t target = broadcastDimensions[static_cast<size_t>(i)];
    int64_t size = operand.dim(i);
    if (size != 1 && size != resultShape[static_cast<size_t>(target)])
      return makeError(kernel, ": operand dimension ", i, " of ",
                       operand.describe(), " has size ", size,
                       ", which cannot broadcast to result dimension ", target,
                       " of ", formatShape(resultShape));
    if (size != 1)
      srcStrides[static_cast<size_t>(target)] =
          inStrides[static_cast<size_t>(i)];
  }
  return stridedView(operand, resultShape, srcStrides, 0);
}

StatusOr<HostTensor> strata::rt::reshape(const HostTensor &operand,
                                         const Shape &shape) {
  return operand.reshaped(shape);
}

StatusOr<HostTensor> strata::rt::slice(const HostTensor &operand,
                                       const std::vector<int64_t> &startIndices,
                                       const std::vector<int64_t> &limitIndices,
                                       const std::vector<int64_t> &strides) {
  const char *kernel = "slice";
  const int64_t rank = operand.rank();
  STRATA_RT_RETURN_IF_ERROR(
      checkAttrSize(kernel, "start_indices", startIndices.size(), rank, false));
  STRATA_RT_RETURN_IF_ERROR(
      checkAttrSize(kernel, "limit_indices", limitIndices.size(), rank, false));
  STRATA_RT_RETURN_IF_ERROR(
      checkAttrSize(kernel, "strides", strides.size(), rank, true));
  std::vector<int64_t> inStrides = rowMajorStrides(operand.shape());
  Shape outShape;
  std::vector<int64_t> srcStrides;
  int64_t base = 0;
  for (size_t d = 0; d < static_cast<size_t>(rank); ++d) {
    int64_t start = startIndices[d], limit = limitIndices[d];
    int64_t stride = strides.empty() ? 1 : strides[d];
    if (start < 0 || start > limit || limit > operand.shape()[d] || stride <= 0)
      return makeError(kernel, ": start ", formatList(startIndices), ", limit ",
                       formatList(limitIndices), " and strides ",
                       formatList(strides), " do not fit ", operand.describe(),
                       " in dimension ", d);
    outShape.push_back((limit - start + stride - 1) / stride);
    srcStrides.push_back(inStrides[d] * stride);
    base += start * inStrides[d];
  }
  return stridedView(operand, outShape, srcStrides, base);
}

StatusOr<HostTensor>
strata::rt::concatenate(const std::vector<const HostTensor *> &inputs,
                        int64_t dimension) {
  const char *kernel = "concatenate";
  if (inputs.empty())
    return makeError(kernel, ": needs at least one input");
  for (const HostTensor *input : inputs)
    if (!input)
      return makeError(kernel, ": null input");
  const HostTensor &first = *inputs.front();
  if (dimension < 0 || dimension >= first.rank())
    return makeError(kernel, ": dimension ", dimension, " is not an axis of ",
                     first.describe());
  Shape resultShape = first.shape();
  resultShape[static_cast<size_t>(dimension)] = 0;
  for (const HostTensor *input : inputs) {
    Shape expected = first.shape();
    expected[static_cast<size_t>(dimension)] =
        input->rank() == first.rank() ? input->dim(dimension) : -1;
    if (input->dtype() != first.dtype() || input->shape() != expected)
      return makeError(kernel, ": input ", input->describe(),
                       " does not match ", first.describe(),
                       " outside dimension ", dimension);
    resultShape[static_cast<size_t>(dimension)] += input->dim(dimension);
  }
  STRATA_RT_ASSIGN_OR_RETURN(HostTensor result,
                             HostTensor::create(first.dtype(), resultShape));
  int64_t outer = 1, inner = 1;
  for (int64_t axis = 0; axis < dimension; ++axis)
    outer *= first.dim(axis);
  for (int64_t axis = dimension + 1; axis < first.rank(); ++axis)
    inner *= first.dim(axis);
  const size_t elementSize = dtypeByteSize(first.dtype());
  const int64_t total = resultShape[static_cast<size_t>(dimension)];
  // Row o of every input is a contiguous block; the blocks of one row lie
  // side by side in the result.
  std::byte *dst = result.rawData();
  for (int64_t o = 0; o < outer; ++o) {
    int64_t offset = 0;
    for (const HostTensor *input : inputs) {
      int64_t block = input->dim(dimension) * inner;
      if (block > 0)
        std::memcpy(dst + (o * total * inner + offset) *
                              static_cast<int64_t>(elementSize),
                    input->rawData() +
                        o * block * static_cast<int64_t>(elementSize),
                    static_cast<size_t>(block) * elementSize);
      offset += block;
    }
  }
  return result;
}

StatusOr<HostTensor>
strata::rt::pad(const HostTensor &operand, const HostTensor &paddingValue,
                const std::vector<int64_t> &edgePaddingLow,
                const std::vector<int64_t> &edgePaddingHigh,
                const std::vector<int64_t> &interiorPadding) {
  const char *kernel = "pad";
  const int64_t rank = operand.rank();
  if (paddingValue.rank() != 0 || paddingValue.dtype() != operand.dtype())
    return makeError(kernel, ": padding value ", paddingValue.describe(),
                     " must be a rank-0 tensor of the operand's type (",
                     operand.describe(), ")");
  STRATA_RT_RETURN_IF_ERROR(checkAttrSize(kernel, "edge_padding_low",
                                          edgePaddingLow.size(), rank, false));
  STRATA_RT_RETURN_IF_ERROR(checkAttrSize(kernel, "edge_padding_high",
                                          edgePaddingHigh.size(), rank, false));
  STRATA_RT_RETURN_IF_ERROR(checkAttrSize(kernel, "interior_padding",
                                          interiorPadding.size(), rank, false));
  Shape resultShape;
  for (size_t d = 0; d < static_cast<size_t>(rank); ++d) {
    int64_t size = operand.shape()[d];
    if (interiorPadding[d] < 0)
      return makeError(kernel, ": interior_padding ",
                       formatList(interiorPadding), " must be non-negative");
    int64_t padded = edgePaddingLow[d] + size +
                     std::max<int64_t>(size - 1, 0) * interiorPadding[d] +
                     edgePaddingHigh[d];
    if (padded < 0)
      return makeError(kernel, ": padding low ", formatList(edgePaddingLow),
                       ", high ", formatList(edgePaddingHigh), ", interior ",
                       formatList(interiorPadding),
                       " gives a negative size "
                       "in dimension ",
                       d, " of ", operand.describe());
    resultShape.push_back(padded);
  }
  STRATA_RT_ASSIGN_OR_RETURN(HostTensor result,
                             HostTensor::create(operand.dtype(), resultShape));
  withElementSize(operand.dtype(), [&](auto sizeTag) {
    constexpr size_t N = decltype(sizeTag)::value;
    std::byte *dst = result.rawData();
    for (int64_t i = 0; i < result.numElements(); ++i)
      std::memcpy(dst + i * static_cast<int64_t>(N), paddingValue.rawData(), N);
    if (operand.numElements() == 0)
      return;
    // Operand element i lands at low + i * (interior + 1) in each dimension;
    // negative edge padding makes some of those positions fall outside.
    std::vector<int64_t> outStrides = rowMajorStrides(resultShape);
    std::vector<int64_t> index(static_cast<size_t>(rank), 0);
    const std::byte *src = operand.rawData();
    for (int64_t i = 0; i < operand.numElements(); ++i) {
      int64_t outOffset = 0;
      bool inside = true;
      for (size_t d = 0; d < static_cast<size_t>(rank); ++d) {
        int64_t position =
            edgePaddingLow[d] + index[d] * (interiorPadding[d] + 1);
        inside = inside && position >= 0 && position < resultShape[d];
        outOffset += position * outStrides[d];
      }
      if (inside)
        std::memcpy(dst + outOffset * static_cast<int64_t>(N),
                    src + i * static_cast<int64_t>(N), N);
      advanceIndex(index, operand.shape());
    }
  });
  return result;
}

StatusOr<HostTensor> strata::rt::iota(const Shape &shape, DType dtype,
                                      int64_t iotaDimension) {
  const char *kernel = "iota";
  if (iotaDimension < 0 || iotaDimension >= static_cast<int64_t>(shape.size()))
    return makeError(kernel, ": iota_dimension ", iotaDimension,
                     " is not an axis of shape ", formatShape(shape));
  STRATA_RT_ASSIGN_OR_RETURN(HostTensor result,
                             HostTensor::create(dtype, shape));
  int64_t inner = 1;
  for (size_t axis = static_cast<size_t>(iotaDimension) + 1;
       axis < shape.size(); ++axis)
    inner *= shape[axis];
  const int64_t length = shape[static_cast<size_t>(iotaDimension)];
  visitDType(dtype, [&](auto tag) {
    using T = typename decltype(tag)::type;
    T *out = result.data<T>();
    for (int64_t i = 0; i < result.numElements(); ++i) {
      int64_t value = (i / inner) % length;
      if constexpr (std::is_same_v<T, bool>)
        out[i] = value != 0;
      else if constexpr (kIsHalfLike<T>)
        out[i] = T(static_cast<double>(value));
      else
        out[i] = static_cast<T>(value);
    }
  });
  return result;
}

StatusOr<HostTensor> strata::rt::gather(const HostTensor &operand,
                                        const HostTensor &startIndices,
                                        const GatherDimensionNumbers &dn,
                                        const std::vector<int64_t> &sliceSizes,
                                        bool /*indicesAreSorted*/) {
  const char *kernel = "gather";
  STRATA_RT_RETURN_IF_ERROR(checkIndexing(
      kernel, operand, startIndices, dn.indexVectorDim, dn.startIndexMap,
      dn.operandBatchingDims, dn.startIndicesBatchingDims, "start_index_map",
      "operand_batching_dims", "start_indices_batching_dims"));
  if (!isSortedUnique(dn.offsetDims) ||
      !isSortedUnique(dn.collapsedSliceDims) ||
      !isSortedUnique(dn.operandBatchingDims))
    return makeError(
        kernel, ": offset_dims ", formatList(dn.offsetDims),
        ", collapsed_slice_dims ", formatList(dn.collapsedSliceDims),
        " and operand_batching_dims ", formatList(dn.operandBatchingDims),
        " must each be sorted without repeats");
  STRATA_RT_RETURN_IF_ERROR(checkAxes(
      kernel, "collapsed_slice_dims + operand_batching_dims",
      concat(dn.collapsedSliceDims, dn.operandBatchingDims), operand.rank()));
  if (static_cast<int64_t>(dn.offsetDims.size() + dn.collapsedSliceDims.size() +
                           dn.operandBatchingDims.size()) != operand.rank())
    return makeError(
        kernel, ": offset_dims ", formatList(dn.offsetDims),
        ", collapsed_slice_dims ", formatList(dn.collapsedSliceDims),
        " and operand_batching_dims ", formatList(dn.operandBatchingDims),
        " must together number the rank of ", operand.describe());
  STRATA_RT_RETURN_IF_ERROR(checkAttrSize(
      kernel, "slice_sizes", sliceSizes.size(), operand.rank(), false));
  for (int64_t d = 0; d < operand.rank(); ++d) {
    int64_t size = sliceSizes[static_cast<size_t>(d)];
    bool dropped = contains(dn.collapsedSliceDims, d) ||
                   contains(dn.operandBatchingDims, d);
    if (size < 0 || size > operand.dim(d) || (dropped && size > 1))
      return makeError(kernel, ": slice_sizes ", formatList(sliceSizes),
                       " do not fit ", operand.describe(), " in dimension ", d);
  }

  IndexVectorLayout layout(startIndices, dn.indexVectorDim);
  // The operand dimensions the offset dims walk, in order.
  std::vector<int64_t> windowOperandDims;
  Shape windowShape;
  for (int64_t d = 0; d < operand.rank(); ++d)
    if (!contains(dn.collapsedSliceDims, d) &&
        !contains(dn.operandBatchingDims, d)) {
      windowOperandDims.push_back(d);
      windowShape.push_back(sliceSizes[static_cast<size_t>(d)]);
    }
  const size_t resultRank = layout.batchShape.size() + dn.offsetDims.size();
  for (int64_t d : dn.offsetDims)
    if (d < 0 || d >= static_cast<int64_t>(resultRank))
      return makeError(kernel, ": offset_dims ", formatList(dn.offsetDims),
                       " must lie in [0, ", resultRank, ")");
  Shape resultShape(resultRank);
  std::vector<int64_t> batchResultDims;
  for (size_t d = 0, b = 0, w = 0; d < resultRank; ++d) {
    if (contains(dn.offsetDims, static_cast<int64_t>(d))) {
      resultShape[d] = windowShape[w++];
    } else {
      resultShape[d] = layout.batchShape[b++];
      batchResultDims.push_back(static_cast<int64_t>(d));
    }
  }
  STRATA_RT_ASSIGN_OR_RETURN(HostTensor result,
                             HostTensor::create(operand.dtype(), resultShape));
  if (result.numElements() == 0)
    return result;

  const std::vector<int64_t> operandStrides = rowMajorStrides(operand.shape());
  const std::vector<int64_t> resultStrides = rowMajorStrides(resultShape);
  std::vector<int64_t> windowSrcStrides, windowDstStrides;
  for (size_t w = 0; w < windowOperandDims.size(); ++w) {
    windowSrcStrides.push_back(
        operandStrides[static_cast<size_t>(windowOperandDims[w])]);
    windowDstStrides.push_back(
        resultStrides[static_cast<size_t>(dn.offsetDims[w])]);
  }
  int64_t windowVolume = 1;
  for (int64_t size : windowShape)
    windowVolume *= size;

  withElementSize(operand.dtype(), [&](auto sizeTag) {
    constexpr int64_t N = decltype(sizeTag)::value;
    const std::byte *src = operand.rawData();
    std::byte *dst = result.rawData();
    std::vector<int64_t> batch(layout.batchShape.size(), 0);
    std::vector<int64_t> window(windowShape.size(), 0);
    do {
      // Where this batch position's slice starts, clamped so that the whole
      // slice lies inside the operand.
      int64_t srcBase = 0, dstBase = 0;
      for (size_t k = 0; k < dn.startIndexMap.size(); ++k) {
        int64_t d = dn.startIndexMap[k];
        int64_t start = layout.component(batch, static_cast<int64_t>(k));
        start = std::clamp<int64_t>(
            start, 0, operand.dim(d) - sliceSizes[static_cast<size_t>(d)]);
        srcBase += start * operandStrides[static_cast<size_t>(d)];
      }
      for (size_t i = 0; i < dn.operandBatchingDims.size(); ++i)
        srcBase +=
            layout.batchCoordinate(batch, dn.startIndicesBatchingDims[i]) *
            operandStrides[static_cast<size_t>(dn.operandBatchingDims[i])];
      for (size_t b = 0; b < batch.size(); ++b)
        dstBase +=
            batch[b] * resultStrides[static_cast<size_t>(batchResultDims[b])];
      for (int64_t t = 0; t < windowVolume; ++t) {
        int64_t srcOffset = srcBase, dstOffset = dstBase;
        for (size_t w = 0; w < window.size(); ++w) {
          srcOffset += window[w] * windowSrcStrides[w];
          dstOffset += window[w] * windowDstStrides[w];
        }
        std::memcpy(dst + dstOffset * N, src + srcOffset * N, N);
        advanceIndex(window, windowShape);
      }
    } while (advanceIndex(batch, layout.batchShape));
  });
  return result;
}

StatusOr<HostTensor> strata::rt::scatter(const HostTensor &input,
                                         const HostTensor &scatterIndices,
                                         const HostTensor &updates,
                                         const ScatterDimensionNumbers &dn,
                                         ScatterCombiner combiner) {
  const char *kernel = "scatter";
  if (updates.dtype() != input.dtype())
    return makeError(kernel, ": updates ", updates.describe(),
                     " must have the element type of input ", input.describe());
  if (!combiner.replace && !isSupported(combiner.fn, input.dtype()))
    return makeError(kernel, ": combiner '", binaryFnName(combiner.fn),
                     "' is not defined for ", input.describe());
  STRATA_RT_RETURN_IF_ERROR(checkIndexing(
      kernel, input, scatterIndices, dn.indexVectorDim,
      dn.scatterDimsToOperandDims, dn.inputBatchingDims,
      dn.scatterIndicesBatchingDims, "scatter_dims_to_operand_dims",
      "input_batching_dims", "scatter_indices_batching_dims"));
  if (!isSortedUnique(dn.updateWindowDims) ||
      !isSortedUnique(dn.insertedWindowDims) ||
      !isSortedUnique(dn.inputBatchingDims))
    return makeError(
        kernel, ": update_window_dims ", formatList(dn.updateWindowDims),
        ", inserted_window_dims ", formatList(dn.insertedWindowDims),
        " and input_batching_dims ", formatList(dn.inputBatchingDims),
        " must each be sorted without repeats");
  STRATA_RT_RETURN_IF_ERROR(checkAxes(
      kernel, "inserted_window_dims + input_batching_dims",
      concat(dn.insertedWindowDims, dn.inputBatchingDims), input.rank()));
  if (static_cast<int64_t>(dn.updateWindowDims.size() +
                           dn.insertedWindowDims.size() +
                           dn.inputBatchingDims.size()) != input.rank())
    return makeError(
        kernel, ": update_window_dims ", formatList(dn.updateWindowDims),
        ", inserted_window_dims ", formatList(dn.insertedWindowDims),
        " and input_batching_dims ", formatList(dn.inputBatchingDims),
        " must together number the rank of ", input.describe());
  STRATA_RT_RETURN_IF_ERROR(checkAxes(kernel, "update_window_dims",
                                      dn.updateWindowDims, updates.rank()));

  IndexVectorLayout layout(scatterIndices, dn.indexVectorDim);
  std::vector<int64_t> windowInputDims;
  for (int64_t d = 0; d < input.rank(); ++d)
    if (!contains(dn.insertedWindowDims, d) &&
        !contains(dn.inputBatchingDims, d))
      windowInputDims.push_back(d);
  // updates = the scatter batch dims (indices' shape without the index
  // vector dim) interleaved with window dims no larger than the input's.
  Shape scatterShape, windowShape;
  std::vector<int64_t> scatterUpdateDims;
  for (int64_t d = 0; d < updates.rank(); ++d) {
    if (contains(dn.updateWindowDims, d)) {
      windowShape.push_back(updates.dim(d));
    } else {
      scatterShape.push_back(updates.dim(d));
      scatterUpdateDims.push_back(d);
    }
  }
  bool shapeOk = scatterShape == layout.batchShape;
  for (size_t w = 0; shapeOk && w < windowShape.size(); ++w)
    shapeOk = windowShape[w] <= input.dim(windowInputDims[w]);
  if (!shapeOk)
    return makeError(kernel, ": updates ", updates.describe(),
                     " do not match scatter indices ",
                     scatterIndices.describe(), " and input ", input.describe(),
                     " under update_window_dims ",
                     formatList(dn.updateWindowDims));

  HostTensor result = input;
  if (updates.numElements() == 0)
    return result;
  const std::vector<int64_t> inputStrides = rowMajorStrides(input.shape());
  const std::vector<int64_t> updateStrides = rowMajorStrides(updates.shape());
  int64_t windowVolume = 1;
  for (int64_t size : windowShape)
    windowVolume *= size;

  visitDType(input.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    T *out = result.data<T>();
    const T *upd = updates.data<T>();
    std::vector<int64_t> batch(scatterShape.size(), 0);
    std::vector<int64_t> window(windowShape.size(), 0);
    std::vector<int64_t> start(static_cast<size_t>(input.rank()));
    // Sequential on purpose: with duplicate indices, the order updates apply
    // in is part of the result.
    do {
      std::fill(start.begin(), start.end(), 0);
      for (size_t k = 0; k < dn.scatterDimsToOperandDims.size(); ++k)
        start[static_cast<size_t>(dn.scatterDimsToOperandDims[k])] =
            layout.component(batch, static_cast<int64_t>(k));
      for (size_t i = 0; i < dn.inputBatchingDims.size(); ++i)
        start[static_cast<size_t>(dn.inputBatchingDims[i])] =
            layout.batchCoordinate(batch, dn.scatterIndicesBatchingDims[i]);
      int64_t updateBase = 0;
      for (size_t b = 0; b < batch.size(); ++b)
        updateBase +=
            batch[b] * updateStrides[static_cast<size_t>(scatterUpdateDims[b])];
      for (int64_t t = 0; t < windowVolume; ++t) {
        int64_t updateOffset = updateBase, target = 0;
        bool inside = true;
        std::vector<int64_t> full = start;
        for (size_t w = 0; w < window.size(); ++w) {
          full[static_cast<size_t>(windowInputDims[w])] += window[w];
          updateOffset +=
              window[w] *
              updateStrides[static_cast<size_t>(dn.updateWindowDims[w])];
        }
        for (int64_t d = 0; d < input.rank() && inside; ++d) {
          int64_t coordinate = full[static_cast<size_t>(d)];
          inside = coordinate >= 0 && coordinate < input.dim(d);
          target += coordinate * inputStrides[static_cast<size_t>(d)];
        }
        if (inside) {
          if (combiner.replace)
            out[target] = upd[updateOffset];
          else
            out[target] = storeValue<T>(
                applyBinaryDynamic(combiner.fn, loadValue(out[target]),
                                   loadValue(upd[updateOffset])));
        }
        advanceIndex(window, windowShape);
      }
    } while (advanceIndex(batch, scatterShape));
  });
  return result;
}

StatusOr<int64_t> strata::rt::indexScalarValue(const HostTensor &scalar) {
  if (scalar.rank() != 0 || (!isSignedIntegerDType(scalar.dtype()) &&
                             !isUnsignedIntegerDType(scalar.dtype())))
    return makeError("index operand must be a rank-0 integer tensor, got ",
                     scalar.describe());
  return loadIndex(scalar, 0);
}

StatusOr<HostTensor>
strata::rt::dynamicSlice(const HostTensor &operand,
                         const std::vector<int64_t> &startIndices,
                         const std::vector<int64_t> &sliceSizes) {
  const char *kernel = "dynamic_slice";
  STRATA_RT_RETURN_IF_ERROR(checkAttrSize(
      kernel, "start_indices", startIndices.size(), operand.rank(), false));
  STRATA_RT_RETURN_IF_ERROR(checkAttrSize(
      kernel, "slice_sizes", sliceSizes.size(), operand.rank(), false));
  std::vector<int64_t> inStrides = rowMajorStrides(operand.shape());
  int64_t base = 0;
  for (size_t d = 0; d < sliceSizes.size(); ++d) {
    if (sliceSizes[d] < 0 || sliceSizes[d] > operand.shape()[d])
      return makeError(kernel, ": slice_sizes ", formatList(sliceSizes),
                       " do not fit ", operand.describe());
    int64_t start = std::clamp<int64_t>(startIndices[d], 0,
                                        operand.shape()[d] - sliceSizes[d]);
    base += start * inStrides[d];
  }
  return stridedView(operand, sliceSizes, inStrides, base);
}

StatusOr<HostTensor>
strata::rt::dynamicUpdateSlice(const HostTensor &operand,
                               const HostTensor &update,
                               const std::vector<int64_t> &startIndices) {
  const char *kernel = "dynamic_update_slice";
  bool fits =
      update.dtype() == operand.dtype() && update.rank() == operand.rank();
  for (int64_t d = 0; fits && d < operand.rank(); ++d)
    fits = update.dim(d) <= operand.dim(d);
  if (!fits)
    return makeError(kernel, ": update ", update.describe(),
                     " must have the element type and rank of operand ",
                     operand.describe(), " and fit inside it");
  STRATA_RT_RETURN_IF_ERROR(checkAttrSize(
      kernel, "start_indices", startIndices.size(), operand.rank(), false));
  HostTensor result = operand;
  if (update.numElements() == 0)
    return result;
  std::vector<int64_t> outStrides = rowMajorStrides(operand.shape());
  int64_t base = 0;
  for (size_t d = 0; d < startIndices.size(); ++d)
    base += std::clamp<int64_t>(startIndices[d], 0,
                                operand.shape()[d] - update.shape()[d]) *
            outStrides[d];
  withElementSize(operand.dtype(), [&](auto sizeTag) {
    constexpr int64_t N = decltype(sizeTag)::value;
    std::vector<int64_t> index(static_cast<size_t>(update.rank()), 0);
    for (int64_t i = 0; i < update.numElements(); ++i) {
      int64_t offset = base;
      for (size_t d = 0; d < index.size(); ++d)
        offset += index[d] * outStrides[d];
      std::memcpy(result.rawData() + offset * N, update.rawData() + i * N, N);
      advanceIndex(index, update.shape());
    }
  });
  return result;
}

StatusOr<HostTensor> strata::rt::select(const HostTensor &pred,
                                        const HostTensor &onTrue,
                                        const HostTensor &onFalse) {
  const char *kernel = "select";
  if (onTrue.dtype() != onFalse.dtype() || onTrue.shape() != onFalse.shape())
    return makeError(kernel, ": branches ", onTrue.describe(), " and ",
                     onFalse.describe(), " must have the same type and shape");
  if (pred.dtype() != DType::i1 ||
      (pred.rank() != 0 && pred.shape() != onTrue.shape()))
    return makeError(kernel, ": predicate ", pred.describe(),
                     " must be i1, rank 0 or shaped like the branches (",
                     onTrue.describe(), ")");
  STRATA_RT_ASSIGN_OR_RETURN(
      HostTensor result, HostTensor::create(onTrue.dtype(), onTrue.shape()));
  const bool *p = pred.data<bool>();
  const int64_t predStep = pred.rank() == 0 ? 0 : 1;
  withElementSize(onTrue.dtype(), [&](auto sizeTag) {
    constexpr int64_t N = decltype(sizeTag)::value;
    const std::byte *a = onTrue.rawData();
    const std::byte *b = onFalse.rawData();
    std::byte *out = result.rawData();
    parallelFor(
        result.numElements(), kCopyGrain, [&](int64_t begin, int64_t end) {
          for (int64_t i = begin; i < end; ++i)
            std::memcpy(out + i * N, (p[i * predStep] ? a : b) + i * N, N);
        });
  });
  return result;
}
