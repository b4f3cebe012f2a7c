//===- RunReport.cpp - What a backend measured, as JSON -------------------===//

#include "strata-runtime/Backend.h"

namespace strata::rt {

nlohmann::json RunReport::toJson() const {
  nlohmann::json arenas = nlohmann::json::object();
  for (Tier tier : {Tier::Hbm, Tier::Host, Tier::Nvme})
    arenas[tierName(tier)] = arenaBytes[static_cast<size_t>(tier)];
  return {{"backend", backend},
          {"device", device},
          {"steps", steps},
          {"step_seconds", stepSeconds},
          {"median_step_seconds", medianStepSeconds},
          {"arena_bytes", std::move(arenas)},
          {"workspace_bytes", workspaceBytes},
          {"measured_peak_device_bytes", measuredPeakDeviceBytes},
          {"h2d_bytes", h2dBytes},
          {"d2h_bytes", d2hBytes},
          {"h2d_bandwidth", h2dBandwidth},
          {"d2h_bandwidth", d2hBandwidth},
          {"exposed_copy_seconds", exposedCopySeconds},
          {"kernel_seconds", kernelSeconds},
          {"gemm_seconds", gemmSeconds},
          {"copy_seconds", copySeconds},
          {"used_graphs", usedGraphs},
          {"timeline", timeline}};
}

} // namespace strata::rt
