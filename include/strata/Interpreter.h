//===- Interpreter.h - Execute strata IR on the CPU reference kernels -----===//
//
// The reference executor: runs a function of strata ops op by op on the
// runtime's CPU kernels. Memory-plan ops keep their meaning: a freed tensor
// cannot be read again, a prefetched one only after a wait on its token, an
// offloaded copy lives apart from the original. This is what proves, in
// every CI run, that a planned program computes what the unplanned one does.

#ifndef STRATA_INTERPRETER_H
#define STRATA_INTERPRETER_H

#include "strata-runtime/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"

#include <vector>

namespace mlir::strata {

/// What an execution measured besides its results.
struct InterpreterStats {
  int64_t opsExecuted = 0;
  /// Largest bytes of HBM tensors alive at once, as the interpreter held
  /// them (values die at their last use).
  int64_t peakLiveBytes = 0;
};

/// The function a tool runs or compiles: `name` when given, else `main`,
/// else the only public function with a body; null when there is none (or
/// several public ones and no `main`).
func::FuncOp findEntryFunction(ModuleOp module, StringRef name = {});

/// Runs `func` on `arguments` (one per function argument, in order) and
/// returns its results. Errors are reported as diagnostics at the op that
/// failed, and the call fails.
FailureOr<std::vector<::strata::rt::HostTensor>>
interpret(func::FuncOp func, ArrayRef<::strata::rt::HostTensor> arguments,
          InterpreterStats *stats = nullptr);

} // namespace mlir::strata

#endif // STRATA_INTERPRETER_H
