//===- ContractionOps.cpp - MatMul, Gemm, Einsum, Conv, ConvTranspose -----===//
//
// Every contraction becomes one strata.dot (dot_general) or
// strata.convolution plus the transposes, broadcasts and bias additions
// that ONNX's operator implies.

#include "lib/onnx/OnnxImporter.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::strata;
using namespace mlir::strata::onnx_import;

/// A dot whose result type follows from its dimension numbers.
static FailureOr<Value> buildDot(NodeContext &ctx, Value lhs, Value rhs,
                                 ArrayRef<int64_t> lhsBatch,
                                 ArrayRef<int64_t> rhsBatch,
                                 ArrayRef<int64_t> lhsContract,
                                 ArrayRef<int64_t> rhsContract) {
  RankedTensorType lhsType = typeOf(lhs), rhsType = typeOf(rhs);
  if (lhsType.getElementType() != rhsType.getElementType()) {
    ctx.emitError() << "operands have different element types";
    return failure();
  }
  FailureOr<SmallVector<int64_t>> shape = DotOp::inferResultShape(
      lhsType.getShape(), rhsType.getShape(), lhsBatch, rhsBatch, lhsContract,
      rhsContract, [&] { return ctx.emitError(); });
  if (failed(shape))
    return failure();
  return DotOp::create(ctx.getBuilder(), ctx.getLoc(), lhsType.clone(*shape),
                       lhs, rhs, lhsBatch, rhsBatch, lhsContract, rhsContract)
      .getResult();
}

//===----------------------------------------------------------------------===//
// MatMul and Gemm
//===----------------------------------------------------------------------===//

static LogicalResult convertMatMul(NodeContext &ctx) {
  Value lhs = ctx.input(0), rhs = ctx.input(1);
  ArrayRef<int64_t> lhsShape = typeOf(lhs).getShape(),
                    rhsShape = typeOf(rhs).getShape();
  if (lhsShape.empty() || rhsShape.empty())
    return ctx.emitError() << "operands must have rank 1 or more";
  // numpy.matmul: a vector is a matrix with a unit dimension that the
  // result drops again.
  bool lhsVector = lhsShape.size() == 1, rhsVector = rhsShape.size() == 1;
  if (lhsVector)
    lhs = ctx.reshape(lhs, {1, lhsShape[0]});
  if (rhsVector)
    rhs = ctx.reshape(rhs, {rhsShape[0], 1});
  lhsShape = typeOf(lhs).getShape();
  rhsShape = typeOf(rhs).getShape();
  int64_t lhsRank = lhsShape.size(), rhsRank = rhsShape.size();

  FailureOr<Value> product;
  if (rhsRank == 2) {
    // Weights shared by every batch: contract without broadcasting them.
    product = buildDot(ctx, lhs, rhs, {}, {}, {lhsRank - 1}, {0});
  } else {
    SmallVector<int64_t> lhsBatch(lhsShape.drop_back(2)),
        rhsBatch(rhsShape.drop_back(2));
    // The batch dimensions broadcast like numpy.
    int64_t batchRank = std::max(lhsBatch.size(), rhsBatch.size());
    SmallVector<int64_t> batch(batchRank, 1);
    for (int64_t d = 0; d < batchRank; ++d) {
      int64_t l = d - (batchRank - static_cast<int64_t>(lhsBatch.size()));
      int64_t r = d - (batchRank - static_cast<int64_t>(rhsBatch.size()));
      int64_t a = l >= 0 ? lhsBatch[l] : 1, b = r >= 0 ? rhsBatch[r] : 1;
      if (a != b && a != 1 && b != 1)
        return ctx.emitError()
               << "batch dimensions of " << lhs.getType() << " and "
               << rhs.getType() << " cannot be broadcast together";
      batch[d] = std::max(a, b);
    }
    SmallVector<int64_t> lhsTarget(batch), rhsTarget(batch);
    lhsTarget.append({lhsShape[lhsRank - 2], lhsShape[lhsRank - 1]});
    rhsTarget.append({rhsShape[rhsRank - 2], rhsShape[rhsRank - 1]});
    FailureOr<Value> lhsSpread = ctx.broadcastTo(lhs, lhsTarget);
    FailureOr<Value> rhsSpread = ctx.broadcastTo(rhs, rhsTarget);
    if (failed(lhsSpread) || failed(rhsSpread))
      return failure();
    auto batchDims = llvm::to_vector(llvm::seq<int64_t>(0, batchRank));
    product = buildDot(ctx, *lhsSpread, *rhsSpread, batchDims, batchDims,
                       {batchRank + 1}, {batchRank});
  }
  if (failed(product))
    return failure();
  Value result = *product;
  SmallVector<int64_t> shape(typeOf(result).getShape());
  if (rhsVector)
    shape.pop_back();
  if (lhsVector)
    shape.erase(shape.end() - (rhsVector ? 1 : 2));
  ctx.setOutput(0, ctx.reshape(result, shape));
  return success();
}

