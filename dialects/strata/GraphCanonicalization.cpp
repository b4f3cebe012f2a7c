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

} // namespace

void BinaryOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                           MLIRContext *context) {
  patterns.add<AddOfScatterIntoZeros>(context);
}
