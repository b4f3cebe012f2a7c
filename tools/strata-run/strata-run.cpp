//===- strata-run.cpp - Execute a strata module or an artifact ------------===//
//
//   strata-run --backend=cpu MODULE.mlir --inputs DIR [--outputs DIR]
//              [--expect DIR [--rtol X]] [--entry NAME]
//   strata-run [--backend=cpu|cuda] ARTIFACT_DIR [--inputs DIR]
//              [--outputs DIR] [--expect DIR [--rtol X]] [--steps N]
//              [--warmup N] [--no-graphs] [--report FILE] [--verbose]
//
// Reads argument I of the entry function from DIR/argI.npy, executes it and
// writes result I to DIR/resultI.npy. With --expect, compares every result
// with DIR/resultI.npy (floats: ||out - ref|| / ||ref|| <= rtol; integers and
// booleans: exactly) and exits non-zero on a mismatch.
//
// A directory is a compiled artifact (docs/artifact.md), run on a backend
// of the runtime exactly as the runtime-only build's strata-run does
// (strata::rt::runArtifactCommand); there --inputs is optional (zeros).

#include "dialects/strata/StrataDialect.h"
#include "strata-runtime/Backend.h"
#include "strata-runtime/Npy.h"
#include "strata/Interpreter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

#include <chrono>
#include <cmath>

using namespace mlir;
namespace cl = llvm::cl;
namespace rt = ::strata::rt;

static cl::opt<std::string>
    inputFile(cl::Positional, cl::Optional,
              cl::desc("<module.mlir | artifact directory>"));
static cl::opt<std::string> calibratePath(
    "calibrate", cl::init(""),
    cl::desc("Measure the GPU and write a machine profile (the format of "
             "machines/*.json) to this file instead of running anything"),
    cl::value_desc("machine.json"));
static cl::opt<std::string>
    backend("backend", cl::init("cpu"),
            cl::desc("Where to run: cpu (the reference kernels) or, for an "
                     "artifact, cuda"));
static cl::opt<std::string>
    inputsDir("inputs", cl::init(""),
              cl::desc("Directory with argI.npy (required for a module; an "
                       "artifact runs on zeros without it)"));
static cl::opt<std::string>
    outputsDir("outputs", cl::init(""),
               cl::desc("Directory to write resultI.npy"));
static cl::opt<std::string> expectDir(
    "expect", cl::init(""),
    cl::desc("Directory with the expected resultI.npy to compare against"));
static cl::opt<double>
    rtol("rtol", cl::init(1e-5),
         cl::desc("Largest relative error ||out-ref||/||ref|| "
                  "accepted for float results"));
static cl::opt<std::string> entry("entry", cl::init(""),
                                  cl::desc("Function to run (default: main, or "
                                           "the only public function)"));

// Artifact runs only.
static cl::opt<int64_t> steps("steps", cl::init(1),
                              cl::desc("Artifact: timed steps"));
static cl::opt<int64_t> warmup("warmup", cl::init(0),
                               cl::desc("Artifact: untimed steps before them"));
static cl::opt<bool>
    noGraphs("no-graphs", cl::init(false),
             cl::desc("Artifact: do not capture the step as a CUDA graph"));
static cl::opt<std::string>
    reportPath("report", cl::init(""),
               cl::desc("Artifact: write what the run measured as JSON"));
static cl::opt<bool> verbose("verbose", cl::init(false),
                             cl::desc("Artifact: print progress on stderr"));

/// An artifact directory goes to the runtime, as in the runtime-only build.
static int runArtifact() {
  rt::ArtifactCommand command;
  command.backend = backend;
  command.artifactDir = inputFile;
  command.inputsDir = inputsDir;
  command.outputsDir = outputsDir;
  command.expectDir = expectDir;
  command.rtol = rtol;
  command.reportPath = reportPath;
  command.calibratePath = calibratePath;
  if (steps < 0 || warmup < 0) {
    llvm::errs() << "strata-run: --steps and --warmup must not be negative\n";
    return 2;
  }
  command.run.steps = steps;
  command.run.warmupSteps = warmup;
  command.run.useGraphs = !noGraphs;
  command.run.verbose = verbose;
  return rt::runArtifactCommand(command);
}

static std::string npyPath(StringRef dir, StringRef stem, size_t index) {
  llvm::SmallString<128> path(dir);
  llvm::sys::path::append(path, (stem + llvm::Twine(index) + ".npy").str());
  return std::string(path);
}