static LogicalResult convertGemm(NodeContext &ctx) {
  Value a = ctx.input(0), b = ctx.input(1);
  if (typeOf(a).getRank() != 2 || typeOf(b).getRank() != 2)
    return ctx.emitError() << "operands must be matrices";
  bool transA = ctx.intAttr("transA", 0), transB = ctx.intAttr("transB", 0);
  FailureOr<Value> product =
      buildDot(ctx, a, b, {}, {}, {transA ? 0 : 1}, {transB ? 1 : 0});
  if (failed(product))
    return failure();
  Value result = *product;
  Type elementType = typeOf(result).getElementType();
  double alpha = ctx.floatAttr("alpha", 1.0f),
         beta = ctx.floatAttr("beta", 1.0f);
  if (alpha != 1.0)
    result = ctx.binary(BinaryFn::Mul, result, ctx.splat(elementType, alpha));
  if (ctx.hasInput(2) && beta != 0.0) {
    Value c = ctx.input(2);
    if (beta != 1.0)
      c = ctx.binary(BinaryFn::Mul, c, ctx.splat(elementType, beta));
    FailureOr<Value> spread = ctx.broadcastTo(c, typeOf(result).getShape());
    if (failed(spread))
      return failure();
    result = ctx.binary(BinaryFn::Add, result, *spread);
  }
  ctx.setOutput(0, result);
  return success();
}

//===----------------------------------------------------------------------===//
// Einsum
//===----------------------------------------------------------------------===//

/// Reduces the labels of `term` that `keep` does not contain.
static Value sumOutLabels(NodeContext &ctx, Value value, std::string &term,
                          StringRef keep) {
  SmallVector<int64_t> dims;
  std::string kept;
  for (auto [d, label] : llvm::enumerate(term)) {
    if (keep.contains(label))
      kept.push_back(label);
    else
      dims.push_back(d);
  }
  term = kept;
  if (dims.empty())
    return value;
  return ctx.reduce(ReduceFn::Add, value, dims, /*keepDims=*/false);
}

static LogicalResult convertEinsum(NodeContext &ctx) {
  std::string equation = ctx.stringAttr("equation", "");
  equation.erase(llvm::remove_if(equation, [](char c) { return c == ' '; }),
                 equation.end());
  if (StringRef(equation).contains("."))
    return ctx.emitError() << "equation '" << equation
                           << "' has an ellipsis, which is not supported";
  auto [lhsText, output] = StringRef(equation).split("->");
  SmallVector<StringRef> terms;
  lhsText.split(terms, ',');
  std::string implicitOutput;
  if (!StringRef(equation).contains("->")) {
    // Implicit mode: the labels that occur once, in alphabetical order.
    for (char label = 'A'; label <= 'z'; ++label)
      if (llvm::count(lhsText, label) == 1)
        implicitOutput.push_back(label);
    output = implicitOutput;
  }
  if (terms.size() != ctx.numInputs() || terms.size() > 2)
    return ctx.emitError() << "equation '" << equation
                           << "' must name one or two operands";
  for (StringRef term : terms) {
    for (char c : term)
      if (llvm::count(term, c) != 1)
        return ctx.emitError() << "equation '" << equation
                               << "' repeats a label within an operand "
                                  "(diagonals are not supported)";
  }

  std::string out = output.str();
  std::string first = terms[0].str();
  Value lhs = ctx.input(0);
  std::string resultTerm;
  Value result;
  if (terms.size() == 1) {
    result = sumOutLabels(ctx, lhs, first, out);
    resultTerm = first;
  } else {
    std::string second = terms[1].str();
    Value rhs = ctx.input(1);
    // Labels in one operand only and not in the output are summed first.
    lhs = sumOutLabels(ctx, lhs, first, second + out);
    rhs = sumOutLabels(ctx, rhs, second, first + out);
    SmallVector<int64_t> lhsBatch, rhsBatch, lhsContract, rhsContract;
    std::string batchLabels;
    for (auto [d, label] : llvm::enumerate(first)) {
      size_t inRhs = second.find(label);
      if (inRhs == std::string::npos)
        continue;
      if (out.find(label) != std::string::npos) {
        lhsBatch.push_back(d);
        rhsBatch.push_back(inRhs);
        batchLabels.push_back(label);
      } else {
        lhsContract.push_back(d);
        rhsContract.push_back(inRhs);
      }
    }
    FailureOr<Value> product =
        buildDot(ctx, lhs, rhs, lhsBatch, rhsBatch, lhsContract, rhsContract);
    if (failed(product))
      return failure();
    result = *product;
    // dot_general orders the result: batch, free lhs, free rhs.
    resultTerm = batchLabels;
    for (char label : first)
      if (second.find(label) == std::string::npos)
        resultTerm.push_back(label);
    for (char label : second)
      if (first.find(label) == std::string::npos)
        resultTerm.push_back(label);
  }
  if (resultTerm.size() != out.size())
    return ctx.emitError() << "equation '" << equation
                           << "' has output labels that no operand has";
  SmallVector<int64_t> perm;
  for (char label : out) {
    size_t at = resultTerm.find(label);
    if (at == std::string::npos)
      return ctx.emitError()
             << "output label '" << label << "' is in no operand";
    perm.push_back(at);
  }
  ctx.setOutput(0, ctx.transpose(result, perm));
  return success();
}

