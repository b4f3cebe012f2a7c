//===- ReductionOps.cpp - Reductions, arg-reductions, TopK, pooling -------===//
//
// Reduce* map to strata.reduce; ArgMax/ArgMin compare with the maximum and
// take the first (or last) matching index; TopK is a sort that carries the
// indices; CumSum and pooling are strata.reduce_window.

#include "lib/onnx/OnnxImporter.h"

#include "llvm/ADT/STLExtras.h"

#include <cmath>

using namespace mlir;
using namespace mlir::strata;
using namespace mlir::strata::onnx_import;

//===----------------------------------------------------------------------===//
// Reduce*
//===----------------------------------------------------------------------===//

namespace {
/// What each Reduce* does before and after summing or combining.
enum class ReduceKind {
  Sum,
  Mean,
  Max,
  Min,
  Prod,
  L1,
  L2,
  SumSquare,
  LogSum,
  LogSumExp
};
} // namespace

/// The reduced dimensions: the `axes` input (opset 13 ReduceSum, and every
/// Reduce* from opset 18) or attribute; none means all unless
/// noop_with_empty_axes. Returns an empty list for a no-op.
static FailureOr<SmallVector<int64_t>> reductionAxes(NodeContext &ctx,
                                                     int64_t rank, bool &noop) {
  SmallVector<int64_t> axes;
  if (ctx.hasInput(1)) {
    FailureOr<SmallVector<int64_t>> given = ctx.constantInts(1, "axes");
    if (failed(given))
      return failure();
    axes = *given;
  } else {
    axes = ctx.intsAttr("axes");
  }
  noop = false;
  if (axes.empty()) {
    if (ctx.intAttr("noop_with_empty_axes", 0)) {
      noop = true;
      return axes;
    }
    return llvm::to_vector(llvm::seq<int64_t>(0, rank));
  }
  SmallVector<int64_t> normalized;
  for (int64_t axis : axes) {
    FailureOr<int64_t> d = ctx.normalizeAxis(axis, rank, "axes entry");
    if (failed(d))
      return failure();
    normalized.push_back(*d);
  }
  return normalized;
}

template <ReduceKind kind>
static LogicalResult convertReduce(NodeContext &ctx) {
  Value x = ctx.input(0);
  RankedTensorType type = typeOf(x);
  bool noop;
  FailureOr<SmallVector<int64_t>> axes =
      reductionAxes(ctx, type.getRank(), noop);
  if (failed(axes))
    return failure();
  bool keepDims = ctx.intAttr("keepdims", 1);
  Type elementType = type.getElementType();
  Value operand = x;
  switch (kind) {
  case ReduceKind::L1:
    operand = ctx.unary(UnaryFn::Abs, x);
    break;
  case ReduceKind::L2:
  case ReduceKind::SumSquare:
    operand = ctx.binary(BinaryFn::Mul, x, x);
    break;
  case ReduceKind::LogSumExp:
    operand = ctx.unary(UnaryFn::Exp, x);
    break;
  default:
    break;
  }
  if (noop) {
    ctx.setOutput(0, operand);
    return success();
  }
  ReduceFn fn = kind == ReduceKind::Max    ? ReduceFn::Max
                : kind == ReduceKind::Min  ? ReduceFn::Min
                : kind == ReduceKind::Prod ? ReduceFn::Mul
                                           : ReduceFn::Add;
  Value result = ctx.reduce(fn, operand, *axes, keepDims);
  switch (kind) {
  case ReduceKind::Mean: {
    int64_t count = 1;
    for (int64_t d : *axes)
      count *= type.getDimSize(d);
    result = ctx.binary(BinaryFn::Div, result, ctx.splat(elementType, count));
    break;
  }
  case ReduceKind::L2:
    result = ctx.unary(UnaryFn::Sqrt, result);
    break;
  case ReduceKind::LogSum:
  case ReduceKind::LogSumExp:
    result = ctx.unary(UnaryFn::Log, result);
    break;
  default:
    break;
  }
  ctx.setOutput(0, result);
  return success();
}

//===----------------------------------------------------------------------===//
// ArgMax, ArgMin, TopK
//===----------------------------------------------------------------------===//

