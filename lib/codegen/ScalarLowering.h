//===- ScalarLowering.h - Graph-op functions on one element ----*- C++ -*-===//
//
// The per-element arithmetic of the elementwise graph ops (unary, binary,
// compare, convert, reduction combiners) as arith/math ops on scalars, with
// the semantics of the CPU reference kernels (runtime/cpu) wherever the GPU
// has an equivalent: NaN-propagating max/min, C-style remainder, saturating
// float-to-integer conversion.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_LIB_CODEGEN_SCALARLOWERING_H
#define STRATA_LIB_CODEGEN_SCALARLOWERING_H

#include "dialects/strata/StrataOps.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/Builders.h"

namespace mlir::strata::codegen {

/// Kernels see integers as signless; the tensor's element type says whether
/// they are unsigned.
Type toSignless(Type elementType);
bool isUnsignedInteger(Type elementType);

FailureOr<Value> emitUnary(OpBuilder &b, Location loc, UnaryFn fn, Value x,
                           Type tensorElementType);
FailureOr<Value> emitBinary(OpBuilder &b, Location loc, BinaryFn fn, Value x,
                            Value y, Type tensorElementType);
FailureOr<Value> emitCompare(OpBuilder &b, Location loc, CompareDirection fn,
                             Value x, Value y, Type tensorElementType);
FailureOr<Value> emitConvert(OpBuilder &b, Location loc, Value x, Type from,
                             Type to);

/// The identity a reduction starts from, its combiner, and the
/// gpu.all_reduce operation that combines partial results across a block.
Value reductionIdentity(OpBuilder &b, Location loc, ReduceFn fn,
                        Type tensorElementType);
FailureOr<Value> emitCombine(OpBuilder &b, Location loc, ReduceFn fn, Value acc,
                             Value x, Type tensorElementType);
FailureOr<gpu::AllReduceOperation> blockReduction(ReduceFn fn,
                                                  Type tensorElementType);

} // namespace mlir::strata::codegen

#endif // STRATA_LIB_CODEGEN_SCALARLOWERING_H
