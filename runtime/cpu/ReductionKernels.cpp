//===- ReductionKernels.cpp - reduce, reduce_window, softmax, layer_norm --===//
//
// Float reductions accumulate in double and round once into the element
// type; the reference favours exactness over matching any particular
// summation order.
//
//===----------------------------------------------------------------------===//

#include "KernelSupport.h"
#include "ScalarOps.h"

#include "strata-runtime/Kernels.h"

#include <algorithm>
#include <cmath>
#include <memory>

using namespace strata::rt;
using namespace strata::rt::detail;

namespace {

constexpr int64_t kReductionGrain = 1 << 14;

/// What a reduction over elements of type T accumulates in.
template <typename T>
using ReduceAccT = std::conditional_t<kIsFloatStorage<T>, double, T>;

template <typename T> ReduceAccT<T> toReduceAcc(T value) {
  if constexpr (kIsFloatStorage<T>)
    return static_cast<double>(value);
  else
    return value;
}

template <typename T> T fromReduceAcc(ReduceAccT<T> value) {
  if constexpr (kIsHalfLike<T>)
    return T(value);
  else
    return static_cast<T>(value);
}

template <typename T> double loadAsDouble(T value) {
  return static_cast<double>(value);
}

template <typename T> T storeFromDouble(double value) {
  if constexpr (kIsHalfLike<T>)
    return T(value);
  else
    return static_cast<T>(value);
}

Status checkReduceFn(const char *kernel, ReduceFn fn, const HostTensor &t) {
  if ((fn == ReduceFn::And || fn == ReduceFn::Or) && isFloatDType(t.dtype()))
    return makeError(kernel, ": '", reduceFnName(fn), "' is not defined for ",
                     t.describe());
  return Status::success();
}

Status checkFloat(const char *kernel, const HostTensor &t) {
  if (!isFloatDType(t.dtype()))
    return makeError(kernel, ": expected a floating-point operand, got ",
                     t.describe());
  return Status::success();
}

} // namespace

const char *strata::rt::reduceFnName(ReduceFn fn) {
  switch (fn) {
  case ReduceFn::Add:
    return "add";
  case ReduceFn::Mul:
    return "mul";
  case ReduceFn::Max:
    return "max";
  case ReduceFn::Min:
    return "min";
  case ReduceFn::And:
    return "and";
  case ReduceFn::Or:
    return "or";
  }
  return "<invalid>";
}

std::optional<ReduceFn> strata::rt::parseReduceFn(std::string_view name) {
  for (ReduceFn fn : {ReduceFn::Add, ReduceFn::Mul, ReduceFn::Max,
                      ReduceFn::Min, ReduceFn::And, ReduceFn::Or})
    if (name == reduceFnName(fn))
      return fn;
  return std::nullopt;
}

