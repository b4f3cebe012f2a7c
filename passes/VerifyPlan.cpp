//===- VerifyPlan.cpp - Check a materialized memory plan ------------------===//

#include "passes/MemoryTimeline.h"
#include "passes/Passes.h"
#include "passes/planner/ByteSize.h"
#include "passes/planner/PlanAttributes.h"

#include "dialects/strata/StrataOps.h"

namespace mlir::strata {
#define GEN_PASS_DEF_VERIFYPLANPASS
#include "passes/Passes.h.inc"
} // namespace mlir::strata

using namespace mlir;
using namespace mlir::strata;

namespace {

struct VerifyPlanPass
    : public strata::impl::VerifyPlanPassBase<VerifyPlanPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    Block &body = func.getBody().front();
    DenseMap<Operation *, unsigned> stepOf;
    for (Operation &op : body)
      stepOf[&op] = stepOf.size();
    auto stepOfUse = [&](Operation *user) -> unsigned {
      Operation *ancestor = body.findAncestorOpInBlock(*user);
      return ancestor ? stepOf.lookup(ancestor) : 0;
    };
    // The first step, after `after`, that waits on `token`; none: ~0u.
    auto waitAfter = [&](Value token, unsigned after) {
      unsigned first = ~0u;
      for (Operation *user : token.getUsers())
        if (isa<WaitOp>(user) && user->getBlock() == &body &&
            stepOf.lookup(user) > after)
          first = std::min(first, stepOf.lookup(user));
      return first;
    };
    bool failed = false;
    auto error = [&](Operation *op) {
      failed = true;
      return op->emitError();
    };

    for (Operation &op : body) {
      unsigned step = stepOf.lookup(&op);
      if (auto free = dyn_cast<FreeOp>(op)) {
        Value value = free.getOperand();
        for (OpOperand &use : value.getUses()) {
          Operation *user = use.getOwner();
          if (user == &op)
            continue;
          unsigned at = stepOfUse(user);
          if (at > step) {
            InFlightDiagnostic diag = error(user);
            if (isa<FreeOp>(user))
              diag << "frees a tensor that step " << step
                   << " already freed";
            else
              diag << "uses a tensor that step " << step << " freed";
          }
        }
        for (Operation *user : value.getUsers())
          if (auto offload = dyn_cast<OffloadOp>(user))
            if (stepOf.lookup(user) < step &&
                waitAfter(offload.getDone(), stepOf.lookup(user)) > step)
              error(&op) << "frees a tensor before waiting for its offload "
                            "copy to finish";
      } else if (auto prefetch = dyn_cast<PrefetchOp>(op)) {
        unsigned ready = waitAfter(prefetch.getDone(), step);
        for (Operation *user : prefetch.getResult().getUsers())
          if (stepOfUse(user) <= ready || ready == ~0u)
            error(user) << "uses a prefetched tensor before a strata.wait "
                           "on its token";
        if (auto offload = prefetch.getOperand().getDefiningOp<OffloadOp>())
          if (waitAfter(offload.getDone(), stepOf.lookup(offload)) > step)
            error(&op) << "prefetches a host copy before waiting for its "
                          "offload to finish";
      }
    }

    auto budget = func->getAttrOfType<IntegerAttr>(
        planner::kBudgetAttrName);
    if (budget) {
      MemoryTimeline timeline =
          computeMemoryTimeline(body, [&](unsigned index) {
            return isDonatedArgument(func, index);
          });
      for (auto [step, bytes] : llvm::enumerate(timeline.liveBytes)) {
        int64_t hbm = bytes[static_cast<unsigned>(Tier::Hbm)];
        if (hbm > budget.getInt()) {
          error(timeline.ops[step])
              << "holds " << hbm << " bytes (" << formatByteSize(hbm)
              << ") of live HBM, over the plan's budget of "
              << budget.getInt() << " bytes ("
              << formatByteSize(budget.getInt()) << ")";
          break;
        }
      }
    }
    if (failed)
      signalPassFailure();
  }
};

} // namespace
