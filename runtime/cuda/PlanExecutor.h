//===- PlanExecutor.h - Issuing a plan's steps on three streams -*- C++ -*-===//
//
// Everything a step needs is resolved once, before the first step: kernel
// functions and their argument arrays, gemm plans, the operations of every
// copy, the addresses of every buffer. Issuing a training step is then a
// loop of launches, matmuls, copies, event records and waits on the compute,
// h2d and d2h streams, identical whether it runs on the streams or is
// captured into a CUDA graph.
//
// A step is bracketed on the compute stream: the copy streams first wait
// for the compute stream (so the step starts after the previous one and
// after the inputs' upload), and at the end the compute stream waits for
// both copy streams, so a step's end on the compute stream is the end of
// all its work.
//
// The profiled variant records timing events around every kernel, library
// call, copy and compute-stream wait, from which StepProfile derives where
// the step's time went.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_CUDA_PLANEXECUTOR_H
#define STRATA_RUNTIME_CUDA_PLANEXECUTOR_H

#include "CudaHandles.h"
#include "DeviceArenas.h"
#include "GemmRunner.h"
#include "KernelModules.h"
#include "Transfers.h"

#include "strata-runtime/Artifact.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

namespace strata::rt::cuda {

/// The compute, h2d and d2h streams, indexed by StreamKind.
using Streams = std::array<cudaStream_t, 3>;

/// Where one profiled step's time went, in seconds and bytes.
struct StepProfile {
  double stepSeconds = 0;
  double kernelSeconds = 0, gemmSeconds = 0, copySeconds = 0;
  /// Copies into HBM from host or NVMe, and out of HBM to them.
  int64_t h2dBytes = 0, d2hBytes = 0;
  double h2dSeconds = 0, d2hSeconds = 0;
  /// Time the compute stream spent waiting for the copy streams: at its
  /// Wait steps and at the step's final join.
  double computeWaitSeconds = 0;
  /// Kernel and library time on the compute stream.
  double computeBusySeconds = 0;
  /// Every timed operation: (plan step index, start, seconds).
  std::vector<std::tuple<int64_t, double, double>> timeline;
};

class PlanExecutor {
public:
  /// Resolves every step of `artifact`; errors name the step.
  static StatusOr<std::unique_ptr<PlanExecutor>>
  create(const Artifact &artifact, const DeviceArenas &arenas,
         const KernelModules &modules, GemmRunner &gemms,
         TransferPlanner &transfers, const Streams &streams);

  /// Issues one step; with `profile`, brackets every operation with timing
  /// events read back by collectProfile() once the step has finished.
  Status issueStep(bool profile);
  /// Precondition: a profiled step was issued and has completed.
  StatusOr<StepProfile> collectProfile() const;

  /// With STRATA_CUDA_SYNC_STEPS=1 every operation is followed by a
  /// synchronization, so that an asynchronous fault (an illegal address in a
  /// kernel) is reported against the step that caused it.
  /// Such synchronizations cannot be captured, so graphs are then off.
  bool synchronizesEachStep() const { return synchronizeEach; }

private:
  enum class Category : uint8_t { Kernel, Gemm, Copy, Wait, Other };

  /// One plan step, resolved.
  struct PreparedStep {
    size_t index = 0;
    ArtifactStep::Kind kind = ArtifactStep::Kind::Kernel;
    StreamKind stream = StreamKind::Compute;
    /// "step 12 (kernel fused_3 at loc)", for errors.
    std::string what;
    // Kernel: the CUdeviceptr of each arg, and the pointers to them that
    // cuLaunchKernel reads.
    const KernelFunction *kernel = nullptr;
    std::array<unsigned, 3> grid{1, 1, 1}, block{1, 1, 1};
    unsigned sharedBytes = 0;
    std::vector<CUdeviceptr> argValues;
    std::vector<void *> argPointers;
    // Gemm.
    const GemmPlan *gemm = nullptr;
    const void *a = nullptr, *b = nullptr;
    void *c = nullptr;
    // Copy and Constant.
    TransferPlan transfer;
    int64_t bytes = 0;
    bool intoHbm = false, outOfHbm = false;
    // Record and Wait.
    cudaEvent_t event = nullptr;
    /// Index into `timed` when the profiled step times this operation.
    int64_t timedSlot = -1;
  };

  /// Timing events around one operation of the profiled step.
  struct TimedOperation {
    size_t step = 0;
    Category category = Category::Other;
    Event start, stop;
  };

  PlanExecutor() = default;
  Status issue(const PreparedStep &step);
  cudaStream_t stream(StreamKind kind) const {
    return streams[static_cast<size_t>(kind)];
  }

  const DeviceArenas *arenas = nullptr;
  GemmRunner *gemms = nullptr;
  Streams streams{};
  std::vector<PreparedStep> steps;
  std::vector<Event> events;
  Event fork;
  std::array<Event, 2> joins;
  bool synchronizeEach = false;

  // Profiling: a start/stop pair per timed operation, plus the final join.
  std::vector<TimedOperation> timed;
  Event joinWaitStart, joinWaitStop, stepStart, stepStop;
  bool profiled = false;
};

} // namespace strata::rt::cuda

#endif // STRATA_RUNTIME_CUDA_PLANEXECUTOR_H
