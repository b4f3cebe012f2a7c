//===- Codegen.h - Planned strata IR to an executable artifact --*- C++ -*-===//
//
// The last stage of the pipeline: a materialized, allocated function (the
// output of --strata-allocate, verified) becomes an artifact directory that
// the runtime executes (docs/artifact.md): plan.json with every buffer at its
// arena offset and the ordered steps on their streams, kernels.ptx with one
// generated kernel per fusion group and standalone op, and constants.bin.
// Contractions whose layouts allow it become cuBLASLt calls.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_CODEGEN_H
#define STRATA_CODEGEN_H

#include "strata-runtime/Artifact.h"

#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace mlir::strata {

struct ArtifactOptions {
  /// The PTX target.
  std::string chip = "sm_90";
  /// "tf32" (tensor cores, f32 accumulation) or "f32" (exact) for f32
  /// matrix products.
  std::string gemmPrecision = "tf32";
  /// Recorded in plan.json: where the model came from, the machine.
  std::string model;
  std::string machine;
  /// Progress on stderr.
  bool verbose = false;
};

struct ArtifactSummary {
  int64_t kernels = 0;
  int64_t gemms = 0;
  /// Contractions the library could not take, run as generated kernels.
  int64_t fallbackContractions = 0;
  int64_t copies = 0;
  int64_t steps = 0;
  int64_t ptxBytes = 0;
  double codegenSeconds = 0;
  double ptxSeconds = 0;
};

/// An artifact in memory: the plan, the PTX of its kernels, the bytes of
/// its constants.
struct BuiltArtifact {
  ::strata::rt::Artifact plan;
  std::string ptx;
  std::vector<char> constants;
};

/// Generates the artifact of `module`'s entry function, which must carry
/// the allocator's offsets. Errors are emitted on the ops that cause them.
FailureOr<BuiltArtifact> buildArtifact(ModuleOp module,
                                       const ArtifactOptions &options,
                                       ArtifactSummary *summary = nullptr);

/// Writes plan.json, kernels.ptx and constants.bin into `directory`
/// (created if absent).
LogicalResult writeArtifactDirectory(const BuiltArtifact &artifact,
                                     StringRef directory, Location loc);

/// Both of the above.
LogicalResult emitArtifact(ModuleOp module, StringRef directory,
                           const ArtifactOptions &options,
                           ArtifactSummary *summary = nullptr);

/// Registers what PTX generation needs (the NVVM target, the LLVM IR
/// translations) in `registry`.
void registerCodegenDialects(DialectRegistry &registry);

} // namespace mlir::strata

#endif // STRATA_CODEGEN_H
