//===- KernelEmitter.h - One GPU kernel per fusion group -------*- C++ -*-===//
//
// Builds gpu.func kernels for groups of graph ops: the ops of a strata.fusion
// body, or one op standing alone. The group's inputs are the kernel's first
// arguments (flat memrefs read from memory); the value it yields is written
// through the last argument. Everything between is computed per element in
// registers, by evaluating the group's ops at an index ("elemental" code
// generation, as XLA's GPU backend does): fused broadcasts, transposes,
// reshapes and slices are index arithmetic, never memory.
//
// The launch shape follows the group's root:
//  - elementwise-like roots: one thread per output element;
//  - reduce, softmax, layer_norm, rms_norm: one block of threads per output
//    row, each thread striding over the row and the block combining the
//    partial results with gpu.all_reduce (shuffles and shared memory after
//    lowering), so a long axis is read by the whole block, coalesced;
//  - scatter: a copy of the operand, then one thread per update element
//    combining atomically into the result.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_LIB_CODEGEN_KERNELEMITTER_H
#define STRATA_LIB_CODEGEN_KERNELEMITTER_H

#include "dialects/strata/StrataOps.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"

#include <array>
#include <string>

namespace mlir::strata::codegen {

constexpr int64_t kThreadsPerBlock = 256;

struct KernelLaunch {
  std::string name;
  std::array<int64_t, 3> grid{1, 1, 1};
  std::array<int64_t, 3> block{1, 1, 1};
};

/// Values a kernel reads from memory (its leading arguments, in order) and
/// the value it writes (its last argument). Every other value the result
/// depends on is computed inside the kernel, so it must be defined by graph
/// ops whose operands lead back to `inputs`.
struct KernelGroup {
  SmallVector<Value> inputs;
  Value result;
};

/// The memref a tensor is passed as: flat, its element count long, integers
/// signless, i1 stored as one byte.
MemRefType kernelArgumentType(RankedTensorType type);

class KernelEmitter {
public:
  explicit KernelEmitter(gpu::GPUModuleOp module) : module(module) {}

  /// Appends the kernels that compute `group` (two for scatter, one
  /// otherwise), all taking the same arguments, to be launched in order.
  /// Errors are emitted at `diagnosticOp`.
  FailureOr<SmallVector<KernelLaunch>> emit(const KernelGroup &group,
                                            StringRef baseName,
                                            Operation *diagnosticOp);

private:
  gpu::GPUModuleOp module;
  unsigned nextId = 0;
};

} // namespace mlir::strata::codegen

#endif // STRATA_LIB_CODEGEN_KERNELEMITTER_H
