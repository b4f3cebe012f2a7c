//===- ByteSize.h - Sizes as people write them ----------------------------===//

#ifndef STRATA_PASSES_PLANNER_BYTESIZE_H
#define STRATA_PASSES_PLANNER_BYTESIZE_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>

namespace mlir::strata {

/// Parses `8GiB`, `512MiB`, `1.5GB`, `64kB` or a plain byte count; none for
/// anything else.
std::optional<int64_t> parseByteSize(llvm::StringRef text);

/// `21.0 GiB`, `512.0 MiB`, `37 B`.
std::string formatByteSize(int64_t bytes);

} // namespace mlir::strata

#endif // STRATA_PASSES_PLANNER_BYTESIZE_H
