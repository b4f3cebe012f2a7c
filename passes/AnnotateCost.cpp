//===- AnnotateCost.cpp - Attach predicted per-op cost --------------------===//

#include "passes/CostModel.h"
#include "passes/Passes.h"
#include "strata/MachineProfile.h"

#include "dialects/strata/StrataOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <cmath>

namespace mlir::strata {
#define GEN_PASS_DEF_ANNOTATECOSTPASS
#include "passes/Passes.h.inc"
} // namespace mlir::strata

using namespace mlir;
using namespace mlir::strata;

namespace {

struct AnnotateCostPass
    : public strata::impl::AnnotateCostPassBase<AnnotateCostPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<MachineAttr> machine = resolveMachine(module, machinePath);
    if (failed(machine))
      return signalPassFailure();
    module->setAttr(kMachineAttrName, *machine);
    CostModel model(*machine);
    MLIRContext *context = module.getContext();

    auto toNs = [](double seconds) {
      return static_cast<int64_t>(std::llround(seconds * 1e9));
    };
    double totalFlops = 0;
    module.walk([&](func::FuncOp func) {
      OpCost sum;
      int64_t sumNs = 0;
      func.walk([&](CostOpInterface op) {
        OpCost cost = op.getCost();
        int64_t ns = toNs(model.seconds(cost));
        op->setAttr("strata.cost",
                    CostAttr::get(context, cost.flops, cost.bytesRead,
                                  cost.bytesWritten, ns));
        sum.flops += cost.flops;
        sum.bytesRead += cost.bytesRead;
        sum.bytesWritten += cost.bytesWritten;
        sumNs += ns;
        ++numOpsCosted;
      });
      func->setAttr("strata.cost",
                    CostAttr::get(context, sum.flops, sum.bytesRead,
                                  sum.bytesWritten, sumNs));
      totalFlops += sum.flops;
    });
    totalGigaFlops += static_cast<uint64_t>(totalFlops / 1e9);
  }
};

} // namespace