//===----------------------------------------------------------------------===//
// Convolutions
//===----------------------------------------------------------------------===//

namespace {
/// The window attributes shared by Conv, ConvTranspose and pooling.
struct Window {
  SmallVector<int64_t> kernel, strides, dilations, padLow, padHigh;
};
} // namespace

/// Reads kernel_shape (or `kernel`), strides, dilations, pads and auto_pad
/// for `spatial` dimensions of `inputShape` (spatial sizes only).
static FailureOr<Window> readWindow(NodeContext &ctx,
                                    ArrayRef<int64_t> spatialSizes,
                                    ArrayRef<int64_t> kernel, bool transposed) {
  int64_t n = spatialSizes.size();
  Window w;
  w.kernel.assign(kernel.begin(), kernel.end());
  w.strides = ctx.intsAttr("strides");
  w.dilations = ctx.intsAttr("dilations");
  if (w.strides.empty())
    w.strides.assign(n, 1);
  if (w.dilations.empty())
    w.dilations.assign(n, 1);
  SmallVector<int64_t> pads = ctx.intsAttr("pads");
  if (pads.empty())
    pads.assign(2 * n, 0);
  if (static_cast<int64_t>(w.kernel.size()) != n ||
      static_cast<int64_t>(w.strides.size()) != n ||
      static_cast<int64_t>(w.dilations.size()) != n ||
      static_cast<int64_t>(pads.size()) != 2 * n) {
    ctx.emitError() << "kernel_shape, strides, dilations or pads do not match "
                    << n << " spatial dimensions";
    return failure();
  }
  auto positive = [](ArrayRef<int64_t> list) {
    return llvm::all_of(list, [](int64_t v) { return v > 0; });
  };
  if (!positive(w.kernel) || !positive(w.strides) || !positive(w.dilations)) {
    ctx.emitError() << "kernel_shape, strides and dilations must be positive";
    return failure();
  }
  w.padLow.assign(pads.begin(), pads.begin() + n);
  w.padHigh.assign(pads.begin() + n, pads.end());
  std::string autoPad = ctx.stringAttr("auto_pad", "NOTSET");
  if (autoPad == "VALID") {
    w.padLow.assign(n, 0);
    w.padHigh.assign(n, 0);
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (int64_t d = 0; d < n; ++d) {
      int64_t extent = (w.kernel[d] - 1) * w.dilations[d] + 1;
      int64_t total;
      if (transposed) {
        // Output is input * stride; the padding trims the full result.
        int64_t full = (spatialSizes[d] - 1) * w.strides[d] + extent;
        total = std::max<int64_t>(0, full - spatialSizes[d] * w.strides[d]);
      } else {
        int64_t out = (spatialSizes[d] + w.strides[d] - 1) / w.strides[d];
        total = std::max<int64_t>(0, (out - 1) * w.strides[d] + extent -
                                         spatialSizes[d]);
      }
      int64_t small = total / 2, large = total - small;
      w.padLow[d] = autoPad == "SAME_UPPER" ? small : large;
      w.padHigh[d] = autoPad == "SAME_UPPER" ? large : small;
    }
  } else if (autoPad != "NOTSET") {
    ctx.emitError() << "auto_pad '" << autoPad << "' is not supported";
    return failure();
  }
  return w;
}

