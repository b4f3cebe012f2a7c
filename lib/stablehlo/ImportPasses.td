//===- ImportPasses.td - StableHLO to strata ----------------*- tablegen -*-===//

#ifndef STRATA_STABLEHLO_IMPORTPASSES_TD
#define STRATA_STABLEHLO_IMPORTPASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertStablehloToStrataPass
    : Pass<"strata-convert-stablehlo", "mlir::ModuleOp"> {
  let summary = "Convert StableHLO ops to strata graph ops";
  let description = [{
    Rewrites every op of the `stablehlo` input dialect into strata graph ops
    of the same meaning, and records JAX's donated arguments
    (`tf.aliasing_output`) as `strata.donated`, which the memory planner
    reuses. Reductions and scatters whose bodies are a single combiner
    (add, multiply, maximum, minimum, and, or) become `strata.reduce` /
    `strata.scatter` with that combiner; a reduction whose initial value is
    not the combiner's identity also combines the result with it.

    The pass fails, with a diagnostic at the op, on any op it cannot
    convert: ops outside the supported set, multi-operand reductions,
    reduction bodies that are not a single combiner, unsigned comparisons,
    and `custom_call` (named by its target). Control flow becomes upstream
    `scf` on tensors: `while` an `scf.while` whose condition extracts the
    predicate with `tensor.extract`, `case` an `scf.index_switch` whose last
    branch is the default (StableHLO runs it for out-of-range indices). It
    leaves `func.call` alone:
    the importer inlines the private functions that JAX emits afterwards.
  }];
  let statistics = [
    Statistic<"numConverted", "ops-converted", "StableHLO ops converted">,
  ];
  let dependentDialects = ["::mlir::strata::StrataDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect"];
}

#endif // STRATA_STABLEHLO_IMPORTPASSES_TD
