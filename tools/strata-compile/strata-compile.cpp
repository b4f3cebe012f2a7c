//===- strata-compile.cpp - Model in, memory-planned program out ----------===//
//
//   strata-compile MODEL --budget 8GiB [--machine machines/h100-sxm.json]
//       [--planner=mip|heuristic|NAME] [--time-limit 30] [--report report.json]
//       [-o OUT.mlir]
//
// MODEL is an ONNX model (.onnx, with --input-shape for dynamic inputs), a
// StableHLO module (as JAX prints it, either spelling) or strata IR. The
// pipeline: import, fuse, plan memory, materialize the plan, allocate,
// verify. Progress goes to stderr, the summary to stdout, the program to
// -o only when every stage (the verifier included) succeeded.

#include "dialects/strata/StrataDialect.h"
#include "passes/Passes.h"
#include "passes/planner/BufferLiveness.h"
#include "passes/planner/ByteSize.h"
#include "passes/planner/PlanAttributes.h"
#include "strata/Codegen.h"
#include "strata/Import.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

#include <chrono>

using namespace mlir;
namespace cl = llvm::cl;

/// The driver's own options; --help hides the rest of LLVM's.
static cl::OptionCategory compileOptions("strata-compile options");

static cl::opt<std::string>
    inputFile(cl::Positional, cl::Required,
              cl::cat(compileOptions), cl::desc("<model: .onnx, or StableHLO or strata .mlir>"));
static cl::opt<std::string>
    outputFile("o", cl::init(""),
               cl::cat(compileOptions), cl::desc("Where to write the result: a .mlir file gets the "
                        "planned program; any other path is a directory "
                        "that gets the executable artifact (plan.json, "
                        "kernels.ptx, constants.bin; docs/artifact.md)"),
               cl::value_desc("file.mlir | directory"));
static cl::opt<std::string> runtimeReserve(
    "runtime-reserve", cl::init(""), cl::value_desc("size"),
    cl::cat(compileOptions), cl::desc("With an artifact: HBM left to the runtime beside the "
             "arena (cuBLASLt's 32 MiB workspace, the loaded kernels, the "
             "CUDA graph; 50-130 MiB measured on GPT-2), so that the "
             "measured peak stays within --budget. Default: 128 MiB for "
             "budgets of 2 GiB and more, none below"));
static cl::opt<std::string> chip("chip", cl::init("sm_90"),
                                 cl::cat(compileOptions), cl::desc("PTX target of the artifact's "
                                          "kernels"));
static cl::opt<std::string> gemmPrecision(
    "gemm-precision", cl::init("tf32"),
    cl::cat(compileOptions), cl::desc("f32 matrix products in the artifact: tf32 (tensor cores, f32 "
             "accumulation, as XLA does by default) or f32 (exact)"));
static cl::opt<std::string>
    budget("budget", cl::init(""), cl::cat(compileOptions),
           cl::desc("HBM budget: a size (8GiB, 512MiB, bytes), a share of "
                    "the activation peak (25%) or min (the arena of the "
                    "plan with the smallest peak the heuristics reach); "
                    "default: the machine's HBM"));
static cl::opt<std::string> machine("machine", cl::init(""),
                                    cl::cat(compileOptions), cl::desc("Machine profile (JSON); default: "
                                             "the built-in H100 profile"));
static cl::opt<std::string> planner("planner", cl::init("mip"),
                                    cl::cat(compileOptions), cl::desc("mip (CBC, seeded by the "
                                             "heuristics), heuristic (the best "
                                             "heuristic plan), or one "
                                             "heuristic alone: greedy, "
                                             "greedy-recompute, greedy-offload, "
                                             "checkpoint-layers, "
                                             "checkpoint-sqrt"));
static cl::opt<double> timeLimit(
    "time-limit", cl::init(30.0), cl::cat(compileOptions),
    cl::desc("Seconds planning may take, all planning rounds together (the MIP "
             "gets what the heuristics leave)"));
static cl::opt<unsigned>
    maxRecomputeDepth("max-recompute-depth", cl::init(6),
                      cl::cat(compileOptions), cl::desc("How many producers deep a recomputation "
                               "may reach"));
