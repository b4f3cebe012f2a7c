//===- OpRecords.h - Graph ops as the runtime's op records ------*- C++ -*-===//
//
// The bridge from strata graph ops to the runtime's OpRecord
// (strata-runtime/Artifact.h): the form in which an artifact's compute steps
// carry their reference semantics, and in which the interpreter hands each
// graph op to the runtime's one dispatch (evaluateOpRecord). The conversion
// is generic: the op's mnemonic, its result types and every inherent
// attribute under its ODS name; only a constant's value needs care.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_OPRECORDS_H
#define STRATA_OPRECORDS_H

#include "strata-runtime/Artifact.h"

#include "mlir/IR/Operation.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace mlir::strata {

/// The runtime's element type for `type`, or failure for types it has no
/// storage for (f8, i4, index, ...).
FailureOr<::strata::rt::DType> toRuntimeDType(Type type);

/// Whether `op` is a graph op, which toOpRecord can express: a pure,
/// region-free op of the strata dialect (memory ops and collectives have
/// effects; fusion and recompute have bodies).
bool isGraphOp(Operation *op);

/// Appends non-splat constant bytes to the artifact's constants; returns
/// their offset.
using ConstantSink = llvm::function_ref<int64_t(llvm::ArrayRef<char>)>;

/// One graph op (a pure, region-free strata op: any op of
/// dialects/strata/StrataGraphOps.td but strata.fusion) as an rt::OpRecord:
/// `op` is the mnemonic without the dialect prefix, `operands` the value
/// numbers that `valueNumber` gives, `results` the dtype and shape of each
/// result, and `attributes` every inherent attribute under its ODS name
/// (integers and enums as JSON integers, floats as numbers, dense arrays and
/// array attributes as arrays, unit and bool attributes as booleans). A
/// constant's `value` is {"splat": number} or, through `constants`,
/// {"data_offset": N, "bytes": B} with the elements' raw little-endian bytes
/// in row-major order (i1: one byte per element). Non-finite floats are the
/// strings "nan", "inf" and "-inf". Discardable attributes are left out.
/// Emits an error on the op and fails for ops it cannot express.
FailureOr<::strata::rt::OpRecord>
toOpRecord(Operation *op, llvm::function_ref<int64_t(Value)> valueNumber,
           ConstantSink constants);

} // namespace mlir::strata

#endif // STRATA_OPRECORDS_H
