//===- StablehloInputDialect.cpp - Registers the stablehlo dialect --------===//

#include "lib/stablehlo/StablehloInputDialect.h"
#include "lib/stablehlo/StablehloInputOps.h"

using namespace mlir;
using namespace mlir::strata::shlo;

#include "lib/stablehlo/StablehloInputDialect.cpp.inc"

void StablehloInputDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "lib/stablehlo/StablehloInputOps.cpp.inc"
      >();
  registerAttributes();
}
