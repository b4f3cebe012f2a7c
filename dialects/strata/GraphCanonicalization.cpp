//===- GraphCanonicalization.cpp - Canonicalization patterns of graph ops -===//

#include "dialects/strata/StrataOps.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::strata;

/// A tensor of zeros: a splat zero constant, or a broadcast of one.
static bool isZeroSplat(Value value) {
  if (auto broadcast = value.getDefiningOp<BroadcastInDimOp>())
    value = broadcast.getOperand();
  return matchPattern(value, m_AnyZeroFloat()) || matchPattern(value, m_Zero());
}

namespace {

/// add(x, scatter(zeros, indices, updates, combiner = add))
///   -> scatter(x, indices, updates, combiner = add)
///
/// Each element becomes x + sum(updates) in the order the updates arrive
/// instead of x + (0 + sum(updates)): equal where at most one update lands
/// on an element, and otherwise a reassociation of float additions, which
/// an add-combining scatter does not order anyway.
struct AddOfScatterIntoZeros : OpRewritePattern<BinaryOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BinaryOp add,
                                PatternRewriter &rewriter) const override {
    if (add.getFn() != BinaryFn::Add)
      return failure();
    for (auto [scatterOperand, other] :
         {std::pair(add.getLhs(), add.getRhs()),
          std::pair(add.getRhs(), add.getLhs())}) {
      auto scatter = scatterOperand.getDefiningOp<ScatterOp>();
      if (!scatter || scatter.getCombiner() != BinaryFn::Add ||
          !isZeroSplat(scatter.getInput()) ||
          other.getType() != scatter.getType())
        continue;
      auto rewritten = ScatterOp::create(
          rewriter, scatter.getLoc(), TypeRange{scatter.getType()},
          ValueRange{other, scatter.getScatterIndices(), scatter.getUpdates()},
          scatter->getAttrs());
      rewriter.replaceOp(add, rewritten.getResult());
      return success();
    }
    return failure();
  }
};

/// pad(pad(x, v, low1, high1), v, low2, high2) -> pad(x, v, low1 + low2,
/// high1 + high2), without interior padding and with non-negative edges
/// (a negative edge of the outer pad could cut into the inner padding and
/// the operand alike).
struct PadOfPad : OpRewritePattern<PadOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(PadOp outer,
                                PatternRewriter &rewriter) const override {
    auto inner = outer.getOperand().getDefiningOp<PadOp>();
    if (!inner)
      return failure();
    auto plainEdges = [](PadOp pad) {
      auto nonNegative = [](int64_t v) { return v >= 0; };
      return llvm::all_of(pad.getInteriorPadding(),
                          [](int64_t v) { return v == 0; }) &&
             llvm::all_of(pad.getEdgePaddingLow(), nonNegative) &&
             llvm::all_of(pad.getEdgePaddingHigh(), nonNegative);
    };
    if (!plainEdges(inner) || !plainEdges(outer))
      return failure();
    Value value = outer.getPaddingValue();
    if (inner.getPaddingValue() != value) {
      Attribute innerValue, outerValue;
      if (!matchPattern(inner.getPaddingValue(), m_Constant(&innerValue)) ||
          !matchPattern(value, m_Constant(&outerValue)) ||
          innerValue != outerValue)
        return failure();
    }
    SmallVector<int64_t> low, high;
    for (auto [a, b] :
         llvm::zip(inner.getEdgePaddingLow(), outer.getEdgePaddingLow()))
      low.push_back(a + b);
    for (auto [a, b] :
         llvm::zip(inner.getEdgePaddingHigh(), outer.getEdgePaddingHigh()))
      high.push_back(a + b);
    rewriter.replaceOpWithNewOp<PadOp>(outer, outer.getType(),
                                       inner.getOperand(), value, low, high,
                                       outer.getInteriorPadding());
    return success();
  }
};