static FailureOr<Value> addChannelBias(NodeContext &ctx, Value result,
                                       unsigned biasInput) {
  if (!ctx.hasInput(biasInput))
    return result;
  Value bias = ctx.input(biasInput);
  ArrayRef<int64_t> shape = typeOf(result).getShape();
  if (typeOf(bias).getRank() != 1 || typeOf(bias).getDimSize(0) != shape[1]) {
    ctx.emitError() << "bias " << bias.getType() << " does not match "
                    << shape[1] << " output channels";
    return failure();
  }
  Value spread = ctx.broadcastInDim(bias, shape, {1});
  return BinaryOp::create(ctx.getBuilder(), ctx.getLoc(), BinaryFn::Add, result,
                          spread)
      .getResult();
}

/// Sets the convolution's result, plus the optional per-channel bias of
/// input 2, as the node's output.
static LogicalResult setOutputWithBias(NodeContext &ctx, Value conv) {
  FailureOr<Value> result = addChannelBias(ctx, conv, 2);
  if (failed(result))
    return failure();
  ctx.setOutput(0, *result);
  return success();
}

static LogicalResult convertConv(NodeContext &ctx) {
  Value x = ctx.input(0), w = ctx.input(1);
  RankedTensorType xType = typeOf(x), wType = typeOf(w);
  int64_t rank = xType.getRank();
  if (rank < 3 || wType.getRank() != rank)
    return ctx.emitError() << "input " << x.getType() << " and weight "
                           << w.getType() << " must be [N, C, spatial...] and "
                           << "[M, C/group, kernel...]";
  int64_t group = ctx.intAttr("group", 1);
  ArrayRef<int64_t> spatial = xType.getShape().drop_front(2);
  SmallVector<int64_t> kernel = ctx.intsAttr("kernel_shape");
  if (kernel.empty())
    kernel.assign(wType.getShape().begin() + 2, wType.getShape().end());
  FailureOr<Window> window = readWindow(ctx, spatial, kernel, false);
  if (failed(window))
    return failure();
  if (group < 1 || xType.getDimSize(1) != wType.getDimSize(1) * group ||
      wType.getDimSize(0) % group)
    return ctx.emitError() << "group " << group << " does not divide input "
                           << x.getType() << " and weight " << w.getType();
  SmallVector<int64_t> outShape = {xType.getDimSize(0), wType.getDimSize(0)};
  SmallVector<int64_t> padding;
  for (auto [d, size] : llvm::enumerate(spatial)) {
    int64_t extent = (window->kernel[d] - 1) * window->dilations[d] + 1;
    int64_t padded = size + window->padLow[d] + window->padHigh[d];
    if (padded < extent)
      return ctx.emitError() << "kernel does not fit spatial dimension " << d;
    outShape.push_back((padded - extent) / window->strides[d] + 1);
    padding.append({window->padLow[d], window->padHigh[d]});
  }
  auto dims = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  Value conv = ConvolutionOp::create(
      ctx.getBuilder(), ctx.getLoc(), xType.clone(outShape), x, w, dims, dims,
      dims, window->strides, padding, SmallVector<int64_t>(rank - 2, 1),
      window->dilations, group, 1);
  return setOutputWithBias(ctx, conv);
}