StatusOr<HostTensor> strata::rt::reduce(const HostTensor &operand,
                                        const std::vector<int64_t> &dimensions,
                                        ReduceFn fn) {
  const char *kernel = "reduce";
  STRATA_RT_RETURN_IF_ERROR(checkReduceFn(kernel, fn, operand));
  STRATA_RT_RETURN_IF_ERROR(
      checkAxes(kernel, "dimensions", dimensions, operand.rank()));
  std::vector<bool> reduced(static_cast<size_t>(operand.rank()), false);
  for (int64_t axis : dimensions)
    reduced[static_cast<size_t>(axis)] = true;
  Shape resultShape;
  for (int64_t axis = 0; axis < operand.rank(); ++axis)
    if (!reduced[static_cast<size_t>(axis)])
      resultShape.push_back(operand.dim(axis));
  STRATA_RT_ASSIGN_OR_RETURN(HostTensor result,
                             HostTensor::create(operand.dtype(), resultShape));

  // Each operand axis moves the output offset by its stride in the result,
  // or not at all if it is reduced.
  std::vector<int64_t> resultStrides = rowMajorStrides(resultShape);
  std::vector<int64_t> outStep(static_cast<size_t>(operand.rank()), 0);
  for (int64_t axis = 0, kept = 0; axis < operand.rank(); ++axis)
    if (!reduced[static_cast<size_t>(axis)])
      outStep[static_cast<size_t>(axis)] =
          resultStrides[static_cast<size_t>(kept++)];

  visitDType(operand.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    using Acc = ReduceAccT<T>;
    // Not std::vector: vector<bool> has no addressable elements.
    auto acc =
        std::make_unique<Acc[]>(static_cast<size_t>(result.numElements()));
    std::fill_n(acc.get(), result.numElements(), reduceIdentity<Acc>(fn));
    const T *in = operand.data<T>();
    withBinaryFn(binaryFnOf(fn), [&](auto f) {
      std::vector<int64_t> index(static_cast<size_t>(operand.rank()), 0);
      int64_t outOffset = 0;
      for (int64_t i = 0; i < operand.numElements(); ++i) {
        Acc &slot = acc[static_cast<size_t>(outOffset)];
        slot = applyBinary<decltype(f)::value>(slot, toReduceAcc(in[i]));
        for (size_t d = index.size(); d > 0; --d) {
          size_t axis = d - 1;
          outOffset += outStep[axis];
          if (++index[axis] < operand.dim(static_cast<int64_t>(axis)))
            break;
          outOffset -= outStep[axis] * operand.dim(static_cast<int64_t>(axis));
          index[axis] = 0;
        }
      }
    });
    T *out = result.data<T>();
    for (int64_t i = 0; i < result.numElements(); ++i)
      out[i] = fromReduceAcc<T>(acc[static_cast<size_t>(i)]);
  });
  return result;
}

