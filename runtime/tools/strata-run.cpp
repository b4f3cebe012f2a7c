//===- strata-run.cpp - Run an artifact (runtime-only build) --------------===//
//
//   strata-run [--backend=cpu|cuda] ARTIFACT_DIR [--inputs DIR]
//              [--outputs DIR] [--expect DIR] [--rtol X] [--steps N]
//              [--warmup N] [--no-graphs] [--report FILE] [--verbose]
//   strata-run --calibrate MACHINE.json
//
// The runtime-only build's strata-run: no MLIR, no LLVM command-line
// library, so the arguments are parsed by hand. The full build's strata-run
// accepts the same options for an artifact directory and also runs .mlir
// modules.

#include "strata-runtime/Backend.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>

namespace rt = ::strata::rt;

static const char *const kUsage = R"(usage: strata-run [options] ARTIFACT_DIR

Runs a compiled artifact (plan.json, PTX modules, constants.bin).

options:
  --backend=cpu|cuda  where to run (default cpu: the reference kernels)
  --inputs DIR        read input I from DIR/argI.npy (default: zeros)
  --outputs DIR       write output I to DIR/resultI.npy
  --expect DIR        compare output I with DIR/resultI.npy
  --rtol X            largest relative error ||out-ref||/||ref|| accepted for
                      float outputs (default 1e-5; integers must be exact)
  --steps N           timed steps (default 1)
  --warmup N          untimed steps before them (default 0)
  --no-graphs         do not capture the step as a CUDA graph
  --report FILE       write what the run measured as JSON
  --verbose           print progress on stderr
  --calibrate FILE    measure the GPU and write a machine profile (the format
                      of machines/*.json) instead of running an artifact
  --help              print this text
)";

static int usageError(const std::string &message) {
  std::cerr << "strata-run: " << message << "\n"
            << "run 'strata-run --help' for the options\n";
  return 2;
}

static std::optional<int64_t> parseInteger(const std::string &text) {
  if (text.empty())
    return std::nullopt;
  errno = 0;
  char *end = nullptr;
  long long value = std::strtoll(text.c_str(), &end, 10);
  if (errno || *end != '\0' || value < 0)
    return std::nullopt;
  return value;
}

static std::optional<double> parseNumber(const std::string &text) {
  if (text.empty())
    return std::nullopt;
  errno = 0;
  char *end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (errno || *end != '\0' || !(value >= 0))
    return std::nullopt;
  return value;
}

int main(int argc, char **argv) {
  rt::ArtifactCommand command;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (arg.rfind("-", 0) != 0) {
      if (!command.artifactDir.empty())
        return usageError("more than one artifact directory: '" +
                          command.artifactDir + "' and '" + arg + "'");
      command.artifactDir = arg;
      continue;
    }
    // --name=value or --name value; a single leading dash works too.
    std::string name = arg.substr(arg.rfind("--", 0) == 0 ? 2 : 1);
    std::optional<std::string> inlineValue;
    if (size_t equals = name.find('='); equals != std::string::npos) {
      inlineValue = name.substr(equals + 1);
      name = name.substr(0, equals);
    }
    auto flag = [&]() -> bool {
      if (inlineValue) {
        usageError("--" + name + " takes no value");
        return false;
      }
      return true;
    };
    auto value = [&]() -> std::optional<std::string> {
      if (inlineValue)
        return inlineValue;
      if (i + 1 >= argc) {
        usageError("--" + name + " needs a value");
        return std::nullopt;
      }
      return std::string(argv[++i]);
    };
    if (name == "no-graphs" || name == "verbose") {
      if (!flag())
        return 2;
      if (name == "verbose")
        command.run.verbose = true;
      else
        command.run.useGraphs = false;
      continue;
    }
    std::optional<std::string> text;
    if (name == "backend" || name == "inputs" || name == "outputs" ||
        name == "expect" || name == "rtol" || name == "steps" ||
        name == "warmup" || name == "report" || name == "calibrate") {
      text = value();
      if (!text)
        return 2;
    } else {
      return usageError("unknown option '" + arg + "'");
    }
    if (name == "backend") {
      command.backend = *text;
    } else if (name == "inputs") {
      command.inputsDir = *text;
    } else if (name == "outputs") {
      command.outputsDir = *text;
    } else if (name == "expect") {
      command.expectDir = *text;
    } else if (name == "report") {
      command.reportPath = *text;
    } else if (name == "calibrate") {
      command.calibratePath = *text;
    } else if (name == "rtol") {
      std::optional<double> rtol = parseNumber(*text);
      if (!rtol)
        return usageError("--rtol needs a non-negative number, got '" + *text +
                          "'");
      command.rtol = *rtol;
    } else {
      std::optional<int64_t> count = parseInteger(*text);
      if (!count)
        return usageError("--" + name + " needs a non-negative integer, got '" +
                          *text + "'");
      (name == "steps" ? command.run.steps : command.run.warmupSteps) = *count;
    }
  }
  if (command.artifactDir.empty() && command.calibratePath.empty())
    return usageError("no artifact directory given");
  if (command.backend != "cpu" && command.backend != "cuda")
    return usageError("unknown backend '" + command.backend +
                      "' (expected cpu or cuda)");
  return rt::runArtifactCommand(command);
}
