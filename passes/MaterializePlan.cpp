//===- MaterializePlan.cpp - Write a memory plan as memory ops ------------===//

#include "passes/Passes.h"
#include "passes/planner/PlanAttributes.h"

#include "dialects/strata/StrataOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::strata {
#define GEN_PASS_DEF_MATERIALIZEPLANPASS
#include "passes/Passes.h.inc"
} // namespace mlir::strata

using namespace mlir;
using namespace mlir::strata;
using namespace mlir::strata::planner;

namespace {

/// The state of one planned tensor while the body is rewritten.
struct Tracked {
  const TensorDecision *decision;
  /// The value that holds it now in HBM; null while it is not there.
  Value current;
  Value host, offloadDone;
  bool offloadWaited = false;
  Value pending, pendingDone;
  /// The step whose recomputation rebuilt it only for its own use.
  int64_t internalAt = -1;
};

/// Where a point of a tracked tensor falls in the walk.
struct PointRef {
  Tracked *tracked;
  size_t index;
};

struct MaterializePlanPass
    : public strata::impl::MaterializePlanPassBase<MaterializePlanPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    FailureOr<std::vector<TensorDecision>> decisions = readPlan(func);
    if (failed(decisions))
      return signalPassFailure();
    if (failed(materialize(func, *decisions)))
      return signalPassFailure();
    func->removeAttr(kMemoryPlanAttrName);
  }

  LogicalResult materialize(func::FuncOp func,
                            ArrayRef<TensorDecision> decisions) {
    Block &body = func.getBody().front();
    SmallVector<Operation *> steps;
    for (Operation &op : body)
      steps.push_back(&op);
    std::vector<Tracked> tracked(decisions.size());
    // Every value that has held a tracked tensor, the original and each
    // restored copy: the ops cloned into a recompute body read whichever
    // copy their step read, and must read the current one instead.
    DenseMap<Value, Tracked *> trackedOf;
    std::vector<SmallVector<PointRef>> pointsAt(steps.size());
    std::vector<SmallVector<PointRef>> prefetchesFrom(steps.size());
    for (auto [index, decision] : llvm::enumerate(decisions)) {
      Tracked &t = tracked[index];
      t.decision = &decision;
      t.current = decision.value;
      trackedOf[decision.value] = &t;
      for (size_t k = 0; k < decision.points.size(); ++k) {
        pointsAt[decision.points[k]].push_back({&t, k});
        if (decision.restore[k] != 0 && !decision.present[k])
          return func.emitError()
                 << "memory plan restores a tensor at step "
                 << decision.points[k] << " where it is absent";
        if (decision.restore[k] == 2) {
          int64_t from = decision.prefetchFrom[k];
          if (from < 0 || from > decision.points[k])
            return func.emitError()
                   << "memory plan prefetches before step "
                   << decision.points[k] << " from step " << from;
          prefetchesFrom[from].push_back({&t, k});
        }
      }
    }
    auto hasPrefetch = [](const TensorDecision &decision) {
      return llvm::is_contained(decision.restore, 2);
    };
    auto presentLater = [](const TensorDecision &decision, size_t k) {
      for (size_t j = k + 1; j < decision.present.size(); ++j)
        if (decision.present[j])
          return true;
      return false;
    };

    OpBuilder builder(func.getContext());
    Location loc = func.getLoc();
    auto offload = [&](Tracked &t) {
      auto copy = OffloadOp::create(builder, loc, t.current, Tier::Host);
      t.host = copy.getResult();
      t.offloadDone = copy.getDone();
    };
    builder.setInsertionPointToStart(&body);
    for (Tracked &t : tracked)
      if (t.decision->producerStep == -1 && t.decision->offload &&
          hasPrefetch(*t.decision))
        offload(t);

    for (auto [step, op] : llvm::enumerate(steps)) {
      loc = op->getLoc();
      builder.setInsertionPoint(op);
      for (PointRef ref : prefetchesFrom[step]) {
        Tracked &t = *ref.tracked;
        if (!t.host)
          return op->emitError()
                 << "memory plan prefetches a tensor that was never offloaded";
        if (t.pending)
          return op->emitError() << "memory plan starts a prefetch while "
                                    "another of the same tensor is in flight";
        auto copy = PrefetchOp::create(builder, loc, t.host);
        t.pending = copy.getResult();
        t.pendingDone = copy.getDone();
      }
      SmallVector<PointRef> recomputed;
      for (PointRef ref : pointsAt[step]) {
        Tracked &t = *ref.tracked;
        int64_t restore = t.decision->restore[ref.index];
        if (!t.decision->present[ref.index] || restore == 0)
          continue;
        if (restore == 1) {
          recomputed.push_back(ref);
          continue;
        }
        if (!t.pending)
          return op->emitError() << "memory plan waits for a prefetch that "
                                    "was never started";
        WaitOp::create(builder, loc, ValueRange{t.pendingDone});
        t.current = t.pending;
        trackedOf[t.current] = &t;
        t.pending = t.pendingDone = nullptr;
      }
      if (!recomputed.empty() &&
          failed(buildRecompute(builder, op, step, recomputed, trackedOf)))
        return failure();

      // The step reads the current copies.
      bool missing = false;
      op->walk([&](Operation *nested) {
        for (OpOperand &operand : nested->getOpOperands()) {
          auto it = trackedOf.find(operand.get());
          if (it == trackedOf.end())
            continue;
          if (!it->second->current) {
            nested->emitError()
                << "memory plan has this tensor out of HBM at step " << step;
            missing = true;
            continue;
          }
          operand.set(it->second->current);
        }
      });
      if (missing)
        return failure();

      builder.setInsertionPointAfter(op);
      for (Value result : op->getResults()) {
        auto it = trackedOf.find(result);
        if (it != trackedOf.end() && it->second->decision->offload &&
            hasPrefetch(*it->second->decision))
          offload(*it->second);
      }
      for (PointRef ref : pointsAt[step]) {
        Tracked &t = *ref.tracked;
        const TensorDecision &decision = *t.decision;
        size_t k = ref.index;
        if (!decision.present[k] || k + 1 >= decision.present.size() ||
            decision.kept[k] || !presentLater(decision, k) ||
            t.internalAt == static_cast<int64_t>(step) || !t.current)
          continue;
        if (t.offloadDone && !t.offloadWaited) {
          WaitOp::create(builder, loc, ValueRange{t.offloadDone});
          t.offloadWaited = true;
        }
        FreeOp::create(builder, loc, t.current);
        t.current = nullptr;
      }
    }
    return success();
  }

  /// Emits, before `op`, one strata.recompute that rebuilds the tensors of
  /// `refs` from what is in HBM, and points them at its results.
  LogicalResult buildRecompute(OpBuilder &builder, Operation *op,
                               size_t step, ArrayRef<PointRef> refs,
                               DenseMap<Value, Tracked *> &trackedOf) {
    llvm::SetVector<Operation *> producers;
    SmallVector<PointRef> ordered(refs);
    llvm::sort(ordered, [](PointRef a, PointRef b) {
      Operation *pa = a.tracked->decision->value.getDefiningOp();
      Operation *pb = b.tracked->decision->value.getDefiningOp();
      if (pa != pb)
        return pa->isBeforeInBlock(pb);
      return cast<OpResult>(a.tracked->decision->value).getResultNumber() <
             cast<OpResult>(b.tracked->decision->value).getResultNumber();
    });
    for (PointRef ref : ordered) {
      Operation *producer = ref.tracked->decision->value.getDefiningOp();
      if (!producer)
        return op->emitError() << "memory plan recomputes a function argument";
      producers.insert(producer);
    }
    // What the cloned producers read from outside the chain, and the copy
    // of it in HBM now, which the recompute takes as an input.
    llvm::MapVector<Value, Value> outsideReads;
    for (Operation *producer : producers)
      for (Value operand : producer->getOperands()) {
        if (producers.contains(operand.getDefiningOp()))
          continue;
        auto it = trackedOf.find(operand);
        Value current = it == trackedOf.end() ? operand : it->second->current;
        if (!current)
          return op->emitError()
                 << "memory plan recomputes at step " << step
                 << " from a tensor that is not in HBM there";
        outsideReads[operand] = current;
      }
    llvm::SetVector<Value> inputs;
    for (auto &[operand, current] : outsideReads)
      inputs.insert(current);
    SmallVector<Value> yielded;
    SmallVector<Tracked *> restored;
    for (PointRef ref : ordered) {
      const TensorDecision &decision = *ref.tracked->decision;
      size_t k = ref.index;
      bool keptAfter = k < decision.kept.size() && decision.kept[k];
      bool usedHere = llvm::any_of(decision.value.getUsers(), [&](Operation *u) {
        return op == u || op->isAncestor(u);
      });
      if (keptAfter || usedHere) {
        yielded.push_back(decision.value);
        restored.push_back(ref.tracked);
      } else {
        ref.tracked->internalAt = step;
      }
    }
    SmallVector<Type> types;
    for (Value value : yielded)
      types.push_back(value.getType());
    auto recompute =
        RecomputeOp::create(builder, op->getLoc(), types, inputs.getArrayRef());
    Block &body = recompute.getBody().front();
    IRMapping mapping;
    for (auto &[operand, current] : outsideReads)
      mapping.map(operand,
                  body.getArgument(llvm::find(inputs, current) - inputs.begin()));
    OpBuilder bodyBuilder = OpBuilder::atBlockBegin(&body);
    for (Operation *producer : producers)
      bodyBuilder.clone(*producer, mapping);
    SmallVector<Value> bodyResults;
    for (Value value : yielded)
      bodyResults.push_back(mapping.lookup(value));
    YieldOp::create(bodyBuilder, op->getLoc(), bodyResults);
    for (auto [t, result] : llvm::zip(restored, recompute.getResults())) {
      t->current = result;
      trackedOf[result] = t;
    }
    return success();
  }
};

} // namespace
