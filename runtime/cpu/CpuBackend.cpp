//===- CpuBackend.cpp - Replaying a plan with the reference kernels -------===//
//
// The reference backend: one zeroed byte vector per tier stands in for each
// arena, and the steps run one after another in list order, which is a
// valid schedule of the plan's streams (every wait follows its record).
// Kernels and library calls are replaced by their reference programs, read
// from and written to the same buffer bytes the GPU would use, so that a
// plan whose offsets, copies or ordering are wrong computes wrong values
// here too.
//
//===----------------------------------------------------------------------===//

#include "strata-runtime/Backend.h"
#include "strata-runtime/Reference.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>

namespace strata::rt {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// "step 3 (kernel fusion_1 at model.mlir:12:5)", for errors.
std::string describeStep(const ArtifactStep &step, size_t index) {
  static const char *const kinds[] = {"kernel",   "gemm",   "copy",
                                      "constant", "record", "wait"};
  std::string text = "step " + std::to_string(index) + " (" +
                     kinds[static_cast<size_t>(step.kind)];
  if (step.kind == ArtifactStep::Kind::Kernel)
    text += " " + step.kernel;
  if (!step.location.empty())
    text += " at " + step.location;
  return text + ")";
}

class CpuBackend final : public Backend {
public:
  std::string name() const override { return "cpu"; }

  StatusOr<std::vector<HostTensor>> run(const Artifact &artifact,
                                        const std::string &dir,
                                        const std::vector<HostTensor> &inputs,
                                        const RunOptions &options,
                                        RunReport &report) override;

private:
  std::byte *address(const ArtifactBuffer &buffer) {
    return arenas[static_cast<size_t>(buffer.tier)].data() + buffer.offset;
  }
  std::byte *address(const Artifact &artifact, int64_t index) {
    return address(artifact.buffers[static_cast<size_t>(index)]);
  }

  /// The tensor held in a buffer, copied out of its arena.
  StatusOr<HostTensor> read(const ArtifactBuffer &buffer) {
    STRATA_RT_ASSIGN_OR_RETURN(HostTensor tensor,
                               HostTensor::create(buffer.dtype, buffer.shape));
    if (tensor.sizeInBytes() > 0)
      std::memcpy(tensor.rawData(), address(buffer), tensor.sizeInBytes());
    // i1 buffers hold bools; whatever else the bytes say is true.
    if (tensor.dtype() == DType::i1) {
      auto *raw = reinterpret_cast<unsigned char *>(tensor.rawData());
      for (int64_t i = 0; i < tensor.numElements(); ++i)
        raw[i] = raw[i] != 0;
    }
    return tensor;
  }

  Status execute(const Artifact &artifact, const ArtifactStep &step);
  Status compute(const Artifact &artifact, const ArtifactStep &step);

