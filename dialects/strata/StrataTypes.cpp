//===- StrataTypes.cpp - Types of the strata dialect ----------------------===//

#include "dialects/strata/StrataDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::strata;

#define GET_TYPEDEF_CLASSES
#include "dialects/strata/StrataTypes.cpp.inc"

void StrataDialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "dialects/strata/StrataTypes.cpp.inc"
      >();
}