/// A scatter that lands exactly one update per row of one dimension `d`
/// (every other dimension a batching dimension, no window): a one-hot
/// gradient, such as cross-entropy's. It becomes elementwise work,
///
///   onehot = select(iota(d) == broadcast(index), broadcast(update), 0)
///   scatter(x, index, update, add)  -> x + onehot
///   scatter(x, index, update)       -> select(iota(d) == ..., update, x)
///
/// which fuses with its producers and consumers, so that the scattered
/// tensor (the size of the logits) is not written. Indices outside `d`
/// select nothing, as the scatter skips them. The sum is the scatter's
/// except that x = -0 plus a missed 0 gives +0.
struct OneHotScatter : OpRewritePattern<ScatterOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ScatterOp scatter,
                                PatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(scatter.getType());
    auto indicesType =
        cast<RankedTensorType>(scatter.getScatterIndices().getType());
    int64_t rank = type.getRank();
    if (!scatter.getUpdateWindowDims().empty() ||
        scatter.getInsertedWindowDims().size() != 1 ||
        scatter.getScatterDimsToOperandDims() !=
            scatter.getInsertedWindowDims() ||
        (scatter.getCombiner() && *scatter.getCombiner() != BinaryFn::Add) ||
        !type.hasStaticShape() || !indicesType.hasStaticShape())
      return failure();
    int64_t dimension = scatter.getInsertedWindowDims()[0];
    // Every other operand dimension is batched, in order, against index
    // dimensions in order; the rest of the index is one element.
    SmallVector<int64_t> batched;
    for (int64_t d = 0; d < rank; ++d)
      if (d != dimension)
        batched.push_back(d);
    ArrayRef<int64_t> indexBatched = scatter.getScatterIndicesBatchingDims();
    if (ArrayRef<int64_t>(scatter.getInputBatchingDims()) !=
            ArrayRef<int64_t>(batched) ||
        !llvm::is_sorted(indexBatched))
      return failure();
    int64_t vectorDim = scatter.getIndexVectorDim();
    for (int64_t d = 0; d < indicesType.getRank(); ++d)
      if (!llvm::is_contained(indexBatched, d) &&
          indicesType.getDimSize(d) != 1)
        return failure();
    if (vectorDim < indicesType.getRank() &&
        llvm::is_contained(indexBatched, vectorDim))
      return failure();

    Location loc = scatter.getLoc();
    SmallVector<int64_t> batchShape;
    for (int64_t d : batched)
      batchShape.push_back(type.getDimSize(d));
    Type indexElement = indicesType.getElementType();
    auto spread = [&](Value value, Type element) -> Value {
      auto flat = RankedTensorType::get(batchShape, element);
      Value reshaped = ReshapeOp::create(rewriter, loc, flat, value);
      return BroadcastInDimOp::create(rewriter, loc, type.clone(element),
                                      reshaped, batched);
    };
    Value index = spread(scatter.getScatterIndices(), indexElement);
    Value position =
        IotaOp::create(rewriter, loc, type.clone(indexElement), dimension);
    Value hit =
        CompareOp::create(rewriter, loc, CompareDirection::Eq, position, index);
    Value update = spread(scatter.getUpdates(), type.getElementType());
    Value input = scatter.getInput();
    if (!scatter.getCombiner()) {
      rewriter.replaceOpWithNewOp<SelectOp>(scatter, type, hit, update, input);
      return success();
    }
    Attribute zero = rewriter.getZeroAttr(type.getElementType());
    if (!zero)
      return failure();
    Value zeros =
        ConstantOp::create(rewriter, loc, DenseElementsAttr::get(type, zero));
    Value onehot = SelectOp::create(rewriter, loc, type, hit, update, zeros);
    if (isZeroSplat(input)) {
      rewriter.replaceOp(scatter, onehot);
      return success();
    }
    rewriter.replaceOpWithNewOp<BinaryOp>(scatter, BinaryFn::Add, input,
                                          onehot);
    return success();
  }
};

} // namespace

void ScatterOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                            MLIRContext *context) {
  patterns.add<OneHotScatter>(context);
}

void PadOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                        MLIRContext *context) {
  patterns.add<PadOfPad>(context);
}

void BinaryOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                           MLIRContext *context) {
  patterns.add<AddOfScatterIntoZeros>(context);
}
