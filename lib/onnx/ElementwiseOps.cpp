//===- ElementwiseOps.cpp - Elementwise ONNX operators --------------------===//
//
// Arithmetic, comparisons, logic and activations. ONNX broadcasts like numpy;
// strata broadcasts explicitly, so NodeContext::binary inserts the
// broadcast_in_dim ops. Activations without a strata function of their own
// (Relu, HardSwish, Gelu, ...) become the short chains that define them.

#include "lib/onnx/OnnxImporter.h"

#include <cmath>

using namespace mlir;
using namespace mlir::strata;
using namespace mlir::strata::onnx_import;

static Type elementTypeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getElementType();
}

static ArrayRef<int64_t> shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

/// Sets output 0, or fails when building it already reported an error.
static LogicalResult setResult(NodeContext &ctx, Value value) {
  if (!value)
    return failure();
  ctx.setOutput(0, value);
  return success();
}

/// A float-typed scalar of the input's element type, broadcast by the users.
static Value scalarLike(NodeContext &ctx, Value like, double value) {
  return ctx.splat(elementTypeOf(like), value);
}

static LogicalResult requireFloat(NodeContext &ctx, Value value) {
  if (isa<FloatType>(elementTypeOf(value)))
    return success();
  ctx.emitError() << "needs a float tensor, got " << value.getType();
  return failure();
}

template <UnaryFn fn> static LogicalResult convertUnary(NodeContext &ctx) {
  return setResult(ctx, ctx.unary(fn, ctx.input(0)));
}

template <BinaryFn fn> static LogicalResult convertBinary(NodeContext &ctx) {
  return setResult(ctx, ctx.binary(fn, ctx.input(0), ctx.input(1)));
}

/// Max, Min, Sum: any number of inputs, folded left to right.
template <BinaryFn fn> static LogicalResult convertVariadic(NodeContext &ctx) {
  Value result = ctx.input(0);
  for (unsigned i = 1; i < ctx.numInputs() && result; ++i)
    result = ctx.binary(fn, result, ctx.input(i));
  return setResult(ctx, result);
}

static LogicalResult convertMean(NodeContext &ctx) {
  Value sum = ctx.input(0);
  for (unsigned i = 1; i < ctx.numInputs() && sum; ++i)
    sum = ctx.binary(BinaryFn::Add, sum, ctx.input(i));
  if (!sum)
    return failure();
  return setResult(ctx, ctx.binary(BinaryFn::Div, sum,
                                   scalarLike(ctx, sum, ctx.numInputs())));
}

template <CompareDirection direction>
static LogicalResult convertCompare(NodeContext &ctx) {
  return setResult(ctx, ctx.compare(direction, ctx.input(0), ctx.input(1)));
}

static LogicalResult convertPow(NodeContext &ctx) {
  Value base = ctx.input(0);
  // ONNX lets the exponent have its own type; strata's pow takes one type.
  Value exponent = ctx.convert(ctx.input(1), elementTypeOf(base));
  return setResult(ctx, ctx.binary(BinaryFn::Pow, base, exponent));
}

static LogicalResult convertMod(NodeContext &ctx) {
  Value lhs = ctx.input(0), rhs = ctx.input(1);
  Value rem = ctx.binary(BinaryFn::Rem, lhs, rhs);
  if (!rem)
    return failure();
  if (ctx.intAttr("fmod", 0) || isa<FloatType>(elementTypeOf(lhs)))
    return setResult(ctx, rem);
  // Integer Mod takes the divisor's sign (Python's %): adjust the
  // remainders whose sign differs from the divisor's.
  Value zero = scalarLike(ctx, rem, 0);
  Value remNegative = ctx.compare(CompareDirection::Lt, rem, zero);
  Value rhsNegative = ctx.compare(CompareDirection::Lt, rhs, zero);
  Value signsDiffer =
      ctx.compare(CompareDirection::Ne, remNegative, rhsNegative);
  Value nonZero = ctx.compare(CompareDirection::Ne, rem, zero);
  Value adjust = ctx.binary(BinaryFn::And, signsDiffer, nonZero);
  return setResult(
      ctx, ctx.select(adjust, ctx.binary(BinaryFn::Add, rem, rhs), rem));
}

static LogicalResult convertReciprocal(NodeContext &ctx) {
  Value x = ctx.input(0);
  return setResult(ctx, ctx.binary(BinaryFn::Div, scalarLike(ctx, x, 1), x));
}

static LogicalResult convertRelu(NodeContext &ctx) {
  Value x = ctx.input(0);
  return setResult(ctx, ctx.binary(BinaryFn::Max, x, scalarLike(ctx, x, 0)));
}

/// `x < 0 ? negative : x`.
static Value whereNegative(NodeContext &ctx, Value x, Value negative) {
  Value isNegative =
      ctx.compare(CompareDirection::Lt, x, scalarLike(ctx, x, 0));
  return ctx.select(isNegative, negative, x);
}

