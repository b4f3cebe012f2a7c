//===- CostModel.h - Predicted time of ops and transfers on a machine -----===//
//
// The one place where work becomes time. Every pass that needs a time (the
// cost annotation, fusion, the planner) asks this model, so calibrating the
// machine profile changes all of them at once.

#ifndef STRATA_PASSES_COSTMODEL_H
#define STRATA_PASSES_COSTMODEL_H

#include "dialects/strata/StrataDialect.h"
#include "dialects/strata/StrataInterfaces.h"

namespace mlir::strata {

class CostModel {
public:
  explicit CostModel(MachineAttr machine) : machine(machine) {}

  MachineAttr getMachine() const { return machine; }

  /// max(flops / peak, bytes moved / HBM bandwidth) + launch overhead; zero
  /// for work that neither computes nor moves bytes (nothing is launched).
  double seconds(const OpCost &cost) const;

  /// The op's time through the cost interface; 0 for ops without it.
  double seconds(Operation *op) const;

  /// Time to copy `bytes` from one tier to another over their link; +inf
  /// when the machine has no such link.
  double transferSeconds(int64_t bytes, Tier from, Tier to) const;

  /// Peak operations per second for the unit and element type; falls back
  /// to the f32 rate when the machine lists no rate for the type.
  double peakFlopsPerSecond(ComputeUnit unit, Type elementType) const;

  double launchSeconds() const { return machine.getLaunchOverheadNs() * 1e-9; }

private:
  MachineAttr machine;
};

} // namespace mlir::strata

#endif // STRATA_PASSES_COSTMODEL_H
