//===- CostModel.cpp - Predicted time of ops and transfers on a machine ---===//

#include "passes/CostModel.h"

#include "mlir/IR/Builders.h"

#include <algorithm>
#include <limits>

using namespace mlir;
using namespace mlir::strata;

double CostModel::peakFlopsPerSecond(ComputeUnit unit, Type elementType) const {
  auto rateFor = [&](ComputePeakAttr peak) -> double {
    if (!peak)
      return 0;
    int64_t rate =
        unit == ComputeUnit::Matrix ? peak.getMatrix() : peak.getVector();
    // No matrix unit for the type: the work runs on the vector units.
    if (rate == 0 && unit == ComputeUnit::Matrix)
      rate = peak.getVector();
    return static_cast<double>(rate);
  };
  double rate = elementType ? rateFor(machine.getPeak(elementType)) : 0;
  if (rate == 0)
    rate = rateFor(machine.getPeak(Float32Type::get(machine.getContext())));
  return rate;
}

double CostModel::seconds(const OpCost &cost) const {
  if (cost.flops == 0 && cost.bytesMoved() == 0)
    return 0;
  double computeTime = 0;
  if (cost.flops > 0) {
    double peak = peakFlopsPerSecond(cost.unit, cost.computeType);
    computeTime =
        peak > 0 ? cost.flops / peak : std::numeric_limits<double>::infinity();
  }
  double memoryTime = static_cast<double>(cost.bytesMoved()) /
                      machine.getTier(Tier::Hbm).getBandwidth();
  return std::max(computeTime, memoryTime) + launchSeconds();
}

double CostModel::seconds(Operation *op) const {
  if (auto costed = dyn_cast<CostOpInterface>(op))
    return seconds(costed.getCost());
  return 0;
}

double CostModel::transferSeconds(int64_t bytes, Tier from, Tier to) const {
  if (from == to || bytes == 0)
    return 0;
  LinkAttr link = machine.getLink(from, to);
  if (!link)
    return std::numeric_limits<double>::infinity();
  return static_cast<double>(bytes) / link.getBandwidth();
}
