//===- ArtifactCommand.cpp - strata-run on an artifact directory ----------===//
//
// Load, bind inputs (argI.npy or zeros), run on a backend, write outputs
// (resultI.npy), compare with expected outputs and write a report: what
// strata-run does with an artifact, in the full build and the runtime-only
// one alike.
//
//===----------------------------------------------------------------------===//

#include "strata-runtime/Backend.h"
#include "strata-runtime/Npy.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace strata::rt {
namespace {

std::string npyPath(const std::string &dir, const char *stem, size_t index) {
  return (std::filesystem::path(dir) / (stem + std::to_string(index) + ".npy"))
      .string();
}


std::string formatError(double error) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.2E", error);
  return text;
}

/// The artifact's inputs: from `dir`/argI.npy, each checked against its
/// buffer, or zeros when `dir` is empty.
StatusOr<std::vector<HostTensor>> bindInputs(const Artifact &artifact,
                                             const std::string &dir) {
  std::vector<HostTensor> inputs;
  for (size_t i = 0; i < artifact.inputs.size(); ++i) {
    const ArtifactValue &input = artifact.inputs[i];
    const ArtifactBuffer &buffer =
        artifact.buffers[static_cast<size_t>(input.buffer)];
    std::string what = "input " + std::to_string(i) +
                       (input.name.empty() ? "" : " (" + input.name + ")");
    if (dir.empty()) {
      StatusOr<HostTensor> zeros =
          HostTensor::create(buffer.dtype, buffer.shape);
      if (!zeros.ok())
        return zeros.status().withContext(what);
      inputs.push_back(std::move(zeros).value());
      continue;
    }
    std::string path = npyPath(dir, "arg", i);
    StatusOr<HostTensor> tensor = readNpy(path);
    if (!tensor.ok())
      return tensor.status().withContext(what);
    if (tensor->dtype() != buffer.dtype || tensor->shape() != buffer.shape)
      return makeError(what, ": ", path, " holds ", tensor->describe(),
                       ", but the artifact expects ", dtypeName(buffer.dtype),
                       formatShape(buffer.shape));
    inputs.push_back(std::move(tensor).value());
  }
  return inputs;
}

/// What the report says about the artifact itself.
nlohmann::json artifactFacts(const Artifact &artifact, const std::string &dir) {
  int64_t kernels = 0, gemms = 0, copies = 0, copyBytes = 0, constants = 0;
  for (const ArtifactStep &step : artifact.steps) {
    switch (step.kind) {
    case ArtifactStep::Kind::Kernel:
      ++kernels;
      break;
    case ArtifactStep::Kind::Gemm:
      ++gemms;
      break;
    case ArtifactStep::Kind::Copy:
      ++copies;
      copyBytes += step.bytes;
      break;
    case ArtifactStep::Kind::Constant:
      ++constants;
      break;
    default:
      break;
    }
  }
  nlohmann::json arenas = nlohmann::json::object();
  for (Tier tier : {Tier::Hbm, Tier::Host, Tier::Nvme})
    arenas[tierName(tier)] = artifact.arenaBytes[static_cast<size_t>(tier)];
  return {{"directory", dir},
          {"model", artifact.model},
          {"machine", artifact.machine},
          {"budget_bytes", artifact.budgetBytes},
          {"arena_bytes", std::move(arenas)},
          {"buffers", artifact.buffers.size()},
          {"inputs", artifact.inputs.size()},
          {"outputs", artifact.outputs.size()},
          {"plan_steps", artifact.steps.size()},
          {"kernel_steps", kernels},
          {"gemm_steps", gemms},
          {"copy_steps", copies},
          {"copy_bytes", copyBytes},
          {"constant_steps", constants},
          {"constants_bytes", artifact.constantsBytes}};
}

} // namespace