static cl::opt<bool> donateArguments(
    "donate-arguments", cl::init(false),
    cl::cat(compileOptions), cl::desc("Treat every argument as donated (a training loop that "
             "replaces its state each step)"));
static cl::opt<bool> tileForMemory(
    "tile-for-memory", cl::init(true), cl::cat(compileOptions),
    cl::desc("Below the unconstrained peak, also plan the program with the "
             "ops around its largest tensors run in chunks (the logits and "
             "their gradient), and keep that version when it plans faster "
             "or smaller. Chunked sums round differently from whole ones: "
             "--tile-for-memory=false for results bit-identical to the "
             "unplanned program"));
static cl::opt<bool> rebuildSoftmaxExponentials(
    "rebuild-softmax-exponentials", cl::init(true), cl::cat(compileOptions),
    cl::desc("Let a softmax's backward rebuild its exponentials from the "
             "probabilities (p * row sum), so that the step keeps one "
             "softmax-sized tensor instead of two; the gradients then differ "
             "from the program's by a few units in the last place"));
static cl::opt<std::string> reportFile("report", cl::init(""),
                                       cl::cat(compileOptions), cl::desc("Write the summary as JSON"),
                                       cl::value_desc("file"));
static cl::opt<bool> quiet("quiet", cl::init(false),
                           cl::cat(compileOptions), cl::desc("No progress on stderr"));

namespace {

/// Stage timing on stderr.
class Progress {
public:
  void start(StringRef stage) {
    if (!quiet)
      llvm::errs() << "strata-compile: " << stage << "...";
    begin = std::chrono::steady_clock::now();
  }
  void done() {
    if (!quiet)
      llvm::errs() << llvm::formatv(
          " {0:f2} s\n", std::chrono::duration<double>(
                             std::chrono::steady_clock::now() - begin)
                             .count());
  }

private:
  std::chrono::steady_clock::time_point begin;
};

} // namespace

static llvm::cl::list<std::string> inputShapes(
    "input-shape",
    llvm::cl::cat(compileOptions), llvm::cl::desc("ONNX only: static shape for a graph input with dynamic "
                   "dimensions, NAME=8x1024 (repeat, or separate with "
                   "commas)"),
    llvm::cl::value_desc("name=DxD..."), llvm::cl::CommaSeparated);

/// An ONNX model (by its extension), a StableHLO module (by its ops, in
/// either spelling) or strata IR.
static OwningOpRef<ModuleOp> loadModel(llvm::SourceMgr &sourceMgr,
                                       MLIRContext *context) {
  if (StringRef(inputFile).ends_with(".onnx")) {
    mlir::strata::OnnxImportOptions options;
    std::string error;
    if (!mlir::strata::parseOnnxInputShapes(inputShapes, options, error)) {
      emitError(UnknownLoc::get(context)) << error;
      return nullptr;
    }
    OwningOpRef<ModuleOp> module =
        mlir::strata::importOnnx(sourceMgr, context, options);
    return module;
  }
  StringRef text =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID())->getBuffer();
  if (text.contains("stablehlo."))
    return mlir::strata::importStablehlo(sourceMgr, context);
  return parseSourceFile<ModuleOp>(sourceMgr, context);
}

/// Source lines longer than this are not printed under a diagnostic.
constexpr size_t kLongestSourceLine = 300;

static func::FuncOp entryFunction(ModuleOp module) {
  func::FuncOp entry;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isExternal())
      continue;
    if (func.getSymName() == "main")
      return func;
    if (!entry)
      entry = func;
  }
  return entry;
}

/// Replaces the plan summary's entry `name`.
static void setSummaryEntry(func::FuncOp entry, StringRef name,
                            Attribute value) {
  auto summary = entry->getAttrOfType<DictionaryAttr>(
      mlir::strata::planner::kPlanSummaryAttrName);
  if (!summary)
    return;
  NamedAttrList entries(summary);
  entries.set(name, value);
  entry->setAttr(mlir::strata::planner::kPlanSummaryAttrName,
                 entries.getDictionary(entry.getContext()));
}