static LogicalResult convertLeakyRelu(NodeContext &ctx) {
  Value x = ctx.input(0);
  Value scaled = ctx.binary(BinaryFn::Mul, x,
                            scalarLike(ctx, x, ctx.floatAttr("alpha", 0.01f)));
  return setResult(ctx, whereNegative(ctx, x, scaled));
}

static LogicalResult convertPRelu(NodeContext &ctx) {
  Value x = ctx.input(0);
  Value scaled = ctx.binary(BinaryFn::Mul, x, ctx.input(1));
  if (!scaled)
    return failure();
  return setResult(ctx, whereNegative(ctx, x, scaled));
}

static LogicalResult convertElu(NodeContext &ctx) {
  Value x = ctx.input(0);
  Value negative = ctx.binary(BinaryFn::Mul, ctx.unary(UnaryFn::Expm1, x),
                              scalarLike(ctx, x, ctx.floatAttr("alpha", 1.0f)));
  return setResult(ctx, whereNegative(ctx, x, negative));
}

static LogicalResult convertSelu(NodeContext &ctx) {
  Value x = ctx.input(0);
  double alpha = ctx.floatAttr("alpha", 1.67326319217681884765625f);
  double gamma = ctx.floatAttr("gamma", 1.05070102214813232421875f);
  Value negative = ctx.binary(BinaryFn::Mul, ctx.unary(UnaryFn::Expm1, x),
                              scalarLike(ctx, x, alpha));
  Value elu = whereNegative(ctx, x, negative);
  return setResult(ctx,
                   ctx.binary(BinaryFn::Mul, elu, scalarLike(ctx, x, gamma)));
}

static LogicalResult convertSoftplus(NodeContext &ctx) {
  Value x = ctx.input(0);
  return setResult(ctx, ctx.unary(UnaryFn::Log1p, ctx.unary(UnaryFn::Exp, x)));
}

static LogicalResult convertSoftsign(NodeContext &ctx) {
  Value x = ctx.input(0);
  Value denominator = ctx.binary(BinaryFn::Add, ctx.unary(UnaryFn::Abs, x),
                                 scalarLike(ctx, x, 1));
  return setResult(ctx, ctx.binary(BinaryFn::Div, x, denominator));
}

/// clamp(alpha * x + beta, 0, 1).
static Value hardSigmoid(NodeContext &ctx, Value x, double alpha, double beta) {
  Value affine = ctx.binary(
      BinaryFn::Add, ctx.binary(BinaryFn::Mul, x, scalarLike(ctx, x, alpha)),
      scalarLike(ctx, x, beta));
  return ClampOp::create(ctx.getBuilder(), ctx.getLoc(), scalarLike(ctx, x, 0),
                         affine, scalarLike(ctx, x, 1));
}

static LogicalResult convertHardSigmoid(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (failed(requireFloat(ctx, x)))
    return failure();
  return setResult(ctx, hardSigmoid(ctx, x, ctx.floatAttr("alpha", 0.2f),
                                    ctx.floatAttr("beta", 0.5f)));
}

static LogicalResult convertHardSwish(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (failed(requireFloat(ctx, x)))
    return failure();
  // ONNX defines HardSwish as x * HardSigmoid(x) with alpha 1/6, beta 1/2.
  return setResult(
      ctx, ctx.binary(BinaryFn::Mul, x, hardSigmoid(ctx, x, 1.0 / 6.0, 0.5)));
}

static LogicalResult convertGelu(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (failed(requireFloat(ctx, x)))
    return failure();
  std::string approximate = ctx.stringAttr("approximate", "none");
  Value inner;
  if (approximate == "none") {
    inner = ctx.unary(
        UnaryFn::Erf,
        ctx.binary(BinaryFn::Mul, x, scalarLike(ctx, x, 1.0 / std::sqrt(2.0))));
  } else if (approximate == "tanh") {
    Value cube = ctx.binary(BinaryFn::Mul, x, ctx.binary(BinaryFn::Mul, x, x));
    Value poly = ctx.binary(
        BinaryFn::Add, x,
        ctx.binary(BinaryFn::Mul, cube, scalarLike(ctx, x, 0.044715)));
    inner = ctx.unary(UnaryFn::Tanh,
                      ctx.binary(BinaryFn::Mul, poly,
                                 scalarLike(ctx, x, std::sqrt(2.0 / M_PI))));
  } else {
    return ctx.emitError() << "approximate = '" << approximate
                           << "' is not one of 'none', 'tanh'";
  }
  Value half = ctx.binary(BinaryFn::Mul, x, scalarLike(ctx, x, 0.5));
  return setResult(
      ctx, ctx.binary(BinaryFn::Mul, half,
                      ctx.binary(BinaryFn::Add, inner, scalarLike(ctx, x, 1))));
}