static LogicalResult convertConvTranspose(NodeContext &ctx) {
  Value x = ctx.input(0), w = ctx.input(1);
  RankedTensorType xType = typeOf(x), wType = typeOf(w);
  int64_t rank = xType.getRank(), n = rank - 2;
  if (rank < 3 || wType.getRank() != rank)
    return ctx.emitError() << "input " << x.getType() << " and weight "
                           << w.getType() << " must be [N, C, spatial...] and "
                           << "[C, M/group, kernel...]";
  int64_t group = ctx.intAttr("group", 1);
  int64_t inChannels = wType.getDimSize(0), outPerGroup = wType.getDimSize(1);
  if (group < 1 || xType.getDimSize(1) != inChannels || inChannels % group)
    return ctx.emitError() << "group " << group << " does not divide input "
                           << x.getType() << " and weight " << w.getType();
  ArrayRef<int64_t> spatial = xType.getShape().drop_front(2);
  SmallVector<int64_t> kernel(wType.getShape().drop_front(2));
  FailureOr<Window> window = readWindow(ctx, spatial, kernel, true);
  if (failed(window))
    return failure();
  SmallVector<int64_t> outputPadding = ctx.intsAttr("output_padding");
  if (outputPadding.empty())
    outputPadding.assign(n, 0);
  if (ctx.hasAttribute("output_shape")) {
    // The requested output size fixes the total padding (SAME_UPPER split).
    SmallVector<int64_t> outputShape = ctx.intsAttr("output_shape");
    if (static_cast<int64_t>(outputShape.size()) == rank)
      outputShape.erase(outputShape.begin(), outputShape.begin() + 2);
    if (static_cast<int64_t>(outputShape.size()) != n)
      return ctx.emitError()
             << "output_shape does not match " << n << " spatial dimensions";
    for (int64_t d = 0; d < n; ++d) {
      int64_t full = window->strides[d] * (spatial[d] - 1) + outputPadding[d] +
                     (kernel[d] - 1) * window->dilations[d] + 1;
      int64_t total = full - outputShape[d];
      std::string autoPad = ctx.stringAttr("auto_pad", "NOTSET");
      // Rounded down, so that a negative total (output_shape beyond the
      // natural size) adds rows at the end as output_padding does.
      int64_t small = llvm::divideFloorSigned(total, 2), large = total - small;
      // ONNX puts the odd element at the end only for SAME_UPPER.
      window->padLow[d] = autoPad == "SAME_UPPER" ? small : large;
      window->padHigh[d] = autoPad == "SAME_UPPER" ? large : small;
    }
  }

  // A transposed convolution is a convolution over the input dilated by
  // the strides, with the kernel mirrored and its channel roles swapped.
  Value kernelValue = w;
  for (int64_t d = 2; d < rank; ++d) {
    SmallVector<int64_t> reversed;
    for (int64_t i = wType.getDimSize(d) - 1; i >= 0; --i)
      reversed.push_back(i);
    kernelValue = ctx.takeAlongAxis(kernelValue, d, reversed);
  }
  // [C, M/g, k...] -> [g, C/g, M/g, k...] -> [g, M/g, C/g, k...] -> [M, C/g,
  // k...]
  SmallVector<int64_t> grouped = {group, inChannels / group, outPerGroup};
  grouped.append(kernel.begin(), kernel.end());
  SmallVector<int64_t> perm = {0, 2, 1};
  for (int64_t d = 3; d < rank + 1; ++d)
    perm.push_back(d);
  SmallVector<int64_t> oihw = {group * outPerGroup, inChannels / group};
  oihw.append(kernel.begin(), kernel.end());
  kernelValue =
      ctx.reshape(ctx.transpose(ctx.reshape(kernelValue, grouped), perm), oihw);

  SmallVector<int64_t> outShape = {xType.getDimSize(0), group * outPerGroup};
  SmallVector<int64_t> padding;
  for (int64_t d = 0; d < n; ++d) {
    int64_t extent = (kernel[d] - 1) * window->dilations[d];
    int64_t low = extent - window->padLow[d];
    int64_t high = extent - window->padHigh[d] + outputPadding[d];
    padding.append({low, high});
    outShape.push_back(window->strides[d] * (spatial[d] - 1) +
                       outputPadding[d] + extent + 1 - window->padLow[d] -
                       window->padHigh[d]);
    if (outShape.back() < 0)
      return ctx.emitError()
             << "pads leave spatial dimension " << d << " with a negative size";
  }
  auto dims = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  Value conv = ConvolutionOp::create(
      ctx.getBuilder(), ctx.getLoc(), xType.clone(outShape), x, kernelValue,
      dims, dims, dims, SmallVector<int64_t>(n, 1), padding, window->strides,
      window->dilations, group, 1);
  return setOutputWithBias(ctx, conv);
}

void mlir::strata::onnx_import::registerContractionConverters(
    ConverterTable &table) {
  table["MatMul"] = convertMatMul;
  table["Gemm"] = convertGemm;
  table["Einsum"] = convertEinsum;
  table["Conv"] = convertConv;
  table["ConvTranspose"] = convertConvTranspose;
}
