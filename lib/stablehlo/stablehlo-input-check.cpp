//===- stablehlo-input-check.cpp - Parse, verify, count ops ---------------===//
//
// Test driver of the stablehlo input dialect: parses a file with only the
// builtin, func and stablehlo dialects registered (unregistered dialects are
// an error), verifies it, and prints how many ops of each name it holds, or
// with --print the module itself. --time reports parse and verify times.

#include "lib/stablehlo/StablehloInputDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/ToolUtilities.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

#include <chrono>

using namespace mlir;

static llvm::cl::opt<std::string> inputFilename(llvm::cl::Positional,
                                                llvm::cl::desc("<input file>"),
                                                llvm::cl::init("-"));
static llvm::cl::opt<std::string>
    outputFilename("o", llvm::cl::desc("Output file"), llvm::cl::init("-"));
static llvm::cl::opt<bool>
    printModule("print",
                llvm::cl::desc("Print the parsed module instead of op counts"));
static llvm::cl::opt<bool>
    reportTime("time",
               llvm::cl::desc("Report parse and verify times on stderr"));
static llvm::cl::opt<bool> splitInputFile(
    "split-input-file",
    llvm::cl::desc("Process each chunk between '// -----' lines on its own"));
static llvm::cl::opt<bool> verifyDiagnostics(
    "verify-diagnostics",
    llvm::cl::desc("Check diagnostics against expected-* comments"));

using Clock = std::chrono::steady_clock;

static double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Parses, verifies and reports one buffer.
static LogicalResult processBuffer(std::unique_ptr<llvm::MemoryBuffer> buffer,
                                   raw_ostream &os) {
  DialectRegistry registry;
  registry.insert<func::FuncDialect, strata::shlo::StablehloInputDialect>();
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  // As mlir-opt does: expected-error lines name the message, not the op dump.
  context.printOpOnDiagnostic(!verifyDiagnostics);

  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(buffer), SMLoc());
  std::unique_ptr<SourceMgrDiagnosticHandler> handler;
  SourceMgrDiagnosticVerifierHandler *verifier = nullptr;
  if (verifyDiagnostics) {
    auto owned = std::make_unique<SourceMgrDiagnosticVerifierHandler>(sourceMgr,
                                                                      &context);
    verifier = owned.get();
    handler = std::move(owned);
  } else {
    handler = std::make_unique<SourceMgrDiagnosticHandler>(sourceMgr, &context);
  }

  // Verification is timed on its own, so the parser does not run it.
  ParserConfig config(&context, /*verifyAfterParse=*/false);
  Clock::time_point start = Clock::now();
  OwningOpRef<ModuleOp> op = parseSourceFile<ModuleOp>(sourceMgr, config);
  double parseSeconds = secondsSince(start);
  LogicalResult status = success();
  double verifySeconds = 0;
  if (!op) {
    status = failure();
  } else {
    start = Clock::now();
    status = verify(*op);
    verifySeconds = secondsSince(start);
  }
  if (reportTime)
    llvm::errs() << llvm::format("parse: %.3f s, verify: %.3f s\n",
                                 parseSeconds, verifySeconds);

  if (succeeded(status)) {
    if (printModule) {
      op->print(os);
    } else {
      llvm::StringMap<int64_t> counts;
      int64_t total = 0;
      op->walk([&](Operation *nested) {
        ++counts[nested->getName().getStringRef()];
        ++total;
      });
      SmallVector<StringRef> names;
      for (auto &entry : counts)
        names.push_back(entry.getKey());
      llvm::sort(names);
      for (StringRef name : names)
        os << llvm::format("%8lld", static_cast<long long>(counts[name])) << ' '
           << name << '\n';
      os << llvm::format("%8lld", static_cast<long long>(total))
         << " ops in total\n";
    }
  }
  if (verifier)
    return verifier->verify();
  return status;
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  llvm::cl::ParseCommandLineOptions(
      argc, argv,
      "Parse and verify a StableHLO file (pretty or generic spelling)\n");

  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> input =
      openInputFile(inputFilename, &errorMessage);
  if (!input) {
    llvm::errs() << errorMessage << '\n';
    return 1;
  }
  std::unique_ptr<llvm::ToolOutputFile> output =
      openOutputFile(outputFilename, &errorMessage);
  if (!output) {
    llvm::errs() << errorMessage << '\n';
    return 1;
  }

  LogicalResult result =
      splitInputFile
          ? splitAndProcessBuffer(std::move(input), processBuffer, output->os(),
                                  kDefaultSplitMarker, kDefaultSplitMarker)
          : processBuffer(std::move(input), output->os());
  if (failed(result))
    return 1;
  output->keep();
  return 0;
}
