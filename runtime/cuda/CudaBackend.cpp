//===- CudaBackend.cpp - Running an artifact on a GPU ---------------------===//
//
// A run: load the modules, allocate the arenas and the cuBLASLt workspace,
// resolve every step, then
//   1. `warmupSteps` untimed steps on the streams;
//   2. one profiled step on the streams (timing events around every
//      operation), for the report's breakdown of where time goes;
//   3. with useGraphs, capture one step into a CUDA graph (falling back to
//      the streams if anything in it cannot be captured);
//   4. `steps` timed steps, replaying the graph or issuing on the streams;
//   5. the outputs, downloaded after the last step.
// Every step begins by uploading the inputs into their buffers, because a
// plan may overwrite an input's buffer (donated arguments); the upload is
// outside the timed interval, which covers the step's own work only.
//
//===----------------------------------------------------------------------===//

#include "CudaCheck.h"
#include "CudaDevice.h"
#include "CudaHandles.h"
#include "DeviceArenas.h"
#include "GemmRunner.h"
#include "KernelModules.h"
#include "PlanExecutor.h"
#include "Transfers.h"

#include "strata-runtime/Backend.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace strata::rt {
namespace cuda {
namespace {

/// Tracks the least free device memory seen, for the measured peak.
class MemoryWatch {
public:
  Status start() {
    STRATA_RT_ASSIGN_OR_RETURN(MemoryInfo info,
                               queryDeviceMemory("before the run"));
    freeBefore = leastFree = info.freeBytes;
    return Status::success();
  }
  Status sample(const std::string &when) {
    STRATA_RT_ASSIGN_OR_RETURN(MemoryInfo info, queryDeviceMemory(when));
    leastFree = std::min(leastFree, info.freeBytes);
    return Status::success();
  }
  int64_t peakBytes() const { return freeBefore - leastFree; }

private:
  int64_t freeBefore = 0, leastFree = 0;
};

/// Input and output values staged in pinned memory, with the transfers
/// that move them to and from their buffers on the compute stream.
struct ValueStaging {
  PinnedMemory pinned;
  std::vector<std::byte *> hostCopies;
  std::vector<TransferPlan> transfers;
};

int64_t roundUp(int64_t value, int64_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

/// Everything one run allocates, released in reverse order. The device is
/// synchronized first so that no queued copy or host function outlives the
/// memory it uses, whatever error ended the run.
struct RunResources {
  std::array<Stream, 3> streams;
  std::unique_ptr<KernelModules> modules;
  std::unique_ptr<DeviceArenas> arenas;
  std::unique_ptr<GemmRunner> gemms;
  std::unique_ptr<TransferPlanner> transfers;
  std::unique_ptr<PlanExecutor> executor;
  ValueStaging inputs, outputs;
  Graph graph;
  GraphExec graphExec;
  std::vector<Event> stepStarts, stepStops;

  ~RunResources() { cudaDeviceSynchronize(); }

  Streams rawStreams() const {
    return {streams[0].get(), streams[1].get(), streams[2].get()};
  }
  cudaStream_t compute() const { return streams[0].get(); }
};

class CudaBackend final : public Backend {
public:
  explicit CudaBackend(DeviceInfo device) : device(std::move(device)) {}

  std::string name() const override { return "cuda"; }

  StatusOr<std::vector<HostTensor>> run(const Artifact &artifact,
                                        const std::string &dir,
                                        const std::vector<HostTensor> &inputs,
                                        const RunOptions &options,
                                        RunReport &report) override;

private:
  void log(const RunOptions &options, const std::string &message) const {
    if (options.verbose)
      std::cerr << "strata-run[cuda]: " << message << "\n";
  }
  Status stageInputs(const Artifact &artifact,
                     const std::vector<HostTensor> &inputs,
                     RunResources &run) const;
  Status stageOutputs(const Artifact &artifact, RunResources &run) const;
  Status uploadInputs(RunResources &run) const;
  Status finishSteps(RunResources &run, const std::string &when) const;
  /// Captures one step into run.graphExec; returns why not when it cannot.
  StatusOr<std::string> captureStep(RunResources &run) const;

  DeviceInfo device;
};

Status CudaBackend::stageInputs(const Artifact &artifact,
                                const std::vector<HostTensor> &inputs,
                                RunResources &run) const {
  if (inputs.size() != artifact.inputs.size())
    return makeError("the plan takes ", artifact.inputs.size(),
                     " inputs; the run was given ", inputs.size());
  int64_t total = 0;
  for (const HostTensor &input : inputs)
    total += roundUp(static_cast<int64_t>(input.sizeInBytes()), 256);
  STRATA_RT_ASSIGN_OR_RETURN(run.inputs.pinned,
                             allocatePinned(total, "staging the inputs"));
  int64_t offset = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const ArtifactValue &value = artifact.inputs[i];
    std::string what = "input " + std::to_string(i) + " ('" + value.name + "')";
    STRATA_RT_ASSIGN_OR_RETURN(Place dst,
                               run.arenas->place(value.buffer, what));
    const ArtifactBuffer &buffer = run.arenas->buffer(value.buffer);
    const HostTensor &input = inputs[i];
    if (input.dtype() != buffer.dtype || input.shape() != buffer.shape)
      return makeError(what, ": expected ", dtypeName(buffer.dtype),
                       formatShape(buffer.shape), ", got ", input.describe());
    int64_t bytes = static_cast<int64_t>(input.sizeInBytes());
    if (bytes > buffer.bytes)
      return makeError(what, ": ", bytes, " bytes do not fit its buffer of ",
                       buffer.bytes);
    Place src;
    src.tier = Tier::Host;
    src.ptr = run.inputs.pinned.data() + offset;
    if (bytes > 0)
      std::memcpy(src.ptr, input.rawData(), static_cast<size_t>(bytes));
    STRATA_RT_ASSIGN_OR_RETURN(
        TransferPlan upload,
        run.transfers->plan(src, dst, bytes, StreamKind::Compute,
                            "uploading " + what));
    run.inputs.transfers.push_back(std::move(upload));
    offset += roundUp(bytes, 256);
  }
  return Status::success();
}

Status CudaBackend::stageOutputs(const Artifact &artifact,
                                 RunResources &run) const {
  int64_t total = 0;
  for (const ArtifactValue &value : artifact.outputs) {
    STRATA_RT_ASSIGN_OR_RETURN(Place where,
                               run.arenas->place(value.buffer, "an output"));
    (void)where;
    total += roundUp(run.arenas->buffer(value.buffer).bytes, 256);
  }
  STRATA_RT_ASSIGN_OR_RETURN(run.outputs.pinned,
                             allocatePinned(total, "staging the outputs"));
  int64_t offset = 0;
  for (size_t i = 0; i < artifact.outputs.size(); ++i) {
    const ArtifactValue &value = artifact.outputs[i];
    std::string what =
        "output " + std::to_string(i) + " ('" + value.name + "')";
    STRATA_RT_ASSIGN_OR_RETURN(Place src,
                               run.arenas->place(value.buffer, what));
    int64_t bytes = run.arenas->buffer(value.buffer).bytes;
    Place dst;
    dst.tier = Tier::Host;
    dst.ptr = run.outputs.pinned.data() + offset;
    run.outputs.hostCopies.push_back(dst.ptr);
    STRATA_RT_ASSIGN_OR_RETURN(
        TransferPlan download,
        run.transfers->plan(src, dst, bytes, StreamKind::Compute,
                            "downloading " + what));
    run.outputs.transfers.push_back(std::move(download));
    offset += roundUp(bytes, 256);
  }
  return Status::success();
}

Status CudaBackend::uploadInputs(RunResources &run) const {
  for (const TransferPlan &upload : run.inputs.transfers)
    STRATA_RT_RETURN_IF_ERROR(upload.issue(run.compute()));
  return Status::success();
}

Status CudaBackend::finishSteps(RunResources &run,
                                const std::string &when) const {
  // The compute stream joins the copy streams at the end of every step.
  STRATA_CUDA_CHECK(cudaStreamSynchronize(run.compute()), "waiting for ",
                    when,
                    " (an error here may come from any earlier step; rerun "
                    "with STRATA_CUDA_SYNC_STEPS=1 to find which)");
  if (NvmeTier *nvme = run.arenas->nvme())
    STRATA_RT_RETURN_IF_ERROR(nvme->takeError().withContext(when));
  return Status::success();
}

StatusOr<std::string> CudaBackend::captureStep(RunResources &run) const {
  cudaStream_t compute = run.compute();
  cudaError_t began =
      cudaStreamBeginCapture(compute, cudaStreamCaptureModeThreadLocal);
  if (began != cudaSuccess)
    return "cudaStreamBeginCapture failed: " + describeError(began);
  Status body = run.executor->issueStep(/*profile=*/false);
  cudaGraph_t graph = nullptr;
  cudaError_t ended = cudaStreamEndCapture(compute, &graph);
  run.graph = Graph(graph);
  if (!body.ok() || ended != cudaSuccess || !graph) {
    // Capture errors are not sticky; clear the one the failed call left.
    (void)cudaGetLastError();
    for (const Stream &stream : run.streams) {
      cudaStreamCaptureStatus capturing = cudaStreamCaptureStatusNone;
      STRATA_CUDA_CHECK(cudaStreamIsCapturing(stream.get(), &capturing),
                        "checking the streams after a failed capture");
      if (capturing != cudaStreamCaptureStatusNone)
        return makeError("a stream is still capturing after a failed graph "
                         "capture; cannot fall back to stream execution");
    }
    run.graph.reset();
    return body.ok() ? "cudaStreamEndCapture failed: " + describeError(ended)
                     : body.message();
  }
  cudaGraphExec_t exec = nullptr;
  cudaError_t instantiated = cudaGraphInstantiateWithFlags(&exec, graph, 0);
  if (instantiated != cudaSuccess) {
    (void)cudaGetLastError();
    run.graph.reset();
    return "cudaGraphInstantiateWithFlags failed: " +
           describeError(instantiated);
  }
  run.graphExec = GraphExec(exec);
  return std::string();
}

StatusOr<std::vector<HostTensor>>
CudaBackend::run(const Artifact &artifact, const std::string &dir,
                 const std::vector<HostTensor> &inputs,
                 const RunOptions &options, RunReport &report) {
  report.backend = name();
  report.device = device.describe();
  report.steps = options.steps;
  if (options.steps < 0 || options.warmupSteps < 0)
    return makeError("steps (", options.steps, ") and warmup steps (",
                     options.warmupSteps, ") must not be negative");
  // run() may be called from another thread than createCudaBackend().
  STRATA_CUDA_CHECK(cudaSetDevice(device.ordinal), "selecting CUDA device ",
                    device.ordinal);

  MemoryWatch memory;
  STRATA_RT_RETURN_IF_ERROR(memory.start());
  RunResources run;
  for (size_t i = 0; i < run.streams.size(); ++i) {
    STRATA_RT_ASSIGN_OR_RETURN(
        run.streams[i], createStream(streamName(static_cast<StreamKind>(i))));
  }

  STRATA_RT_ASSIGN_OR_RETURN(run.modules,
                             KernelModules::load(artifact, dir, device));
  log(options, "loaded " + std::to_string(run.modules->numModules()) +
                   " modules, " + std::to_string(run.modules->numKernels()) +
                   " kernels");
  STRATA_RT_ASSIGN_OR_RETURN(run.arenas, DeviceArenas::create(artifact, dir));
  if (NvmeTier *nvme = run.arenas->nvme())
    log(options, "NVMe tier: " + std::to_string(nvme->bytes()) +
                     " bytes in " + nvme->path() +
                     (nvme->usesDirectIo() ? " (O_DIRECT)" : " (buffered)"));
  STRATA_RT_ASSIGN_OR_RETURN(run.gemms, GemmRunner::create());
  run.transfers = std::make_unique<TransferPlanner>(run.arenas->nvme());
  STRATA_RT_ASSIGN_OR_RETURN(
      run.executor,
      PlanExecutor::create(artifact, *run.arenas, *run.modules, *run.gemms,
                           *run.transfers, run.rawStreams()));
  STRATA_RT_RETURN_IF_ERROR(stageInputs(artifact, inputs, run));
  STRATA_RT_RETURN_IF_ERROR(stageOutputs(artifact, run));
  STRATA_RT_RETURN_IF_ERROR(memory.sample("after allocating the arenas"));

  // 1. Warm-up: first launches load kernels lazily and warm cuBLASLt.
  for (int64_t i = 0; i < options.warmupSteps; ++i) {
    STRATA_RT_RETURN_IF_ERROR(uploadInputs(run));
    STRATA_RT_RETURN_IF_ERROR(run.executor->issueStep(/*profile=*/false));
  }
  STRATA_RT_RETURN_IF_ERROR(finishSteps(run, "the warm-up steps"));
  log(options, "ran " + std::to_string(options.warmupSteps) +
                   " warm-up steps");

  // 2. The profiled step.
  STRATA_RT_RETURN_IF_ERROR(uploadInputs(run));
  STRATA_RT_RETURN_IF_ERROR(run.executor->issueStep(/*profile=*/true));
  STRATA_RT_RETURN_IF_ERROR(finishSteps(run, "the profiled step"));
  STRATA_RT_ASSIGN_OR_RETURN(StepProfile profile,
                             run.executor->collectProfile());
  STRATA_RT_RETURN_IF_ERROR(memory.sample("after the profiled step"));

  // 3. The graph.
  report.usedGraphs = false;
  if (options.useGraphs && run.executor->synchronizesEachStep()) {
    log(options, "running on streams: STRATA_CUDA_SYNC_STEPS synchronizes "
                 "after every operation, which a graph cannot capture");
  } else if (options.useGraphs && options.steps > 0) {
    STRATA_RT_ASSIGN_OR_RETURN(std::string whyNot, captureStep(run));
    report.usedGraphs = whyNot.empty();
    log(options, report.usedGraphs
                     ? "captured one step as a CUDA graph"
                     : "running on streams: graph capture failed: " + whyNot);
    STRATA_RT_RETURN_IF_ERROR(memory.sample("after instantiating the graph"));
  }

  // 4. Timed steps. No synchronization between them: the host issues step
  // i+1 while the device runs step i, as a training loop would.
  for (int64_t i = 0; i < options.steps; ++i) {
    STRATA_RT_ASSIGN_OR_RETURN(Event start, createEvent(true, "a step timer"));
    STRATA_RT_ASSIGN_OR_RETURN(Event stop, createEvent(true, "a step timer"));
    run.stepStarts.push_back(std::move(start));
    run.stepStops.push_back(std::move(stop));
  }
  for (int64_t i = 0; i < options.steps; ++i) {
    std::string what = "timed step " + std::to_string(i);
    STRATA_RT_RETURN_IF_ERROR(uploadInputs(run));
    STRATA_CUDA_CHECK(cudaEventRecord(run.stepStarts[i].get(), run.compute()),
                      what, ": recording its start");
    if (report.usedGraphs)
      STRATA_CUDA_CHECK(cudaGraphLaunch(run.graphExec.get(), run.compute()),
                        what, ": launching the step's graph");
    else
      STRATA_RT_RETURN_IF_ERROR(run.executor->issueStep(/*profile=*/false));
    STRATA_CUDA_CHECK(cudaEventRecord(run.stepStops[i].get(), run.compute()),
                      what, ": recording its end");
  }
  STRATA_RT_RETURN_IF_ERROR(finishSteps(run, "the timed steps"));
  report.stepSeconds.clear();
  report.medianStepSeconds = 0;
  for (int64_t i = 0; i < options.steps; ++i) {
    float ms = 0;
    STRATA_CUDA_CHECK(cudaEventElapsedTime(&ms, run.stepStarts[i].get(),
                                           run.stepStops[i].get()),
                      "reading the time of timed step ", i);
    report.stepSeconds.push_back(static_cast<double>(ms) * 1e-3);
  }
  if (!report.stepSeconds.empty()) {
    std::vector<double> sorted = report.stepSeconds;
    std::sort(sorted.begin(), sorted.end());
    size_t middle = sorted.size() / 2;
    report.medianStepSeconds =
        sorted.size() % 2 ? sorted[middle]
                          : 0.5 * (sorted[middle - 1] + sorted[middle]);
  }

  // 5. Outputs of the last step.
  for (const TransferPlan &download : run.outputs.transfers)
    STRATA_RT_RETURN_IF_ERROR(download.issue(run.compute()));
  STRATA_RT_RETURN_IF_ERROR(finishSteps(run, "downloading the outputs"));
  STRATA_RT_RETURN_IF_ERROR(memory.sample("after the run"));
  std::vector<HostTensor> outputs;
  for (size_t i = 0; i < artifact.outputs.size(); ++i) {
    const ArtifactBuffer &buffer =
        run.arenas->buffer(artifact.outputs[i].buffer);
    STRATA_RT_ASSIGN_OR_RETURN(HostTensor tensor,
                               HostTensor::create(buffer.dtype, buffer.shape));
    if (static_cast<int64_t>(tensor.sizeInBytes()) > buffer.bytes)
      return makeError("output ", i, " ('", artifact.outputs[i].name, "'): ",
                       tensor.describe(), " does not fit its buffer of ",
                       buffer.bytes, " bytes");
    if (tensor.sizeInBytes() > 0)
      std::memcpy(tensor.rawData(), run.outputs.hostCopies[i],
                  tensor.sizeInBytes());
    outputs.push_back(std::move(tensor));
  }

  report.arenaBytes = run.arenas->allocatedBytes();
  report.workspaceBytes = run.gemms->workspaceBytes();
  report.measuredPeakDeviceBytes = memory.peakBytes();
  report.h2dBytes = profile.h2dBytes;
  report.d2hBytes = profile.d2hBytes;
  report.h2dBandwidth =
      profile.h2dSeconds > 0 ? profile.h2dBytes / profile.h2dSeconds : 0;
  report.d2hBandwidth =
      profile.d2hSeconds > 0 ? profile.d2hBytes / profile.d2hSeconds : 0;
  report.timeline = profile.timeline;
  report.kernelSeconds = profile.kernelSeconds;
  report.gemmSeconds = profile.gemmSeconds;
  report.copySeconds = profile.copySeconds;
  report.exposedCopySeconds = profile.computeWaitSeconds;
  log(options, "profiled step: " + std::to_string(profile.stepSeconds * 1e3) +
                   " ms, compute stream busy " +
                   std::to_string(profile.computeBusySeconds * 1e3) +
                   " ms, waiting on copies " +
                   std::to_string(profile.computeWaitSeconds * 1e3) + " ms");
  return outputs;
}

} // namespace
} // namespace cuda

StatusOr<std::unique_ptr<Backend>> createCudaBackend() {
  STRATA_RT_ASSIGN_OR_RETURN(cuda::DeviceInfo device, cuda::openCudaDevice());
  return std::unique_ptr<Backend>(
      std::make_unique<cuda::CudaBackend>(std::move(device)));
}

} // namespace strata::rt
