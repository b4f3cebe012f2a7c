//===- Backend.h - Executing an artifact on a backend -----------*- C++ -*-===//
//
// A backend runs an artifact's steps for one or more training/inference
// steps and reports what it measured. The CPU backend (reference kernels
// standing in for kernels and library calls) is always built; the CUDA one
// where the CUDA toolkit is found.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_BACKEND_H
#define STRATA_RUNTIME_BACKEND_H

#include "strata-runtime/Artifact.h"

#include <memory>
#include <string>
#include <tuple>
#include <vector>

namespace strata::rt {

struct RunOptions {
  /// Steps to time after `warmupSteps` untimed ones. The outputs returned
  /// are those of the last step.
  int64_t steps = 1;
  int64_t warmupSteps = 0;
  /// Capture a steady-state step as a CUDA graph when the plan allows it.
  bool useGraphs = true;
  /// Print progress on stderr.
  bool verbose = false;
};

/// What a run measured; backends fill what they can and leave the rest 0.
struct RunReport {
  std::string backend;
  std::string device;
  int64_t steps = 0;
  /// Per timed step, in seconds.
  std::vector<double> stepSeconds;
  double medianStepSeconds = 0;
  /// Arena bytes per tier as allocated, library workspaces, and the device
  /// memory the process took in all (from the driver).
  std::array<int64_t, 3> arenaBytes{0, 0, 0};
  int64_t workspaceBytes = 0;
  int64_t measuredPeakDeviceBytes = 0;
  /// Per copy direction ("h2d", "d2h"): bytes per step, and the achieved
  /// bandwidth in bytes/s over the copies' own durations.
  int64_t h2dBytes = 0, d2hBytes = 0;
  double h2dBandwidth = 0, d2hBandwidth = 0;
  /// Per step: time the compute stream waited on copies.
  double exposedCopySeconds = 0;
  /// Per step: time in generated kernels, in library calls, in copies.
  double kernelSeconds = 0, gemmSeconds = 0, copySeconds = 0;
  bool usedGraphs = false;
  /// From the profiled step: every timed operation on any stream (kernels,
  /// library calls, copies, and the compute stream's waits on copies), as
  /// (plan step index, start from the step's start, seconds). A wait's
  /// seconds are the time the compute stream stalled there.
  std::vector<std::tuple<int64_t, double, double>> timeline;

  nlohmann::json toJson() const;
};

class Backend {
public:
  virtual ~Backend() = default;
  virtual std::string name() const = 0;
  /// Runs the artifact loaded from `dir` on `inputs` (one per artifact
  /// input, in order, with its dtype and shape) and returns its outputs.
  virtual StatusOr<std::vector<HostTensor>>
  run(const Artifact &artifact, const std::string &dir,
      const std::vector<HostTensor> &inputs, const RunOptions &options,
      RunReport &report) = 0;
};

/// The reference backend.
std::unique_ptr<Backend> createCpuBackend();
/// The CUDA backend, or an error saying why there is none (not built with
/// CUDA, no GPU visible).
StatusOr<std::unique_ptr<Backend>> createCudaBackend();

/// Measures the GPU (HBM and PCIe bandwidths, matrix-product throughput,
/// launch overhead) and returns a machine profile in the format of
/// machines/*.json; an error where CUDA is not built or no GPU is visible.
StatusOr<nlohmann::json> calibrateCudaMachine();

/// strata-run's handling of an artifact directory, shared by the tool in
/// the full build and the runtime-only build.
struct ArtifactCommand {
  std::string backend = "cpu";
  std::string artifactDir;
  std::string inputsDir;  // argI.npy; empty: zeros (timing runs).
  std::string outputsDir; // resultI.npy; empty: not written.
  std::string expectDir;  // resultI.npy to compare with; empty: none.
  double rtol = 1e-5;
  std::string reportPath; // run.json; empty: none.
  /// Instead of running an artifact: measure the GPU and write a machine
  /// profile here.
  std::string calibratePath;
  RunOptions run;
};
/// Returns the process exit code; prints errors on stderr.
int runArtifactCommand(const ArtifactCommand &command);

} // namespace strata::rt

#endif // STRATA_RUNTIME_BACKEND_H