StatusOr<HostTensor> strata::rt::reduceWindow(const HostTensor &operand,
                                              ReduceFn fn,
                                              const ReduceWindowAttrs &attrs) {
  const char *kernel = "reduce_window";
  STRATA_RT_RETURN_IF_ERROR(checkReduceFn(kernel, fn, operand));
  const int64_t rank = operand.rank();
  const size_t ranks = static_cast<size_t>(rank);
  STRATA_RT_RETURN_IF_ERROR(checkAttrSize(
      kernel, "window_dimensions", attrs.windowDimensions.size(), rank, false));
  STRATA_RT_RETURN_IF_ERROR(checkAttrSize(
      kernel, "window_strides", attrs.windowStrides.size(), rank, true));
  STRATA_RT_RETURN_IF_ERROR(checkAttrSize(
      kernel, "base_dilations", attrs.baseDilations.size(), rank, true));
  STRATA_RT_RETURN_IF_ERROR(checkAttrSize(
      kernel, "window_dilations", attrs.windowDilations.size(), rank, true));
  STRATA_RT_RETURN_IF_ERROR(
      checkAttrSize(kernel, "padding", attrs.padding.size(), rank, true));
  auto orOnes = [ranks](const std::vector<int64_t> &v) {
    return v.empty() ? std::vector<int64_t>(ranks, 1) : v;
  };
  const std::vector<int64_t> &window = attrs.windowDimensions;
  const std::vector<int64_t> strides = orOnes(attrs.windowStrides);
  const std::vector<int64_t> baseDilations = orOnes(attrs.baseDilations);
  const std::vector<int64_t> windowDilations = orOnes(attrs.windowDilations);
  const std::vector<std::pair<int64_t, int64_t>> padding =
      attrs.padding.empty() ? std::vector<std::pair<int64_t, int64_t>>(ranks)
                            : attrs.padding;
  for (size_t d = 0; d < ranks; ++d)
    if (window[d] <= 0 || strides[d] <= 0 || baseDilations[d] <= 0 ||
        windowDilations[d] <= 0)
      return makeError(kernel, ": window_dimensions ", formatList(window),
                       ", window_strides ", formatList(strides),
                       ", base_dilations ", formatList(baseDilations),
                       " and window_dilations ", formatList(windowDilations),
                       " must all be positive");

  // inputIndex[d][o * window[d] + k]: the operand index along d read by
  // output position o and window tap k, or -1 for padding and dilation holes.
  Shape resultShape(ranks);
  std::vector<std::vector<int64_t>> inputIndex(ranks);
  for (size_t d = 0; d < ranks; ++d) {
    const int64_t size = operand.shape()[d];
    const int64_t dilatedIn = size == 0 ? 0 : (size - 1) * baseDilations[d] + 1;
    const int64_t paddedIn = padding[d].first + dilatedIn + padding[d].second;
    const int64_t dilatedWindow = (window[d] - 1) * windowDilations[d] + 1;
    int64_t count = 0;
    if (paddedIn > 0 && dilatedWindow <= paddedIn)
      count = (paddedIn - dilatedWindow) / strides[d] + 1;
    resultShape[d] = count;
    inputIndex[d].assign(static_cast<size_t>(count * window[d]), -1);
    for (int64_t o = 0; o < count; ++o)
      for (int64_t k = 0; k < window[d]; ++k) {
        int64_t dilated =
            o * strides[d] + k * windowDilations[d] - padding[d].first;
        if (dilated < 0 || dilated % baseDilations[d] != 0)
          continue;
        if (dilated / baseDilations[d] < size)
          inputIndex[d][static_cast<size_t>(o * window[d] + k)] =
              dilated / baseDilations[d];
      }
  }
  STRATA_RT_ASSIGN_OR_RETURN(HostTensor result,
                             HostTensor::create(operand.dtype(), resultShape));
  const std::vector<int64_t> inStrides = rowMajorStrides(operand.shape());
  const std::vector<int64_t> outStrides = rowMajorStrides(resultShape);
  int64_t windowVolume = 1;
  for (int64_t size : window)
    windowVolume *= size;

  visitDType(operand.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    using Acc = ReduceAccT<T>;
    const T *in = operand.data<T>();
    T *out = result.data<T>();
    withBinaryFn(binaryFnOf(fn), [&](auto f) {
      parallelFor(result.numElements(),
                  std::max<int64_t>(1, kReductionGrain / windowVolume),
                  [&](int64_t begin, int64_t end) {
                    std::vector<int64_t> position(ranks), tap(ranks);
                    for (int64_t flat = begin; flat < end; ++flat) {
                      for (size_t d = 0; d < ranks; ++d)
                        position[d] = (flat / outStrides[d]) % resultShape[d];
                      Acc acc = reduceIdentity<Acc>(fn);
                      std::fill(tap.begin(), tap.end(), 0);
                      for (int64_t t = 0; t < windowVolume; ++t) {
                        int64_t offset = 0;
                        bool inside = true;
                        for (size_t d = 0; d < ranks && inside; ++d) {
                          int64_t x = inputIndex[d][static_cast<size_t>(
                              position[d] * window[d] + tap[d])];
                          inside = x >= 0;
                          offset += x * inStrides[d];
                        }
                        if (inside)
                          acc = applyBinary<decltype(f)::value>(
                              acc, toReduceAcc(in[offset]));
                        advanceIndex(tap, window);
                      }
                      out[flat] = fromReduceAcc<T>(acc);
                    }
                  });
    });
  });
  return result;
}

StatusOr<HostTensor> strata::rt::softmax(const HostTensor &operand,
                                         int64_t dimension) {
  const char *kernel = "softmax";
  STRATA_RT_RETURN_IF_ERROR(checkFloat(kernel, operand));
  if (dimension < 0 || dimension >= operand.rank())
    return makeError(kernel, ": dimension ", dimension, " is not an axis of ",
                     operand.describe());
  STRATA_RT_ASSIGN_OR_RETURN(
      HostTensor result, HostTensor::create(operand.dtype(), operand.shape()));
  int64_t outer = 1, inner = 1;
  const int64_t length = operand.dim(dimension);
  for (int64_t axis = 0; axis < dimension; ++axis)
    outer *= operand.dim(axis);
  for (int64_t axis = dimension + 1; axis < operand.rank(); ++axis)
    inner *= operand.dim(axis);

  visitDType(operand.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (kIsFloatStorage<T>) {
      const T *in = operand.data<T>();
      T *out = result.data<T>();
      parallelFor(
          outer * inner, std::max<int64_t>(1, kReductionGrain / (length + 1)),
          [&](int64_t begin, int64_t end) {
            std::vector<double> shifted(static_cast<size_t>(length));
            for (int64_t line = begin; line < end; ++line) {
              const int64_t base =
                  (line / inner) * length * inner + line % inner;
              // Subtracting the maximum keeps exp from overflowing; NaN
              // inputs propagate through ieeeMax.
              double maximum = -INFINITY;
              for (int64_t j = 0; j < length; ++j)
                maximum = ieeeMax(maximum, loadAsDouble(in[base + j * inner]));
              double sum = 0.0;
              for (int64_t j = 0; j < length; ++j) {
                double e =
                    std::exp(loadAsDouble(in[base + j * inner]) - maximum);
                shifted[static_cast<size_t>(j)] = e;
                sum += e;
              }
              for (int64_t j = 0; j < length; ++j)
                out[base + j * inner] =
                    storeFromDouble<T>(shifted[static_cast<size_t>(j)] / sum);
            }
          });
    }
  });
  return result;
}

