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
      auto rewritten = rewriter.create<ScatterOp>(
          scatter.getLoc(), TypeRange{scatter.getType()},
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

} // namespace

void PadOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                        MLIRContext *context) {
  patterns.add<PadOfPad>(context);
}

void BinaryOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                           MLIRContext *context) {
  patterns.add<AddOfScatterIntoZeros>(context);
}
