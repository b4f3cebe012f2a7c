//===- NormalizationOps.cpp - Softmax and normalization layers ------------===//
//
// Softmax and LayerNormalization have strata ops of their own;
// BatchNormalization (inference) folds into one scale and one shift per
// channel; LogSoftmax is written out stably.

#include "lib/onnx/OnnxImporter.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::strata;
using namespace mlir::strata::onnx_import;

static LogicalResult requireFloat(NodeContext &ctx, Value value) {
  if (isa<FloatType>(typeOf(value).getElementType()))
    return success();
  return ctx.emitError() << "needs a float tensor, got " << value.getType();
}

/// The `axis` (default -1, the last) of a softmax over the float `x`.
static FailureOr<int64_t> floatInputAxis(NodeContext &ctx, Value x) {
  if (failed(requireFloat(ctx, x)))
    return failure();
  return ctx.normalizeAxis(ctx.intAttr("axis", -1), typeOf(x).getRank());
}

static LogicalResult convertSoftmax(NodeContext &ctx) {
  Value x = ctx.input(0);
  FailureOr<int64_t> axis = floatInputAxis(ctx, x);
  if (failed(axis))
    return failure();
  ctx.setOutput(0, SoftmaxOp::create(ctx.getBuilder(), ctx.getLoc(), x,
                                     static_cast<uint64_t>(*axis)));
  return success();
}

static LogicalResult convertLogSoftmax(NodeContext &ctx) {
  Value x = ctx.input(0);
  FailureOr<int64_t> axis = floatInputAxis(ctx, x);
  if (failed(axis))
    return failure();
  // x - max - log(sum(exp(x - max))): the shift keeps exp from overflowing.
  Value max = ctx.reduce(ReduceFn::Max, x, {*axis}, /*keepDims=*/true);
  Value shifted = ctx.binary(BinaryFn::Sub, x, max);
  Value sum = ctx.reduce(ReduceFn::Add, ctx.unary(UnaryFn::Exp, shifted),
                         {*axis}, /*keepDims=*/true);
  ctx.setOutput(
      0, ctx.binary(BinaryFn::Sub, shifted, ctx.unary(UnaryFn::Log, sum)));
  return success();
}

static LogicalResult convertBatchNormalization(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (failed(requireFloat(ctx, x)))
    return failure();
  if (ctx.intAttr("training_mode", 0) || ctx.hasOutput(1) || ctx.hasOutput(2))
    return ctx.emitError() << "is in training mode; only inference is "
                              "supported";
  RankedTensorType type = typeOf(x);
  if (type.getRank() < 2)
    return ctx.emitError() << "input must be [N, C, ...]";
  int64_t channels = type.getDimSize(1);
  for (unsigned i = 1; i <= 4; ++i)
    if (typeOf(ctx.input(i)).getShape() != ArrayRef<int64_t>{channels})
      return ctx.emitError()
             << "input " << i << " must have shape [" << channels << "]";
  Value scale = ctx.input(1), bias = ctx.input(2), mean = ctx.input(3),
        variance = ctx.input(4);
  Type elementType = type.getElementType();
  // y = (x - mean) / sqrt(var + eps) * scale + bias, per channel, folded to
  // y = x * a + b with a = scale / sqrt(var + eps), b = bias - mean * a.
  Value epsilon = ctx.splat(elementType, ctx.floatAttr("epsilon", 1e-5f));
  Value a = ctx.binary(
      BinaryFn::Mul, scale,
      ctx.unary(UnaryFn::Rsqrt, ctx.binary(BinaryFn::Add, variance, epsilon)));
  Value b = ctx.binary(BinaryFn::Sub, bias, ctx.binary(BinaryFn::Mul, mean, a));
  Value spreadA = ctx.broadcastInDim(a, type.getShape(), {1});
  Value spreadB = ctx.broadcastInDim(b, type.getShape(), {1});
  ctx.setOutput(0, ctx.binary(BinaryFn::Add,
                              ctx.binary(BinaryFn::Mul, x, spreadA), spreadB));
  return success();
}

static LogicalResult convertLayerNormalization(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (failed(requireFloat(ctx, x)))
    return failure();
  RankedTensorType type = typeOf(x);
  FailureOr<int64_t> axis =
      ctx.normalizeAxis(ctx.intAttr("axis", -1), type.getRank());
  if (failed(axis))
    return failure();
  if (ctx.hasOutput(1) || ctx.hasOutput(2)) {
    // The statistics, when asked for, are computed on their own: the
    // normalized output still comes from strata.layer_norm.
    auto dims = llvm::to_vector(llvm::seq<int64_t>(*axis, type.getRank()));
    int64_t count = 1;
    for (int64_t d : dims)
      count *= type.getDimSize(d);
    Value n = ctx.splat(type.getElementType(), count);
    Value mean =
        ctx.binary(BinaryFn::Div, ctx.reduce(ReduceFn::Add, x, dims, true), n);
    Value centered = ctx.binary(BinaryFn::Sub, x, mean);
    Value variance = ctx.binary(
        BinaryFn::Div,
        ctx.reduce(ReduceFn::Add, ctx.binary(BinaryFn::Mul, centered, centered),
                   dims, true),
        n);
    Value epsilon =
        ctx.splat(type.getElementType(), ctx.floatAttr("epsilon", 1e-5f));
    ctx.setOutput(1, mean);
    ctx.setOutput(2, ctx.unary(UnaryFn::Rsqrt,
                               ctx.binary(BinaryFn::Add, variance, epsilon)));
  }
  ArrayRef<int64_t> normalized = type.getShape().drop_front(*axis);
  // strata.layer_norm takes scale and bias of exactly the normalized shape;
  // ONNX lets them broadcast to it.
  FailureOr<Value> scale = ctx.broadcastTo(ctx.input(1), normalized);
  if (failed(scale))
    return failure();
  Value bias;
  if (ctx.hasInput(2)) {
    FailureOr<Value> spread = ctx.broadcastTo(ctx.input(2), normalized);
    if (failed(spread))
      return failure();
    bias = *spread;
  } else {
    bias = ctx.splat(type.getElementType(), 0, normalized);
  }
  ctx.setOutput(
      0, LayerNormOp::create(
             ctx.getBuilder(), ctx.getLoc(), type, x, *scale, bias,
             static_cast<uint64_t>(*axis),
             APFloat(static_cast<double>(ctx.floatAttr("epsilon", 1e-5f)))));
  return success();
}

void mlir::strata::onnx_import::registerNormalizationConverters(
    ConverterTable &table) {
  table["Softmax"] = convertSoftmax;
  table["LogSoftmax"] = convertLogSoftmax;
  table["BatchNormalization"] = convertBatchNormalization;
  table["LayerNormalization"] = convertLayerNormalization;
}