static Value iotaLike(NodeContext &ctx, ArrayRef<int64_t> shape, int64_t axis) {
  return IotaOp::create(
      ctx.getBuilder(), ctx.getLoc(),
      RankedTensorType::get(shape, ctx.getBuilder().getI64Type()),
      static_cast<uint64_t>(axis));
}

template <bool isMax> static LogicalResult convertArgReduce(NodeContext &ctx) {
  Value x = ctx.input(0);
  RankedTensorType type = typeOf(x);
  FailureOr<int64_t> axis =
      ctx.normalizeAxis(ctx.intAttr("axis", 0), type.getRank());
  if (failed(axis))
    return failure();
  bool keepDims = ctx.intAttr("keepdims", 1);
  bool last = ctx.intAttr("select_last_index", 0);
  // The extreme value along the axis, then the first (or last) index where
  // the input equals it.
  Value extreme = ctx.reduce(isMax ? ReduceFn::Max : ReduceFn::Min, x, {*axis},
                             /*keepDims=*/true);
  Value matches = ctx.compare(CompareDirection::Eq, x, extreme);
  Value indices = iotaLike(ctx, type.getShape(), *axis);
  Value sentinel = ctx.splat(ctx.getBuilder().getI64Type(),
                             last ? -1 : type.getDimSize(*axis));
  Value candidates = ctx.select(matches, indices, sentinel);
  ctx.setOutput(0, ctx.reduce(last ? ReduceFn::Max : ReduceFn::Min, candidates,
                              {*axis}, keepDims));
  return success();
}

static LogicalResult convertTopK(NodeContext &ctx) {
  Value x = ctx.input(0);
  RankedTensorType type = typeOf(x);
  FailureOr<int64_t> axis =
      ctx.normalizeAxis(ctx.intAttr("axis", -1), type.getRank());
  FailureOr<SmallVector<int64_t>> k = ctx.constantInts(1, "K");
  if (failed(axis) || failed(k))
    return failure();
  if (k->size() != 1 || (*k)[0] < 0 || (*k)[0] > type.getDimSize(*axis))
    return ctx.emitError() << "K must be one value in [0, "
                           << type.getDimSize(*axis) << "]";
  bool largest = ctx.intAttr("largest", 1);
  // A stable sort keeps equal elements in index order, which is the order
  // ONNX asks for.
  Value indices = iotaLike(ctx, type.getShape(), *axis);
  OpBuilder &b = ctx.getBuilder();
  auto sorted = SortOp::create(b, ctx.getLoc(), ValueRange{x, indices},
                               b.getI64IntegerAttr(*axis),
                               largest ? b.getUnitAttr() : UnitAttr());
  SmallVector<int64_t> starts(type.getRank(), 0), limits(type.getShape()),
      strides(type.getRank(), 1);
  limits[*axis] = (*k)[0];
  for (unsigned i = 0; i < 2; ++i)
    ctx.setOutput(i, SliceOp::create(b, ctx.getLoc(), sorted.getResult(i),
                                     starts, limits, strides));
  return success();
}

//===----------------------------------------------------------------------===//
// CumSum
//===----------------------------------------------------------------------===//