int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(argc, argv, "Strata executor\n");
  if (!calibratePath.empty() || llvm::sys::fs::is_directory(inputFile))
    return runArtifact();
  if (inputFile.empty()) {
    llvm::errs() << "strata-run: no module or artifact directory given\n";
    return 2;
  }
  if (inputsDir.empty()) {
    llvm::errs() << "strata-run: " << inputFile
                 << ": a module needs --inputs DIR (argI.npy)\n";
    return 1;
  }
  if (backend != "cpu") {
    llvm::errs() << "strata-run: backend '" << backend
                 << "' is not available in this build; use --backend=cpu\n";
    return 1;
  }

  MLIRContext context;
  context.loadDialect<mlir::strata::StrataDialect, func::FuncDialect,
                      scf::SCFDialect, tensor::TensorDialect,
                      arith::ArithDialect>();
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  std::string error;
  auto file = openInputFile(inputFile, &error);
  if (!file) {
    llvm::errs() << "strata-run: " << error << "\n";
    return 1;
  }
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 1;
  func::FuncOp func = mlir::strata::findEntryFunction(*module, entry);
  if (!func) {
    llvm::errs() << "strata-run: " << inputFile << ": no entry function "
                 << (entry.empty() ? std::string("(main, or a single public "
                                                 "function)")
                                   : "'" + entry + "'")
                 << "\n";
    return 1;
  }

  std::vector<rt::HostTensor> arguments;
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    std::string path = npyPath(inputsDir, "arg", i);
    rt::StatusOr<rt::HostTensor> tensor = rt::readNpy(path);
    if (!tensor.ok()) {
      llvm::errs() << "strata-run: argument " << i << ": ";
      // Weights an ONNX import could not read have no data to fall back on:
      // say which weight the user must supply.
      if (auto weight =
              func.getArgAttrOfType<StringAttr>(i, "strata.absent_weight"))
        llvm::errs() << "weight '" << weight.getValue()
                     << "' was absent from the imported model (its external "
                        "data file was missing) and must be supplied: ";
      llvm::errs() << tensor.status().message() << "\n";
      return 1;
    }
    arguments.push_back(std::move(tensor.value()));
  }

  mlir::strata::InterpreterStats stats;
  auto start = std::chrono::steady_clock::now();
  FailureOr<std::vector<rt::HostTensor>> results =
      mlir::strata::interpret(func, arguments, &stats);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  if (failed(results))
    return 1;
  llvm::outs() << llvm::formatv("executed {0} ops of @{1} on {2} in {3:F3} s; "
                                "peak live {4} bytes\n",
                                stats.opsExecuted, func.getSymName(), backend,
                                seconds, stats.peakLiveBytes);

  if (!outputsDir.empty()) {
    if (std::error_code ec = llvm::sys::fs::create_directories(outputsDir)) {
      llvm::errs() << "strata-run: cannot create '" << outputsDir
                   << "': " << ec.message() << "\n";
      return 1;
    }
    for (auto [index, result] : llvm::enumerate(*results)) {
      rt::Status status =
          rt::writeNpy(npyPath(outputsDir, "result", index), result);
      if (!status.ok()) {
        llvm::errs() << "strata-run: " << status.message() << "\n";
        return 1;
      }
    }
  }

  if (expectDir.empty())
    return 0;
  int mismatches = 0;
  for (auto [index, result] : llvm::enumerate(*results)) {
    std::string path = npyPath(expectDir, "result", index);
    rt::StatusOr<rt::HostTensor> expected = rt::readNpy(path);
    if (!expected.ok()) {
      llvm::errs() << "strata-run: " << expected.status().message() << "\n";
      return 1;
    }
    if (expected->shape() != result.shape() ||
        expected->dtype() != result.dtype()) {
      llvm::outs() << llvm::formatv(
          "result {0}: MISMATCH: got {1}, expected {2}\n", index,
          result.describe(), expected->describe());
      ++mismatches;
      continue;
    }
    bool exact = !rt::isFloatDType(result.dtype());
    double err = exact ? (result.bitwiseEquals(*expected) ? 0.0 : INFINITY)
                       : rt::relativeError(result, *expected);
    bool ok = exact ? err == 0 : err <= rtol;
    mismatches += !ok;
    llvm::outs() << llvm::formatv("result {0}: {1} {2} relative error {3:E2}\n",
                                  index, result.describe(),
                                  ok ? "ok" : "MISMATCH", err);
  }
  llvm::outs() << llvm::formatv("{0} passed, {1} failed\n",
                                results->size() - mismatches, mismatches);
  return mismatches ? 1 : 0;
}
