//===- ByteSize.cpp - Sizes as people write them --------------------------===//

#include "passes/planner/ByteSize.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

std::optional<int64_t> mlir::strata::parseByteSize(llvm::StringRef text) {
  text = text.trim();
  size_t unitStart = text.find_first_not_of("0123456789.");
  llvm::StringRef number = text.substr(0, unitStart);
  llvm::StringRef unit =
      unitStart == llvm::StringRef::npos ? "" : text.substr(unitStart).trim();
  double value;
  if (number.empty() || number.getAsDouble(value))
    return std::nullopt;
  double scale = llvm::StringSwitch<double>(unit)
                     .Cases("", "B", 1)
                     .Cases("kB", "KB", 1e3)
                     .Case("MB", 1e6)
                     .Case("GB", 1e9)
                     .Case("TB", 1e12)
                     .Cases("KiB", "kiB", 1024.0)
                     .Case("MiB", 1024.0 * 1024)
                     .Case("GiB", 1024.0 * 1024 * 1024)
                     .Case("TiB", 1024.0 * 1024 * 1024 * 1024)
                     .Default(-1);
  if (scale < 0)
    return std::nullopt;
  return static_cast<int64_t>(std::llround(value * scale));
}

std::string mlir::strata::formatByteSize(int64_t bytes) {
  const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  unsigned unit = 0;
  while (std::abs(value) >= 1024 && unit + 1 < std::size(units)) {
    value /= 1024;
    ++unit;
  }
  if (unit == 0)
    return llvm::formatv("{0} B", bytes).str();
  return llvm::formatv("{0:f2} {1}", value, units[unit]).str();
}