static LogicalResult convertClip(NodeContext &ctx) {
  Value x = ctx.input(0);
  Value result = x;
  if (ctx.hasInput(1))
    result = ctx.binary(BinaryFn::Max, result, ctx.input(1));
  if (result && ctx.hasInput(2))
    result = ctx.binary(BinaryFn::Min, result, ctx.input(2));
  return setResult(ctx, result);
}

static LogicalResult convertWhere(NodeContext &ctx) {
  return setResult(ctx, ctx.select(ctx.input(0), ctx.input(1), ctx.input(2)));
}

static LogicalResult convertCast(NodeContext &ctx) {
  Type to = convertElementType(ctx.getContext(), ctx.intAttr("to", 0));
  if (!to)
    return ctx.emitError() << "casts to ONNX type " << ctx.intAttr("to", 0)
                           << ", which strata does not support";
  return setResult(ctx, ctx.convert(ctx.input(0), to));
}

static LogicalResult convertIsNaN(NodeContext &ctx) {
  Value x = ctx.input(0);
  return setResult(ctx, ctx.compare(CompareDirection::Ne, x, x));
}

static LogicalResult convertDropout(NodeContext &ctx) {
  // Inference mode (checked by the importer): the data passes through and
  // the mask keeps everything.
  Value x = ctx.input(0);
  ctx.setOutput(0, x);
  if (ctx.hasOutput(1))
    ctx.setOutput(1, ctx.splat(ctx.getBuilder().getI1Type(), 1, shapeOf(x)));
  return success();
}

void mlir::strata::onnx_import::registerElementwiseConverters(
    ConverterTable &table) {
  table["Add"] = convertBinary<BinaryFn::Add>;
  table["Sub"] = convertBinary<BinaryFn::Sub>;
  table["Mul"] = convertBinary<BinaryFn::Mul>;
  table["Div"] = convertBinary<BinaryFn::Div>;
  table["And"] = convertBinary<BinaryFn::And>;
  table["Or"] = convertBinary<BinaryFn::Or>;
  table["Xor"] = convertBinary<BinaryFn::Xor>;
  table["Pow"] = convertPow;
  table["Mod"] = convertMod;
  table["Max"] = convertVariadic<BinaryFn::Max>;
  table["Min"] = convertVariadic<BinaryFn::Min>;
  table["Sum"] = convertVariadic<BinaryFn::Add>;
  table["Mean"] = convertMean;
  table["Equal"] = convertCompare<CompareDirection::Eq>;
  table["Less"] = convertCompare<CompareDirection::Lt>;
  table["LessOrEqual"] = convertCompare<CompareDirection::Le>;
  table["Greater"] = convertCompare<CompareDirection::Gt>;
  table["GreaterOrEqual"] = convertCompare<CompareDirection::Ge>;
  table["Not"] = convertUnary<UnaryFn::Not>;
  table["Neg"] = convertUnary<UnaryFn::Neg>;
  table["Abs"] = convertUnary<UnaryFn::Abs>;
  table["Sqrt"] = convertUnary<UnaryFn::Sqrt>;
  table["Exp"] = convertUnary<UnaryFn::Exp>;
  table["Log"] = convertUnary<UnaryFn::Log>;
  table["Tanh"] = convertUnary<UnaryFn::Tanh>;
  table["Erf"] = convertUnary<UnaryFn::Erf>;
  table["Sigmoid"] = convertUnary<UnaryFn::Logistic>;
  table["Floor"] = convertUnary<UnaryFn::Floor>;
  table["Ceil"] = convertUnary<UnaryFn::Ceil>;
  table["Round"] = convertUnary<UnaryFn::RoundEven>;
  table["Sign"] = convertUnary<UnaryFn::Sign>;
  table["Sin"] = convertUnary<UnaryFn::Sin>;
  table["Cos"] = convertUnary<UnaryFn::Cos>;
  table["Tan"] = convertUnary<UnaryFn::Tan>;
  table["Reciprocal"] = convertReciprocal;
  table["Relu"] = convertRelu;
  table["LeakyRelu"] = convertLeakyRelu;
  table["PRelu"] = convertPRelu;
  table["Elu"] = convertElu;
  table["Selu"] = convertSelu;
  table["Softplus"] = convertSoftplus;
  table["Softsign"] = convertSoftsign;
  table["HardSigmoid"] = convertHardSigmoid;
  table["HardSwish"] = convertHardSwish;
  table["Gelu"] = convertGelu;
  table["Clip"] = convertClip;
  table["Where"] = convertWhere;
  table["Cast"] = convertCast;
  table["IsNaN"] = convertIsNaN;
  table["Dropout"] = convertDropout;
}
