//===- PadContractions.cpp - Tensor-core friendly matrix product shapes ---===//

#include "passes/Passes.h"

#include "dialects/strata/StrataOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"

#include <map>
#include <tuple>
#include <vector>

namespace mlir::strata {
#define GEN_PASS_DEF_PADCONTRACTIONSPASS
#include "passes/Passes.h.inc"
} // namespace mlir::strata

using namespace mlir;
using namespace mlir::strata;

namespace {

struct PadContractionsPass
    : public strata::impl::PadContractionsPassBase<PadContractionsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (multiple < 1) {
      getOperation().emitError()
          << "strata-pad-contractions: multiple must be positive, not "
          << multiple;
      return signalPassFailure();
    }
    SmallVector<DotOp> dots;
    getOperation().walk([&](DotOp dot) { dots.push_back(dot); });
    for (DotOp dot : dots)
      pad(dot);
  }

  int64_t shortfall(int64_t size) const {
    return (multiple - size % multiple) % multiple;
  }

  void pad(DotOp dot) {
    auto lhsType = cast<RankedTensorType>(dot.getLhs().getType());
    auto rhsType = cast<RankedTensorType>(dot.getRhs().getType());
    auto resultType = cast<RankedTensorType>(dot.getType());
    if (!isa<FloatType>(lhsType.getElementType()) ||
        !isa<FloatType>(rhsType.getElementType()) || lhsType.getRank() == 0 ||
        rhsType.getRank() == 0 || resultType.getRank() == 0)
      return;
    SmallVector<int64_t> lhsHigh(lhsType.getRank(), 0);
    SmallVector<int64_t> rhsHigh(rhsType.getRank(), 0);
    ArrayRef<int64_t> lhsContracting = dot.getLhsContractingDimensions();
    ArrayRef<int64_t> rhsContracting = dot.getRhsContractingDimensions();

    // Pads dimension `dim` of one operand (`mine`), and the matching
    // contracting dimension of the other (`theirs`) when it contracts.
    auto padInnermost = [&](int64_t dim, RankedTensorType type,
                            ArrayRef<int64_t> myBatching,
                            ArrayRef<int64_t> myContracting,
                            ArrayRef<int64_t> theirContracting,
                            SmallVector<int64_t> &mine,
                            SmallVector<int64_t> &theirs) {
      int64_t extra = shortfall(type.getDimSize(dim));
      if (extra == 0 || llvm::is_contained(myBatching, dim))
        return;
      const auto *it = llvm::find(myContracting, dim);
      if (it != myContracting.end()) {
        int64_t other = theirContracting[it - myContracting.begin()];
        theirs[other] = std::max(theirs[other], extra);
      }
      mine[dim] = std::max(mine[dim], extra);
    };
    padInnermost(lhsType.getRank() - 1, lhsType,
                 dot.getLhsBatchingDimensions(), lhsContracting,
                 rhsContracting, lhsHigh, rhsHigh);
    padInnermost(rhsType.getRank() - 1, rhsType,
                 dot.getRhsBatchingDimensions(), rhsContracting,
                 lhsContracting, rhsHigh, lhsHigh);
    // The result's innermost dimension is the last free dimension of the
    // rhs, or of the lhs when the rhs has none.
    auto lastFree = [](RankedTensorType type, ArrayRef<int64_t> batching,
                       ArrayRef<int64_t> contracting) -> int64_t {
      for (int64_t d = type.getRank() - 1; d >= 0; --d)
        if (!llvm::is_contained(batching, d) &&
            !llvm::is_contained(contracting, d))
          return d;
      return -1;
    };
    if (int64_t d = lastFree(rhsType, dot.getRhsBatchingDimensions(),
                             rhsContracting);
        d >= 0)
      rhsHigh[d] = std::max(rhsHigh[d], shortfall(rhsType.getDimSize(d)));
    else if (int64_t d = lastFree(lhsType, dot.getLhsBatchingDimensions(),
                                  lhsContracting);
             d >= 0)
      lhsHigh[d] = std::max(lhsHigh[d], shortfall(lhsType.getDimSize(d)));
    if (llvm::all_of(lhsHigh, [](int64_t v) { return v == 0; }) &&
        llvm::all_of(rhsHigh, [](int64_t v) { return v == 0; }))
      return;

    OpBuilder builder(dot);
    Value lhs = padded(builder, dot.getLhs(), lhsHigh);
    Value rhs = padded(builder, dot.getRhs(), rhsHigh);
    FailureOr<SmallVector<int64_t>> shape = DotOp::inferResultShape(
        cast<RankedTensorType>(lhs.getType()).getShape(),
        cast<RankedTensorType>(rhs.getType()).getShape(),
        dot.getLhsBatchingDimensions(), dot.getRhsBatchingDimensions(),
        lhsContracting, rhsContracting, [&] { return dot.emitOpError(); });
    if (failed(shape))
      return signalPassFailure();
    auto wideType = RankedTensorType::get(*shape, resultType.getElementType());
    auto wide = DotOp::create(builder, dot.getLoc(), wideType, lhs, rhs,
                              dot.getLhsBatchingDimensions(),
                              dot.getRhsBatchingDimensions(), lhsContracting,
                              rhsContracting);
    Value result = wide.getResult();
    if (wideType != resultType) {
      SmallVector<int64_t> zeros(resultType.getRank(), 0);
      SmallVector<int64_t> ones(resultType.getRank(), 1);
      result = SliceOp::create(builder, dot.getLoc(), result, zeros,
                               resultType.getShape(), ones);
    }
    dot.replaceAllUsesWith(result);
    dot.erase();
    ++numPadded;
  }

  /// `value` padded at the end of each dimension by `high`, with zeros;
  /// one pad per value and amounts, made before the first product that
  /// needs it (the walk visits products in order), so that the padded copy
  /// is not held any longer than the products need it.
  Value padded(OpBuilder &builder, Value value, ArrayRef<int64_t> high) {
    if (llvm::all_of(high, [](int64_t v) { return v == 0; }))
      return value;
    auto key = std::make_tuple(value.getAsOpaquePointer(),
                               builder.getInsertionBlock(),
                               std::vector<int64_t>(high.begin(), high.end()));
    auto it = pads.find(key);
    if (it != pads.end())
      return it->second;
    auto type = cast<RankedTensorType>(value.getType());
    Location loc = value.getLoc();
    auto scalarType = RankedTensorType::get({}, type.getElementType());
    Value zero = ConstantOp::create(
        builder, loc,
        DenseElementsAttr::get(scalarType,
                               builder.getZeroAttr(type.getElementType())));
    SmallVector<int64_t> zeros(type.getRank(), 0);
    Value result = PadOp::create(builder, loc, value, zero, zeros, high, zeros);
    pads[key] = result;
    return result;
  }

  /// Pads made so far, by value, block and amounts.
  std::map<std::tuple<const void *, Block *, std::vector<int64_t>>, Value>
      pads;
};

} // namespace
