//===- Npy.h - Reading and writing numpy .npy files -------------*- C++ -*-===//
//
// Golden inputs and outputs are exchanged with JAX and numpy as .npy files
// (format versions 1.0, 2.0 and 3.0, little-endian, C order). Every malformed
// or truncated file is reported as an error naming the file; none crashes.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_NPY_H
#define STRATA_RUNTIME_NPY_H

#include "strata-runtime/Status.h"
#include "strata-runtime/Tensor.h"

#include <cstddef>
#include <string>

namespace strata::rt {

/// Reads a .npy file. bfloat16 arrays (as ml_dtypes saves them, descr '<V2',
/// or spelled 'bfloat16') are read as DType::bf16.
StatusOr<HostTensor> readNpy(const std::string &path);

/// Parses .npy bytes already in memory; `name` only appears in messages.
StatusOr<HostTensor> parseNpy(const void *data, size_t size,
                              const std::string &name);

/// Writes `tensor` as a version 1.0 .npy file (2.0 if the header needs it).
Status writeNpy(const std::string &path, const HostTensor &tensor);

/// The bytes writeNpy would write.
std::string serializeNpy(const HostTensor &tensor);

/// The numpy descr writeNpy uses for a dtype ('<f4', '|b1', '<V2' for bf16).
const char *npyDescr(DType dtype);

} // namespace strata::rt

#endif // STRATA_RUNTIME_NPY_H