  std::array<std::vector<std::byte>, 3> arenas;
  std::vector<char> constants;
};

Status CpuBackend::compute(const Artifact &artifact, const ArtifactStep &step) {
  // Read every input before writing any output: an output may reuse an
  // input's bytes.
  size_t numInputs = static_cast<size_t>(step.numInputs);
  std::vector<HostTensor> operands;
  operands.reserve(numInputs);
  for (size_t i = 0; i < numInputs; ++i) {
    STRATA_RT_ASSIGN_OR_RETURN(
        HostTensor tensor,
        read(artifact.buffers[static_cast<size_t>(step.args[i])]));
    operands.push_back(std::move(tensor));
  }
  std::vector<const HostTensor *> pointers;
  for (const HostTensor &operand : operands)
    pointers.push_back(&operand);
  STRATA_RT_ASSIGN_OR_RETURN(
      std::vector<HostTensor> results,
      evaluateReference(step.reference, pointers, constants));
  size_t numOutputs = step.args.size() - numInputs;
  if (results.size() != numOutputs)
    return makeError("the reference computes ", results.size(), " results for ",
                     numOutputs, " outputs");
  for (size_t i = 0; i < numOutputs; ++i) {
    int64_t index = step.args[numInputs + i];
    const ArtifactBuffer &buffer = artifact.buffers[static_cast<size_t>(index)];
    const HostTensor &result = results[i];
    if (result.dtype() != buffer.dtype || result.shape() != buffer.shape)
      return makeError("result ", i, " is ", result.describe(),
                       " but output buffer ", index, " holds ",
                       dtypeName(buffer.dtype), formatShape(buffer.shape));
    if (result.sizeInBytes() > 0)
      std::memcpy(address(buffer), result.rawData(), result.sizeInBytes());
  }
  return Status::success();
}

Status CpuBackend::execute(const Artifact &artifact, const ArtifactStep &step) {
  switch (step.kind) {
  case ArtifactStep::Kind::Kernel:
  case ArtifactStep::Kind::Gemm:
    return compute(artifact, step);
  case ArtifactStep::Kind::Copy:
    // Buffers of one arena may overlap (a value copied onto bytes it
    // shares), so memmove.
    if (step.bytes > 0)
      std::memmove(address(artifact, step.dst), address(artifact, step.src),
                   static_cast<size_t>(step.bytes));
    return Status::success();
  case ArtifactStep::Kind::Constant:
    if (step.bytes > 0)
      std::memcpy(address(artifact, step.dst),
                  constants.data() + step.dataOffset,
                  static_cast<size_t>(step.bytes));
    return Status::success();
  case ArtifactStep::Kind::Record:
  case ArtifactStep::Kind::Wait:
    // In list order every wait already follows its record (checked when
    // the plan was loaded).
    return Status::success();
  }
  return makeError("unknown step kind");
}

StatusOr<std::vector<HostTensor>>
CpuBackend::run(const Artifact &artifact, const std::string &dir,
                const std::vector<HostTensor> &inputs,
                const RunOptions &options, RunReport &report) {
  report = RunReport();
  report.backend = "cpu";
  report.device = "host CPU (reference kernels)";
  report.arenaBytes = artifact.arenaBytes;

  if (inputs.size() != artifact.inputs.size())
    return makeError("the artifact takes ", artifact.inputs.size(),
                     " inputs, got ", inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    const ArtifactBuffer &buffer =
        artifact.buffers[static_cast<size_t>(artifact.inputs[i].buffer)];
    if (inputs[i].dtype() != buffer.dtype || inputs[i].shape() != buffer.shape)
      return makeError("input ", i, " (", artifact.inputs[i].name, ") must be ",
                       dtypeName(buffer.dtype), formatShape(buffer.shape),
                       ", got ", inputs[i].describe());
  }

  constants.clear();
  if (!artifact.constantsPath.empty()) {
    std::string path = dir + "/" + artifact.constantsPath;
    std::ifstream file(path, std::ios::binary);
    if (!file)
      return makeError(path, ": cannot open the artifact's constants");
    constants.assign(std::istreambuf_iterator<char>(file),
                     std::istreambuf_iterator<char>());
    if (static_cast<int64_t>(constants.size()) != artifact.constantsBytes)
      return makeError(path, ": holds ", constants.size(),
                       " bytes, but the plan says ", artifact.constantsBytes);
  }
  for (size_t tier = 0; tier < arenas.size(); ++tier)
    arenas[tier].assign(static_cast<size_t>(artifact.arenaBytes[tier]),
                        std::byte{0});

  for (const ArtifactStep &step : artifact.steps) {
    if (step.kind != ArtifactStep::Kind::Copy)
      continue;
    if (step.stream == StreamKind::HostToDevice)
      report.h2dBytes += step.bytes;
    else if (step.stream == StreamKind::DeviceToHost)
      report.d2hBytes += step.bytes;
  }

  // Warm-up steps, then the timed ones; at least one step runs, for the
  // outputs.
  int64_t timed = std::max<int64_t>(options.steps, 0);
  int64_t warmup = std::max<int64_t>(options.warmupSteps, 0);
  int64_t total = std::max<int64_t>(warmup + timed, 1);
  double kernelSeconds = 0, gemmSeconds = 0, copySeconds = 0;
  for (int64_t iteration = 0; iteration < total; ++iteration) {
    bool isTimed = iteration >= total - timed;
    // The inputs are written before every step: a plan may reuse an
    // input's bytes once the input is dead (donated arguments).
    for (size_t i = 0; i < inputs.size(); ++i) {
      const ArtifactBuffer &buffer =
          artifact.buffers[static_cast<size_t>(artifact.inputs[i].buffer)];
      if (inputs[i].sizeInBytes() > 0)
        std::memcpy(address(buffer), inputs[i].rawData(),
                    inputs[i].sizeInBytes());
    }
    Clock::time_point stepStart = Clock::now();
    for (size_t index = 0; index < artifact.steps.size(); ++index) {
      const ArtifactStep &step = artifact.steps[index];
      Clock::time_point start = Clock::now();
      Status status = execute(artifact, step);
      if (!status.ok())
        return status.withContext(describeStep(step, index));
      double seconds = secondsSince(start);
      if (!isTimed)
        continue;
      switch (step.kind) {
      case ArtifactStep::Kind::Kernel:
        kernelSeconds += seconds;
        break;
      case ArtifactStep::Kind::Gemm:
        gemmSeconds += seconds;
        break;
      case ArtifactStep::Kind::Copy:
      case ArtifactStep::Kind::Constant:
        copySeconds += seconds;
        break;
      default:
        break;
      }
    }
    double seconds = secondsSince(stepStart);
    if (isTimed)
      report.stepSeconds.push_back(seconds);
    if (options.verbose)
      std::cerr << "cpu: " << (isTimed ? "step " : "warm-up step ")
                << iteration + 1 << " of " << total << ": "
                << artifact.steps.size() << " plan steps in " << seconds
                << " s\n";
  }

  report.steps = static_cast<int64_t>(report.stepSeconds.size());
  if (report.steps > 0) {
    std::vector<double> sorted = report.stepSeconds;
    std::sort(sorted.begin(), sorted.end());
    size_t middle = sorted.size() / 2;
    report.medianStepSeconds = sorted.size() % 2
                                   ? sorted[middle]
                                   : (sorted[middle - 1] + sorted[middle]) / 2;
    double perStep = 1.0 / static_cast<double>(report.steps);
    report.kernelSeconds = kernelSeconds * perStep;
    report.gemmSeconds = gemmSeconds * perStep;
    report.copySeconds = copySeconds * perStep;
  }

  std::vector<HostTensor> outputs;
  for (const ArtifactValue &output : artifact.outputs) {
    STRATA_RT_ASSIGN_OR_RETURN(
        HostTensor tensor,
        read(artifact.buffers[static_cast<size_t>(output.buffer)]));
    outputs.push_back(std::move(tensor));
  }
  return outputs;
}

} // namespace

std::unique_ptr<Backend> createCpuBackend() {
  return std::make_unique<CpuBackend>();
}

} // namespace strata::rt
