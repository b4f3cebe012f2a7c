//===- MachineProfile.h - Machine profiles (JSON) to #strata.machine ------===//
//
// A machine profile is a JSON file (machines/*.json) in human units: bytes,
// GB/s (1e9 bytes per second), TFLOP/s and microseconds. Loading checks every
// field and converts it to the integer units of #strata.machine. The schema
// is documented in machines/README.md.

#ifndef STRATA_MACHINEPROFILE_H
#define STRATA_MACHINEPROFILE_H

#include "dialects/strata/StrataDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

namespace mlir::strata {

/// Parses the text of a machine profile. `bufferName` (usually the file's
/// path) starts every error message, followed by the JSON path of the field
/// at fault.
llvm::Expected<MachineAttr> parseMachineProfile(MLIRContext *context,
                                                llvm::StringRef json,
                                                llvm::StringRef bufferName);

/// Reads and parses a machine profile file.
llvm::Expected<MachineAttr> loadMachineProfile(MLIRContext *context,
                                               llvm::StringRef path);

/// The profile built into the compiler: machines/h100-sxm.json.
MachineAttr getDefaultMachine(MLIRContext *context);

/// The machine a pass should use: the profile at `profilePath` if one is
/// given, else the module's `strata.machine` attribute, else the built-in
/// default. Errors are reported on the module.
FailureOr<MachineAttr> resolveMachine(ModuleOp module,
                                      llvm::StringRef profilePath);

} // namespace mlir::strata

#endif // STRATA_MACHINEPROFILE_H