int runArtifactCommand(const ArtifactCommand &command) {
  auto fail = [](const std::string &message) {
    std::cerr << "strata-run: " << message << "\n";
    return 1;
  };

  if (!command.calibratePath.empty()) {
    StatusOr<nlohmann::json> profile = calibrateCudaMachine();
    if (!profile.ok())
      return fail(profile.status().message());
    std::ofstream os(command.calibratePath);
    os << profile->dump(2) << "\n";
    if (!os)
      return fail("cannot write " + command.calibratePath);
    std::cout << "strata-run: wrote the measured machine profile to "
              << command.calibratePath << "\n";
    return 0;
  }

  StatusOr<Artifact> artifact = loadArtifact(command.artifactDir);
  if (!artifact.ok())
    return fail(artifact.status().message());
  StatusOr<std::vector<HostTensor>> inputs =
      bindInputs(*artifact, command.inputsDir);
  if (!inputs.ok())
    return fail(inputs.status().message());

  std::unique_ptr<Backend> backend;
  if (command.backend == "cpu") {
    backend = createCpuBackend();
  } else if (command.backend == "cuda") {
    StatusOr<std::unique_ptr<Backend>> cuda = createCudaBackend();
    if (!cuda.ok())
      return fail(cuda.status().message());
    backend = std::move(cuda).value();
  } else {
    return fail("unknown backend '" + command.backend +
                "' (expected cpu or cuda)");
  }

  RunReport report;
  StatusOr<std::vector<HostTensor>> outputs = backend->run(
      *artifact, command.artifactDir, *inputs, command.run, report);
  if (!outputs.ok())
    return fail(command.artifactDir + ": " + outputs.status().message());
  if (outputs->size() != artifact->outputs.size())
    return fail("the " + backend->name() + " backend returned " +
                std::to_string(outputs->size()) + " outputs for " +
                std::to_string(artifact->outputs.size()));
  std::cout << "ran " << command.artifactDir << " (" << artifact->steps.size()
            << " plan steps) on " << backend->name();
  if (report.steps > 0)
    std::cout << ": " << report.steps << " timed step(s), median "
              << report.medianStepSeconds << " s";
  std::cout << "\n";

  if (!command.outputsDir.empty()) {
    std::error_code error;
    std::filesystem::create_directories(command.outputsDir, error);
    if (error)
      return fail("cannot create '" + command.outputsDir +
                  "': " + error.message());
    for (size_t i = 0; i < outputs->size(); ++i) {
      Status status =
          writeNpy(npyPath(command.outputsDir, "result", i), (*outputs)[i]);
      if (!status.ok())
        return fail(status.message());
    }
  }

  int mismatches = 0;
  nlohmann::json comparisons = nlohmann::json::array();
  if (!command.expectDir.empty()) {
    for (size_t i = 0; i < outputs->size(); ++i) {
      const HostTensor &result = (*outputs)[i];
      StatusOr<HostTensor> expected =
          readNpy(npyPath(command.expectDir, "result", i));
      if (!expected.ok())
        return fail(expected.status().message());
      if (expected->shape() != result.shape() ||
          expected->dtype() != result.dtype()) {
        std::cout << "result " << i << ": MISMATCH: got " << result.describe()
                  << ", expected " << expected->describe() << "\n";
        comparisons.push_back({{"result", i}, {"ok", false}});
        ++mismatches;
        continue;
      }
      bool exact = !isFloatDType(result.dtype());
      double error = exact ? (result.bitwiseEquals(*expected) ? 0.0 : INFINITY)
                           : relativeError(result, *expected);
      bool ok = exact ? error == 0 : error <= command.rtol;
      mismatches += !ok;
      std::cout << "result " << i << ": " << result.describe() << " "
                << (ok ? "ok" : "MISMATCH") << " relative error "
                << formatError(error) << "\n";
      nlohmann::json comparison = {{"result", i}, {"ok", ok}};
      // JSON has no infinity: a failed exact comparison has no error value.
      if (std::isfinite(error))
        comparison["relative_error"] = error;
      comparisons.push_back(std::move(comparison));
    }
    std::cout << outputs->size() - mismatches << " passed, " << mismatches
              << " failed\n";
  }

  if (!command.reportPath.empty()) {
    nlohmann::json json = report.toJson();
    json["artifact"] = artifactFacts(*artifact, command.artifactDir);
    if (!command.expectDir.empty()) {
      json["rtol"] = command.rtol;
      json["comparisons"] = std::move(comparisons);
    }
    std::ofstream file(command.reportPath);
    file << json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
         << "\n";
    file.close();
    if (!file)
      return fail(command.reportPath + ": cannot write the report");
  }
  return mismatches ? 1 : 0;
}

} // namespace strata::rt
