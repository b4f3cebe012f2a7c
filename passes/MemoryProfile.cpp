//===- MemoryProfile.cpp - Peak live bytes of each function ---------------===//

#include "passes/MemoryTimeline.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::strata {
#define GEN_PASS_DEF_MEMORYPROFILEPASS
#include "passes/Passes.h.inc"
} // namespace mlir::strata

using namespace mlir;
using namespace mlir::strata;

/// "1.50 MiB (1572864 bytes)".
static std::string formatBytes(int64_t bytes) {
  static const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double scaled = bytes;
  unsigned unit = 0;
  while (scaled >= 1024 && unit + 1 < std::size(units)) {
    scaled /= 1024;
    ++unit;
  }
  return llvm::formatv("{0:F2} {1} ({2} bytes)", scaled, units[unit], bytes);
}

/// How a remark names a value: an argument by number, a result by its
/// producer and that producer's location.
static std::string describe(Value value) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (auto argument = dyn_cast<BlockArgument>(value)) {
    os << "argument " << argument.getArgNumber();
  } else {
    Operation *producer = value.getDefiningOp();
    os << "result " << cast<OpResult>(value).getResultNumber() << " of '"
       << producer->getName() << "' at " << producer->getLoc();
  }
  os << " (" << value.getType() << ")";
  return text;
}

namespace {

struct MemoryProfilePass
    : public strata::impl::MemoryProfilePassBase<MemoryProfilePass> {
  using Base::Base;

  void runOnOperation() override {
    getOperation().walk([&](func::FuncOp func) {
      if (func.isExternal())
        return;
      profile(func);
    });
  }

  void profile(func::FuncOp func) {
    ++numFunctions;
    MemoryTimeline timeline =
        computeMemoryTimeline(func.getBody().front(), [&](unsigned index) {
          return isDonatedArgument(func, index);
        });
    Builder builder(func.getContext());
    auto [peakStep, peakBytes] = timeline.peak(Tier::Hbm);
    func->setAttr("strata.peak_bytes", builder.getI64IntegerAttr(peakBytes));
    func->setAttr("strata.peak_index", builder.getI64IntegerAttr(peakStep));
    for (auto [tier, name] :
         {std::pair{Tier::Host, "strata.host_peak_bytes"},
          std::pair{Tier::Nvme, "strata.nvme_peak_bytes"}}) {
      int64_t bytes = timeline.peak(tier).second;
      if (bytes > 0)
        func->setAttr(name, builder.getI64IntegerAttr(bytes));
      else
        func->removeAttr(name);
    }
    largestPeak = std::max<uint64_t>(largestPeak, peakBytes);

    if (!remarks || timeline.ops.empty())
      return;
    Operation *peakOp = timeline.ops[peakStep];
    InFlightDiagnostic remark = peakOp->emitRemark()
                                << "peak live HBM in '" << func.getSymName()
                                << "': " << formatBytes(peakBytes) << " at op "
                                << peakStep << " of " << timeline.ops.size()
                                << " ('" << peakOp->getName() << "')";
    unsigned shown = 0;
    for (const LiveInterval *interval : timeline.liveAt(peakStep)) {
      if (interval->tier != Tier::Hbm)
        continue;
      if (shown++ == top)
        break;
      remark << "\n  " << formatBytes(interval->bytes) << ": "
             << describe(interval->value);
    }
  }
};

} // namespace