/// Makes the arena of a plan for `min` its HBM budget: the budget the
/// verifier checks and the summary's `budget_bytes` (with the runtime's
/// reserve on top, as planned).
static void raiseBudgetToArena(func::FuncOp entry, int64_t arena) {
  Builder b(entry.getContext());
  entry->setAttr(mlir::strata::planner::kBudgetAttrName,
                 b.getI64IntegerAttr(arena));
  auto summary = entry->getAttrOfType<DictionaryAttr>(
      mlir::strata::planner::kPlanSummaryAttrName);
  auto reserve =
      summary ? summary.getAs<IntegerAttr>("runtime_reserve_bytes") : nullptr;
  setSummaryEntry(
      entry, "budget_bytes",
      b.getI64IntegerAttr(arena + (reserve ? reserve.getInt() : 0)));
}

/// What each heuristic reached, from the plan summary's `heuristics`:
/// name -> {fits, peak_bytes, step_seconds}.
static llvm::json::Object heuristicsReport(DictionaryAttr summary) {
  llvm::json::Object report;
  auto heuristics =
      summary ? summary.getAs<DictionaryAttr>("heuristics") : DictionaryAttr();
  if (!heuristics)
    return report;
  for (NamedAttribute entry : heuristics) {
    auto result = dyn_cast<DictionaryAttr>(entry.getValue());
    if (!result)
      continue;
    auto fits = result.getAs<BoolAttr>("fits");
    auto peak = result.getAs<IntegerAttr>("peak_bytes");
    auto predicted = result.getAs<IntegerAttr>("predicted_ns");
    report[entry.getName().strref()] = llvm::json::Object{
        {"fits", fits && fits.getValue()},
        {"peak_bytes", peak ? peak.getInt() : 0},
        {"step_seconds", predicted ? predicted.getInt() * 1e-9 : 0.0}};
  }
  return report;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(compileOptions);
  cl::ParseCommandLineOptions(
      argc, argv,
      "Strata: plan a model's memory within a budget and write the "
      "planned program\n");

  // Options are checked before any work, so that a typo does not cost a
  // planning run.
  bool emittingArtifact =
      !outputFile.empty() && !StringRef(outputFile).ends_with(".mlir");
  // An artifact runs beside the runtime's own device memory; -1 is the
  // planner's default reserve.
  int64_t reserveBytes = emittingArtifact ? -1 : 0;
  if (emittingArtifact) {
    if (llvm::sys::fs::exists(outputFile) &&
        !llvm::sys::fs::is_directory(outputFile)) {
      llvm::errs() << "strata-compile: -o " << outputFile
                   << ": an artifact is a directory, and this is a file; "
                      "name a .mlir file for the planned program alone\n";
      return 1;
    }
    if (gemmPrecision != "tf32" && gemmPrecision != "f32") {
      llvm::errs() << "strata-compile: --gemm-precision must be tf32 or f32, "
                      "not '"
                   << gemmPrecision << "'\n";
      return 1;
    }
    if (!runtimeReserve.empty()) {
      std::optional<int64_t> bytes =
          mlir::strata::parseByteSize(runtimeReserve);
      if (!bytes) {
        llvm::errs() << "strata-compile: --runtime-reserve: '"
                     << runtimeReserve
                     << "' is not a size (96MiB, 0, a byte count)\n";
        return 1;
      }
      reserveBytes = *bytes;
    }
  }

  DialectRegistry registry;
  registry.insert<mlir::strata::StrataDialect, func::FuncDialect,
                  arith::ArithDialect, tensor::TensorDialect,
                  scf::SCFDialect>();
  mlir::strata::registerStablehloImport(registry);
  mlir::strata::registerOnnxImport(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  // Diagnostics name the op's location; printing a whole planned function
  // with each one would bury them.
  context.printOpOnDiagnostic(false);

  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> input =
      openInputFile(inputFile, &error);
  if (!input) {
    llvm::errs() << "strata-compile: " << error << "\n";
    return 1;
  }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(input), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  // A function's location is its signature, which for a model's entry
  // lists every parameter on one line: a diagnostic there (an infeasible
  // budget) names the place without printing the line.
  ScopedDiagnosticHandler longLines(&context, [&](Diagnostic &diag) {
    auto fileLoc = dyn_cast<FileLineColLoc>(diag.getLocation());
    if (!fileLoc || diag.getNotes().begin() != diag.getNotes().end())
      return failure();
    unsigned buffer = sourceMgr.getMainFileID();
    StringRef text = sourceMgr.getMemoryBuffer(buffer)->getBuffer();
    llvm::SMLoc start =
        sourceMgr.FindLocForLineAndColumn(buffer, fileLoc.getLine(), 1);
    if (!start.isValid())
      return failure();
    StringRef line = text.substr(start.getPointer() - text.data());
    if (line.find('\n') < kLongestSourceLine)
      return failure();
    diagnostics.emitDiagnostic(fileLoc, diag.str(), diag.getSeverity(),
                               /*displaySourceLine=*/false);
    return success();
  });

  Progress progress;
  progress.start("importing " + inputFile);
  OwningOpRef<ModuleOp> module = loadModel(sourceMgr, &context);
  if (!module) {
    llvm::errs() << "\nstrata-compile: could not import " << inputFile << "\n";
    return 1;
  }
  progress.done();
  func::FuncOp entry = entryFunction(*module);
  if (!entry) {
    llvm::errs() << "strata-compile: " << inputFile
                 << " has no function with a body to compile\n";
    return 1;
  }

  auto runStage = [&](ModuleOp target, StringRef stage, auto populate) {
    progress.start(stage);
    PassManager pm(&context);
    populate(pm);
    if (failed(pm.run(target))) {
      llvm::errs() << "\nstrata-compile: " << stage << " failed\n";
      return false;
    }
    progress.done();
    return true;
  };
  if (!runStage(*module, "fusing", [&](PassManager &pm) {
        // Tensor-core friendly matrix products, then folds, dead code and
        // the graph ops' canonical forms (pads of pads among them), so that
        // fusion and the planner see each value computed once.
        pm.addNestedPass<func::FuncOp>(
            mlir::strata::createPadContractionsPass());
        pm.addPass(mlir::createCanonicalizerPass());
        if (rebuildSoftmaxExponentials)
          pm.addNestedPass<func::FuncOp>(
              mlir::strata::createRebuildSoftmaxExponentialsPass());
        pm.addNestedPass<func::FuncOp>(mlir::strata::createFusePass());
      }))
    return 1;

  // The planner fits its plans to an estimate of the allocator's arena;
  // where the allocated arena still overshoots the budget, the next round
  // leaves that much of the budget unplanned, and a little more.
  mlir::strata::PlanMemoryPassOptions planOptions;
  planOptions.budget = budget;
  planOptions.machinePath = machine;
  planOptions.planner = planner;
  planOptions.timeLimit = timeLimit;
  planOptions.maxRecomputeDepth = maxRecomputeDepth;
  planOptions.donateArguments = donateArguments;
  planOptions.tileForMemory = tileForMemory;
  planOptions.headroom = 0.0;
  planOptions.runtimeReserve = reserveBytes;
  OwningOpRef<ModuleOp> planned;
  int64_t userBudget = -1;
  constexpr int kMaxAttempts = 4;
  bool smallestBudget = StringRef(budget).trim() == "min";
  auto planningStarted = std::chrono::steady_clock::now();
  bool heuristicsOnly = false;
  // What the solver did in the round that switched to the heuristics.
  std::string firstSolverStatus;
  FloatAttr firstSolverSeconds;
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    planned = module->clone();
    if (!runStage(*planned, "planning memory", [&](PassManager &pm) {
          pm.addPass(mlir::strata::createPlanMemoryPass(planOptions));
        }))
      return 1;
    func::FuncOp plannedEntry = entryFunction(*planned);
    // The arena's budget: the user's less the runtime's reserve.
    userBudget = plannedEntry
                     ->getAttrOfType<IntegerAttr>(
                         mlir::strata::planner::kBudgetAttrName)
                     .getInt();
    if (!runStage(*planned, "materializing and allocating",
                  [](PassManager &pm) {
                    pm.addNestedPass<func::FuncOp>(
                        mlir::strata::createMaterializePlanPass());
                    pm.addNestedPass<func::FuncOp>(
                        mlir::strata::createAllocatePass());
                  }))
      return 1;
    auto arenas = plannedEntry->getAttrOfType<DictionaryAttr>(
        mlir::strata::kArenaAttrName);
    auto hbm = arenas ? arenas.getAs<IntegerAttr>("hbm") : IntegerAttr();
    int64_t arena = hbm ? hbm.getInt() : 0;
    if (arena <= userBudget)
      break;
    if (smallestBudget) {
      // `min` asks for the smallest budget the plan runs in: its arena,
      // which fragmentation makes larger than the peak it was planned for.
      // Planning again with more headroom would find the same plan.
      raiseBudgetToArena(plannedEntry, arena);
      break;
    }
    if (attempt == kMaxAttempts) {
      llvm::errs() << "strata-compile: the allocator needs "
                   << mlir::strata::formatByteSize(arena) << " for a plan of "
                   << mlir::strata::formatByteSize(userBudget) << " after "
                   << kMaxAttempts << " attempts; ask for a smaller budget\n";
      return 1;
    }
    planOptions.headroom +=
        static_cast<double>(arena - userBudget) / userBudget + 0.005;
    // The next round plans the version this one chose, tiled or not,
    // without weighing the others again.
    if (auto summary = plannedEntry->getAttrOfType<DictionaryAttr>(
            mlir::strata::planner::kPlanSummaryAttrName)) {
      auto groups = summary.getAs<IntegerAttr>("tiled_groups");
      auto chunks = summary.getAs<IntegerAttr>("tiled_chunks");
      if (groups && chunks && groups.getInt() > 0)
        planOptions.tileChunks = chunks.getInt();
      else
        planOptions.tileForMemory = false;
      // The rounds share the time limit. The solver's search runs again
      // only where it improved on the heuristics in this round (a budget a
      // few percent lower rarely changes that, and the heuristics alone
      // take a few seconds), or where no heuristic plan fits.
      auto chosen = summary.getAs<StringAttr>("planner");
      if (planOptions.planner == "mip" && planOptions.improve && chosen &&
          !chosen.getValue().starts_with("mip")) {
        planOptions.improve = false;
        heuristicsOnly = true;
        if (auto status = summary.getAs<StringAttr>("solver_status"))
          firstSolverStatus = status.str();
        firstSolverSeconds = summary.getAs<FloatAttr>("solver_seconds");
      }
      double elapsed = std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - planningStarted)
                           .count();
      planOptions.timeLimit = std::max(1.0, timeLimit - elapsed);
    }
    if (!quiet)
      llvm::errs() << "strata-compile: the arena needs "
                   << mlir::strata::formatByteSize(arena)
                   << " with fragmentation; planning again with "
                   << llvm::formatv("{0:f1}", planOptions.headroom * 100)
                   << "% of the budget left as headroom"
                   << (heuristicsOnly ? ", the solver only if no heuristic "
                                        "plan fits (the first round chose "
                                        "a heuristic's plan)"
                                      : "")
                   << "\n";
  }
  module = std::move(planned);
  entry = entryFunction(*module);
  // Where the last round did not run the solver, what it did in the
  // first is what the report can say.
  auto finalSummary = entry->getAttrOfType<DictionaryAttr>(
      mlir::strata::planner::kPlanSummaryAttrName);
  auto finalStatus =
      finalSummary ? finalSummary.getAs<StringAttr>("solver_status")
                   : StringAttr();
  if (heuristicsOnly && finalStatus &&
      finalStatus.getValue() == mlir::strata::planner::kSolverNotAskedStatus) {
    setSummaryEntry(
        entry, "solver_status",
        StringAttr::get(&context, firstSolverStatus +
                                      " in the first round (later rounds "
                                      "ran the heuristics alone)"));
    if (firstSolverSeconds)
      setSummaryEntry(entry, "solver_seconds", firstSolverSeconds);
  }
  if (!runStage(*module, "verifying the plan", [](PassManager &pm) {
        pm.addNestedPass<func::FuncOp>(mlir::strata::createVerifyPlanPass());
      })) {
    llvm::errs() << "strata-compile: the planned program failed "
                    "verification; this is a compiler bug, nothing was "
                    "written\n";
    return 1;
  }

  auto summary = entry->getAttrOfType<DictionaryAttr>(
      mlir::strata::planner::kPlanSummaryAttrName);
  auto integer = [&](StringRef name) -> int64_t {
    auto attr = summary ? summary.getAs<IntegerAttr>(name) : IntegerAttr();
    return attr ? attr.getInt() : 0;
  };
  auto real = [&](StringRef name) -> double {
    auto attr = summary ? summary.getAs<FloatAttr>(name) : FloatAttr();
    return attr ? attr.getValueAsDouble() : 0;
  };
  auto text = [&](StringRef name) -> std::string {
    auto attr = summary ? summary.getAs<StringAttr>(name) : StringAttr();
    return attr ? attr.str() : "";
  };
  auto arenaBytes = [&](StringRef tier) -> int64_t {
    auto arenas =
        entry->getAttrOfType<DictionaryAttr>(mlir::strata::kArenaAttrName);
    auto attr = arenas ? arenas.getAs<IntegerAttr>(tier) : IntegerAttr();
    return attr ? attr.getInt() : 0;
  };
  double predicted = integer("predicted_ns") * 1e-9;
  double unconstrained = integer("unconstrained_ns") * 1e-9;
  int64_t flops = integer("recompute_flops");
  auto share = [](double part, double whole) {
    return whole > 0 ? 100.0 * part / whole : 0.0;
  };

  llvm::outs() << llvm::formatv(
      "{0} ({1})\n"
      "  unconstrained peak   {2}\n"
      "  budget               {3}{19}\n"
      "  planned peak         hbm {4}, host {5}\n"
      "  recompute            {6} ops, {7:f3} GFLOP, {8:f1}% of the step\n"
      "  transfers            hbm->host {9}, host->hbm {10}\n"
      "  predicted step       {11:f3} ms vs {12:f3} ms unconstrained "
      "(+{13:f2}%)\n"
      "  planner              {14}; solver {15}, gap {16}, {17:f2} s\n"
      "  arena                hbm {18}\n"
      "  verified             yes\n{20}",
      inputFile, entry.getSymName(),
      mlir::strata::formatByteSize(integer("unconstrained_peak_bytes")),
      mlir::strata::formatByteSize(integer("budget_bytes")),
      mlir::strata::formatByteSize(integer("planned_peak_bytes")),
      mlir::strata::formatByteSize(integer("host_bytes")),
      integer("recomputes"), flops * 1e-9,
      share(integer("recompute_ns") * 1e-9, predicted),
      mlir::strata::formatByteSize(integer("d2h_bytes")),
      mlir::strata::formatByteSize(integer("h2d_bytes")), predicted * 1e3,
      unconstrained * 1e3, share(predicted - unconstrained, unconstrained),
      text("planner"), text("solver_status"),
      real("solver_gap") < 0
          ? std::string("n/a")
          : llvm::formatv("{0:f2}%", real("solver_gap") * 100).str(),
      real("solver_seconds"), mlir::strata::formatByteSize(arenaBytes("hbm")),
      " (planned for " +
          mlir::strata::formatByteSize(integer("planning_budget_bytes")) +
          ", leaving room for fragmentation" +
          (integer("runtime_reserve_bytes") > 0
               ? " and " +
                     mlir::strata::formatByteSize(
                         integer("runtime_reserve_bytes")) +
                     " for the runtime"
               : std::string()) +
          ")",
      integer("tiled_groups") > 0
          ? llvm::formatv("  tiled for memory     {0} group{1} of ops run in "
                          "{2} chunks\n",
                          integer("tiled_groups"),
                          integer("tiled_groups") == 1 ? "" : "s",
                          integer("tiled_chunks"))
                .str()
          : std::string());

  if (!reportFile.empty()) {
    llvm::json::Object report{
        {"model", inputFile},
        {"function", entry.getSymName()},
        {"unconstrained_peak_bytes", integer("unconstrained_peak_bytes")},
        {"planned_peak_bytes",
         llvm::json::Object{{"hbm", integer("planned_peak_bytes")},
                            {"host", integer("host_bytes")}}},
        {"budget_bytes", integer("budget_bytes")},
        {"runtime_reserve_bytes", integer("runtime_reserve_bytes")},
        {"planning_budget_bytes", integer("planning_budget_bytes")},
        {"estimated_arena_bytes", integer("estimated_arena_bytes")},
        {"argument_bytes", integer("argument_bytes")},
        {"predicted_step_seconds", predicted},
        {"unconstrained_step_seconds", unconstrained},
        {"recompute_flops", flops},
        {"recompute_seconds", integer("recompute_ns") * 1e-9},
        {"exposed_transfer_seconds", integer("stall_ns") * 1e-9},
        {"transfer_bytes",
         llvm::json::Object{{"hbm->host", integer("d2h_bytes")},
                            {"host->hbm", integer("h2d_bytes")}}},
        {"planner", text("planner")},
        {"tiled_groups", integer("tiled_groups")},
        {"tiled_chunks", integer("tiled_chunks")},
        {"best_heuristic_step_seconds", integer("heuristic_ns") * 1e-9},
        {"lower_bound_step_seconds", integer("lower_bound_ns") * 1e-9},
        {"heuristics", heuristicsReport(summary)},
        {"solver", llvm::json::Object{{"status", text("solver_status")},
                                      {"gap", real("solver_gap") < 0
                                                  ? llvm::json::Value(nullptr)
                                                  : llvm::json::Value(
                                                        real("solver_gap"))},
                                      {"seconds", real("solver_seconds")},
                                      {"columns", integer("mip_columns")},
                                      {"rows", integer("mip_rows")},
                                      {"nonzeros", integer("mip_nonzeros")}}},
        {"problem", llvm::json::Object{{"steps", integer("steps")},
                                       {"tensors", integer("tensors")},
                                       {"points", integer("points")}}},
        {"arena_bytes", llvm::json::Object{{"hbm", arenaBytes("hbm")},
                                           {"host", arenaBytes("host")}}},
        {"verified", true},
    };
    std::unique_ptr<llvm::ToolOutputFile> out =
        openOutputFile(reportFile, &error);
    if (!out) {
      llvm::errs() << "strata-compile: " << error << "\n";
      return 1;
    }
    out->os() << llvm::formatv("{0:2}", llvm::json::Value(std::move(report)))
              << "\n";
    out->keep();
  }

  if (emittingArtifact) {
    mlir::strata::ArtifactOptions options;
    options.chip = chip;
    options.gemmPrecision = gemmPrecision;
    options.model = inputFile;
    options.machine = machine;
    options.verbose = !quiet;
    mlir::strata::ArtifactSummary summary;
    auto started = std::chrono::steady_clock::now();
    if (!quiet)
      llvm::errs() << "strata-compile: generating code...\n";
    if (failed(mlir::strata::emitArtifact(*module, outputFile, options, &summary))) {
      llvm::errs() << "strata-compile: generating code failed; nothing "
                      "usable was written to "
                   << outputFile << "\n";
      return 1;
    }
    llvm::outs() << llvm::formatv(
        "  artifact             {0}: {1} kernels ({2} KiB of PTX for {3}), "
        "{4} library matrix products, {5} generated contractions, {6} "
        "copies, {7} steps, {8:f2} s\n",
        outputFile, summary.kernels, summary.ptxBytes / 1024, chip,
        summary.gemms, summary.fallbackContractions, summary.copies,
        summary.steps,
        std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                      started)
            .count());
    return 0;
  }
  if (!outputFile.empty()) {
    std::unique_ptr<llvm::ToolOutputFile> out =
        openOutputFile(outputFile, &error);
    if (!out) {
      llvm::errs() << "strata-compile: " << error << "\n";
      return 1;
    }
    module->print(out->os());
    out->keep();
  }
  return 0;
}