StatusOr<HostTensor> strata::rt::layerNorm(const HostTensor &operand,
                                           const HostTensor *scale,
                                           const HostTensor *bias,
                                           int64_t firstNormalizedAxis,
                                           double epsilon) {
  const char *kernel = "layer_norm";
  STRATA_RT_RETURN_IF_ERROR(checkFloat(kernel, operand));
  if (firstNormalizedAxis < 0 || firstNormalizedAxis >= operand.rank())
    return makeError(kernel, ": first normalized axis ", firstNormalizedAxis,
                     " is not an axis of ", operand.describe());
  const Shape trailing(operand.shape().begin() + firstNormalizedAxis,
                       operand.shape().end());
  for (const HostTensor *param : {scale, bias}) {
    if (param &&
        (param->dtype() != operand.dtype() || param->shape() != trailing))
      return makeError(kernel, ": ", param == scale ? "scale " : "bias ",
                       param->describe(), " must be ",
                       dtypeName(operand.dtype()), formatShape(trailing),
                       " to match the normalized axes of ", operand.describe());
  }
  if (!(epsilon >= 0.0))
    return makeError(kernel, ": epsilon ", epsilon, " must be non-negative");
  STRATA_RT_ASSIGN_OR_RETURN(
      HostTensor result, HostTensor::create(operand.dtype(), operand.shape()));
  int64_t rowLength = 1;
  for (int64_t size : trailing)
    rowLength *= size;
  if (rowLength == 0)
    return result;
  const int64_t rows = operand.numElements() / rowLength;

  visitDType(operand.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (kIsFloatStorage<T>) {
      const T *in = operand.data<T>();
      const T *gamma = scale ? scale->data<T>() : nullptr;
      const T *beta = bias ? bias->data<T>() : nullptr;
      T *out = result.data<T>();
      parallelFor(rows, std::max<int64_t>(1, kReductionGrain / rowLength),
                  [&](int64_t begin, int64_t end) {
                    for (int64_t row = begin; row < end; ++row) {
                      const T *x = in + row * rowLength;
                      double mean = 0.0;
                      for (int64_t j = 0; j < rowLength; ++j)
                        mean += loadAsDouble(x[j]);
                      mean /= static_cast<double>(rowLength);
                      // Two passes: the variance of centred values does not
                      // cancel catastrophically the way E[x^2] - E[x]^2 can.
                      double variance = 0.0;
                      for (int64_t j = 0; j < rowLength; ++j) {
                        double centred = loadAsDouble(x[j]) - mean;
                        variance += centred * centred;
                      }
                      variance /= static_cast<double>(rowLength);
                      const double invStd = 1.0 / std::sqrt(variance + epsilon);
                      for (int64_t j = 0; j < rowLength; ++j) {
                        double y = (loadAsDouble(x[j]) - mean) * invStd;
                        if (gamma)
                          y *= loadAsDouble(gamma[j]);
                        if (beta)
                          y += loadAsDouble(beta[j]);
                        out[row * rowLength + j] = storeFromDouble<T>(y);
                      }
                    }
                  });
    }
  });
  return result;
}
