//===- Kernels.h - CPU reference kernels of the Strata runtime --*- C++ -*-===//
//
// One function per graph op, with StableHLO's semantics, over HostTensors.
// They are the reference the planned program is checked against, so they
// favour exactness (float32 sums accumulate in double) over speed, while the
// contractions stay fast enough for the golden models.
//
// Every kernel validates its operands and attributes and returns an error
// naming itself and the offending shapes instead of asserting. Attributes
// that StableHLO makes optional (strides, dilations, padding) may be passed
// empty to mean their defaults.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_KERNELS_H
#define STRATA_RUNTIME_KERNELS_H

#include "strata-runtime/Status.h"
#include "strata-runtime/Tensor.h"

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace strata::rt {

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

enum class UnaryFn {
  Abs,
  Ceil,
  Cbrt,
  Cos,
  Erf,
  Exp,
  Expm1,
  Floor,
  IsFinite, // Float operands only; the result is i1.
  Log,
  Log1p,
  Logistic,
  Neg,
  Not, // Bitwise for integers, logical for i1.
  Popcnt,
  RoundAfz,  // Halfway cases away from zero.
  RoundEven, // Halfway cases to even.
  Rsqrt,
  Sign,
  Sin,
  Sqrt,
  Tan,
  Tanh,
  Clz,
};

enum class BinaryFn {
  Add,
  Sub,
  Mul,
  Div, // Integer division truncates toward zero.
  Rem, // Sign of the dividend, like C's fmod and %.
  Pow,
  Max, // Floats: NaN if either operand is NaN.
  Min,
  And,
  Or,
  Xor,
  Shl,
  ShrArith,
  ShrLogical,
  Atan2,
};

enum class CompareFn { Eq, Ne, Lt, Le, Gt, Ge };

/// Names as in the StableHLO op mnemonics' short forms ("abs", "round_even",
/// "shr_arith", "lt"), and their inverses.
const char *unaryFnName(UnaryFn fn);
const char *binaryFnName(BinaryFn fn);
const char *compareFnName(CompareFn fn);
std::optional<UnaryFn> parseUnaryFn(std::string_view name);
std::optional<BinaryFn> parseBinaryFn(std::string_view name);
std::optional<CompareFn> parseCompareFn(std::string_view name);

/// Whether a function is defined for an element type (e.g. Sqrt is not
/// defined for i32, Shl is not defined for f32).
bool isSupported(UnaryFn fn, DType dtype);
bool isSupported(BinaryFn fn, DType dtype);

/// Applies `fn` to every element. The result has the operand's type, except
/// IsFinite whose result is i1.
StatusOr<HostTensor> unary(UnaryFn fn, const HostTensor &operand);

/// Operands must have identical dtypes and shapes: there is no implicit
/// broadcasting (broadcast_in_dim makes it explicit, as in StableHLO).
/// Integer division by zero gives -1 (all bits set) and remainder by zero
/// gives the dividend, as XLA defines them; signed overflow wraps.
StatusOr<HostTensor> binary(BinaryFn fn, const HostTensor &lhs,
                            const HostTensor &rhs);

/// Elementwise comparison into an i1 tensor; NaN compares unequal to
/// everything, including itself.
StatusOr<HostTensor> compare(CompareFn fn, const HostTensor &lhs,
                             const HostTensor &rhs);

/// min(max(operand, min), max) elementwise; `min` and `max` are each either
/// rank 0 or shaped like `operand`.
StatusOr<HostTensor> clamp(const HostTensor &min, const HostTensor &operand,
                           const HostTensor &max);

/// Elementwise `pred ? onTrue : onFalse`; `pred` is i1, either rank 0 or
/// shaped like the branches.
StatusOr<HostTensor> select(const HostTensor &pred, const HostTensor &onTrue,
                            const HostTensor &onFalse);

//===----------------------------------------------------------------------===//
// Conversion
//===----------------------------------------------------------------------===//

/// Converts between any two element types. Float to integer truncates toward
/// zero and saturates at the integer's range (NaN becomes 0); anything to i1
/// is `x != 0`; conversions to f16/bf16 round to nearest even.
StatusOr<HostTensor> convert(const HostTensor &operand, DType resultType);

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

/// StableHLO dot_general. Result dimensions: the batching dimensions, then
/// lhs's free dimensions in order, then rhs's free dimensions in order.
StatusOr<HostTensor> dotGeneral(const HostTensor &lhs, const HostTensor &rhs,
                                const std::vector<int64_t> &lhsBatchingDims,
                                const std::vector<int64_t> &rhsBatchingDims,
                                const std::vector<int64_t> &lhsContractingDims,
                                const std::vector<int64_t> &rhsContractingDims);

/// StableHLO's convolution dimension numbers.
struct ConvDimensionNumbers {
  int64_t inputBatchDimension = 0;
  int64_t inputFeatureDimension = 1;
  std::vector<int64_t> inputSpatialDimensions;
  int64_t kernelInputFeatureDimension = 1;
  int64_t kernelOutputFeatureDimension = 0;
  std::vector<int64_t> kernelSpatialDimensions;
  int64_t outputBatchDimension = 0;
  int64_t outputFeatureDimension = 1;
  std::vector<int64_t> outputSpatialDimensions;
};

struct ConvolutionAttrs {
  ConvDimensionNumbers dimensionNumbers;
  /// One entry per spatial dimension, or empty for the default.
  std::vector<int64_t> windowStrides;               // Default 1.
  std::vector<std::pair<int64_t, int64_t>> padding; // (low, high); may be < 0.
  std::vector<int64_t> lhsDilation;                 // Default 1.
  std::vector<int64_t> rhsDilation;                 // Default 1.
  std::vector<bool> windowReversal;                 // Default false.
  int64_t featureGroupCount = 1;
  int64_t batchGroupCount = 1;
};

/// StableHLO convolution; the result has lhs's element type.
StatusOr<HostTensor> convolution(const HostTensor &lhs, const HostTensor &rhs,
                                 const ConvolutionAttrs &attrs);

//===----------------------------------------------------------------------===//
// Reductions and normalizations
//===----------------------------------------------------------------------===//

/// The reduction bodies the runtime supports. Each starts from its identity:
/// 0, 1, -inf (lowest integer), +inf (largest integer), all ones, 0. On i1,
/// Add and Max are logical or, Mul and Min logical and.
enum class ReduceFn { Add, Mul, Max, Min, And, Or };

const char *reduceFnName(ReduceFn fn);
std::optional<ReduceFn> parseReduceFn(std::string_view name);

/// Reduces `operand` over `dimensions`; the result keeps the other dimensions
/// in order.
StatusOr<HostTensor> reduce(const HostTensor &operand,
                            const std::vector<int64_t> &dimensions,
                            ReduceFn fn);

struct ReduceWindowAttrs {
  std::vector<int64_t> windowDimensions; // One per operand dimension.
  std::vector<int64_t> windowStrides;    // Default 1.
  std::vector<int64_t> baseDilations;    // Default 1.
  std::vector<int64_t> windowDilations;  // Default 1.
  std::vector<std::pair<int64_t, int64_t>> padding; // (low, high); default 0.
};

/// StableHLO reduce_window with the identity of `fn` as the init value and as
/// the value of padding and of the holes that base dilation inserts.
StatusOr<HostTensor> reduceWindow(const HostTensor &operand, ReduceFn fn,
                                  const ReduceWindowAttrs &attrs);

/// exp(x - max) / sum(exp(x - max)) along `dimension`.
StatusOr<HostTensor> softmax(const HostTensor &operand, int64_t dimension);

/// Normalizes over the trailing axes from `firstNormalizedAxis` on:
/// (x - mean) / sqrt(var + epsilon) * scale + bias, with the population
/// variance. `scale` and `bias` are optional (null) and shaped like those
/// trailing axes.
StatusOr<HostTensor> layerNorm(const HostTensor &operand,
                               const HostTensor *scale, const HostTensor *bias,
                               int64_t firstNormalizedAxis, double epsilon);

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

/// result dimension d is operand dimension permutation[d].
StatusOr<HostTensor> transpose(const HostTensor &operand,
                               const std::vector<int64_t> &permutation);

/// Operand dimension i becomes result dimension broadcastDimensions[i]; it
/// must have size 1 or the result's size there.
StatusOr<HostTensor>
broadcastInDim(const HostTensor &operand, const Shape &resultShape,
               const std::vector<int64_t> &broadcastDimensions);

/// Same elements in row-major order under a shape of equal element count.
StatusOr<HostTensor> reshape(const HostTensor &operand, const Shape &shape);

/// Elements start[d], start[d] + strides[d], ... below limit[d]; empty
/// strides mean 1.
StatusOr<HostTensor> slice(const HostTensor &operand,
                           const std::vector<int64_t> &startIndices,
                           const std::vector<int64_t> &limitIndices,
                           const std::vector<int64_t> &strides);

/// Joins the inputs (same dtype, same shape except along `dimension`).
StatusOr<HostTensor> concatenate(const std::vector<const HostTensor *> &inputs,
                                 int64_t dimension);

/// Pads with the rank-0 `paddingValue`: `interior` elements between
/// neighbours, `low`/`high` at the edges (negative values cut elements off).
StatusOr<HostTensor> pad(const HostTensor &operand,
                         const HostTensor &paddingValue,
                         const std::vector<int64_t> &edgePaddingLow,
                         const std::vector<int64_t> &edgePaddingHigh,
                         const std::vector<int64_t> &interiorPadding);

/// A tensor whose elements count up from 0 along `iotaDimension`.
StatusOr<HostTensor> iota(const Shape &shape, DType dtype,
                          int64_t iotaDimension);

struct GatherDimensionNumbers {
  std::vector<int64_t> offsetDims;
  std::vector<int64_t> collapsedSliceDims;
  std::vector<int64_t> operandBatchingDims;
  std::vector<int64_t> startIndicesBatchingDims;
  std::vector<int64_t> startIndexMap;
  int64_t indexVectorDim = 0;
};

/// StableHLO gather. Start indices are clamped so every slice lies inside
/// the operand. `indicesAreSorted` is a hint and is ignored.
StatusOr<HostTensor> gather(const HostTensor &operand,
                            const HostTensor &startIndices,
                            const GatherDimensionNumbers &dimensionNumbers,
                            const std::vector<int64_t> &sliceSizes,
                            bool indicesAreSorted = false);

struct ScatterDimensionNumbers {
  std::vector<int64_t> updateWindowDims;
  std::vector<int64_t> insertedWindowDims;
  std::vector<int64_t> inputBatchingDims;
  std::vector<int64_t> scatterIndicesBatchingDims;
  std::vector<int64_t> scatterDimsToOperandDims;
  int64_t indexVectorDim = 0;
};

/// How scatter combines the current value with an update: overwrite it, or
/// apply a binary function (current, update), e.g. Add for scatter-add.
struct ScatterCombiner {
  bool replace = true;
  BinaryFn fn = BinaryFn::Add;

  static ScatterCombiner replaceValue() { return ScatterCombiner(); }
  static ScatterCombiner combineWith(BinaryFn fn) {
    ScatterCombiner combiner;
    combiner.replace = false;
    combiner.fn = fn;
    return combiner;
  }
};

/// StableHLO scatter over one input. Updates whose target index falls
/// outside the input are skipped, element by element as the StableHLO spec
/// states. Updates apply in row-major order of `updates`, so with Replace the
/// last duplicate wins.
StatusOr<HostTensor> scatter(const HostTensor &input,
                             const HostTensor &scatterIndices,
                             const HostTensor &updates,
                             const ScatterDimensionNumbers &dimensionNumbers,
                             ScatterCombiner combiner);

/// A rank-0 integer tensor's value as int64 (unsigned values beyond int64
/// saturate), e.g. to pass dynamic_slice operands to the functions below.
StatusOr<int64_t> indexScalarValue(const HostTensor &scalar);

/// StableHLO dynamic_slice: starts are clamped to [0, dim - sliceSize].
StatusOr<HostTensor> dynamicSlice(const HostTensor &operand,
                                  const std::vector<int64_t> &startIndices,
                                  const std::vector<int64_t> &sliceSizes);

/// StableHLO dynamic_update_slice: starts are clamped to
/// [0, dim(operand) - dim(update)].
StatusOr<HostTensor>
dynamicUpdateSlice(const HostTensor &operand, const HostTensor &update,
                   const std::vector<int64_t> &startIndices);

/// Sorts slices along `dimension`: every operand (all of one shape) is
/// permuted the way that orders the first operand's slice, ascending or
/// descending, stably. Keys compare as numbers with NaN after every other
/// value (before, when descending); 64-bit integer keys beyond 2^53 compare
/// at double precision.
StatusOr<std::vector<HostTensor>>
sort(const std::vector<const HostTensor *> &operands, int64_t dimension,
     bool descending);

/// Threefry-2x32 with 20 rounds (Salmon et al., "Parallel random numbers:
/// as easy as 1, 2, 3"): encrypts one 64-bit counter under a 64-bit key.
std::pair<uint32_t, uint32_t> threefry2x32(uint32_t key0, uint32_t key1,
                                           uint32_t counter0,
                                           uint32_t counter1);

/// Fills a tensor of `shape` and unsigned element type `dtype` (u8, u32 or
/// u64) with random bits and returns it with the advanced state. `state` is
/// a u64 vector of at least two words: the key (word 0) and a counter (word
/// 1) that advances by the number of 64-bit blocks drawn, so that a state
/// never repeats a block. StableHLO leaves the bits implementation-defined;
/// these are Threefry-2x32 of successive counters.
StatusOr<std::pair<HostTensor, HostTensor>>
rngBitGenerator(const HostTensor &state, DType dtype, const Shape &shape);

} // namespace strata::rt

#endif // STRATA_RUNTIME_KERNELS_H
