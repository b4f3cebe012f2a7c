//===- Reference.h - Op records on the reference kernels --------*- C++ -*-===//
//
// The runtime's one dispatch from graph ops to the CPU reference kernels:
// an OpRecord (strata-runtime/Artifact.h) names the op by its mnemonic and
// carries its attributes under their ODS names, and evaluateOpRecord maps it
// onto the kernels of Kernels.h with the semantics of the strata graph op of
// that name. The MLIR interpreter runs every graph op through it, and the CPU
// backend runs every compute step's reference program through it, so the two
// cannot drift apart.
//
// Records come from files, so nothing here trusts them: a missing or
// mistyped attribute, a wrong operand count or a result that differs from
// the record's declared type is an error naming the op, never a crash.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_REFERENCE_H
#define STRATA_RUNTIME_REFERENCE_H

#include "strata-runtime/Artifact.h"
#include "strata-runtime/Status.h"
#include "strata-runtime/Tensor.h"

#include <vector>

namespace strata::rt {

/// Runs one op record on host tensors with the reference kernels and returns
/// its results, each checked against the record's declared dtype and shape.
/// `operands` are the op's operands in order (the record's value numbers are
/// not consulted, only their count). `constants` is constants.bin's bytes
/// (may be empty when no constant refers to it).
StatusOr<std::vector<HostTensor>>
evaluateOpRecord(const OpRecord &op,
                 const std::vector<const HostTensor *> &operands,
                 const std::vector<char> &constants);

/// Runs a reference program on its inputs (values 0 .. inputs.size()-1);
/// returns the values that `program.results` names, in order.
StatusOr<std::vector<HostTensor>>
evaluateReference(const ReferenceProgram &program,
                  const std::vector<const HostTensor *> &inputs,
                  const std::vector<char> &constants);

/// The mnemonics evaluateOpRecord knows, for validation and documentation.
const std::vector<std::string> &referenceOpNames();

} // namespace strata::rt

#endif // STRATA_RUNTIME_REFERENCE_H
