//===- RebuildSoftmaxExponentials.cpp - A softmax keeps one big tensor ----===//

#include "passes/Passes.h"

#include "dialects/strata/StrataOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"

#include <optional>

namespace mlir::strata {
#define GEN_PASS_DEF_REBUILDSOFTMAXEXPONENTIALSPASS
#include "passes/Passes.h.inc"
} // namespace mlir::strata

using namespace mlir;
using namespace mlir::strata;

namespace {

/// `value` as broadcasts of a smaller tensor: the first value up the chain
/// of `strata.broadcast_in_dim` ops that is not itself a broadcast, and the
/// chain from it to `value`, in order.
struct BroadcastChain {
  Value source;
  SmallVector<BroadcastInDimOp> broadcasts;
};

BroadcastChain broadcastChain(Value value) {
  BroadcastChain chain{value, {}};
  while (auto broadcast = chain.source.getDefiningOp<BroadcastInDimOp>()) {
    chain.broadcasts.push_back(broadcast);
    chain.source = broadcast.getOperand();
  }
  std::reverse(chain.broadcasts.begin(), chain.broadcasts.end());
  return chain;
}

/// Whether `chain` repeats a reduction of a `target`-shaped tensor over
/// `dim` along that dimension: the source has every dimension of `target`
/// but `dim`, and each of them lands where it came from.
bool broadcastsAlong(BroadcastChain chain, RankedTensorType target,
                     int64_t dim) {
  auto source = dyn_cast<RankedTensorType>(chain.source.getType());
  if (!source || source.getRank() + 1 != target.getRank() ||
      chain.broadcasts.empty() || chain.broadcasts.back().getType() != target)
    return false;
  for (int64_t i = 0; i < source.getRank(); ++i) {
    int64_t position = i;
    for (BroadcastInDimOp broadcast : chain.broadcasts)
      position = broadcast.getDimensions()[position];
    int64_t expected = i < dim ? i : i + 1;
    if (position != expected ||
        target.getDimSize(expected) != source.getDimSize(i))
      return false;
  }
  return true;
}

/// The dimension a one-dimension reduction with `fn` reduces, if `value` is
/// one over `operand`.
std::optional<int64_t> reducedDimension(Value value, ReduceFn fn,
                                        Value operand) {
  auto reduce = value.getDefiningOp<ReduceOp>();
  if (!reduce || reduce.getFn() != fn || reduce.getOperand() != operand ||
      reduce.getDimensions().size() != 1)
    return std::nullopt;
  return reduce.getDimensions().front();
}

bool isConstantLike(Value value) {
  return matchPattern(broadcastChain(value).source, m_Constant());
}

/// A softmax `p = e / broadcast(s)`, `s = sum(e, dim)`,
/// `e = exp(x - broadcast(m))` with `m` the maximum of `x` over `dim`,
/// possibly combined with a constant.
struct Softmax {
  Operation *exponentials;
  Operation *sums;
  BinaryOp probabilities;
  BroadcastChain sumBroadcast;
};

std::optional<Softmax> matchSoftmax(BinaryOp quotient) {
  if (quotient.getFn() != BinaryFn::Div ||
      !isa<FloatType>(quotient.getType().getElementType()))
    return std::nullopt;
  auto exp = quotient.getLhs().getDefiningOp<UnaryOp>();
  if (!exp || exp.getFn() != UnaryFn::Exp)
    return std::nullopt;
  auto type = cast<RankedTensorType>(quotient.getType());
  BroadcastChain sums = broadcastChain(quotient.getRhs());
  std::optional<int64_t> dim =
      reducedDimension(sums.source, ReduceFn::Add, exp.getResult());
  if (!dim || !broadcastsAlong(sums, type, *dim))
    return std::nullopt;

  // The exponent must have the row maximum subtracted, which keeps every
  // exponential in [0, 1] and the sum in [1, size of `dim`].
  auto shifted = exp.getOperand().getDefiningOp<BinaryOp>();
  if (!shifted || shifted.getFn() != BinaryFn::Sub)
    return std::nullopt;
  Value scores = shifted.getLhs();
  BroadcastChain maxima = broadcastChain(shifted.getRhs());
  if (!broadcastsAlong(maxima, type, *dim))
    return std::nullopt;
  Value maximum = maxima.source;
  if (auto combined = maximum.getDefiningOp<BinaryOp>();
      combined && combined.getFn() == BinaryFn::Max) {
    if (isConstantLike(combined.getLhs()))
      maximum = combined.getRhs();
    else if (isConstantLike(combined.getRhs()))
      maximum = combined.getLhs();
  }
  if (reducedDimension(maximum, ReduceFn::Max, scores) != dim)
    return std::nullopt;
  return Softmax{exp, sums.source.getDefiningOp(), quotient, sums};
}

struct RebuildSoftmaxExponentialsPass
    : public strata::impl::RebuildSoftmaxExponentialsPassBase<
          RebuildSoftmaxExponentialsPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<Softmax> softmaxes;
    getOperation().walk([&](BinaryOp quotient) {
      if (std::optional<Softmax> softmax = matchSoftmax(quotient))
        softmaxes.push_back(*softmax);
    });
    for (Softmax &softmax : softmaxes)
      rebuildLateUses(softmax);
  }

  /// The uses of the exponentials that come after the probabilities, in
  /// the probabilities' block.
  static SmallVector<OpOperand *> lateUses(Softmax softmax) {
    Operation *probabilities = softmax.probabilities;
    SmallVector<OpOperand *> uses;
    for (OpOperand &use : softmax.exponentials->getResult(0).getUses()) {
      Operation *user = use.getOwner();
      if (user == probabilities || user == softmax.sums ||
          user->getBlock() != probabilities->getBlock() ||
          !probabilities->isBeforeInBlock(user))
        continue;
      uses.push_back(&use);
    }
    return uses;
  }

  /// Whether, between the probabilities and the earlier of their last use
  /// and the exponentials' last late use, an op reads neither: only then
  /// are both tensors held at once for nothing.
  static bool bothHeldIdle(Softmax softmax) {
    Value exponentials = softmax.exponentials->getResult(0);
    Value probabilities = softmax.probabilities.getResult();
    auto lastUser = [&](Value value) {
      Operation *last = nullptr;
      for (Operation *user : value.getUsers())
        if (user->getBlock() == softmax.probabilities->getBlock() &&
            (!last || last->isBeforeInBlock(user)))
          last = user;
      return last;
    };
    Operation *lastProbabilityUser = lastUser(probabilities);
    Operation *lastExponentialUser = lastUser(exponentials);
    if (!lastProbabilityUser || !lastExponentialUser)
      return false;
    Operation *end = lastProbabilityUser->isBeforeInBlock(lastExponentialUser)
                         ? lastProbabilityUser
                         : lastExponentialUser;
    for (Operation *op = softmax.probabilities->getNextNode(); op && op != end;
         op = op->getNextNode()) {
      bool reads = llvm::any_of(op->getOperands(), [&](Value operand) {
        return operand == exponentials || operand == probabilities;
      });
      if (!reads)
        return true;
    }
    return false;
  }

  void rebuildLateUses(Softmax softmax) {
    SmallVector<OpOperand *> uses = lateUses(softmax);
    if (uses.empty() || !bothHeldIdle(softmax))
      return;
    for (OpOperand *use : uses) {
      Operation *user = use->getOwner();
      OpBuilder builder(user);
      // Each use gets its own broadcast and product, so that fusion folds
      // them into the consumer instead of writing the rebuilt tensor.
      Value sums = softmax.sumBroadcast.source;
      for (BroadcastInDimOp broadcast : softmax.sumBroadcast.broadcasts)
        sums = BroadcastInDimOp::create(builder, user->getLoc(),
                                        broadcast.getType(), sums,
                                        broadcast.getDimensions());
      Value rebuilt = BinaryOp::create(builder, user->getLoc(), BinaryFn::Mul,
                                       softmax.probabilities.getResult(), sums);
      use->set(rebuilt);
      ++numUsesRewritten;
    }
    ++numSoftmaxes;
  }
};

} // namespace