static LogicalResult convertCumSum(NodeContext &ctx) {
  Value x = ctx.input(0);
  RankedTensorType type = typeOf(x);
  int64_t rank = type.getRank();
  FailureOr<double> axisValue = ctx.constantScalar(1, "axis");
  if (failed(axisValue))
    return failure();
  FailureOr<int64_t> axis =
      ctx.normalizeAxis(static_cast<int64_t>(*axisValue), rank);
  if (failed(axis))
    return failure();
  bool exclusive = ctx.intAttr("exclusive", 0),
       reverse = ctx.intAttr("reverse", 0);
  int64_t n = type.getDimSize(*axis);
  OpBuilder &b = ctx.getBuilder();
  Value operand = x;
  if (exclusive && n > 0) {
    // Shift by one toward the end of the sum, so that each prefix stops
    // one element short.
    SmallVector<int64_t> low(rank, 0), high(rank, 0);
    (reverse ? high : low)[*axis] = 1;
    (reverse ? low : high)[*axis] = -1;
    operand =
        PadOp::create(b, ctx.getLoc(), x, ctx.splat(type.getElementType(), 0),
                      low, high, SmallVector<int64_t>(rank, 0));
  }
  // Window n along the axis, padded with n - 1 identities before (or after,
  // in reverse): output i sums inputs 0..i (or i..n-1).
  SmallVector<int64_t> window(rank, 1), ones(rank, 1), padding(2 * rank, 0);
  window[*axis] = std::max<int64_t>(n, 1);
  padding[2 * *axis + (reverse ? 1 : 0)] = std::max<int64_t>(n - 1, 0);
  ctx.setOutput(0, ReduceWindowOp::create(b, ctx.getLoc(), type, ReduceFn::Add,
                                          operand, window, ones, ones, ones,
                                          padding));
  return success();
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

namespace {
struct PoolWindow {
  SmallVector<int64_t> window, strides, dilations, padding;
  /// Padding that ceil_mode adds at the end (never counted as input).
  SmallVector<int64_t> ceilExtra;
};
} // namespace

/// Reads a pooling window over [N, C, spatial...] in the layout
/// reduce_window wants (one entry per dimension, batch and channel 1).
static FailureOr<PoolWindow> readPoolWindow(NodeContext &ctx,
                                            RankedTensorType type) {
  int64_t rank = type.getRank(), n = rank - 2;
  SmallVector<int64_t> kernel = ctx.intsAttr("kernel_shape");
  SmallVector<int64_t> strides = ctx.intsAttr("strides"),
                       dilations = ctx.intsAttr("dilations"),
                       pads = ctx.intsAttr("pads");
  if (strides.empty())
    strides.assign(n, 1);
  if (dilations.empty())
    dilations.assign(n, 1);
  if (pads.empty())
    pads.assign(2 * n, 0);
  if (rank < 3 || static_cast<int64_t>(kernel.size()) != n ||
      static_cast<int64_t>(strides.size()) != n ||
      static_cast<int64_t>(dilations.size()) != n ||
      static_cast<int64_t>(pads.size()) != 2 * n) {
    ctx.emitError() << "kernel_shape, strides, dilations or pads do not match "
                    << "the input's spatial dimensions";
    return failure();
  }
  auto positive = [](ArrayRef<int64_t> list) {
    return llvm::all_of(list, [](int64_t v) { return v > 0; });
  };
  if (!positive(kernel) || !positive(strides) || !positive(dilations)) {
    ctx.emitError() << "kernel_shape, strides and dilations must be positive";
    return failure();
  }
  std::string autoPad = ctx.stringAttr("auto_pad", "NOTSET");
  bool ceil = ctx.intAttr("ceil_mode", 0);
  PoolWindow w;
  w.window = {1, 1};
  w.strides = {1, 1};
  w.dilations = {1, 1};
  w.padding = {0, 0, 0, 0};
  w.ceilExtra.assign(rank, 0);
  for (int64_t d = 0; d < n; ++d) {
    int64_t size = type.getDimSize(d + 2);
    int64_t extent = (kernel[d] - 1) * dilations[d] + 1;
    int64_t low = pads[d], high = pads[d + n];
    if (autoPad == "VALID") {
      low = high = 0;
    } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
      int64_t out = (size + strides[d] - 1) / strides[d];
      int64_t total =
          std::max<int64_t>(0, (out - 1) * strides[d] + extent - size);
      int64_t small = total / 2, large = total - small;
      low = autoPad == "SAME_UPPER" ? small : large;
      high = autoPad == "SAME_UPPER" ? large : small;
    } else if (autoPad != "NOTSET") {
      ctx.emitError() << "auto_pad '" << autoPad << "' is not supported";
      return failure();
    }
    int64_t padded = size + low + high;
    int64_t extra = 0;
    if (ceil && padded >= extent) {
      // ONNX's ceil_mode rounds the window count up, with no further rule
      // about where the last window starts.
      int64_t out = (padded - extent + strides[d] - 1) / strides[d] + 1;
      extra = std::max<int64_t>(0, (out - 1) * strides[d] + extent - padded);
    }
    w.window.push_back(kernel[d]);
    w.strides.push_back(strides[d]);
    w.dilations.push_back(dilations[d]);
    w.padding.append({low, high + extra});
    w.ceilExtra[d + 2] = extra;
  }
  return w;
}

