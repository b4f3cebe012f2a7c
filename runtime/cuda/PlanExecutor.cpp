//===- PlanExecutor.cpp - Issuing a plan's steps on three streams ---------===//

#include "PlanExecutor.h"

#include "DriverApi.h"

#include <cstdlib>

namespace strata::rt::cuda {
namespace {

const char *kindName(ArtifactStep::Kind kind) {
  switch (kind) {
  case ArtifactStep::Kind::Kernel:
    return "kernel";
  case ArtifactStep::Kind::Gemm:
    return "gemm";
  case ArtifactStep::Kind::Copy:
    return "copy";
  case ArtifactStep::Kind::Constant:
    return "constant";
  case ArtifactStep::Kind::Record:
    return "record";
  case ArtifactStep::Kind::Wait:
    return "wait";
  }
  return "step";
}

std::string describeStep(size_t index, const ArtifactStep &step) {
  std::string text = "step " + std::to_string(index) + " (" +
                     kindName(step.kind);
  if (step.kind == ArtifactStep::Kind::Kernel)
    text += " '" + step.kernel + "' of module '" + step.module + "'";
  text += std::string(" on the ") + streamName(step.stream) + " stream";
  if (!step.location.empty())
    text += " at " + step.location;
  return text + ")";
}

StatusOr<std::array<unsigned, 3>> launchDims(const std::array<int64_t, 3> &dims,
                                             const char *name,
                                             const std::string &what) {
  std::array<unsigned, 3> out{};
  for (size_t i = 0; i < 3; ++i) {
    if (dims[i] < 1 || dims[i] > UINT32_MAX)
      return makeError(what, ": ", name, " dimension ", i, " is ", dims[i]);
    out[i] = static_cast<unsigned>(dims[i]);
  }
  return out;
}

double elapsedSeconds(const Event &start, const Event &stop,
                      Status &status) {
  float ms = 0;
  cudaError_t error = cudaEventElapsedTime(&ms, start.get(), stop.get());
  if (error != cudaSuccess && status.ok())
    status = callFailure(error, "cudaEventElapsedTime(",
                         "reading the profiled step's timing events");
  return static_cast<double>(ms) * 1e-3;
}

} // namespace

StatusOr<std::unique_ptr<PlanExecutor>>
PlanExecutor::create(const Artifact &artifact, const DeviceArenas &arenas,
                     const KernelModules &modules, GemmRunner &gemms,
                     TransferPlanner &transfers, const Streams &streams) {
  std::unique_ptr<PlanExecutor> executor(new PlanExecutor());
  executor->arenas = &arenas;
  executor->gemms = &gemms;
  executor->streams = streams;
  if (const char *sync = std::getenv("STRATA_CUDA_SYNC_STEPS"))
    executor->synchronizeEach = *sync && *sync != '0';

  for (int64_t i = 0; i < artifact.numEvents; ++i) {
    STRATA_RT_ASSIGN_OR_RETURN(
        Event event,
        createEvent(false, "plan event " + std::to_string(i)));
    executor->events.push_back(std::move(event));
  }
  STRATA_RT_ASSIGN_OR_RETURN(executor->fork,
                             createEvent(false, "the step's fork event"));
  for (Event &join : executor->joins) {
    STRATA_RT_ASSIGN_OR_RETURN(join,
                               createEvent(false, "a step's join event"));
  }

  executor->steps.reserve(artifact.steps.size());
  for (size_t index = 0; index < artifact.steps.size(); ++index) {
    const ArtifactStep &step = artifact.steps[index];
    PreparedStep prepared;
    prepared.index = index;
    prepared.kind = step.kind;
    prepared.stream = step.stream;
    prepared.what = describeStep(index, step);
    const std::string &what = prepared.what;

    switch (step.kind) {
    case ArtifactStep::Kind::Kernel: {
      prepared.kernel = modules.find(step.module, step.kernel);
      if (!prepared.kernel)
        return makeError(what, ": kernel was not loaded");
      STRATA_RT_ASSIGN_OR_RETURN(prepared.grid,
                                 launchDims(step.grid, "grid", what));
      STRATA_RT_ASSIGN_OR_RETURN(prepared.block,
                                 launchDims(step.block, "block", what));
      int64_t threads = int64_t(prepared.block[0]) * prepared.block[1] *
                        prepared.block[2];
      if (threads > prepared.kernel->maxThreadsPerBlock)
        return makeError(what, ": block of ", threads,
                         " threads, but the kernel can launch at most ",
                         prepared.kernel->maxThreadsPerBlock,
                         " per block (its register use limits it)");
      if (step.sharedBytes < 0 || step.sharedBytes > UINT32_MAX)
        return makeError(what, ": shared memory of ", step.sharedBytes,
                         " bytes");
      prepared.sharedBytes = static_cast<unsigned>(step.sharedBytes);
      for (int64_t arg : step.args) {
        STRATA_RT_ASSIGN_OR_RETURN(std::byte * address,
                                   arenas.deviceAddress(arg, what));
        prepared.argValues.push_back(
            static_cast<CUdeviceptr>(reinterpret_cast<uintptr_t>(address)));
      }
      break;
    }
    case ArtifactStep::Kind::Gemm: {
      if (step.args.size() != 3)
        return makeError(what, ": a gemm takes 3 buffers (A, B, C), not ",
                         step.args.size());
      std::array<std::byte *, 3> address{};
      std::array<int64_t, 3> bytes{};
      for (size_t i = 0; i < 3; ++i) {
        STRATA_RT_ASSIGN_OR_RETURN(address[i],
                                   arenas.deviceAddress(step.args[i], what));
        bytes[i] = arenas.buffer(step.args[i]).bytes;
      }
      prepared.a = address[0];
      prepared.b = address[1];
      prepared.c = address[2];
      // The one workspace is only safe for products that cannot overlap:
      // those on the compute stream.
      STRATA_RT_ASSIGN_OR_RETURN(
          prepared.gemm,
          gemms.prepare(step.gemm, address[0], bytes[0], address[1], bytes[1],
                        address[2], bytes[2],
                        step.stream == StreamKind::Compute, what));
      break;
    }
    case ArtifactStep::Kind::Copy:
    case ArtifactStep::Kind::Constant: {
      Place src;
      if (step.kind == ArtifactStep::Kind::Copy) {
        STRATA_RT_ASSIGN_OR_RETURN(src, arenas.place(step.src, what));
        if (step.bytes > arenas.buffer(step.src).bytes)
          return makeError(what, ": copies ", step.bytes,
                           " bytes from buffer ", step.src, " of ",
                           arenas.buffer(step.src).bytes);
      } else {
        STRATA_RT_ASSIGN_OR_RETURN(
            src, arenas.constants(step.dataOffset, step.bytes, what));
      }
      STRATA_RT_ASSIGN_OR_RETURN(Place dst, arenas.place(step.dst, what));
      if (step.bytes < 0 || step.bytes > arenas.buffer(step.dst).bytes)
        return makeError(what, ": copies ", step.bytes, " bytes into buffer ",
                         step.dst, " of ", arenas.buffer(step.dst).bytes);
      STRATA_RT_ASSIGN_OR_RETURN(
          prepared.transfer,
          transfers.plan(src, dst, step.bytes, step.stream, what));
      prepared.bytes = step.bytes;
      prepared.intoHbm = dst.tier == Tier::Hbm && src.tier != Tier::Hbm;
      prepared.outOfHbm = src.tier == Tier::Hbm && dst.tier != Tier::Hbm;
      break;
    }
    case ArtifactStep::Kind::Record:
    case ArtifactStep::Kind::Wait:
      if (step.event < 0 || step.event >= artifact.numEvents)
        return makeError(what, ": event ", step.event, " is not one of the ",
                         artifact.numEvents, " events");
      prepared.event = executor->events[static_cast<size_t>(step.event)].get();
      break;
    }
    executor->steps.push_back(std::move(prepared));
  }
  // Taken last, once the vectors holding the values no longer move.
  for (PreparedStep &step : executor->steps)
    for (CUdeviceptr &value : step.argValues)
      step.argPointers.push_back(&value);

  // Timing events for the profiled step: what the report breaks time into.
  for (PreparedStep &step : executor->steps) {
    Category category = Category::Other;
    switch (step.kind) {
    case ArtifactStep::Kind::Kernel:
      category = Category::Kernel;
      break;
    case ArtifactStep::Kind::Gemm:
      category = Category::Gemm;
      break;
    case ArtifactStep::Kind::Copy:
    case ArtifactStep::Kind::Constant:
      category = Category::Copy;
      break;
    case ArtifactStep::Kind::Wait:
      if (step.stream == StreamKind::Compute)
        category = Category::Wait;
      break;
    case ArtifactStep::Kind::Record:
      break;
    }
    if (category == Category::Other)
      continue;
    TimedOperation op;
    op.step = step.index;
    op.category = category;
    STRATA_RT_ASSIGN_OR_RETURN(op.start, createEvent(true, "a timing event"));
    STRATA_RT_ASSIGN_OR_RETURN(op.stop, createEvent(true, "a timing event"));
    step.timedSlot = static_cast<int64_t>(executor->timed.size());
    executor->timed.push_back(std::move(op));
  }
  for (Event *event : {&executor->joinWaitStart, &executor->joinWaitStop,
                       &executor->stepStart, &executor->stepStop}) {
    STRATA_RT_ASSIGN_OR_RETURN(*event, createEvent(true, "a timing event"));
  }
  return executor;
}

Status PlanExecutor::issue(const PreparedStep &step) {
  cudaStream_t on = stream(step.stream);
  switch (step.kind) {
  case ArtifactStep::Kind::Kernel:
    STRATA_CU_CHECK(driver().cuLaunchKernel(
                        step.kernel->function, step.grid[0], step.grid[1],
                        step.grid[2], step.block[0], step.block[1],
                        step.block[2], step.sharedBytes, on,
                        const_cast<void **>(step.argPointers.data()), nullptr),
                    step.what);
    break;
  case ArtifactStep::Kind::Gemm:
    STRATA_RT_RETURN_IF_ERROR(
        gemms->run(*step.gemm, step.a, step.b, step.c, on, step.what));
    break;
  case ArtifactStep::Kind::Copy:
  case ArtifactStep::Kind::Constant:
    STRATA_RT_RETURN_IF_ERROR(step.transfer.issue(on));
    break;
  case ArtifactStep::Kind::Record:
    STRATA_CUDA_CHECK(cudaEventRecord(step.event, on), step.what);
    break;
  case ArtifactStep::Kind::Wait:
    STRATA_CUDA_CHECK(cudaStreamWaitEvent(on, step.event, 0), step.what);
    break;
  }
  if (synchronizeEach) {
    STRATA_CUDA_CHECK(cudaStreamSynchronize(on), step.what,
                      " (synchronizing after it, STRATA_CUDA_SYNC_STEPS)");
    if (NvmeTier *nvme = arenas->nvme())
      STRATA_RT_RETURN_IF_ERROR(nvme->takeError());
  }
  return Status::success();
}

Status PlanExecutor::issueStep(bool profile) {
  cudaStream_t compute = stream(StreamKind::Compute);
  const std::array<StreamKind, 2> copyStreams = {StreamKind::HostToDevice,
                                                 StreamKind::DeviceToHost};
  if (profile)
    STRATA_CUDA_CHECK(cudaEventRecord(stepStart.get(), compute),
                      "profiling the step's start");
  // Fork: the copy streams start where the compute stream is.
  STRATA_CUDA_CHECK(cudaEventRecord(fork.get(), compute),
                    "starting a step (fork event)");
  for (StreamKind kind : copyStreams)
    STRATA_CUDA_CHECK(cudaStreamWaitEvent(stream(kind), fork.get(), 0),
                      "starting a step on the ", streamName(kind), " stream");

  for (const PreparedStep &step : steps) {
    const TimedOperation *op =
        profile && step.timedSlot >= 0
            ? &timed[static_cast<size_t>(step.timedSlot)]
            : nullptr;
    if (op)
      STRATA_CUDA_CHECK(cudaEventRecord(op->start.get(), stream(step.stream)),
                        step.what, ": profiling its start");
    STRATA_RT_RETURN_IF_ERROR(issue(step));
    if (op)
      STRATA_CUDA_CHECK(cudaEventRecord(op->stop.get(), stream(step.stream)),
                        step.what, ": profiling its end");
  }

  // Join: the step ends on the compute stream when all its work has.
  for (size_t i = 0; i < copyStreams.size(); ++i)
    STRATA_CUDA_CHECK(cudaEventRecord(joins[i].get(), stream(copyStreams[i])),
                      "ending a step on the ", streamName(copyStreams[i]),
                      " stream");
  if (profile)
    STRATA_CUDA_CHECK(cudaEventRecord(joinWaitStart.get(), compute),
                      "profiling the step's final join");
  for (const Event &join : joins)
    STRATA_CUDA_CHECK(cudaStreamWaitEvent(compute, join.get(), 0),
                      "ending a step (join into the compute stream)");
  if (profile) {
    STRATA_CUDA_CHECK(cudaEventRecord(joinWaitStop.get(), compute),
                      "profiling the step's final join");
    STRATA_CUDA_CHECK(cudaEventRecord(stepStop.get(), compute),
                      "profiling the step's end");
    profiled = true;
  }
  return Status::success();
}

StatusOr<StepProfile> PlanExecutor::collectProfile() const {
  if (!profiled)
    return makeError("internal error: no profiled step was issued");
  Status status;
  StepProfile profile;
  profile.stepSeconds = elapsedSeconds(stepStart, stepStop, status);
  profile.computeWaitSeconds =
      elapsedSeconds(joinWaitStart, joinWaitStop, status);
  for (const TimedOperation &op : timed) {
    const PreparedStep &step = steps[op.step];
    double seconds = elapsedSeconds(op.start, op.stop, status);
    profile.timeline.emplace_back(
        op.step, elapsedSeconds(stepStart, op.start, status), seconds);
    bool onCompute = step.stream == StreamKind::Compute;
    switch (op.category) {
    case Category::Kernel:
      profile.kernelSeconds += seconds;
      if (onCompute)
        profile.computeBusySeconds += seconds;
      break;
    case Category::Gemm:
      profile.gemmSeconds += seconds;
      if (onCompute)
        profile.computeBusySeconds += seconds;
      break;
    case Category::Copy:
      profile.copySeconds += seconds;
      if (step.intoHbm) {
        profile.h2dBytes += step.bytes;
        profile.h2dSeconds += seconds;
      } else if (step.outOfHbm) {
        profile.d2hBytes += step.bytes;
        profile.d2hSeconds += seconds;
      }
      break;
    case Category::Wait:
      profile.computeWaitSeconds += seconds;
      break;
    case Category::Other:
      break;
    }
  }
  if (!status.ok())
    return status;
  return profile;
}

} // namespace strata::rt::cuda