static LogicalResult convertMaxPool(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (ctx.hasOutput(1))
    return ctx.emitError() << "output Indices is not supported";
  FailureOr<PoolWindow> w = readPoolWindow(ctx, typeOf(x));
  if (failed(w))
    return failure();
  SmallVector<int64_t> ones(w->window.size(), 1);
  ctx.setOutput(0, ReduceWindowOp::create(
                       ctx.getBuilder(), ctx.getLoc(), ReduceFn::Max, x,
                       w->window, w->strides, ones, w->dilations, w->padding));
  return success();
}

static LogicalResult convertAveragePool(NodeContext &ctx) {
  Value x = ctx.input(0);
  RankedTensorType type = typeOf(x);
  FailureOr<PoolWindow> w = readPoolWindow(ctx, type);
  if (failed(w))
    return failure();
  OpBuilder &b = ctx.getBuilder();
  int64_t rank = type.getRank();
  SmallVector<int64_t> ones(rank, 1);
  Value sum =
      ReduceWindowOp::create(b, ctx.getLoc(), ReduceFn::Add, x, w->window,
                             w->strides, ones, w->dilations, w->padding);
  // The divisor counts, per window, the input elements (and, with
  // count_include_pad, the explicit padding, but never ceil_mode's).
  Type elementType = type.getElementType();
  Value counted = ctx.splat(elementType, 1, type.getShape());
  SmallVector<int64_t> countPadding(w->padding);
  if (ctx.intAttr("count_include_pad", 0)) {
    SmallVector<int64_t> low, high;
    for (int64_t d = 0; d < rank; ++d) {
      low.push_back(w->padding[2 * d]);
      high.push_back(w->padding[2 * d + 1] - w->ceilExtra[d]);
      countPadding[2 * d] = 0;
      countPadding[2 * d + 1] = w->ceilExtra[d];
    }
    counted = PadOp::create(b, ctx.getLoc(), counted, ctx.splat(elementType, 1),
                            low, high, SmallVector<int64_t>(rank, 0));
  }
  Value count =
      ReduceWindowOp::create(b, ctx.getLoc(), ReduceFn::Add, counted, w->window,
                             w->strides, ones, w->dilations, countPadding);
  ctx.setOutput(0, ctx.binary(BinaryFn::Div, sum, count));
  return success();
}

template <bool isMax> static LogicalResult convertGlobalPool(NodeContext &ctx) {
  Value x = ctx.input(0);
  RankedTensorType type = typeOf(x);
  if (type.getRank() < 3)
    return ctx.emitError() << "input must be [N, C, spatial...]";
  auto spatial = llvm::to_vector(llvm::seq<int64_t>(2, type.getRank()));
  Value result = ctx.reduce(isMax ? ReduceFn::Max : ReduceFn::Add, x, spatial,
                            /*keepDims=*/true);
  if (!isMax) {
    int64_t count = 1;
    for (int64_t d : spatial)
      count *= type.getDimSize(d);
    result = ctx.binary(BinaryFn::Div, result,
                        ctx.splat(type.getElementType(), count));
  }
  ctx.setOutput(0, result);
  return success();
}

void mlir::strata::onnx_import::registerReductionConverters(
    ConverterTable &table) {
  table["ReduceSum"] = convertReduce<ReduceKind::Sum>;
  table["ReduceMean"] = convertReduce<ReduceKind::Mean>;
  table["ReduceMax"] = convertReduce<ReduceKind::Max>;
  table["ReduceMin"] = convertReduce<ReduceKind::Min>;
  table["ReduceProd"] = convertReduce<ReduceKind::Prod>;
  table["ReduceL1"] = convertReduce<ReduceKind::L1>;
  table["ReduceL2"] = convertReduce<ReduceKind::L2>;
  table["ReduceSumSquare"] = convertReduce<ReduceKind::SumSquare>;
  table["ReduceLogSum"] = convertReduce<ReduceKind::LogSum>;
  table["ReduceLogSumExp"] = convertReduce<ReduceKind::LogSumExp>;
  table["ArgMax"] = convertArgReduce<true>;
  table["ArgMin"] = convertArgReduce<false>;
  table["TopK"] = convertTopK;
  table["CumSum"] = convertCumSum;
  table["MaxPool"] = convertMaxPool;
  table["AveragePool"] = convertAveragePool;
  table["GlobalAveragePool"] = convertGlobalPool<false>;
  table["GlobalMaxPool"] = convertGlobalPool<true>;
}
